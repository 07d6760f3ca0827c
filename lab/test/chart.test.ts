/**
 * The Helm chart (chart/): lint, rendering, the exact RBAC for the enabled faults, one label set, the
 * values schema in step with values.yaml, the Job and the run config it is given (accepted by sts-chaos's
 * own loader), and a server-side dry-run when the lab answers. Needs the lab's helm; creates nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { loadRunConfig } from '../../src/config/load.ts';
import { KUBECONFIG, kubectl, ROOT, sh } from './helpers.ts';

const CHART = join(ROOT, 'chart');
const CI = join(CHART, 'ci');
const RELEASE = 'rel';
const NS = 'chart-test';
const FULLNAME = `${RELEASE}-sts-chaos`;

/** The lab's helm: $STS_CHAOS_LAB_CACHE (or /var/cache/sts-chaos-lab)/helm-<version>/helm, or .lab/bin/helm. */
function findHelm(): string {
  const pinned = readFileSync(join(ROOT, 'lab', 'lib', 'versions.sh'), 'utf8').match(/^HELM_VERSION=(\S+)/m);
  const version = pinned?.[1] ?? 'v3.19.5';
  const cache = process.env.STS_CHAOS_LAB_CACHE || '/var/cache/sts-chaos-lab';
  const candidates = [join(cache, `helm-${version}`, 'helm'), join(ROOT, '.lab', 'bin', 'helm')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`helm not found (looked at ${candidates.join(', ')}); npm run lab -- build`);
  return found;
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let HELM = '';

async function helm(args: string[]): Promise<Ran> {
  try {
    return { code: 0, stdout: await sh(HELM, args), stderr: '' };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr || err.message,
    };
  }
}

interface Meta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface Obj {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Meta;
  readonly [key: string]: unknown;
}

interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly args: string[];
  readonly env?: { name: string; value: string }[];
  readonly securityContext: Record<string, unknown>;
  readonly volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  readonly resources?: Record<string, Record<string, string>>;
}

interface PodSpec {
  readonly restartPolicy: string;
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly securityContext: Record<string, unknown>;
  readonly containers: Container[];
  readonly volumes: ({ name: string } & Record<string, unknown>)[];
}

interface Job extends Obj {
  readonly spec: {
    readonly backoffLimit: number;
    readonly activeDeadlineSeconds: number;
    readonly ttlSecondsAfterFinished: number;
    readonly template: { metadata: Meta; spec: PodSpec };
  };
}

interface Rendering {
  readonly text: string;
  readonly docs: Obj[];
  /** The templates that rendered an object (helm's `# Source:` comments). */
  readonly sources: string[];
}

