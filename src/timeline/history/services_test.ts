import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('service histories', () => {
  it('records whether each Service is headless and publishes not-ready addresses', () => {
    const d = derive(
      new TimelineBuilder()
        .at(0)
        .service()
        .at(1)
        .service({ name: 'web-lb', headless: false, publishNotReadyAddresses: true })
        .build(),
    );
    expect(d.services.get('web-h')).to.deep.equal({
      name: 'web-h',
      createdAt: ts(0),
      headless: true,
      publishNotReadyAddresses: false,
    });
    expect(d.services.get('web-lb')).to.include({ headless: false, publishNotReadyAddresses: true });
  });
});
