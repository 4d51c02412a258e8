/**
 * Exports: a run's verified model bundle (TensorFlow.js), predictions on new data, the
 * HTML/PDF report and a consistent copy of the open project.
 */
import type { FormulaCells } from '../formulaCells';
import { z } from 'zod';
import type { ImageColour, ImageFit } from '../assets';
import type { EncodingNote } from '../encodings';
import { columnName, id, invoke, path } from './channels';
import type { SkippedLines } from './datasets';

/** A model bundle that was written and verified. */
export interface ModelExportView {
  /** Absolute path of the bundle folder or .zip on the machine running the studio. */
  path: string;
  kind: 'folder' | 'zip';
  files: { name: string; bytes: number }[];
  /**
   * Rows predicted from the written files and compared with the studio's model: the run's
   * test rows, or (`verifiedOn` 'training') a cross-validation's final model's first rows.
   */
  verifiedRows: number;
  /**
   * Which rows `verifiedRows` counts: 'test' (the run's test split), or 'training' for a
   * cross-validation's final model, which has no test rows (every labelled row trained it).
   */
  verifiedOn: 'test' | 'training';
  /** Largest probability difference found (float32 rounding). */
  maxAbsDifference: number;
  /** An earlier bundle was at the path and was replaced. */
  replaced: boolean;
}

/** One predicted row of the Predict view. */
export interface PredictedRowView {
  /** 1-based data row of the file, or 1-based position of the image in the folder. */
  row: number;
  /** Value of the file's id column, when it has one; an image's path in the folder. */
  id: string | null;
  /** Table input with columns to keep: kept column (as `PredictionPreview.kept` names it) → cell text. */
  kept?: Record<string, string>;
  /** Per task (in `PredictionPreview.tasks` order): predicted label and its probability. */
  predictions: { label: string; probability: number }[];
  /**
   * Table input: how many of the model's input columns (`PredictionPreview.inputColumns`)
   * are missing in this row. When all are, the prediction rests on the training data's
   * defaults alone (imputed means, no category), not on the row. Absent for images.
   */
  inputsMissing?: number;
  /**
   * Table input: the input columns whose value in this row lies far outside the training
   * data (`PredictionPreview.farOutside`), in the model's column order. Absent when none.
   */
  farOutside?: string[];
}

/**
 * A categorical input column with values the model has no category for (unseen in
 * training): they are predicted as the preprocessing encodes them, all zeros over the
 * column's one-hot features, like a training category too rare to get its own.
 */
export interface UnseenCategoriesView {
  column: string;
  /** Rows with such a value (missing values not counted). */
  rows: number;
  /** The first few distinct such values. */
  values: string[];
  /** Categories the model knows for the column. */
  known: number;
  /**
   * True when the model kept only its `known` most frequent training categories: a value
   * it lacks may be a rarer one of the training data, not one never seen.
   */
  capped?: boolean;
  /** Such values that differ from a known category only by letter case or spaces. */
  similar?: { value: string; category: string }[];
}

/**
 * A numeric input column with values far outside what training saw (main/export/
 * predictRange.ts: beyond the training range by more than its width; for a run fitted
 * before the range was kept, more than 10 std from the training mean): the predictions of
 * such rows are extrapolations.
 */
export interface FarOutsideView {
  column: string;
  /** Rows with such a value. */
  rows: number;
  /**
   * The first few of those rows (up to 5), by their `row` (1-based data row of the file, as
   * `PredictedRowView.row`), in file order.
   */
  firstRows: number[];
  /** The value furthest outside. */
  extreme: number;
  /** The training range, or (older runs) the training mean and population std. */
  training:
    { kind: 'range'; min: number; max: number } | { kind: 'spread'; mean: number; std: number };
}

