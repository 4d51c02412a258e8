/**
 * The Export view's line after a bundle is written: "test rows" only for a run that has them;
 * a cross-validation's final model was verified on rows it trained on. Texts written by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/renderer/src/i18n';

describe('export: verified rows', () => {
  it('words a final model’s verification without "test rows" (en, zh-CN)', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    const args = { path: '/b', rows: 344, diff: '1.0e-7' };
    expect(t('export.exportedTraining', args)).toBe(
      'Wrote /b: verified on 344 rows it trained on (a final model has no test rows; largest difference 1.0e-7).',
    );
    expect(t('export.exported', args)).toContain('verified on 344 test rows');
    i18n.global.locale.value = 'zh-CN';
    expect(t('export.exportedTraining', args)).toBe(
      '已写出 /b：在 344 个它训练过的行上校验通过（最终模型没有测试行；最大差异 1.0e-7）。',
    );
  });
});
