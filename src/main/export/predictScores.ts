/**
 * Scores of a prediction against the labels its input holds (a CSV file with a task's target
 * column: the training table itself, a held-out file), as Orange's Predictions widget shows
 * them: per task, the rows with a known label, accuracy and macro-F1. Counted batch by batch
 * into a confusion matrix (memory bounded by the classes, not the rows) and scored by the
 * engine's metrics (engine/metrics.ts), so the numbers are the evaluation's.
 */
import { parseNumber, toCellValue, type CellGrammar } from '../data/cellValues';
import { accuracyFromConfusion, macroF1FromConfusion } from '../engine/metrics';
import { similarColumns } from './predictHeader';

/** One task's scores against the labels of its target column. */
export interface TaskScore {
  /** The task's name. */
  task: string;
  /** The input's column its labels were read from (the task's target column). */
  column: string;
  /** Rows with a label (a missing cell is skipped), unknown labels included. */
  rows: number;
  /** Fraction in [0, 1] of those rows predicted as labelled; null when `rows` is 0. */
  accuracy: number | null;
  /**
   * Macro-F1 in [0, 1] over those rows (sklearn's `f1_score(average='macro')` with its
   * default labels: an unknown label is a class of its own, F1 0); null when `rows` is 0.
   */
  macroF1: number | null;
  /** Rows whose label is none of the task's classes: counted as wrong. */
  unknownLabelRows: number;
  /** The first few of those labels, distinct, in the order met (up to {@link UNKNOWN_LISTED}). */
  unknownLabels: string[];
  /** How many distinct unknown labels there are (`unknownLabels` lists the first few). */
  unknownLabelsDistinct: number;
  /**
   * Unknown labels equal to one of the task's classes but for case or surrounding spaces
   * ("married" for class "Married"): each with that class, the first
   * {@link UNKNOWN_LISTED} in the order met. Absent when none.
   */
  similarLabels?: { label: string; class: string }[];
  /**
   * Of `rows`, those whose input cells equal those of a row the model trained on (a project
   * run's training rows, services/exports.ts runTrainingRows): their scores are optimistic.
   * Absent when the training rows are not known (a bundle).
   */
  trainingRows?: number;
}

/** Unknown labels a {@link TaskScore} names. */
export const UNKNOWN_LISTED = 5;

/** The tasks a prediction is scored on: per task, its classes and the input column read. */
export interface ScoredTask {
  name: string;
  labels: readonly string[];
  /** The input's target column of the task. */
  column: string;
}

/**
 * The class index of a label cell: its text as a class, else (a number written otherwise,
 * "1.0" for class "1") the class of the number's decimal text, as training names a numeric
 * target's classes; -1 for a label the task does not know.
 */
function classOf(text: string, index: ReadonlyMap<string, number>, decimalComma: boolean): number {
  const exact = index.get(text);
  if (exact !== undefined) return exact;
  const number = parseNumber(text, decimalComma);
  return number === null ? -1 : (index.get(String(number)) ?? -1);
}

/**
 * Counts predictions against the labels of a file's target columns, batch by batch.
 * Missing cells (the grammar's missing tokens) are skipped; a label that is none of the
 * task's classes counts as a wrong prediction of a class of its own.
 */
export class ScoreTally {
  /** Per scored task: [k][k] counts, rows true, columns predicted. */
  private readonly confusion: number[][][];
  /** Per scored task: unknown label → [k] counts of its predicted classes. */
  private readonly unknown: Map<string, number[]>[];
  private readonly index: Map<string, number>[];
  /** Per scored task: labelled rows that are training rows (see {@link TaskScore.trainingRows}). */
  private readonly training: number[];

