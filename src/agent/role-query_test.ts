import { expect } from 'chai';
import type { ProcFs } from './kubelet-finder.ts';
import { queryRole, type Run } from './role-query.ts';

const UID = '3f1c2a4e-1111-2222-3333-444455556666';
const ID = 'a'.repeat(64);
const fs: ProcFs = {
  readdir: async () => ['42'],
  readFile: async (p) =>
    p.endsWith('/cgroup') ? `0::/kubepods/besteffort/pod${UID}/${ID}\n` : 'Name:\tx\nNSpid:\t42\t1\n',
  readlink: async () => '',
};

describe("the agent's role query (inside the old container, from the node)", () => {
  it("enters the container's main process's namespaces and keeps the last line", async () => {
    const calls: string[][] = [];
    const run: Run = async (file, args) => {
      calls.push([file, ...args]);
      return { stdout: 'starting\nprimary\n' };
    };
    expect(await queryRole(fs, { uid: UID, containerIds: [ID] }, ['sh', '-c', 'role'], run)).to.deep.equal({
      uid: UID,
      ok: true,
      value: 'primary',
    });
    expect(calls).to.deep.equal([
      ['nsenter', '-t', '42', '-m', '-u', '-i', '-n', '-p', '--', 'sh', '-c', 'role'],
    ]);
  });

  it('says why when the container runs nothing here, or the query fails', async () => {
    const none = await queryRole(fs, { uid: UID, containerIds: ['b'.repeat(64)] }, ['x']);
    expect(none).to.deep.include({ ok: false, value: 'no process of the container runs on this node' });
    const failing: Run = async () => {
      throw new Error('Command failed: exit 1\nmore');
    };
    expect(await queryRole(fs, { uid: UID, containerIds: [ID] }, ['x'], failing)).to.deep.equal({
      uid: UID,
      ok: false,
      value: 'Command failed: exit 1',
    });
  });
});
