/**
 * The catalogue: every suite, its fault steps, each step's fault and the checks judged on it. `run`,
 * `plan`, `list`, the test titles, the JUnit names and the chart's fault list all come from here.
 */

import type { SuiteDef } from '../src/catalogue/types.ts';
import type { SuiteName } from '../src/config/types.ts';
import { identity } from './identity.ts';
import { ordering } from './ordering.ts';
import { probes } from './probes.ts';
import { recreateSuite } from './recreate.ts';
import { splitBrain } from './split-brain.ts';
import { updates } from './updates.ts';
import { volumes } from './volumes.ts';

export const CATALOGUE: readonly SuiteDef[] = [
  identity,
  ordering,
  volumes,
  probes,
  splitBrain,
  updates,
  recreateSuite,
];

export function suiteById(id: SuiteName): SuiteDef {
  const s = CATALOGUE.find((x) => x.id === id);
  if (!s) throw new Error(`suite ${id} is not in the catalogue`);
  return s;
}
