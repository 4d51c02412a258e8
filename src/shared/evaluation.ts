/**
 * Evaluation: a task's scores on a split, cross-validation (fold schemes, evaluations and
 * their summaries over folds, paired tests) and measured task affinities.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import type { TrainConfig } from './trainConfig';

/** Precision, recall and F1 of one class (one-vs-rest). */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Scores of one task on one split, computed from predictions. */
export interface TaskMetrics {
  /** Number of labelled rows scored. */
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  /** Binary ROC-AUC, or macro one-vs-rest ROC-AUC; null when undefined (a class absent). */
  rocAuc: number | null;
  /** Mean negative log-likelihood, natural log, probabilities clipped to [1e-15, 1 − 1e-15]. */
  logLoss: number;
  perClass: ClassMetrics[];
  /** confusion[i][j] = rows of true class i predicted as class j. */
  confusion: number[][];
}

/** A stored repeated, stratified k-fold scheme of a dataset (engine/crossValidation.ts). */
export interface FoldSchemeInfo {
  id: number;
  datasetId: number;
  k: number;
  repeats: number;
  seed: number;
  /** Fraction of the training folds held out for early stopping. */
  validationFraction: number;
  /** Tasks whose joint labels the folds are stratified on (the first one exactly). */
  stratifiedOn: string[];
  /** One stored split per fold: the fold's rows are its test split. */
  folds: { repeat: number; fold: number; splitId: number }[];
  createdAt: string;
}

/** What a cross-validated evaluation trains on every fold. */
export type CrossValidationMethod =
  | { kind: 'fixed'; config: Partial<TrainConfig> }
  | {
      kind: 'auto';
      budgetSeconds: number;
      seed: number;
      brackets?: number;
      /**
       * Fields every configuration keeps (the epoch cap of every trial and the final model,
       * batch size, backend, …); absent: the studio's defaults.
       */
      base?: Partial<TrainConfig>;
    };

/** A method evaluated on every fold of a scheme: one ordinary run per fold. */
export interface CrossValidationInfo {
  id: number;
  schemeId: number;
  datasetId: number;
  tasks: string[];
  method: CrossValidationMethod;
  /**
   * 'cancelled': the user stopped it; 'interrupted': the studio stopped (server stop,
   * SIGTERM, crash) while a fold trained — its fold run is interrupted too.
   */
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The run of each fold trained so far. */
  runs: { repeat: number; fold: number; runId: number }[];
}

/**
 * Whether a cross-validation stopped and can be continued (its finished folds kept, the
 * others trained): cancelled, interrupted or failed. The services, the CLI and the studio
 * use this one rule.
 */
export function isContinuable(evaluation: Pick<CrossValidationInfo, 'status'>): boolean {
  return ['cancelled', 'interrupted', 'failed'].includes(evaluation.status);
}

/** Mean and sample standard deviation (n − 1; 0 for one value) of n values. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/** Result of a two-sided paired test over folds (engine/pairedTests.ts). */
export interface PairedTest {
  /** The test's name, e.g. 'Wilcoxon signed-rank' or 'corrected resampled t-test'. */
  name: string;
  /** W⁺ (Wilcoxon: sum of the ranks of positive differences) or t. */
  statistic: number;
  /** Two-sided p-value; null when undefined (too few pairs, no spread). */
  p: number | null;
  /** Pairs used. */
  n: number;
}

/**
 * The dataset's input columns now differ from those a cross-validation was given (a column
 * became a task, or a task was removed), so no single-task cross-validation trained now can
 * be its baseline. Column names sorted (`<image>` for an image column).
 */
export interface BaselineInputsChanged {
  /** The cross-validation without a baseline. */
  evaluationId: number;
  /** The input columns it was given. */
  given: string[];
  /** The dataset's input columns now (no task's target). */
  now: string[];
  /** `given` that are no input column now: they would have to be input columns again. */
  restore: string[];
  /** `now` it was not given: they would have to be no input column. */
  drop: string[];
}

/**
 * What the user chose for a fold scheme ({@link FoldSchemeInfo}): `k` folds, the whole cut
 * `repeats` times, rows shuffled with `seed`. Two schemes with the same three can still cut
 * the rows otherwise (other rows labelled since, another stratification).
 */
export type FoldSchemeParams = Pick<FoldSchemeInfo, 'k' | 'repeats' | 'seed'>;

