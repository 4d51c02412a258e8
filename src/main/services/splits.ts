/**
 * Splits of a dataset's rows into train, validation and test: made with a seed, fractions
 * and an optional stratification task (each split gets that task's classes in
 * proportion), previewed before they are stored, and described once stored (rows per
 * split and class, and test rows whose inputs repeat a training row: leakage).
 */
import type { SplitClassCounts, SplitPreview, SplitSummary } from '../../shared/contract';
import type { SplitInfo, SplitName, TaskInfo } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { didYouMean } from '../../shared/similarName';
import { MtlError } from '../../shared/errors';
import { testRowsInTraining } from '../data/duplicateRows';
import { cellToLabel } from '../engine/preprocessing';
import { stratifiedSplit, type SplitFractions } from '../engine/split';
import type { ProjectStore } from '../store/projectStore';
import { labelledRowIds } from './labels';
import { refuseUnscorableSplit } from './splitChecks';

/** How a split is made. */
export interface SplitSettings {
  fractions: SplitFractions;
  seed: number;
  /** Task whose classes each split gets in proportion, or null for a plain random split. */
  stratifyTask: string | null;
}

/**
 * A task of a dataset by name.
 * @throws MtlError('TASK_INVALID') naming the dataset's tasks when there is none so named.
 */
function findTask(tasks: TaskInfo[], name: string): TaskInfo {
  const task = tasks.find((t) => t.name === name);
  if (!task) {
    throw new MtlError(
      'TASK_INVALID',
      `No task "${name}"; tasks: ${quotedNames(
        tasks.map((t) => t.name),
        'none',
      )}.${didYouMean(
        name,
        tasks.map((t) => t.name),
      )}`,
    );
  }
  return task;
}

/**
 * The labels of a task for some rows, aligned with `rowIds` (null: missing), or null
 * without a task.
 */
async function labelsOf(
  store: ProjectStore,
  datasetId: number,
  task: TaskInfo | null,
  rowIds: number[],
): Promise<(string | null)[] | null> {
  if (!task) return null;
  const dataset = await store.datasets.get(datasetId);
  const type = dataset.columns.find((c) => c.name === task.targetColumn)!.type;
  const read = await store.datasets.readColumns(datasetId, [task.targetColumn]);
  const at = new Map(read.rowIds.map((id, i) => [id, i]));
  const values = read.values[task.targetColumn];
  return rowIds.map((id) => cellToLabel(values[at.get(id)!] ?? null, type));
}

/**
 * A dataset's columns as stored, read once for {@link leakageOf}: its input columns (role
 * 'input') for the leakage itself, and every column to tell exact duplicate rows apart.
 */
interface StoredInputs {
  /** The input columns' names. */
  names: string[];
  /** Every column's name (inputs among them). */
  all: string[];
  /** Row id → index into each column of `values`. */
  at: Map<number, number>;
  values: Record<string, (number | string | null)[]>;
}

/** Reads a dataset's columns once (none without an input column: nothing leaks). */
async function readInputs(store: ProjectStore, datasetId: number): Promise<StoredInputs> {
  const dataset = await store.datasets.get(datasetId);
  const names = dataset.columns.filter((c) => c.role === 'input').map((c) => c.name);
  const all = dataset.columns.map((c) => c.name);
  if (names.length === 0) return { names, all, at: new Map(), values: {} };
  const read = await store.datasets.readColumns(datasetId, all);
  return { names, all, at: new Map(read.rowIds.map((id, i) => [id, i])), values: read.values };
}

/**
 * Test rows whose input columns equal those of a training row, for the rows `rowIds`
 * assigned as `assignment`, and those of them equal in every column ({@link testRowsInTraining}).
 */
function leakageOf(
  inputs: StoredInputs,
  rowIds: readonly number[],
  assignment: readonly SplitName[],
): SplitPreview['leakage'] {
  const index = rowIds.map((id) => inputs.at.get(id) ?? -1);
  const column = (name: string) => index.map((i) => (i < 0 ? null : inputs.values[name][i]));
  return testRowsInTraining(
    inputs.names.map(column),
    assignment,
    inputs.names.length === 0 ? [] : inputs.all.map(column),
  );
}

/** Leakage not counted (a split about to be stored: its description counts it). */
const NO_LEAKAGE: SplitPreview['leakage'] = { leaked: 0, test: 0, exact: 0 };

/** Rows per split, and per class of `task` when given. */
function countRows(
  assignment: SplitName[],
  task: TaskInfo | null,
  labels: (string | null)[] | null,
  leakage: SplitPreview['leakage'],
): SplitPreview {
  const counts = { train: 0, validation: 0, test: 0 };
  for (const s of assignment) counts[s]++;
  if (!task || !labels) return { counts, classes: null, leakage };
  const index = new Map(task.classes.map((label, k) => [label, k]));
  const classes: SplitClassCounts = {
    task: task.name,
    labels: [...task.classes],
    train: task.classes.map(() => 0),
    validation: task.classes.map(() => 0),
    test: task.classes.map(() => 0),
    missing: { train: 0, validation: 0, test: 0 },
  };
  assignment.forEach((s, i) => {
    const label = labels[i];
    const k = label === null ? undefined : index.get(label);
    if (k === undefined) classes.missing[s]++;
    else classes[s][k]++;
  });
  return { counts, classes, leakage };
}

