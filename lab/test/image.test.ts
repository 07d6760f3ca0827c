/**
 * The sts-chaos image (built by `npm run image` from the Dockerfile's steps, imported into the lab): it
 * runs as uid 65532 with a read-only root filesystem and all capabilities dropped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { kubectl, kubectlJson, sh } from './helpers.ts';

const NS = 'sts-chaos-image-test';
const IMAGE = 'localhost/sts-chaos:dev';

function pod(name: string, command: string[]): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'sts-chaos',
          image: IMAGE,
          imagePullPolicy: 'Never',
          ...(command.length ? { command } : { args: ['list'] }),
          securityContext: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

async function runPod(name: string, command: string[] = []): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-pod-')), 'pod.json');
  writeFileSync(file, JSON.stringify(pod(name, command)));
  await kubectl('apply', '-f', file);
  await kubectl('-n', NS, 'wait', `pod/${name}`, '--for=jsonpath={.status.phase}=Succeeded', '--timeout=90s');
  return kubectl('-n', NS, 'logs', name);
}

describe('the sts-chaos image', function () {
  this.timeout(180_000);
  before(async () => {
    await kubectl('create', 'namespace', NS);
  });
  after(async () => {
    await kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  });

  it('is imported into both nodes', async () => {
    for (const n of [1, 2]) {
      const out = await sh('ctr', [
        '--address',
        `/run/sts-lab/n${n}/containerd.sock`,
        '-n',
        'k8s.io',
        'images',
        'ls',
        '-q',
      ]);
      expect(out.split('\n'), `lab-n${n}`).to.include(IMAGE);
    }
  });

  it('runs its entrypoint (sts-chaos list) as non-root with a read-only root filesystem', async () => {
    const out = await runPod('list');
    expect(out).to.match(/suites/);
    expect(out).to.match(/SB-2/);
    const p = await kubectlJson<k8s.V1Pod>('-n', NS, 'get', 'pod', 'list');
    expect(p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(0);
  });

  it('is uid 65532, cannot write its root filesystem, can write /tmp', async () => {
    const script = [
      "const fs = require('node:fs');",
      'let root = "writable"; try { fs.writeFileSync("/probe", "x"); } catch { root = "read-only"; }',
      'fs.writeFileSync("/tmp/probe", "x");',
      'console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), root, node: process.version }));',
    ].join(' ');
    const out = await runPod('whoami', ['/usr/local/bin/node', '-e', script]);
    const seen = JSON.parse(out.trim()) as { uid: number; gid: number; root: string; node: string };
    expect(seen).to.deep.include({ uid: 65532, gid: 65532, root: 'read-only' });
    expect(seen.node).to.match(/^v24\./);
  });
});
