/**
 * Error codes that cross process boundaries (IPC, WebSocket, CLI exit messages).
 * Nothing here imports Node or Electron.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CSV_PARSE'
  | 'CSV_ENCODING'
  | 'IMPORT_CANCELLED'
  | 'IMAGE_DECODE'
  | 'TASK_INVALID'
  | 'SPLIT_INVALID'
  | 'TRAINING_FAILED'
  | 'TRAINING_CANCELLED'
  | 'TRAINING_INTERRUPTED'
  | 'BACKEND_UNAVAILABLE'
  /** A run's checkpoint is missing, damaged or belongs to other data: resume refused (restart works). */
  | 'CHECKPOINT_INVALID'
  | 'STORE'
  /** The disk holding the project is full (SQLITE_FULL, or an I/O error with almost no space left). */
  | 'DISK_FULL'
  /** Another program holds the project's write lock longer than the studio waits (SQLITE_BUSY). */
  | 'PROJECT_BUSY'
  /** The project file is damaged (quick_check, SQLITE_CORRUPT); it is opened read-only. */
  | 'PROJECT_CORRUPT'
  | 'MIGRATION'
  | 'EXPORT_FAILED'
  /**
   * A model bundle whose files disagree (weights size, labels per output, input size), or a
   * file that is missing or differs from the SHA-256 its metadata.json recorded on export.
   */
  | 'BUNDLE_INVALID'
  | 'INTERNAL';

/**
 * Machine-readable reasons of the errors a user meets most, each with the names of its
 * parameters. An error carries one as `details.reason` with `details.params` (see
 * {@link reasonDetails}); the renderer shows the reason's text in the user's language
 * (errors.reasons.<REASON> in src/renderer/src/i18n/errors.ts, en and zh-CN) with the
 * parameters filled in, and falls back to the English `message` for an error without a
 * known reason. `message` stays the precise English text (CLI, logs).
 */
