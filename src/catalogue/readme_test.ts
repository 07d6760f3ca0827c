import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { CATALOGUE } from './index.ts';
import { stepLabel } from './select.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('README', () => {
  it('lists the catalogue’s steps, faults and checks as they are (The suites)', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = text.split('<!-- catalogue:begin -->')[1]?.split('<!-- catalogue:end -->')[0] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| suite'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const want = CATALOGUE.flatMap((s) =>
      s.steps.map((st) => [
        s.id,
        `\`${st.id}\``,
        `${stepLabel(st)}${st.note ? ` (${st.note})` : ''}${st.tags
          .filter((t) => t !== 'Disruptive')
          .map((t) => ` \`[${t}]\``)
          .join('')}`,
        st.checks.join(' '),
      ]),
    );
    expect(rows.map((r) => r.slice(1, 5))).to.deep.equal(want);
  });
});

describe('README layout', () => {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const layout = text.split('## Layout')[1]?.split('\n## ')[0] ?? '';
  const rows = layout.split('\n').filter((l) => l.startsWith('| `'));

  it('names only paths that exist', () => {
    for (const row of rows) {
      const first = row.split('|')[1] ?? '';
      for (const m of first.matchAll(/`([^`]+)`/g)) {
        const path = m[1] as string;
        expect(existsSync(join(ROOT, path)), `${path} (README layout)`).to.equal(true);
      }
    }
  });

  it('has a row for every folder of src/', () => {
    const named = new Set(
      rows.flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/`([^`]+?)\/?`/g)].map((m) => m[1])),
    );
    const folders = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'testing')
        .flatMap((d) => [`${dir}/${d.name}`, ...folders(`${dir}/${d.name}`)]);
    const missing = folders('src').filter(
      (f) => !named.has(f) && !named.has(f.split('/').slice(0, 2).join('/')),
    );
    expect(missing, 'folders of src/ without a layout row').to.deep.equal([]);
  });
});
