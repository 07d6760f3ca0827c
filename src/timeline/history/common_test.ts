import { expect } from 'chai';
import { parseOrdinal } from './common.ts';

describe('parseOrdinal', () => {
  it('parses ordinals only from S-<n>', () => {
    expect(parseOrdinal('web-0', 'web-')).to.equal(0);
    expect(parseOrdinal('web-12', 'web-')).to.equal(12);
    for (const bad of ['web-', 'web-01', 'web-1a', 'web-1-0', 'webx-1', 'other-1'])
      expect(parseOrdinal(bad, 'web-'), bad).to.equal(undefined);
  });
});
