/**
 * Least privilege, proven against the API server: the chart installed with its default values, then with
 * every fault (chart/ci/all-faults-values.yaml), then with node loss alone, the updates suite alone, the
 * recreate suite alone; what its ServiceAccounts can
 * do, as the API server's RBAC authorizer answers it (`kubectl auth can-i --list`), is exactly the
 * expected set, no more, no less, in the target namespace and cluster-wide (Events created only in the
 * target namespace, and not with `events: false`; the run's own Job got and watched by name only with
 * `guided: true`), the objects sts-chaos knows by
 * name (the target, its ledger and Lease, the results ConfigMap) limited to them by resourceNames. The same for the cleanup hook's ServiceAccount. Needs
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
      const named = list(names);
      for (const v of list(verbs)) {
        if (named.length === 0) resources.add(`${resource} ${v}`);
        for (const n of named) resources.add(`${resource} ${v} ${n}`);
      }
    } else if (tokens.length === 3) {
      const [nonResource, , verbs] = tokens;
      for (const u of list(nonResource)) for (const v of list(verbs)) urls.add(`${u} ${v}`);
    } else {
      throw new Error(`can-i --list: a line not understood: ${line}`);
    }
  }
  return { resources: [...resources].sort(), urls: [...urls].sort() };
}

/**
 * "group resource verbs [name]" → "resource[.group] verb [name]" as can-i prints it (a name: the rule is
 * limited to that object by resourceNames).
 */
function rules(...specs: string[]): string[] {
  return specs.flatMap((s) => {
    const [group, resource, verbs, name] = s.split(' ') as [string, string, string, string?];
    const [res, sub] = resource.split('/');
    const full = `${res}${group === 'core' ? '' : `.${group}`}${sub ? `/${sub}` : ''}`;
    return verbs.split(',').map((v) => `${full} ${v}${name ? ` ${name}` : ''}`);
  });
}

/** What every authenticated user may do (the default system:basic-user binding). */
const AUTHENTICATED = rules(
  'authentication.k8s.io selfsubjectreviews create',
  'authorization.k8s.io selfsubjectaccessreviews create',
  'authorization.k8s.io selfsubjectrulesreviews create',
);
/** The target's ledger, its run Lease, the release's results ConfigMap: named in the rules. */
const LEDGER = 'sts-chaos-ledger-absent';
const LEASE = 'sts-chaos-absent';
/** The Job's ServiceAccount in the target namespace, whatever the faults (chart/templates/role.yaml). */
const JOB_BASE = rules(
  'apps statefulsets get,list,watch absent',
  'core pods get,list,watch',
  'core persistentvolumeclaims get,list,watch',
  'core services get,list,watch',
  'core events list,watch',
  'discovery.k8s.io endpointslices list,watch',
  'core pods/exec create,get',
  'core configmaps create',
  `core configmaps get,patch,delete ${LEDGER}`,
  `core configmaps update ${RELEASE}-sts-chaos-results`,
  'coordination.k8s.io leases create',
  `coordination.k8s.io leases get,update,patch,delete ${LEASE}`,
);
/** The fault windows as Events (`events: true`, the default): created in the target namespace only. */
const JOB_EVENTS = rules('core events create');
/** What the default faults add (pod kill, process kill, claim deletion, probe breakage, scale). */
const JOB_DEFAULT_FAULTS = rules(
  'core pods delete',
  'core pods/ephemeralcontainers patch',
  'core persistentvolumeclaims delete',
  'apps statefulsets/scale patch absent',
);
const JOB_DRAIN = rules('core pods/eviction create');
/** Any node fault: watch the nodes, volumes and their attachments; cordon and drain: patch the nodes. */
const JOB_CLUSTER = rules(
  'core nodes list,watch',
  'core persistentvolumes list,watch',
  'storage.k8s.io volumeattachments list,watch',
);
const JOB_CLUSTER_PATCH = rules('core nodes patch');
/** The cleanup hook's ServiceAccount (chart/templates/cleanup-hook-rbac.yaml), whatever the faults. */
const HOOK_BASE = rules(
  `core configmaps get,patch,delete ${LEDGER}`,
  'coordination.k8s.io leases create',
  `coordination.k8s.io leases get,update,patch,delete ${LEASE}`,
  'core pods get',
);
/** The reverts of the default faults: resume-processes and heal-command (exec), scale back. */
const HOOK_DEFAULT_FAULTS = rules('core pods/exec create,get', 'apps statefulsets/scale patch absent');
const HOOK_CLUSTER = rules('core nodes patch');
/** Node loss alone (its commands given): no other fault. */
const NODE_LOSS_ONLY = [
  '--set',
  'faults.podKill=false,faults.processKill=false,faults.claimDeletion=false,faults.probeBreakage=false',
  '--set',
  'faults.scale=false,faults.nodeLoss=true,nodeLoss.mode=command,nodeLoss.downCommand=down,nodeLoss.upCommand=up',
];
/** Node loss alone by the node agent (the chart's default mode), its pod in the target namespace. */
const AGENT_ONLY = [...NODE_LOSS_ONLY.slice(0, 3), 'faults.scale=false,faults.nodeLoss=true'];
/** The Job runs the agent's pod: creates, watches, reads the log of and deletes pods there. */
const JOB_AGENT = rules('core pods create,get,list,watch,delete', 'core pods/log get');
/** The agent's own ServiceAccount: the run's Lease, read only. */
const AGENT_SA = `${RELEASE}-sts-chaos-agent`;

