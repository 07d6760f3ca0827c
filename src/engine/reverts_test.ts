import { expect } from 'chai';
import { pino } from 'pino';
import { resumeProcesses } from '../faults/probe-breakage-revert.ts';
import type { ExecResult, PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';
import type { Ledger } from './ledger.ts';
import { Reverts } from './reverts.ts';

const params = { namespace: 'ns', pod: 'web-1', uid: 'uid-1', container: 'app' };
const log = pino({ level: 'silent' });

/** A pod as the API server answers it: `state` is the container's state (running, waiting, …). */
function pod(uid: string, state: object | undefined) {
  return {
    metadata: { name: 'web-1', uid },
    status: { containerStatuses: state ? [{ name: 'app', state }] : [] },
  };
}

/** A KubeHttp whose pod GETs answer from `answers` in turn (the last repeats); an Error is thrown. */
function fakeHttp(...answers: unknown[]): KubeHttp & { gets: number } {
  const f = {
    gets: 0,
    async request() {
      const a = answers[Math.min(f.gets, answers.length - 1)];
      f.gets++;
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return f as unknown as KubeHttp & { gets: number };
}

/** A PodExec whose runs answer from `answers` in turn (the last repeats); an Error is thrown. */
function fakeExec(...answers: (ExecResult | Error)[]): PodExec & { commands: string[][] } {
  const f = {
    commands: [] as string[][],
    async run(_ns: string, _pod: string, _c: string, command: readonly string[]) {
      const a = answers[Math.min(f.commands.length, answers.length - 1)] as ExecResult | Error;
      f.commands.push([...command]);
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return f;
}

const ok: ExecResult = { exitCode: 0, stdout: '', stderr: '' };
const resume = (deps: Parameters<typeof resumeProcesses>[0], p: typeof params) =>
  resumeProcesses(deps, { kind: 'resume-processes', ...p });

describe('revert resume-processes', () => {
  it('sends SIGCONT to every process of the running container', async () => {
    const exec = fakeExec(ok);
    await resume({ http: fakeHttp(pod('uid-1', { running: {} })), exec, log }, params);
    expect(exec.commands).to.have.length(1);
    expect(exec.commands[0]?.join(' ')).to.match(/kill -CONT -1.*kill -CONT 1/);
  });

  it('does nothing when the pod is gone, replaced, or its container is not running', async () => {
    for (const answer of [
      new Error('404 pods "web-1" not found'),
      pod('uid-2', { running: {} }),
      pod('uid-1', { waiting: { reason: 'CrashLoopBackOff' } }),
      pod('uid-1', { terminated: { exitCode: 137 } }),
      pod('uid-1', undefined),
    ]) {
      const exec = fakeExec(ok);
      await resume({ http: fakeHttp(answer), exec, log }, params);
      expect(exec.commands, JSON.stringify(answer)).to.have.length(0);
    }
  });

  it('looks again after a failed exec, and stops once the container has stopped', async () => {
    const exec = fakeExec(new Error('container not running'));
    const http = fakeHttp(pod('uid-1', { running: {} }), pod('uid-1', { waiting: {} }));
    await resume({ http, exec, log }, params);
    expect(exec.commands).to.have.length(1);
    expect(http.gets).to.equal(2);
  });

  it('fails after three failed tries on a container that stays running, naming the pod', async () => {
    const exec = fakeExec({ exitCode: 1, stdout: '', stderr: 'permission denied' });
    const err = await resume({ http: fakeHttp(pod('uid-1', { running: {} })), exec, log }, params).catch(
      (e) => e,
    );
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.equal('SIGCONT in ns/web-1: exit 1 permission denied');
    expect(exec.commands).to.have.length(3);
  });
});

describe('Reverts and their observer', () => {
  const ledger = {
    add: async () => {},
    remove: async () => {},
    configMapName: 'ledger',
  } as unknown as Ledger;
  const http = { request: async () => ({}) } as unknown as KubeHttp;
  const deps = { http, exec: fakeExec(ok), log };

  it('tells it of each revert registered and run, once', async () => {
    const seen: string[] = [];
    const reverts = new Reverts(deps, ledger, 'run-1', {
      registered: (e) => seen.push(`registered ${e.description}`),
      reverted: (e) => seen.push(`reverted ${e.description}`),
    });
    const undo = await reverts.register({ kind: 'uncordon', node: 'n1' }, 'uncordon node n1');
    await undo.revert();
    await undo.revert();
    expect(seen).to.deep.equal(['registered uncordon node n1', 'reverted uncordon node n1']);
  });

  it('an observer that throws never breaks a revert', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    const reverts = new Reverts(deps, ledger, 'run-1', { registered: boom, reverted: boom });
    const undo = await reverts.register({ kind: 'uncordon', node: 'n1' }, 'uncordon node n1');
    await undo.revert();
    expect(reverts.failures).to.deep.equal([]);
    expect(reverts.pending).to.equal(0);
  });
});
