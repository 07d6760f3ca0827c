import { expect } from 'chai';
import { FAULT_IDS } from '../config/types.ts';
import type { KubeHttp } from '../kube/http.ts';
import { allowed, EVENTS_NEED, missingAccess, needsOf } from './access.ts';

const key = (n: ReturnType<typeof needsOf>[number]) =>
  `${n.verb} ${n.resource}${n.subresource ? `/${n.subresource}` : ''}${n.name ? ` ${n.name}` : ''}`;

describe('needsOf', () => {
  it('asks for the recorder, exec, the ledger and the Lease whatever the faults', () => {
    expect(needsOf([]).map(key)).to.deep.equal([
      'watch statefulsets {target}',
      'watch pods',
      'create pods/exec',
      'create configmaps',
      'create leases',
    ]);
  });

  it('adds only what the selected faults need, each once', () => {
    const keys = needsOf(['pod-kill', 'claim-deletion', 'node-cordon']).map(key);
    expect(keys).to.include.members([
      'delete pods',
      'delete persistentvolumeclaims',
      'patch nodes',
      'watch nodes',
      'watch volumeattachments',
    ]);
    expect(keys.filter((k) => k === 'delete pods')).to.have.length(1);
    expect(keys).to.not.include('create pods/eviction');
    expect(needsOf(['node-drain']).map(key)).to.include('create pods/eviction');
    expect(needsOf(['scale']).map(key)).to.include('patch statefulsets/scale {target}');
    expect(
      needsOf(['node-loss'])
        .filter((n) => n.cluster)
        .map(key),
    ).to.deep.equal(['watch nodes', 'watch volumeattachments']);
    expect(needsOf(['node-drain']).find((n) => n.resource === 'volumeattachments')?.group).to.equal(
      'storage.k8s.io',
    );
  });

  it('asks nothing cluster-scoped without a node fault', () => {
    const pod = FAULT_IDS.filter((f) => !f.startsWith('node-'));
    expect(needsOf(pod).filter((n) => n.cluster)).to.deep.equal([]);
  });
});

describe('the Events permission', () => {
  /** A SelfSubjectAccessReview answer per resource (absent: the review fails). */
  const reviews = (answers: Record<string, boolean | undefined>) =>
    ({
      async request(_verb: string, _path: string, opts: { body: { spec: { resourceAttributes: object } } }) {
        const a = opts.body.spec.resourceAttributes as { resource: string; verb: string; namespace?: string };
        const allowed = answers[`${a.verb} ${a.resource} ${a.namespace ?? '(cluster)'}`];
        if (allowed === undefined) throw new Error('no answer');
        return { status: { allowed } };
      },
    }) as unknown as KubeHttp;

  it('is optional: never among what the faults need, so never in the missing line', async () => {
    for (const f of FAULT_IDS) expect(needsOf([f])).to.not.include(EVENTS_NEED);
    expect(needsOf([...FAULT_IDS]).some((n) => n.resource === 'events')).to.equal(false);
    const everything = Object.fromEntries(
      needsOf(['pod-kill']).map((n) => [`${n.verb} ${n.resource} ${n.cluster ? '(cluster)' : 'ns'}`, true]),
    );
    expect(await missingAccess(reviews(everything), 'ns', 'web', ['pod-kill'])).to.deep.equal([]);
  });

  it('is asked in the target namespace: allowed, forbidden, or not known when the review fails', async () => {
    expect(await allowed(reviews({ 'create events ns': true }), 'ns', 'web', EVENTS_NEED)).to.equal(true);
    expect(await allowed(reviews({ 'create events ns': false }), 'ns', 'web', EVENTS_NEED)).to.equal(false);
    expect(await allowed(reviews({}), 'ns', 'web', EVENTS_NEED)).to.equal(undefined);
  });
});
