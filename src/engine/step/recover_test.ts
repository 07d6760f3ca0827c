import { expect } from 'chai';
import type { FaultRun, Victim } from '../../faults/types.ts';
import type { Target } from '../target.ts';
import type { StepContext } from './context.ts';
import { changed, endpointsCaughtUp, recovered } from './recover.ts';

const victim: Victim = { ordinal: 1, pod: 'web-1', uid: 'old', node: 'a', restartCount: 2 };
const target = { namespace: 'ns', name: 'web', replicas: 2, ordinalsStart: 0 } as Target;
const ctx = { target } as StepContext;

function pod(name: string, uid: string, ready: boolean, restartCount = 2, deleting = false) {
  return {
    metadata: { name, uid, ...(deleting ? { deletionTimestamp: 'x' } : {}) },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'web', restartCount }],
    },
  };
}

const run = (expect: FaultRun['expect']): FaultRun => ({ expect });

describe('recovery of a step', () => {
  it('new-uid: only a new incarnation counts', () => {
    expect(changed(victim, run('new-uid'), pod('web-1', 'old', true, 9), 'web')).to.equal(false);
    expect(changed(victim, run('new-uid'), pod('web-1', 'new', true), 'web')).to.equal(true);
  });

  it('restart: a higher restart count or a new incarnation', () => {
    expect(changed(victim, run('restart'), pod('web-1', 'old', true, 2), 'web')).to.equal(false);
    expect(changed(victim, run('restart'), pod('web-1', 'old', true, 3), 'web')).to.equal(true);
    expect(changed(victim, run('restart'), pod('web-1', 'new', true, 0), 'web')).to.equal(true);
  });

  it('restart: counts the target container only, never a sidecar', () => {
    const p = pod('web-1', 'old', true, 2);
    const withSidecar = {
      ...p,
      status: {
        ...p.status,
        containerStatuses: [...p.status.containerStatuses, { name: 'logs', restartCount: 7 }],
      },
    };
    expect(changed(victim, run('restart'), withSidecar, 'web')).to.equal(false);
  });

  it('is recovered when every ordinal is Ready, none terminating, and the victim changed', () => {
    const ok = new Map([
      ['web-0', pod('web-0', 'u0', true)],
      ['web-1', pod('web-1', 'new', true)],
    ]);
    expect(recovered(ok, ctx, victim, run('new-uid'))).to.equal(true);
    const other = new Map([...ok, ['web-0', pod('web-0', 'u0', false)]]);
    expect(recovered(other, ctx, victim, run('new-uid'))).to.equal(false);
    const deleting = new Map([...ok, ['web-1', pod('web-1', 'new', true, 0, true)]]);
    expect(recovered(deleting, ctx, victim, run('new-uid'))).to.equal(false);
    const same = new Map([...ok, ['web-1', pod('web-1', 'old', true)]]);
    expect(recovered(same, ctx, victim, run('new-uid'))).to.equal(false);
    expect(recovered(same, ctx, victim, run('ready'))).to.equal(true);
  });
});

describe('endpointsCaughtUp', () => {
  const ready = pod('web-1', 'u1', true);
  const slice = (isReady: boolean, uid = 'u1') => ({
    endpoints: [{ conditions: { ready: isReady }, targetRef: { kind: 'Pod', name: 'web-1', uid } }],
  });
  it('waits while a slice still lists a Ready pod as not ready', () => {
    const pods = new Map([['web-1', ready]]);
    expect(endpointsCaughtUp(pods, [slice(false)])).to.equal(false);
    expect(endpointsCaughtUp(pods, [slice(true)])).to.equal(true);
  });
  it('ignores an endpoint of an older incarnation, or of a pod that is not Ready', () => {
    expect(endpointsCaughtUp(new Map([['web-1', ready]]), [slice(false, 'old')])).to.equal(true);
    expect(endpointsCaughtUp(new Map([['web-1', pod('web-1', 'u1', false)]]), [slice(false)])).to.equal(true);
  });
});
