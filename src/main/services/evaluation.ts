/**
 * Comparing runs (per-task scores and Δm against the single-task baseline) and predicting
 * with a stored model.
 */
import type { RunInfo, TaskMetrics } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { selectBackend } from '../engine/backend';
import { deltaM } from '../engine/deltaM';
import { deserializeNetwork, type NetworkTopology } from '../engine/modelIO';
import { transform, type FittedPreprocessing } from '../engine/preprocessing';
import { predictProbabilities } from '../engine/trainer';
import type { ProjectStore } from '../store/projectStore';

/** The metric Δm is computed on: each task's test macro-F1 (higher is better). */
export const DELTA_M_METRIC = 'macroF1' as const;

/** One run in a comparison. */
export interface RunComparison {
  run: RunInfo;
  /** Δm in percent against `baselineRunId` over the run's tasks, or null (no baseline, or it is one). */
  deltaM: number | null;
  baselineRunId: number | null;
}

/**
 * Finds the baseline of a run: the newest completed single-task run on the same split
 * that trained every task of the run.
 */
export function findBaseline(run: RunInfo, runs: RunInfo[]): RunInfo | null {
  const candidates = runs
    .filter(
      (r) =>
        r.status === 'completed' &&
        r.config.arch === 'single-task' &&
        r.splitId === run.splitId &&
        run.tasks.every((t) => r.results?.[t]),
    )
    .sort((a, b) => b.id - a.id);
  return candidates[0] ?? null;
}

/**
 * Δm of a run against a baseline run (Maninis et al., CVPR 2019) on each task's test
 * macro-F1, in percent: positive means the run beats the single-task baseline on average.
 * @returns null when the baseline scores 0 on a task (a relative change from 0 is
 *   undefined; the other scores still stand).
 * @throws MtlError('BAD_REQUEST') when either run lacks results for a task.
 */
export function deltaMAgainst(run: RunInfo, baseline: RunInfo): number | null {
  if (run.tasks.some((task) => baseline.results?.[task]?.[DELTA_M_METRIC] === 0)) return null;
  return deltaM(
    run.tasks.map((task) => {
      const m: TaskMetrics | undefined = run.results?.[task];
      const b: TaskMetrics | undefined = baseline.results?.[task];
      if (!m || !b)
        throw new MtlError(
          'BAD_REQUEST',
          `Run ${run.id} or baseline ${baseline.id} has no result for "${task}".`,
        );
      return { metric: m[DELTA_M_METRIC], baseline: b[DELTA_M_METRIC], lowerIsBetter: false };
    }),
  );
}

/**
 * Compares the completed runs of a dataset: each with its Δm against its baseline.
 * @returns runs in id order.
 */
export async function compareRuns(
  store: ProjectStore,
  datasetId: number,
): Promise<RunComparison[]> {
  const runs = (await store.training.listRuns(datasetId)).filter((r) => r.status === 'completed');
  return runs.map((run) => {
    if (run.config.arch === 'single-task') return { run, deltaM: null, baselineRunId: null };
    const baseline = findBaseline(run, runs);
    return {
      run,
      deltaM: baseline ? deltaMAgainst(run, baseline) : null,
      baselineRunId: baseline?.id ?? null,
    };
  });
}

/**
 * Reloads a run's model from the project file alone and predicts rows of its dataset.
 * @param rowIds rows to predict (ids as stored).
 * @returns per task, row-major probabilities [rowIds.length, numClasses].
 * @throws MtlError('NOT_FOUND') when the run has no stored model.
 */
export async function predictWithStoredModel(
  store: ProjectStore,
  runId: number,
  rowIds: number[],
): Promise<{ task: string; classes: string[]; probs: Float32Array }[]> {
  const run = await store.training.getRun(runId);
  const model = await store.training.getModel(runId);
  const topology = model.topology as NetworkTopology;
  const preprocessing = model.preprocessing as FittedPreprocessing;
  await selectBackend(run.config.backend);
  const needed = preprocessing.encoders.map((e) => e.column);
  const read = await store.datasets.readColumns(run.datasetId, needed);
  const position = new Map(read.rowIds.map((id, i) => [id, i]));
  const rows = rowIds.map((id) => {
    const i = position.get(id);
    if (i === undefined)
      throw new MtlError('NOT_FOUND', `Row ${id} is not in dataset ${run.datasetId}.`);
    return i;
  });
  const features = transform(preprocessing, read.values, rows);
  const network = deserializeNetwork(topology, {
    weightSpecs: model.weightSpecs,
    weights: model.weights,
  });
  try {
    const probs = predictProbabilities(
      network,
      features,
      preprocessing.featureNames.length,
      Int32Array.from(rows, (_, i) => i),
    );
    return topology.tasks.map((t, i) => ({ task: t.name, classes: t.classes, probs: probs[i] }));
  } finally {
    network.dispose();
  }
}
