import { expect } from 'chai';
import { eventsAccess, eventsLine } from './plan.ts';

describe('the events line of preflight and plan', () => {
  it('is off with --no-events, whatever the access', () => {
    expect(eventsAccess(false, true)).to.equal('off');
    expect(eventsAccess(false, undefined)).to.equal('off');
    expect(eventsLine('off', 'ns', 'web')).to.equal(
      'events: off (--no-events): the fault windows are not written as Events',
    );
  });

  it('says what is written, and where; or that RBAC forbids it (the run goes on)', () => {
    expect(eventsAccess(true, true)).to.equal('allowed');
    expect(eventsLine('allowed', 'ns', 'web')).to.equal(
      'events: each fault window as Events on statefulset ns/web and its victim pod (FaultInjected, FaultRecovered, FaultReverted, FaultAborted; RunFinished at the end)',
    );
    expect(eventsAccess(true, false)).to.equal('forbidden');
    expect(eventsLine('forbidden', 'ns', 'web')).to.equal(
      "events: cannot create Events in ns (RBAC): the fault windows will not be on the cluster's Events",
    );
    expect(eventsAccess(true, undefined)).to.equal('unknown');
    expect(eventsLine('unknown', 'ns', 'web')).to.match(/could not be asked$/);
  });
});
