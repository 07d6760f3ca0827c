/** The engine behind the CLI (see src/cli/engine-port.ts). */

import { checks } from '../checks/index.ts';
import type { Engine } from '../cli/engine-port.ts';
import { SUITE_NAMES } from '../config/types.ts';
import { cleanupCommand } from './cleanup.ts';
import { planCommand, runCommand, SUITE_STEPS } from './run.ts';

export function createEngine(): Engine {
  return {
    run: (cfg, log, signal) => runCommand(cfg, log, signal),
    plan: (cfg, _log, out) => planCommand(cfg, out),
    cleanup: (cfg, log) => cleanupCommand(cfg, log),
    list(out) {
      out('suites (run them all, or some with --suites; filter tests with --grep/--skip):');
      for (const s of SUITE_NAMES) out(`  ${s}: ${SUITE_STEPS[s]}`);
      out('checks (the catalogue):');
      for (const c of checks) out(`  ${c.id.padEnd(6)} ${c.title}`);
      return 0;
    },
  };
}
