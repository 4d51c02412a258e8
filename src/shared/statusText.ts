/**
 * The words of a run's or cross-validation's status, and of a stopped cross-validation's
 * state ("stopped (cancelled) — 0 of 5 folds finished"), in English and Simplified Chinese:
 * one table for the renderer's messages (i18n/training.ts: the Train and Compare views) and
 * the main process's report (export/reportText.ts), so that both say the same. The state has
 * vue-i18n's named placeholders `{status}` (a status word), `{done}` (folds finished) and
 * `{total}` (k × repeats).
 */
import type { RunStatus } from './runs';

/** The words of one language. */
export interface StatusWords {
  /** A status as the UI shows it; 'paused' is a run the UI holds paused. */
  status: Record<RunStatus | 'paused', string>;
  /** A stopped cross-validation: its status and how many of its folds finished. */
  stoppedState: string;
}

/** The words in English and in Simplified Chinese. */
export const STATUS_WORDS: Record<'en' | 'zh-CN', StatusWords> = {
  en: {
    status: {
      queued: 'queued',
      running: 'running',
      paused: 'paused',
      completed: 'completed',
      failed: 'failed',
      cancelled: 'cancelled',
      interrupted: 'interrupted',
    },
    stoppedState: 'stopped ({status}) — {done} of {total} folds finished',
  },
  'zh-CN': {
    status: {
      queued: '排队中',
      running: '训练中',
      paused: '已暂停',
      completed: '已完成',
      failed: '失败',
      cancelled: '已取消',
      interrupted: '已中断',
    },
    stoppedState: '已停止（{status}）— {total} 折中已完成 {done} 折',
  },
};
