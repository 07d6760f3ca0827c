import type { MarkEntry } from '../types.ts';
import type { Draft } from './common.ts';

/** A fault-start mark paired with its fault-end and revert marks. */
export interface FaultSpan {
  readonly fault: string;
  readonly startedAt: number;
  readonly startSeq: number;
  readonly ordinal?: number;
  /** The mark's node, or details.node. */
  readonly node?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly endedAt?: number;
  readonly revertedAt?: number;
}

/** The engine's marks, and its faults paired from their fault-start, fault-end and revert marks. */
export class FaultHistory {
  readonly marks: MarkEntry[] = [];
  /** In order of their start. */
  readonly faults: Draft<FaultSpan>[] = [];
  /** Started and not yet reverted. */
  readonly #open: Draft<FaultSpan>[] = [];

  onMark(m: MarkEntry): void {
    this.marks.push(m);
    if (m.mark === 'fault-start') {
      const details = m.details ?? {};
      const node = m.node ?? (typeof details.node === 'string' ? details.node : undefined);
      const span: Draft<FaultSpan> = {
        fault: m.fault ?? 'unknown',
        startedAt: m.at,
        startSeq: m.seq,
        ordinal: m.ordinal,
        node,
        details,
      };
      this.faults.push(span);
      this.#open.push(span);
      return;
    }
    if (m.mark !== 'fault-end' && m.mark !== 'revert') return;
    const isEnd = m.mark === 'fault-end';
    const i = this.#open.findIndex(
      (s) =>
        (isEnd ? s.endedAt === undefined : s.revertedAt === undefined) &&
        (m.fault === undefined || s.fault === m.fault) &&
        (m.ordinal === undefined || s.ordinal === m.ordinal) &&
        (m.node === undefined || s.node === m.node),
    );
    const span = this.#open[i];
    if (!span) return;
    if (isEnd) span.endedAt = m.at;
    else span.revertedAt = m.at;
    if (span.revertedAt !== undefined) this.#open.splice(i, 1);
  }
}
