/**
 * The rows behind one cell of a run's test confusion matrix: test rows of a task whose
 * true class is i and whose predicted class (highest probability) is j; and each labelled
 * test row's outcome, from which the report picks correctly and wrongly classified images.
 */
import type { ConfusionRows } from '../../shared/contract';
import type { TaskInfo } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { MtlError } from '../../shared/errors';
import { booleanNamesOfClasses } from '../data/cellValues';
import { cellToLabel } from '../engine/preprocessing';
import type { CellValue } from '../store/datasets';
import type { ProjectStore } from '../store/projectStore';

/** Rows returned by default. */
export const DEFAULT_CONFUSION_ROWS = 200;

/** One test row of a run, for one task: its true class (when labelled) and its prediction. */
export interface TestOutcome {
  rowId: number;
  /** Index of the true class in the task's classes. */
  trueClass: number;
  /** Index of the class with the highest stored probability. */
  predictedClass: number;
  /** That probability. */
  confidence: number;
  /**
   * The row's label for the task now, present only when it differs from the label the run
   * was tested on (changed since the run's recorded `lastEvent`); null: no label now.
   */
  currentLabel?: string | null;
}

/**
 * The labelled test rows of a run for one task, each with its true class and the class the
 * run predicted (highest probability among the stored test predictions), by row id. The
 * true class is the label the run was tested on: a label changed since the run started (its
 * recorded `lastEvent`, RunLabelVersion) is read as it was then, so a confusion cell lists
 * the rows its stored count counted (found by a new user: after relabelling row 1, a cell
 * of 2 listed 3 rows). Runs from before label versions were recorded read today's labels.
 * @returns the task as defined now, its number of classes, and one outcome per labelled row.
 * @throws MtlError('NOT_FOUND') for an unknown run or a task the run did not train (or whose
 *   definition was deleted since), or a run without stored predictions.
 */
export async function testOutcomes(
  store: ProjectStore,
  runId: number,
  taskName: string,
): Promise<{ task: TaskInfo; numClasses: number; outcomes: TestOutcome[] }> {
  const run = await store.training.getRun(runId);
  if (!run.tasks.includes(taskName)) {
    throw new MtlError(
      'NOT_FOUND',
      `Run ${run.id} did not train task "${taskName}"; its tasks: ${quotedNames(run.tasks, 'none')}.`,
    );
  }
  const [dataset, tasks, predictions] = await Promise.all([
    store.datasets.get(run.datasetId),
    store.tasks.list(run.datasetId),
    store.evaluation.getPredictions(run.id, taskName),
  ]);
  const task = tasks.find((t) => t.name === taskName);
  if (!task) {
    throw new MtlError('NOT_FOUND', `Task "${taskName}" no longer exists on this dataset.`);
  }
  const k = predictions.numClasses;
  const column = dataset.columns.find((c) => c.name === task.targetColumn)!;
  const [truth, versions] = await Promise.all([
    store.datasets.readColumns(run.datasetId, [task.targetColumn]),
    store.labels.runVersions(run.datasetId, run.id),
  ]);
  const version = versions.get(run.id)?.find((v) => v.task === taskName);
  const then = version
    ? await store.labels.valuesAfterEvent(run.datasetId, taskName, version.lastEvent)
    : new Map<number, CellValue>();
  const position = new Map(truth.rowIds.map((id, i) => [id, i]));
  const classIndex = new Map(task.classes.map((c, i) => [c, i]));
  const names = booleanNamesOfClasses(task.classes);
  const outcomes: TestOutcome[] = [];
  predictions.rowIds.forEach((rowId, r) => {
    const at = position.get(rowId);
    if (at === undefined) return;
    const now = truth.values[task.targetColumn][at];
    const cell = then.has(rowId) ? then.get(rowId)! : now;
    const label = cellToLabel(cell, column.type, names);
    const trueClass = label === null ? undefined : classIndex.get(label);
    if (trueClass === undefined) return;
    // Changed and changed back (an edit and its undo) reads as unchanged.
    const current = then.has(rowId) ? cellToLabel(now, column.type, names) : label;
    let best = 0;
    for (let j = 1; j < k; j++)
      if (predictions.probs[r * k + j] > predictions.probs[r * k + best]) best = j;
    outcomes.push({
      rowId,
      trueClass,
      predictedClass: best,
      confidence: predictions.probs[r * k + best],
      ...(current !== label ? { currentLabel: current } : {}),
    });
  });
  return { task, numClasses: k, outcomes };
}

/**
 * Lists the test rows of confusion cell (trueClass, predictedClass) of `task` in run `runId`,
 * by ascending row id, with each row's cells, the probability of the predicted class and,
 * for a row relabelled since the run was tested, its label now (`currentLabel`); one page
 * (`offset`, default 0; `limit`, default {@link DEFAULT_CONFUSION_ROWS}) of them, `total` all.
 * @throws MtlError('NOT_FOUND') for an unknown run or a task the run did not train (or whose
 *   definition was deleted since); MtlError('BAD_REQUEST') for a class index out of range.
 */
export async function confusionCellRows(
  store: ProjectStore,
  query: {
    runId: number;
    task: string;
    trueClass: number;
    predictedClass: number;
    offset?: number;
    limit?: number;
  },
): Promise<ConfusionRows> {
  const { task, numClasses: k, outcomes } = await testOutcomes(store, query.runId, query.task);
  checkClassRange(task, k, query);
  const run = await store.training.getRun(query.runId);
  const matches = outcomes
    .filter((o) => o.trueClass === query.trueClass && o.predictedClass === query.predictedClass)
    .map(({ rowId, confidence, currentLabel }) => ({ rowId, confidence, currentLabel }))
    .sort((a, b) => a.rowId - b.rowId);
  return cellPage(store, run.datasetId, task, query, matches);
}

