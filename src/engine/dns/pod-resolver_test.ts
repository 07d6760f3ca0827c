import { expect } from 'chai';
import type { ExecResult, PodExec } from '../../kube/exec.ts';
import { lookupInPod, openPodResolver } from './pod-resolver.ts';

/** A fake exec: `answer(container, script, args)` gives the result; calls are kept. */
function fakeExec(answer: (container: string, command: readonly string[]) => Partial<ExecResult> | Error) {
  const calls: { pod: string; container: string; command: readonly string[] }[] = [];
  const exec: PodExec = {
    async run(_ns, pod, container, command) {
      calls.push({ pod, container, command });
      const r = answer(container, command);
      if (r instanceof Error) throw r;
      return { exitCode: 0, stdout: '', stderr: '', ...r };
    },
  };
  return { exec, calls };
}

const CONF = 'search ns.svc.k8s.internal svc.k8s.internal k8s.internal\nnameserver 10.0.0.10\n';

describe('openPodResolver', () => {
  it('takes the domain from the pod and the tools it has, getent first', async () => {
    const { exec } = fakeExec(() => ({ stdout: `${CONF}@tools\n/usr/bin/getent\nnslookup\n` }));
    const r = await openPodResolver(exec, 'ns', { name: 'db-1', ordinal: 1, containers: ['db'] });
    expect(r).to.deep.equal({
      ordinal: 1,
      pod: 'db-1',
      container: 'db',
      domain: 'k8s.internal',
      tools: ['getent', 'nslookup'],
    });
  });

  it('tries the next container when the first has no shell, and says why none could', async () => {
    const { exec, calls } = fakeExec((c) =>
      c === 'db'
        ? { exitCode: 126, stderr: 'exec: "sh": executable file not found' }
        : { stdout: `${CONF}@tools\n` },
    );
    const r = await openPodResolver(exec, 'ns', { name: 'db-0', ordinal: 0, containers: ['db', 'agent'] });
    expect(calls.map((c) => c.container)).to.deep.equal(['db', 'agent']);
    expect(r).to.equal(
      'db-0: db: no shell (exec: "sh": executable file not found); agent: neither getent nor nslookup in its image',
    );
  });

  it('refuses a pod whose resolv.conf names no cluster domain', async () => {
    const { exec } = fakeExec(() => ({ stdout: 'nameserver 1.1.1.1\n@tools\nnslookup\n' }));
    const r = await openPodResolver(exec, 'ns', { name: 'db-0', ordinal: 0, containers: ['db'] });
    expect(r).to.match(/no svc.<domain> search entry/);
  });
});

describe('lookupInPod', () => {
  const resolver = {
    ordinal: 0,
    pod: 'db-0',
    container: 'db',
    domain: 'k8s.internal',
    tools: ['nslookup'] as const,
  };

  it('resolves every name in one exec and reads each answer with its tool', async () => {
    const out = [
      '',
      '@name db-1.db.ns.svc.k8s.internal',
      'Server: 10.0.0.10',
      'Address: 10.0.0.10:53',
      'Name: db-1.db.ns.svc.k8s.internal',
      'Address: 10.1.0.8',
      '',
      '@rc 0',
      '',
      '@name db-2.db.ns.svc.k8s.internal',
      "** server can't find db-2.db.ns.svc.k8s.internal: NXDOMAIN",
      '',
      '@rc 1',
    ].join('\n');
    const { exec, calls } = fakeExec(() => ({ stdout: out }));
    const a = await lookupInPod(exec, 'ns', resolver, [
      { name: 'db-1.db.ns.svc.k8s.internal', tool: 'nslookup' },
      { name: 'db-2.db.ns.svc.k8s.internal', tool: 'nslookup' },
    ]);
    expect(calls).to.have.length(1);
    expect(calls[0]?.command.slice(-2)).to.deep.equal([
      'nslookup:db-1.db.ns.svc.k8s.internal',
      'nslookup:db-2.db.ns.svc.k8s.internal',
    ]);
    expect(a.get('db-1.db.ns.svc.k8s.internal')).to.deep.equal({ addresses: ['10.1.0.8'] });
    expect(a.get('db-2.db.ns.svc.k8s.internal')?.error).to.match(/NXDOMAIN/);
  });

  it('answers every name with the error when the exec fails', async () => {
    const { exec } = fakeExec(() => new Error('pod db-0 is gone'));
    const a = await lookupInPod(exec, 'ns', resolver, [{ name: 'x', tool: 'nslookup' }]);
    expect(a.get('x')).to.deep.equal({ addresses: [], error: 'exec in db-0: pod db-0 is gone' });
  });
});
