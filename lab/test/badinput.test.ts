/**
 * Bad input on real objects: a StatefulSet name at the length limits, replicas 0, a governing Service
 * that is not headless, a target being deleted. Each run ends in a documented exit code with a one-line
 * message on stderr, no stack trace, and leaves nothing behind (no ledger, no Lease, no cordon). Needs
 * `lab up`; uses its own namespace, safety-input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { stringify } from 'yaml';
import type { RunReport } from '../../src/report/types.ts';
import { messages, noRunLeft, type Ran, stsChaos, why } from './cli-helpers.ts';
import { kubectl, kubectlJson } from './helpers.ts';

const NS = 'safety-input';

/** A small StatefulSet like the demo's (busybox httpd, readiness and liveness probes), no claims. */
function statefulSet(
  name: string,
  replicas: number,
  serviceName: string,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS, ...extra },
    spec: {
      serviceName,
      replicas,
      selector: { matchLabels: { app: name.slice(0, 63) } },
      template: {
        metadata: { labels: { app: name.slice(0, 63) } },
        spec: {
          terminationGracePeriodSeconds: 2,
          enableServiceLinks: false,
          containers: [
            {
              name: 'web',
              image: 'localhost/lab/busybox:latest',
              imagePullPolicy: 'IfNotPresent',
              // httpd is not PID 1: a PID namespace's init ignores SIGSTOP sent from inside the namespace,
              // so the probe freeze could not stop it.
              command: [
                'sh',
                '-c',
                'mkdir -p /www && echo ok > /www/index.html && httpd -f -p 8080 -h /www & wait',
              ],
              readinessProbe: {
                httpGet: { path: '/index.html', port: 8080 },
                periodSeconds: 1,
                failureThreshold: 2,
              },
              livenessProbe: {
                httpGet: { path: '/index.html', port: 8080 },
                periodSeconds: 5,
                failureThreshold: 3,
              },
              resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } },
            },
          ],
        },
      },
    },
  };
}

function service(name: string, headless: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: {
      ...(headless ? { clusterIP: 'None' } : {}),
      selector: { app: name },
      ports: [{ name: 'http', port: 8080 }],
    },
  };
}

async function apply(...objects: unknown[]): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-input-')), 'objects.yaml');
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  await kubectl('apply', '-f', file);
}

/**
 * One line on stderr besides the JSON log lines (the preflight's, when it ran), `sts-chaos: …`, the
 * last one; no stack trace.
 */
function oneLine(r: Ran, re: RegExp): void {
  const lines = r.stderr.trim().split('\n');
  const plain = lines.filter((l) => !l.startsWith('{'));
  expect(plain, r.stderr).to.have.length(1);
  expect(plain[0]).to.equal(lines.at(-1));
  expect(plain[0]).to.match(/^sts-chaos: /);
  expect(plain[0]).to.match(re);
  expect(r.stderr).to.not.match(/^\s+at /m);
}

async function noLeftovers(): Promise<void> {
  await noRunLeft(NS);
  const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
  for (const n of nodes.items.filter((x) => x.metadata?.name?.startsWith('lab-')))
    expect(n.spec?.unschedulable ?? false, `${n.metadata?.name} cordoned`).to.equal(false);
}

const show = (what: string, r: Ran) =>
  console.log(
    `      ${what}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s: ${r.stderr.trim().split('\n').at(-1)}`,
  );

