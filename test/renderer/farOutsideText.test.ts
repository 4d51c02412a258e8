/**
 * The Predict view's warning for values far outside the training data
 * (components/farOutsideText.ts): with the training range and (older runs) with mean and
 * std, singular and plural, in English and Chinese. Expected texts written by hand from
 * src/renderer/src/i18n/exports.ts.
 * @vitest-isolate: it sets the i18n locale, which other files in its process would see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { farOutsideText } from '../../src/renderer/src/components/farOutsideText';
import { i18n } from '../../src/renderer/src/i18n';

const t = (key: string, values: Record<string, unknown>, plural?: number) =>
  plural === undefined ? i18n.global.t(key, values) : i18n.global.t(key, values, plural);

afterEach(() => {
  i18n.global.locale.value = 'en';
});

const legs = {
  column: 'legs',
  rows: 1,
  firstRows: [101],
  extreme: 400000,
  training: { kind: 'range' as const, min: 0, max: 8 },
};
const old = {
  column: 'legs',
  rows: 7,
  firstRows: [1, 2, 3, 4, 5],
  extreme: -9,
  training: { kind: 'spread' as const, mean: 2.8400001, std: 2.03 },
};

describe('farOutsideText', () => {
  it('the training range, the rows (named), and the largest value', () => {
    expect(farOutsideText(legs, t)).toBe(
      'Column “legs”: 1 row (row 101) lies far outside the training range 0–8 (largest 400000): its prediction is an extrapolation, however confident.',
    );
  });

  it('an older run: mean and std, plural (five rows named, then …), the smallest value (6 significant digits)', () => {
    expect(farOutsideText(old, t)).toBe(
      'Column “legs”: 7 rows (rows 1, 2, 3, 4, 5, …) lie far outside the training data, more than 10 standard deviations from its mean 2.84 (std 2.03; smallest -9): their predictions are extrapolations, however confident.',
    );
  });

  it('in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(farOutsideText(legs, t)).toBe(
      '列“legs”：1 行（第 101 行）的值远超出训练范围 0–8（最大值 400000）：这类行的预测是外推，无论置信度多高。',
    );
    expect(farOutsideText(old, t)).toBe(
      '列“legs”：7 行（第 1、2、3、4、5、… 行）的值远离训练数据，与训练均值 2.84 相差超过 10 个标准差（标准差 2.03；最小值 -9）：这类行的预测是外推，无论置信度多高。',
    );
  });
});
