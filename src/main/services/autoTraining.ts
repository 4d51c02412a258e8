/**
 * Auto training (`train --arch auto`, the Train view's Auto button): a budgeted search of
 * the configuration on validation data only (engine/autoSelect.ts), stored as one run with
 * the chosen configuration, its test scores, and what the search tried.
 */
import { DEFAULT_TRAIN_CONFIG, type RunInfo, type TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { ProjectStore } from '../store/projectStore';
import { assignNewlyLabelledRows } from './labels';
import {
  ensureSplit,
  executeRun,
  prepareJob,
  trunkFor,
  validateConfig,
  type TrainHooks,
} from './training';
import { defaultBusyRetry, retryWhileBusy } from './trainingWrites';

import {
  DEFAULT_AUTO_BUDGET_SECONDS,
  MAX_AUTO_BRACKETS,
  MAX_AUTO_BUDGET_SECONDS,
} from '../../shared/domain';

export { DEFAULT_AUTO_BUDGET_SECONDS };

/** A request to train one Auto run. */
export interface AutoTrainRequest {
  datasetId: number;
  /** Tasks trained together; default: all tasks of the dataset. */
  tasks?: string[];
  /** Split; default: the dataset's latest split (created if none). */
  splitId?: number;
  /** Search budget in seconds (> 0; the final model's training comes on top). */
  budgetSeconds?: number;
  /** Seed of the search (configurations drawn, inner folds); default 42. */
  seed?: number;
  /**
   * Hyperband brackets per sweep, 1 to {@link MAX_AUTO_BRACKETS} (Li et al., JMLR 2018; see
   * engine/autoSelect.ts); default 1, plain successive halving.
   */
  brackets?: number;
  /** Fields every configuration keeps (batch size, backend, …). */
  base?: Partial<TrainConfig>;
  /** The stopped Auto run this one restarts (recorded on the new run). */
  restartOf?: number;
}

/**
 * Trains one Auto run end to end: search on the split's training and validation rows, final
 * model, test scores (see engine/autoSelect.ts). The stored run's configuration is the
 * chosen one; `store.training.autoSearch(run.id)` lists what was tried.
 * @throws MtlError('BAD_REQUEST') for a budget that is not a positive number of seconds
 *   (at most a day), or brackets that are not a whole number from 1 to 3; errors of {@link prepareJob} and training, as trainRun.
 */
export async function trainAutoRun(
  store: ProjectStore,
  request: AutoTrainRequest,
  hooks: TrainHooks = {},
): Promise<RunInfo> {
  const { budgetSeconds, brackets } = checkAutoOptions(request);
  const dataset = await store.datasets.get(request.datasetId);
  // Images train a CNN trunk, tables an MLP (the search keeps the trunk).
  const base: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    ...request.base,
    trunk: trunkFor(dataset, request.base?.trunk),
  };
  validateConfig(base);
  const retry = hooks.busyRetry ?? defaultBusyRetry();
  const split = request.splitId
    ? await store.splits.get(request.splitId)
    : await retryWhileBusy(() => ensureSplit(store, request.datasetId), retry);
  // As trainRun: another process (a CLI run, the app) may hold the project's write lock.
  await retryWhileBusy(() => assignNewlyLabelledRows(store, split.id), retry);
  const lastEvent = await store.labels.lastEventId(request.datasetId);
  // Images: in memory or streamed as any run's (hooks.images); the search itself reads only
  // the non-test images (engine/autoJob.ts).
  const input = await prepareJob(
    store,
    request.datasetId,
    request.tasks,
    split.id,
    base,
    hooks.images,
  );
  input.auto = { budgetSeconds, seed: request.seed ?? base.seed, brackets };
  return executeRun(store, request.datasetId, split.id, input, hooks, lastEvent, request.restartOf);
}

/**
 * The budget and brackets of an Auto request, defaults filled in: checked by
 * {@link trainAutoRun} and, before a cross-validation of Auto stores anything, by
 * services/crossValidation.ts (every fold would be refused alike).
 * @returns `budgetSeconds` (default {@link DEFAULT_AUTO_BUDGET_SECONDS}) and `brackets`
 *   (default 1).
 * @throws MtlError('BAD_REQUEST') for a budget that is not a positive number of seconds
 *   (at most a day), or brackets that are not a whole number from 1 to 3.
 */
export function checkAutoOptions(request: Pick<AutoTrainRequest, 'budgetSeconds' | 'brackets'>): {
  budgetSeconds: number;
  brackets: number;
} {
  const budgetSeconds = request.budgetSeconds ?? DEFAULT_AUTO_BUDGET_SECONDS;
  if (!(
    Number.isFinite(budgetSeconds) &&
    budgetSeconds > 0 &&
    budgetSeconds <= MAX_AUTO_BUDGET_SECONDS
  )) {
    throw new MtlError(
      'BAD_REQUEST',
      `The Auto budget must be more than 0 and at most ${MAX_AUTO_BUDGET_SECONDS} seconds (a day), got ${budgetSeconds}.`,
    );
  }
  const brackets = request.brackets ?? 1;
  if (!(Number.isInteger(brackets) && brackets >= 1 && brackets <= MAX_AUTO_BRACKETS)) {
    throw new MtlError(
      'BAD_REQUEST',
      `Auto's brackets must be a whole number from 1 to ${MAX_AUTO_BRACKETS}, got ${brackets}.`,
    );
  }
  return { budgetSeconds, brackets };
}
