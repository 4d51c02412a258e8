/**
 * Target-leakage warnings: an input that determines a task's label exactly.
 */
import { describe, expect, it } from 'vitest';
import {
  leakageWarnings,
  leakageWarningText,
  MAX_LEAKAGE_VALUES,
} from '../../src/main/services/tasks';
import { mulberry32 } from '../../src/main/engine/random';
import type { ColumnInfo } from '../../src/shared/domain';

const column = (name: string, type: ColumnInfo['type'] = 'categorical'): ColumnInfo => ({
  index: 0,
  name,
  type,
  role: 'input',
  profile: { missing: 0, distinct: 0, numeric: null, topCategories: null },
});

describe('leakageWarnings', () => {
  const labels = ['cat', 'cat', 'dog', 'dog', null, 'bird', 'bird'];

  it('flags an input whose every value goes with one class (hand-made: name → label)', () => {
    // kitty→cat ×2, rex→dog ×2, tweety→bird ×2; row 5 has no label and is skipped.
    const names = ['kitty', 'kitty', 'rex', 'rex', 'rex', 'tweety', 'tweety'];
    expect(leakageWarnings([{ column: column('name'), values: names }], labels)).toEqual([
      { code: 'INPUT_DETERMINES_TARGET', severity: 'warning', column: 'name' },
    ]);
  });

  it('does not flag an input shared by two classes, a constant, or a rarely present one', () => {
    const sharedValue = ['a', 'a', 'a', 'b', 'b', 'b', 'b']; // "a" goes with cat and dog
    const constant = ['x', 'x', 'x', 'x', 'x', 'x', 'x'];
    const rare = ['p', null, null, null, null, 'q', null]; // 2 of 6 labelled rows covered
    expect(
      leakageWarnings(
        [
          { column: column('shared'), values: sharedValue },
          { column: column('constant'), values: constant },
          { column: column('rare'), values: rare },
        ],
        labels,
      ),
    ).toEqual([]);
  });

  it('flags nothing for a task whose labels carry one class (every input "determines" it)', () => {
    // By hand: the labels are all "A" (a task declared with --classes const=A,B, only A
    // labelled); "island" has 2 values, each seen 3 times, all with "A" — consistent, yet no
    // evidence: one class goes with any column. With a second class the same input is flagged.
    const island = ['x', 'x', 'x', 'y', 'y', 'y'];
    const oneClass = ['A', 'A', null, 'A', 'A', 'A'];
    expect(leakageWarnings([{ column: column('island'), values: island }], oneClass)).toEqual([]);
    const twoClasses = ['A', 'A', null, 'B', 'B', 'B'];
    expect(leakageWarnings([{ column: column('island'), values: island }], twoClasses)).toEqual([
      { code: 'INPUT_DETERMINES_TARGET', severity: 'warning', column: 'island' },
    ]);
  });

  it('skips identifiers with more distinct values than the limit', () => {
    const n = MAX_LEAKAGE_VALUES + 10;
    const ids = Array.from({ length: n }, (_, i) => i);
    const many = Array.from({ length: n }, (_, i) => (i % 2 ? 'odd' : 'even'));
    expect(leakageWarnings([{ column: column('id', 'numeric'), values: ids }], many)).toEqual([]);
  });

  it('does not fire on a 32-row table of continuous measurements (issue #11)', () => {
    // Every measurement has a distinct value per row, so each "determines" its row's class;
    // that is no evidence of leakage. Three classes of 11/11/10 rows.
    const r = mulberry32(4);
    const classes = Array.from({ length: 32 }, (_, i) => ['a', 'b', 'c'][i % 3]);
    const inputs = ['length', 'width', 'depth', 'mass'].map((name) => ({
      column: column(name, 'numeric'),
      values: Array.from({ length: 32 }, () => Math.round(r() * 1e4) / 100),
    }));
    expect(leakageWarnings(inputs, classes)).toEqual([]);
  });
});

describe('leakageWarningText', () => {
  // Expected texts written by hand: a name with a space single-quoted for sh, a
  // placeholder (<project>, <column>) never quoted.
  it('names the command, runnable where the project is known', () => {
    expect(
      leakageWarningText('pet name', { project: '/tmp/my runs/p.mtlproj', datasetId: 2 }),
    ).toBe(
      'Input column "pet name" determines this task exactly; if it is derived from the target, ' +
        "set it to ignore (mtl-studio columns -p '/tmp/my runs/p.mtlproj' -d 2 --role 'pet name'=ignore).",
    );
    expect(leakageWarningText('name')).toBe(
      'Input column "name" determines this task exactly; if it is derived from the target, ' +
        "set it to ignore (in the studio's column panel, or mtl-studio columns -p <project> --role name=ignore).",
    );
    expect(leakageWarningText(undefined)).toContain('--role <column>=ignore');
  });
});
