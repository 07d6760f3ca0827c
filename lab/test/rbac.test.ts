/**
 * Least privilege, proven against the API server: the chart installed with its default values, then with
 * every node fault (chart/ci/all-faults-values.yaml); what its ServiceAccounts can do, as the API server's
 * RBAC authorizer answers it (`kubectl auth can-i --list`), is exactly the expected set, no more, no less,
 * in the target namespace and cluster-wide. The same for the cleanup hook's ServiceAccount. Needs
 * `lab up` and `npm run image`; uses its own namespace, safety-rbac.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { CHART, helm, renderChart } from './cli-helpers.ts';
import { kubectl, ROOT } from './helpers.ts';

const NS = 'safety-rbac';
const RELEASE = 'rbac';
const SA = `${RELEASE}-sts-chaos`;
/** A second release name for the hook's RBAC applied by hand (the hook's own objects live only while it runs). */
const HOOK_RELEASE = 'rbachook';
const HOOK_SA = `${HOOK_RELEASE}-sts-chaos-cleanup`;
/** The Job has nothing to test here (no such StatefulSet): it ends at once with exit 2. */
const VALUES = ['--set', 'target.name=absent'];

interface Grants {
  /** "resource[.group] verb", e.g. "statefulsets.apps get", "pods/exec create". */
  readonly resources: string[];
  /** "url verb". */
  readonly urls: string[];
}

/** What `kubectl auth can-i --list` says `ns/sa` can do in `where` (groups as the API server sets them). */
async function canI(ns: string, sa: string, where: string): Promise<Grants> {
  const out = await kubectl(
    'auth',
    'can-i',
    '--list',
    '--no-headers',
    '-n',
    where,
    `--as=system:serviceaccount:${ns}:${sa}`,
    '--as-group=system:serviceaccounts',
    `--as-group=system:serviceaccounts:${ns}`,
    '--as-group=system:authenticated',
  );
  const resources = new Set<string>();
  const urls = new Set<string>();
  for (const line of out.split('\n')) {
    const tokens = line.match(/\[[^\]]*\]|\S+/g);
    if (!tokens) continue;
    const list = (t: string | undefined) => (t ?? '[]').slice(1, -1).split(/\s+/).filter(Boolean);
    if (tokens.length === 4) {
      const [resource, nonResource, names, verbs] = tokens;
      expect(list(nonResource), line).to.deep.equal([]);
      expect(list(names), `${line}: no rule limited by resourceNames`).to.deep.equal([]);
      for (const v of list(verbs)) resources.add(`${resource} ${v}`);
    } else if (tokens.length === 3) {
      const [nonResource, , verbs] = tokens;
      for (const u of list(nonResource)) for (const v of list(verbs)) urls.add(`${u} ${v}`);
    } else {
      throw new Error(`can-i --list: a line not understood: ${line}`);
    }
  }
  return { resources: [...resources].sort(), urls: [...urls].sort() };
}

/** "group resource verbs" → "resource[.group] verb" as can-i prints it. */
function rules(...specs: string[]): string[] {
  return specs.flatMap((s) => {
    const [group, resource, verbs] = s.split(' ') as [string, string, string];
    const [res, sub] = resource.split('/');
    const name = `${res}${group === 'core' ? '' : `.${group}`}${sub ? `/${sub}` : ''}`;
    return verbs.split(',').map((v) => `${name} ${v}`);
  });
}

/** What every authenticated user may do (the default system:basic-user binding). */
const AUTHENTICATED = rules(
  'authentication.k8s.io selfsubjectreviews create',
  'authorization.k8s.io selfsubjectaccessreviews create',
  'authorization.k8s.io selfsubjectrulesreviews create',
);
/** The Job's ServiceAccount in the target namespace (chart/templates/role.yaml). */
const JOB_ROLE = rules(
  'apps statefulsets get,list,watch',
  'apps statefulsets/scale get,patch',
  'core pods get,list,watch,delete',
  'core pods/exec create,get',
  'core pods/ephemeralcontainers patch',
  'core persistentvolumeclaims get,list,watch,delete',
  'core services get,list,watch',
  'core events list,watch',
  'core configmaps get,list,create,update,patch,delete',
  'discovery.k8s.io endpointslices list,watch',
  'coordination.k8s.io leases get,create,update,patch,delete',
);
const JOB_DRAIN = rules('core pods/eviction create');
const JOB_CLUSTER = rules('core nodes get,list,watch,patch', 'core persistentvolumes get,list,watch');
/** The cleanup hook's ServiceAccount (chart/templates/cleanup-hook-rbac.yaml). */
const HOOK_ROLE = rules(
  'core configmaps get,patch,delete',
  'coordination.k8s.io leases get,create,update,patch,delete',
  'core pods get',
  'core pods/exec create,get',
  'apps statefulsets/scale patch',
);
const HOOK_CLUSTER = rules('core nodes patch');