/** One task's scores against the labels of a predicted file (PredictionPreview.scores). */
export interface PredictionScoreView {
  task: string;
  /** The file's column the labels were read from. */
  column: string;
  rows: number;
  accuracy: number | null;
  macroF1: number | null;
  unknownLabelRows: number;
  /** The first few distinct unknown labels. */
  unknownLabels: string[];
  /** Unknown labels equal to a class but for case or surrounding spaces, with that class. */
  similarLabels?: { label: string; class: string }[];
  /**
   * Of `rows`, those whose input cells equal those of a row the run trained on (its scores
   * are then optimistic); absent when not counted.
   */
  trainingRows?: number;
  /** With `trainingRows`: whether the run's split holds test rows (false: a final model). */
  heldOutSplit?: boolean;
}

/** The first predictions of a file or folder, for the Predict view. */
export interface PredictionPreview {
  /**
   * 'table': rows of a CSV file (a table run); 'images': image files of a folder (an image
   * run), `id` being each file's path relative to the folder (`exports.predictThumbnails`).
   */
  input: 'table' | 'images';
  tasks: { name: string; labels: string[] }[];
  /** Columns the model reads (matched by name in the file); empty for images. */
  inputColumns: string[];
  /**
   * Table input: the file's column names as read (a repeated name as renamed, `a.1`), the
   * columns `keepColumns` chooses from; its id column (null: none), written anyway; the
   * columns kept, as the predictions name them (`species (input)` for one named as a
   * prediction column), empty when none were asked for.
   */
  header?: string[];
  idColumn?: string | null;
  kept?: string[];
  /** Images: how they are decoded (size in px, colour, fit), as in the run's import. */
  image?: { width: number; height: number; colour: ImageColour; fit: ImageFit };
  rows: PredictedRowView[];
  /** True when the file has more rows (the folder more images) than were predicted here. */
  truncated: boolean;
  /** Images: the image files of the folder (≥ rows.length). */
  files?: number;
  /** Unseen categories among the rows predicted here, by column (empty when none). */
  unseenCategories: UnseenCategoriesView[];
  /**
   * Table input: numeric input columns with values far outside the training data among the
   * rows predicted here, in the model's column order. Absent when none.
   */
  farOutside?: FarOutsideView[];
  /**
   * Table input asked with `missingColumns: 'impute'`: the run's input columns the file
   * lacks, read as missing in every row. Absent when none.
   */
  missingColumns?: string[];
  /**
   * Table input: the cells from the user's data (header names, ids, kept cells, predicted
   * class names) a spreadsheet would run as a formula ("=cmd()", written unchanged) among the
   * rows predicted here: how many, their columns, the first few.
   */
  formulaCells?: FormulaCells;
  /**
   * Table input: header names written again, and the names their later columns were read
   * under (pandas' `a.1`, as an import renames them; 0-based positions); absent or empty when
   * none. A repeated name the model reads is refused instead (PREDICT_AMBIGUOUS_COLUMN).
   */
  renamedColumns?: { index: number; original: string; first: number; name: string }[];
  /**
   * Table input: the run's numeric input columns imported with a decimal comma before a dot
   * before exactly three digits was read as grouping thousands (export/predict.ts
   * Predictor.pointDotColumns): the model learned "1.000" there as 1, so such cells are read
   * so here too; the view notes each, as `mtl-studio predict` does. Absent when none.
   */
  pointDotColumns?: string[];
  /**
   * Table input with a task's target column (a file with the true labels): per such task,
   * the rows predicted here that have a label, their accuracy and macro-F1 (fractions; null
   * without such a row) and the rows whose label the task does not know (counted as wrong),
   * as `mtl-studio predict` reports them (export/predictScores.ts). Absent when the file has
   * none of the tasks' target columns.
   */
  scores?: PredictionScoreView[];
  /** Table input: the text encoding the file was read with (iconv-lite's name). */
  encoding?: string;
  /**
   * Table input: remarks on that encoding, as `mtl-studio predict` prints them (e.g. read in
   * the encoding the run's dataset was imported with, or not, the file being UTF-8); the view
   * words them by `kind`. Absent or empty when none.
   */
  encodingNotes?: EncodingNote[];
  /**
   * Images asked to skip (`onCorrupt: 'skip'`): the image files that could not be predicted
   * (corrupt, unreadable, or a link outside the folder), with the problem in English and its
   * images.problems.* phrase for the UI; absent or empty when none.
   */
  skipped?: SkippedImageView[];
  /**
   * Table input asked with `badLines: 'skip'`: the lines with a wrong number of fields left
   * out of the part of the file read for these rows (no prediction for them; each row keeps
   * its number), as `mtl-studio predict --bad-lines skip` notes them. Absent when none.
   */
  skippedLines?: SkippedLines;
}

