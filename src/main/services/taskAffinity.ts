/**
 * Task affinity of a dataset's tasks (engine/taskAffinity.ts, Fifty et al., NeurIPS 2021):
 * a quick dedicated pass of a hard-sharing network on the training rows of the dataset's
 * split, measured in this process (a few seconds on a table; bounded by `steps`).
 */
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../shared/domain';
import { selectBackend } from '../engine/backend';
import { splitIndices } from '../engine/job';
import { encodeLabels, fitPreprocessing, transform } from '../engine/preprocessing';
import { taskAffinity, type TaskAffinity } from '../engine/taskAffinity';
import type { ProjectStore } from '../store/projectStore';
import { ensureSplit, prepareJob } from './training';

/** Options of {@link estimateTaskAffinity}. */
export interface AffinityRequest {
  datasetId: number;
  /** Tasks to relate (default: all, at least 2, at most 8). */
  tasks?: string[];
  /** Split whose training rows are used (default: the dataset's latest split). */
  splitId?: number;
  /** Optimizer steps of the pass (default 300). */
  steps?: number;
  config?: Partial<TrainConfig>;
}

/**
 * Measures inter-task affinity and recommends a grouping.
 * @throws MtlError('BAD_REQUEST') for fewer than 2 or more than 8 tasks; errors of
 *   {@link prepareJob}.
 */
export async function estimateTaskAffinity(
  store: ProjectStore,
  request: AffinityRequest,
): Promise<TaskAffinity> {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...request.config, dropout: 0 };
  const split = request.splitId
    ? await store.splits.get(request.splitId)
    : await ensureSplit(store, request.datasetId);
  const input = await prepareJob(store, request.datasetId, request.tasks, split.id, config);
  await selectBackend(config.backend);
  const { train } = splitIndices(input.assignment);
  const preprocessing = fitPreprocessing(input.inputs, train);
  const features = transform(
    preprocessing,
    Object.fromEntries(input.inputs.map((c) => [c.name, c.values])),
  );
  return taskAffinity(
    features,
    preprocessing.featureNames.length,
    input.targets.map((t) => encodeLabels(t.values, t.task.classes, t.type)),
    train,
    { tasks: input.targets.map((t) => t.task), config, steps: request.steps },
  );
}