/**
 * Why a cross-validation (or one of its fold runs) has no Δm
 * (services/evaluation.ts crossValidationBaselineReason), as a code and its parameters:
 * - 'noSingleTaskCrossValidation': no completed single-task cross-validation to compare with
 *   (or the newest differs in nothing said here, or a fold run's cross-validation is gone):
 *   train one;
 * - 'singleTaskCrossValidationDiffers': the newest completed single-task cross-validation
 *   (`evaluationId`) differs in its folds (`folds`: fold scheme ids, and each scheme's k,
 *   repeats and seed, null for a scheme no longer stored; `folds` null: the same), lacks
 *   tasks (`lacksTasks`), or was given other input columns (`inputsWith`: columns it had and
 *   the cross-validation did not; `inputsWithout`: the other way round);
 * both with `inputsChanged` when the dataset's input columns changed since (null otherwise);
 * for a fold run (`evaluate --run`):
 * - 'baselineFoldMissing': the baseline cross-validation has no completed run of this fold;
 * - 'baselineScoresZero': its run of this fold scores 0 on a task (relative change undefined).
 */
export type BaselineMissingReason =
  | { code: 'noSingleTaskCrossValidation'; inputsChanged: BaselineInputsChanged | null }
  | {
      code: 'singleTaskCrossValidationDiffers';
      evaluationId: number;
      folds: {
        theirs: number;
        mine: number;
        theirsScheme: FoldSchemeParams | null;
        mineScheme: FoldSchemeParams | null;
      } | null;
      lacksTasks: string[];
      inputsWith: string[];
      inputsWithout: string[];
      inputsChanged: BaselineInputsChanged | null;
    }
  | { code: 'baselineFoldMissing'; baselineEvaluationId: number }
  | { code: 'baselineScoresZero'; baselineRunId: number };

/**
 * A run's input columns then and the dataset's now, when they differ: `given` (sorted, as
 * the run's model was given them), `now` (what a training would give now), `restore` (given
 * then, not an input column now) and `drop` (an input column now, not given then).
 */
export interface RunInputsChanged {
  given: string[];
  now: string[];
  restore: string[];
  drop: string[];
}

/**
 * Why a run on a fixed split has no Δm (services/evaluation.ts runComparisons), as a code
 * and its parameters; the CLI words it in English (`evaluate`, `--json` baselineMissing).
 * - 'noSingleTaskRun': no completed plain single-task run on the run's split (`splitId`);
 * - 'singleTaskRunDiffers': the newest one there (`runId`) lacks some of the run's tasks or
 *   was given other input columns (`inputsWith`: columns it had that the run had not,
 *   `inputsWithout`: the other way round);
 * - 'autoSingleTaskNotBaseline': the only fitting single-task run (`runId`) is an Auto run's,
 *   which is no baseline (tuned by its search);
 * - 'baselineScoresZero': the baseline scores 0 on a task (relative change undefined).
 * With the first two, `latestSplitId` is the split `train --evaluation split` trains on now
 * (the dataset's newest; null when unknown) and `inputsChanged` how the run's input columns
 * differ from a training's now (null: the same or unknown): a single-task run trained now
 * pairs with the run only when both allow it.
 */
export type RunBaselineMissingReason =
  | {
      code: 'noSingleTaskRun';
      splitId: number;
      latestSplitId: number | null;
      inputsChanged: RunInputsChanged | null;
    }
  | {
      code: 'singleTaskRunDiffers';
      runId: number;
      splitId: number;
      latestSplitId: number | null;
      lacksTasks: string[];
      inputsWith: string[];
      inputsWithout: string[];
      inputsChanged: RunInputsChanged | null;
    }
  | { code: 'autoSingleTaskNotBaseline'; runId: number }
  | { code: 'baselineScoresZero'; baselineRunId: number };

