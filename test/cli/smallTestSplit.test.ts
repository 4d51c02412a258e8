/**
 * A fixed split whose test split is tiny gets the warning cross-validation gives small test
 * folds (same threshold, MIN_FOLD_TEST_ROWS = 5, and the same wording family). Found by a new
 * user: a 1 % test split of penguins (3 rows) reported macro-F1 and ROC-AUC 1.000 with no
 * warning. Expected counts by hand: `splits --make --train 0.84 --validation 0.15 --test 0.01`
 * on the 344 penguins, stratified on species, puts 1 Adelie, 1 Chinstrap and 1 Gentoo in the
 * test split (the split's own table, printed by the command), so each task is scored on 3.
 */
import { createI18n } from 'vue-i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTestSplitWarnings } from '../../src/main/cli/commands/evaluation';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { MIN_FOLD_TEST_ROWS, smallTestSplit } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const warning = (task: string, n: number): string =>
  `task "${task}": the test split scores it on ${n} labelled test row${n === 1 ? '' : 's'}, fewer than 5: its scores are close to meaningless; label more rows, make a split with a larger test fraction (mtl-studio splits --make) or cross-validate (--evaluation cv) before trusting them.`;

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species', 'island')).code).toBe(0);
  const made = await cli(
    'splits',
    '-p',
    project,
    '--make',
    '--train',
    '0.84',
    '--validation',
    '0.15',
    '--test',
    '0.01',
  );
  expect(made.code).toBe(0);
});
afterAll(() => cleanup());

describe('a fixed split with a tiny test split', () => {
  it('flags the tasks scored on fewer than 5 labelled test rows', () => {
    expect(MIN_FOLD_TEST_ROWS).toBe(5);
    expect(smallTestSplit({ a: { n: 4 }, b: { n: 5 }, c: { n: 0 } })).toEqual([
      { task: 'a', n: 4 },
      { task: 'c', n: 0 },
    ]);
    expect(smallTestSplit(null)).toEqual([]);
    expect(smallTestSplitWarnings({ results: { a: { n: 1 } as never } })).toEqual([
      warning('a', 1),
    ]);
  });

  it('is said in the Train view in English and Chinese', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(t('train.smallTestSplit', { task: 'species', n: 3, min: 5 })).toBe(
      '“species”: the test split scores it on 3 labelled test rows, fewer than 5; these scores are close to meaningless: label more rows, make a split with a larger test fraction, or cross-validate before trusting them.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('train.smallTestSplit', { task: 'species', n: 3, min: 5 })).toBe(
      '“species”：测试部分只有 3 个已标注行，少于 5 个；这些评分几乎没有意义，请先标注更多行、以更大的测试比例重新划分，或改用交叉验证，再采信。',
    );
  });

  it('train warns per task, on stderr and in --json', async () => {
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--arch',
      'single-task',
      '--evaluation',
      'split',
      '--epochs',
      '2',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.run.results.species.n).toBe(3);
    expect(doc.run.results.island.n).toBe(3);
    for (const task of ['species', 'island']) {
      expect(stderr.split('\n')).toContain(`warning: ${warning(task, 3)}`);
      expect(doc.warnings).toContain(warning(task, 3));
    }
  }, 90_000);
});