/** Rejects a class index at or past `k`, the task's number of classes. */
function checkClassRange(
  task: TaskInfo,
  k: number,
  query: { trueClass: number; predictedClass: number },
): void {
  for (const [name, value] of [
    ['trueClass', query.trueClass],
    ['predictedClass', query.predictedClass],
  ] as const) {
    if (value >= k) {
      throw new MtlError(
        'BAD_REQUEST',
        `${name} = ${value} is out of range; task "${task.name}" has ${k} classes.`,
      );
    }
  }
}

/** A cell's matching row before its cells are read (TestOutcome's parts a listing shows). */
interface CellMatch {
  rowId: number;
  confidence: number;
  currentLabel?: string | null;
  fold?: { repeat: number; fold: number };
}

/**
 * One page (`offset`, `limit`) of a cell's matching rows, in the order given, each with its
 * cells, the probability of the predicted class, its label now when relabelled since the
 * test, and its fold when it has one.
 */
async function cellPage(
  store: ProjectStore,
  datasetId: number,
  task: TaskInfo,
  query: { trueClass: number; predictedClass: number; offset?: number; limit?: number },
  matches: CellMatch[],
): Promise<ConfusionRows> {
  const dataset = await store.datasets.get(datasetId);
  const offset = query.offset ?? 0;
  const slice = matches.slice(offset, offset + (query.limit ?? DEFAULT_CONFUSION_ROWS));
  const page =
    slice.length > 0
      ? await store.datasets.readRows(datasetId, {
          offset: 0,
          limit: slice.length,
          rowIds: slice.map((m) => m.rowId),
        })
      : { rows: [] };
  const byId = new Map(page.rows.map((row) => [row.rowId, row]));
  return {
    task: task.name,
    trueLabel: task.classes[query.trueClass],
    predictedLabel: task.classes[query.predictedClass],
    columns: dataset.columns.map((c) => c.name),
    total: matches.length,
    offset,
    // In the matches' order (a row repeats when the cross-validation is repeated).
    rows: slice.flatMap((m) => {
      const row = byId.get(m.rowId);
      if (!row) return [];
      return [
        {
          ...row,
          confidence: m.confidence,
          ...(m.currentLabel !== undefined ? { currentLabel: m.currentLabel } : {}),
          ...(m.fold ? { fold: m.fold } : {}),
        },
      ];
    }),
  };
}

/**
 * Lists the rows behind cell (trueClass, predictedClass) of `task` in cross-validation
 * `evaluationId`'s confusion matrix summed over its folds (CrossValidationPanel.vue): each
 * completed fold run's test rows of that pair, by repeat, fold, then ascending row id, each
 * with its fold (counted from 0) and, when relabelled since that fold was tested, its label
 * now (`currentLabel`); one page (`offset`, `limit`) of them. As the summed matrix, folds whose classes differ from the
 * first such fold's are left out, so `total` is the summed cell's count.
 * @throws MtlError('NOT_FOUND') for an unknown cross-validation, a task it did not train or
 *   that no longer exists; MtlError('BAD_REQUEST') for a class index out of range.
 */
export async function crossValidationCellRows(
  store: ProjectStore,
  query: {
    evaluationId: number;
    task: string;
    trueClass: number;
    predictedClass: number;
    offset?: number;
    limit?: number;
  },
): Promise<ConfusionRows> {
  const evaluation = await store.evaluation.crossValidation(query.evaluationId);
  if (!evaluation.tasks.includes(query.task)) {
    throw new MtlError(
      'NOT_FOUND',
      `Cross-validation ${evaluation.id} did not train task "${query.task}"; its tasks: ${quotedNames(evaluation.tasks, 'none')}.`,
    );
  }
  const folds = [...evaluation.runs].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  let classes: string | null = null;
  let task: TaskInfo | null = null;
  let k = 0;
  const matches: CellMatch[] = [];
  for (const f of folds) {
    const run = await store.training.getRun(f.runId);
    const result = run.status === 'completed' ? run.results?.[query.task] : undefined;
    if (!result) continue;
    const labels = result.perClass.map((c) => c.label).join('\n');
    if (classes === null) classes = labels;
    else if (labels !== classes) continue;
    const found = await testOutcomes(store, run.id, query.task);
    if (task === null) {
      ({ task, numClasses: k } = found);
      checkClassRange(task, k, query);
    }
    for (const o of [...found.outcomes].sort((a, b) => a.rowId - b.rowId)) {
      if (o.trueClass === query.trueClass && o.predictedClass === query.predictedClass) {
        matches.push({
          rowId: o.rowId,
          confidence: o.confidence,
          currentLabel: o.currentLabel,
          fold: { repeat: f.repeat, fold: f.fold },
        });
      }
    }
  }
  if (task === null) {
    const defined = (await store.tasks.list(evaluation.datasetId)).find(
      (t) => t.name === query.task,
    );
    if (!defined) {
      throw new MtlError('NOT_FOUND', `Task "${query.task}" no longer exists on this dataset.`);
    }
    // No completed fold: an empty cell, once its indices are known to be classes.
    task = defined;
    checkClassRange(task, task.classes.length, query);
  }
  return cellPage(store, evaluation.datasetId, task, query, matches);
}
