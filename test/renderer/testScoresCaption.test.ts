/**
 * The caption of a run's test scores (found by a new user: a cross-validation fold's run was
 * headed "Test scores (test split)", though it is scored on that fold's held-out rows).
 * Expected captions are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { testScoresCaption } from '../../src/renderer/src/components/testScoresCaption';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

function t(key: string, values?: Record<string, unknown>): string {
  return i18n.global.t(key, values ?? {});
}

describe('the test scores caption', () => {
  it('names the test split for a run on a split', () => {
    i18n.global.locale.value = 'en';
    expect(testScoresCaption({}, t)).toBe('Test scores (test split)');
  });

  it("names a fold's held-out rows for a fold run, in en and zh-CN", () => {
    i18n.global.locale.value = 'en';
    // Stored 0-based (RunInfo.fold): fold index 2 of the first repeat (index 0) is the third
    // fold, as the run list and `mtl-studio runs` number it ("fold 3/5").
    const fold = { fold: { evaluationId: 2, repeat: 0, fold: 2 } };
    expect(testScoresCaption(fold, t)).toBe("Test scores (fold 3's held-out rows)");
    const repeated = { fold: { evaluationId: 2, repeat: 1, fold: 2 } };
    expect(testScoresCaption(repeated, t)).toBe('Test scores (held-out rows of fold 3, repeat 2)');
    i18n.global.locale.value = 'zh-CN';
    expect(testScoresCaption(fold, t)).toBe('测试得分（第 3 折留出的行）');
    expect(testScoresCaption(repeated, t)).toBe('测试得分（第 2 次重复第 3 折留出的行）');
  });
});
