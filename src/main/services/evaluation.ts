/**
 * Comparing runs (per-task scores and Δm against the single-task baseline) and predicting
 * with a stored model.
 */
import {
  isContinuable,
  MIN_FOLD_TEST_ROWS,
  type BaselineInputsChanged,
  type BaselineMissingReason,
  type CrossValidationInfo,
  type CrossValidationSummary,
  type FoldSchemeInfo,
  type FoldSchemeParams,
  type RunBaselineMissingReason,
  type RunInfo,
  type RunInputsChanged,
  type TaskMetrics,
} from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { meanStd } from '../../shared/meanStd';
import { selectBackend } from '../engine/backend';
import { deltaM } from '../engine/deltaM';
import { pairedTTest, wilcoxonSignedRank } from '../engine/pairedTests';
import { deserializeNetwork, type NetworkTopology } from '../engine/modelIO';
import { transform, type FittedPreprocessing } from '../engine/preprocessing';
import type { ImagePreprocessing } from '../engine/images';
import { predictStreamedImages, type StreamedImages } from '../engine/imageStreaming';
import { predictProbabilities } from '../engine/trainer';
import type { ProjectStore } from '../store/projectStore';
import { imageInputOf, storePixelReader } from './assets';

/** The metric Δm is computed on: each task's test macro-F1 (higher is better). */
export const DELTA_M_METRIC = 'macroF1' as const;

/** One run in a comparison. */
export interface RunComparison {
  run: RunInfo;
  /** Δm in percent against `baselineRunId` over the run's tasks, or null (no baseline, or it is one). */
  deltaM: number | null;
  baselineRunId: number | null;
  /**
   * With no baseline: a completed Auto run that chose single-task and otherwise fits the
   * baseline rule (same split and input columns, every task of the run), which does not
   * count as one (see {@link findBaseline}); null when none, or when the run has a baseline.
   */
  autoSingleTaskRunId?: number | null;
  /**
   * Why `deltaM` is null ({@link runBaselineReason}); null when it is given or the run is a
   * plain single-task run (a baseline itself).
   */
  baselineReason?: RunBaselineMissingReason | null;
}

/**
 * What a training of the dataset would do now, for {@link runComparisons}' reasons: the split
 * `train --evaluation split` trains on (the newest; null when none) and the
 * {@link inputColumnsKey} it would give the model ({@link currentInputKey}).
 */
export interface TrainingNow {
  latestSplitId: number | null;
  inputs: string | null;
}

/**
 * What a run's networks were given as inputs: the sorted input columns of its stored
 * preprocessing (encoded and left-out ones; `<image>` for an image model), as one key;
 * null when the run has no readable stored preprocessing.
 */
export function inputColumnsKey(preprocessing: unknown): string | null {
  const p = preprocessing as Partial<FittedPreprocessing> | null | undefined;
  if (!p || !Array.isArray(p.encoders) || !Array.isArray(p.skipped)) return null;
  const columns = new Set([...p.encoders.map((e) => e.column), ...p.skipped.map((x) => x.column)]);
  if (p.image) columns.add('<image>');
  return JSON.stringify([...columns].sort());
}

/**
 * Finds the baseline of a run: the newest completed single-task run (not an Auto run that
 * chose single-task) on the same split,
 * given the same input columns, that trained every task of the run (Δm then compares
 * per task over the run's tasks; the single-task networks are independent, so the
 * baseline's other tasks do not change them). The input columns matter: removing a task
 * makes its target an input again, so a model trained after that sees more columns than a
 * baseline trained before, and Δm would credit multi-task learning with the extra input.
 * @param inputs run id → {@link inputColumnsKey} of its model; without it (or for a run
 *   missing from it) the inputs are not compared.
 */
export function findBaseline(
  run: RunInfo,
  runs: RunInfo[],
  inputs?: ReadonlyMap<number, string | null>,
): RunInfo | null {
  return singleTaskRuns(run, runs, inputs, false);
}

/**
 * The newest completed Auto run that chose single-task and would be `run`'s baseline were it
 * not Auto's (same split, input columns and tasks as {@link findBaseline} asks): it does not
 * count, since Auto tuned its settings by a search and may have refit it on the validation
 * rows too (docs/ACCURACY.md, "Δm"), but `evaluate` names it when a run has no baseline.
 */