export const ERROR_REASONS = {
  // Files and folders.
  FILE_MISSING: ['path'],
  FOLDER_MISSING: ['path'],
  NOT_A_FILE: ['path'],
  /** A file where an output path needs a folder (`-o afile/b` with afile a file). */
  NOT_A_FOLDER: ['path'],
  PATH_MISSING: ['path'],
  FILE_EXISTS: ['path'],
  NO_IMAGES: ['path'],
  IMAGE_PATH_OUTSIDE: ['file', 'line', 'column', 'path'],
  /** `columns`: the manifest's column names joined by ', ' (details.columns: the array). */
  MANIFEST_NO_PATH_COLUMN: ['file', 'line', 'columns'],
  /** More task names from folders than the images' folder levels; `names` joined by ', '. */
  FOLDER_NAMES_EXCEED_LEVELS: ['path', 'levels', 'given', 'names'],
  FOLDER_TASK_NAME_EMPTY: [],
  FOLDER_TASK_NAME_REPEATED: ['name'],
  /** `name`: 'path', the image column's name. */
  FOLDER_TASK_NAME_RESERVED: ['name'],
  /** The same (normalised) image on lines `first` and `second` of the manifest. */
  MANIFEST_LISTED_TWICE: ['file', 'path', 'first', 'second'],
  /** `problem`: the English reason; details.phrases.problem translates it (ImageProblemKind). */
  IMAGE_UNREADABLE: ['path', 'problem'],
  PREDICT_IMAGE_UNREADABLE: ['path', 'problem'],
  // Reading a CSV file (file: its base name; line: 1-based, counted in the file).
  BINARY_FILE: ['file', 'offset'],
  /**
   * A file whose first bytes are another kind's signature (csvFormat.ts fileKindOf): `kind`,
   * what it is, and `advice`, what to do instead, in English; details.kind names the kind
   * (png, gzip, xlsx …) and details.phrases words both (errors.fileKinds.<kind>,
   * errors.fileKindAdvice.<kind>).
   */
  NOT_A_TABLE: ['file', 'kind', 'advice'],
  /** A file whose byte-order mark names `encoding` (utf-16le …), read with another one. */
  BOM_ENCODING: ['file', 'encoding'],
  /** `accepted`: the wizard's encodings (OFFERED_ENCODING_NAMES) joined by ', '. */
  UNKNOWN_ENCODING: ['encoding', 'accepted'],
  /** As UNKNOWN_ENCODING, with the closest offered names (`similar`, joined by ', '). */
  UNKNOWN_ENCODING_SIMILAR: ['encoding', 'similar', 'accepted'],
  /**
   * A chosen encoding that cannot decode characters of the file (they would be stored as
   * U+FFFD): the first at `line`, `column`; `count` in the part read; `suggested`: the
   * detected encoding, or latin1.
   */
  UNDECODABLE_TEXT: ['file', 'line', 'column', 'encoding', 'count', 'suggested'],
  /** As UNDECODABLE_TEXT, in a file read to predict (read as U+FFFD; nothing is stored). */
  PREDICT_UNDECODABLE_TEXT: ['file', 'line', 'column', 'encoding', 'count', 'suggested'],
  /**
   * A chosen single-byte encoding (or GBK/GB18030, for UTF-8 text implausible as GBK) for
   * UTF-8 text: the first UTF-8 character at `line`, `column` (`utf8`, e.g. é) would be
   * stored as `read` (Ã©; 张 as 寮犱 in GBK); `count` such in the part read.
   */
  UTF8_MISREAD: ['file', 'line', 'column', 'encoding', 'utf8', 'read', 'count'],
  /** As UTF8_MISREAD, in a file read to predict (the text would be read so; nothing is stored). */
  PREDICT_UTF8_MISREAD: ['file', 'line', 'column', 'encoding', 'utf8', 'read', 'count'],
  /**
   * A chosen single-byte encoding or Big5 for GBK/GB18030 Chinese text: the first Chinese
   * word at `line`, `column` (`text`, e.g. 品种, as `suggested` reads it) would be stored as
   * `read` (Æ·ÖÖ in windows-1252); `count` Chinese characters in the part read.
   */
  GB_MISREAD: ['file', 'line', 'column', 'encoding', 'text', 'read', 'suggested', 'count'],
  /** As GB_MISREAD, in a file read to predict. */
  PREDICT_GB_MISREAD: ['file', 'line', 'column', 'encoding', 'text', 'read', 'suggested', 'count'],
  /**
   * A chosen UTF-16 `encoding` for a file with no UTF-16 byte-order mark and no NUL byte in
   * the part read; `suggested`: the detected encoding, or latin1.
   */
  NOT_UTF16_TEXT: ['file', 'encoding', 'suggested'],
  /**
   * A chosen utf-16le or utf-16be `encoding` for a file without a byte-order mark whose NUL
   * bytes sit where the other byte order (`suggested`) puts them.
   */
  UTF16_BYTE_ORDER: ['file', 'encoding', 'suggested'],
  /**
   * A chosen latin1 or iso-8859-9 `encoding` that reads `byte` (e.g. 0x93) at `line`,
   * `column` as an invisible C1 control character, where `suggested` (e.g. windows-1252)
   * reads text.
   */
  C1_CONTROL_TEXT: ['file', 'line', 'column', 'encoding', 'byte', 'suggested'],
  /** As C1_CONTROL_TEXT, in a file read to predict. */
  PREDICT_C1_CONTROL_TEXT: ['file', 'line', 'column', 'encoding', 'byte', 'suggested'],
  CSV_EMPTY_FILE: ['file'],
  CSV_NO_ROWS: ['file', 'line'],
  /**
   * Lines with a wrong number of fields skipped (`--bad-lines skip`) and no data line left:
   * `count` lines skipped, the first at line `first`.
   */
  CSV_ALL_LINES_BAD: ['file', 'count', 'first'],
  CSV_DUPLICATE_COLUMN: ['file', 'line', 'column', 'first', 'second'],
  CSV_FIELD_COUNT: ['file', 'line', 'expected', 'found'],
  CSV_FIELD_MISSING: ['file', 'line', 'column', 'expected', 'found'],
  CSV_NOT_A_NUMBER: ['file', 'line', 'column', 'value'],
  /** A numeric cell written with a decimal comma ("1,5"), imported without the option. */
  CSV_DECIMAL_COMMA: ['file', 'line', 'column', 'value'],
  /** A numeric cell written as a number beyond the 32-bit float range (1e39, -1e308). */
  CSV_NUMBER_OUT_OF_RANGE: ['file', 'line', 'column', 'value'],
  CSV_NOT_BOOLEAN: ['file', 'line', 'column', 'value'],
  CSV_UNCLOSED_QUOTE: ['file', 'line'],
  CSV_TEXT_AFTER_QUOTE: ['file', 'line', 'column'],
  CSV_RECORD_TOO_LONG: ['file', 'line', 'max'],
  CSV_CELL_TOO_LONG: ['file', 'line', 'column', 'max'],
  CSV_INVALID_UTF8: ['file', 'line', 'column'],
  /** A character the chosen `encoding` cannot decode, past the part read to detect it. */
  CSV_UNDECODABLE: ['file', 'line', 'column', 'encoding'],
  /** As CSV_UNDECODABLE, in a file read to predict (csvTable.ts PREDICT_REASONS). */
  PREDICT_CSV_UNDECODABLE: ['file', 'line', 'column', 'encoding'],
  /**
   * A chosen single-byte `encoding` for a file that is UTF-8 text past the part read to
   * detect it: the first UTF-8 character (`utf8`, e.g. ş) at `line`, `column` would be
   * stored as `read` (ÅŸ).
   */
  CSV_UTF8_MISREAD: ['file', 'line', 'column', 'encoding', 'utf8', 'read'],
  /** As CSV_UTF8_MISREAD, in a file read to predict. */
  PREDICT_CSV_UTF8_MISREAD: ['file', 'line', 'column', 'encoding', 'utf8', 'read'],
  /**
   * As CSV_UNDECODABLE, where the file is valid UTF-8 up to that character and `encoding` is
   * a chosen single-byte one: a UTF-8 character, one of whose bytes `encoding` has no
   * character for (windows-1254 9E, the second byte of UTF-8 'Ş').
   */
  CSV_UTF8_UNDECODABLE: ['file', 'line', 'column', 'encoding'],
  /** As CSV_UTF8_UNDECODABLE, in a file read to predict. */
  PREDICT_CSV_UTF8_UNDECODABLE: ['file', 'line', 'column', 'encoding'],
  /**
   * A chosen latin1 or iso-8859-9 `encoding` that reads `byte` (e.g. 0x80) at `line`,
   * `column`, past the part read to detect it, as an invisible C1 control character, where
   * `suggested` (windows-1252, windows-1254) reads text.
   */
  CSV_C1_CONTROL: ['file', 'line', 'column', 'encoding', 'byte', 'suggested'],
  /** As CSV_C1_CONTROL, in a file read to predict. */
  PREDICT_CSV_C1_CONTROL: ['file', 'line', 'column', 'encoding', 'byte', 'suggested'],
  /** A header (or first record) wider than a dataset may be (MAX_DATASET_COLUMNS). */
  CSV_TOO_MANY_COLUMNS: ['file', 'line', 'count', 'max'],
  /**
   * A header name longer than a name may be (MAX_NAME_LENGTH): the column's 1-based
   * `position`, the name's first 40 characters (`start`), its `length` and the limit.
   */
  CSV_COLUMN_NAME_TOO_LONG: ['file', 'line', 'position', 'start', 'length', 'max'],
  /**
   * A file refused when read with a chosen delimiter that does not occur in its header (line
   * `line`), which so reads as one column; `detected`: the delimiter detection finds there
   * (each worded as a message names it: "';'", "tab").
   */
  CSV_DELIMITER_NOT_IN_HEADER: ['file', 'line', 'delimiter', 'detected'],
  // Datasets and their columns.
  DATASET_NAME_TAKEN: ['name'],
  DATASET_NAME_EMPTY: [],
  DATASET_MISSING: ['id'],
  COLUMN_MISSING: ['column'],
  TOO_MANY_COLUMNS: ['max', 'count'],
  COLUMN_IS_TASK_TARGET: ['column', 'task'],
  // Tasks, splits, runs.
  TASK_MISSING: ['id'],
  TASK_NAME_TAKEN: ['name'],
  TASK_TARGET_MISSING: ['column', 'task'],
  TASK_NEEDS_TWO_CLASSES: ['task'],
  /** The target column has no value in any of its `rows` rows. */
  TASK_COLUMN_EMPTY: ['column', 'rows'],
  /** A text column given as a task's target (its type is set at import). */
  TASK_COLUMN_TEXT: ['column'],
  /** The target column holds one class only; `classes`: its name(s), quoted. */
  TASK_ONE_CLASS: ['column', 'count', 'classes'],
  /** A task without a labelled row in the test split of `rows` rows (the run cannot be scored). */
  TASK_NO_TEST_LABELS: ['task', 'rows'],
  /** A task with no labelled row at all among the split's `rows` rows (a --new task never labelled). */
  TASK_NEVER_LABELLED: ['task', 'rows'],
  /**
   * A task whose `rows` labelled rows all carry one class, `className` (classes declared with
   * --classes but not labelled yet): a model of it would learn nothing.
   */
  TASK_ONE_LABELLED_CLASS: ['task', 'className', 'rows'],
  /** A final model asked of cross-validation `id`, which is `status` (not completed). */
  FINAL_CV_NOT_COMPLETED: ['id', 'status'],
  /** A final model asked of cross-validation `id` of Auto (no one configuration to train). */
  FINAL_CV_OF_AUTO: ['id'],
  /** A final model asked of cross-validation `id`, which has one (`run`) on unchanged labels. */
  FINAL_MODEL_EXISTS: ['id', 'run'],
  /** No task has a labelled row in the test split of `rows` rows (too few labelled rows). */
  NO_TASK_TEST_LABELS: ['rows'],
  /**
   * A run or cross-validation with the MLP trunk on `dataset`, which holds images (column
   * `column`): an MLP reads table columns, not pixels; the CNN trunk does.
   */
  TRUNK_MLP_ON_IMAGES: ['dataset', 'column'],
  /** A run or cross-validation with the CNN trunk on `dataset`, a table (no image column). */
  TRUNK_CNN_ON_TABLE: ['dataset'],
  /**
   * Continuing cross-validation `id`, stored with the MLP trunk on images (`dataset`, column
   * `column`): every fold would be refused the same way; a new one with the CNN trunk is needed.
   */
  CV_CONTINUE_MLP_ON_IMAGES: ['id', 'dataset', 'column'],
  /** As CV_CONTINUE_MLP_ON_IMAGES for cross-validation `id` stored with the CNN trunk on a table. */
  CV_CONTINUE_CNN_ON_TABLE: ['id', 'dataset'],
  /** A task without a labelled row in the training split. */
  TASK_NO_TRAINING_LABELS: ['task'],
  /**
   * Task affinity on dataset `dataset`, whose one task is `task`: it relates two or more.
   * `columns`: the categorical columns a second task could predict, the first 5 joined by
   * ', ' (then ', …'); details.candidates lists them all.
   */
  AFFINITY_ONE_TASK: ['dataset', 'task', 'columns'],
  /** As AFFINITY_ONE_TASK, on a dataset with no other categorical column (a task to label). */
  AFFINITY_ONE_TASK_NO_COLUMN: ['dataset', 'task'],
  /**
   * Task affinity asked of fewer than 2 of the dataset's tasks: `chosen`, the one chosen
   * (AFFINITY_ONE_CHOSEN) or none (AFFINITY_NONE_CHOSEN); `tasks`, all of them joined by ', '.
   */
  AFFINITY_ONE_CHOSEN: ['chosen', 'tasks'],
  AFFINITY_NONE_CHOSEN: ['tasks'],
  /** Folds asked of the engine's k-fold assignment for fewer rows than folds. */
  KFOLD_TOO_FEW_ROWS: ['folds', 'rows'],
  TRAINING_SPLIT_EMPTY: [],
  /** A task to label on a new column whose name (or column) a task of the dataset has. */
  LABEL_TASK_TAKEN: ['name'],
  SPLIT_MISSING: ['id'],
  /** A split made with no training or no test row (`train`/`validation`/`test` of `rows`). */
  SPLIT_EMPTY_PART: ['train', 'validation', 'test', 'rows'],
  /** Cross-validation asked for more folds (`k`) than the dataset has rows; `max` folds fit. */
  FOLDS_EXCEED_ROWS: ['k', 'rows', 'max'],
  /** Cross-validation of a dataset with fewer than 2 labelled rows (`rows`). */
  CV_TOO_FEW_ROWS: ['rows'],
  /**
   * Cross-validation of Auto with `folds` folds of `rows` rows: a fold leaves `left` rows
   * beside its test rows, fewer than Auto's inner split needs (2).
   */
  CV_AUTO_TOO_FEW_ROWS: ['folds', 'rows', 'left'],
  RUN_MISSING: ['id'],
  RUN_ACTIVE: ['id'],
  /** Pause / resume / cancel of a run another process trains (RunInfo.trainedElsewhere). */
  RUN_TRAINED_ELSEWHERE: ['id'],
  RUN_NO_MODEL: ['id'],
  /** Export of a run that is not completed; `status` is worded by details.phrases (status.<s>). */
  RUN_NOT_COMPLETED: ['id', 'status'],
  AUTO_RESTART_NO_SETTINGS: ['id'],
  IMAGE_MODEL_NEEDS_FOLDER: ['file'],
  PREDICT_NO_IMAGES: ['path'],
  TABLE_MODEL_NEEDS_CSV: [],
  PREDICT_DECIMAL_COMMA: ['file', 'line', 'column', 'value'],
  PREDICT_ID_COLUMN_CLASH: ['column'],
  /**
   * `columns`: the missing input columns, `reads`: all the model reads, each joined by ', ';
   * `count`: how many are missing (picks the plural).
   */
  PREDICT_MISSING_COLUMNS: ['file', 'columns', 'reads', 'count'],
  PREDICT_MISSING_COLUMNS_SIMILAR: ['file', 'columns', 'reads', 'similar'],
  /**
   * Imputing the missing input columns was asked, but the file has none of them: `count` the
   * model's input columns, `reads` and `header` the first few of the model's and the file's
   * columns, joined by ', ' (ending in '…' when there are more).
   */
  PREDICT_NO_INPUT_COLUMNS: ['file', 'count', 'reads', 'header'],
  PREDICT_NO_ID_COLUMN: ['file', 'column'],
  /**
   * A column the model reads whose name the header writes twice (1-based positions `first`
   * and `second`); `renamed`: the name an import gives the second (`a.1`).
   */
  PREDICT_AMBIGUOUS_COLUMN: ['file', 'column', 'first', 'second', 'renamed'],
  PREDICT_DATASET_MISSING_COLUMN: ['dataset', 'column'],
  /**
   * `type`: the dataset column's type, `trained`: the type the model was trained on
   * (details.phrases words both: types.<type>).
   */
  PREDICT_COLUMN_TYPE: ['dataset', 'column', 'type', 'trained'],
  PREDICT_OUTPUT_COLUMN_CLASH: ['column'],
  /**
   * Columns asked to be kept (`keepColumns`, `predict --keep-columns`) that the file's header
   * lacks: `columns` and `header` quoted and joined by ', ', `count` of them (picks the
   * plural); details.columns: the array.
   */
  KEEP_COLUMNS_UNKNOWN: ['file', 'columns', 'count', 'header'],
  /**
   * As KEEP_COLUMNS_UNKNOWN, with header names that differ from one only in case or
   * surrounding spaces: `similar`, those header names quoted (“Sex”); details.similar: the
   * pairs { column, header }.
   */
  KEEP_COLUMNS_UNKNOWN_SIMILAR: ['file', 'columns', 'count', 'similar'],
  /** A kept column that is the id column, written already. */
  KEEP_COLUMN_IS_ID: ['column'],
  /**
   * A kept column named as a prediction column whose `<name> (input)` (`name`) is taken too.
   */
  KEEP_COLUMN_NAME_TAKEN: ['column', 'name'],
  /** Columns asked to be kept from a folder of images (`file`: its name), which has none. */
  KEEP_COLUMNS_NOT_CSV: ['file'],
  DATASET_IN_TRAINING: ['id'],
  /** A task removed while run `id` (queued or running) trains it. */
  TASK_IN_TRAINING: ['id', 'task'],
  /**
   * A labels file's class its task lacks, imported without adding unknown classes; `classes`:
   * the task's classes, quoted, joined by ', '.
   */
  LABELS_UNKNOWN_CLASS: ['task', 'className', 'classes', 'file', 'line'],
  /** A labels file's value its task's column cannot hold (a yes/no task's "maybe", a word in a numeric one). */
  LABELS_BAD_VALUE: ['task', 'value', 'file', 'line'],
  // Exports.
  REPORT_FORMAT: ['file'],
  /** An export's path is the project it comes from (or its -wal/-shm/-journal file). */
  OUTPUT_IS_PROJECT: ['path'],
  /** An export's path is a file the export reads (the CSV being predicted). */
  OUTPUT_IS_INPUT: ['path'],
  /** An export's path is an existing SQLite database (a project under another name). */
  OUTPUT_IS_DATABASE: ['path'],
  OUTPUT_READ_ONLY: ['path'],
  /** The studio asks before replacing: the request is sent again with `overwrite: true`. */
  OUTPUT_EXISTS: ['path'],
  // Project files.
  NO_PROJECT_OPEN: [],
  PROJECT_EXISTS: ['path'],
  PROJECT_MISSING: ['path'],
  NOT_A_PROJECT: ['path'],
  PROJECT_NEWER: ['path', 'fileVersion', 'appVersion'],
  READ_ONLY_FILE: ['path'],
  READ_ONLY_DAMAGED: ['path'],
  READ_ONLY_NEEDS_UPGRADE: ['path'],
  // The connection to the studio server (raised in the renderer).
  TOKEN_REFUSED: [],
  REQUEST_TOO_LARGE: ['limit'],
  /** The connection closed with requests still unanswered (server stopped or restarting). */
  CONNECTION_LOST: [],
} as const satisfies Record<string, readonly string[]>;

