/**
 * A run's training time, one rule for every place that shows it (the Train view's Time column
 * and Cancel question, the CLI's `train` and `runs`, the report, the model card): from its
 * `startedAt` to its `finishedAt`, or to now while it runs. The pauses are left out by
 * moving `startedAt` later by each pause as it ends ({@link startWithoutPause}; the
 * supervisor writes it, services/training.ts), as a resume after a stop already does
 * (store/trainingCheckpoints.ts reopenRun); while a run is paused its clock stands at the
 * moment it paused.
 */
import type { RunInfo } from './runs';

/**
 * Seconds a run has trained (>= 0): from its `startedAt` to its `finishedAt`, or while it
 * runs to `now`, or to `pausedSince` while it is paused (its clock stands during a pause).
 * Null when it has not started (queued), and when the caller knows it stopped (`status`
 * given, not 'running') without knowing its end: such a run's time must not grow with the
 * clock.
 * @param now ms since the epoch.
 * @param pausedSince ms since the epoch when the running run was paused; null or undefined
 *   when it is not paused. Ignored for a finished run.
 */
export function trainedSeconds(
  run: Pick<RunInfo, 'startedAt' | 'finishedAt'> & { status?: RunInfo['status'] },
  now: number,
  pausedSince?: number | null,
): number | null {
  if (!run.startedAt) return null;
  if (!run.finishedAt && run.status !== undefined && run.status !== 'running') return null;
  const end = run.finishedAt
    ? Date.parse(run.finishedAt)
    : pausedSince !== null && pausedSince !== undefined
      ? Math.min(now, pausedSince)
      : now;
  return Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
}

/**
 * A run's `startedAt` moved later by a pause of `pausedMs` milliseconds, so that
 * finished − started leaves the pause out (ISO 8601 UTC, as stored).
 * @param startedAt ISO 8601 time.
 * @param pausedMs the pause's length in ms (negative counts as 0).
 * @throws RangeError when `startedAt` is not a time.
 */
export function startWithoutPause(startedAt: string, pausedMs: number): string {
  const at = Date.parse(startedAt);
  if (Number.isNaN(at)) throw new RangeError(`startedAt "${startedAt}" is not an ISO time`);
  return new Date(at + Math.max(0, pausedMs)).toISOString();
}