  /**
   * @param tasks the tasks scored, each with the index of its task in the model (`at`).
   * @param grammar how the file's cells are read (missing tokens, decimal comma).
   * @param countTraining whether {@link add} is told which rows are training rows (the
   *   result then has `trainingRows`).
   */
  constructor(
    readonly tasks: readonly (ScoredTask & { at: number })[],
    private readonly grammar: CellGrammar,
    private readonly countTraining = false,
  ) {
    this.training = tasks.map(() => 0);
    this.confusion = tasks.map((t) =>
      Array.from({ length: t.labels.length }, () => new Array<number>(t.labels.length).fill(0)),
    );
    this.unknown = tasks.map(() => new Map());
    this.index = tasks.map((t) => new Map(t.labels.map((l, i) => [l, i])));
  }

  /**
   * Adds one batch.
   * @param cells per scored task (in {@link tasks}' order), the [n] raw cell texts of its
   *   column; @param best per model task, the [n] predicted class indices.
   * @param training [n] 1 for a row the model trained on (by its inputs), else 0; counted
   *   only with `countTraining`.
   */
  add(
    cells: readonly (readonly string[])[],
    best: readonly Int32Array[],
    training?: Uint8Array,
  ): void {
    this.tasks.forEach((task, s) => {
      const predicted = best[task.at];
      const column = cells[s];
      const confusion = this.confusion[s];
      for (let r = 0; r < column.length; r++) {
        const value = toCellValue(column[r], 'categorical', this.grammar);
        if (value === null) continue;
        const text = String(value);
        if (training?.[r]) this.training[s] += 1;
        const c = classOf(text, this.index[s], this.grammar.decimalComma);
        if (c >= 0) {
          confusion[c][predicted[r]] += 1;
          continue;
        }
        let counts = this.unknown[s].get(text);
        if (!counts) {
          counts = new Array<number>(task.labels.length).fill(0);
          this.unknown[s].set(text, counts);
        }
        counts[predicted[r]] += 1;
      }
    });
  }

  /**
   * Each scored task's scores: the confusion matrix widened by one true class per unknown
   * label (never predicted), scored by the engine's {@link accuracyFromConfusion} and
   * {@link macroF1FromConfusion}.
   */
  result(): TaskScore[] {
    return this.tasks.map((task, s) => {
      const unknown = [...this.unknown[s]];
      const widened = [
        ...this.confusion[s].map((row) => [...row, ...new Array<number>(unknown.length).fill(0)]),
        ...unknown.map(([, counts]) => [...counts, ...new Array<number>(unknown.length).fill(0)]),
      ];
      let rows = 0;
      for (const row of widened) for (const v of row) rows += v;
      const unknownLabelRows = unknown.reduce((sum, [, c]) => sum + c.reduce((a, b) => a + b), 0);
      const similarLabels = similarColumns(
        unknown.map(([label]) => label),
        task.labels,
      )
        .slice(0, UNKNOWN_LISTED)
        .map((m) => ({ label: m.column, class: m.header }));
      return {
        task: task.name,
        column: task.column,
        rows,
        accuracy: rows > 0 ? accuracyFromConfusion(widened) : null,
        macroF1: rows > 0 ? macroF1FromConfusion(widened) : null,
        unknownLabelRows,
        unknownLabels: unknown.slice(0, UNKNOWN_LISTED).map(([label]) => label),
        unknownLabelsDistinct: unknown.length,
        ...(similarLabels.length > 0 ? { similarLabels } : {}),
        ...(this.countTraining ? { trainingRows: this.training[s] } : {}),
      };
    });
  }
}

/**
 * The tasks of a model whose target column a file's header has, to score against it.
 * @param tasks the model's tasks in order; @param targetColumns per task its target column
 *   (absent: the task's name, as older bundles and runs name it); @param header the file's
 *   column names.
 * @returns per found task its index in the model (`at`), classes and column; [] when none.
 */
export function scoredTasks(
  tasks: readonly { name: string; labels: readonly string[] }[],
  targetColumns: readonly string[] | undefined,
  header: readonly string[],
): (ScoredTask & { at: number })[] {
  const names = new Set(header);
  return tasks.flatMap((t, at) => {
    const column = targetColumns?.[at] ?? t.name;
    return names.has(column) ? [{ name: t.name, labels: t.labels, column, at }] : [];
  });
}