/**
 * Assigns the labelled rows of a dataset as `settings` say (the same seed, settings and
 * labels always give the same split), and counts them per split and per class of the stratification task (or
 * the first task).
 * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('TASK_INVALID') for an
 *   unknown stratification task; MtlError('SPLIT_INVALID') for bad fractions.
 */
async function assignRows(
  store: ProjectStore,
  datasetId: number,
  settings: SplitSettings,
): Promise<{
  rowIds: number[];
  assignment: SplitName[];
  stratifiedOn: string | null;
  /** Its counts; `leakage` left to the caller that shows it (previewSplit). */
  preview: SplitPreview;
}> {
  const tasks = await store.tasks.list(datasetId);
  const stratum = settings.stratifyTask === null ? null : findTask(tasks, settings.stratifyTask);
  const shown = stratum ?? tasks[0] ?? null;
  // The rows that carry a task label (all rows before the first task); rows labelled
  // later join the split without moving any other (labels.ts, assignNewlyLabelledRows).
  const rowIds = await labelledRowIds(store, datasetId);
  const labels = await labelsOf(store, datasetId, shown, rowIds);
  const assignment = stratifiedSplit(
    rowIds.length,
    stratum ? labels : null,
    settings.fractions,
    settings.seed,
  );
  return {
    rowIds,
    assignment,
    stratifiedOn: stratum?.targetColumn ?? null,
    preview: countRows(assignment, shown, labels, NO_LEAKAGE),
  };
}

/** What a split made with `settings` would give; nothing is stored. */
export async function previewSplit(
  store: ProjectStore,
  datasetId: number,
  settings: SplitSettings,
): Promise<SplitPreview> {
  const { rowIds, assignment, preview } = await assignRows(store, datasetId, settings);
  const inputs = await readInputs(store, datasetId);
  return { ...preview, leakage: leakageOf(inputs, rowIds, assignment) };
}

/**
 * Makes a split and stores it; runs started after use it (the newest split of a dataset).
 * A stored split with the same seed, fractions, stratification and assignment is returned
 * instead of a copy (checked in the store's write transaction: two callers at once get one
 * split).
 * @param reuse 'identical' (default) as just said; 'any': the dataset's latest training
 *   split whenever it has one (services/training.ts ensureSplit, checked in the same write
 *   transaction, so runs that start together on a dataset without a split share one).
 * @param options.refuseUnscorable refuse a split without a training or test row
 *   (splitChecks.ts refuseUnscorableSplit): a split the user makes (`splits --make`, the split
 *   panel); a run's own split (trainingJobs.ts ensureSplit) is refused by training instead,
 *   with the run's words.
 * @throws as {@link previewSplit}, MtlError('SPLIT_INVALID') from the store, and as
 *   refuseUnscorableSplit.
 */
export async function createSplit(
  store: ProjectStore,
  datasetId: number,
  settings: SplitSettings,
  reuse: 'identical' | 'any' = 'identical',
  options: { refuseUnscorable?: boolean } = {},
): Promise<SplitInfo> {
  const { rowIds, assignment, stratifiedOn, preview } = await assignRows(
    store,
    datasetId,
    settings,
  );
  if (options.refuseUnscorable) refuseUnscorableSplit(preview.counts);
  // The same settings on the same rows make the same split: reuse it, so runs trained with
  // a repeated seed share one split (and Δm finds their single-task baseline).
  return store.splits.create(
    {
      datasetId,
      seed: settings.seed,
      fractions: settings.fractions,
      stratifiedOn,
      rowIds,
      assignment,
    },
    reuse,
  );
}

/**
 * The training splits of a dataset (not the folds of a cross-validation), oldest first, each
 * with the number of (not deleted) runs that used it.
 */
export async function listSplits(store: ProjectStore, datasetId: number): Promise<SplitSummary[]> {
  const [splits, runs] = await Promise.all([
    store.splits.list(datasetId),
    store.training.listRuns(datasetId),
  ]);
  return splits.map((s) => ({ ...s, runs: runs.filter((r) => r.splitId === s.id).length }));
}

/**
 * {@link listSplits} with each split's leakage (its test rows whose input columns equal a
 * training row's, as {@link describeSplit} counts it): `splits --json`. The input columns are
 * read once for all the splits, and not at all when there is none.
 */
