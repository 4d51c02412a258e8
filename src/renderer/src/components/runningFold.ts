/**
 * Which run the Train view shows once the form started a cross-validation: its running fold,
 * as a new single run is shown once started (found by a new user: the run panel stayed on the
 * run selected before, while Continue cross-validation showed the running fold).
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { RunInfo } from '../../../shared/domain';

/**
 * The run of cross-validation `evaluationId` that trains now (status 'running', linked by
 * `run.fold.evaluationId`), or null while none has started yet (its `training.started` event
 * may come before or after the answer of `training.crossValidate`). Folds train one at a
 * time; were two running, the first started (lowest run id) is the one answered.
 */
export function runningFoldOf(runs: readonly RunInfo[], evaluationId: number): RunInfo | null {
  let found: RunInfo | null = null;
  for (const run of runs) {
    if (run.fold?.evaluationId !== evaluationId || run.status !== 'running') continue;
    if (found === null || run.id < found.id) found = run;
  }
  return found;
}
