import { expect } from 'chai';
import type { Container } from '../kube/objects.ts';
import { pickContainer } from './container.ts';

const probe = { httpGet: {}, periodSeconds: 1 };
const sidecar: Container = { name: 'logs', volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] };
const db: Container = {
  name: 'db',
  volumeMounts: [{ name: 'data', mountPath: '/var/lib/db' }],
  readinessProbe: probe,
  livenessProbe: probe,
};

describe('pickContainer', () => {
  it('takes the container that mounts the claims and carries the probes, not the first one', () => {
    expect(pickContainer([sidecar, db], ['data'], [], undefined)).to.deep.equal({
      name: 'db',
      why: 'mounts the claim data, carries the readiness and liveness probes',
    });
  });

  it('takes the container of a --data-path when there are no claims', () => {
    const app: Container = { name: 'app', volumeMounts: [{ name: 'scratch', mountPath: '/srv' }] };
    expect(pickContainer([sidecar, app], [], ['/srv/www'], undefined)).to.include({ name: 'app' });
  });

  it('says which one it picked and that others qualify as well', () => {
    const db2: Container = { ...db, name: 'db2' };
    const r = pickContainer([db, db2], ['data'], [], undefined);
    expect(r).to.include({ name: 'db' });
    expect(typeof r === 'string' ? r : r.why).to.match(/db2 qualifies as well: --container picks another/);
  });

  it('takes --container when it exists, and lists the containers when it does not', () => {
    expect(pickContainer([sidecar, db], ['data'], [], 'logs')).to.deep.equal({
      name: 'logs',
      why: 'named by --container',
    });
    expect(pickContainer([sidecar, db], ['data'], [], 'nope')).to.equal(
      'has no container "nope" (its containers: logs, db)',
    );
  });

  it('takes an only container whatever it mounts; refuses when several qualify for nothing', () => {
    expect(pickContainer([sidecar], [], [], undefined)).to.deep.equal({
      name: 'logs',
      why: 'its only container',
    });
    expect(pickContainer([sidecar, { name: 'x' }], [], [], undefined)).to.match(
      /has 2 containers \(logs, x\) and none mounts a claim .*--container/,
    );
  });
});
