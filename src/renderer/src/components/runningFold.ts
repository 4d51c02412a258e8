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

/**
 * What a Cancel confirmed now acts on, for the Cancel asked of run `runId` (found by a new
 * user: the dialog opened on fold 4 of a cross-validation was confirmed once fold 5 ran, and
 * cancelled nothing, silently). `cancel`: the run itself while it runs; else, for a fold,
 * the running fold of its cross-validation (cancelling a fold stops its cross-validation).
 * `ended`: nothing runs any more; the run as it ended (null: no longer listed), to say so.
 * @param runs the open dataset's runs, as the page knows them at the confirmation.
 */
export function cancelTarget(
  runs: readonly RunInfo[],
  runId: number,
): { cancel: RunInfo } | { ended: RunInfo | null } {
  const run = runs.find((r) => r.id === runId) ?? null;
  if (run?.status === 'running') return { cancel: run };
  const fold = run?.fold ? runningFoldOf(runs, run.fold.evaluationId) : null;
  return fold ? { cancel: fold } : { ended: run };
}

/**
 * The fold the run panel moves on to while it follows a cross-validation: when the run it
 * shows is a fold of cross-validation `following` that no longer runs, and the next fold
 * of it runs, that fold; else null (stay). The panel follows a cross-validation from the
 * moment it shows one of its running folds until another run is chosen.
 */
export function nextFollowedFold(
  runs: readonly RunInfo[],
  following: number | null,
  shownId: number | null,
): RunInfo | null {
  if (following === null) return null;
  const fold = runningFoldOf(runs, following);
  return fold && fold.id !== shownId ? fold : null;
}
