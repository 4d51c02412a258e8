/**
 * What an Auto run's progress says while paused (components/autoPausedNote.ts), and the
 * fold's line instead of "End search now": the cases below are the choice made in
 * engine/autoSelect.ts SearchOptions.end (ended while paused, the search is over at once and
 * the final model waits for the resume; only the first default still needs the resume),
 * written out by hand, with the en and zh-CN messages of src/renderer/src/i18n/training.ts.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { autoClockKey, autoPausedNoteKey } from '../../src/renderer/src/components/autoPausedNote';
import { MESSAGES } from '../../src/renderer/src/i18n';

describe('the paused line of an Auto run', () => {
  it('says what the resume will do, and nothing when it is not paused or already training', () => {
    const final = { phase: 'final' as const, trialsDone: 2 };
    const first = { phase: 'defaults' as const, trialsDone: 0 };
    const later = { phase: 'search' as const, trialsDone: 4 };
    expect(autoPausedNoteKey(final, true, false, true)).toBe('train.autoPausedFinalWaits');
    expect(autoPausedNoteKey(final, true, false, false)).toBe('train.autoPausedFinalWaits');
    expect(autoPausedNoteKey(first, true, false, true)).toBe('train.autoPausedFirstWaits');
    // Searching and paused without a request: the ordinary pause, no line.
    expect(autoPausedNoteKey(later, true, false, false)).toBeNull();
    expect(autoPausedNoteKey(first, true, false, false)).toBeNull();
    expect(autoPausedNoteKey(final, false, false, true)).toBeNull();
    // The final model's epochs have begun: an ordinary paused run.
    expect(autoPausedNoteKey(final, true, true, true)).toBeNull();
    expect(autoPausedNoteKey(null, true, false, true)).toBeNull();
  });

  it('has its lines, and the fold line, in en and zh-CN', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    expect(i18n.global.t('train.autoPausedFinalWaits')).toBe(
      'Paused · the search is over; the final model starts when you resume',
    );
    expect(i18n.global.t('train.autoFoldNoEnd')).toContain('End search now');
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('train.autoPausedFinalWaits')).toBe(
      '已暂停 · 搜索已结束；继续后才开始最终模型',
    );
    expect(i18n.global.t('train.autoPausedFirstWaits')).toBe(
      '已暂停 · 继续后，第一个配置（工作室默认配置）训练完成时搜索即结束',
    );
    expect(i18n.global.t('train.autoFoldNoEnd')).toContain('立即结束搜索');
  });

  it("words the clock past the budget while the first configuration finishes, not '62 s of 20 s'", () => {
    // By hand from the rule: the first configuration (the defaults) runs past the budget;
    // later trials stop at it, so their clock reads 'T s of B s' as before.
    expect(autoClockKey(12, 20, 0, false)).toBe('train.autoClock');
    expect(autoClockKey(20, 20, 0, false)).toBe('train.autoClock');
    expect(autoClockKey(62, 20, 0, false)).toBe('train.autoClockFirstOver');
    // "End search now" already says it waits for the first configuration.
    expect(autoClockKey(62, 20, 0, true)).toBe('train.autoClockOver');
    expect(autoClockKey(21, 20, 3, true)).toBe('train.autoClock');
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const params = { elapsed: '62', budget: 20 };
    expect(i18n.global.t('train.autoClockOver', params)).toBe('20 s budget used (62 s so far)');
    expect(i18n.global.t('train.autoClockFirstOver', params)).toBe(
      "20 s budget used; finishing the first configuration, the studio's defaults (62 s so far)",
    );
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('train.autoClockOver', params)).toBe('20 秒预算已用完（已用 62 秒）');
    expect(i18n.global.t('train.autoClockFirstOver', params)).toBe(
      '20 秒预算已用完；正在完成第一个配置（工作室默认配置）（已用 62 秒）',
    );
  });
});
