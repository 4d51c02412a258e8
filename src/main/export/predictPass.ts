/**
 * What a prediction pass takes and gives (predict.ts's datasets, predictCsv.ts's CSV files,
 * predictImages.ts's image files): the options every pass shares, each predicted row, the
 * summary of the pass, and the column that says which part of a run's split a dataset row is
 * in.
 */
import type { Writable } from 'node:stream';
import type { FormulaCells } from '../../shared/formulaCells';
import type { BadLinesSeen } from '../data/badLines';
import type { EncodingNote } from '../data/encodingNotes';
import type { RenamedColumn } from '../data/csvTable';
import type { UnseenCategories } from '../engine/preprocessing';
import type { PredictionFormat } from './predictOutput';
import type { FarOutsideValues } from './predictRange';
import type { TaskScore } from './predictScores';

/** One predicted row, as the Predict view shows it. */
export interface PredictedRow {
  /** 1-based data row of the file, or the row id of a dataset. */
  row: number;
  /** Value of the id column, when there is one. */
  id: string | null;
  /** Input columns kept as they are (`keepColumns`): column → the row's cell text. */
  kept?: Record<string, string>;
  /** Per task (in model order): predicted label and its probability. */
  predictions: { label: string; probability: number }[];
  /** Per task, every class's probability (only when asked for). */
  probabilities?: number[][];
  /**
   * Table input: how many of the model's input columns are missing in this row (0…inputs).
   * A row with every input missing is predicted from the training data's defaults alone
   * (imputed means, no category), so its prediction says nothing about the row. Absent for
   * images.
   */
  inputsMissing?: number;
  /**
   * Table input: the input columns whose value in this row lies far outside the training
   * data (export/predictRange.ts), in the model's column order. Absent when none.
   */
  farOutside?: string[];
}

/**
 * What every prediction pass takes ({@link predictCsv}, {@link predictDataset},
 * predictImages.ts's passes, each adding its own): the output's format, where it goes, who
 * receives the rows, and the signal that cancels it.
 */
export interface PredictPassOptions extends PredictionFormat {
  /** Receives each batch of predictions (the view collects them). */
  onRows?: (rows: PredictedRow[]) => void;
  /** Where the CSV of predictions goes (a path or a stream); none = only `onRows`. */
  output?: string | Writable;
  /** Aborting it stops the pass between batches (IMPORT_CANCELLED). */
  signal?: AbortSignal;
  /**
   * A dataset's rows (predictDataset, predictDatasetImages): row id → the part of the run's
   * split it is in (train, validation or test; for a fold run, the fold's). Written as column
   * {@link splitColumnName} after the row id (empty for a row outside the split: unlabelled
   * when the split was made); none: no such column.
   */
  rowSplit?: ReadonlyMap<number, string>;
}

/**
 * The name of the column that says which part of the run's split a dataset row is in:
 * `split`, or `row_split` when the predictions write a column `split` already (a task of that
 * name).
 */
export function splitColumnName(predictor: { tasks: { name: string }[] }): string {
  return predictor.tasks.some((t) => t.name === 'split' || t.name.startsWith('split_'))
    ? 'row_split'
    : 'split';
}

/**
 * The cells of {@link PredictPassOptions.rowSplit}'s column for some rows ([n]; empty for a
 * row outside the split), as the `kept` argument of {@link batchPredictor}'s batches; null
 * without `rowSplit`.
 */
export function splitCells(
  name: string,
  rowSplit: ReadonlyMap<number, string> | undefined,
  rowIds: readonly number[],
): { names: string[]; cells: string[][] } | null {
  if (!rowSplit) return null;
  return { names: [name], cells: [rowIds.map((id) => rowSplit.get(id) ?? '')] };
}

/** Rows with most inputs missing named by the summary's `mostInputsMissingRows`. */
export const MOST_MISSING_ROWS_LISTED = 5;

/**
 * Whether a row with `missing` of the model's `inputs` input columns missing has more than
 * half of them missing (its prediction then rests mostly on the imputed defaults): e.g. 3 of
 * 5 yes, 2 of 4 no. False for a model without table inputs (`inputs` 0).
 */
export function mostInputsMissing(missing: number, inputs: number): boolean {
  return inputs > 0 && missing * 2 > inputs;
}

/** What a prediction pass did. */
export interface PredictSummary {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Output columns of the CSV, in order. */
  columns: string[];
  /**
   * CSV input: the file's column names as read (a repeated name as renamed, `a.1`), and the
   * kept columns (`keepColumns`) as the output names them (`species (input)` for one named
   * as a prediction column); absent for datasets and images.
   */
  header?: string[];
  kept?: string[];
  /**
   * The output's id column, named alike in the CSV header and as the key of `--json`'s
   * predictions: the input file's id column, `path` for image files; null without one.
   */
  idColumn: string | null;
  /**
   * Categorical inputs with values the model never saw as a category, by column (empty
   * when none): such a value is predicted as preprocessing encodes it, all zeros over the
   * column's one-hot features, like a category too rare in training to get its own.
   */
  unseenCategories: UnseenCategories[];
  /**
   * Table input: numeric inputs with values far outside the training data, by column in the
   * model's order (predictRange.ts): their predictions are extrapolations. Absent when none
   * (and for images).
   */
  farOutside?: FarOutsideValues[];
  /**
   * Rows whose every input column is missing (table input; 0 for images): predicted from
   * the training data's defaults alone, so their predictions say nothing about the rows.
   */
  rowsAllInputsMissing: number;
  /**
   * Table input: rows with more than half of the model's inputs missing (every input
   * missing included; see {@link mostInputsMissing}), filled in by the model's imputation;
   * 0 for images.
   */
  rowsMostInputsMissing: number;
  /**
   * Table input: the first {@link MOST_MISSING_ROWS_LISTED} of those rows, by their `row`
   * (1-based data row of a file, the row id of a dataset), in the order predicted; [] for
   * images.
   */
  mostInputsMissingRows: number[];
  /**
   * CSV input: header names written again and the names their later columns were read under
   * (`a.1`, as an import renames them; none the model reads ambiguously: those are refused).
   * Absent for datasets and images.
   */
  renamedColumns?: RenamedColumn[];
  /**
   * CSV input predicted with `missingColumns: 'impute'`: the model's input columns the file
   * lacks, read as missing in every row (the model imputes them). Absent when none.
   */
  missingColumns?: string[];
  /**
   * The cells of the predictions from the user's data (header names, ids, kept cells,
   * predicted class names, image paths) that a spreadsheet would run as a formula ("=cmd()"),
   * written unchanged: how many, their columns, the first few (shared/formulaCells.ts).
   * Absent when none.
   */
  formulaCells?: FormulaCells;
  /**
   * CSV input with `badLines: 'skip'`: the lines with a wrong number of fields left out (no
   * prediction for them). Absent when none.
   */
  skippedLines?: BadLinesSeen;
  /**
   * CSV input with a `limit`: true when the file has rows past it (read, not predicted).
   * Absent otherwise.
   */
  more?: boolean;
  /** CSV input: the text encoding the file was read with. Absent for datasets and images. */
  encoding?: string;
  /**
   * CSV input: remarks on that encoding, as `predict` prints them (data/encodingNotes.ts);
   * e.g. that it is the one the model's dataset was imported with. Absent for datasets and
   * images.
   */
  encodingNotes?: EncodingNote[];
  /**
   * CSV input with a task's target column (predictScores.ts): per such task, in the model's
   * order, the rows with a label, accuracy and macro-F1 of the rows predicted. Absent when the
   * file has none of the tasks' target columns (and for datasets and images).
   */
  scores?: TaskScore[];
}
