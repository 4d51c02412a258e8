/**
 * Durations as the UI shows them: "28.5 s" in English, "28.5 秒" in Simplified Chinese
 * (common.seconds). Pure but for the message lookup, so it is unit-tested from Node.
 */
import type { RunInfo } from '@shared/domain';
// Relative import: this module is also unit-tested from Node.
import { i18n } from './i18n';

/**
 * A duration in seconds with one decimal and the unit of the UI's language
 * (common.seconds: "{s} s" / "{s} 秒").
 * @param seconds a duration in seconds, >= 0
 */
export function secondsText(seconds: number): string {
  return i18n.global.t('common.seconds', { s: seconds.toFixed(1) });
}

/**
 * Seconds a run has trained: from its `startedAt` to its `finishedAt`, or to `now` while it
 * runs (a paused run's pauses count; a resumed run's `startedAt` is already moved later by
 * its downtime, trainingCheckpoints.reopenRun). Null when it has not started (queued), and
 * when the page knows it stopped (`status` given, not 'running') without knowing its end:
 * such a run's Time must not grow with the clock (found by a new user: a Time ticking beside
 * "cancelled" or "interrupted" once another run trained).
 * @param now ms since the epoch (Date.now() in the views, ticking for a running run)
 */
export function trainedSeconds(
  run: Pick<RunInfo, 'startedAt' | 'finishedAt'> & { status?: RunInfo['status'] },
  now: number,
): number | null {
  if (!run.startedAt) return null;
  if (!run.finishedAt && run.status !== undefined && run.status !== 'running') return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
}
