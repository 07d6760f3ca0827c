import type { ConditionStatus } from '../types.ts';

/** A time span; `to` is absent while the span is still open at the end of the timeline. */
export interface Span {
  readonly from: number;
  readonly to?: number;
}

/**
 * The writable form of a derived record while {@link derive} builds it: its own fields writable and its
 * arrays growable, their items writable in turn. The checks only ever see the read-only form.
 */
export type Draft<T> = {
  -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? Draft<U>[] : T[K];
};

const ORDINAL_RE = /^(0|[1-9]\d*)$/;

/** The ordinal of `name` when it is `<prefix><n>`, else undefined. */
export function parseOrdinal(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return ORDINAL_RE.test(rest) ? Number(rest) : undefined;
}

export function parseTime(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export function conditionStatus(
  conditions: readonly { readonly type: string; readonly status: ConditionStatus }[] | undefined,
  type: string,
): ConditionStatus | undefined {
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === type) return c.status;
  return undefined;
}

/** Ends every span still open at `at`. */
export function closeOpen(spans: readonly Draft<Span>[], at: number): void {
  for (const s of spans) if (s.to === undefined) s.to = at;
}

/** The deletion fields a pod or claim incarnation shares. */
interface Deletable {
  deletionRequestedAt?: number;
  deletedAt?: number;
  deletedSeq?: number;
}

/**
 * Notes a deletion request (a deletionTimestamp, first one only) and the DELETED event, which implies a
 * request when none was seen.
 */
export function noteDeletion(
  record: Deletable,
  e: { readonly type: string; readonly at: number; readonly seq: number },
  deletionTimestamp: string | undefined,
): void {
  if (deletionTimestamp !== undefined && record.deletionRequestedAt === undefined)
    record.deletionRequestedAt = e.at;
  if (e.type === 'DELETED') {
    record.deletedAt = e.at;
    record.deletedSeq = e.seq;
    if (record.deletionRequestedAt === undefined) record.deletionRequestedAt = e.at;
  }
}
