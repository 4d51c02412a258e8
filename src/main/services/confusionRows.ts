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
}

/**
 * The labelled test rows of a run for one task, each with its true class and the class the
 * run predicted (highest probability among the stored test predictions), by row id.
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
  const truth = await store.datasets.readColumns(run.datasetId, [task.targetColumn]);
  const position = new Map(truth.rowIds.map((id, i) => [id, i]));
  const classIndex = new Map(task.classes.map((c, i) => [c, i]));
  const names = booleanNamesOfClasses(task.classes);
  const outcomes: TestOutcome[] = [];
  predictions.rowIds.forEach((rowId, r) => {
    const at = position.get(rowId);
    if (at === undefined) return;
    const label = cellToLabel(truth.values[task.targetColumn][at], column.type, names);
    const trueClass = label === null ? undefined : classIndex.get(label);
    if (trueClass === undefined) return;
    let best = 0;
    for (let j = 1; j < k; j++)
      if (predictions.probs[r * k + j] > predictions.probs[r * k + best]) best = j;
    outcomes.push({
      rowId,
      trueClass,
      predictedClass: best,
      confidence: predictions.probs[r * k + best],
    });
  });
  return { task, numClasses: k, outcomes };
}

/**
 * Lists the test rows of confusion cell (trueClass, predictedClass) of `task` in run `runId`,
 * by ascending row id, with each row's cells and the probability of the predicted class.
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
  const run = await store.training.getRun(query.runId);
  const dataset = await store.datasets.get(run.datasetId);
  const matches = outcomes
    .filter((o) => o.trueClass === query.trueClass && o.predictedClass === query.predictedClass)
    .map((o) => ({ rowId: o.rowId, confidence: o.confidence }));
  const offset = query.offset ?? 0;
  const slice = matches.slice(offset, offset + (query.limit ?? DEFAULT_CONFUSION_ROWS));
  const page =
    slice.length > 0
      ? await store.datasets.readRows(run.datasetId, {
          offset: 0,
          limit: slice.length,
          rowIds: slice.map((m) => m.rowId),
        })
      : { rows: [] };
  const confidence = new Map(slice.map((m) => [m.rowId, m.confidence]));
  return {
    task: task.name,
    trueLabel: task.classes[query.trueClass],
    predictedLabel: task.classes[query.predictedClass],
    columns: dataset.columns.map((c) => c.name),
    total: matches.length,
    rows: page.rows.map((row) => ({ ...row, confidence: confidence.get(row.rowId) ?? 0 })),
  };
}
