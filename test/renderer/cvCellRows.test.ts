/**
 * The rows listed under a clicked cell of a cross-validation's summed confusion matrix
 * (Compare view; found by a new user: clicking one listed nothing): the heading counts them,
 * and each row names its fold, counted from 1 (stored from 0). Expected texts by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cellFoldText } from '../../src/renderer/src/components/crossValidationLabels';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('a cross-validation cell’s rows', () => {
  it('name each row’s fold from 1, with its repeat after the first repetition', () => {
    expect(cellFoldText({ repeat: 0, fold: 2 })).toBe('3');
    expect(cellFoldText({ repeat: 1, fold: 0 })).toBe('1 (repeat 2)');
    i18n.global.locale.value = 'zh-CN';
    expect(cellFoldText({ repeat: 0, fold: 4 })).toBe('5');
    expect(cellFoldText({ repeat: 2, fold: 1 })).toBe('2（第 3 次重复）');
  });

  it('count the rows in the heading, in English and Chinese', () => {
    const t = i18n.global.t;
    const v = { actual: 'benign', predicted: 'malignant', cv: 'CV1' };
    expect(t('compare.cv.cellRows', { ...v, n: 0 }, 0)).toBe(
      'No row of class “benign” predicted as “malignant” in the test folds of CV1',
    );
    expect(t('compare.cv.cellRows', { ...v, n: 1 }, 1)).toBe(
      '1 row of class “benign” predicted as “malignant” in the test folds of CV1',
    );
    expect(t('compare.cv.cellRows', { ...v, n: 5 }, 5)).toBe(
      '5 rows of class “benign” predicted as “malignant” in the test folds of CV1',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.cv.cellRows', { ...v, n: 5 }, 5)).toBe(
      'CV1 的各测试折中有 5 行：真实类别“benign”，预测为“malignant”',
    );
  });
});
