/**
 * Restarting a stopped run: the request that trains an interrupted, cancelled or failed run
 * again from scratch, with the same dataset, tasks, split and configuration — a plain run
 * with its checkpoint policy, or an Auto run as a new search with its budget, seed and
 * brackets. Continuing a run from its checkpoint instead is services/trainingResume.ts.
 * Re-exported from services/training.ts.
 */
import { MtlError, reasonDetails } from '../../shared/errors';
import { DEFAULT_CHECKPOINT_POLICY } from '../engine/checkpoint';
import type { ProjectStore } from '../store/projectStore';
import type { AutoTrainRequest } from './autoTraining';
import type { TrainRequest } from './training';

/** What restarting a stopped run trains: a plain run, or an Auto search (see {@link restartRequest}). */
export type RestartRequest =
  { kind: 'train'; request: TrainRequest } | { kind: 'auto'; request: AutoTrainRequest };

/**
 * The request that trains a stopped run again with the same dataset, tasks, split and
 * configuration (recording which run it restarts). An Auto run restarts as Auto: a new
 * search with its budget, seed and brackets, from its stored configuration (the search's
 * base while it had not chosen; the chosen one, whose fields the search does not draw are
 * the base's, once it had).
 *
 * A plain run keeps the stopped one's checkpoint policy (`request.checkpoints`; a run stored
 * before schema v14 has none recorded and gets {@link DEFAULT_CHECKPOINT_POLICY}, as its
 * resume would; never the caller's); an Auto run saves none, as every Auto run. To continue a
 * run from its checkpoint instead: services/trainingResume.ts.
 * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run that
 *   is still queued or running, or completed (duplicate its configuration instead), for a
 *   fold run of a cross-validation, and for an Auto run stored without its search's
 *   settings (created by an earlier build; reason AUTO_RESTART_NO_SETTINGS, its RunInfo has
 *   `autoSettingsMissing`).
 */
export async function restartRequest(store: ProjectStore, runId: number): Promise<RestartRequest> {
  const run = await store.training.getRun(runId);
  if (run.status === 'queued' || run.status === 'running' || run.status === 'completed') {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is ${run.status}; only an interrupted, cancelled or failed run can be restarted`,
    );
  }
  if (run.fold) {
    // Restarted on its own it would train a plain run on the fold's split, outside its
    // cross-validation (which would stay short of that fold).
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is a fold of cross-validation CV${run.fold.evaluationId}; a fold is not restarted on its own: continue the cross-validation instead (the same train --evaluation cv command, or Continue on the cross-validation in the Train view): its unfinished folds are trained again, the finished ones kept.`,
    );
  }
  if (run.finalOf) {
    // Restarted as a plain run it would train with early stopping on no validation rows and
    // refuse its split (no test rows): it is trained again as a final model.
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is the final model of cross-validation CV${run.finalOf.evaluationId}; train it again as one: Train the final model on all labelled rows on that cross-validation in the Train view (training.finalFromCrossValidation), or train --evaluation cv --final.`,
    );
  }
  if (run.auto) {
    const settings = await store.training.autoSettings(run.id);
    if (settings === null) {
      // Its stored config is only Auto's base: restarting it plainly would train one run.
      throw new MtlError(
        'BAD_REQUEST',
        `Run ${runId} is an Auto run stored without its search's budget; restarting it would train only its base configuration, not a search. Start Auto again instead (train --arch auto, or Auto in the Train view).`,
        reasonDetails('AUTO_RESTART_NO_SETTINGS', { id: runId }),
      );
    }
    return {
      kind: 'auto',
      request: {
        datasetId: run.datasetId,
        tasks: run.tasks,
        splitId: run.splitId,
        budgetSeconds: settings.budgetSeconds,
        seed: settings.seed,
        brackets: settings.brackets ?? 1,
        base: run.config,
        restartOf: run.id,
      },
    };
  }
  return {
    kind: 'train',
    request: {
      datasetId: run.datasetId,
      tasks: run.tasks,
      config: run.config,
      splitId: run.splitId,
      restartOf: run.id,
      // As a resume of it would (trainingResume.ts resumeCheckpointPolicy, nothing given).
      checkpoints: run.checkpointPolicy ?? DEFAULT_CHECKPOINT_POLICY,
    },
  };
}
