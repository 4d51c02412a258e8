/**
 * The cross-validation table's folds cell (components/CrossValidationPanel.vue,
 * compare.cv.foldsScheme): "3 (3 × 1)" in English, with full-width parentheses in Chinese as
 * the report writes it (main/export/reportText.ts cvFolds; found by a new user: the UI wrote
 * "3 (3 × 1)" beside the report's "3（3 × 1）"). Expected texts by hand.
 * @vitest-isolate: it sets the i18n locale, which other files in its process would see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('compare.cv.foldsScheme', () => {
  it('ASCII parentheses in English, full-width in Chinese', () => {
    const { t } = i18n.global;
    expect(t('compare.cv.foldsScheme', { n: 3, k: 3, repeats: 1 })).toBe('3 (3 × 1)');
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.cv.foldsScheme', { n: 3, k: 3, repeats: 1 })).toBe('3（3 × 1）');
  });
});
