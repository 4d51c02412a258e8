/**
 * Why a cross-validation failed, for the Train view's folds panel and its list of stopped
 * cross-validations (a new user's image CV failed every try with no reason shown anywhere in
 * the studio: it was only in `evaluate --json`). A cross-validation stops at its first fold
 * that fails, so its error is that fold's.
 */
import type { ErrorCode } from '@shared/errors';
import type { CrossValidationInfo, RunInfo } from '@shared/domain';

/** A failure as ErrorText.vue / errorText.ts describeError take it (`{ code, message }`). */
export interface CvFailure {
  code: ErrorCode;
  message: string;
}

/**
 * Failures that a retry may not meet again (the disk filled, another program held the
 * project, the backend could not load, the process went away): continuing with the same
 * configuration can succeed once that passes. Any other failure (a configuration the
 * service refuses, a model that does not fit the data) comes back on every fold.
 */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'DISK_FULL',
  'PROJECT_BUSY',
  'BACKEND_UNAVAILABLE',
  'TRAINING_INTERRUPTED',
]);

/**
 * The error of a failed cross-validation: its first failed fold run's (in fold order, with
 * the run's code, TRAINING_FAILED when it has none) when one is in `runs`, else the
 * cross-validation's own stored message (a fold refused before its run was stored, e.g. a
 * trunk that does not fit the dataset) as TRAINING_FAILED. Null when it did not fail
 * (running, completed, cancelled, interrupted) or has no message.
 * @param evaluation the cross-validation (CrossValidationSummary.evaluation)
 * @param runs the runs known to the studio (studio.runs)
 */
export function cvFailure(
  evaluation: Pick<CrossValidationInfo, 'status' | 'error' | 'runs'>,
  runs: readonly Pick<RunInfo, 'id' | 'status' | 'error' | 'errorCode'>[],
): CvFailure | null {
  if (evaluation.status !== 'failed') return null;
  const byId = new Map(runs.map((r) => [r.id, r]));
  const ordered = [...evaluation.runs].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  for (const link of ordered) {
    const run = byId.get(link.runId);
    if (run?.status === 'failed' && run.error) {
      return { code: run.errorCode ?? 'TRAINING_FAILED', message: run.error };
    }
  }
  return evaluation.error ? { code: 'TRAINING_FAILED', message: evaluation.error } : null;
}

/**
 * Whether continuing with the same configuration would most likely fail again: the failure
 * is not one of the transient ones ({@link TRANSIENT}). The studio still offers Continue
 * (the cause may have been fixed, e.g. a column's role), but says so beside it.
 */
export function failsAgain(failure: CvFailure | null): boolean {
  return failure !== null && !TRANSIENT.has(failure.code);
}
