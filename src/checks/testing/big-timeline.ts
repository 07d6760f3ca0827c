/** The big recorded-like timeline that the checks' performance is measured on (unit test and bench). */
import { TimelineBuilder } from '../../timeline/testing/builder.ts';
import type { Timeline } from '../../timeline/types.ts';

const ORDINALS = 500;
const NODES = Array.from({ length: 10 }, (_, i) => `n${i + 1}`);
const SLICE = 100;

/** A deterministic pseudo-random sequence (LCG), so the timeline is the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/**
 * A 500-ordinal run of at least 100,000 entries: steady state with probe samples, pod kills, a node loss of
 * 50 pods, a full rolling update, a scale-down and up, a claim deletion, probe breakages, and readiness
 * flaps with their EndpointSlice updates as padding.
 */
export function bigTimeline(): Timeline {
  const rnd = random(42);
  const b = new TimelineBuilder({ replicas: ORDINALS });
  b.steadyState({ nodes: NODES });
  const slices = (o: number) => `web-h-${Math.floor(o / SLICE)}`;
  const sliceOf = (o: number, notReady: readonly number[] = []) => {
    const first = Math.floor(o / SLICE) * SLICE;
    const members = Array.from({ length: SLICE }, (_, i) => first + i);
    b.endpoints(
      'web-h',
      members.filter((m) => !notReady.includes(m)),
      notReady,
      slices(o),
    );
  };
  const allSlices = () => {
    for (let o = 0; o < ORDINALS; o += SLICE) sliceOf(o);
  };
  let t = ORDINALS + 10;
  allSlices();
  const samplesRound = () => {
    b.at(t);
    for (let o = 0; o < ORDINALS; o++) {
      b.sample('role', o, o === 0 ? 'primary' : 'replica');
      b.sample('marker', o, `marker-${o}`);
      b.sample('dns', o, b.ipOf(o));
    }
    t += 5;
  };
  for (let i = 0; i < 10; i++) samplesRound();

  // Pod kills.
  for (let o = 10; o < 20; o++) {
    b.at(t).faultStart('pod-kill', { ordinal: o }).podTerminating(o);
    b.at(t + 1)
      .podDeleted(o)
      .faultEnd('pod-kill', { ordinal: o });
    b.at(t + 1.5)
      .podCreated(o)
      .at(t + 2)
      .podScheduled(o, NODES[o % NODES.length] as string);
    b.at(t + 3)
      .event(o, 'SuccessfulAttachVolume')
      .event(o, 'Started')
      .at(t + 4)
      .podReady(o);
    t += 10;
  }
  samplesRound();

  // Node loss of n3: its pods go unready, are force-deleted and come back on n4 before n3 returns.
  const lost = Array.from({ length: ORDINALS }, (_, o) => o).filter((o) => o % NODES.length === 2);
  b.at(t).faultStart('node-loss', { node: 'n3', details: { node: 'n3', containersLeftRunning: true } });
  b.at(t + 40).nodeNotReady('n3');
  for (const o of lost) b.podUnready(o);
  b.at(t + 60);
  for (const o of lost) b.podDeleted(o);
  lost.forEach((o, i) => {
    b.at(t + 61 + i)
      .podCreated(o, { node: 'n4' })
      .podReady(o);
  });
  b.at(t + 120)
    .faultEnd('node-loss', { node: 'n3' })
    .nodeReady('n3');
  t += 130;
  allSlices();
  samplesRound();

  // Rolling update of every ordinal, highest first.
  b.at(t).statefulSet({ updateRevision: 'web-r2' });
  for (let o = ORDINALS - 1; o >= 0; o--) {
    b.at(t)
      .podTerminating(o)
      .at(t + 1)
      .podDeleted(o)
      .podCreated(o, { node: NODES[o % NODES.length] as string });
    b.at(t + 2).podReady(o);
    t += 3;
  }
  samplesRound();

  allSlices();

  // Scale down by 10 and back up.
  b.at(t).statefulSet({ replicas: ORDINALS - 10 });
  for (let o = ORDINALS - 1; o >= ORDINALS - 10; o--) {
    b.at(t)
      .podTerminating(o)
      .at(t + 1)
      .podDeleted(o);
    t += 2;
  }
  b.at(t).statefulSet({ replicas: ORDINALS });
  for (let o = ORDINALS - 10; o < ORDINALS; o++) {
    b.at(t).podUp(o, NODES[o % NODES.length]);
    t += 1;
  }

  // Claim deletion of web-7, probe breakages of web-5 and web-6.
  b.at(t).faultStart('claim-deletion', { ordinal: 7 }).claimTerminating('data-web-7').podTerminating(7);
  b.at(t + 1)
    .podDeleted(7)
    .claimDeleted('data-web-7')
    .at(t + 2)
    .claimBound('data-web-7', 'pv-new-7')
    .podUp(7, 'n8');
  t += 10;
  const liveness = { ordinal: 5, details: { probe: 'liveness' } };
  b.at(t)
    .faultStart('probe-breakage', liveness)
    .at(t + 15)
    .podRestarted(5)
    .faultEnd('probe-breakage', liveness);
  b.at(t + 20).podReady(5);
  t += 30;
  const readiness = { ordinal: 6, details: { probe: 'readiness' } };
  b.at(t)
    .faultStart('probe-breakage', readiness)
    .at(t + 10)
    .podUnready(6);
  sliceOf(6, [6]);
  b.at(t + 20)
    .faultEnd('probe-breakage', readiness)
    .at(t + 25)
    .podReady(6);
  sliceOf(6);
  t += 30;

  // Padding: readiness flaps with their slice updates, and sample rounds, until 100,000 entries.
  while (b.size < 100_000) {
    const o = 1 + Math.floor(rnd() * (ORDINALS - 1));
    b.at(t).podUnready(o);
    sliceOf(o, [o]);
    b.at(t + 1).podReady(o);
    sliceOf(o);
    t += 2;
    if (rnd() < 0.01) samplesRound();
  }
  return b.build(t + 10);
}
