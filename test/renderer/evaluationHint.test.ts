/**
 * The sentence under the Train form's Evaluation choice. A new user on a 111-row image
 * table switched to "Fixed split (one run)" and still read "111 labelled rows:
 * cross-validation is chosen", then trained one split run. Expected sentences are the
 * i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { evaluationHint } from '../../src/renderer/src/composables/evaluationHint';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

/** The hint as the Train view words it in a language, or null. */
function text(
  evaluation: 'split' | 'cv',
  rows: number | null,
  locale: 'en' | 'zh-CN',
): string | null {
  const hint = evaluationHint(evaluation, rows);
  i18n.global.locale.value = locale;
  return hint === null ? null : i18n.global.t(hint.key, { n: hint.n });
}

describe('Train view evaluation hint', () => {
  it('says cross-validation is chosen only while it is', () => {
    expect(text('cv', 111, 'en')).toBe(
      '111 labelled rows: cross-validation is chosen, as one test split this small cannot tell methods apart.',
    );
    expect(text('split', 111, 'en')).toBe(
      '111 labelled rows: one test split this small cannot tell methods apart; cross-validation is recommended.',
    );
    expect(text('split', 111, 'zh-CN')).toBe(
      '111 个有标签的行：这么小的测试集无法区分不同方法，建议使用交叉验证。',
    );
  });

  it('says nothing on a table large enough for one split', () => {
    expect(evaluationHint('split', null)).toBeNull();
    expect(evaluationHint('cv', null)).toBeNull();
  });
});
