/**
 * The 6-minute path of a lost node's volume (npm run bench:force-detach, about 9 min): the demo on lab-csi,
 * the node of one ordinal lost (its kubelet stopped, its containers left running), the lost pod
 * force-deleted without fencing, the node kept away 7 minutes. The replacement waits on Multi-Attach until
 * the attach/detach controller force-detaches the volume from the unhealthy node (6 minutes, hard-coded:
 * maxWaitForUnmountDuration), then starts while the old copy still runs. VOL-6 must name that wait "ended
 * by 6-minute force detach"; SB-2 fails, rightly: two copies ran. Exit 0 when VOL-6 named it.
 */
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { build, deployDemo, KUBECONFIG, kubectl, log, ROOT, spreadDemo } from './target.ts';

const NS = 'sts-bench-force-detach';

async function main(): Promise<number> {
  const out = join(ROOT, '.lab', 'bench-force-detach');
  log('compiling sts-chaos as it ships');
  await build();
  log(`target ${NS}/web (the demo on lab-csi)`);
  await deployDemo(NS, out, 'lab-csi');
  try {
    await spreadDemo(NS);
    const args = ['--target', `${NS}/web`, '--suites', 'split-brain', '--grep', String.raw`\[node-loss\]`];
    args.push('--skip', 'ID-3 DNS', '--node-loss', 'lab', '--node-loss-hold-after-eviction', '7m');
    log('node loss with a force delete of the lost pod, the node away 7 minutes');
    const r = await runCli(ROOT, args, join(out, 'run'), {
      ...process.env,
      KUBECONFIG,
      STS_CHAOS_NODE_LOSS_LAB_SCRIPT: join(ROOT, 'lab', 'lab.sh'),
      STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
    });
    const results = r.report.steps.flatMap((s) => s.results);
    for (const id of ['VOL-6', 'SB-2', 'REC-1']) {
      const x = results.find((y) => y.id === id);
      process.stdout.write(`${id} ${x?.status ?? 'absent'}: ${x?.reason ?? ''}\n`);
    }
    const vol6 = results.find((y) => y.id === 'VOL-6');
    const named = /Multi-Attach wait .* ended by 6-minute force detach/.test(vol6?.reason ?? '');
    process.stdout.write(
      named
        ? 'the 6-minute force detach was seen and named\n'
        : `VOL-6 did not name a 6-minute force detach (exit ${r.exitCode})\n`,
    );
    return named ? 0 : 1;
  } finally {
    await kubectl('delete', 'namespace', NS, '--wait=false');
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`bench:force-detach: ${e.message}\n`);
    process.exit(1);
  },
);
