import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { version } from './version.ts';

describe('version', () => {
  it('is the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version()).to.equal(pkg.version);
  });
});
