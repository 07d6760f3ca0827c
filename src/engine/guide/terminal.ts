/**
 * The guided game day on a terminal: each step's plan, then a prompt; the operator answers with a line
 * (Enter or `c` continues, `s` skips the step, `a` aborts the run). What is typed while no step waits is
 * dropped, so that an Enter too many never runs the next step unseen. The input ending (the terminal
 * gone) while a step waits aborts the run: no operator, no more faults.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { GateDecision, Guide, StepPlan } from './gate.ts';
import { waitEnded } from './gate.ts';
import { planLines } from './plan.ts';

export interface TerminalGateOptions {
  /** The operator's answers, a line each (the process's stdin, a TTY). */
  readonly input: Readable;
  /** Where the plan and the prompt are written (the process's stderr, beside the log). */
  readonly output: { write(text: string): unknown };
  /** @default Date.now */
  readonly now?: () => number;
}

export const PROMPT =
  'continue? [Enter or c] run this step, [s] skip it, [a] abort the run (every fault reverted): ';

/** An answer as typed, or undefined when it is none of them. */
export function answerOf(line: string): GateDecision | undefined {
  const a = line.trim().toLowerCase();
  if (a === '' || a === 'c' || a === 'continue') return 'continue';
  if (a === 's' || a === 'skip') return 'skip';
  if (a === 'a' || a === 'abort') return 'abort';
  return undefined;
}

export class TerminalGate implements Guide {
  readonly #rl: Interface;
  readonly #out: TerminalGateOptions['output'];
  readonly #now: () => number;
  #waiting: ((line: string | undefined) => void) | undefined;
  #ended = false;
  #waited = 0;

  constructor(o: TerminalGateOptions) {
    this.#out = o.output;
    this.#now = o.now ?? Date.now;
    this.#rl = createInterface({ input: o.input, terminal: false });
    this.#rl.on('line', (line) => this.#waiting?.(line));
    this.#rl.on('close', () => {
      this.#ended = true;
      this.#waiting?.(undefined);
    });
  }

  get waitedMs(): number {
    return this.#waited;
  }

  async before(plan: StepPlan, signal: AbortSignal): Promise<GateDecision> {
    if (signal.aborted) throw waitEnded(signal);
    const t0 = this.#now();
    this.#out.write(`\n${planLines(plan).join('\n')}\n`);
    try {
      for (;;) {
        if (this.#ended) {
          this.#out.write('\nthe terminal input ended: aborting the run\n');
          return 'abort';
        }
        this.#out.write(PROMPT);
        const line = await this.#line(signal);
        if (line === undefined) continue;
        const answer = answerOf(line);
        if (answer) {
          this.#out.write(
            `${answer === 'continue' ? 'running' : answer === 'skip' ? 'skipping' : 'aborting at'} step ${plan.number}\n`,
          );
          return answer;
        }
        this.#out.write(`"${line.trim()}" is not an answer\n`);
      }
    } finally {
      this.#waited += this.#now() - t0;
    }
  }

  /** The next line typed, undefined when the input ends; rejects when `signal` aborts. */
  #line(signal: AbortSignal): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#waiting = undefined;
        reject(waitEnded(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting = (line) => {
        this.#waiting = undefined;
        signal.removeEventListener('abort', onAbort);
        resolve(line);
      };
    });
  }

  async close(): Promise<void> {
    this.#rl.close();
  }
}
