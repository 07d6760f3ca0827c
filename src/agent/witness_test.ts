import { expect } from 'chai';
import type { ProcFs } from './kubelet-finder.ts';
import { inPodCgroup, mainProcessOf, parseWatched, witness } from './witness.ts';

const UID = '3f1c2a4e-1111-2222-3333-444455556666';
const WEB = 'a'.repeat(64);
const SIDE = 'b'.repeat(64);
const PAUSE = 'c'.repeat(64);

/** A host /proc with processes by PID: their cgroup line and NSpid. */
function proc(procs: Record<string, { cgroup: string; nspid: string }>): ProcFs {
  return {
    readdir: async () => [...Object.keys(procs), 'self', 'net'],
    readFile: async (p) => {
      const [, , pid, file] = p.split('/');
      const x = procs[pid ?? ''];
      if (!x) throw new Error(`ENOENT ${p}`);
      return file === 'cgroup' ? x.cgroup : `Name:\tx\nNSpid:\t${x.nspid}\n`;
    },
    readlink: async () => '',
  };
}

const cgroupfs = (id: string) => `0::/kubepods/besteffort/pod${UID}/${id}\n`;
const systemd = (id: string) =>
  `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID.replaceAll('-', '_')}.slice/cri-containerd-${id}.scope\n`;

describe('the witness (what of a pod still runs on the node)', () => {
  it('parses --witness values and refuses malformed ones', () => {
    expect(parseWatched(`${UID}=containerd://${WEB},${SIDE}`)).to.deep.equal({
      uid: UID,
      containerIds: [WEB, SIDE],
    });
    expect(parseWatched(`${UID}=`)).to.equal(undefined);
    expect(parseWatched(`web-0=${WEB}`)).to.equal(undefined);
  });

  it('finds the pod by its cgroup with either cgroup driver', () => {
    expect(inPodCgroup(cgroupfs(WEB), UID)).to.equal(true);
    expect(inPodCgroup(systemd(WEB), UID)).to.equal(true);
    expect(inPodCgroup(cgroupfs(WEB), '3f1c2a4e-0000-2222-3333-444455556666')).to.equal(false);
  });

  it('lists the watched containers with processes, not the sandbox; a pod with none is listed empty', async () => {
    const fs = proc({
      '10': { cgroup: cgroupfs(PAUSE), nspid: '10 1' },
      '11': { cgroup: cgroupfs(WEB), nspid: '11 1' },
      '12': { cgroup: cgroupfs(WEB), nspid: '12 7' },
      '13': { cgroup: systemd(SIDE), nspid: '13 1' },
      '14': { cgroup: '0::/system.slice/kubelet.service\n', nspid: '14' },
    });
    const other = { uid: '99999999-0000-0000-0000-000000000000', containerIds: [WEB] };
    expect(await witness(fs, [{ uid: UID, containerIds: [WEB, SIDE] }, other])).to.deep.equal([
      { uid: UID, containers: [WEB.slice(0, 12), SIDE.slice(0, 12)].sort(), pids: [11, 12, 13] },
      { uid: other.uid, containers: [], pids: [] },
    ]);
  });

  it("the container's main process is the one that is PID 1 in its namespace", async () => {
    const fs = proc({
      '11': { cgroup: cgroupfs(WEB), nspid: '11 7' },
      '12': { cgroup: cgroupfs(WEB), nspid: '12 1' },
      '13': { cgroup: cgroupfs(PAUSE), nspid: '13 1' },
    });
    expect(await mainProcessOf(fs, { uid: UID, containerIds: [] }, `containerd://${WEB}`)).to.equal(12);
    expect(await mainProcessOf(fs, { uid: UID, containerIds: [] }, SIDE)).to.equal(undefined);
  });
});