export function findAutoSingleTask(
  run: RunInfo,
  runs: RunInfo[],
  inputs?: ReadonlyMap<number, string | null>,
): RunInfo | null {
  return singleTaskRuns(run, runs, inputs, true);
}

/** The newest completed single-task run (Auto's or plain) that fits run's baseline rule. */
function singleTaskRuns(
  run: RunInfo,
  runs: RunInfo[],
  inputs: ReadonlyMap<number, string | null> | undefined,
  auto: boolean,
): RunInfo | null {
  const sameInputs = (r: RunInfo): boolean => {
    const mine = inputs?.get(run.id);
    const theirs = inputs?.get(r.id);
    return mine === undefined || mine === null || theirs === undefined || mine === theirs;
  };
  const candidates = runs
    .filter(
      (r) =>
        r.status === 'completed' &&
        r.config.arch === 'single-task' &&
        // An Auto run that chose single-task was tuned (and may be cut short by its budget):
        // not the plain baseline Δm is defined against.
        Boolean(r.auto) === auto &&
        r.id !== run.id &&
        r.splitId === run.splitId &&
        run.tasks.every((t) => r.results?.[t]) &&
        sameInputs(r),
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

/** Run id → {@link inputColumnsKey} of every saved model of a dataset. */
async function inputKeys(
  store: ProjectStore,
  datasetId: number,
): Promise<Map<number, string | null>> {
  const stored = await store.training.modelPreprocessings(datasetId);
  return new Map([...stored].map(([runId, p]) => [runId, inputColumnsKey(p)]));
}

/**
 * Compares the completed runs of a dataset: each with its Δm against its baseline
 * (see {@link findBaseline}: same split and input columns).
 * @returns runs in id order.
 */
export async function compareRuns(
  store: ProjectStore,
  datasetId: number,
): Promise<RunComparison[]> {
  // Fold runs of cross-validations are compared fold by fold (compareCrossValidations).
  const runs = (await store.training.listRuns(datasetId)).filter(
    (r) => r.status === 'completed' && !r.fold,
  );
  const latest = await store.splits.latest(datasetId);
  return runComparisons(runs, await inputKeys(store, datasetId), {
    latestSplitId: latest?.id ?? null,
    inputs: await currentInputKey(store, datasetId),
  });
}

/**
 * Each run with its Δm against its baseline ({@link findBaseline}); a plain single-task run
 * has none (it is the baseline), an Auto run that chose single-task has one.
 * Each comes with why its Δm is null (`baselineReason`, {@link runBaselineReason}).
 * @param runs completed runs of one dataset, no fold runs
 * @param inputs run id → {@link inputColumnsKey}, as for findBaseline
 * @param now what a training would do now (the reasons' `latestSplitId`, `inputsChanged`);
 *   without it both are unknown (null).
 */
export function runComparisons(
  runs: RunInfo[],
  inputs?: ReadonlyMap<number, string | null>,
  now?: TrainingNow,
): RunComparison[] {
  return runs.map((run) => {
    // A plain single-task run is the baseline itself; an Auto run that chose single-task is a
    // method like any other (its search tuned it), compared with the plain baseline.
    if (run.config.arch === 'single-task' && !run.auto) {
      return { run, deltaM: null, baselineRunId: null, baselineReason: null };
    }
    const baseline = findBaseline(run, runs, inputs);
    const delta = baseline ? deltaMAgainst(run, baseline) : null;
    const auto = baseline ? null : (findAutoSingleTask(run, runs, inputs)?.id ?? null);
    return {
      run,
      deltaM: delta,
      baselineRunId: baseline?.id ?? null,
      autoSingleTaskRunId: auto,
      baselineReason: baseline
        ? delta === null
          ? { code: 'baselineScoresZero', baselineRunId: baseline.id }
          : null
        : auto !== null
          ? { code: 'autoSingleTaskNotBaseline', runId: auto }
          : runBaselineReason(run, runs, inputs, now),
    };
  });
}

/**
 * Why a run on a fixed split has no baseline ({@link findBaseline} found none, nor an Auto
 * run's): found by a new user, `evaluate --json` gave cross-validations a reason and split
 * runs none. Names the newest completed plain single-task run on the run's split and what
 * differs in it (tasks it lacks, input columns), else that there is none; with `now`, the
 * split a training would use and how the run's input columns differ from a training's now.
 * @returns 'singleTaskRunDiffers' or 'noSingleTaskRun' ({@link RunBaselineMissingReason}).
 */
export function runBaselineReason(
  run: RunInfo,
  runs: readonly RunInfo[],
  inputs?: ReadonlyMap<number, string | null>,
  now?: TrainingNow,
): RunBaselineMissingReason {
  const mine = keyColumns(inputs?.get(run.id) ?? null);
  const current = keyColumns(now?.inputs ?? null);
  const inputsChanged: RunInputsChanged | null =
    mine !== null &&
    current !== null &&
    (without(mine, current).length > 0 || without(current, mine).length > 0)
      ? { given: mine, now: current, restore: without(mine, current), drop: without(current, mine) }
      : null;
  const where = { splitId: run.splitId, latestSplitId: now?.latestSplitId ?? null, inputsChanged };
  const single = runs
    .filter(
      (r) =>
        r.id !== run.id &&
        r.status === 'completed' &&
        r.config.arch === 'single-task' &&
        !r.auto &&
        r.splitId === run.splitId,
    )
    .sort((a, b) => b.id - a.id)[0];
  if (!single) return { code: 'noSingleTaskRun', ...where };
  const theirs = keyColumns(inputs?.get(single.id) ?? null);
  const known = mine !== null && theirs !== null;
  return {
    code: 'singleTaskRunDiffers',
    runId: single.id,
    ...where,
    lacksTasks: run.tasks.filter((t) => !single.results?.[t]),
    inputsWith: known ? without(theirs, mine) : [],
    inputsWithout: known ? without(mine, theirs) : [],
  };
}

/** Mean and sample standard deviation over folds (shared with the renderer's folds panel). */
export { meanStd };

/** A task is flagged for negative transfer when worse in this share of folds … */
export const NEGATIVE_TRANSFER_FOLDS = 0.8;
/** … and worse by more than this mean relative change (%). */
export const NEGATIVE_TRANSFER_CHANGE = -1;

/**
 * Whether a task's per-fold changes against its single-task baseline show negative
 * transfer: worse in at least {@link NEGATIVE_TRANSFER_FOLDS} of the folds and a mean change
 * below {@link NEGATIVE_TRANSFER_CHANGE} %.
 * @param change per fold, 100 · (M − B) / B of the task's macro-F1 (%), [folds]
 * @returns false for no folds.
 */
export function isNegativeTransfer(change: readonly number[]): boolean {
  if (change.length === 0) return false;
  const worse = change.filter((x) => x < 0).length;
  const mean = change.reduce((a, b) => a + b, 0) / change.length;
  return worse >= NEGATIVE_TRANSFER_FOLDS * change.length && mean < NEGATIVE_TRANSFER_CHANGE;
}

/**
 * The single-task evaluation a cross-validation is compared with: the newest completed
 * single-task evaluation on the same fold scheme, given the same input columns, that
 * trained every task of it (as {@link findBaseline}).
 * @param inputsOf an evaluation's {@link inputColumnsKey} (that of its fold runs), or
 *   null when unknown (then not compared); without it the inputs are not compared.
 */
export function findCrossValidationBaseline(
  evaluation: CrossValidationInfo,
  all: CrossValidationInfo[],
  inputsOf?: (e: CrossValidationInfo) => string | null,
): CrossValidationInfo | null {
  const mine = inputsOf?.(evaluation) ?? null;
  const candidates = all.filter((e) => {
    const theirs = mine === null ? null : (inputsOf?.(e) ?? null);
    return (
      e.status === 'completed' &&
      e.schemeId === evaluation.schemeId &&
      e.method.kind === 'fixed' &&
      e.method.config.arch === 'single-task' &&
      evaluation.tasks.every((t) => e.tasks.includes(t)) &&
      (theirs === null || theirs === mine)
    );
  });
  return candidates.sort((a, b) => b.id - a.id)[0] ?? null;
}

/** Column names of an {@link inputColumnsKey}, or null for an unknown key. */
function keyColumns(key: string | null): string[] | null {
  return key === null ? null : (JSON.parse(key) as string[]);
}

/** `a`'s names that `b` lacks. */
const without = (a: readonly string[], b: readonly string[]): string[] =>
  a.filter((x) => !b.includes(x));

/**
 * Why a multi-task cross-validation has no baseline ({@link findCrossValidationBaseline}
 * found none), as a code and its parameters ({@link BaselineMissingReason}): the CLI words it
 * (cli/baselineMissingText.ts), the studio through vue-i18n. Found by a new user: the one
 * sentence "No completed single-task cross-validation on the same folds, tasks and input
 * columns" was followed, and the new single-task cross-validation still did not match (new
 * folds, and other input columns: an input column had become a task since). Names, for the
 * newest completed single-task cross-validation, what differs (its folds, the tasks it lacks,
 * its input columns); and when the dataset's input columns now differ from those of
 * `evaluation`, which columns would have to be input columns again (or no longer).
 * @param inputsOf an evaluation's {@link inputColumnsKey}, or null when unknown (then the
 *   input columns are not compared).
 * @param currentInputs the {@link inputColumnsKey} a training would give now
 *   ({@link currentInputKey}); null when unknown (then `inputsChanged` is null).
 * @param schemeOf a fold scheme's k, repeats and seed by its id ({@link foldSchemeParams}),
 *   null for one no longer stored: the studio and the report name the folds by these, not by
 *   scheme ids (a new user could not tell "fold scheme 1, not 2" apart).
 * @returns 'singleTaskCrossValidationDiffers' when there is a single-task cross-validation
 *   that differs in something named; otherwise 'noSingleTaskCrossValidation'.
 */
export function crossValidationBaselineReason(
  evaluation: CrossValidationInfo,
  all: CrossValidationInfo[],
  inputsOf: (e: CrossValidationInfo) => string | null,
  currentInputs: string | null,
  schemeOf: (schemeId: number) => FoldSchemeParams | null,
): BaselineMissingReason {
  const mine = keyColumns(inputsOf(evaluation));
  const now = keyColumns(currentInputs);
  const inputsChanged: BaselineInputsChanged | null =
    mine !== null &&
    now !== null &&
    (without(mine, now).length > 0 || without(now, mine).length > 0)
      ? {
          evaluationId: evaluation.id,
          given: mine,
          now,
          restore: without(mine, now),
          drop: without(now, mine),
        }
      : null;
  const single = all
    .filter(
      (e) =>
        e.id !== evaluation.id &&
        e.status === 'completed' &&
        e.method.kind === 'fixed' &&
        e.method.config.arch === 'single-task',
    )
    .sort((a, b) => b.id - a.id)[0];
  if (!single) return { code: 'noSingleTaskCrossValidation', inputsChanged };
  const folds =
    single.schemeId !== evaluation.schemeId
      ? {
          theirs: single.schemeId,
          mine: evaluation.schemeId,
          theirsScheme: schemeOf(single.schemeId),
          mineScheme: schemeOf(evaluation.schemeId),
        }
      : null;
  const lacksTasks = without(evaluation.tasks, single.tasks);
  const theirs = keyColumns(inputsOf(single));
  const known = mine !== null && theirs !== null;
  const inputsWith = known ? without(theirs, mine) : [];
  const inputsWithout = known ? without(mine, theirs) : [];
  if (!folds && lacksTasks.length + inputsWith.length + inputsWithout.length === 0)
    return { code: 'noSingleTaskCrossValidation', inputsChanged };
  return {
    code: 'singleTaskCrossValidationDiffers',
    evaluationId: single.id,
    folds,
    lacksTasks,
    inputsWith,
    inputsWithout,
    inputsChanged,
  };
}

/**
 * Looks up a fold scheme's k, repeats and seed by its id among `schemes` (a dataset's
 * stored ones), for {@link crossValidationBaselineReason}.
 * @returns a function giving null for an id not among them.
 */
export function foldSchemeParams(
  schemes: readonly FoldSchemeInfo[],
): (schemeId: number) => FoldSchemeParams | null {
  return (schemeId) => {
    const s = schemes.find((x) => x.id === schemeId);
    return s ? { k: s.k, repeats: s.repeats, seed: s.seed } : null;
  };
}

/**
 * The {@link inputColumnsKey} a training of dataset `datasetId` would give its model now:
 * its input columns that are no task's target (an image column as `<image>`), as
 * services/trainingJobs.ts prepareJob chooses them.
 */
export async function currentInputKey(store: ProjectStore, datasetId: number): Promise<string> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const targets = new Set(tasks.map((t) => t.targetColumn));
  const columns = dataset.columns
    .filter((c) => c.role === 'input' && !targets.has(c.name))
    .map((c) => (c.type === 'image' ? '<image>' : c.name));
  return JSON.stringify([...new Set(columns)].sort());
}

/**
 * The tasks that some of `runs` (completed fold runs) scored on fewer than
 * {@link MIN_FOLD_TEST_ROWS} labelled test rows (their stored `n`; a task without stored
 * scores counts 0), with the fewest and how many such folds; none in a table large enough.
 */
export function smallTestFolds(
  tasks: readonly string[],
  runs: readonly RunInfo[],
): CrossValidationSummary['smallTestFolds'] {
  return tasks.flatMap((task) => {
    const n = runs.map((r) => r.results?.[task]?.n ?? 0);
    const small = n.filter((x) => x < MIN_FOLD_TEST_ROWS);
    return small.length === 0 ? [] : [{ task, fewest: Math.min(...small), folds: small.length }];
  });
}

/**
 * Summarises the cross-validated evaluations of a dataset: per task mean ± std over the
 * folds, Δm per fold against the single-task evaluation of the same folds (Maninis et al.,
 * CVPR 2019, on test macro-F1), with the Wilcoxon signed-rank test (exact) and the
 * corrected resampled t-test (Nadeau & Bengio 2003, n₂/n₁ = 1/(k − 1)) of Δm = 0, and
 * the tasks that lose consistently (negative transfer).
 * @returns one summary per evaluation with at least one completed fold run, and per stopped
 *   one (cancelled, interrupted or failed: it can be continued) with none, in id order. One
 *   with none has `folds` 0, per task means of no values (`n` 0, mean and std NaN: null in
 *   JSON), `deltaM` and `baselineReason` null.
 */
export async function compareCrossValidations(
  store: ProjectStore,
  datasetId: number,
): Promise<CrossValidationSummary[]> {
  const [evaluations, runs, schemes] = await Promise.all([
    store.evaluation.crossValidations(datasetId),
    store.training.listRuns(datasetId),
    store.splits.foldSchemes(datasetId),
  ]);
  const runById = new Map(runs.map((r) => [r.id, r]));
  const inputs = await inputKeys(store, datasetId);
  const current = await currentInputKey(store, datasetId);
  // Every fold run of an evaluation gets the same columns: its first saved model says which.
  const inputsOf = (e: CrossValidationInfo): string | null =>
    e.runs.map((f) => inputs.get(f.runId)).find((key) => typeof key === 'string') ?? null;
  const foldRuns = (e: CrossValidationInfo) =>
    new Map(
      e.runs.flatMap((f) => {
        const run = runById.get(f.runId);
        return run?.status === 'completed' ? [[`${f.repeat}/${f.fold}`, run] as const] : [];
      }),
    );
  // Fold runs are linked when they start: only the completed ones count and are averaged
  // (a 5-fold evaluation cancelled in its third fold has 2 folds). A stopped one is listed
  // with none, so that it can be continued (found by a new user: one cancelled in its first
  // fold was in no list of the studio, only `train` could continue it).
  return evaluations
    .map((evaluation) => ({ evaluation, mine: foldRuns(evaluation) }))
    .filter(({ evaluation, mine }) => mine.size > 0 || isContinuable(evaluation))
    .map(({ evaluation, mine }) => {
      const scheme = schemes.find((s) => s.id === evaluation.schemeId)!;
      const tasks: CrossValidationSummary['tasks'] = {};
      for (const task of evaluation.tasks) {
        const metric = (key: 'macroF1' | 'accuracy' | 'balancedAccuracy') =>
          [...mine.values()].map((r) => r.results?.[task]?.[key] ?? NaN);
        tasks[task] = {
          macroF1: meanStd(metric('macroF1')),
          accuracy: meanStd(metric('accuracy')),
          balancedAccuracy: meanStd(metric('balancedAccuracy')),
          perFold: metric('macroF1'),
        };
      }
      const summary: CrossValidationSummary = {
        evaluation,
        scheme: { k: scheme.k, repeats: scheme.repeats, seed: scheme.seed },
        folds: mine.size,
        tasks,
        deltaM: null,
        baselineReason: null,
        taskChange: {},
        negativeTransfer: [],
        smallTestFolds: smallTestFolds(evaluation.tasks, [...mine.values()]),
      };
      const single =
        evaluation.method.kind === 'fixed' && evaluation.method.config.arch === 'single-task';
      // No fold finished: nothing to compare yet.
      if (single || mine.size === 0) return summary;
      const baseline = findCrossValidationBaseline(evaluation, evaluations, inputsOf);
      if (!baseline) {
        summary.baselineReason = crossValidationBaselineReason(
          evaluation,
          evaluations,
          inputsOf,
          current,
          foldSchemeParams(schemes),
        );
        return summary;
      }
      const theirs = foldRuns(baseline);
      const perFold: (number | null)[] = [];
      const change: Record<string, number[]> = Object.fromEntries(
        evaluation.tasks.map((t) => [t, []]),
      );
      for (const [key, run] of mine) {
        const base = theirs.get(key);
        if (!base) continue;
        perFold.push(deltaMAgainst(run, base));
        for (const t of evaluation.tasks) {
          const m = run.results?.[t]?.[DELTA_M_METRIC];
          const b = base.results?.[t]?.[DELTA_M_METRIC];
          if (m !== undefined && b !== undefined && b > 0) change[t].push((100 * (m - b)) / b);
        }
      }
      const defined = perFold.filter((d): d is number => d !== null);
      summary.deltaM = {
        baselineEvaluationId: baseline.id,
        perFold,
        summary: meanStd(defined),
        tests: [wilcoxonSignedRank(defined), pairedTTest(defined, 1 / (scheme.k - 1))],
      };
      for (const t of evaluation.tasks) {
        const c = change[t];
        const worse = c.filter((x) => x < 0).length;
        const mean = meanStd(c).mean;
        summary.taskChange[t] = { mean, worseFolds: worse, folds: c.length };
        if (isNegativeTransfer(c)) summary.negativeTransfer.push(t);
      }
      return summary;
    });
}

/** A fold run of a cross-validation compared on its own (`evaluate --run`). */
export interface FoldRunComparison extends Omit<RunComparison, 'baselineReason'> {
  /** Which fold: 1-based `fold` of `folds` (k) and `repeat` of `repeats`; null when its scheme is gone. */
  fold: {
    evaluationId: number;
    fold: number;
    folds: number | null;
    repeat: number;
    repeats: number | null;
  };
  /** The single-task cross-validation `baselineRunId` is a fold of; null without one. */
  baselineEvaluationId: number | null;
  /** Why `deltaM` is null; null when it is given or the run is the baseline itself. */
  baselineReason: BaselineMissingReason | null;
}

/**
 * Compares one fold run of a cross-validation with the single-task run of the same fold (same
 * repeat and fold) of its baseline cross-validation ({@link findCrossValidationBaseline}: same
 * folds, tasks and input columns), Δm on test macro-F1 as {@link deltaMAgainst}. A plain
 * single-task fold run is a baseline itself (no Δm, no reason).
 * @param run a completed run with `fold` set.
 * @throws MtlError('BAD_REQUEST') for a run that is no fold run.
 */
export async function compareFoldRun(
  store: ProjectStore,
  run: RunInfo,
): Promise<FoldRunComparison> {
  if (!run.fold)
    throw new MtlError('BAD_REQUEST', `Run ${run.id} is no fold of a cross-validation.`);
  const at = run.fold;
  const [evaluations, runs, schemes, inputs] = await Promise.all([
    store.evaluation.crossValidations(run.datasetId),
    store.training.listRuns(run.datasetId),
    store.splits.foldSchemes(run.datasetId),
    inputKeys(store, run.datasetId),
  ]);
  const evaluation = evaluations.find((e) => e.id === at.evaluationId);
  const scheme = schemes.find((s) => s.id === evaluation?.schemeId);
  const comparison: FoldRunComparison = {
    run,
    deltaM: null,
    baselineRunId: null,
    fold: {
      evaluationId: at.evaluationId,
      fold: at.fold + 1,
      folds: scheme?.k ?? null,
      repeat: at.repeat + 1,
      repeats: scheme?.repeats ?? null,
    },
    baselineEvaluationId: null,
    baselineReason: null,
  };
  if (run.config.arch === 'single-task' && !run.auto) return comparison;
  const runById = new Map(runs.map((r) => [r.id, r]));
  const inputsOf = (e: CrossValidationInfo): string | null =>
    e.runs.map((f) => inputs.get(f.runId)).find((key) => typeof key === 'string') ?? null;
  const baseline = evaluation
    ? findCrossValidationBaseline(evaluation, evaluations, inputsOf)
    : null;
  if (!baseline) {
    comparison.baselineReason = evaluation
      ? crossValidationBaselineReason(
          evaluation,
          evaluations,
          inputsOf,
          await currentInputKey(store, run.datasetId),
          foldSchemeParams(schemes),
        )
      : { code: 'noSingleTaskCrossValidation', inputsChanged: null };
    return comparison;
  }
  const linked = baseline.runs.find((f) => f.repeat === at.repeat && f.fold === at.fold);
  const base = linked ? runById.get(linked.runId) : undefined;
  if (!base || base.status !== 'completed') {
    comparison.baselineReason = { code: 'baselineFoldMissing', baselineEvaluationId: baseline.id };
    return comparison;
  }
  comparison.baselineRunId = base.id;
  comparison.baselineEvaluationId = baseline.id;
  comparison.deltaM = deltaMAgainst(run, base);
  if (comparison.deltaM === null)
    comparison.baselineReason = { code: 'baselineScoresZero', baselineRunId: base.id };
  return comparison;
}

/**
 * Reloads a run's model from the project file alone and predicts rows of its dataset: a
 * table's columns through the stored preprocessing; an image model's stored pixels, read
 * in chunks (bounded memory), scaled with the stored image preprocessing.
 * @param rowIds rows to predict (ids as stored).
 * @returns per task, row-major probabilities [rowIds.length, numClasses].
 * @throws MtlError('NOT_FOUND') when the run has no stored model or a row is not in the
 *   dataset (or has no image); MtlError('BAD_REQUEST') when the dataset's images no longer
 *   have the model's input shape.
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
  if (preprocessing.image) {
    const image = preprocessing.image;
    const images = await storedImagesOf(store, run.datasetId, image, rowIds);
    const network = deserializeNetwork(topology, {
      weightSpecs: model.weightSpecs,
      weights: model.weights,
    });
    try {
      const rows = Int32Array.from(rowIds, (_, i) => i);
      const probs = await predictStreamedImages(network, images, rows, image);
      return topology.tasks.map((t, i) => ({ task: t.name, classes: t.classes, probs: probs[i] }));
    } finally {
      network.dispose();
    }
  }
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

/**
 * The stored images of some rows as the engine reads them, checked against the shape the
 * model was trained on.
 * @throws MtlError('NOT_FOUND') for a dataset without images; MtlError('BAD_REQUEST') when
 *   its pixels have another shape than the model's input.
 */
async function storedImagesOf(
  store: ProjectStore,
  datasetId: number,
  image: ImagePreprocessing,
  rowIds: number[],
): Promise<StreamedImages> {
  const dataset = await store.datasets.get(datasetId);
  const column = imageInputOf(dataset);
  const settings = column ? await store.assets.pixelSettings(datasetId, column.name) : null;
  if (!column || !settings) {
    throw new MtlError('NOT_FOUND', `Dataset "${dataset.name}" has no decoded images to predict.`);
  }
  const stored = `${settings.height}×${settings.width}×${settings.channels}`;
  const trained = `${image.height}×${image.width}×${image.channels}`;
  if (stored !== trained) {
    throw new MtlError(
      'BAD_REQUEST',
      `The model reads ${trained} images; dataset "${dataset.name}" holds ${stored}.`,
    );
  }
  return {
    reader: storePixelReader(store, datasetId, column.name),
    shape: { height: image.height, width: image.width, channels: image.channels },
    rowIds,
  };
}
