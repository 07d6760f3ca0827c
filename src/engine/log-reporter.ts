import Mocha from 'mocha';
import type { Logger } from 'pino';

/** A mocha reporter that logs each test's outcome through the run's logger. */
export function logReporter(log: Logger) {
  return class extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on('pass', (t) => log.info({ test: t.fullTitle() }, `PASS ${t.title}`));
      runner.on('fail', (t, err) =>
        log.error({ test: t.fullTitle() }, `FAIL ${t.title}: ${err.message.split('\n')[0]}`),
      );
      runner.on('pending', (t) => log.info({ test: t.fullTitle() }, `SKIP ${t.title}`));
    }
  };
}