/** `helm template` of the chart; fails the test when helm does. Every document must parse. */
async function render(args: string[], namespace = NS): Promise<Rendering> {
  const r = await helm(['template', RELEASE, CHART, '--namespace', namespace, ...args]);
  if (r.code !== 0) throw new Error(`helm template ${args.join(' ')} failed: ${r.stderr.trim()}`);
  const docs: Obj[] = [];
  for (const doc of parseAllDocuments(r.stdout)) {
    if (doc.errors.length) throw new Error(`a rendered document does not parse: ${doc.errors[0]?.message}`);
    const obj = doc.toJS() as Obj | null;
    if (obj !== null) docs.push(obj);
  }
  const sources = [...r.stdout.matchAll(/^# Source: sts-chaos\/(\S+)$/gm)].map((m) => m[1] ?? '');
  expect(sources, 'one # Source: per object').to.have.length(docs.length);
  return { text: r.stdout, docs, sources };
}

const ciValues = (name: string) => ['-f', join(CI, `${name}-values.yaml`)];

/** The chart with every fault on except the node faults, and of those only `fault`. */
const renderOneNodeFault = (fault: 'nodeCordon' | 'nodeDrain' | 'nodeLoss') =>
  render([
    ...ciValues('all-faults'),
    '--set',
    `faults.nodeCordon=false,faults.nodeDrain=false,faults.nodeLoss=false,faults.${fault}=true`,
  ]);

/** An object of the cleanup hook (pre-install, pre-upgrade, pre-delete), not of the release itself. */
function isCleanupHook(obj: Obj): boolean {
  return (obj.metadata.annotations?.['helm.sh/hook'] ?? '').includes('pre-install');
}

/** The one object of a kind among the release's own objects (the cleanup hook's left out). */
function only<T extends Obj = Obj>(r: Rendering, kind: string): T {
  const found = r.docs.filter((d) => d.kind === kind && !isCleanupHook(d));
  expect(found, `${kind} objects rendered`).to.have.length(1);
  return found[0] as T;
}

/** The one object of a kind among the cleanup hook's objects. */
function hookOnly<T extends Obj = Obj>(r: Rendering, kind: string): T {
  const found = r.docs.filter((d) => d.kind === kind && isCleanupHook(d));
  expect(found, `cleanup hook ${kind} objects rendered`).to.have.length(1);
  return found[0] as T;
}

function kinds(r: Rendering): string[] {
  return r.docs
    .filter((d) => !isCleanupHook(d))
    .map((d) => d.kind)
    .sort();
}

function hookKinds(r: Rendering): string[] {
  return r.docs
    .filter(isCleanupHook)
    .map((d) => d.kind)
    .sort();
}

/** A role's rules as a sorted set of "apiGroup resource verb". */
function grants(rules: Rule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    expect(rule.resourceNames, 'resourceNames').to.equal(undefined);
    for (const g of rule.apiGroups)
      for (const res of rule.resources) for (const v of rule.verbs) out.add(`${g || 'core'} ${res} ${v}`);
  }
  return [...out].sort();
}

function expand(group: string, resource: string, verbs: string): string[] {
  return verbs.split(',').map((v) => `${group} ${resource} ${v}`);
}

/** The least-privilege contract: what sts-chaos needs in the target namespace, always. */
const ROLE_BASE = [
  ...expand('apps', 'statefulsets', 'get,list,watch'),
  ...expand('apps', 'statefulsets/scale', 'get,patch'),
  ...expand('core', 'pods', 'get,list,watch,delete'),
  ...expand('core', 'pods/exec', 'create,get'),
  ...expand('core', 'pods/ephemeralcontainers', 'patch'),
  ...expand('core', 'persistentvolumeclaims', 'get,list,watch,delete'),
  ...expand('core', 'services', 'get,list,watch'),
  ...expand('core', 'events', 'list,watch'),
  ...expand('core', 'configmaps', 'get,list,create,update,patch,delete'),
  ...expand('discovery.k8s.io', 'endpointslices', 'list,watch'),
  ...expand('coordination.k8s.io', 'leases', 'get,create,update,patch,delete'),
].sort();
/** Added to the Role when the drain fault is enabled. */
const ROLE_DRAIN = expand('core', 'pods/eviction', 'create');
/** The ClusterRole, only when a node fault is enabled. */
const CLUSTER_ROLE = [
  ...expand('core', 'nodes', 'get,list,watch,patch'),
  ...expand('core', 'persistentvolumes', 'get,list,watch'),
].sort();

/**
 * The cleanup hook's Role: what the reverts of the ledger need (src/engine/reverts.ts) and the ledger
 * itself (src/engine/ledger.ts, src/engine/cleanup.ts), nothing else.
 */
const HOOK_ROLE = [
  ...expand('core', 'configmaps', 'get,patch,delete'),
  ...expand('coordination.k8s.io', 'leases', 'get,create,update,patch,delete'),
  ...expand('core', 'pods', 'get'),
  ...expand('core', 'pods/exec', 'create,get'),
  ...expand('apps', 'statefulsets/scale', 'patch'),
].sort();
/** The cleanup hook's ClusterRole, only when cordon or drain is enabled: uncordon. */
const HOOK_CLUSTER_ROLE = expand('core', 'nodes', 'patch');

/** The keys sts-chaos's config file takes (unknown keys are refused by the program). */
const CONFIG_KEYS: Record<string, readonly string[] | null> = {
  target: null,
  suites: null,
  grep: null,
  skip: null,
  dataPaths: null,
  reportDir: null,
  budget: null,
  allowNamespaces: null,
  maxDisrupted: null,
  ordinal: null,
  nodeLoss: ['mode', 'downCommand', 'upCommand', 'containersLeftRunning'],
  probes: ['breakCommand', 'healCommand', 'holdFor'],
  roleQuery: ['command', 'primaryValues', 'interval'],
  container: null,
  processName: null,
  debugImage: null,
  resultsConfigMap: null,
  logFormat: null,
  logLevel: null,
};

/** config.yaml of the config ConfigMap, as rendered. */
function runConfigText(r: Rendering): string {
  const cm = r.docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === `${FULLNAME}-config`) as
    | (Obj & { data: Record<string, string> })
    | undefined;
  const text = cm?.data['config.yaml'];
  expect(text, 'config.yaml in the ConfigMap').to.be.a('string');
  return text ?? '';
}

function runConfig(r: Rendering): Record<string, unknown> {
  return parse(runConfigText(r)) as Record<string, unknown>;
}

/** What sts-chaos does with --grep/--skip (src/engine/run.ts): one regular expression on the full title. */
function selects(cfg: Record<string, unknown>, title: string): boolean {
  const skip = cfg.skip as string | undefined;
  const grep = cfg.grep as string | undefined;
  return new RegExp(`^${skip ? `(?!.*(?:${skip}))` : ''}.*${grep ? `(?:${grep})` : ''}`).test(title);
}

