import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { shellQuote } from './shell.ts';

describe('shellQuote', () => {
  it('gives sh the value back unchanged, quotes, spaces and $ included', () => {
    for (const v of ['/data', "it's", 'a b', '$HOME `x` "y"', '']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(v)}`], { encoding: 'utf8' })).to.equal(v);
    }
  });
});
