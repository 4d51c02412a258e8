/** UI strings of error codes and reasons, as the main process reports them. */

/** English. */
export const en = {
  errors: {
    codes: {
      // Shown above the server's message (the detail), which says what is wrong.
      BAD_REQUEST:
        'This cannot be done with what was given: see why below, change it and try again',
      NOT_FOUND: 'Not found',
      CSV_PARSE: 'The CSV file could not be read',
      CSV_ENCODING: 'The file’s text encoding could not be read',
      IMPORT_CANCELLED: 'Import cancelled; nothing was stored.',
      IMAGE_DECODE: 'An image could not be read',
      TASK_INVALID: 'This task cannot be defined',
      SPLIT_INVALID: 'The rows cannot be split into training, validation and test sets',
      TRAINING_FAILED: 'Training failed',
      TRAINING_CANCELLED: 'Training was cancelled.',
      TRAINING_INTERRUPTED:
        'Training was interrupted: the process training it (the studio, or mtl-studio in a terminal) stopped before the run finished. Resume it from its last checkpoint, or restart it to train it again with the same configuration.',
      BACKEND_UNAVAILABLE: 'The compute backend is not available',
      CHECKPOINT_INVALID:
        'The run cannot be resumed from its checkpoint; restart it to train it again from the first epoch',
      STORE: 'The project file could not be read or written',
      DISK_FULL: 'The disk is full',
      PROJECT_BUSY: 'The project file is busy: another program is writing to it',
      PROJECT_CORRUPT: 'The project file is damaged',
      MIGRATION: 'The project file could not be upgraded',
      EXPORT_FAILED: 'The export failed; nothing was written',
      BUNDLE_INVALID:
        'The model bundle is damaged: its files do not fit together, or one was changed since export',
      INTERNAL: 'Something went wrong',
    },
    /** Said before the server's own message where the UI is not in English. */
    serverMessage: 'The studio server’s message (in English):',
    /** A column in an error's place: by name, or by position when the file has no name for it. */
    columnNamed: 'column “{column}”',
    columnNumber: 'column {column}',
    /** The toggle that shows the server's own (English) message under a translated error. */
    moreDetail: 'Details',
    /** An import refused for several unreadable images (errorText.ts; the CLI's wording). */
    imagesUnreadable: {
      headline: '{n} images cannot be read: {files}. Nothing was imported',
      separator: ', ',
      andMore: '{files} and {n} more',
    },
    /** An interrupted run without a checkpoint: only Restart is offered. */
    interruptedNoCheckpoint:
      'Training was interrupted: the process training it (the studio, or mtl-studio in a terminal) stopped before the run finished. It has no checkpoint to resume from (Auto runs save none, nor does a run stopped before its first checkpoint): restart it to train it again with the same configuration.',
    /**
     * An interrupted run whose stop this page heard as the studio went away: whether it has a
     * checkpoint (saved since the page listed it) is unknown until the page reads it again.
     */
    interruptedUnread:
      'Training was interrupted: the studio stopped before the run finished, and this page lost the connection before it could read whether the run has a checkpoint. Once this page is connected to the studio again, it shows here whether the run can be resumed from a checkpoint (Resume) or only restarted.',
    /** The same, naming the last checkpoint this page knew of (a later one may exist). */
    interruptedUnreadLast:
      'Training was interrupted: the studio stopped before the run finished, and this page lost the connection before it could read the run’s latest checkpoint (the last it knew of was after epoch {epoch}; a later one may have been saved). Once this page is connected to the studio again, Resume continues from the latest checkpoint.',
    /** An interrupted fold run: its cross-validation is continued, not the fold alone. */
    interruptedFold:
      'Training was interrupted: the process training it (the studio, or mtl-studio in a terminal) stopped before this fold finished. A fold saves no checkpoint: continue its cross-validation (Continue cross-validation, in its folds panel) to train this fold and the missing ones again; the finished folds are kept.',
    /**
     * What becomes of misread text in a reason text an import and a prediction share
     * (errorText.ts REASON_FATE): `as` fills `{fateAs}` (“would be {fateAs} “Ã©””), `so`
     * fills `{fateSo}` (an invisible control character, “…, {fateSo}; choose …”).
     */
    /**
     * What a file that is not a text table is (reason NOT_A_TABLE's `kind`, from its first
     * bytes: src/main/data/fileSignature.ts), and what to do instead (`advice`).
     */
    fileKinds: {
      png: 'a PNG image',
      jpeg: 'a JPEG image',
      gif: 'a GIF image',
      gzip: 'a gzip-compressed file',
      xlsx: 'an Excel workbook (.xlsx)',
      zip: 'a ZIP archive (or a spreadsheet such as .xlsx or .ods, which is one)',
      xls: 'an Excel 97–2003 workbook (.xls) or another Microsoft Office file',
      pdf: 'a PDF document',
      sqlite: 'an SQLite database',
      mtlproj: 'an MTL Studio project (.mtlproj)',
    },
    /** The image kinds name the import wizard's tab by its own key (a linked message). */
    fileKindAdvice: {
      png: "to import images, choose the import’s tab “@:{'images.source.images'}” and their folder",
      jpeg: "to import images, choose the import’s tab “@:{'images.source.images'}” and their folder",
      gif: "to import images, choose the import’s tab “@:{'images.source.images'}” and their folder",
      gzip: 'decompress it first and import the CSV file inside',
      xlsx: 'save it as CSV from the spreadsheet program (Save As › CSV) and import that file',
      zip: 'for a spreadsheet, save it as CSV from the spreadsheet program (Save As › CSV); for an archive, extract the CSV file from it; then import that file',
      xls: 'save it as CSV from the spreadsheet program (Save As › CSV) and import that file',
      pdf: 'export the table as CSV from the program that made it, and import that file',
      sqlite: 'export the table as CSV and import that file',
      mtlproj: 'it is a project, not a table: open it as a project',
    },
    fates: {
      stored: { as: 'stored as', so: 'and would store it so' },
      read: { as: 'read as', so: 'and the model would read it so' },
    },
    /**
     * Texts of the reasons (src/shared/errors.ts ERROR_REASONS) with their parameters; each
     * replaces the server's English message, in every language.
     */
    reasons: {
      FILE_MISSING: 'The file “{path}” does not exist',
      FOLDER_MISSING: 'The folder “{path}” does not exist',
      NOT_A_FILE: '“{path}” is not a file',
      NOT_A_FOLDER: '“{path}” is a file, not a folder',
      PATH_MISSING: 'Nothing is at “{path}”: no such file or folder',
      FILE_EXISTS: '“{path}” already exists: choose a new file name',
      NO_IMAGES: 'There are no image files in “{path}”',
      IMAGE_PATH_OUTSIDE:
        '“{file}” line {line}, {columnAt}: the image path “{path}” leads outside the manifest’s folder; paths must stay inside it',
      MANIFEST_NO_PATH_COLUMN:
        '“{file}” line {line}: no column holds the image paths (columns are {columns}); choose the path column',
      FOLDER_NAMES_EXCEED_LEVELS:
        'Too many task names for the folders: the images in “{path}” have at most {levels} folder level below it, and {given} names were given ({names}). Give at most one name per level, from the top | Too many task names for the folders: the images in “{path}” have at most {levels} folder levels below it, and {given} names were given ({names}). Give at most one name per level, from the top',
      FOLDER_TASK_NAME_EMPTY:
        'Task names from folders: a name is empty (two commas in a row?); give one name per level, separated by commas',
      FOLDER_TASK_NAME_REPEATED:
        'Task names from folders: “{name}” is given twice; give each level its own name',
      FOLDER_TASK_NAME_RESERVED:
        'Task names from folders: “{name}” is the name of the image column; choose another name',
      MANIFEST_LISTED_TWICE:
        '“{file}”: the image “{path}” is listed twice, on lines {first} and {second}; list each file once',
      IMAGE_UNREADABLE: '“{path}”: {problem}. Nothing was imported',
      PREDICT_IMAGE_UNREADABLE: '“{path}” is not a readable image: {problem}',
      BINARY_FILE:
        '“{file}” looks like a binary file, not text (a NUL byte at offset {offset}); if it is UTF-16 text without a byte-order mark, choose the encoding (e.g. utf-16le)',
      NOT_A_TABLE: '“{file}” is not a CSV or text table: it is {kind}; {advice}.',
      BOM_ENCODING:
        '“{file}” starts with a byte-order mark of {encoding}: choose the encoding {encoding}, or auto',
      UNKNOWN_ENCODING: 'Unknown text encoding “{encoding}”; choose one of {accepted}',
      UNKNOWN_ENCODING_SIMILAR:
        'Unknown text encoding “{encoding}”; did you mean {similar}? The encodings offered are {accepted}',
      UNDECODABLE_TEXT:
        '“{file}” line {line}, {columnAt}: {encoding} cannot decode this text (it would be {fateAs} the replacement character �); choose {suggested} (or Detect) | “{file}” line {line}, {columnAt}: {encoding} cannot decode this text (the first of {count} such places, each {fateAs} the replacement character �); choose {suggested} (or Detect)',
      UTF8_MISREAD:
        '“{file}” line {line}, {columnAt}: this is UTF-8 text, which {encoding} reads as other characters (“{utf8}” would be {fateAs} “{read}”); choose utf-8 (or Detect) | “{file}” line {line}, {columnAt}: this is UTF-8 text, which {encoding} reads as other characters (“{utf8}” would be {fateAs} “{read}”, the first of {count} such characters); choose utf-8 (or Detect)',
      GB_MISREAD:
        '“{file}” line {line}, {columnAt}: this is {suggested} Chinese text, which {encoding} reads as other characters (“{text}” would be {fateAs} “{read}”); choose {suggested} (or Detect) | “{file}” line {line}, {columnAt}: this is {suggested} Chinese text, which {encoding} reads as other characters (“{text}” would be {fateAs} “{read}”, the first word of {count} Chinese characters); choose {suggested} (or Detect)',
      UTF16_BYTE_ORDER:
        '“{file}” looks like {suggested} text without a byte-order mark (its NUL bytes sit where that byte order puts them), so {encoding} would read it as other characters; choose {suggested} (or Detect)',
      NOT_UTF16_TEXT:
        '“{file}” does not look like UTF-16 text (no byte-order mark, and none of the NUL bytes its line breaks and commas would have in UTF-16), so {encoding} would read it as other characters; choose {suggested} (or Detect)',
      C1_CONTROL_TEXT:
        '“{file}” line {line}, {columnAt}: {encoding} reads the byte {byte} as an invisible control character, {fateSo}; choose {suggested} (or Detect)',
      CSV_UNDECODABLE:
        '“{file}” line {line}, {columnAt}: {encoding} cannot decode this text (it would be {fateAs} the replacement character �); choose the file’s encoding, or latin1, which reads every byte',
      CSV_UTF8_MISREAD:
        '“{file}” line {line}, {columnAt}: this is UTF-8 text, which {encoding} reads as other characters (“{utf8}” would be {fateAs} “{read}”); choose utf-8 (or Detect)',
      CSV_UTF8_UNDECODABLE:
        '“{file}” line {line}, {columnAt}: this is UTF-8 text (the file is valid UTF-8 up to here), which {encoding} cannot decode (it would be {fateAs} the replacement character �); choose utf-8 (or Detect)',
      CSV_C1_CONTROL:
        '“{file}” line {line}, {columnAt}: {encoding} reads the byte {byte} as an invisible control character, {fateSo}; choose {suggested}',
      CSV_EMPTY_FILE: '“{file}” is empty (no header and no rows)',
      CSV_NO_ROWS: '“{file}” has a header (line {line}) but no data rows',
      CSV_ALL_LINES_BAD:
        'Every data line of “{file}” has a wrong number of fields: {count} line was skipped (line {first}), so none is left; check the delimiter | Every data line of “{file}” has a wrong number of fields: all {count} were skipped (the first at line {first}), so none is left; check the delimiter',
      CSV_DUPLICATE_COLUMN:
        '“{file}” line {line}: the column name “{column}” appears twice (columns {first} and {second})',
      CSV_FIELD_COUNT:
        '“{file}” line {line}: expected {expected} field, found {found} | “{file}” line {line}: expected {expected} fields, found {found}',
      CSV_FIELD_MISSING:
        '“{file}” line {line}, {columnAt}: expected {expected} field, found {found}; the row ends before this column | “{file}” line {line}, {columnAt}: expected {expected} fields, found {found}; the row ends before this column',
      CSV_NOT_A_NUMBER: '“{file}” line {line}, {columnAt}: “{value}” is not a number',
      CSV_DECIMAL_COMMA:
        '“{file}” line {line}, {columnAt}: “{value}” is written with a decimal comma; tick “Decimal comma (0,5 = 0.5)” and import again',
      CSV_NUMBER_OUT_OF_RANGE:
        '“{file}” line {line}, {columnAt}: “{value}” is not a number within ±3.4028235e38, the 32-bit float range the model computes in',
      CSV_NOT_BOOLEAN: '“{file}” line {line}, {columnAt}: “{value}” is not a yes/no value',
      CSV_UNCLOSED_QUOTE: '“{file}” line {line}: a quoted field is never closed',
      CSV_TEXT_AFTER_QUOTE:
        '“{file}” line {line}, {columnAt}: text follows the closing quote of a field',
      CSV_RECORD_TOO_LONG:
        '“{file}” line {line}: a record is longer than {max} characters, the limit for one record',
      CSV_CELL_TOO_LONG:
        '“{file}” line {line}, {columnAt}: the record is longer than {max} characters, the limit for one record, and passes it inside the quoted cell of this column, which opens on this line',
      CSV_INVALID_UTF8:
        '“{file}” line {line}, {columnAt}: a byte is not UTF-8 although the file is read as UTF-8; choose its encoding (latin1 reads every byte) or fix the byte',
      CSV_TOO_MANY_COLUMNS:
        '“{file}” line {line}: {count} columns; a dataset can have at most {max} columns',
      CSV_COLUMN_NAME_TOO_LONG:
        '“{file}” line {line}: the name of column {position} (“{start}…”) has {length} characters; a column name can have at most {max} characters: shorten it in the header',
      CSV_DELIMITER_NOT_IN_HEADER:
        '“{file}” line {line}: the delimiter {delimiter} does not occur in the header, so it reads as one column; the file looks delimited by {detected}: choose that delimiter, or Detect',
      DATASET_NAME_TAKEN: 'A dataset named “{name}” already exists: choose another name',
      DATASET_NAME_EMPTY: 'The dataset name must not be empty',
      DATASET_MISSING: 'Dataset {id} does not exist (it may have been deleted)',
      COLUMN_MISSING: 'The column “{column}” does not exist in this dataset',
      TOO_MANY_COLUMNS: 'A dataset can have at most {max} columns; this one has {count}',
      COLUMN_IS_TASK_TARGET:
        'The column “{column}” is the target of the task “{task}”: delete the task first',
      TASK_MISSING: 'Task {id} does not exist (it may have been deleted)',
      TASK_NAME_TAKEN: 'A task named “{name}” already exists: choose another name',
      TASK_TARGET_MISSING:
        'The target column “{column}” of the task “{task}” is not a column of this dataset',
      TASK_NEEDS_TWO_CLASSES: 'The task “{task}” needs at least 2 classes',
      TASK_COLUMN_TEXT:
        'Column “{column}” is text; a task needs a categorical column. A column’s type is set at import: import the file again with “{column}” set to categorical in the import’s column types',
      TASK_COLUMN_EMPTY:
        'Column “{column}” has no values (its one row is missing); a task needs a categorical column | Column “{column}” has no values (all {rows} rows are missing); a task needs a categorical column',
      TASK_ONE_CLASS:
        'Column “{column}” has no class; a task needs at least 2 | Column “{column}” has {count} class ({classes}); a task needs at least 2 | Column “{column}” has {count} classes ({classes}); a task needs at least 2',
      TASK_NO_TEST_LABELS:
        'Task “{task}” has no labelled row in the test split ({rows} row in all), so the run could not be scored; add rows or label more of them | Task “{task}” has no labelled row in the test split ({rows} rows in all), so the run could not be scored; add rows or label more of them',
      FINAL_CV_NOT_COMPLETED:
        'Cross-validation #{id} is {status}; a final model is trained after a completed one (continue it first with “Continue cross-validation”)',
      FINAL_CV_OF_AUTO:
        'Cross-validation #{id} evaluated Auto, whose folds each chose their own configuration; train Auto once on the split instead: on a small table it chooses by inner cross-validation, then refits on every non-test row',
      FINAL_MODEL_EXISTS:
        'Cross-validation #{id} already has a final model: run {run}. Its labels have not changed since, so another would be the same model; delete it first to train it again, or use it',
      TASK_NEVER_LABELLED:
        'Task “{task}” has no labelled row at all ({rows} row in all), so the run could not be trained or scored; label some of its rows first (the Label view) | Task “{task}” has no labelled row at all ({rows} rows in all), so the run could not be trained or scored; label some of its rows first (the Label view)',
      TASK_ONE_LABELLED_CLASS:
        'Task “{task}” has labelled rows of one class only (“{className}”, {rows} row): a model learns nothing from them; label rows of its other classes first (the Label view), or leave the task out of the run | Task “{task}” has labelled rows of one class only (“{className}”, {rows} rows): a model learns nothing from them; label rows of its other classes first (the Label view), or leave the task out of the run',
      NO_TASK_TEST_LABELS:
        'No task has a labelled row in the test split ({rows} row in all): too few labelled rows for a test split; cross-validate instead, or label more rows | No task has a labelled row in the test split ({rows} rows in all): too few labelled rows for a test split; cross-validate instead, or label more rows',
      TRUNK_MLP_ON_IMAGES:
        'Dataset “{dataset}” holds images (column “{column}”); train it with the CNN trunk (an MLP trunk reads table columns, not pixels)',
      TRUNK_CNN_ON_TABLE:
        'The CNN trunk needs images, and dataset “{dataset}” is a table (no image column); use the MLP trunk',
      CV_CONTINUE_MLP_ON_IMAGES:
        'Cross-validation #{id} was started with the MLP trunk, which cannot read the images of dataset “{dataset}” (column “{column}”): every fold would fail the same way, so it cannot be continued. Start a new cross-validation with the CNN trunk',
      CV_CONTINUE_CNN_ON_TABLE:
        'Cross-validation #{id} was started with the CNN trunk, and dataset “{dataset}” is a table: every fold would fail the same way, so it cannot be continued. Start a new cross-validation with the MLP trunk',
      TASK_NO_TRAINING_LABELS: 'Task “{task}” has no labelled row in the training split',
      AFFINITY_ONE_TASK:
        'Task affinity relates tasks: it needs at least 2, and dataset “{dataset}” has only one (“{task}”). Add another task in the Tasks view: a categorical column such as {columns}, or a new task you label',
      AFFINITY_ONE_TASK_NO_COLUMN:
        'Task affinity relates tasks: it needs at least 2, and dataset “{dataset}” has only one (“{task}”). Add another task in the Tasks view: a new task you label (no other column can be a task)',
      AFFINITY_ONE_CHOSEN:
        'Task affinity relates tasks: it needs at least 2, and only “{chosen}” is chosen; choose 2 or more of {tasks}',
      AFFINITY_NONE_CHOSEN:
        'Task affinity relates tasks: it needs at least 2, and none is chosen; choose 2 or more of {tasks}',
      KFOLD_TOO_FEW_ROWS:
        'Cross-validation with {folds} folds needs at least {folds} rows; the dataset has {rows}',
      TRAINING_SPLIT_EMPTY: 'The training split has no rows',
      LABEL_TASK_TAKEN:
        'This dataset already has a task “{name}” on that name or column: give the new task another name',
      LABELS_BAD_VALUE:
        'Labels file “{file}” line {line}: “{value}” cannot be a label of task “{task}” (see why below); correct the file; nothing was imported',
      LABELS_UNKNOWN_CLASS:
        'Labels file “{file}” line {line}: “{className}” is not a class of task “{task}” ({classes}). Tick “Add unknown classes” to add it to the task, or correct the file; nothing was imported',
      SPLIT_MISSING: 'Split {id} does not exist',
      SPLIT_EMPTY_PART:
        'This split would have {train} training, {validation} validation and {test} test rows (of {rows} labelled rows): a run on it could never be trained or scored, so it is not made. Too few labelled rows for a fixed split: choose cross-validation under Evaluation (every row is a test row once), give train and test larger shares, or label more rows',
      FOLDS_EXCEED_ROWS:
        'Cross-validation with {k} folds needs at least {k} rows, but the table has {rows}: choose at most {max} folds',
      CV_TOO_FEW_ROWS:
        'Cross-validation needs at least 2 labelled rows (one to test on in each of 2 folds), but the table has {rows}: label more rows',
      CV_AUTO_TOO_FEW_ROWS:
        'Auto cannot be cross-validated here: with {folds} folds of the table’s {rows} rows, a fold leaves {left} beside its test rows, and Auto’s inner split needs at least 2 to choose a configuration on. Choose more folds if the table allows, a fixed configuration instead of Auto, or label more rows; nothing was stored',
      RUN_MISSING: 'Run {id} does not exist (it may have been deleted)',
      RUN_ACTIVE: 'Run {id} is still training: cancel it before deleting it',
      RUN_TRAINED_ELSEWHERE:
        'Run {id} is trained by another process (another studio, or mtl-studio in a terminal): pause or stop it there',
      RUN_NO_MODEL: 'Run {id} has no saved model',
      RUN_NOT_COMPLETED: 'Run {id} is {status}; only a completed run has a model to export',
      AUTO_RESTART_NO_SETTINGS:
        'Run {id} is an Auto run saved by an earlier version without its search budget, so it cannot be restarted as Auto: start Auto again in the Train view',
      IMAGE_MODEL_NEEDS_FOLDER:
        'This run was trained on images: “{file}” is not an image or a folder; choose a folder of images or one image file',
      PREDICT_NO_IMAGES: 'No images found in {path}',
      TABLE_MODEL_NEEDS_CSV: 'This run was trained on a table: choose a CSV file, not a folder',
      PREDICT_ID_COLUMN_CLASH:
        'The id column “{column}” has the name of a column the predictions write (the row number or a task’s column): choose another id column or rename it in the file',
      PREDICT_MISSING_COLUMNS:
        'The model reads {reads}; “{file}” lacks the column {columns}: add it, named as in training, or tick “Impute input columns the file lacks” to read it as missing in every row | The model reads {reads}; “{file}” lacks the {count} columns {columns}: add them, named as in training, or tick “Impute input columns the file lacks” to read them as missing in every row',
      PREDICT_MISSING_COLUMNS_SIMILAR:
        'The model reads {reads}; “{file}” lacks {columns}. Did you mean {similar}? Columns are matched by their exact name: name the file’s columns as in training.',
      PREDICT_NO_INPUT_COLUMNS:
        'No input column of the model is in “{file}”: the model reads the column {reads}; the file’s columns are {header}. Imputing it would predict every row from the training data’s defaults alone: name the file’s column as in training. | No input column of the model is in “{file}”: the model reads {count} columns ({reads}); the file’s columns are {header}. Imputing them all would predict every row from the training data’s defaults alone: name the file’s columns as in training.',
      PREDICT_NO_ID_COLUMN: '“{file}” has no id column “{column}”',
      KEEP_COLUMNS_UNKNOWN:
        '“{file}” has no column {columns} to keep; its columns are {header} | “{file}” has none of the {count} columns {columns} to keep; its columns are {header}',
      KEEP_COLUMNS_UNKNOWN_SIMILAR:
        '“{file}” has no column {columns} to keep. Did you mean {similar}? Columns are matched by their exact name | “{file}” has none of the {count} columns {columns} to keep. Did you mean {similar}? Columns are matched by their exact name',
      KEEP_COLUMN_IS_ID:
        'The column “{column}” is the id column, which the predictions write already: leave it out of the columns to keep',
      KEEP_COLUMN_NAME_TAKEN:
        'The kept column “{column}” has the name of a column the predictions write, and “{name}”, the name it would be kept under, is taken too: leave it out of the columns to keep, or rename it in the file',
      KEEP_COLUMNS_NOT_CSV:
        'Columns can be kept from a CSV file only; “{file}” is a folder of images, which has none',
      PREDICT_AMBIGUOUS_COLUMN:
        '“{file}” names the column “{column}” twice (columns {first} and {second}), and the model reads “{column}”: which of them it means cannot be told. An import reads the first as “{column}” and renames the second “{renamed}”; rename one of them in the file and predict again',
      PREDICT_DATASET_MISSING_COLUMN:
        'Dataset “{dataset}” has no column “{column}”, which the model reads',
      PREDICT_COLUMN_TYPE:
        'Column “{column}” of dataset “{dataset}” is {type}; the model was trained on it as {trained}',
      PREDICT_OUTPUT_COLUMN_CLASH:
        'Two columns of the predictions would be named “{column}”: a task of this model has the name of a column the predictions write; define the task under another name and train again',
      PREDICT_DECIMAL_COMMA:
        '“{file}” line {line}, {columnAt}: “{value}” is written with a decimal comma; tick “Decimal comma (0,5 = 0.5)” and predict again',
      DATASET_IN_TRAINING:
        'Run {id} is training on this dataset: cancel it before deleting the dataset',
      TASK_IN_TRAINING:
        'Run {id} is training task “{task}”: cancel it in the Train view (or stop the terminal that trains it) before removing the task',
      REPORT_FORMAT: 'A report is written as .html or .pdf, not “{file}”',
      OUTPUT_IS_PROJECT:
        '“{path}” is the open project: an export cannot replace the project it comes from; choose another file',
      OUTPUT_IS_INPUT:
        '“{path}” is the file being predicted: the predictions cannot replace it; choose another file',
      OUTPUT_IS_DATABASE:
        '“{path}” is an SQLite database (an MTL Studio project, whatever its name): an export never replaces one; choose another file',
      OUTPUT_READ_ONLY:
        '“{path}” is read-only, so it is not replaced: choose another file, or make it writable first',
      OUTPUT_EXISTS: '“{path}” already exists',
      NO_PROJECT_OPEN: 'No project is open: open or create one first',
      PROJECT_EXISTS: '“{path}” already exists: open it instead',
      PROJECT_MISSING: 'The project file “{path}” does not exist',
      NOT_A_PROJECT: '“{path}” is not an MTL Studio project',
      PROJECT_NEWER:
        'The project “{path}” was made by a newer MTL Studio (schema version {fileVersion}; this app reads up to {appVersion}): update MTL Studio to open it',
      READ_ONLY_FILE:
        'The project “{path}” is read-only: reading works, nothing can be written into it. Make it writable (file and folder) or copy it to a writable folder to change it',
      READ_ONLY_DAMAGED:
        'The project “{path}” is damaged, so it was opened read-only: recover what can be read into a new file',
      READ_ONLY_NEEDS_UPGRADE:
        'The project “{path}” is read-only and was made by an older MTL Studio: make it writable, or copy it to a writable folder, and open it again',
      TOKEN_REFUSED: 'The studio server no longer accepts this page: open the URL it printed',
      REQUEST_TOO_LARGE: 'The request is larger than the studio server accepts ({limit} bytes)',
      CONNECTION_LOST: 'The connection to the studio server was lost',
    },
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  errors: {
    codes: {
      BAD_REQUEST: '无法按所给的内容执行：原因见下方，请修改后重试',
      NOT_FOUND: '未找到',
      CSV_PARSE: '无法读取 CSV 文件',
      CSV_ENCODING: '无法识别文件的文本编码',
      IMPORT_CANCELLED: '导入已取消，未保存任何内容。',
      IMAGE_DECODE: '无法读取图像',
      TASK_INVALID: '无法定义此任务',
      SPLIT_INVALID: '无法将这些行划分为训练集、验证集和测试集',
      TRAINING_FAILED: '训练失败',
      TRAINING_CANCELLED: '训练已取消。',
      TRAINING_INTERRUPTED:
        '训练被中断：训练它的进程（工作室，或终端中的 mtl-studio）在运行完成前停止了。可以从最后的检查点断点续训，或用相同配置重新开始训练。',
      BACKEND_UNAVAILABLE: '计算后端不可用',
      CHECKPOINT_INVALID: '无法从检查点继续此运行；请重新开始，从第一轮重新训练',
      STORE: '无法读写项目文件',
      DISK_FULL: '磁盘已满',
      PROJECT_BUSY: '项目文件正被其他程序写入',
      PROJECT_CORRUPT: '项目文件已损坏',
      MIGRATION: '无法升级项目文件',
      EXPORT_FAILED: '导出失败，未写入任何文件',
      BUNDLE_INVALID: '模型包已损坏：其中的文件彼此不一致，或导出后有文件被更改',
      INTERNAL: '出现错误',
    },
    serverMessage: '工作室服务器的原始消息（英文）：',
    columnNamed: '列“{column}”',
    columnNumber: '第 {column} 列',
    moreDetail: '详情',
    imagesUnreadable: {
      headline: '有 {n} 张图像无法读取：{files}。未导入任何内容',
      separator: '、',
      andMore: '{files} 及另外 {n} 张',
    },
    interruptedNoCheckpoint:
      '训练被中断：训练它的进程（工作室，或终端中的 mtl-studio）在运行完成前停止了。此运行没有可续训的检查点（自动搜索运行不保存检查点，在第一个检查点之前停止的运行也没有）：请用相同配置重新开始训练。',
    interruptedUnread:
      '训练被中断：工作室在运行完成前停止了，本页面在读取此运行是否有检查点之前就断开了连接。本页面重新连接到工作室后，会在此显示此运行能否从检查点断点续训，还是只能重新开始。',
    interruptedUnreadLast:
      '训练被中断：工作室在运行完成前停止了，本页面在读取此运行的最新检查点之前就断开了连接（本页面所知的最后一个检查点在第 {epoch} 轮后；之后可能又保存了新的）。本页面重新连接到工作室后，断点续训将从最新的检查点继续。',
    interruptedFold:
      '训练被中断：训练它的进程（工作室，或终端中的 mtl-studio）在这一折完成前停止了。折不保存检查点：请继续其交叉验证（在其各折面板中点击“继续交叉验证”），以重新训练这一折和缺失的折；已完成的折会保留。',
    fileKinds: {
      png: 'PNG 图像',
      jpeg: 'JPEG 图像',
      gif: 'GIF 图像',
      gzip: 'gzip 压缩文件',
      xlsx: 'Excel 工作簿（.xlsx）',
      zip: 'ZIP 压缩包（.xlsx、.ods 等电子表格也是 ZIP 文件）',
      xls: 'Excel 97–2003 工作簿（.xls）或其他 Microsoft Office 文件',
      pdf: 'PDF 文档',
      sqlite: 'SQLite 数据库',
      mtlproj: 'MTL Studio 项目（.mtlproj）',
    },
    fileKindAdvice: {
      png: "要导入图像，请在导入中选择“@:{'images.source.images'}”标签页并选择其所在文件夹",
      jpeg: "要导入图像，请在导入中选择“@:{'images.source.images'}”标签页并选择其所在文件夹",
      gif: "要导入图像，请在导入中选择“@:{'images.source.images'}”标签页并选择其所在文件夹",
      gzip: '请先解压，再导入其中的 CSV 文件',
      xlsx: '请在电子表格程序中将其另存为 CSV（另存为 › CSV），再导入该文件',
      zip: '如果是电子表格，请在电子表格程序中将其另存为 CSV（另存为 › CSV）；如果是压缩包，请从中解压出 CSV 文件；然后导入该文件',
      xls: '请在电子表格程序中将其另存为 CSV（另存为 › CSV），再导入该文件',
      pdf: '请在生成它的程序中将表格导出为 CSV，再导入该文件',
      sqlite: '请将表格导出为 CSV，再导入该文件',
      mtlproj: '它是项目而不是表格：请将其作为项目打开',
    },
    fates: {
      stored: { as: '存为', so: '并这样存储' },
      read: { as: '读成', so: '，模型会这样读取' },
    },
    reasons: {
      FILE_MISSING: '文件“{path}”不存在',
      FOLDER_MISSING: '文件夹“{path}”不存在',
      NOT_A_FILE: '“{path}”不是文件',
      NOT_A_FOLDER: '“{path}”是文件，不是文件夹',
      PATH_MISSING: '“{path}”不存在：没有这个文件或文件夹',
      FILE_EXISTS: '“{path}”已存在：请换一个文件名',
      NO_IMAGES: '“{path}”中没有图像文件',
      IMAGE_PATH_OUTSIDE:
        '“{file}”第 {line} 行，{columnAt}：图像路径“{path}”指向清单所在文件夹之外；路径必须留在该文件夹内',
      MANIFEST_NO_PATH_COLUMN:
        '“{file}”第 {line} 行：找不到图像路径列（列为 {columns}）；请选择路径列',
      FOLDER_NAMES_EXCEED_LEVELS:
        '“{path}”中的图像只有 {levels} 层文件夹，却给了 {given} 个任务名（{names}）：每层最多一个名称，从顶层开始',
      FOLDER_TASK_NAME_EMPTY:
        '文件夹任务名：有一个名称为空（连续两个逗号？）；请为每层给一个名称，用逗号分隔',
      FOLDER_TASK_NAME_REPEATED: '文件夹任务名：“{name}”给了两次；请为每层取不同的名称',
      FOLDER_TASK_NAME_RESERVED: '文件夹任务名：“{name}”是图像列的名称；请换一个名称',
      MANIFEST_LISTED_TWICE:
        '“{file}”：图像“{path}”被列出两次，分别在第 {first} 行和第 {second} 行；每个文件只能列出一次',
      IMAGE_UNREADABLE: '“{path}”：{problem}。未导入任何内容',
      PREDICT_IMAGE_UNREADABLE: '“{path}”不是可读取的图像：{problem}',
      BINARY_FILE:
        '“{file}”看起来是二进制文件，而不是文本（第 {offset} 字节为 NUL）；如果它是没有字节顺序标记的 UTF-16 文本，请选择编码',
      NOT_A_TABLE: '“{file}”不是 CSV 或文本表格：它是 {kind}；{advice}。',
      BOM_ENCODING: '“{file}”以 {encoding} 的字节顺序标记开头：请选择编码 {encoding}，或自动检测',
      UNKNOWN_ENCODING: '未知的文本编码“{encoding}”；请从以下编码中选择：{accepted}',
      UNKNOWN_ENCODING_SIMILAR:
        '未知的文本编码“{encoding}”；是否想用 {similar}？可选的编码有：{accepted}',
      UNDECODABLE_TEXT:
        '“{file}”第 {line} 行，{columnAt}：{encoding} 无法解码这段文字（{count} 个字符会被{fateAs}替换字符 �，第一个在此处）；请选择 {suggested}（或自动检测）',
      UTF8_MISREAD:
        '“{file}”第 {line} 行，{columnAt}：这是 UTF-8 文本，{encoding} 会把它读成别的字符（“{utf8}”会被{fateAs}“{read}”，共 {count} 个这样的字符，第一个在此处）；请选择 utf-8（或自动检测）',
      GB_MISREAD:
        '“{file}”第 {line} 行，{columnAt}：这是 {suggested} 中文文本，{encoding} 会把它读成别的字符（“{text}”会被{fateAs}“{read}”，共 {count} 个汉字，第一个词在此处）；请选择 {suggested}（或自动检测）',
      UTF16_BYTE_ORDER:
        '“{file}”看起来是没有字节顺序标记的 {suggested} 文本（NUL 字节位于该字节序所在的位置），{encoding} 会把它读成别的字符；请选择 {suggested}（或自动检测）',
      NOT_UTF16_TEXT:
        '“{file}”看起来不是 UTF-16 文本（没有字节顺序标记，也没有 UTF-16 文本的换行符和逗号必有的 NUL 字节），{encoding} 会把它读成别的字符；请选择 {suggested}（或自动检测）',
      C1_CONTROL_TEXT:
        '“{file}”第 {line} 行，{columnAt}：{encoding} 会把字节 {byte} 读成不可见的控制字符{fateSo}；请选择 {suggested}（或自动检测）',
      CSV_UNDECODABLE:
        '“{file}”第 {line} 行，{columnAt}：{encoding} 无法解码这段文字（会被{fateAs}替换字符 �）；请选择文件的实际编码，或可读取任意字节的 latin1',
      CSV_UTF8_MISREAD:
        '“{file}”第 {line} 行，{columnAt}：这是 UTF-8 文本，{encoding} 会把它读成别的字符（“{utf8}”会被{fateAs}“{read}”）；请选择 utf-8（或自动检测）',
      CSV_UTF8_UNDECODABLE:
        '“{file}”第 {line} 行，{columnAt}：这是 UTF-8 文本（文件到此处都是有效的 UTF-8），{encoding} 无法解码（会被{fateAs}替换字符 �）；请选择 utf-8（或自动检测）',
      CSV_C1_CONTROL:
        '“{file}”第 {line} 行，{columnAt}：{encoding} 会把字节 {byte} 读成不可见的控制字符{fateSo}；请选择 {suggested}',
      CSV_EMPTY_FILE: '“{file}”是空文件（没有表头，也没有数据行）',
      CSV_NO_ROWS: '“{file}”有表头（第 {line} 行），但没有数据行',
      CSV_ALL_LINES_BAD:
        '“{file}”的每个数据行字段数都不对：{count} 行全部被跳过（第一行是第 {first} 行），没有剩下的行；请检查分隔符',
      CSV_DUPLICATE_COLUMN:
        '“{file}”第 {line} 行：列名“{column}”出现了两次（第 {first} 列和第 {second} 列）',
      CSV_FIELD_COUNT: '“{file}”第 {line} 行：应有 {expected} 个字段，实际有 {found} 个',
      CSV_FIELD_MISSING:
        '“{file}”第 {line} 行，{columnAt}：应有 {expected} 个字段，实际有 {found} 个；该行在此列之前结束',
      CSV_NOT_A_NUMBER: '“{file}”第 {line} 行，{columnAt}：“{value}”不是数字',
      CSV_DECIMAL_COMMA:
        '“{file}”第 {line} 行，{columnAt}：“{value}”使用小数逗号书写；请勾选“小数逗号（0,5 = 0.5）”后重新导入',
      CSV_NUMBER_OUT_OF_RANGE:
        '“{file}”第 {line} 行，{columnAt}：“{value}”超出 ±3.4028235e38（模型计算所用的 32 位浮点数范围），不能作为数字读取',
      CSV_NOT_BOOLEAN: '“{file}”第 {line} 行，{columnAt}：“{value}”不是是/否值',
      CSV_UNCLOSED_QUOTE: '“{file}”第 {line} 行：带引号的字段没有闭合',
      CSV_TEXT_AFTER_QUOTE: '“{file}”第 {line} 行，{columnAt}：字段的闭合引号之后还有文本',
      CSV_RECORD_TOO_LONG: '“{file}”第 {line} 行：一条记录超过 {max} 个字符，即单条记录的上限',
      CSV_CELL_TOO_LONG:
        '“{file}”第 {line} 行，{columnAt}：该记录超过 {max} 个字符，即单条记录的上限；超出发生在此列从本行开始的带引号单元格内',
      CSV_INVALID_UTF8:
        '“{file}”第 {line} 行，{columnAt}：文件按 UTF-8 读取，但有一个字节不是 UTF-8；请选择文件的编码（latin1 可读取任何字节），或修正该字节',
      CSV_TOO_MANY_COLUMNS: '“{file}”第 {line} 行：共有 {count} 列；一个数据集最多可有 {max} 列',
      CSV_COLUMN_NAME_TOO_LONG:
        '“{file}”第 {line} 行：第 {position} 列的列名（“{start}…”）有 {length} 个字符；列名最多可有 {max} 个字符：请在表头中缩短它',
      CSV_DELIMITER_NOT_IN_HEADER:
        '“{file}”第 {line} 行：表头中没有分隔符 {delimiter}，因此整行被读成一列；该文件看起来以 {detected} 分隔：请选择该分隔符，或选择“自动检测”',
      DATASET_NAME_TAKEN: '已有名为“{name}”的数据集：请换一个名称',
      DATASET_NAME_EMPTY: '数据集名称不能为空',
      DATASET_MISSING: '数据集 {id} 不存在（可能已被删除）',
      COLUMN_MISSING: '此数据集中没有列“{column}”',
      TOO_MANY_COLUMNS: '一个数据集最多可有 {max} 列；此数据有 {count} 列',
      COLUMN_IS_TASK_TARGET: '列“{column}”是任务“{task}”的目标列：请先删除该任务',
      TASK_MISSING: '任务 {id} 不存在（可能已被删除）',
      TASK_NAME_TAKEN: '已有名为“{name}”的任务：请换一个名称',
      TASK_TARGET_MISSING: '任务“{task}”的目标列“{column}”不是此数据集的列',
      TASK_NEEDS_TWO_CLASSES: '任务“{task}”至少需要 2 个类别',
      TASK_COLUMN_TEXT:
        '列“{column}”是文本列；任务需要一个类别列。列的类型在导入时确定：请重新导入该文件，并在导入的列类型中把“{column}”设为类别',
      TASK_COLUMN_EMPTY: '列“{column}”没有任何值（全部 {rows} 行都缺失）；任务需要一个类别列',
      TASK_ONE_CLASS: '列“{column}”只有 {count} 个类别（{classes}）；一个任务至少需要 2 个类别',
      TASK_NO_TEST_LABELS:
        '任务“{task}”在测试集中没有已标注的行（共 {rows} 行），因此无法为此运行评分；请添加行或标注更多行',
      FINAL_CV_NOT_COMPLETED:
        '交叉验证 #{id} 的状态为 {status}；最终模型须在交叉验证完成后训练（请先用“继续交叉验证”完成它）',
      FINAL_CV_OF_AUTO:
        '交叉验证 #{id} 评估的是 Auto，其每一折各自选择了配置；请改为在划分上训练一次 Auto：在小表上它通过内部交叉验证选择配置，再在所有非测试行上重新拟合',
      FINAL_MODEL_EXISTS:
        '交叉验证 #{id} 已有最终模型：运行 {run}。此后标注没有变化，再训练一个也是同一个模型；如需重新训练请先删除它，或直接使用它',
      TASK_NEVER_LABELLED:
        '任务“{task}”没有任何已标注的行（共 {rows} 行），因此无法训练或评分；请先标注它的一些行（标注视图）',
      TASK_ONE_LABELLED_CLASS:
        '任务“{task}”的已标注行只有一个类别（“{className}”，共 {rows} 行）：模型无法从中学到任何东西；请先标注它其他类别的行（标注视图），或在本次训练中不选此任务',
      NO_TASK_TEST_LABELS:
        '没有任何任务在测试集中有已标注的行（共 {rows} 行）：已标注的行太少，无法划分测试集；请改用交叉验证，或标注更多行',
      TRUNK_MLP_ON_IMAGES:
        '数据集“{dataset}”包含图像（列“{column}”）；请用 CNN 主干训练它（MLP 主干读取表格列，而不是像素）',
      TRUNK_CNN_ON_TABLE:
        'CNN 主干需要图像，而数据集“{dataset}”是表格（没有图像列）；请使用 MLP 主干',
      CV_CONTINUE_MLP_ON_IMAGES:
        '交叉验证 #{id} 是用 MLP 主干开始的，它无法读取数据集“{dataset}”的图像（列“{column}”）：每一折都会以同样的方式失败，因此无法继续。请用 CNN 主干开始新的交叉验证',
      CV_CONTINUE_CNN_ON_TABLE:
        '交叉验证 #{id} 是用 CNN 主干开始的，而数据集“{dataset}”是表格：每一折都会以同样的方式失败，因此无法继续。请用 MLP 主干开始新的交叉验证',
      TASK_NO_TRAINING_LABELS: '任务“{task}”在训练集中没有已标注的行',
      AFFINITY_ONE_TASK:
        '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而数据集“{dataset}”只有一个（“{task}”）。请在“任务”视图中再添加一个任务：一个分类列，例如 {columns}，或一个需要您标注的新任务',
      AFFINITY_ONE_TASK_NO_COLUMN:
        '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而数据集“{dataset}”只有一个（“{task}”）。请在“任务”视图中再添加一个需要您标注的新任务（没有其他列可以作为任务）',
      AFFINITY_ONE_CHOSEN:
        '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而只选择了“{chosen}”；请从 {tasks} 中选择 2 个或更多',
      AFFINITY_NONE_CHOSEN:
        '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而一个也未选择；请从 {tasks} 中选择 2 个或更多',
      KFOLD_TOO_FEW_ROWS: '{folds} 折交叉验证至少需要 {folds} 行；此数据集只有 {rows} 行',
      TRAINING_SPLIT_EMPTY: '训练集中没有任何行',
      LABEL_TASK_TAKEN: '此数据集已有任务“{name}”使用了该名称或列：请给新任务换一个名称',
      LABELS_BAD_VALUE:
        '标签文件“{file}”第 {line} 行：“{value}”不能作为任务“{task}”的标签（原因见下方）；请修改该文件；未导入任何内容',
      LABELS_UNKNOWN_CLASS:
        '标签文件“{file}”第 {line} 行：“{className}”不是任务“{task}”的类别（{classes}）。勾选“将未知类别添加到其任务”即可把它添加到任务，或修改该文件；未导入任何内容',
      SPLIT_MISSING: '划分 {id} 不存在',
      SPLIT_EMPTY_PART:
        '此划分将有 {train} 个训练行、{validation} 个验证行和 {test} 个测试行（共 {rows} 个已标注的行）：在它上面的运行无法训练或评分，因此不会创建。已标注的行太少，不适合固定划分：请在“评估方式”中选择交叉验证（每一行都会作为一次测试行），增大训练和测试的比例，或标注更多行',
      FOLDS_EXCEED_ROWS:
        '{k} 折交叉验证至少需要 {k} 行，但该表只有 {rows} 行：请选择不超过 {max} 折',
      CV_TOO_FEW_ROWS:
        '交叉验证至少需要 2 行已标注的数据（2 折中每折各有一行用于测试），但该表只有 {rows} 行：请标注更多行',
      CV_AUTO_TOO_FEW_ROWS:
        '无法对 Auto 进行交叉验证：该表的 {rows} 行分成 {folds} 折时，有一折除测试行外只剩 {left} 行，而 Auto 的内部划分至少需要 2 行才能选择配置。请在表允许时选择更多折，改用固定配置代替 Auto，或标注更多行；未保存任何内容',
      RUN_MISSING: '运行 {id} 不存在（可能已被删除）',
      RUN_ACTIVE: '运行 {id} 仍在训练中：请先取消再删除',
      RUN_TRAINED_ELSEWHERE:
        '运行 {id} 由另一个进程训练（另一个工作室窗口，或终端中的 mtl-studio）：请在那里暂停或停止它',
      RUN_NO_MODEL: '运行 {id} 没有保存的模型',
      RUN_NOT_COMPLETED: '运行 {id} 的状态为“{status}”；只有已完成的运行才有可导出的模型',
      AUTO_RESTART_NO_SETTINGS:
        '运行 {id} 是由早期版本保存的自动模式运行，未记录其搜索时间预算，因此无法以自动模式重新开始：请在训练视图中重新启动自动模式',
      IMAGE_MODEL_NEEDS_FOLDER:
        '此运行是用图像训练的：“{file}”既不是图像也不是文件夹；请选择一个图像文件夹或一个图像文件',
      PREDICT_NO_IMAGES: '在 {path} 中没有找到图像',
      TABLE_MODEL_NEEDS_CSV: '此运行是用表格训练的：请选择一个 CSV 文件，而不是文件夹',
      PREDICT_ID_COLUMN_CLASH:
        'ID 列“{column}”与预测输出的某一列同名（行号或某个任务的列）：请选择另一个 ID 列，或在文件中重命名该列',
      PREDICT_MISSING_COLUMNS:
        '模型读取的列为 {reads}；“{file}”缺少 {count} 列 {columns}：请按训练时的列名补上，或勾选“填补文件缺少的输入列”，将其每行都按缺失值读取',
      PREDICT_MISSING_COLUMNS_SIMILAR:
        '模型读取的列为 {reads}；“{file}”缺少 {columns}。您是否指的是 {similar}？列按名称精确匹配：请在文件中按训练时的列名重命名。',
      PREDICT_NO_INPUT_COLUMNS:
        '“{file}”中没有模型的任何输入列：模型读取 {count} 列（{reads}）；文件的列为 {header}。全部填补会让每一行的预测只依据训练数据的默认值：请按训练时的列名命名文件的列。',
      PREDICT_NO_ID_COLUMN: '“{file}”中没有 ID 列“{column}”',
      KEEP_COLUMNS_UNKNOWN:
        '“{file}”中没有要保留的列：{columns}（共 {count} 个）；它的列为 {header}',
      KEEP_COLUMNS_UNKNOWN_SIMILAR:
        '“{file}”中没有要保留的列：{columns}（共 {count} 个）。您是否指的是 {similar}？列按名称精确匹配',
      KEEP_COLUMN_IS_ID: '列“{column}”是 ID 列，预测结果已经写出它：请不要把它列入要保留的列',
      KEEP_COLUMN_NAME_TAKEN:
        '保留的列“{column}”与预测输出的某一列同名，而它改用的名称“{name}”也已被占用：请不要保留它，或在文件中重命名该列',
      KEEP_COLUMNS_NOT_CSV: '只能从 CSV 文件保留列；“{file}”是图像文件夹，没有列',
      PREDICT_AMBIGUOUS_COLUMN:
        '“{file}”中列名“{column}”出现了两次（第 {first} 列和第 {second} 列），而模型读取“{column}”：无法判断指的是哪一列。导入时第一列读作“{column}”，第二列改名为“{renamed}”；请在文件中重命名其中一列后再预测',
      PREDICT_DATASET_MISSING_COLUMN: '数据集“{dataset}”中没有模型读取的列“{column}”',
      PREDICT_COLUMN_TYPE: '数据集“{dataset}”的列“{column}”是{type}列；模型训练时它是{trained}列',
      PREDICT_OUTPUT_COLUMN_CLASH:
        '预测结果中会有两列都名为“{column}”：此模型的某个任务与预测输出的列同名；请以另一个名称定义该任务后重新训练',
      PREDICT_DECIMAL_COMMA:
        '“{file}”第 {line} 行，{columnAt}：“{value}”使用小数逗号书写；请勾选“小数逗号（0,5 = 0.5）”后重新预测',
      DATASET_IN_TRAINING: '运行 {id} 正在用此数据集训练：请先取消它，再删除数据集',
      TASK_IN_TRAINING:
        '运行 {id} 正在训练任务“{task}”：请先在“训练”页取消它（或停止训练它的终端），再移除该任务',
      REPORT_FORMAT: '报告只能写成 .html 或 .pdf 文件，不能是“{file}”',
      OUTPUT_IS_PROJECT: '“{path}”是当前打开的项目：导出不能覆盖它所来自的项目；请另选一个文件',
      OUTPUT_IS_INPUT: '“{path}”是正在预测的文件：预测结果不能覆盖它；请另选一个文件',
      OUTPUT_IS_DATABASE:
        '“{path}”是一个 SQLite 数据库（无论文件名如何，都可能是 MTL Studio 项目）：导出从不覆盖它；请另选一个文件',
      OUTPUT_READ_ONLY: '“{path}”是只读文件，因此不会被覆盖：请另选一个文件，或先使其可写',
      OUTPUT_EXISTS: '“{path}”已存在',
      NO_PROJECT_OPEN: '没有打开的项目：请先打开或新建一个项目',
      PROJECT_EXISTS: '“{path}”已存在：请直接打开它',
      PROJECT_MISSING: '项目文件“{path}”不存在',
      NOT_A_PROJECT: '“{path}”不是 MTL Studio 项目',
      PROJECT_NEWER:
        '项目“{path}”由更新版本的 MTL Studio 创建（结构版本 {fileVersion}，本程序最高支持 {appVersion}）：请更新 MTL Studio 后再打开',
      READ_ONLY_FILE:
        '项目“{path}”是只读的：可以读取，但无法写入。要修改它，请使文件及其文件夹可写，或将其复制到可写的文件夹',
      READ_ONLY_DAMAGED: '项目“{path}”已损坏，因此以只读方式打开：请将可读取的内容恢复到新文件',
      READ_ONLY_NEEDS_UPGRADE:
        '项目“{path}”是只读的，且由旧版 MTL Studio 创建：请使其可写，或复制到可写的文件夹后重新打开',
      TOKEN_REFUSED: '工作室服务器不再接受此页面：请打开它输出的网址',
      REQUEST_TOO_LARGE: '请求超出了工作室服务器的上限（{limit} 字节）',
      CONNECTION_LOST: '与工作室服务器的连接已断开',
    },
  },
};
