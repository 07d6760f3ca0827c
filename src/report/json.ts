/**
 * The report as JSON, with the full timeline so that the checks can be evaluated again on it (replay).
 *
 * The output is deterministic: the report's own objects (report, steps, results, violations, timeline,
 * entries) keep the order of their schema, every other object has its keys sorted, so the same report always
 * gives the same bytes whatever order the engine built its objects in. Each timeline entry is written on one
 * line, the rest indented by two spaces.
 */
import type { Timeline } from '../timeline/types.ts';
import type { RunOutcome, RunReport } from './types.ts';

/** Key order of one level of the report; `fields` gives the order of the objects (or array items) below. */
interface Shape {
  readonly order: readonly string[];
  readonly fields?: Readonly<Record<string, Shape>>;
  /** Written on one line. */
  readonly compact?: boolean;
}

const VIOLATION: Shape = { order: ['at', 'ordinal', 'message'] };
const RESULT: Shape = {
  order: ['id', 'status', 'reason', 'violations', 'measurements'],
  fields: { violations: VIOLATION },
};
const STEP: Shape = {
  order: [
    'title',
    'suite',
    'iteration',
    'fault',
    'ordinal',
    'node',
    'startedAt',
    'endedAt',
    'recovery',
    'timing',
    'api',
    'findings',
    'results',
  ],
  fields: { results: RESULT },
};
const ENTRY: Shape = {
  order: [
    'seq',
    'at',
    'kind',
    'type',
    'mark',
    'probe',
    'resource',
    'fault',
    'ordinal',
    'node',
    'pod',
    'namespace',
    'name',
    'uid',
    'resourceVersion',
    'ok',
    'value',
    'details',
    'object',
  ],
  compact: true,
};
const TIMELINE: Shape = { order: ['target', 'startedAt', 'endedAt', 'entries'], fields: { entries: ENTRY } };
const SUMMARY: Shape = { order: ['n', 'median', 'min', 'max'] };
const BASELINE: Shape = {
  order: [
    'verdict',
    'summary',
    'maxRegression',
    'minSamples',
    'floorMs',
    'baseline',
    'current',
    'faults',
    'baselineOnly',
    'currentOnly',
  ],
  fields: {
    faults: {
      order: ['fault', 'verdict', 'phases'],
      fields: {
        phases: {
          order: ['phase', 'verdict', 'why', 'change', 'baseline', 'current'],
          fields: { baseline: SUMMARY, current: SUMMARY },
        },
      },
    },
  },
};
const REPORT: Shape = {
  order: [
    'tool',
    'runId',
    'target',
    'outcome',
    'exitCode',
    'reason',
    'startedAt',
    'finishedAt',
    'usage',
    'leftovers',
    'preflight',
    'baseline',
    'steps',
    'timeline',
  ],
  fields: { steps: STEP, baseline: BASELINE, timeline: TIMELINE },
};

export function toJson(report: RunReport): string {
  return `${write(report, REPORT, '')}\n`;
}

const OUTCOMES: readonly RunOutcome[] = [
  'passed',
  'failed',
  'interrupted',
  'revert-failed',
  'refused',
  'error',
];

/**
 * Parses what {@link toJson} wrote. Checks the shape only as far as needed to trust the fields a replay
 * reads (outcome, steps, timeline with its entries); throws an Error saying what is wrong otherwise.
 */
export function fromJson(text: string): RunReport {
  const value: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new Error(`not an sts-chaos report: ${what}`);
  };
  if (!isObject(value)) return fail('not a JSON object');
  if (typeof value.runId !== 'string') fail('no runId');
  if (!OUTCOMES.includes(value.outcome as RunOutcome))
    fail(`unknown outcome ${JSON.stringify(value.outcome)}`);
  if (!Array.isArray(value.steps)) fail('no steps');
  const timeline = value.timeline;
  if (!isObject(timeline)) return fail('no timeline');
  if (!isObject(timeline.target)) fail('timeline has no target');
  if (typeof timeline.startedAt !== 'number') fail('timeline has no startedAt');
  if (!Array.isArray(timeline.entries)) fail('timeline has no entries');
  return value as unknown as RunReport;
}

/** The timeline of a report written by {@link toJson}, for replaying the checks. */
export function timelineFromJson(text: string): Timeline {
  return fromJson(text).timeline;
}

// ------------------------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.stringify semantics (toJSON, undefined and functions dropped, non-finite numbers as null). */
function write(value: unknown, shape: Shape | undefined, indent: string): string {
  if (isObject(value) && typeof value.toJSON === 'function') value = (value.toJSON as () => unknown)();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${inner}${write(v, shape, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (shape?.compact) return JSON.stringify(canonical(value, shape));
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of keys(obj, shape)) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${inner}${JSON.stringify(key)}: ${write(v, shape?.fields?.[key], inner)}`);
  }
  return parts.length === 0 ? '{}' : `{\n${parts.join(',\n')}\n${indent}}`;
}

/** A copy with keys in order, for JSON.stringify. */
function canonical(value: unknown, shape: Shape | undefined): unknown {
  if (isObject(value) && typeof value.toJSON === 'function') value = (value.toJSON as () => unknown)();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => canonical(v, shape));
  const obj = value as Record<string, unknown>;
  // No prototype: a "__proto__" key is then an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of keys(obj, shape)) out[key] = canonical(obj[key], shape?.fields?.[key]);
  return out;
}

/** The schema's keys in its order, then the others sorted. */
function keys(obj: Record<string, unknown>, shape: Shape | undefined): string[] {
  const all = Object.keys(obj);
  if (!shape) return all.sort();
  const known = shape.order.filter((k) => Object.hasOwn(obj, k));
  const rest = all.filter((k) => !shape.order.includes(k)).sort();
  return [...known, ...rest];
}
