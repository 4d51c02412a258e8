/**
 * A Cancel question whose subject ends while it is open (found by a new user: "Cancel run 15?
 * … Keep / Cancel the run" stayed open, its backdrop blocking the page, after run 15 had
 * finished; "Cancel cross-validation CV3?" likewise). The question turns into a notice; these
 * are the decision and its words. Expected sentences are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import {
  cancelAskedEnded,
  cancelEndedNotice,
  keepFirstEnd,
} from '../../src/renderer/src/components/cancelQuestion';
import { MESSAGES } from '../../src/renderer/src/i18n';
import type { RunInfo } from '../../src/shared/domain';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

function t(key: string, values?: Record<string, unknown>): string {
  return i18n.global.t(key, values ?? {});
}

const none = new Map();
const runs = (status: RunInfo['status']) => [
  { id: 14, status: 'completed' as const },
  { id: 15, status },
];

describe('whether a Cancel question’s subject ended', () => {
  it('keeps asking while the run runs or waits, or while the list does not hold it', () => {
    expect(cancelAskedEnded({ runId: 15 }, runs('running'), none)).toBeNull();
    expect(cancelAskedEnded({ runId: 15 }, runs('queued'), none)).toBeNull();
    // The list is empty while it reloads: not taken as an end.
    expect(cancelAskedEnded({ runId: 15 }, [], none)).toBeNull();
  });

  it('says how the run ended, whichever way', () => {
    for (const status of ['completed', 'failed', 'cancelled', 'interrupted'] as const) {
      expect(cancelAskedEnded({ runId: 15 }, runs(status), none)).toEqual({ runId: 15, status });
    }
  });

  it('ends a cross-validation’s question on its heard end only, not on a fold’s', () => {
    // Fold 1 (run 15) completed and fold 2 not started yet: no fold runs, the CV goes on.
    expect(cancelAskedEnded({ evaluationId: 3 }, runs('completed'), none)).toBeNull();
    expect(cancelAskedEnded({ evaluationId: 3 }, [], new Map([[3, 'running']]))).toBeNull();
    expect(cancelAskedEnded({ evaluationId: 3 }, [], new Map([[4, 'completed']]))).toBeNull();
    expect(cancelAskedEnded({ evaluationId: 3 }, [], new Map([[3, 'completed']]))).toEqual({
      evaluationId: 3,
      status: 'completed',
    });
  });

  it('stays ended once ended, even if the run is resumed meanwhile', () => {
    let status: RunInfo['status'] = 'running';
    const ended = keepFirstEnd(() => cancelAskedEnded({ runId: 15 }, runs(status), none));
    expect(ended()).toBeNull();
    status = 'cancelled';
    expect(ended()).toEqual({ runId: 15, status: 'cancelled' });
    status = 'running';
    expect(ended()).toEqual({ runId: 15, status: 'cancelled' });
  });
});

describe('the notice in place of the question', () => {
  it('says what ended and that nothing is left to cancel (en, zh-CN)', () => {
    const run = { runId: 15, status: 'completed' as const };
    const cv = { evaluationId: 3, status: 'failed' as const };
    try {
      expect(cancelEndedNotice(run, t)).toEqual({
        title: 'Run 15 has ended',
        message:
          'Run 15 ended (completed) while this question was open: there is nothing to cancel.',
      });
      expect(cancelEndedNotice(cv, t)).toEqual({
        title: 'Cross-validation CV3 has ended',
        message:
          'Cross-validation CV3 ended (failed) while this question was open: there is nothing to cancel.',
      });
      i18n.global.locale.value = 'zh-CN';
      expect(cancelEndedNotice(run, t)).toEqual({
        title: '运行 15 已结束',
        message: '运行 15 在此问题打开期间已结束（已完成）：无需取消。',
      });
      expect(cancelEndedNotice(cv, t).title).toBe('交叉验证 CV3 已结束');
    } finally {
      i18n.global.locale.value = 'en';
    }
  });
});