export async function listSplitsWithLeakage(
  store: ProjectStore,
  datasetId: number,
): Promise<(SplitSummary & { leakage: SplitPreview['leakage'] })[]> {
  const splits = await listSplits(store, datasetId);
  if (splits.length === 0) return [];
  const inputs = await readInputs(store, datasetId);
  const out: (SplitSummary & { leakage: SplitPreview['leakage'] })[] = [];
  for (const split of splits) {
    const { rowIds, assignment } = await store.splits.assignment(split.id);
    out.push({ ...split, leakage: leakageOf(inputs, rowIds, assignment) });
  }
  return out;
}

/** One fold of a cross-validation's fold scheme, as `splits` lists it. */
export interface FoldSplitSummary {
  /** The fold's stored split (its test rows are the fold). */
  splitId: number;
  /** 0-based repetition and fold, as stored (the `splits` table shows them 1-based). */
  repeat: number;
  fold: number;
  counts: SplitInfo['counts'];
  /** (Not deleted) runs trained on this fold. */
  runs: number;
  leakage: SplitPreview['leakage'];
}

/** A cross-validation's fold scheme with its folds, as `splits` lists it. */
export interface FoldSchemeSummary {
  id: number;
  k: number;
  repeats: number;
  seed: number;
  /** Share of each fold's training rows held out for early stopping. */
  validationFraction: number;
  /** Tasks whose joint labels the folds are stratified on. */
  stratifiedOn: string[];
  createdAt: string;
  /** Ordered by repetition, then fold. */
  folds: FoldSplitSummary[];
}

/**
 * The k-fold schemes of a dataset (the splits cross-validation trains on, which
 * {@link listSplits} leaves out), oldest first, each fold with its rows per split, runs and
 * leakage (as {@link listSplitsWithLeakage} gives a training split's). The columns are read
 * once for all, and not at all without a scheme.
 */
export async function listFoldSchemes(
  store: ProjectStore,
  datasetId: number,
): Promise<FoldSchemeSummary[]> {
  const schemes = await store.splits.foldSchemes(datasetId);
  if (schemes.length === 0) return [];
  const [runs, inputs] = await Promise.all([
    store.training.listRuns(datasetId),
    readInputs(store, datasetId),
  ]);
  const out: FoldSchemeSummary[] = [];
  for (const { folds, datasetId: _dataset, ...scheme } of schemes) {
    const listed: FoldSplitSummary[] = [];
    for (const { splitId, repeat, fold } of folds) {
      const split = await store.splits.get(splitId);
      const { rowIds, assignment } = await store.splits.assignment(splitId);
      listed.push({
        splitId,
        repeat,
        fold,
        counts: split.counts,
        runs: runs.filter((r) => r.splitId === splitId).length,
        leakage: leakageOf(inputs, rowIds, assignment),
      });
    }
    out.push({ ...scheme, folds: listed });
  }
  return out;
}

/**
 * Rows per split of a stored split, and per class of `taskName` (default: the task whose
 * target column it was stratified on, else the first task).
 * @throws MtlError('NOT_FOUND') for an unknown split; MtlError('TASK_INVALID') for an
 *   unknown task.
 */
export async function describeSplit(
  store: ProjectStore,
  splitId: number,
  taskName?: string,
): Promise<SplitPreview> {
  const split = await store.splits.get(splitId);
  const tasks = await store.tasks.list(split.datasetId);
  const task =
    taskName !== undefined
      ? findTask(tasks, taskName)
      : (tasks.find((t) => t.targetColumn === split.stratifiedOn) ?? tasks[0] ?? null);
  const stored = await store.splits.assignment(splitId);
  const labels = await labelsOf(store, split.datasetId, task, stored.rowIds);
  const leakage = leakageOf(
    await readInputs(store, split.datasetId),
    stored.rowIds,
    stored.assignment,
  );
  return countRows(stored.assignment, task, labels, leakage);
}

/**
 * Leakage of a k-fold scheme: over all its folds (every repetition), the fold's test rows
 * whose input columns equal those of one of that fold's training rows, summed, with the
 * test rows summed alike (each row is a test row once per repetition).
 * @throws MtlError('NOT_FOUND') for an unknown scheme.
 */
export async function foldSchemeLeakage(
  store: ProjectStore,
  schemeId: number,
): Promise<SplitPreview['leakage'] & { folds: number }> {
  const scheme = await store.splits.foldScheme(schemeId);
  const total = { leaked: 0, test: 0, exact: 0, folds: scheme.folds.length };
  // The input columns read once for every fold (a fold differs only in its assignment).
  const inputs = await readInputs(store, scheme.datasetId);
  for (const { splitId } of scheme.folds) {
    const { rowIds, assignment } = await store.splits.assignment(splitId);
    const fold = leakageOf(inputs, rowIds, assignment);
    total.leaked += fold.leaked;
    total.test += fold.test;
    total.exact += fold.exact;
  }
  return total;
}