/** A machine-readable error reason (see {@link ERROR_REASONS}). */
export type ErrorReason = keyof typeof ERROR_REASONS;

/** The parameters of a reason, by name (numbers or text, shown as they are). */
export type ReasonParams<R extends ErrorReason> = Record<
  (typeof ERROR_REASONS)[R][number],
  string | number
>;

/**
 * The `details` of an error with a known reason: `{ ...extra, reason, params }`. `extra`
 * keeps fields callers read by name (e.g. path, datasetId, file/line/column).
 */
export function reasonDetails<R extends ErrorReason>(
  reason: R,
  params: ReasonParams<R>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...extra, reason, params };
}

/** Plain, serialisable form of an error, as sent to the renderer. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /**
   * Optional location or field details, e.g. { file, line, column }; for the errors of
   * {@link ERROR_REASONS}, `reason` and `params` too (see {@link reasonDetails}).
   */
  details?: Record<string, unknown>;
}

/**
 * An error the user can act on. `message` says what is wrong and where
 * (file, line, column, value); `code` lets callers branch without parsing text.
 */
export class MtlError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'MtlError';
    this.code = code;
    this.details = details;
  }

  /** Serialisable form for transports. */
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The error of training stopped by the user's (or a caller's) stop: code TRAINING_CANCELLED,
 * message "Training was cancelled." (the renderer words it from the code, en and zh-CN).
 * The one place this error is built, so every layer (trainer epochs, a job's steps, the
 * training worker, auto-select, the service) says the same thing.
 *
 * @param details optional details, e.g. how the training worker ended (`{ code, signal }`).
 * @returns a new MtlError; never throws.
 */
