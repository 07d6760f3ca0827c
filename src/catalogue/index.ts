/** The catalogue's types, the selection `run` and `plan` share, and the mocha tree of a run. */
export { CATALOGUE, suiteById } from '../../suites/index.ts';
export { catalogueLines, planLines } from './describe.ts';
export { defineFaultStep, mochaFor, STEP_TIMEOUT, type StepRunner, verdict } from './mocha.ts';
export {
  checkTitle,
  type PlannedStep,
  type PlannedTest,
  type Selection,
  selectSteps,
  stepLabel,
  titleFilter,
} from './select.ts';
export type { CheckId, StepDef, StepTag, SuiteDef } from './types.ts';
