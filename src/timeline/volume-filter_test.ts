import { expect } from 'chai';
import { TargetVolumes } from './volume-filter.ts';

const attachment = (pv?: string) => ({ spec: { source: { persistentVolumeName: pv } } });

describe('TargetVolumes', () => {
  it('keeps the attachments of the volumes kept claims and volumes name, and nothing else', () => {
    const v = new TargetVolumes();
    const keep = v.attachmentFilter();
    expect(keep(attachment('pvc-1'))).to.equal(false);
    const claims = TargetVolumes.noting(
      (c: { name: string; spec?: { volumeName?: string } }) => c.name.startsWith('data-web-'),
      (c) => v.onClaim(c),
    );
    expect(claims({ name: 'data-web-0', spec: { volumeName: 'pvc-1' } })).to.equal(true);
    expect(claims({ name: 'other', spec: { volumeName: 'pvc-9' } })).to.equal(false);
    v.onClaim({ spec: {} }); // pending: no volume yet
    v.onVolume({ metadata: { name: 'pvc-2' } });
    expect(keep(attachment('pvc-1'))).to.equal(true);
    expect(keep(attachment('pvc-2'))).to.equal(true);
    expect(keep(attachment('pvc-9'))).to.equal(false);
    expect(keep(attachment(undefined))).to.equal(false);
    expect(keep({})).to.equal(false);
  });
});