export function trainingCancelledError(details?: Record<string, unknown>): MtlError {
  return new MtlError('TRAINING_CANCELLED', 'Training was cancelled.', details);
}

/**
 * sqlite3 without its compiled part: node-bindings' "Could not locate the bindings file.
 * Tried:\n → …/node_sqlite3.node …" (thrown when the store's module loads, so by whichever
 * command opens a project first) worded as a STORE error that says what is missing and
 * how to rebuild it, naming the first path tried. Recognised by that wording and the
 * `node_sqlite3.node` file name, so another native module's missing bindings stay as they are.
 * @returns the MtlError, or null for any other error (or a non-Error).
 */
export function missingSqliteBinding(err: unknown): MtlError | null {
  if (!(err instanceof Error)) return null;
  const lines = err.message.split('\n');
  if (!lines[0].startsWith('Could not locate the bindings file')) return null;
  const tried = lines.slice(1).map((line) => line.replace(/^\s*→\s*/, '').trim());
  if (!tried.some((path) => path.endsWith('node_sqlite3.node'))) return null;
  return new MtlError(
    'STORE',
    `The SQLite module's native part is missing (sqlite3 found no node_sqlite3.node; first looked for at ${tried[0]}), so no project can be opened: run \`npm rebuild sqlite3\` in the studio’s folder, or reinstall the studio.`,
  );
}

/**
 * Convert anything thrown into an ErrorPayload (unknown errors become INTERNAL; a missing
 * native sqlite3 module becomes STORE, see {@link missingSqliteBinding}).
 */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof MtlError) return err.toPayload();
  const sqlite = missingSqliteBinding(err);
  if (sqlite) return sqlite.toPayload();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
