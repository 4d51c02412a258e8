/**
 * Active labelling: a run's model predicts every row of its dataset (through the export's
 * run predictor, once per run, kept in a small cache: a row's inputs never change, so
 * neither do its predictions), and the queue orders the items that lack labels by that
 * model's uncertainty — per task, or summed over the tasks an item lacks
 * (engine/activeLearning.ts).
 */
import type { LabelQueueItem, LabelStrategy, LabelSuggestion } from '../../shared/contract';
import type { RunInfo, TaskInfo } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { didYouMean } from '../../shared/similarName';
import { MtlError } from '../../shared/errors';
import { topClass, uncertaintyOrder, type QueueCandidate } from '../engine/activeLearning';
import { booleanNamesOfClasses } from '../data/cellValues';
import { cellToLabel } from '../engine/preprocessing';
import { predictDataset, runPredictor } from '../export/predict';
import type { ProjectStore } from '../store/projectStore';
import { predictWithStoredModel } from './evaluation';

/** A run's predictions for every row of its dataset. */
export interface RunPredictions {
  run: RunInfo;
  /** Row id → row index into each task's probabilities. */
  index: Map<number, number>;
  /** Per task the run trained: its classes (as trained) and row-major [rows, K] probabilities. */
  tasks: Map<string, { classes: string[]; probs: Float32Array }>;
}

/** Runs whose predictions are kept per open project (each holds rows × Σ classes floats). */
const CACHED_RUNS = 3;
const cache = new WeakMap<ProjectStore, Map<number, Promise<RunPredictions>>>();

/**
 * The predictions of run `runId` for every row of `datasetId` (computed once, then cached
 * for this open project).
 * @throws MtlError('NOT_FOUND') for an unknown run or one without a stored model;
 *   MtlError('BAD_REQUEST') when the run belongs to another dataset or has not completed.
 */
export async function runPredictions(
  store: ProjectStore,
  datasetId: number,
  runId: number,
): Promise<RunPredictions> {
  let runs = cache.get(store);
  if (!runs) cache.set(store, (runs = new Map()));
  let entry = runs.get(runId);
  if (!entry) {
    entry = predictAllRows(store, datasetId, runId);
    runs.set(runId, entry);
    entry.catch(() => runs.delete(runId));
    while (runs.size > CACHED_RUNS) runs.delete(runs.keys().next().value!);
  }
  const predictions = await entry;
  if (predictions.run.datasetId !== datasetId) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} was trained on dataset ${predictions.run.datasetId}, not ${datasetId}.`,
    );
  }
  return predictions;
}

async function predictAllRows(
  store: ProjectStore,
  datasetId: number,
  runId: number,
): Promise<RunPredictions> {
  const run = await store.training.getRun(runId);
  if (run.datasetId !== datasetId) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} was trained on dataset ${run.datasetId}, not ${datasetId}.`,
    );
  }
  if (run.status !== 'completed') {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is ${run.status}; only a completed run's model can rank items.`,
    );
  }
  const dataset = await store.datasets.get(datasetId);
  if (run.config.trunk === 'cnn') {
    // An image model reads the stored pixels in chunks (the export's predictor reads table
    // columns only).
    const { rowIds } = await store.datasets.readColumns(datasetId, [dataset.columns[0].name]);
    const predicted = await predictWithStoredModel(store, runId, rowIds);
    return {
      run,
      index: new Map(rowIds.map((id, i) => [id, i])),
      tasks: new Map(predicted.map((p) => [p.task, { classes: p.classes, probs: p.probs }])),
    };
  }
  // The export's predictor of a run over a dataset: one forward pass per chunk of rows.
  const predictor = await runPredictor(store, runId);
  try {
    const probs = predictor.tasks.map((t) => new Float32Array(dataset.rowCount * t.labels.length));
    const index = new Map<number, number>();
    await predictDataset(predictor, store, datasetId, {
      allProbs: true,
      onRows: (rows) => {
        for (const row of rows) {
          const i = index.size;
          index.set(row.row, i);
          row.probabilities!.forEach((p, t) => probs[t].set(p, i * p.length));
        }
      },
    });
    return {
      run,
      index,
      tasks: new Map(
        predictor.tasks.map((t, i) => [t.name, { classes: t.labels, probs: probs[i] }]),
      ),
    };
  } finally {
    predictor.dispose();
  }
}