/** A cross-validated evaluation summarised over its folds. */
export interface CrossValidationSummary {
  evaluation: CrossValidationInfo;
  scheme: { k: number; repeats: number; seed: number };
  /**
   * How many fold runs completed: those the means are over. `evaluation.runs` also lists
   * the fold runs that started and did not finish (running, cancelled, interrupted, failed).
   */
  folds: number;
  /** Per task over the folds: macro-F1, accuracy and balanced accuracy (test fold each). */
  tasks: Record<
    string,
    { macroF1: MeanStd; accuracy: MeanStd; balancedAccuracy: MeanStd; perFold: number[] }
  >;
  /**
   * Δm (%) per fold against the single-task evaluation of the same scheme, fold by fold,
   * with its mean, std and paired tests (H0: Δm = 0); null without such a baseline (see
   * `baselineReason`) or for a single-task evaluation.
   */
  deltaM: {
    baselineEvaluationId: number;
    perFold: (number | null)[];
    summary: MeanStd;
    tests: PairedTest[];
  } | null;
  /**
   * Why Δm is null, as a code and its parameters (the CLI words it in English, the studio
   * through vue-i18n); null when Δm is given, for a single-task evaluation, or before a fold
   * finished.
   */
  baselineReason: BaselineMissingReason | null;
  /**
   * Per task, the relative change (%) of macro-F1 against the baseline's same fold: mean,
   * and in how many folds it was worse.
   */
  taskChange: Record<string, { mean: number; worseFolds: number; folds: number }>;
  /**
   * Tasks consistently worse than alone (negative transfer): worse in at least 80 % of the
   * folds and by more than 1 % on average.
   */
  negativeTransfer: string[];
  /**
   * Tasks scored in some completed fold on fewer than {@link MIN_FOLD_TEST_ROWS} labelled test
   * rows: `fewest` labelled test rows in its smallest fold, `folds` such folds of the
   * summary's `folds`. Their per-fold scores are close to meaningless (a tiny table).
   */
  smallTestFolds: { task: string; fewest: number; folds: number }[];
}

/**
 * Fewest labelled test rows a fold should score a task on before its scores mean much. Below
 * 5 a fold's accuracy moves in steps of more than 20 points (one row is 1/n of it) and its
 * standard error, √(p(1 − p)/n), is above 22 points at p = 0.5: the mean over folds mostly
 * measures which rows fell where. 5 is also the fewest rows per class the task wizard accepts
 * without a warning (services/tasks.ts MIN_ROWS_PER_CLASS).
 */
export const MIN_FOLD_TEST_ROWS = 5;

/**
 * The tasks a run scored on fewer than {@link MIN_FOLD_TEST_ROWS} labelled test rows (its
 * results' `n`), as cross-validation's `smallTestFolds` flags small folds: found by a new
 * user, a fixed split with a 1 % test split (3 penguins) reported macro-F1 and ROC-AUC 1.000
 * with no warning. In the run's task order; none when the run has no results.
 * @param results the run's test scores per task (RunInfo.results)
 */
export function smallTestSplit(
  results: Readonly<Record<string, Pick<TaskMetrics, 'n'>>> | null,
): { task: string; n: number }[] {
  return Object.entries(results ?? {})
    .filter(([, m]) => m.n < MIN_FOLD_TEST_ROWS)
    .map(([task, m]) => ({ task, n: m.n }));
}

/**
 * The most folds a cross-validation may ask for (`training.crossValidate`'s `folds`, `train
 * --folds`); it needs at least 2, and no more than the rows it deals (engine/crossValidation.ts).
 */
export const MAX_FOLDS = 20;

/**
 * How a task affinity was measured: 'lookahead' = look-ahead gradient steps on a shared
 * trunk (Fifty et al., NeurIPS 2021; src/main/engine/taskAffinity.ts).
 */
export type TaskAffinityMethod = 'lookahead';

/** A computed task affinity as stored in the project (`task_affinities`). */
export interface StoredTaskAffinity {
  id: number;
  datasetId: number;
  /** Tasks in matrix order. */
  tasks: string[];
  /** The tasks as defined when it was computed (to tell whether they changed since). */
  taskDefinitions: { name: string; targetColumn: string; classes: string[] }[];
  method: TaskAffinityMethod;
  /** Split whose training rows were used, optimizer steps, the pass's training config. */
  parameters: { splitId: number; steps: number; config: Partial<TrainConfig> };
  /** affinity[i][j] = mean Z_{i→j} (diagonal 0), dimensionless, T × T. */
  affinity: number[][];
  /** Recommended partition, by task name (largest group first). */
  groups: string[][];
  /** Look-ahead steps averaged. */
  samples: number;
  /** The dataset's newest label event id when it was computed (0: none). */
  lastLabelEvent: number;
  /** ISO 8601 time it was stored. */
  computedAt: string;
}
