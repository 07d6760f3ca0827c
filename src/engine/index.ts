/** The engine behind the CLI (see src/cli/engine-port.ts). */

import { CATALOGUE, catalogueLines } from '../catalogue/index.ts';
import { checks } from '../checks/index.ts';
import type { Engine } from '../cli/engine-port.ts';
import { cleanupCommand } from './cleanup.ts';
import { planCommand, runCommand } from './many.ts';

export function createEngine(): Engine {
  return {
    run: (cfg, log, signal) => runCommand(cfg, log, signal),
    plan: (cfg, _log, out) => planCommand(cfg, out),
    cleanup: (cfg, log, signal) => cleanupCommand(cfg, log, signal),
    list(out) {
      for (const l of catalogueLines(CATALOGUE)) out(l);
      out('checks (the catalogue, docs/guarantees.md):');
      for (const c of checks) out(`  ${c.id.padEnd(6)} ${c.title}`);
      return 0;
    },
  };
}
