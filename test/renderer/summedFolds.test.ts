/**
 * The heading of a cross-validation's summed confusion matrix counts its folds: a new user
 * watching a cross-validation whose first fold had finished read "CV2 Single-task · 1 folds".
 * Expected texts written by hand; the panel calls t(key, { n }, n) as here.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

describe('summed confusion matrix: folds', () => {
  it('says "1 fold" and "5 folds" in English, "n 折" in Chinese', () => {
    const t = i18n.global.t;
    i18n.global.locale.value = 'en';
    expect(t('compare.cv.summedFolds', { n: 1 }, 1)).toBe('1 fold');
    expect(t('compare.cv.summedFolds', { n: 5 }, 5)).toBe('5 folds');
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.cv.summedFolds', { n: 1 }, 1)).toBe('1 折');
    expect(t('compare.cv.summedFolds', { n: 5 }, 5)).toBe('5 折');
  });
});