/** An image file the Predict view skipped (see PredictionPreview.skipped). */
export interface SkippedImageView {
  /** Path relative to the folder, '/' separators. */
  path: string;
  /** The file's position in the listing: the row number the predictions leave out. */
  row: number;
  problem: string;
  phrase: { key: string; params: Record<string, unknown> };
}

/**
 * Columns of a CSV file copied into the predictions as they are (`mtl-studio predict
 * --keep-columns`): their names, or 'all' (every column but the id); a CSV file only.
 */
/** The run's input columns a CSV file lacks: refused (default) or imputed as missing cells. */
const missingColumns = z.enum(['refuse', 'impute']).optional();

const keepColumns = z.union([z.literal('all'), z.array(columnName).min(1).max(10_000)]).optional();

/**
 * A CSV file's lines with a wrong number of fields (`predict --bad-lines`): refuse the file
 * (default; the refusal's remedy offers 'skip') or predict the other rows.
 */
const badLines = z.enum(['error', 'skip']).optional();

/** A CSV file's id column to write beside each row (`predict --id`); null: none. */
const idColumn = columnName.nullable().optional();

/** What predicting a folder does with an image it cannot predict (`predict --on-corrupt`). */
const onCorrupt = z.enum(['skip', 'refuse']).optional();

/**
 * A CSV file's text encoding (`predict --encoding`): an iconv-lite name, or 'auto' (detected).
 * Absent: the encoding the run's dataset was imported with, unless the file is certainly
 * another (a byte-order mark, valid UTF-8); then, and for a UTF-8 dataset, detected.
 */
const encoding = z.string().min(1).max(64).optional();

/** A thumbnail of an image file of a folder being predicted. */
export interface FileThumbnail {
  /** The file's path relative to the folder, as `PredictedRowView.id` gives it. */
  file: string;
  /** `data:image/webp;base64,…`, longest side ≤ 96 px; null when the file cannot be read. */
  dataUrl: string | null;
}

/** A file written by an export (predictions, report, project copy). */
export interface WrittenFile {
  path: string;
  bytes: number;
}

/** Most rows of a CSV file `exports.predict` answers. */
export const MAX_PREDICT_PREVIEW = 1000;
/** Most images of a folder `exports.predict` answers (the view sorts them all). */
export const MAX_PREDICT_IMAGES = 10_000;
/** Most files one `exports.predictThumbnails` call takes. */
export const MAX_PREDICT_THUMBNAILS = 100;

/** A path relative to a folder: no `..` segment, not absolute (checked again on the main side). */
const relativeFile = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !/^([/\\]|[a-zA-Z]:)/.test(p) && !p.split(/[/\\]/).includes('..'), {
    message: 'a path inside the folder, without ".."',
  });

/**
 * Replace a file (or bundle) already at the path. Absent or false: the request is refused
 * with reason OUTPUT_EXISTS, and the UI asks the user, then sends it again with true (the
 * native save dialog of the desktop app has asked already). Never replaced, whatever this
 * says: the open project, the file being predicted, any SQLite database, a read-only file.
 */
const overwrite = z.boolean().optional();

