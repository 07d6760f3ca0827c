import { expect } from 'chai';
import { isOwnEvent } from '../../kube/event.ts';
import { clip, type EventSpec, eventObject } from './event.ts';

const AT = Date.parse('2026-11-25T16:42:05.123Z');
const reporter = { runId: 'run-20261125164205-193c0c', instance: 'gate-sts-chaos-1-x7k2p' };
const spec: EventSpec = {
  reason: 'FaultInjected',
  type: 'Normal',
  action: 'Inject',
  regarding: { apiVersion: 'v1', kind: 'Pod', namespace: 'sts-demo', name: 'web-2', uid: 'u-2' },
  message: 'run run-20261125164205-193c0c, step identity/pod-kill-graceful: pod-kill (graceful) on pod web-2',
  at: AT,
  annotations: { 'sts-chaos.io/step': 'identity/pod-kill-graceful' },
};

describe('eventObject', () => {
  it('is a core/v1 Event about the object, in its namespace, by sts-chaos, at the moment it happened', () => {
    const e = eventObject(spec, reporter, 3);
    expect(e).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: 'web-2.run-20261125164205-193c0c-0003',
        namespace: 'sts-demo',
        labels: { 'sts-chaos.io/run': 'run-20261125164205-193c0c' },
        annotations: {
          'sts-chaos.io/run': 'run-20261125164205-193c0c',
          'sts-chaos.io/step': 'identity/pod-kill-graceful',
        },
      },
      involvedObject: spec.regarding,
      reason: 'FaultInjected',
      message: spec.message,
      type: 'Normal',
      action: 'Inject',
      firstTimestamp: '2026-11-25T16:42:05Z',
      lastTimestamp: '2026-11-25T16:42:05Z',
      eventTime: '2026-11-25T16:42:05.123000Z',
      count: 1,
      source: { component: 'sts-chaos' },
      reportingComponent: 'sts-chaos',
      reportingInstance: 'gate-sts-chaos-1-x7k2p',
    });
    expect(isOwnEvent(e)).to.equal(true);
  });

  it('names each Event of a run apart, in the order made, within 253 characters', () => {
    expect(eventObject(spec, reporter, 12).metadata.name).to.equal('web-2.run-20261125164205-193c0c-0012');
    const long = { ...spec, regarding: { ...spec.regarding, name: `${'a'.repeat(240)}-b` } };
    const name = eventObject(long, reporter, 1).metadata.name;
    expect(name.length).to.be.at.most(253);
    expect(name).to.match(/^a+\.run-20261125164205-193c0c-0001$/);
  });

  it('keeps a message within the 1024 bytes the API server allows, and the related object', () => {
    const node = { apiVersion: 'v1', kind: 'Node', name: 'lab-n1' };
    const e = eventObject({ ...spec, message: 'x'.repeat(2000), related: node }, reporter, 1);
    expect(Buffer.byteLength(e.message)).to.equal(1024);
    expect(e.message.endsWith('…')).to.equal(true);
    // Bytes, not characters, and never half a character.
    const wide = clip('é'.repeat(600), 1024);
    expect(Buffer.byteLength(wide)).to.be.at.most(1024);
    expect(wide).to.match(/^é+…$/);
    expect(clip('short', 1024)).to.equal('short');
    expect(e.related).to.deep.equal(node);
    expect(eventObject(spec, { ...reporter, instance: '' }, 1).reportingInstance).to.equal('sts-chaos');
  });
});
