/**
 * The folds the Train view's Evaluation select and note name on a small table
 * (shared/foldCount.ts, the rule the CLI's `train` note uses): each fold tests at least one
 * labelled row, so 4 labelled rows give 4 folds, not 5 (counted by hand: 5 folds of 4 rows
 * would leave one fold with no row to test). Wording from src/renderer/src/i18n/training.ts.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { defaultFolds, loweredFolds } from '../../src/shared/foldCount';
import { defaultFolds as servicesDefaultFolds } from '../../src/main/services/crossValidation';
import { MESSAGES } from '../../src/renderer/src/i18n';

describe('the folds on a small table', () => {
  it('lowers the default 5 to the labelled rows, at least 2, and says so only when lowered', () => {
    expect([1, 2, 3, 4, 5, 6, 200].map(defaultFolds)).toEqual([2, 2, 3, 4, 5, 5, 5]);
    // Below 2 rows cross-validation is refused (no note); 5 and more: the default holds.
    expect([0, 1, 2, 3, 4, 5, 6].map(loweredFolds)).toEqual([null, null, 2, 3, 4, null, null]);
    // The services (and so the CLI) use the same rule.
    for (const n of [1, 3, 4, 9]) expect(servicesDefaultFolds(n)).toBe(defaultFolds(n));
  });

  it('names the real folds in the select and the note, in en and zh-CN', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const { t } = i18n.global;
    expect(t('train.evaluationCv', { folds: 4 })).toBe(
      'Cross-validation (4 folds, one run per fold)',
    );
    expect(t('train.foldsLowered', { folds: 4, default: 5, n: 4 })).toBe(
      'Cross-validation with 4 folds, not the default 5: the dataset has only 4 labelled rows, and each fold tests at least one.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('train.evaluationCv', { folds: 4 })).toBe('交叉验证（4 折，每折一次运行）');
    expect(t('train.foldsLowered', { folds: 4, default: 5, n: 4 })).toBe(
      '交叉验证使用 4 折，而非默认的 5 折：数据集只有 4 个有标签的行，每折至少测试一行。',
    );
  });
});
