import { expect } from 'chai';
import { loadRunConfig } from '../load.ts';
import { tempFiles } from '../testing/files.ts';
import { GAME_DAY_KEYS } from './game-day.ts';

const files = tempFiles('sts-chaos-game-day-');
const target = { '--target': 'demo/web' };

describe('the game-day settings (--step, --repeat, --for)', () => {
  it('are off by default: one iteration, no deadline, no operator', () => {
    const cfg = loadRunConfig({ flags: target });
    expect(cfg.guided).to.equal(false);
    expect(cfg.repeat).to.equal(undefined);
    expect(cfg.repeatFor).to.equal(undefined);
  });

  it('come from the flags, the STS_CHAOS_* variables and the config file alike', () => {
    const byFlag = loadRunConfig({ flags: { ...target, '--step': true, '--repeat': '3', '--for': '30m' } });
    const byEnv = loadRunConfig({
      flags: target,
      env: { STS_CHAOS_GUIDED: 'true', STS_CHAOS_REPEAT: '3', STS_CHAOS_REPEAT_FOR: '30m' },
    });
    const byFile = loadRunConfig({
      configFile: files.file('target: demo/web\nguided: true\nrepeat: 3\nrepeatFor: 30m\n'),
    });
    for (const cfg of [byFlag, byEnv, byFile]) {
      expect(cfg.guided).to.equal(true);
      expect(cfg.repeat).to.equal(3);
      expect(cfg.repeatFor?.toString()).to.equal('30m');
    }
  });

  it('refuses a repeat below 1 and a duration that is not one, naming the flag', () => {
    expect(() => loadRunConfig({ flags: { ...target, '--repeat': '0' } })).to.throw(
      /--repeat: 0 is too small \(at least 1\)/,
    );
    expect(() => loadRunConfig({ flags: { ...target, '--for': 'half an hour' } })).to.throw(
      /--for: "half an hour" is not a duration/,
    );
    expect(() => loadRunConfig({ flags: target, env: { STS_CHAOS_GUIDED: 'maybe' } })).to.throw(
      /STS_CHAOS_GUIDED: expected true or false/,
    );
  });

  it('has --step as a switch, --repeat and --for with a value', () => {
    expect(GAME_DAY_KEYS.map((k) => [k.field, k.flag, k.value])).to.deep.equal([
      ['guided', '--step', undefined],
      ['repeat', '--repeat', '<n>'],
      ['repeatFor', '--for', '<duration>'],
    ]);
  });
});
