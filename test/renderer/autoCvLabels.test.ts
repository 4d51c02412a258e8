/**
 * What the studio says of Auto under cross-validation (found by a new user): the Train
 * form's note that the budget is per fold (as the CLI's "Auto: 3 s per fold × 5 folds ≈
 * 15 s"), Compare's label of an Auto cross-validation with its budget (two Auto ones read
 * "CV1 Auto" and "CV2 Auto" alike), and an interrupted fold's message, which names
 * Continue cross-validation instead of a Restart folds do not have. Expected texts by hand
 * (3 × 5 = 15); the components call t() with these keys and parameters.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { runError } from '../../src/renderer/src/errorText';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

describe('Auto under cross-validation in the studio', () => {
  it('says the budget is per fold, in English and Chinese', () => {
    const t = i18n.global.t;
    i18n.global.locale.value = 'en';
    expect(t('train.autoPerFold', { budget: 3, folds: 5, total: 15 })).toBe(
      'Under cross-validation the budget is per fold: Auto takes about 3 s per fold × 5 folds ≈ 15 s in all.',
    );
    expect(t('compare.cv.autoBudget', { budget: 3 })).toBe('Auto (3 s per fold)');
    expect(t('compare.cv.autoBudget', { budget: 4 })).toBe('Auto (4 s per fold)');
    i18n.global.locale.value = 'zh-CN';
    expect(t('train.autoPerFold', { budget: 3, folds: 5, total: 15 })).toBe(
      '交叉验证下预算按折计算：自动搜索约需每折 3 秒 × 5 折 ≈ 共 15 秒。',
    );
    expect(t('compare.cv.autoBudget', { budget: 4 })).toBe('自动（每折 4 秒）');
  });

  it('an interrupted fold names Continue cross-validation, not a restart', () => {
    i18n.global.locale.value = 'en';
    const t = i18n.global.t as (key: string) => string;
    const te = i18n.global.te as (key: string) => boolean;
    const shown = runError('interrupted', 'Interrupted', t, te, null, false, true);
    expect(shown?.headline).toContain('Continue cross-validation');
    expect(shown?.headline).not.toContain('restart');
    // A plain run without a checkpoint still says restart.
    expect(runError('interrupted', 'x', t, te, null, false, false)?.headline).toContain(
      'restart it',
    );
  });
});