/** Full titles as the suites make them (describe + it), one per node fault step and one other. */
const TITLES = {
  cordon: 'split-brain: node-cordon [Disruptive] [NodeFault] SB-1 one pod per ordinal [node-cordon]',
  drain: 'split-brain: node-drain [Disruptive] [NodeFault] VOL-1 same claim [node-drain]',
  loss: 'split-brain: node-loss [Disruptive] [NodeFault] SB-2 no unfenced replacement [node-loss]',
  podKill: 'identity: pod-kill [Disruptive] ID-1 names and count [pod-kill]',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Schema {
  readonly type?: string | string[];
  readonly properties?: Record<string, Schema>;
  readonly additionalProperties?: boolean | Schema;
  readonly propertyNames?: { enum?: string[] };
  readonly items?: Schema;
  readonly [key: string]: unknown;
}

const isMap = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key path of a values tree (maps only; list items are values). */
function valuePaths(v: Json, prefix = ''): string[] {
  if (!isMap(v)) return [];
  return Object.entries(v).flatMap(([k, child]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...valuePaths(child, path)];
  });
}

/** Every declared property path of a schema. */
function schemaPaths(s: Schema, prefix = ''): string[] {
  return Object.entries(s.properties ?? {}).flatMap(([k, child]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...schemaPaths(child, path)];
  });
}

/** The schema that applies at a key path: a declared property, or a typed map's value schema. */
function schemaAt(s: Schema, path: string): Schema | undefined {
  let at: Schema | undefined = s;
  for (const k of path.split('.')) {
    if (!at) return undefined;
    const declared: Schema | undefined = at.properties?.[k];
    if (declared) at = declared;
    else if (typeof at.additionalProperties === 'object' && (at.propertyNames?.enum ?? [k]).includes(k))
      at = at.additionalProperties;
    else return undefined;
  }
  return at;
}

/** Every object node of a schema, with its path. */
function objectNodes(s: Schema, path = '(root)'): [string, Schema][] {
  const out: [string, Schema][] = [];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('object')) out.push([path, s]);
  for (const [k, child] of Object.entries(s.properties ?? {}))
    out.push(...objectNodes(child, `${path}.${k}`));
  if (typeof s.additionalProperties === 'object')
    out.push(...objectNodes(s.additionalProperties, `${path}.*`));
  if (s.items) out.push(...objectNodes(s.items, `${path}[]`));
  return out;
}

