import { expect } from 'chai';
import { SIGNALS, signalEffect } from './signals.ts';

/** A /proc/<pid>/status as Linux writes it, with these masks. */
const status = (cgt: string, ign: string, blk = '0000000000000000') =>
  `Name:\tsleep\nState:\tS (sleeping)\nPid:\t1\nSigQ:\t0/95508\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t${blk}\nSigIgn:\t${ign}\nSigCgt:\t${cgt}\n`;

const ZERO16 = '0000000000000000';

describe('signalEffect', () => {
  it('handled when the process catches the signal (SIGTERM is bit 15: 0x4000)', () => {
    expect(signalEffect(status('0000000000004000', '0000000000000000'), SIGNALS.SIGTERM)).to.equal('handled');
    // nginx-like: many signals caught
    expect(signalEffect(status('0000000180014a07', '0000000000001000'), SIGNALS.SIGTERM)).to.equal('handled');
  });

  it('default when neither caught nor ignored: a PID-namespace init drops it', () => {
    expect(signalEffect(status('0000000000000000', '0000000000000000'), SIGNALS.SIGTERM)).to.equal('default');
    expect(signalEffect(status('0000000000000002', '0000000000000000'), SIGNALS.SIGTERM)).to.equal('default');
  });

  it('handled when the process blocks it (the kernel keeps a blocked signal pending, never drops it)', () => {
    expect(signalEffect(status(ZERO16, ZERO16, '0000000000004000'), SIGNALS.SIGTERM)).to.equal('handled');
  });

  it('ignored when SIG_IGN is set for it', () => {
    expect(signalEffect(status('0000000000000000', '0000000000004000'), SIGNALS.SIGTERM)).to.equal('ignored');
  });

  it('never handled for SIGKILL, which cannot be caught', () => {
    expect(signalEffect(status('0000000000004000', '0000000000000000'), SIGNALS.SIGKILL)).to.equal('default');
  });

  it('undefined when the status has no masks', () => {
    expect(signalEffect('Name:\tx\n', SIGNALS.SIGTERM)).to.equal(undefined);
  });
});
