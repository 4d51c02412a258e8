/**
 * Datasets and what is built on their rows: columns (types, roles, import profiles, image
 * statistics), pixel images, tasks, splits and the labels' audit trail.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import type { ColumnNoteReason } from './columnNotes';

/** Inferred or user-chosen type of a column. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text' | 'image';

/** What a column is used for when a model is trained. */
export type ColumnRole = 'input' | 'target' | 'ignore';

/**
 * Default role of a column by its type alone: free text cannot feed the tabular engine, so
 * it starts as 'ignore'; everything else as 'input' (targets are chosen as tasks). The
 * import refines it from a column's statistics (a row index starts ignored too:
 * src/main/data/inference.ts defaultColumnRole); the wizard uses this for a type the user
 * picks.
 */
export function defaultRole(type: ColumnType): ColumnRole {
  return type === 'text' ? 'ignore' : 'input';
}

/** A split of the rows of a dataset. */
export type SplitName = 'train' | 'validation' | 'test';

/** One bar of a histogram: values in [lo, hi) (the last bin is closed). */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
}

/** Summary statistics of one column, computed over all rows at import time. */
export interface ColumnProfile {
  /** Number of rows where the value is missing (empty cell or NA-like token). */
  missing: number;
  /** Number of distinct non-missing values. */
  distinct: number;
  /**
   * True when `distinct` is an estimate: past DISTINCT_CAP (10 000) distinct values the
   * import counts them with a HyperLogLog (≈ 0.8 % standard error, src/main/data/sketches.ts),
   * e.g. 11 706 for 11 602. Absent when the count is exact, and in projects imported before
   * it existed.
   */
  distinctEstimated?: true;
  /** For numeric columns; null otherwise. Standard deviation is the sample std (n − 1). */
  numeric: {
    min: number;
    max: number;
    mean: number;
    std: number;
    histogram: HistogramBin[];
  } | null;
  /** Most frequent values (at most 20) with their counts, for non-numeric columns; null otherwise. */
  topCategories: { value: string; count: number }[] | null;
  /**
   * Import remark for the user, e.g. why a column that looks numeric was not read as one:
   * `mostly numeric; line 30002 has "oops" (1 of 30011 values does not parse)`.
   */
  note?: string;
  /**
   * What `note` says, as data, so the studio can say it in the user's language (and name
   * its own controls rather than the CLI's options). Absent in projects imported before it
   * existed: `note` is then shown as it is.
   */
  noteReason?: ColumnNoteReason;
  /**
   * For a boolean column whose file spells its values otherwise than "false"/"true": the
   * names its values go by, `[false name, true name]` (["no", "yes"]), the most frequent
   * spelling of each (src/main/data/cellValues.ts booleanNamesOfTexts). A task on the column
   * takes them as its classes. Absent for "false"/"true" and in projects imported before
   * spellings were kept: the names are then "false" and "true".
   */
  booleanNames?: [string, string];
  /** For image columns: the original files' sizes, channels and formats; absent otherwise. */
  image?: ImageColumnStats;
  /**
   * For a numeric column imported with the decimal-comma option (`import --decimal-comma`):
   * its numbers may be written "0,5". A model that reads the column reads a file it predicts
   * the same way unless told otherwise (export/predict.ts predictorDecimalComma). Absent
   * otherwise, and in projects imported before it was kept.
   */
  decimalComma?: true;
}

/** Min, max, mean and histogram of one size of the original images, in pixels. */
export interface ImageSizeStats {
  min: number;
  max: number;
  mean: number;
  histogram: HistogramBin[];
}

/**
 * Statistics of the original image files of an image column (before any resizing):
 * what the import decoded, so a user sees at a glance whether sizes, formats and colour
 * depths are as expected.
 */
export interface ImageColumnStats {
  /** Images counted (the column's non-missing cells). */
  count: number;
  /** Width and height of the originals in pixels (after EXIF orientation). */
  width: ImageSizeStats;
  height: ImageSizeStats;
  /** Images per channel count of the original: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: { value: number; count: number }[];
  /** Images per decoded format ('png', 'jpeg', 'webp', 'gif', 'bmp'), most frequent first. */
  formats: { value: string; count: number }[];
  /** Size of the original files in bytes. */
  bytes: { min: number; max: number; mean: number; total: number };
  /** Images whose content (SHA-256) equals that of an earlier image in the column. */
  duplicates: number;
}

/**
 * A value of a column's profile (`topCategories`) as shown to the user: a boolean column's
 * "true"/"false" in the file's own spelling (`profile.booleanNames`, e.g. "yes"/"no"), any
 * other value as it is.
 */
