import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { b64, config, scratch } from '../testing/kubeconfigs.ts';

describe('kubeconfig users', () => {
  const s = scratch();
  const load = s.load;

  describe('static credentials', () => {
    it('token: a bearer header; username/password: basic; as/as-groups: impersonation', async () => {
      expect((await load(config({}, { token: 't0k' })).auth()).headers).to.deep.equal({
        Authorization: 'Bearer t0k',
      });
      expect((await load(config({}, { username: 'bob', password: 'pw' })).auth()).headers).to.deep.equal({
        Authorization: `Basic ${b64('bob:pw')}`,
      });
      const imp = await load(config({}, { token: 't', as: 'jane', 'as-groups': ['g1', 'g2'] })).auth();
      expect(imp.headers).to.deep.equal({
        Authorization: 'Bearer t',
        'Impersonate-User': 'jane',
        'Impersonate-Group': 'g1, g2',
      });
    });

    it('tokenFile (relative): read again when it changes, the last good token kept when it goes away', async () => {
      writeFileSync(join(s.dir, 'token'), 'first\n');
      const kc = load(config({}, { tokenFile: 'token' }));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer first');
      writeFileSync(join(s.dir, 'token'), 'second-token');
      utimesSync(join(s.dir, 'token'), new Date(), new Date(Date.now() + 5000));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer second-token');
      rmSync(join(s.dir, 'token'));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer second-token');
    });
  });

  it('a user with no credentials at all: no headers', async () => {
    const kc = load(config({}, {}));
    expect((await kc.auth()).headers).to.deep.equal({});
    expect(kc.invalidate()).to.equal(false);
  });
});
