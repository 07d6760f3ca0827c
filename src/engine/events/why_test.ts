import { expect } from 'chai';
import { ChaosError, ExitCode } from '../../errors.ts';
import { FaultError, FaultSkipped } from '../../faults/types.ts';
import { whyStopped } from './why.ts';

const live = new AbortController().signal;

describe('whyStopped', () => {
  it('names the signal first, then the run’s own abort, then what the step threw', () => {
    const term = new AbortController();
    term.abort(new ChaosError(ExitCode.Interrupted, 'interrupted by SIGTERM'));
    expect(whyStopped(new Error('x'), term.signal, 'someone scaled web')).to.equal(
      'interrupted by SIGTERM; every fault is reverted',
    );
    expect(whyStopped(undefined, live, 'sts-demo/web was scaled by someone else')).to.equal(
      'the run aborted: sts-demo/web was scaled by someone else; every fault is reverted',
    );
    expect(whyStopped(new FaultError('pod-kill: kill exited 1'), live, undefined)).to.equal(
      'the fault had no effect, not judged: pod-kill: kill exited 1',
    );
    expect(whyStopped(new FaultSkipped("fault cut short by the node's watchdog"), live, undefined)).to.equal(
      "no visible effect, not judged: fault cut short by the node's watchdog",
    );
    expect(whyStopped(new Error('get pods: 500 InternalError'), live, undefined)).to.equal(
      'step error: get pods: 500 InternalError',
    );
  });
});