describe('the Helm chart', function () {
  this.timeout(120_000);
  let tmp = '';
  const r = {} as Record<'defaults' | 'allFaults' | 'options', Rendering>;

  /** A values file in a fresh temporary directory. */
  function valuesFile(name: string, content: string): string {
    const file = join(tmp, `${name}.yaml`);
    writeFileSync(file, content);
    return file;
  }

  before(async () => {
    HELM = findHelm();
    tmp = mkdtempSync(join(tmpdir(), 'sts-chaos-chart-'));
    [r.defaults, r.allFaults, r.options] = await Promise.all([
      render(ciValues('default')),
      render(ciValues('all-faults')),
      render(ciValues('options')),
    ]);
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('Chart.yaml: apiVersion v2, sts-chaos 0.1.0', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    expect(chart).to.include({ apiVersion: 'v2', name: 'sts-chaos', version: '0.1.0', appVersion: '0.1.0' });
  });

  it('helm lint --strict passes with every ci values file', async () => {
    const files = readdirSync(CI).filter((f) => f.endsWith('.yaml'));
    expect(files).to.include.members(['default-values.yaml', 'all-faults-values.yaml']);
    for (const f of files) {
      const lint = await helm(['lint', '--strict', CHART, '-f', join(CI, f)]);
      expect(lint.code, `helm lint --strict -f ci/${f}: ${lint.stdout}${lint.stderr}`).to.equal(0);
      expect(lint.stdout).to.match(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it('renders every template, and only the objects the enabled faults need', () => {
    expect(kinds(r.defaults)).to.deep.equal([
      'ConfigMap',
      'Job',
      'Pod',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    expect(kinds(r.allFaults)).to.deep.equal(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Job',
        'Pod',
        'Role',
        'RoleBinding',
        'ServiceAccount',
      ].sort(),
    );
    expect(kinds(r.options)).to.include('PersistentVolumeClaim');
    expect(hookKinds(r.defaults)).to.deep.equal(['Job', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(hookKinds(r.allFaults)).to.deep.equal(
      ['ClusterRole', 'ClusterRoleBinding', 'Job', 'Role', 'RoleBinding', 'ServiceAccount'].sort(),
    );
    const templates = readdirSync(join(CHART, 'templates'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
      .map((e) => relative(CHART, join(e.parentPath, e.name)));
    const rendered = new Set([...r.defaults.sources, ...r.allFaults.sources, ...r.options.sources]);
    for (const t of templates)
      expect(rendered.has(t), `${t} rendered by one of the ci values files`).to.equal(true);
    for (const obj of [...r.defaults.docs, ...r.allFaults.docs, ...r.options.docs]) {
      expect(obj.apiVersion, `${obj.kind} apiVersion`).to.be.a('string');
      expect(obj.metadata.name, `${obj.kind} name`).to.match(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    }
  });

  it('puts every namespaced object in the target namespace (default: the release namespace)', async () => {
    const other = await render([...ciValues('all-faults'), '--set', 'target.namespace=db']);
    for (const [rendering, ns] of [
      [r.defaults, NS],
      [r.allFaults, NS],
      [other, 'db'],
    ] as const) {
      for (const obj of rendering.docs) {
        if (obj.kind.startsWith('Cluster')) expect(obj.metadata.namespace, obj.kind).to.equal(undefined);
        else expect(obj.metadata.namespace, `${obj.kind} ${obj.metadata.name}`).to.equal(ns);
      }
      expect(runConfig(rendering).target).to.equal(`${ns}/web`);
      for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
        const binding = rendering.docs.find((d) => d.kind === kind && !isCleanupHook(d)) as
          | (Obj & { subjects: { kind: string; name: string; namespace: string }[] })
          | undefined;
        if (!binding) continue;
        expect(binding.subjects, kind).to.deep.equal([
          { kind: 'ServiceAccount', name: FULLNAME, namespace: ns },
        ]);
      }
    }
    const [a, b] = [only(r.allFaults, 'ClusterRole'), only(other, 'ClusterRole')];
    expect(a.metadata.name, 'the ClusterRole name carries the target namespace').to.not.equal(
      b.metadata.name,
    );
    const [ha, hb] = [hookOnly(r.allFaults, 'ClusterRole'), hookOnly(other, 'ClusterRole')];
    expect(ha.metadata.name, "the hook's ClusterRole name carries the target namespace").to.not.equal(
      hb.metadata.name,
    );
  });

  describe('RBAC', () => {
    it('defaults: the Role grants exactly the namespaced contract; no ClusterRole, no ClusterRoleBinding', () => {
      const role = only<Obj & { rules: Rule[] }>(r.defaults, 'Role');
      expect(grants(role.rules)).to.deep.equal(ROLE_BASE);
      expect(r.defaults.docs.filter((d) => d.kind.startsWith('Cluster'))).to.deep.equal([]);
    });

    it('all faults: the Role adds pods/eviction create; the ClusterRole grants exactly nodes and volumes', () => {
      const role = only<Obj & { rules: Rule[] }>(r.allFaults, 'Role');
      expect(grants(role.rules)).to.deep.equal([...ROLE_BASE, ...ROLE_DRAIN].sort());
      const cr = only<Obj & { rules: Rule[] }>(r.allFaults, 'ClusterRole');
      expect(grants(cr.rules)).to.deep.equal(CLUSTER_ROLE);
      const crb = only<Obj & { roleRef: Record<string, string> }>(r.allFaults, 'ClusterRoleBinding');
      expect(crb.roleRef).to.deep.equal({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: cr.metadata.name,
      });
    });

    it('each node fault alone: the ClusterRole; pods/eviction with drain only', async () => {
      for (const [fault, eviction] of [
        ['nodeCordon', false],
        ['nodeDrain', true],
        ['nodeLoss', false],
      ] as const) {
        const one = await renderOneNodeFault(fault);
        const role = only<Obj & { rules: Rule[] }>(one, 'Role');
        expect(grants(role.rules), fault).to.deep.equal(
          eviction ? [...ROLE_BASE, ...ROLE_DRAIN].sort() : ROLE_BASE,
        );
        expect(grants(only<Obj & { rules: Rule[] }>(one, 'ClusterRole').rules), fault).to.deep.equal(
          CLUSTER_ROLE,
        );
        only(one, 'ClusterRoleBinding');
      }
    });

    it("binds the Role to the Job's ServiceAccount", () => {
      for (const rendering of [r.defaults, r.allFaults]) {
        const rb = only<Obj & { roleRef: Record<string, string> }>(rendering, 'RoleBinding');
        expect(rb.roleRef).to.deep.equal({
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: only(rendering, 'Role').metadata.name,
        });
        const sa = only(rendering, 'ServiceAccount');
        expect(only<Job>(rendering, 'Job').spec.template.spec.serviceAccountName).to.equal(sa.metadata.name);
      }
    });
  });

  it('one label set: the same app.kubernetes.io/* labels on every object and on the pods', () => {
    const expected = {
      'app.kubernetes.io/name': 'sts-chaos',
      'app.kubernetes.io/instance': RELEASE,
      'app.kubernetes.io/version': '0.1.0',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': 'sts-chaos',
      'app.kubernetes.io/component': 'conformance-test',
    };
    const appLabels = (labels: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k.startsWith('app.kubernetes.io/')));
    for (const rendering of [r.defaults, r.allFaults, r.options]) {
      for (const obj of rendering.docs) {
        expect(appLabels(obj.metadata.labels), `${obj.kind} ${obj.metadata.name}`).to.deep.equal(expected);
      }
      const pod = only<Job>(rendering, 'Job').spec.template.metadata;
      expect(appLabels(pod.labels), "the Job's pod template").to.deep.equal(expected);
      const hookPod = hookOnly<Job>(rendering, 'Job').spec.template.metadata;
      expect(appLabels(hookPod.labels), "the cleanup hook's pod template").to.deep.equal(expected);
    }
    const templates = join(CHART, 'templates');
    for (const f of readdirSync(templates, { recursive: true }) as string[]) {
      if (!f.endsWith('.yaml')) continue;
      const text = readFileSync(join(templates, f), 'utf8');
      expect(text, `${f} writes no app.kubernetes.io label of its own`).to.not.match(/app\.kubernetes\.io\//);
    }
  });

  describe('values.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as Schema;
    const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Json;

    it('is in step with values.yaml: every key path of one is in the other', () => {
      const missingInSchema = valuePaths(values).filter((p) => !schemaAt(schema, p));
      expect(missingInSchema, 'values.yaml keys the schema lacks').to.deep.equal([]);
      const inValues = new Set(valuePaths(values));
      const missingInValues = schemaPaths(schema).filter((p) => !inValues.has(p));
      expect(missingInValues, 'schema properties values.yaml lacks').to.deep.equal([]);
    });

    it('is draft-07 and closes every object it declares (additionalProperties false)', () => {
      expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
      const nodes = objectNodes(schema);
      expect(nodes.length).to.be.greaterThan(10);
      for (const [path, node] of nodes) {
        if (node.properties) expect(node.additionalProperties, path).to.equal(false);
        else if (path.startsWith('(root).affinity.*'))
          // The terms of a Kubernetes Affinity, validated by the API server.
          expect(node.additionalProperties, path).to.equal(true);
        else expect(node.additionalProperties, `${path}: a typed map`).to.be.an('object');
      }
    });

    it('rejects an unknown key, naming it', async () => {
      for (const [name, content, key] of [
        ['unknown-top', 'target: {name: web}\nbogusKey: 1\n', 'bogusKey'],
        ['unknown-nested', 'target: {name: web}\nfaults: {nodeReboot: true}\n', 'nodeReboot'],
        ['unknown-deep', 'target: {name: web}\nresults: {persistentVolumeClaim: {sise: 1Gi}}\n', 'sise'],
      ] as const) {
        const out = await helm(['template', RELEASE, CHART, '-f', valuesFile(name, content)]);
        expect(out.code, name).to.not.equal(0);
        expect(out.stderr, name)
          .to.include(key)
          .and.to.match(/additional propert/i);
      }
    });

    it('rejects a value of the wrong type', async () => {
      for (const [name, content, path] of [
        ['type-int', 'target: {name: web}\nmaxDisrupted: "two"\n', '/maxDisrupted'],
        ['type-bool', 'target: {name: web}\nfaults: {nodeLoss: "yes"}\n', '/faults/nodeLoss'],
        ['type-enum', 'target: {name: web}\nlogFormat: xml\n', '/logFormat'],
        ['type-suite', 'target: {name: web}\nsuites: [identity, chaos]\n', '/suites/1'],
        ['type-duration', 'target: {name: web}\nbudget: banana\n', '/budget'],
        ['type-min', 'target: {name: web}\nmaxDisrupted: 0\n', '/maxDisrupted'],
      ] as const) {
        const out = await helm(['template', RELEASE, CHART, '-f', valuesFile(name, content)]);
        expect(out.code, name).to.not.equal(0);
        expect(out.stderr, name).to.include(path);
      }
    });
  });

  it('fails with a clear message when target.name is missing', async () => {
    const out = await helm(['template', RELEASE, CHART]);
    expect(out.code).to.not.equal(0);
    expect(out.stderr).to.include('target.name is required: the name of the StatefulSet to test');
  });

  it('fails with a clear message when node loss has no commands', async () => {
    const out = await helm(['template', RELEASE, CHART, '--set', 'target.name=web,faults.nodeLoss=true']);
    expect(out.code).to.not.equal(0);
    expect(out.stderr).to.include('faults.nodeLoss needs nodeLoss.downCommand and nodeLoss.upCommand');
  });

  describe('the Job', () => {
    it('is named after the release revision, runs once, within its deadline', () => {
      const job = only<Job>(r.defaults, 'Job');
      // helm template renders revision 1; the name comes from .Release.Revision (templates/_helpers.tpl).
      expect(job.metadata.name).to.equal(`${FULLNAME}-1`);
      expect(readFileSync(join(CHART, 'templates', '_helpers.tpl'), 'utf8')).to.include('.Release.Revision');
      expect(job.spec.backoffLimit).to.equal(0);
      expect(job.spec.activeDeadlineSeconds).to.equal(1800);
      expect(job.spec.ttlSecondsAfterFinished).to.equal(86400);
      expect(job.spec.template.spec.restartPolicy).to.equal('Never');
    });

    it('runs non-root, read-only, without capabilities, with the service account token', () => {
      for (const rendering of [r.defaults, r.allFaults, r.options]) {
        const pod = only<Job>(rendering, 'Job').spec.template.spec;
        expect(pod.automountServiceAccountToken).to.equal(true);
        expect(pod.securityContext).to.deep.equal({
          runAsNonRoot: true,
          runAsUser: 65532,
          runAsGroup: 65532,
          fsGroup: 65532,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(pod.containers).to.have.length(1);
        expect(pod.containers[0]?.securityContext).to.deep.include({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
    });

    it('runs `run --config` on the config ConfigMap, writes only to /tmp and /reports', () => {
      const job = only<Job>(r.defaults, 'Job');
      const pod = job.spec.template.spec;
      const c = pod.containers[0] as Container;
      expect(c.image).to.equal('localhost/sts-chaos:dev');
      expect(c.imagePullPolicy).to.equal('IfNotPresent');
      expect(c.args).to.deep.equal(['run', '--config', '/etc/sts-chaos/config.yaml']);
      expect(c.env).to.deep.include({ name: 'STS_CHAOS_LOG_FORMAT', value: 'json' });
      expect(c.resources).to.deep.equal({
        requests: { cpu: '50m', memory: '128Mi' },
        limits: { memory: '512Mi' },
      });
      expect(c.volumeMounts).to.deep.equal([
        { name: 'config', mountPath: '/etc/sts-chaos', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'reports', mountPath: '/reports' },
      ]);
      expect(pod.volumes).to.deep.equal([
        { name: 'config', configMap: { name: `${FULLNAME}-config` } },
        { name: 'tmp', emptyDir: {} },
        { name: 'reports', emptyDir: {} },
      ]);
      expect(runConfig(r.defaults).reportDir).to.equal('/reports');
      const checksum = job.spec.template.metadata.annotations?.['checksum/config'];
      expect(checksum).to.match(/^[0-9a-f]{64}$/);
      expect(
        only<Job>(r.allFaults, 'Job').spec.template.metadata.annotations?.['checksum/config'],
      ).to.not.equal(checksum);
    });

    it('puts /reports on a claim: one the chart creates (kept on uninstall), or an existing one', async () => {
      const pvc = only<Obj & { spec: { resources: { requests: { storage: string } } } }>(
        r.options,
        'PersistentVolumeClaim',
      );
      expect(pvc.metadata.name).to.equal(`${FULLNAME}-reports`);
      expect(pvc.metadata.annotations).to.deep.include({ 'helm.sh/resource-policy': 'keep' });
      expect(pvc.spec.resources.requests.storage).to.equal('64Mi');
      const reports = (j: Job) => j.spec.template.spec.volumes.find((v) => v.name === 'reports');
      expect(reports(only<Job>(r.options, 'Job'))).to.deep.equal({
        name: 'reports',
        persistentVolumeClaim: { claimName: `${FULLNAME}-reports` },
      });
      const existing = await render([
        ...ciValues('default'),
        '--set',
        'results.persistentVolumeClaim.existingClaim=my-reports',
      ]);
      expect(kinds(existing)).to.not.include('PersistentVolumeClaim');
      expect(reports(only<Job>(existing, 'Job'))).to.deep.equal({
        name: 'reports',
        persistentVolumeClaim: { claimName: 'my-reports' },
      });
    });

    it('has a helm test pod that runs the image under the same security context, without a token', () => {
      const pod = only<Obj & { spec: PodSpec }>(r.defaults, 'Pod');
      expect(pod.metadata.annotations).to.deep.include({ 'helm.sh/hook': 'test' });
      expect(pod.spec.automountServiceAccountToken).to.equal(false);
      const job = only<Job>(r.defaults, 'Job').spec.template.spec;
      expect(pod.spec.securityContext).to.deep.equal(job.securityContext);
      expect(pod.spec.containers[0]?.securityContext).to.deep.equal(job.containers[0]?.securityContext);
      expect(pod.spec.containers[0]?.image).to.equal(job.containers[0]?.image);
      expect(pod.spec.containers[0]?.args).to.deep.equal(['list']);
    });
  });

  describe('the cleanup hook (sts-chaos cleanup before install, upgrade and uninstall)', () => {
    const HOOK = `${FULLNAME}-cleanup`;
    const hookJob = (rendering: Rendering) => hookOnly<Job>(rendering, 'Job');
    const weight = (o: Obj) => Number(o.metadata.annotations?.['helm.sh/hook-weight']);

    it("runs `cleanup --target <ns>/<sts>` with the Job's image, pre-install, pre-upgrade and pre-delete", async () => {
      for (const [rendering, ns] of [
        [r.defaults, NS],
        [await render([...ciValues('default'), '--set', 'target.namespace=db']), 'db'],
      ] as const) {
        const job = hookJob(rendering);
        expect(job.metadata.name).to.equal(HOOK);
        const c = job.spec.template.spec.containers[0] as Container;
        expect(job.spec.template.spec.containers).to.have.length(1);
        expect(c.args).to.deep.equal(['cleanup', '--target', `${ns}/web`]);
        expect(c.image).to.equal(only<Job>(rendering, 'Job').spec.template.spec.containers[0]?.image);
        expect(c.imagePullPolicy).to.equal('IfNotPresent');
        expect(c.env).to.deep.equal([
          { name: 'STS_CHAOS_LOG_FORMAT', value: 'json' },
          { name: 'STS_CHAOS_LOG_LEVEL', value: 'info' },
        ]);
        expect(job.spec.backoffLimit).to.equal(0);
        expect(job.spec.activeDeadlineSeconds).to.equal(300);
        expect(job.spec.template.spec.restartPolicy).to.equal('Never');
        for (const o of rendering.docs.filter(isCleanupHook)) {
          expect(o.metadata.annotations?.['helm.sh/hook'], `${o.kind}`).to.equal(
            'pre-install,pre-upgrade,pre-delete',
          );
          expect(o.metadata.annotations?.['helm.sh/hook-delete-policy'], `${o.kind}`).to.equal(
            'before-hook-creation,hook-succeeded',
          );
          if (!o.kind.startsWith('Cluster')) expect(o.metadata.namespace, o.kind).to.equal(ns);
        }
      }
      expect(hookJob(r.defaults).metadata.annotations?.['helm.sh/hook-output-log-policy']).to.equal(
        'hook-failed',
      );
    });

    it("makes its own ServiceAccount and RBAC first (a pre-install hook runs before the release's objects exist)", () => {
      for (const rendering of [r.defaults, r.allFaults]) {
        const [sa, role, rb, job] = ['ServiceAccount', 'Role', 'RoleBinding', 'Job'].map((k) =>
          hookOnly(rendering, k),
        ) as [Obj, Obj, Obj & { roleRef: Record<string, string>; subjects: unknown[] }, Job];
        expect(weight(sa)).to.be.below(weight(role));
        expect(weight(role)).to.be.below(weight(rb));
        expect(weight(rb)).to.be.below(weight(job));
        expect(sa.metadata.name).to.equal(HOOK);
        expect(sa).to.have.property('automountServiceAccountToken', false);
        expect(job.spec.template.spec.serviceAccountName).to.equal(HOOK);
        expect(job.spec.template.spec.serviceAccountName).to.not.equal(
          only<Job>(rendering, 'Job').spec.template.spec.serviceAccountName,
        );
        expect(rb.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: HOOK });
        expect(rb.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: HOOK, namespace: NS }]);
      }
      const cr = hookOnly(r.allFaults, 'ClusterRole');
      const crb = hookOnly<Obj & { roleRef: Record<string, string>; subjects: unknown[] }>(
        r.allFaults,
        'ClusterRoleBinding',
      );
      expect(weight(cr)).to.be.below(weight(crb));
      expect(weight(crb)).to.be.below(weight(hookJob(r.allFaults)));
      expect(crb.roleRef).to.deep.equal({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: cr.metadata.name,
      });
      expect(crb.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: HOOK, namespace: NS }]);
    });

    it('RBAC: exactly what the reverts need; nodes patch only with cordon or drain', async () => {
      expect(grants(hookOnly<Obj & { rules: Rule[] }>(r.defaults, 'Role').rules)).to.deep.equal(HOOK_ROLE);
      expect(grants(hookOnly<Obj & { rules: Rule[] }>(r.allFaults, 'Role').rules)).to.deep.equal(HOOK_ROLE);
      expect(grants(hookOnly<Obj & { rules: Rule[] }>(r.allFaults, 'ClusterRole').rules)).to.deep.equal(
        HOOK_CLUSTER_ROLE,
      );
      for (const [fault, cluster] of [
        ['nodeCordon', true],
        ['nodeDrain', true],
        ['nodeLoss', false],
      ] as const) {
        const one = await renderOneNodeFault(fault);
        expect(grants(hookOnly<Obj & { rules: Rule[] }>(one, 'Role').rules), fault).to.deep.equal(HOOK_ROLE);
        expect(hookKinds(one).includes('ClusterRole'), fault).to.equal(cluster);
        expect(hookKinds(one).includes('ClusterRoleBinding'), fault).to.equal(cluster);
      }
    });

    it("runs under the Job's security context, scheduling and resources", () => {
      for (const rendering of [r.defaults, r.allFaults, r.options]) {
        const main = only<Job>(rendering, 'Job').spec.template.spec;
        const hook = hookJob(rendering).spec.template.spec;
        expect(hook.automountServiceAccountToken).to.equal(true);
        expect(hook.securityContext).to.deep.equal(main.securityContext);
        expect(hook.containers[0]?.securityContext).to.deep.equal(main.containers[0]?.securityContext);
        expect(hook.containers[0]?.resources).to.deep.equal(main.containers[0]?.resources);
        for (const k of ['nodeSelector', 'tolerations', 'affinity', 'imagePullSecrets'])
          expect((hook as unknown as Record<string, unknown>)[k], k).to.deep.equal(
            (main as unknown as Record<string, unknown>)[k],
          );
        expect(hook.containers[0]?.volumeMounts).to.deep.equal([{ name: 'tmp', mountPath: '/tmp' }]);
        expect(hook.volumes).to.deep.equal([{ name: 'tmp', emptyDir: {} }]);
      }
    });

    it('cleanupHook.enabled false: no hook object at all; activeDeadlineSeconds is a value', async () => {
      const off = await render([...ciValues('all-faults'), '--set', 'cleanupHook.enabled=false']);
      expect(hookKinds(off)).to.deep.equal([]);
      expect(kinds(off)).to.deep.equal(kinds(r.allFaults));
      const longer = await render([...ciValues('default'), '--set', 'cleanupHook.activeDeadlineSeconds=900']);
      expect(hookJob(longer).spec.activeDeadlineSeconds).to.equal(900);
      for (const [name, content, path] of [
        ['hook-bool', 'target: {name: web}\ncleanupHook: {enabled: "yes"}\n', '/cleanupHook/enabled'],
        [
          'hook-min',
          'target: {name: web}\ncleanupHook: {activeDeadlineSeconds: 0}\n',
          '/cleanupHook/activeDeadlineSeconds',
        ],
        ['hook-unknown', 'target: {name: web}\ncleanupHook: {enable: true}\n', 'enable'],
      ] as const) {
        const out = await helm(['template', RELEASE, CHART, '-f', valuesFile(name, content)]);
        expect(out.code, name).to.not.equal(0);
        expect(out.stderr, name).to.include(path);
      }
    });
  });

  describe('the run config', () => {
    it('holds only keys sts-chaos takes, and sts-chaos accepts it', () => {
      for (const [name, rendering] of Object.entries(r)) {
        const cfg = runConfig(rendering);
        for (const [key, value] of Object.entries(cfg)) {
          expect(CONFIG_KEYS, `${name}: ${key}`).to.have.property(key);
          const nested = CONFIG_KEYS[key];
          if (nested) expect(nested, `${name}: ${key}`).to.include.members(Object.keys(value as object));
          expect(value, `${name}: ${key} is set`).to.not.equal(null);
          expect(value, `${name}: ${key} is set`).to.not.equal('');
        }
        const file = join(tmp, `config-${name}.yaml`);
        writeFileSync(file, runConfigText(rendering));
        const loaded = loadRunConfig({ configFile: file, env: { STS_CHAOS_LOG_FORMAT: 'json' }, flags: {} });
        expect(loaded.target, name).to.deep.equal({ namespace: NS, name: 'web' });
        expect(loaded.reportDir, name).to.equal('/reports');
      }
      expect(runConfig(r.defaults).resultsConfigMap).to.equal(`${FULLNAME}-results`);
      expect(runConfig(r.options)).to.not.have.property('resultsConfigMap');
    });

    it('skips the node faults by default, none of them with all faults, and keeps a user skip', () => {
      const def = runConfig(r.defaults);
      expect(def.skip).to.equal('NodeFault');
      expect(def.nodeLoss).to.deep.equal({ mode: 'none' });
      for (const t of [TITLES.cordon, TITLES.drain, TITLES.loss]) expect(selects(def, t), t).to.equal(false);
      expect(selects(def, TITLES.podKill)).to.equal(true);

      const all = runConfig(r.allFaults);
      expect(all).to.not.have.property('skip');
      expect(all.nodeLoss).to.deep.equal({
        mode: 'command',
        downCommand: '/opt/partition.sh down {node}',
        upCommand: '/opt/partition.sh up {node}',
        containersLeftRunning: true,
      });
      for (const t of Object.values(TITLES)) expect(selects(all, t), t).to.equal(true);

      // ci/options-values.yaml: skip "ID-3", only node cordon enabled.
      const opt = runConfig(r.options);
      expect(opt.skip).to.match(/^\(\?:ID-3\)\|/);
      expect(selects(opt, TITLES.cordon)).to.equal(true);
      expect(selects(opt, TITLES.drain)).to.equal(false);
      expect(selects(opt, TITLES.loss)).to.equal(false);
      expect(selects(opt, 'identity: pod-kill [Disruptive] ID-3 stable DNS [pod-kill]')).to.equal(false);
    });

    it('combines a user skip with the node faults as (?:user)|NodeFault', async () => {
      const cfg = runConfig(await render([...ciValues('default'), '--set', 'skip=VOL-4']));
      expect(cfg.skip).to.equal('(?:VOL-4)|NodeFault');
    });

    it('matches the titles of the split-brain suite', () => {
      // The skip expressions rely on these: the tag [NodeFault] and each step's [node-…] tag.
      const suite = readFileSync(join(ROOT, 'suites', 'split-brain.ts'), 'utf8');
      expect(suite).to.include('[NodeFault]');
      expect(suite).to.match(/\[\$\{name\}\]/);
      for (const step of ['node-cordon', 'node-drain', 'node-loss']) expect(suite).to.include(`'${step}'`);
    });
  });

  it('server-side dry-run against the lab accepts both renderings (creates nothing)', async function () {
    try {
      await kubectl('--request-timeout=5s', 'get', '--raw', '/readyz');
    } catch {
      this.skip();
    }
    expect(existsSync(KUBECONFIG)).to.equal(true);
    for (const name of ['default', 'all-faults']) {
      const rendering = await render([...ciValues(name), '--set', 'target.namespace=default'], 'default');
      const file = join(tmp, `dry-run-${name}.yaml`);
      writeFileSync(file, rendering.text);
      const out = await kubectl('apply', '--dry-run=server', '--namespace', 'default', '-f', file);
      expect(out, name).to.match(/job\.batch\/rel-sts-chaos-1 created \(server dry run\)/);
      expect(out.match(/\(server dry run\)/g), name).to.have.length(rendering.docs.length);
    }
  });
});
