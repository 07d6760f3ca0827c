import { expect } from 'chai';
import { Duration } from './duration.ts';

describe('Duration', () => {
  it('parses single and compound units', () => {
    expect(Duration.parse('250ms').toMilliseconds()).to.equal(250);
    expect(Duration.parse('90s').toMilliseconds()).to.equal(90_000);
    expect(Duration.parse('3m').toMilliseconds()).to.equal(180_000);
    expect(Duration.parse('1m30s').toMilliseconds()).to.equal(90_000);
    expect(Duration.parse('1h').toSeconds()).to.equal(3600);
  });

  it('rejects what is not a duration, naming the input', () => {
    for (const bad of ['banana', '', '10', '5x', '1m banana', '-3s']) {
      expect(() => Duration.parse(bad), bad).to.throw(RangeError, /is not a duration/);
    }
  });

  it('prints a human form', () => {
    expect(Duration.millis(250).toString()).to.equal('250ms');
    expect(Duration.seconds(2.5).toString()).to.equal('2.5s');
    expect(Duration.seconds(90).toString()).to.equal('1m30s');
    expect(Duration.minutes(3).toString()).to.equal('3m');
  });
});
