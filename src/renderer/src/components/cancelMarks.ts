/**
 * Which runs' Cancel was confirmed and still waits for the run to stop (the Cancel button
 * then says "Cancelling…", disabled). A mark holds the run's id and the time its current
 * attempt started (`startedAt`): found by a new user, a run cancelled and then resumed in the
 * same tab kept "Cancelling…" (the mark held the id alone) and could not be cancelled again.
 * A resumed run's `startedAt` moves later by its downtime (services/trainingResume.ts), and
 * a run no longer running drops its mark, so a mark never outlives the attempt it was made on.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { RunInfo } from '../../../shared/domain';

/** A confirmed Cancel: run `runId` in the attempt that started at `startedAt` (ISO 8601). */
export interface CancelMark {
  runId: number;
  startedAt: string | null;
}

/** The marks with one for `run` as it runs now (a mark it had already is replaced). */
export function markCancelling(
  marks: readonly CancelMark[],
  run: Pick<RunInfo, 'id' | 'startedAt'>,
): CancelMark[] {
  return [...marks.filter((m) => m.runId !== run.id), { runId: run.id, startedAt: run.startedAt }];
}

/** The marks less run `runId`'s (its Cancel found nothing to stop, or failed). */
export function forgetCancelling(marks: readonly CancelMark[], runId: number): CancelMark[] {
  return marks.filter((m) => m.runId !== runId);
}

/** Whether `run` is running in the attempt its Cancel was confirmed in. */
export function isCancelling(
  marks: readonly CancelMark[],
  run: Pick<RunInfo, 'id' | 'status' | 'startedAt'>,
): boolean {
  return (
    run.status === 'running' &&
    marks.some((m) => m.runId === run.id && m.startedAt === run.startedAt)
  );
}

/**
 * The marks still in force among `runs` (the page's runs as listed): those of a run listed
 * as running in the same attempt. A run that stopped (cancelled, or ended otherwise), was
 * resumed or restarted since, or is no longer listed, loses its mark.
 */
export function liveCancelMarks(
  marks: readonly CancelMark[],
  runs: readonly Pick<RunInfo, 'id' | 'status' | 'startedAt'>[],
): CancelMark[] {
  return marks.filter((m) => {
    const run = runs.find((r) => r.id === m.runId);
    return run !== undefined && isCancelling([m], run);
  });
}
