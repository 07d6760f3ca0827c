import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { ChaosError, ExitCode } from '../errors.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { withSignals } from './signals.ts';
import { cli, fakeEngine } from './testing/harness.ts';

describe('signals', () => {
  it('aborts the run on the first signal, logs the second, and returns what the engine returns', async () => {
    const signals = new EventEmitter();
    let aborted: unknown;
    const { engine } = fakeEngine({
      run: async (_cfg, log: Logger, signal) => {
        setImmediate(() => signals.emit('SIGINT'));
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        aborted = signal.reason;
        signals.emit('SIGTERM'); // while "reverting"
        log.info('every fault reverted');
        return ExitCode.Interrupted;
      },
    });
    const r = await cli(['run', '--target', 'demo/web', '--log-format', 'json'], { engine, signals });
    expect(r.code).to.equal(4);
    expect(aborted).to.be.instanceOf(ChaosError);
    const events = r.stderrLines.map((l) => JSON.parse(l));
    expect(events.map((e) => [e.msg, e.signal])).to.deep.equal([
      ['interrupted, reverting faults', 'SIGINT'],
      [
        'still reverting faults; sts-chaos exits once every fault is reverted (SIGKILL stops it now, then `sts-chaos cleanup` reverts what is left)',
        'SIGTERM',
      ],
      ['every fault reverted', undefined],
    ]);
    expect(signals.listenerCount('SIGINT')).to.equal(0);
    expect(signals.listenerCount('SIGTERM')).to.equal(0);
  });

  it('removes its listeners when the command fails, and aborts with exit code 4', async () => {
    const signals = new EventEmitter();
    let lines = '';
    const log = createLogger({
      format: 'json',
      level: 'info',
      stream: { write: (s: string) => (lines += s) },
    });
    let reason: unknown;
    const failed = withSignals(log, signals, 'cleaning up', async (signal) => {
      signals.emit('SIGTERM');
      reason = signal.reason;
      throw new Error('boom');
    });
    await failed.then(
      () => expect.fail('resolved'),
      (e: Error) => expect(e.message).to.equal('boom'),
    );
    expect(reason).to.be.instanceOf(ChaosError);
    expect((reason as ChaosError).exitCode).to.equal(ExitCode.Interrupted);
    expect(JSON.parse(lines)).to.include({ msg: 'interrupted, cleaning up', signal: 'SIGTERM' });
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).to.equal(0);
  });
});
