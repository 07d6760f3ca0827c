import { expect } from 'chai';
import { samples, secs, sideText, signedPercent, signedSecs } from './format.ts';

describe('baseline format', () => {
  it('writes seconds with fewer decimals as they grow', () => {
    expect(secs(1210)).to.equal('1.21s');
    expect(secs(0)).to.equal('0.00s');
    expect(secs(12_340)).to.equal('12.3s');
    expect(secs(123_400)).to.equal('123s');
    expect(signedSecs(1740)).to.equal('+1.74s');
    expect(signedSecs(-200)).to.equal('-0.20s');
  });

  it('writes a change as a signed whole percentage', () => {
    expect(signedPercent(1.44)).to.equal('+144%');
    expect(signedPercent(-0.123)).to.equal('-12%');
    expect(signedPercent(0)).to.equal('+0%');
    expect(signedPercent(undefined)).to.equal('n/a');
  });

  it('writes a side as median (range, n)', () => {
    expect(sideText({ n: 3, median: 1210, min: 1100, max: 1300 })).to.equal('1.21s (1.1–1.3, n=3)');
    expect(sideText({ n: 1, median: 2950, min: 2950, max: 2950 })).to.equal('2.95s (n=1)');
  });

  it('counts samples', () => {
    expect(samples(1)).to.equal('1 sample');
    expect(samples(3, 'baseline sample')).to.equal('3 baseline samples');
  });
});
