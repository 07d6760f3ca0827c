import { expect } from 'chai';
import type { KubeEvent } from '../kube/objects.ts';
import { multiAttachBlocked } from './multi-attach-blocked.ts';

const MSG =
  'Multi-Attach error for volume "pvc-1" Volume is already exclusively attached to one node and can\'t be attached to another';
const ev = (uid: string, reason = 'FailedAttachVolume', message = MSG): KubeEvent => ({
  reason,
  message,
  involvedObject: { kind: 'Pod', name: 'web-1', uid },
});

describe("a lost pod's replacement refused its volume (Multi-Attach)", () => {
  it("is the replacement's Multi-Attach event", () => {
    expect(multiAttachBlocked([ev('new')], { pod: 'web-1', uid: 'old' })).to.equal(MSG);
  });

  it("is nothing for the victim's own events, other reasons or other attach failures", () => {
    const v = { pod: 'web-1', uid: 'old' };
    expect(multiAttachBlocked([ev('old')], v)).to.equal(undefined);
    expect(multiAttachBlocked([ev('new', 'FailedMount')], v)).to.equal(undefined);
    expect(multiAttachBlocked([ev('new', 'FailedAttachVolume', 'rpc error: timeout')], v)).to.equal(
      undefined,
    );
  });
});
