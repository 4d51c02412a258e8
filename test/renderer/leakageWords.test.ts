/**
 * The split panel's and Compare's leakage warning, worded for what the leaked test rows are.
 * Found by a new user: rows that differed only in an ignored id column were called "duplicate
 * rows in the file", and the advice (remove the duplicates) could not remove them. Expected
 * sentences are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { leakageWords } from '../../src/renderer/src/components/leakageWords';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

/** The split panel's warning (SplitCounts.vue) for `leaked` of `test` rows, `exact` of them exact. */
function warning(leaked: number, test: number, exact: number, locale: 'en' | 'zh-CN'): string {
  i18n.global.locale.value = locale;
  const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});
  // As SplitCounts.vue: the leaked count picks the English form ("1 of 5 test rows has").
  return i18n.global.t(
    'split.leakage',
    { leaked, test, ...leakageWords({ leaked, test, exact }, t) },
    leaked,
  );
}

describe('leakage warning in the studio', () => {
  it('keeps "duplicate rows in the file" for exact duplicates', () => {
    expect(warning(6, 6, 6, 'en')).toBe(
      '6 of 6 test rows have an identical input row among the training rows (duplicate rows in the file): the test scores partly measure memory, not new rows. Remove the duplicates from the file to score on unseen rows.',
    );
  });

  it('says only the inputs repeat when no row is an exact duplicate, with advice that fits', () => {
    expect(warning(2, 2, 0, 'en')).toBe(
      '2 of 2 test rows have an identical input row among the training rows (only their input columns repeat, not the whole row: an ignored column or a label differs): the test scores partly measure memory, not new rows. The model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.',
    );
    expect(warning(2, 2, 0, 'zh-CN')).toBe(
      '2 个测试行中有 2 个在训练行中有输入完全相同的行（重复的只是输入列，而不是整行：某个被忽略的列或标签不同）：测试分数部分衡量的是记忆，而不是对新行的表现。模型只读取输入列，因此无法区分这些行：如果它们是同一个案例写了两次，请只保留一个；如果是不同的案例，请添加一个能区分它们的输入列。',
    );
  });

  it('says "has" for one leaked row, in English only', () => {
    // By hand: 1 of 5 test rows, an exact duplicate; zh-CN has one form.
    expect(warning(1, 5, 1, 'en')).toMatch(
      /^1 of 5 test rows has an identical input row among the training rows \(duplicate rows in the file\)/,
    );
    expect(warning(1, 5, 1, 'zh-CN')).toMatch(/^5 个测试行中有 1 个在训练行中有输入完全相同的行/);
  });

  it('splits the count when both kinds are there', () => {
    // 3 leaked, 1 exact: the other 2 repeat only the inputs.
    expect(warning(3, 4, 1, 'en')).toContain(
      '(1 of them exact duplicate rows in the file; in the other 2 only the input columns repeat)',
    );
  });
});
