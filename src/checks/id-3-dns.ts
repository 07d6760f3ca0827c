import { getOrInsert } from '../timeline/collections.ts';
import type { Incarnation } from '../timeline/incarnations.ts';
import { readySpans, specAt } from '../timeline/queries.ts';
import type { SampleEntry } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { podRef, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ID-3';

function ipAt(inc: Incarnation, t: number): string | undefined {
  let ip = inc.podIPs[0]?.ip;
  for (const p of inc.podIPs) if (p.at <= t) ip = p.ip;
  return ip;
}

function resolves(sample: SampleEntry, ip: string): boolean {
  return sample.ok && sample.value.split(/[\s,]+/).includes(ip);
}

function via(s: SampleEntry): string {
  return s.via ? ` from ${s.via}` : '';
}

/**
 * ID-3 DNS: every Ready period that was sampled resolves `S-i.H.N.svc.<domain>` to its pod IP, and no
 * sample later than `dnsBudget` after it became Ready answers otherwise (the last such answer is named).
 * The samples come from the target's own pods (and from sts-chaos in the cluster). A Ready period
 * sampled only within the budget, and not to its IP, compared nothing; with none judged, the check is
 * skipped saying why.
 */
export const id3Dns: Check = defineCheck(
  { id: ID, title: 'DNS', tags: ['identity', 'dns'] },
  ({ derived, options, bounds: b }) => {
    if (options.dnsUnsampled) return skip(ID, `DNS was not sampled: ${options.dnsUnsampled}`);
    const byOrdinal = new Map<number, SampleEntry[]>();
    for (const s of derived.samples.dns) {
      if (!within(b, s.at)) continue;
      getOrInsert(byOrdinal, s.ordinal, () => []).push(s);
    }
    if (byOrdinal.size === 0) return skip(ID, 'no DNS samples were recorded in this step');

    const budget = options.dnsBudget.toMilliseconds();
    const service = specAt(derived, b.to).serviceName;
    const violations: Violation[] = [];
    let judged = 0;
    let early = 0;
    let slowest = 0;
    for (const [ordinal, samples] of byOrdinal) {
      const first = samples[0] as SampleEntry;
      for (const inc of derived.ordinals.get(ordinal) ?? []) {
        const fqdn = `${inc.name}.${service}.${derived.target.namespace}.svc`;
        for (const ready of readySpans(inc)) {
          const ip = ipAt(inc, ready.from);
          if (!ip) continue;
          const during = samples.filter(
            (s) => s.at >= ready.from && (ready.to === undefined || s.at < ready.to),
          );
          if (during.length === 0) continue;
          const match = during.find((s) => resolves(s, ip));
          if (match && ready.from >= first.at) slowest = Math.max(slowest, match.at - ready.from);
          // A sample that resolved to the pod's IP is evidence; a wrong one counts only once DNS could have
          // caught up (after the budget). Neither: this Ready period compared nothing.
          if (!match && !during.some((s) => s.at > ready.from + budget)) {
            early += 1;
            continue;
          }
          judged += 1;
          const late = during.filter((s) => s.at > ready.from + budget && !resolves(s, ip));
          const wrong = late[late.length - 1];
          if (wrong)
            violations.push({
              at: wrong.at,
              ordinal,
              message: `${fqdn} ${wrong.ok ? `resolved to "${wrong.value}"` : `did not resolve (${wrong.value})`}${via(wrong)} at ${when(derived, wrong.at)}, ${span(wrong.at - ready.from)} after ${podRef(inc)} was Ready with IP ${ip} (budget ${options.dnsBudget}${late.length > 1 ? `; ${late.length} answers after the budget were wrong, this is the last` : ''})`,
            });
        }
      }
    }
    if (judged === 0)
      return skip(
        ID,
        early > 0
          ? `no DNS sample resolved to the pod's IP, and none was taken later than the DNS budget (${options.dnsBudget}) after a pod was Ready: ${early} Ready periods were sampled only within it, where a stale answer is allowed`
          : 'no DNS sample was taken while a pod was Ready',
      );
    return verdict(
      ID,
      violations,
      `${judged} Ready periods: S-i.${service} resolved to the pod IP within ${options.dnsBudget}`,
      {
        readyPeriods: judged,
        slowestMs: slowest,
      },
    );
  },
);