/** The updates suite: the Job patches the target (template, partition) and deletes pods. */
const JOB_UPDATES = rules('apps statefulsets patch absent', 'core pods delete');
/** Its reverts: the target read and patched back, pods stuck on a bad image deleted. */
const HOOK_UPDATES = rules('apps statefulsets get,patch absent', 'core pods delete');
/** The updates suite alone (faults.rollingUpdate and faults.badRelease), the other faults off. */
const UPDATES_ONLY = [
  ...NODE_LOSS_ONLY.slice(0, 3),
  'faults.scale=false,faults.badRelease=true',
  '--set',
  'suites={updates}',
];

/** The recreate suite: the Job deletes the target by name and creates it again (create: not by name). */
const JOB_RECREATE = rules('apps statefulsets delete absent', 'apps statefulsets create');
/** Its revert: the target looked for by name, created again when missing. */
const HOOK_RECREATE = rules('apps statefulsets get absent', 'apps statefulsets create');
/** The recreate suite alone (faults.recreate, on by default), the other faults off. */
const RECREATE_ONLY = [...NODE_LOSS_ONLY.slice(0, 3), 'faults.scale=false', '--set', 'suites={recreate}'];

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

  it('default values: the Job namespaced only, the known objects by name; the hook only what the reverts need', async () => {
    await helm('install', RELEASE, CHART, '-n', NS, ...VALUES);
    const here = await canI(NS, SA, NS);
    expect(here.resources).to.deep.equal(set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_DEFAULT_FAULTS));
    expect(here.urls).to.deep.equal(publicUrls);
    const elsewhere = await canI(NS, SA, 'default');
    expect(elsewhere.resources, 'in another namespace, and cluster-scoped').to.deep.equal(set(AUTHENTICATED));
    // The hook's own ServiceAccount is gone once the hook succeeded.
    expect(await kubectl('-n', NS, 'get', 'sa', '-o', 'name')).to.not.include(`${SA}-cleanup`);
    const hook = await hookGrants([]);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_BASE, HOOK_DEFAULT_FAULTS));
    expect(hook.here.urls).to.deep.equal(publicUrls);
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('all-faults values: adds pods/eviction, the opt-in suites, and cluster-wide nodes, volumes and their attachments (the hook: nodes patch)', async () => {
    const allFaults = ['-f', join(ROOT, 'chart', 'ci', 'all-faults-values.yaml')];
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...allFaults, ...VALUES);
    const here = await canI(NS, SA, NS);
    const cluster = set(JOB_CLUSTER, JOB_CLUSTER_PATCH);
    expect(here.resources).to.deep.equal(
      set(
        AUTHENTICATED,
        JOB_BASE,
        JOB_EVENTS,
        JOB_DEFAULT_FAULTS,
        JOB_DRAIN,
        JOB_UPDATES,
        JOB_RECREATE,
        cluster,
      ),
    );
    expect(here.urls).to.deep.equal(publicUrls);
    const elsewhere = await canI(NS, SA, 'default');
    expect(elsewhere.resources).to.deep.equal(set(AUTHENTICATED, cluster));
    const hook = await hookGrants(allFaults);
    expect(hook.here.resources).to.deep.equal(
      set(AUTHENTICATED, HOOK_BASE, HOOK_DEFAULT_FAULTS, HOOK_UPDATES, HOOK_RECREATE, HOOK_CLUSTER),
    );
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED, HOOK_CLUSTER));
    expect(hook.here.urls).to.deep.equal(publicUrls);
  });

  it('node loss alone: no delete, no patch of nodes; the hook nothing but the ledger and the Lease', async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...NODE_LOSS_ONLY, ...VALUES);
    const here = await canI(NS, SA, NS);
    expect(here.resources).to.deep.equal(set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_CLUSTER));
    const elsewhere = await canI(NS, SA, 'default');
    expect(elsewhere.resources).to.deep.equal(set(AUTHENTICATED, JOB_CLUSTER));
    const hook = await hookGrants(NODE_LOSS_ONLY);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_BASE));
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('node loss by the agent: the Job runs the agent pod, the agent only reads the Lease; no patch of nodes; the hook deletes a left agent pod and lists the node', async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...AGENT_ONLY, ...VALUES);
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_CLUSTER, JOB_AGENT),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED, JOB_CLUSTER));
    expect((await canI(NS, AGENT_SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, rules(`coordination.k8s.io leases get ${LEASE}`)),
    );
    expect((await canI(NS, AGENT_SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
    const hook = await hookGrants(AGENT_ONLY);
    // can-i in a namespace lists the cluster-wide rules too.
    expect(hook.here.resources).to.deep.equal(
      set(AUTHENTICATED, HOOK_BASE, rules('core pods delete', 'core nodes list')),
    );
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED, rules('core nodes list')));
  });

  it('the updates suite alone: the target patched by name and pods deleted; the hook gets and patches the target and deletes pods', async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...UPDATES_ONLY, ...VALUES);
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_UPDATES),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
    const hook = await hookGrants(UPDATES_ONLY);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_BASE, HOOK_UPDATES));
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('the recreate suite alone: the target deleted by name and statefulsets created; the hook gets the target and creates statefulsets', async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...RECREATE_ONLY, ...VALUES);
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_RECREATE),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
    const hook = await hookGrants(RECREATE_ONLY);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_BASE, HOOK_RECREATE));
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('events false: no events create; the timeline still lists and watches them', async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, '--set', 'events=false', ...VALUES);
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_DEFAULT_FAULTS),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
  });

  it("guided true: get and watch of the run's own Job only, by its name; nothing more for the hook", async () => {
    await helm('upgrade', RELEASE, CHART, '-n', NS, '--set', 'guided=true', ...VALUES);
    const { version } = JSON.parse(await helm('status', RELEASE, '-n', NS, '-o', 'json')) as {
      version: number;
    };
    const job = `${RELEASE}-sts-chaos-${version}`;
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_DEFAULT_FAULTS, rules(`batch jobs get,watch ${job}`)),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
    const hook = await hookGrants(['--set', 'guided=true']);
    expect(hook.here.resources).to.deep.equal(set(AUTHENTICATED, HOOK_BASE, HOOK_DEFAULT_FAULTS));
  });

  it('metrics (a port, a Pushgateway) add nothing', async () => {
    const metrics = ['--set', 'metrics.enabled=true,metrics.pushgateway=http://pushgateway.monitoring:9091'];
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...metrics, ...VALUES);
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_DEFAULT_FAULTS),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
  });

  it("targets: each target's StatefulSet, ledger, Lease and results by name, in the one namespace; the hook each ledger and Lease", async () => {
    const two = ['--set', 'targets={other}'];
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...two, ...VALUES);
    const other = rules(
      'apps statefulsets get,list,watch other',
      'core configmaps get,patch,delete sts-chaos-ledger-other',
      `core configmaps update ${RELEASE}-sts-chaos-results-absent`,
      `core configmaps update ${RELEASE}-sts-chaos-results-other`,
      'coordination.k8s.io leases get,update,patch,delete sts-chaos-other',
      'apps statefulsets/scale patch other',
    );
    expect((await canI(NS, SA, NS)).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_BASE, JOB_EVENTS, JOB_DEFAULT_FAULTS, other),
    );
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(set(AUTHENTICATED));
    const hook = await hookGrants(two);
    expect(hook.here.resources).to.deep.equal(
      set(
        AUTHENTICATED,
        HOOK_BASE,
        HOOK_DEFAULT_FAULTS,
        rules(
          'core configmaps get,patch,delete sts-chaos-ledger-other',
          'coordination.k8s.io leases get,update,patch,delete sts-chaos-other',
          'apps statefulsets/scale patch other',
        ),
      ),
    );
    expect(hook.elsewhere.resources).to.deep.equal(set(AUTHENTICATED));
  });

  it('power-off with the out-of-service fence adds exactly nodes patch, for the Job and the hook', async () => {
    const fenced = [...AGENT_ONLY, '--set', 'nodeLoss.kind=power-off,nodeLoss.fence=out-of-service'];
    await helm('upgrade', RELEASE, CHART, '-n', NS, ...fenced, ...VALUES);
    expect((await canI(NS, SA, 'default')).resources).to.deep.equal(
      set(AUTHENTICATED, JOB_CLUSTER, JOB_CLUSTER_PATCH, rules('core pods list')),
    );
    const hook = await hookGrants(fenced);
    expect(hook.elsewhere.resources).to.deep.equal(
      set(AUTHENTICATED, rules('core nodes list', 'core nodes patch')),
    );
  });
});