export function profileValueText(
  column: { type: ColumnType; profile: Pick<ColumnProfile, 'booleanNames'> },
  value: string,
): string {
  const names = column.profile.booleanNames;
  if (column.type !== 'boolean' || !names) return value;
  return value === 'true' ? names[1] : value === 'false' ? names[0] : value;
}

/** A column of an imported dataset. */
export interface ColumnInfo {
  /** 0-based position in the source file. */
  index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: ColumnProfile;
}

/**
 * Numeric columns of a dataset that together form an image (e.g. Fashion-MNIST's
 * `px0 … px783` as 28 × 28 × 1), declared by the user: shown as thumbnails, and the shape
 * a convolutional trunk reads.
 */
export interface PixelImage {
  /**
   * Column names in pixel order, [height, width, channels] row-major (tf.browser's
   * convention): the value of pixel (r, c), channel k is column `(r * width + c) * channels + k`.
   */
  columns: string[];
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
}

/**
 * Most columns a dataset can have: SQLite's default SQLITE_MAX_COLUMN is 2000 and each
 * dataset's row table adds `row_id`. Imports check it as soon as a header is read.
 */
export const MAX_DATASET_COLUMNS = 1999;

/**
 * Most characters a name may have: a column's (import refuses a longer header name, naming
 * the file and the column's position), hence a task's (a task is named after its target
 * column by default) and a class's. Every contract schema of such a name uses it, so a
 * column import accepts can be a task everywhere: training, cross-validation, Auto, task
 * affinity, predict, export, report and the CLI's --tasks. Generous on purpose: long
 * descriptive headers (survey questions, 200–300 characters) are common.
 */
export const MAX_NAME_LENGTH = 1000;

/** An imported dataset (one table of rows) in a project. */
export interface DatasetInfo {
  id: number;
  name: string;
  /** File name the rows came from (base name only, no machine path). */
  sourceName: string;
  encoding: string;
  delimiter: string;
  rowCount: number;
  columns: ColumnInfo[];
  /** ISO-8601 timestamp. */
  importedAt: string;
  /** Columns declared to form an image, or null. */
  pixelImage: PixelImage | null;
  /**
   * Changes whenever anything a page shows of the dataset changes — its name, columns
   * (roles, profiles, a task's new column), image setting or any cell (every label write,
   * undo and redo, also a swap that leaves the counts equal) — by this process or another;
   * equal between two reads means nothing of it changed, so a page keeps what it shows.
   * Unchanged by writes elsewhere (runs, epochs, splits). An opaque text (a SHA-1 in hex, 40
   * characters, of what is stored of the dataset): compare for equality only
   * (store/datasetVersions.ts). A damaged file, never written, keeps its versions.
   */
  contentVersion: string;
}

/** A classification task: one categorical target column and its ordered classes. */
export interface TaskInfo {
  id: number;
  datasetId: number;
  name: string;
  targetColumn: string;
  /** Ordered class labels; the class index used by the engine is the position here. */
  classes: string[];
  kind: 'binary' | 'multiclass';
  /** Optional static loss weight (used by static loss weighting); null = 1. */
  weight: number | null;
}

/** A stored train/validation/test assignment of a dataset's rows. */
export interface SplitInfo {
  id: number;
  datasetId: number;
  seed: number;
  /** Fractions of rows, summing to 1. */
  fractions: { train: number; validation: number; test: number };
  /** Name of the task column the split was stratified on, or null. */
  stratifiedOn: string | null;
  counts: { train: number; validation: number; test: number };
  createdAt: string;
}

/** Who set a label: a person, an import (file or CLI), or an accepted model suggestion. */
export type LabelSource = 'user' | 'import' | 'suggestion';

/**
 * One change of one label (a task's target cell of one row), as recorded in the audit
 * trail. Undo and redo are events too (compensating writes), never deletions.
 */
export interface LabelEvent {
  id: number;
  /** Events of one action share a batch and are undone together. */
  batch: number;
  rowId: number;
  /** Task name when written (null for events from before schema v5). */
  task: string | null;
  /** Target column of the task. */
  column: string;
  /** Stored cells before and after (null = missing). */
  oldValue: number | string | null;
  newValue: number | string | null;
  /** ISO-8601 time. */
  at: string;
  source: LabelSource;
  /** 'edit', or the undo / redo of the edit batch `reverts`. */
  action: 'edit' | 'undo' | 'redo';
  reverts: number | null;
  /**
   * The studio tab that wrote it (its origin string, schema v17), or null: the CLI, another
   * program, or an event from before v17. Absent from events built elsewhere.
   */
  origin?: string | null;
}
