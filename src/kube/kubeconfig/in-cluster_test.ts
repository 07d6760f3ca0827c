import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../kubeconfig.ts';
import { CA, config, fail, scratch } from '../testing/kubeconfigs.ts';

describe('kubeconfig', () => {
  const s = scratch();

  describe('in a pod', () => {
    it('the service account: its token (re-read as it rotates), its CA, its namespace, the service address', async () => {
      writeFileSync(join(s.dir, 'token'), 'sa-1');
      writeFileSync(join(s.dir, 'ca.crt'), CA);
      writeFileSync(join(s.dir, 'namespace'), 'db\n');
      const kc = loadKubeConfig({
        env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
        serviceAccountDir: s.dir,
        home: join(s.dir, 'nohome'),
      });
      expect(kc.source).to.equal('in-cluster');
      expect(kc.server).to.equal('https://[fd00::1]:443');
      expect(kc.namespace).to.equal('db');
      const a = await kc.auth();
      expect(a.headers.Authorization).to.equal('Bearer sa-1');
      expect(String(a.tls.ca)).to.equal(CA);
      writeFileSync(join(s.dir, 'token'), 'sa-two');
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer sa-two');
    });

    it('a kubeconfig wins over the service account', () => {
      writeFileSync(join(s.dir, 'token'), 'sa');
      writeFileSync(s.file, stringify(config({}, {})));
      const kc = loadKubeConfig({
        env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBECONFIG: s.file },
        serviceAccountDir: s.dir,
      });
      expect(kc.source).to.equal(s.file);
    });

    it('KUBERNETES_SERVICE_PORT missing: an error that says so', () => {
      writeFileSync(join(s.dir, 'token'), 'sa');
      expect(
        fail(() =>
          loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' }, serviceAccountDir: s.dir }),
        ).message,
      ).to.equal('in-cluster credentials: KUBERNETES_SERVICE_PORT is not set');
    });
  });
});
