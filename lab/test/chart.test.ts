/**
 * The Helm chart, what its template tests cannot show: the run config it renders is accepted by
 * sts-chaos's own loader (the config round-trip), and the API server accepts every rendered object
 * (`kubectl apply --dry-run=server`, creates nothing). The templates themselves are tested by helm
 * unittest (chart/tests/, scripts/chart-test.sh). Needs the lab's helm; the dry-run needs the lab.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { loadRunConfig } from '../../src/config/load.ts';
import { FAULT_IDS } from '../../src/config/types.ts';
import { KUBECONFIG, kubectl, ROOT, sh } from './helpers.ts';

const CHART = join(ROOT, 'chart');
const CI = join(CHART, 'ci');
const RELEASE = 'rel';
const NS = 'chart-test';

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

interface Obj {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly data?: Record<string, string>;
}

/** `helm template` of the chart with a values file of chart/ci (and more args). */
async function render(
  name: string,
  namespace: string,
  args: string[] = [],
): Promise<{ text: string; docs: Obj[] }> {
  const text = await sh(findHelm(), [
    'template',
    RELEASE,
    CHART,
    '--namespace',
    namespace,
    '-f',
    join(CI, `${name}-values.yaml`),
    ...args,
  ]);
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((d): d is Obj => d !== null);
  return { text, docs };
}

describe('the Helm chart, with sts-chaos and the API server', function () {
  this.timeout(120_000);
  let tmp = '';

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sts-chaos-chart-'));
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the run config of every ci values file is accepted by sts-chaos, faults as the values enable them', async () => {
    const expected: Record<string, readonly string[]> = {
      default: ['pod-kill', 'process-kill', 'claim-deletion', 'probe-breakage', 'scale'],
      'all-faults': FAULT_IDS,
      options: ['pod-kill', 'process-kill', 'claim-deletion', 'probe-breakage', 'scale', 'node-cordon'],
    };
    for (const [name, faults] of Object.entries(expected)) {
      const { docs } = await render(name, NS);
      const cm = docs.find(
        (d) => d.kind === 'ConfigMap' && d.metadata.name === `${RELEASE}-sts-chaos-config`,
      );
      const text = cm?.data?.['config.yaml'];
      expect(text, `${name}: config.yaml`).to.be.a('string');
      const file = join(tmp, `config-${name}.yaml`);
      writeFileSync(file, text ?? '');
      const loaded = loadRunConfig({ configFile: file, env: { STS_CHAOS_LOG_FORMAT: 'json' }, flags: {} });
      expect(loaded.target, name).to.deep.equal({ namespace: NS, name: 'web' });
      expect(loaded.reportDir, name).to.equal('/reports');
      expect(loaded.faults, name).to.deep.equal(faults);
      // The chart no longer selects faults by title: the user's skip only.
      expect((parse(text ?? '') as Record<string, unknown>).skip, name).to.equal(
        name === 'options' ? 'ID-3' : undefined,
      );
    }
  });

  it('server-side dry-run against the lab accepts every rendered object (creates nothing)', async function () {
    try {
      await kubectl('--request-timeout=5s', 'get', '--raw', '/readyz');
    } catch {
      this.skip();
    }
    expect(existsSync(KUBECONFIG)).to.equal(true);
    for (const name of ['default', 'all-faults', 'options']) {
      const rendering = await render(name, 'default', ['--set', 'target.namespace=default']);
      const file = join(tmp, `dry-run-${name}.yaml`);
      writeFileSync(file, rendering.text);
      const out = await kubectl('apply', '--dry-run=server', '--namespace', 'default', '-f', file);
      expect(out, name).to.match(/job\.batch\/rel-sts-chaos-1 created \(server dry run\)/);
      expect(out.match(/\(server dry run\)/g), name).to.have.length(rendering.docs.length);
    }
  });
});