/** The exports invoke channels: name → request schema and response type. */
export const EXPORTS_INVOKE = {
  /** Writes and verifies the bundle of a completed run to a folder or a path ending in .zip. */
  'exports.model': invoke<ModelExportView>()(z.strictObject({ runId: id, path, overwrite })),
  /**
   * Predicts with a run's model: the first rows of a CSV file (table run; columns matched
   * by name; at most MAX_PREDICT_PREVIEW) or the first image files of a folder (image run;
   * decoded with the run's dataset's settings; at most MAX_PREDICT_IMAGES). A folder for a
   * table run, or a file for an image run, is refused (reason TABLE_MODEL_NEEDS_CSV /
   * IMAGE_MODEL_NEEDS_FOLDER).
   */
  'exports.predict': invoke<PredictionPreview>()(
    z.strictObject({
      runId: id,
      path,
      limit: z.number().int().min(1).max(MAX_PREDICT_IMAGES).optional(),
      /** A CSV file's numbers are written with a decimal comma ("0,5"; `--decimal-comma`). */
      decimalComma: z.boolean().optional(),
      encoding,
      /** Columns of the CSV file shown with each row (`kept`), as `exports.savePredictions`'. */
      keepColumns,
      /**
       * The run's input columns the CSV file lacks: refuse the file (default) or impute them,
       * each read as missing in every row (`predict --missing-columns`; answered as
       * `missingColumns`).
       */
      missingColumns,
      /**
       * A CSV file's lines with a wrong number of fields: refuse the file (default, reason
       * CSV_FIELD_COUNT / CSV_FIELD_MISSING with the remedy `{ badLines: 'skip' }`) or skip
       * them (answered as `skippedLines`), as `predict --bad-lines`.
       */
      badLines,
      /**
       * A CSV file's id column, written beside each row (answered as `idColumn`): a header
       * name, null for none; absent: the default (shared/predictIdColumn.ts: a column named
       * "id", else one the run's dataset imported as an identifier).
       */
      idColumn,
      /** Images: skip an image that cannot be predicted (listed in `skipped`), or refuse all. */
      onCorrupt,
    }),
  ),
  /**
   * Thumbnails of image files of a folder (paths relative to it, as `exports.predict`
   * answers them), in the order asked; only files with an image extension inside the folder.
   */
  'exports.predictThumbnails': invoke<FileThumbnail[]>()(
    z.strictObject({ path, files: z.array(relativeFile).min(1).max(MAX_PREDICT_THUMBNAILS) }),
  ),
  /**
   * Predicts every row of a CSV file, or every image of a folder, with a run's model and
   * writes them as CSV to `out` (the columns of `mtl-studio predict`). `skippedLines`: the
   * lines with a wrong number of fields `badLines: 'skip'` left out of the whole file (absent
   * when none).
   */
  'exports.savePredictions': invoke<
    WrittenFile & { rows: number; skipped: number; skippedLines?: SkippedLines }
  >()(
    z.strictObject({
      runId: id,
      path,
      out: path,
      allProbs: z.boolean().optional(),
      /** As for `exports.predict`. */
      decimalComma: z.boolean().optional(),
      /** As for `exports.predict`. */
      encoding,
      keepColumns,
      /** As for `exports.predict`. */
      missingColumns,
      /** As for `exports.predict`; the file has no row for a skipped line. */
      badLines,
      /** As for `exports.predict`. */
      idColumn,
      /** As for `exports.predict`; the file holds the predicted images only. */
      onCorrupt,
      overwrite,
    }),
  ),
  /** Writes the project's report as .html or .pdf. */
  'exports.report': invoke<WrittenFile & { format: 'html' | 'pdf' }>()(
    z.strictObject({
      out: path,
      lang: z.enum(['en', 'zh-CN']),
      runIds: z.array(id).max(1000).optional(),
      overwrite,
    }),
  ),
  /** Writes a verified copy of the open project to a new file. */
  'exports.backup': invoke<WrittenFile & { datasets: number; runs: number }>()(
    z.strictObject({ out: path }),
  ),
} as const;
