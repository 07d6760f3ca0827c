import { expect } from 'chai';
import { AtEndpoint } from './endpoint.ts';
import type { KubeAuth } from './types.ts';

class Fixed extends AtEndpoint {
  readonly #secret = 'token';
  async auth(): Promise<KubeAuth> {
    return { headers: { Authorization: `Bearer ${this.#secret}` }, tls: { rejectUnauthorized: true } };
  }
  invalidate(): boolean {
    return false;
  }
}

describe('AtEndpoint', () => {
  it('copies exactly the endpoint fields, and shows nothing of the credentials', () => {
    const endpoint = {
      source: '/k/config',
      context: 'kind',
      server: 'https://127.0.0.1:6443',
      proxyUrl: undefined,
      namespace: 'db',
      extra: 'not copied',
    };
    const c = new Fixed(endpoint);
    expect({ ...c }).to.deep.equal({
      source: '/k/config',
      context: 'kind',
      server: 'https://127.0.0.1:6443',
      proxyUrl: undefined,
      namespace: 'db',
    });
    expect(JSON.stringify(c)).to.not.contain('token');
  });
});