const set = (...parts: string[][]) => [...new Set(parts.flat())].sort();

describe('least privilege, proven: what the chart ServiceAccounts can do', function () {
  this.timeout(300_000);
  /** The URLs every authenticated user may get (measured on a ServiceAccount without any binding). */
  let publicUrls: string[] = [];

  before(async () => {
    await kubectl('create', 'namespace', NS).catch(() => undefined);
    await kubectl('-n', NS, 'create', 'serviceaccount', 'nobody').catch(() => undefined);
    const nobody = await canI(NS, 'nobody', NS);
    expect(nobody.resources, 'a ServiceAccount without bindings').to.deep.equal(AUTHENTICATED.sort());
    for (const u of nobody.urls) expect(u, 'only GETs of public URLs').to.match(/^\/\S* get$/);
    publicUrls = nobody.urls;
  });

  after(async () => {
    await helm('uninstall', RELEASE, '-n', NS, '--wait').catch(() => undefined);
    await kubectl('-n', NS, 'delete', 'sa,role,rolebinding', HOOK_SA, '--ignore-not-found');
    await kubectl('delete', 'clusterrole,clusterrolebinding', `${HOOK_SA}-${NS}`, '--ignore-not-found');
    await kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  });

  /** The hook's RBAC for `values`, applied as the hook applies it; what its ServiceAccount can do. */
  async function hookGrants(values: string[]): Promise<{ here: Grants; elsewhere: Grants }> {
    const file = await renderChart(HOOK_RELEASE, NS, [...values, ...VALUES], ['cleanup-hook-rbac.yaml']);
    await kubectl('apply', '-f', file);
    try {
      return { here: await canI(NS, HOOK_SA, NS), elsewhere: await canI(NS, HOOK_SA, 'default') };
    } finally {
      await kubectl('delete', '-f', file, '--ignore-not-found');
    }
  }

  it('default values: the Job namespaced only; the hook only what the reverts need; nothing cluster-wide', async () => {
    await helm('install', RELEASE, CHART, '-n', NS, ...VALUES);
    const here = await canI(NS, SA, NS);
    expect(here.resources).to.deep.equal(set(AUTHENTICATED, JOB_ROLE));
    expect(here.urls).to.deep.equal(publicUrls);
    const elsewhere = await canI(NS, SA, 'default');
    expect(elsewhere.resources, 'in another namespace, and cluster-scoped').to.deep.equal(set(AUTHENTICATED));
    // The hook's own ServiceAccount is gone once the hook succeeded.
    expect(await kubectl('-n', NS, 'get', 'sa', '-o', 'name')).to.not.include(`${SA}-cleanup`);
    const hook = await hookGrants([]);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_ROLE));
    expect(hook.here.urls).to.deep.equal(publicUrls);
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('all-faults values: adds pods/eviction, and cluster-wide nodes and volumes (the hook: nodes patch)', async () => {
    const allFaults = ['-f', join(ROOT, 'chart', 'ci', 'all-faults-values.yaml')];
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...allFaults, ...VALUES);
    const here = await canI(NS, SA, NS);
    expect(here.resources).to.deep.equal(set(AUTHENTICATED, JOB_ROLE, JOB_DRAIN, JOB_CLUSTER));
    expect(here.urls).to.deep.equal(publicUrls);
    const elsewhere = await canI(NS, SA, 'default');
    expect(elsewhere.resources).to.deep.equal(set(AUTHENTICATED, JOB_CLUSTER));
    const hook = await hookGrants(allFaults);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_ROLE, HOOK_CLUSTER));
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED, HOOK_CLUSTER));
    expect(hook.here.urls).to.deep.equal(publicUrls);
  });
});
