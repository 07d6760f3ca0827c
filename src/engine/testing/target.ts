/** A whole Target as loadTarget makes it, for tests: the demo's shape, anything overridden. */
import type { Target } from '../target.ts';

export function demoTarget(overrides: Partial<Target> = {}): Target {
  return {
    namespace: 'demo',
    name: 'web',
    serviceName: 'web',
    replicas: 3,
    ordinalsStart: 0,
    podManagementPolicy: 'OrderedReady',
    claimTemplates: ['data'],
    selector: 'app=web',
    container: 'web',
    claimMounts: { data: '/data' },
    statefulSet: {
      metadata: { name: 'web', uid: 'sts-uid' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    } as Target['statefulSet'],
    ...overrides,
  };
}
