import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('endpoint histories', () => {
  it('follows ready endpoints per Service across slices', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podUp(0)
      .podUp(1)
      .endpoints('web-h', [0, 1])
      .at(1)
      .endpoints('web-h', [1], [0])
      .at(2)
      .endpoints('web-h', [1], [], 'web-h-other')
      .endpoints('web-h', [0], [])
      .at(3)
      .endpoints('web-h', [], [], 'web-h-other');
    const d = derive(b.build());
    const svc = d.endpoints.get('web-h');
    expect(svc?.get('uid-web-0-1')?.transitions).to.deep.equal([
      { at: ts(0), ready: true },
      { at: ts(1), ready: false },
      { at: ts(2), ready: true },
    ]);
    // web-1 moved from one slice to the other without a gap, then left both.
    expect(svc?.get('uid-web-1-1')?.transitions).to.deep.equal([
      { at: ts(0), ready: true },
      { at: ts(3), ready: false },
    ]);
  });
});
