import { expect } from 'chai';
import { CONFIG_KEYS, configKeysMarkdown, keyOfField } from './keys.ts';
import { RunConfigObject } from './schema.ts';

describe('CONFIG_KEYS', () => {
  it('covers every field of the schema once, with unique flags and STS_CHAOS_ names', () => {
    const fields: string[] = [];
    for (const [key, schema] of Object.entries(RunConfigObject.shape)) {
      const inner =
        'unwrap' in schema && key in { nodeLoss: 1, probes: 1, updates: 1, roleQuery: 1, dataCheck: 1 }
          ? schema.unwrap()
          : undefined;
      if (inner && 'shape' in inner) for (const sub of Object.keys(inner.shape)) fields.push(`${key}.${sub}`);
      else fields.push(key);
    }
    expect(CONFIG_KEYS.map((k) => k.field)).to.have.members(fields);
    const envs = CONFIG_KEYS.map((k) => k.env);
    expect(new Set(envs).size).to.equal(envs.length);
    for (const e of envs) expect(e).to.match(/^STS_CHAOS_[A-Z_]+$/);
    const flags = CONFIG_KEYS.flatMap((k) => (k.flag ? [k.flag] : []));
    expect(new Set(flags).size).to.equal(flags.length);
    for (const k of CONFIG_KEYS) {
      if (!k.field.includes('.')) continue;
      const flat = `STS_CHAOS_${k.field
        .replace(/[A-Z]/g, (c) => `_${c}`)
        .replace('.', '_')
        .toUpperCase()}`;
      if (k.field !== 'roleQuery.command') expect(k.env).to.equal(flat);
    }
  });

  it('renders as a Markdown table for the docs', () => {
    const md = configKeysMarkdown();
    expect(md.split('\n').filter((l) => l.startsWith('| `'))).to.have.length(CONFIG_KEYS.length);
    expect(md).to.include('`--budget <duration>` | `STS_CHAOS_BUDGET`');
  });

  it('finds a key by its field', () => {
    expect(keyOfField('nodeLoss.mode')?.flag).to.equal('--node-loss');
    expect(keyOfField('budget')?.env).to.equal('STS_CHAOS_BUDGET');
    expect(keyOfField('nodeLoss')).to.equal(undefined);
  });
});