describe('bad input on real objects: a clear exit, one line, nothing left behind', function () {
  this.timeout(300_000);

  before(async () => {
    await kubectl('create', 'namespace', NS).catch(() => undefined);
  });

  after(async () => {
    // The held StatefulSet's finalizer is released, whatever happened.
    await kubectl(
      '-n',
      NS,
      'patch',
      'statefulset',
      'going',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ).catch(() => undefined);
    await kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  });

  it('a name of 52 characters (the longest whose pods can exist): a real run passes, nothing left', async () => {
    const name = `l${'o'.repeat(50)}g`;
    expect(name).to.have.length(52);
    await apply(service(name.slice(0, 63), true), statefulSet(name, 1, name));
    await kubectl('-n', NS, 'rollout', 'status', `statefulset/${name}`, '--timeout=120s');
    const r = await stsChaos([
      'run',
      '--target',
      `${NS}/${name}`,
      '--suites',
      'identity',
      '--grep',
      'graceful',
      '--budget',
      '60s',
    ]);
    show('52 characters', r);
    expect(r.code, why(r)).to.equal(0);
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    // The Lease (sts-chaos-<name>, 62 characters) was taken and released; the pod really was killed.
    expect(rep.steps.map((s) => s.fault)).to.deep.equal(['pod-kill']);
    expect(rep.steps[0]?.results.find((x) => x.id === 'ID-1')?.status).to.equal('pass');
    await noLeftovers();
    await kubectl('-n', NS, 'delete', 'statefulset', name, '--wait=false');
  });

  it('a name of 63 characters (the API limit; its pods can never be created): refused (exit 3), one line', async () => {
    const name = `m${'a'.repeat(61)}x`;
    expect(name).to.have.length(63);
    await apply(statefulSet(name, 1, 'nowhere'));
    const r = await stsChaos(['run', '--target', `${NS}/${name}`, '--suites', 'identity', '--budget', '20s']);
    show('63 characters', r);
    expect(r.code, why(r)).to.equal(3);
    oneLine(r, new RegExp(`${name} is not healthy`));
    await noLeftovers();
    await kubectl('-n', NS, 'delete', 'statefulset', name, '--wait=false');
  });

  it('a name of 254 characters (beyond any object name): exit 2, one line', async () => {
    const r = await stsChaos(['run', '--target', `${NS}/${'x'.repeat(254)}`]);
    show('254 characters', r);
    expect(r.code, why(r)).to.equal(2);
    oneLine(r, /target/);
  });

  // Decided: a StatefulSet with no replica has nothing to test; a run that skips every check and
  // passes would be a green verdict that was not earned. Exit 2, one line.
  it('replicas 0: exit 2, one line saying there is nothing to test', async () => {
    await apply(service('zero', true), statefulSet('zero', 0, 'zero'));
    const r = await stsChaos(['run', '--target', `${NS}/zero`, '--suites', 'identity', '--budget', '20s']);
    show('replicas 0', r);
    expect(r.code, why(r)).to.equal(2);
    oneLine(r, /0 replicas|replicas 0|no replicas/);
    await noLeftovers();
  });

  // Decided: not bad input but a broken promise of the target (no per-pod DNS): the run goes on, the
  // preflight says "ID-2 will fail", and ID-2 fails naming the Service (exit 1).
  it('a governing Service that is not headless: ID-2 fails and says so (exit 1), nothing left', async () => {
    await apply(service('notheadless', false), statefulSet('notheadless', 1, 'notheadless'));
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/notheadless', '--timeout=120s');
    const r = await stsChaos([
      'run',
      '--target',
      `${NS}/notheadless`,
      '--suites',
      'identity',
      '--grep',
      'graceful',
      '--budget',
      '60s',
    ]);
    show('not headless', r);
    console.log(
      `      ${messages(r)
        .filter((m) => /ID-2|headless/.test(m))
        .slice(0, 2)
        .join(' | ')}`,
    );
    expect(r.code, why(r)).to.equal(1);
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    const id2 = rep.steps.flatMap((s) => s.results).filter((x) => x.id === 'ID-2');
    expect(id2.length).to.be.greaterThan(0);
    for (const x of id2) {
      expect(x.status).to.equal('fail');
      expect(x.reason).to.match(/headless/);
    }
    await noLeftovers();
  });

  it('a target being deleted (held by a finalizer): refused (exit 3) before any fault, one line, its pod untouched', async () => {
    await apply(
      service('going', true),
      statefulSet('going', 1, 'going', { finalizers: ['safety.sts-chaos.test/hold'] }),
    );
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/going', '--timeout=120s');
    const pod = await kubectlJson<k8s.V1Pod>('-n', NS, 'get', 'pod', 'going-0');
    await kubectl('-n', NS, 'delete', 'statefulset', 'going', '--wait=false');
    const sts = await kubectlJson<k8s.V1StatefulSet>('-n', NS, 'get', 'statefulset', 'going');
    expect(sts.metadata?.deletionTimestamp, 'in deletion').to.be.a('string');
    const r = await stsChaos(['run', '--target', `${NS}/going`, '--suites', 'identity', '--budget', '20s']);
    show('being deleted', r);
    const after = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', NS, 'get', 'pods', '-l', 'app=going');
    console.log(
      `      the pod of the StatefulSet in deletion: ${after.items.map((p) => `${p.metadata?.name} ${p.metadata?.uid === pod.metadata?.uid ? 'untouched' : 'REPLACED'}${p.metadata?.deletionTimestamp ? ' (deleting)' : ''}`).join(', ') || 'GONE'}`,
    );
    expect(
      after.items.map((p) => `${p.metadata?.uid} ${p.metadata?.deletionTimestamp ?? ''}`),
      'the pod of a StatefulSet in deletion was not touched',
    ).to.deep.equal([`${pod.metadata?.uid} `]);
    await noLeftovers();
    expect(r.code, why(r)).to.equal(3);
    oneLine(r, /being deleted/);
  });
});
