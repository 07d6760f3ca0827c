/**
 * sts-chaos as a cluster Job, installed with the chart into the lab: it runs the suites with only the
 * chart's RBAC, its verdict is in its log and the results are retrievable from a ConfigMap; a negative
 * control fails the Job; a target outside the chart's RBAC ends in exit 2 with a one-line reason.
 * Needs `lab up` and `npm run image`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { KUBECONFIG, kubectl, kubectlJson, Recorder, ROOT, sh } from './helpers.ts';

const HELM = join(ROOT, '.lab', 'bin', 'helm');
const CHART = join(ROOT, 'chart');

function helm(...args: string[]): Promise<string> {
  return sh(HELM, ['--kubeconfig', KUBECONFIG, ...args]);
}

async function deploy(manifest: string, ns: string, sts: string): Promise<void> {
  await kubectl('apply', '-f', manifest);
  await kubectl('-n', ns, 'rollout', 'status', `statefulset/${sts}`, '--timeout=120s');
}

/** Waits (watching the Job) for it to end; returns 'Complete' or 'Failed'. */
async function jobEnd(ns: string, job: string): Promise<string> {
  const jobs = await Recorder.start<k8s.V1Job>(`/apis/batch/v1/namespaces/${ns}/jobs`, {
    fieldSelector: `metadata.name=${job}`,
  });
  try {
    const end = await jobs.until(
      `job ${ns}/${job} to end`,
      (e) =>
        (e.object.status?.conditions ?? []).some(
          (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
        ),
      300_000,
    );
    return (
      (end.object.status?.conditions ?? []).find(
        (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      )?.type ?? ''
    );
  } finally {
    jobs.stop();
  }
}

describe('the chart: sts-chaos as a cluster Job', function () {
  this.timeout(600_000);

  it('runs the suites on the demo target with the chart RBAC: verdict in the log, results in a ConfigMap, DNS checked for real', async () => {
    await deploy(join(ROOT, 'lab', 'manifests', 'demo.yaml'), 'sts-demo', 'web');
    await helm(
      'install',
      'gate',
      CHART,
      '-n',
      'sts-demo',
      '--set',
      'target.name=web',
      '--set',
      'suites={identity,volumes}',
    );
    try {
      expect(await jobEnd('sts-demo', 'gate-sts-chaos-1')).to.equal('Complete');
      const log = await kubectl('-n', 'sts-demo', 'logs', 'job/gate-sts-chaos-1', '--tail', '1');
      expect((JSON.parse(log) as { msg: string }).msg).to.equal('verdict: PASSED (exit 0)');
      const cm = await kubectlJson<k8s.V1ConfigMap>(
        '-n',
        'sts-demo',
        'get',
        'configmap',
        'gate-sts-chaos-results',
      );
      expect(cm.data?.verdict).to.equal('passed (exit 0)');
      expect(cm.data?.['summary.md']).to.match(/PASSED/);
      expect(cm.data?.['junit.xml'])
        .to.match(/<testsuites/)
        .and.not.match(/<failure/);
      // In the cluster, ID-3 resolves the pods' DNS names for real: passed, not skipped.
      expect(cm.data?.['junit.xml']).to.match(/ID-3[^>]*>\s*<\/testcase>|ID-3[^>]*\/>/);
      const report = JSON.parse(cm.data?.['report.json'] ?? '{}') as {
        steps: { results: { id: string; status: string }[] }[];
      };
      const id3 = report.steps.flatMap((s) => s.results).filter((r) => r.id === 'ID-3');
      expect(id3.length).to.be.greaterThan(0);
      for (const r of id3) expect(r.status).to.equal('pass');
    } finally {
      await helm('uninstall', 'gate', '-n', 'sts-demo', '--wait');
      await kubectl('-n', 'sts-demo', 'delete', 'configmap', 'gate-sts-chaos-results', '--ignore-not-found');
    }
  });

  it('fails the Job on a negative control, and the report names the failing check', async () => {
    await deploy(join(ROOT, 'lab', 'manifests', 'controls', 'emptydir-data.yaml'), 'ctl-emptydir', 'cache');
    // Not about the cleanup hook (hook.test.ts is): installed without it, a few seconds less.
    await helm(
      'install',
      'neg',
      '--no-hooks',
      CHART,
      '-n',
      'ctl-emptydir',
      '--set',
      'target.name=cache',
      '--set',
      'suites={volumes}',
      '--set',
      'grep=pod-kill',
      '--set',
      'dataPaths={/cache}',
    );
    try {
      expect(await jobEnd('ctl-emptydir', 'neg-sts-chaos-1')).to.equal('Failed');
      const cm = await kubectlJson<k8s.V1ConfigMap>(
        '-n',
        'ctl-emptydir',
        'get',
        'configmap',
        'neg-sts-chaos-results',
      );
      expect(cm.data?.verdict).to.equal('failed (exit 1)');
      expect(cm.data?.['summary.md'])
        .to.match(/FAILED/)
        .and.match(/VOL-3/);
      expect(cm.data?.['junit.xml']).to.match(/<failure/);
    } finally {
      await helm('uninstall', 'neg', '-n', 'ctl-emptydir', '--wait', '--no-hooks');
    }
  });

  it('a target outside the chart RBAC: exit 2 and one line about permissions, no stack trace', async () => {
    await helm(
      'install',
      'perm',
      '--no-hooks',
      CHART,
      '-n',
      'sts-demo',
      '--set',
      'target.name=web',
      '--set',
      'suites={identity}',
      '--set',
      'grep=NOTHING',
    );
    try {
      await jobEnd('sts-demo', 'perm-sts-chaos-1');
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'perm-outside', namespace: 'sts-demo' },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: 'perm-sts-chaos',
          automountServiceAccountToken: true,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'sts-chaos',
              image: 'localhost/sts-chaos:dev',
              imagePullPolicy: 'Never',
              args: ['run', '--target', 'ctl-emptydir/cache', '--log-format', 'json'],
              securityContext: {
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      };
      const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-pod-')), 'pod.json');
      writeFileSync(file, JSON.stringify(pod));
      await kubectl('apply', '-f', file);
      await kubectl(
        '-n',
        'sts-demo',
        'wait',
        'pod/perm-outside',
        '--for=jsonpath={.status.phase}=Failed',
        '--timeout=90s',
      );
      const p = await kubectlJson<k8s.V1Pod>('-n', 'sts-demo', 'get', 'pod', 'perm-outside');
      expect(p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(2);
      const log = (await kubectl('-n', 'sts-demo', 'logs', 'perm-outside')).trim().split('\n');
      expect(log).to.have.length(1);
      expect(log[0]).to.match(/^sts-chaos: .*forbidden/);
    } finally {
      await kubectl('-n', 'sts-demo', 'delete', 'pod', 'perm-outside', '--ignore-not-found', '--wait=false');
      await helm('uninstall', 'perm', '-n', 'sts-demo', '--wait', '--no-hooks');
      await kubectl('-n', 'sts-demo', 'delete', 'configmap', 'perm-sts-chaos-results', '--ignore-not-found');
    }
  });

  after(async () => {
    await kubectl('delete', 'namespace', 'ctl-emptydir', '--wait=false', '--ignore-not-found');
  });
});
