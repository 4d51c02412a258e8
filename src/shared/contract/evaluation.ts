/**
 * Evaluation: the comparison of runs (per-task scores, Δm) and the rows behind a confusion cell.
 */
import { z } from 'zod';
import type {
  CrossValidationSummary,
  RunBaselineMissingReason,
  RunInfo,
  TaskAffinityMethod,
} from '../domain';
import { id, invoke, MAX_PAGE_ROWS, taskName } from './channels';
import type { Cell } from './datasets';

/** One completed run in the comparison, with Δm against its single-task baseline. */
export interface RunComparisonView {
  run: RunInfo;
  /** Δm in percent over the run's tasks (test macro-F1); null for baselines or no baseline. */
  deltaM: number | null;
  baselineRunId: number | null;
  /**
   * With no baseline: an Auto run that chose single-task and would otherwise have been the
   * baseline, which deliberately is not one (services/evaluation.ts findAutoSingleTask; the
   * CLI's `evaluate` says why too); null or absent when none.
   */
  autoSingleTaskRunId?: number | null;
  /**
   * Why `deltaM` is null, as a code and its parameters (services/evaluation.ts
   * runComparisons; Compare words it under the runs table, components/runBaselineReason.ts);
   * null or absent when Δm is given or the run is a plain single-task run (a baseline itself).
   */
  baselineReason?: RunBaselineMissingReason | null;
}

/** Test rows behind one confusion-matrix cell. */
export interface ConfusionRows {
  task: string;
  trueLabel: string;
  predictedLabel: string;
  /** Column names of the dataset, in the order of `values`. */
  columns: string[];
  /** Rows in the cell, all pages together. */
  total: number;
  /** Position in the cell of `rows[0]` (the request's `offset`, counted from 0). */
  offset: number;
  rows: {
    rowId: number;
    values: Cell[];
    /** Probability of the predicted class. */ confidence: number;
    /**
     * The row's label for the task now, when it was changed since the run (or fold) was
     * tested (the cell counts it by the label it was tested on); null: unlabelled now;
     * absent when unchanged.
     */
    currentLabel?: string | null;
    /**
     * The cross-validation fold whose test row this is (`compare.crossValidationCellRows`),
     * counted from 0 as stored; absent for a run's own cell.
     */
    fold?: { repeat: number; fold: number };
  }[];
}

/**
 * Inter-task affinity of a dataset's tasks (Fifty et al., NeurIPS 2021) and the grouping it
 * recommends (src/main/engine/taskAffinity.ts), as stored in the project (`task_affinities`).
 */
export interface TaskAffinityView {
  /** Id of the stored result; null when the project is read-only and it was not stored. */
  id: number | null;
  tasks: string[];
  /** affinity[i][j]: how much a step on task i lowers task j's loss (positive = helps). */
  affinity: number[][];
  /** Recommended groups of tasks to train together (a task alone: train it alone). */
  groups: string[][];
  /** Look-ahead steps averaged. */
  samples: number;
  method: TaskAffinityMethod;
  /** Split whose training rows the pass used. */
  splitId: number;
  /** Optimizer steps of the pass. */
  steps: number;
  /** ISO 8601 time it was computed and stored. */
  computedAt: string;
  /**
   * What changed since: labels of its tasks that differ now (an edit and its undo: 0);
   * its tasks deleted, renamed or redefined, or (read without a task filter) a task added.
   */
  changedSince: { labels: number; tasks: boolean };
}

/** The evaluation invoke channels: name → request schema and response type. */
export const EVALUATION_INVOKE = {
  'compare.runs': invoke<RunComparisonView[]>()(z.strictObject({ datasetId: id })),
  /** Cross-validated evaluations: per task mean ± std over folds, Δm per fold, tests. */
  'compare.crossValidations': invoke<CrossValidationSummary[]>()(z.strictObject({ datasetId: id })),
  /** A quick dedicated pass measuring task affinity (seconds on a table), then stored. */
  'compare.affinity': invoke<TaskAffinityView>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(taskName).min(2).max(8).optional(),
    }),
  ),
  /**
   * The newest stored task affinity of a dataset (over exactly `tasks` when given), without
   * recomputing; null when none was computed.
   */
  'compare.storedAffinity': invoke<TaskAffinityView | null>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(taskName).min(2).max(8).optional(),
    }),
  ),
  'compare.confusionRows': invoke<ConfusionRows>()(
    z.strictObject({
      runId: id,
      task: taskName,
      trueClass: z.number().int().min(0),
      predictedClass: z.number().int().min(0),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
    }),
  ),
  /**
   * The rows behind one cell of a cross-validation's confusion matrix summed over its
   * completed folds: each fold's test rows of that true/predicted pair, with their fold.
   */
  'compare.crossValidationCellRows': invoke<ConfusionRows>()(
    z.strictObject({
      evaluationId: id,
      task: taskName,
      trueClass: z.number().int().min(0),
      predictedClass: z.number().int().min(0),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
    }),
  ),
} as const;
