import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { CONFIG_KEYS } from '../config/keys.ts';
import { tempFiles } from '../config/testing/files.ts';
import { cli, type Result } from './testing/harness.ts';

const tmp = tempFiles('sts-chaos-main-');

describe('sts-chaos (main), fuzzed', () => {
  // A seeded generator, so that a failure can be reproduced.
  let seed = 20240601;
  const rand = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;

  const flags = [
    ...CONFIG_KEYS.flatMap((k) => (k.flag ? [k.flag] : [])),
    '--config',
    '--namespace',
    '--new',
    '--help',
    '--version',
  ];
  /** The flags that take no value (--dry-run, --no-events). */
  const switches = CONFIG_KEYS.flatMap((k) => (k.flag && !k.value ? [k.flag] : []));
  const garbage = [
    '--bogus',
    '-x',
    '--',
    '---',
    '-',
    '--target=',
    '--budget=3m',
    '--no-dry-run',
    '-h',
    'run',
    'list',
    '\u0000',
    '',
  ];
  const values = [
    'demo/web',
    'kube-system/web',
    '3m',
    '90s',
    '1m30s',
    'identity',
    'identity,volumes',
    'split-brain',
    'lab',
    'command',
    'none',
    'json',
    'pretty',
    'auto',
    'debug',
    '1',
    '0',
    'true',
    'web',
    '/data',
    '',
    ' ',
    ',',
    'banana',
    'ünïcödé/ßtatefulset',
    '💥',
    '日本語',
    'a'.repeat(5000),
    `${'a'.repeat(63)}/${'b'.repeat(253)}`,
    '-1',
    '1e3',
    'a\nb',
    'x\u2028y',
    '\u202edemo/web',
    '../../etc/passwd',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-looking value, on purpose
    '${HOME}',
    '%s%n',
    'null',
    '__proto__',
    'constructor',
    'toString',
  ];
  const yamlKeys = [
    ...CONFIG_KEYS.map((k) => k.field.split('.')[0] ?? ''),
    'budgett',
    '__proto__',
    'constructor',
    'node-loss',
    '',
  ];
  const nestedKeys = [
    'mode',
    'downCommand',
    'upCommand',
    'holdFor',
    'command',
    'interval',
    'primaryValues',
    'x',
  ];

  function randomValue(depth: number): unknown {
    switch (rand(depth > 1 ? 6 : 8)) {
      case 0:
        return pick(values);
      case 1:
        return rand(2) ? rand(1000) : -rand(10) / 3;
      case 2:
        return rand(2) === 1;
      case 3:
        return null;
      case 4:
        return pick(['3m', 'demo/web', 'lab', 'identity']);
      case 5:
        return pick([Number.POSITIVE_INFINITY, 1e308, 0.5]);
      case 6:
        return Array.from({ length: rand(4) }, () => randomValue(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: rand(4) }, () => [pick(nestedKeys), randomValue(depth + 1)]),
        );
    }
  }

  function randomYaml(): string {
    const doc: Record<string, unknown> = {};
    for (let i = rand(6); i > 0; i--) doc[pick(yamlKeys)] = randomValue(0);
    if (rand(3) === 0) doc.target = 'demo/web';
    let text = stringify(doc);
    switch (rand(8)) {
      case 0:
        text = text.slice(0, rand(text.length + 1));
        break;
      case 1:
        text = `${text}${pick(['\t- x', ': :', '[', '{a: 1', '"', '&a [*a]', '*missing', '!!binary AAAA', '%YAML 9.9', '---\n---'])}\n`;
        break;
      case 2:
        text = `${text}target: dup/web\ntarget: dup/web\n`;
        break;
      case 3:
        text = Array.from({ length: rand(80) }, () => String.fromCharCode(rand(0x3000))).join('');
        break;
      case 4:
        text = pick(['', '~', '- 1', '42', 'just text', 'a: &x {b: *x}', 'nodeLoss: &n {mode: *n}']);
        break;
      default:
        break;
    }
    return text;
  }

  it('ends every random command line and config file in exit 0 or 2, with at most one line on stderr', async function () {
    this.timeout(120_000);
    const files = Array.from({ length: 150 }, () => tmp.file(randomYaml()));
    const envNames = [...CONFIG_KEYS.map((k) => k.env), 'STS_CHAOS_CONFIG'];
    const codes = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const argv: string[] = [];
      const flagValue = (flag: string) => {
        argv.push(flag);
        if (flag === '--config')
          argv.push(rand(10) ? pick(files) : pick([tmp.dir(), join(tmp.dir(), 'missing.yaml'), '']));
        else if (rand(8)) argv.push(pick(values));
      };
      if (i % 2 === 0) {
        // Command-line chaos: commands, flags, values and garbage in any order.
        const command = rand(10);
        if (command < 8)
          argv.push(pick(['run', 'plan', 'cleanup', 'run', 'plan', 'list', 'help', 'compare']));
        else if (command === 8) argv.push(pick(garbage));
        for (let n = rand(7); n > 0; n--) {
          const r = rand(10);
          if (r < 6) flagValue(pick(flags));
          else if (r < 8) argv.push(pick(garbage));
          else argv.push(pick(values));
        }
      } else {
        // Config chaos: a well-formed command line, a random config file and a few known flags.
        argv.push(pick(['run', 'plan', 'cleanup']), '--config', pick(files));
        for (let n = rand(3); n > 0; n--) {
          const flag = pick(flags.filter((f) => f !== '--help' && f !== '--version' && f !== '--namespace'));
          argv.push(flag);
          if (!switches.includes(flag)) argv.push(pick(values));
        }
      }
      if (rand(3) === 0 && argv[0] && !argv.includes('--target')) argv.push('--target', 'demo/web');
      const env: NodeJS.ProcessEnv = {};
      for (let n = rand(3); n > 0; n--) {
        const name = pick(envNames);
        env[name] = name === 'STS_CHAOS_CONFIG' ? pick(files) : String(pick(values));
      }
      let r: Result;
      try {
        r = await cli(argv, { env });
      } catch (e) {
        throw new Error(`case ${i}: ${JSON.stringify({ argv, env })}: ${(e as Error).message}`);
      }
      const file = argv[argv.indexOf('--config') + 1];
      const text =
        argv.includes('--config') && file && files.includes(file) ? readFileSync(file, 'utf8') : '';
      const what = `case ${i}: ${JSON.stringify({ argv, env })}${text ? ` (config: ${JSON.stringify(text)})` : ''} → ${r.code} ${JSON.stringify(r.stderr)}`;
      expect([0, 2], what).to.include(r.code);
      expect(r.stderrLines.length, what).to.be.at.most(1);
      if (r.code === 2) expect(r.stderrLines[0], what).to.match(/^sts-chaos: \S/);
      if (r.code === 0) expect(r.stderr, what).to.equal('');
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    }
    // The generator reaches both outcomes often enough to mean something.
    expect(codes.get(0) ?? 0).to.be.greaterThan(100);
    expect(codes.get(2) ?? 0).to.be.greaterThan(100);
  });
});
