import { expect } from 'chai';
import { selects, serviceFilter, sliceFilter } from './service-filter.ts';

const labels = { app: 'web', tier: 'db' };

describe('the Services and EndpointSlices the recorder keeps', () => {
  it('keeps the governing Service and every Service whose selector selects the pods', () => {
    const keep = serviceFilter('web-h', labels);
    expect(keep({ metadata: { name: 'web-h' } })).to.equal(true);
    expect(keep({ metadata: { name: 'web-read' }, spec: { selector: { app: 'web' } } })).to.equal(true);
    expect(keep({ metadata: { name: 'other' }, spec: { selector: { app: 'other' } } })).to.equal(false);
    expect(keep({ metadata: { name: 'any' }, spec: { selector: {} } })).to.equal(false);
    expect(selects({ spec: { selector: { app: 'web', tier: 'cache' } } }, labels)).to.equal(false);
  });

  it('keeps a slice that lists a target pod, and keeps it once it no longer does', () => {
    const keep = sliceFilter('web-h', (n) => /^web-\d+$/.test(n));
    const slice = (pods: string[]) => ({
      metadata: { name: 'web-read-abc', labels: { 'kubernetes.io/service-name': 'web-read' } },
      endpoints: pods.map((name) => ({ targetRef: { kind: 'Pod', name } })),
    });
    expect(keep(slice([]))).to.equal(false);
    expect(keep(slice(['web-1']))).to.equal(true);
    expect(keep(slice([]))).to.equal(true);
    expect(keep({ metadata: { name: 'h', labels: { 'kubernetes.io/service-name': 'web-h' } } })).to.equal(
      true,
    );
    expect(
      keep({ metadata: { name: 'x' }, endpoints: [{ targetRef: { kind: 'Pod', name: 'webapp-1' } }] }),
    ).to.equal(false);
  });
});
