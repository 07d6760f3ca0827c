/**
 * The command line of sts-chaos (commander): the commands `run`, `plan`, `list`, `cleanup` and `compare`, their
 * options made from CONFIG_KEYS (each with its STS_CHAOS_* variable in --help), and the parse of `argv`
 * into the command and its flag values. A bad command line throws commander's CommanderError.
 */
import { Command, Option } from 'commander';
import { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey } from '../config/keys.ts';
import type { FlagValue } from '../config/load.ts';
import type { OutStream } from './deps.ts';
import { version } from './version.ts';

export type CommandName = 'run' | 'plan' | 'list' | 'cleanup' | 'compare';

/** The command the command line asks for, and its flag values keyed by long flag (`--budget`). */
export interface Invocation {
  readonly command: CommandName;
  readonly flags: Record<string, FlagValue>;
  /** The command's arguments besides its flags (`compare OLD NEW`); absent when none. */
  readonly args?: readonly string[];
}

const RUN_AFTER_HELP = `
Each setting comes from its flag, else its STS_CHAOS_* variable, else the config file (--config or
${CONFIG_FILE_KEY.env}: YAML, keys in camelCase, nested as in the docs, e.g. "nodeLoss: {mode: lab}"), else
its default.

Exit codes: 0 every check passed, 1 a check failed, 2 bad usage or configuration, 3 refused (target
unhealthy, namespace forbidden, a run in progress), 4 interrupted (every fault reverted), 5 a revert
failed (the message says what needs a human).`;

/** The commands that take every setting. */
const RUN_COMMANDS = [
  ['run', 'inject the faults of the suites into the target and check its guarantees'],
  ['plan', 'say what run would do with these settings, touching nothing'],
] as const;

const CLEANUP_FIELDS = ['target', 'kubeconfig', 'context', 'logFormat', 'logLevel'];

/** The settings `compare` takes from its flags, STS_CHAOS_* and the config file (its reports are its own). */
const COMPARE_FIELDS = ['maxRegression', 'minSamples'];

const COMPARE_AFTER_HELP = `
The reports: compare OLD NEW (one each), or --baseline and --new (each repeatable, a report.json, a
report directory or a directory of them: their runs are pooled), or --baseline … with the new reports as
arguments. A fault's samples are its judged steps (by catalogue ID) over the runs of a side; a
regression is a median over --max-regression, past the baseline's own spread (max - min) and 250ms.

Exit codes: 0 no regression, 1 a regression (the table names the fault and phase), 2 bad usage, a report
that cannot be read, or nothing to compare (no fault in common, or too few samples on a side).`;

/**
 * Parses `argv` (the arguments after the program's name) into the command to run. Throws a CommanderError
 * for a bad command line, and one of exit code 0 once --help or --version is written to `stdout`.
 */
export function parseCommandLine(argv: readonly string[], stdout: OutStream): Invocation | undefined {
  let invocation: Invocation | undefined;
  const program = new Command('sts-chaos')
    .description('Chaos and conformance suite for Kubernetes StatefulSets')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      // Commander's own error output is replaced by one line (see report()).
      writeErr: () => {},
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  const select = (command: CommandName) => (_opts: unknown, cmd: Command) => {
    invocation = { command, flags: flagsOf(cmd) };
  };

  for (const [name, description] of RUN_COMMANDS) {
    const cmd = program.command(name).description(description).action(select(name));
    addConfigOptions(cmd, CONFIG_KEYS);
    cmd.addHelpText('after', RUN_AFTER_HELP);
  }

  program.command('list').description('list the suites and their tests').action(select('list'));

  const cleanup = program
    .command('cleanup')
    .description('revert what the fault ledger of a namespace still holds (after a crashed run)')
    .addOption(
      new Option('--namespace <namespace>', 'the namespace whose ledger to revert (or give --target)'),
    )
    .action(select('cleanup'));
  addConfigOptions(
    cleanup,
    CONFIG_KEYS.filter((k) => CLEANUP_FIELDS.includes(k.field)),
  );

  const compare = program
    .command('compare')
    .description("compare recovery times per fault and phase: the baseline's runs against new ones")
    .argument('[reports...]', 'OLD NEW, or the new reports when --baseline is given')
    .addOption(
      new Option(
        '--baseline <report>',
        'a report of the baseline: report.json, a report directory or a directory of them (repeatable)',
      ).argParser(collect),
    )
    .addOption(
      new Option('--new <report>', 'a report of the new runs, as --baseline (repeatable)').argParser(collect),
    )
    .action((_reports: string[], _opts: unknown, cmd: Command) => {
      invocation = { command: 'compare', flags: flagsOf(cmd), args: [...cmd.args] };
    });
  addConfigOptions(
    compare,
    CONFIG_KEYS.filter((k) => COMPARE_FIELDS.includes(k.field)),
  );
  compare.addHelpText('after', COMPARE_AFTER_HELP);

  program.parse([...argv], { from: 'user' });
  return invocation;
}

function addConfigOptions(cmd: Command, keys: readonly ConfigKey[]): void {
  for (const key of keys) {
    if (!key.flag) continue;
    const option = new Option(key.value ? `${key.flag} ${key.value}` : key.flag, helpText(key));
    if (key.repeatable) option.argParser(collect);
    cmd.addOption(option);
  }
  cmd.addOption(
    new Option(
      `${CONFIG_FILE_KEY.flag} ${CONFIG_FILE_KEY.value}`,
      `${CONFIG_FILE_KEY.description} [env: ${CONFIG_FILE_KEY.env}]`,
    ),
  );
  cmd.allowExcessArguments(false);
}

function helpText(key: ConfigKey): string {
  const extra = [key.repeatable && 'repeatable', key.default && `default: ${key.default}`].filter(Boolean);
  return `${key.description}${extra.length ? ` (${extra.join('; ')})` : ''} [env: ${key.env}]`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The command's flag values keyed by long flag (`--budget`), as the config loader takes them: only the
 * flags given (commander's own default of a `--no-…` switch, true, is not a flag: the environment and the
 * config file may still set the setting).
 */
function flagsOf(cmd: Command): Record<string, FlagValue> {
  const opts = cmd.opts<Record<string, FlagValue>>();
  const flags: Record<string, FlagValue> = {};
  for (const option of cmd.options) {
    const name = option.attributeName();
    const value = opts[name];
    if (option.long && value !== undefined && cmd.getOptionValueSource(name) !== 'default')
      flags[option.long] = value;
  }
  return flags;
}
