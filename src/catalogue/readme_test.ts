import { readFileSync } from 'node:fs';
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
        `${stepLabel(st)}${st.note ? ` (${st.note})` : ''}${st.tags.includes('NodeFault') ? ' `[NodeFault]`' : ''}`,
        st.checks.join(' '),
      ]),
    );
    expect(rows.map((r) => r.slice(1, 5))).to.deep.equal(want);
  });
});