/** Probabilities [K] of one row for one task (a view, no copy), or null when not predicted. */
export function rowProbs(
  predictions: RunPredictions,
  task: string,
  rowId: number,
): Float32Array | null {
  const t = predictions.tasks.get(task);
  const i = predictions.index.get(rowId);
  if (!t || i === undefined) return null;
  const k = t.classes.length;
  return t.probs.subarray(i * k, (i + 1) * k);
}

/** The run's most probable class per task for one row. */
export function suggestionsFor(
  predictions: RunPredictions,
  rowId: number,
): Record<string, LabelSuggestion> {
  const out: Record<string, LabelSuggestion> = {};
  for (const [task, { classes }] of predictions.tasks) {
    const p = rowProbs(predictions, task, rowId);
    if (!p) continue;
    const top = topClass(p);
    out[task] = { label: classes[top.index], probability: top.probability };
  }
  return out;
}

/** The current labels of a dataset's tasks: task name → [rows] labels (null = missing). */
export interface TaskLabels {
  rowIds: number[];
  labels: Map<string, (string | null)[]>;
}

/** Reads the labels of every task of a dataset, as class labels. */
export async function readTaskLabels(
  store: ProjectStore,
  datasetId: number,
  tasks: readonly TaskInfo[],
): Promise<TaskLabels> {
  const dataset = await store.datasets.get(datasetId);
  if (tasks.length === 0) {
    const { rowIds } = await store.datasets.readColumns(datasetId, [dataset.columns[0].name]);
    return { rowIds, labels: new Map() };
  }
  const read = await store.datasets.readColumns(
    datasetId,
    tasks.map((t) => t.targetColumn),
  );
  const labels = new Map<string, (string | null)[]>();
  for (const t of tasks) {
    const type = dataset.columns.find((c) => c.name === t.targetColumn)!.type;
    const names = booleanNamesOfClasses(t.classes);
    labels.set(
      t.name,
      read.values[t.targetColumn].map((v) => cellToLabel(v, type, names)),
    );
  }
  return { rowIds: read.rowIds, labels };
}

/**
 * Ranks rows by the run's uncertainty: with `task`, the rows among `rows` lacking that
 * task's label, on that task; without, the rows lacking at least one of the run's tasks,
 * summed over the tasks each lacks. Least confident first, ties by row id.
 * @param rows indices into `labels.rowIds` to consider.
 * @throws MtlError('BAD_REQUEST') when `task` is not a task of the run.
 */
