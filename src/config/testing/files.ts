/**
 * For the config and CLI tests: config files written to a temporary directory (made before the tests,
 * removed after them), and the one-line UsageError of a configuration that is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../../errors.ts';
import { type LoadOptions, loadRunConfig } from '../load.ts';

export interface TempFiles {
  /** The directory (once the tests have started). */
  dir(): string;
  /** A new file in it holding `text`; its path. */
  file(text: string): string;
}

/** Registers the hooks that make and remove the directory; call it at the top of a test file. */
export function tempFiles(prefix: string): TempFiles {
  let dir: string | undefined;
  let n = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const at = () => {
    if (!dir) throw new Error('tempFiles: used before the tests started');
    return dir;
  };
  return {
    dir: at,
    file(text) {
      const path = join(at(), `c${n++}.yaml`);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** The message of the UsageError loadRunConfig throws for `opts` (checked to be one line). */
export function usage(opts: LoadOptions): string {
  try {
    loadRunConfig(opts);
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).to.not.include('\n');
    return message;
  }
  throw new Error('no UsageError');
}
