/**
 * The JUnit testsuite `baseline` of a run made with --baseline: a testcase per fault compared with the
 * baseline (a <failure> naming each phase that regressed, <skipped> when inconclusive), and a skipped one
 * per fault of this run the baseline does not have.
 */

import { regressions } from '../baseline/compare.ts';
import { faultTable, shownPhases } from '../baseline/table.ts';
import type { FaultComparison } from '../baseline/types.ts';
import { xmlAttr, xmlText } from './escape.ts';
import type { Case, Suite } from './junit.ts';
import type { RunReport } from './types.ts';

export const BASELINE_SUITE = 'baseline';

const CLASSNAME = `sts-chaos.${BASELINE_SUITE}`;

/** The suite, or undefined for a run without a baseline. */
export function baselineSuite(report: RunReport): Suite | undefined {
  const c = report.baseline;
  if (!c) return undefined;
  const cases: Case[] = c.faults.map((f) => faultCase(f));
  for (const fault of c.currentOnly)
    cases.push({
      name: caseName(fault),
      classname: CLASSNAME,
      time: 0,
      status: 'skip',
      body: `      <skipped message="${xmlAttr('not in the baseline: nothing to compare with')}"/>`,
    });
  return { name: BASELINE_SUITE, cases, startedAt: report.finishedAt, endedAt: report.finishedAt };
}

function caseName(fault: string): string {
  return `${fault} recovery time against the baseline`;
}

function faultCase(f: FaultComparison): Case {
  const base = { name: caseName(f.fault), classname: CLASSNAME, time: 0 };
  if (f.verdict === 'ok') return { ...base, status: 'pass', body: '' };
  if (f.verdict === 'inconclusive') {
    const why = shownPhases(f)[0]?.why ?? 'inconclusive';
    return { ...base, status: 'skip', body: `      <skipped message="${xmlAttr(why)}"/>` };
  }
  const message = `recovery slower than the baseline: ${regressions({ faults: [f] }).join(', ')}`;
  const text = [message, '', ...faultTable([f]), '', ...f.phases.map((p) => `${p.phase}: ${p.why}`)].join(
    '\n',
  );
  return {
    ...base,
    status: 'fail',
    body: `      <failure message="${xmlAttr(message)}" type="baseline-regression">${xmlText(text)}</failure>`,
  };
}