export function rankRows(
  predictions: RunPredictions,
  labels: TaskLabels,
  rows: readonly number[],
  strategy: LabelStrategy,
  task?: string,
): { rowId: number; confidence: number }[] {
  const runTasks = [...predictions.tasks.keys()];
  if (task !== undefined && !predictions.tasks.has(task)) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${predictions.run.id} did not train task "${task}"; its tasks: ${quotedNames(runTasks, 'none')}.`,
    );
  }
  const considered = task !== undefined ? [task] : runTasks;
  const candidates: QueueCandidate[] = [];
  for (const r of rows) {
    const rowId = labels.rowIds[r];
    const lacking = considered.filter((t) => labels.labels.get(t)?.[r] === null);
    if (lacking.length === 0) continue;
    const probs = lacking.map((t) => rowProbs(predictions, t, rowId));
    if (probs.some((p) => p === null)) continue;
    candidates.push({ rowId, predictions: probs as Float32Array[] });
  }
  return uncertaintyOrder(candidates, strategy);
}

/**
 * The tasks among `checked` on which row `r` disagrees with the run: it has a label there and
 * the label is not the run's most probable class. Tasks the run did not predict never
 * disagree.
 * @param r an index into `labels.rowIds`.
 */
export function disagreeingTasks(
  predictions: RunPredictions,
  labels: TaskLabels,
  r: number,
  checked: readonly string[],
): string[] {
  const rowId = labels.rowIds[r];
  return checked.filter((t) => {
    const label = labels.labels.get(t)?.[r] ?? null;
    const p = label === null ? null : rowProbs(predictions, t, rowId);
    return p !== null && predictions.tasks.get(t)!.classes[topClass(p).index] !== label;
  });
}

/**
 * Ranks rows of the disagreement filter by the run's confidence where it disagrees: without
 * `task`, over the tasks among `checked` on which each row disagrees
 * ({@link disagreeingTasks}), summed as {@link rankRows} sums missing tasks; with `task`, on
 * that task alone (every row the run predicts: these rows are labelled, so "missing" does not
 * apply). Least confident first, ties by row id; a row with nothing to rank on is left out.
 * A user checks first the labels the model doubts least ("I am sure it is Biscoe") or most.
 * @param rows indices into `labels.rowIds` to consider.
 * @throws MtlError('BAD_REQUEST') when `task` is not a task of the run.
 */
export function rankDisagreements(
  predictions: RunPredictions,
  labels: TaskLabels,
  rows: readonly number[],
  strategy: LabelStrategy,
  checked: readonly string[],
  task?: string,
): { rowId: number; confidence: number }[] {
  if (task !== undefined && !predictions.tasks.has(task)) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${predictions.run.id} did not train task "${task}"; its tasks: ${quotedNames([...predictions.tasks.keys()], 'none')}.${didYouMean(task, [...predictions.tasks.keys()])}`,
    );
  }
  const candidates: QueueCandidate[] = [];
  for (const r of rows) {
    const rowId = labels.rowIds[r];
    const on = task !== undefined ? [task] : disagreeingTasks(predictions, labels, r, checked);
    const probs = on.map((t) => rowProbs(predictions, t, rowId));
    if (probs.length === 0 || probs.some((p) => p === null)) continue;
    candidates.push({ rowId, predictions: probs as Float32Array[] });
  }
  return uncertaintyOrder(candidates, strategy);
}

/**
 * What the Label view would show next in active-labelling mode, as `mtl-studio labels
 * queue` prints it: items lacking labels, least confident first, with the run's suggested
 * class and probability per task.
 * @param options `task` ranks on one task (default: summed over the tasks an item lacks);
 *   `limit` items (default 20).
 * @throws MtlError as {@link runPredictions} and {@link rankRows}.
 */
export async function labelQueue(
  store: ProjectStore,
  datasetId: number,
  runId: number,
  strategy: LabelStrategy,
  options: { task?: string; limit?: number } = {},
): Promise<LabelQueueItem[]> {
  const predictions = await runPredictions(store, datasetId, runId);
  const tasks = (await store.tasks.list(datasetId)).filter((t) => predictions.tasks.has(t.name));
  const labels = await readTaskLabels(store, datasetId, tasks);
  const ranked = rankRows(
    predictions,
    labels,
    labels.rowIds.map((_id, i) => i),
    strategy,
    options.task,
  ).slice(0, options.limit ?? 20);
  const paths = await imagePaths(
    store,
    datasetId,
    ranked.map((r) => r.rowId),
  );
  return ranked.map(({ rowId, confidence }) => ({
    rowId,
    ...(paths ? { path: String(paths.get(rowId) ?? '') } : {}),
    confidence,
    suggestions: suggestionsFor(predictions, rowId),
  }));
}

/** Image path of each row (image datasets), or null when the dataset has no image column. */
export async function imagePaths(
  store: ProjectStore,
  datasetId: number,
  rowIds: number[],
): Promise<Map<number, string | number | null> | null> {
  const dataset = await store.datasets.get(datasetId);
  const image = dataset.columns.find((c) => c.type === 'image');
  if (!image) return null;
  const position = dataset.columns.indexOf(image);
  const out = new Map<number, string | number | null>();
  for (let start = 0; start < rowIds.length; start += 10_000) {
    const ids = rowIds.slice(start, start + 10_000);
    const page = await store.datasets.readRows(datasetId, {
      offset: 0,
      limit: ids.length,
      rowIds: ids,
    });
    for (const row of page.rows) out.set(row.rowId, row.values[position]);
  }
  return out;
}
