/** UI strings of the Predict and Export views. */

/** English. */
export const en = {
  predict: {
    title: 'Predict',
    intro:
      'Predict new data with a trained run: a CSV file for a table run (its columns are matched by name and preprocessed as in training), a folder of images (or one image file) for an image run (each decoded as the run’s images were imported).',
    run: 'Run',
    noRuns: 'No completed run yet: train one first (Train).',
    file: 'CSV file',
    folder: 'Folder of images',
    start: 'Predict',
    predicting: 'Predicting…',
    reads: 'The model reads: {columns}',
    shown: 'First {n} rows of the file | First {n} row of the file | First {n} rows of the file',
    shownAll: 'No row in the file | The file’s only row | All {n} rows of the file',
    /** The whole file read with "skip bad lines", {n} (> 0) lines left out. */
    shownAllSkipped:
      '{rows} of {total} rows of the file; {n} lines skipped | {rows} of {total} rows of the file; {n} line skipped | {rows} of {total} rows of the file; {n} lines skipped',
    /** Every line of the file skipped ("skip bad lines"); {n} > 0 of them. */
    shownNoneSkipped:
      'No row of the file: all {n} lines were skipped | No row of the file: its only line was skipped | No row of the file: all {n} lines were skipped',
    more: 'The file has more rows: “Save as CSV” predicts them all.',
    /** Scores against the file's labels (a task's target column in the file). */
    scoresIntro:
      'The file has the labels of a task: the predictions scored against them (a missing label is skipped; one the model does not know counts as wrong).',
    scoresIntroShown:
      'The file has the labels of a task: the predictions of the rows shown scored against them (a missing label is skipped; one the model does not know counts as wrong).',
    scoresTask: 'Task',
    scoresColumn: 'Column',
    scoresRows: 'Labelled rows',
    scoresAccuracy: 'Accuracy',
    scoresMacroF1: 'Macro-F1',
    /** {n} (> 0) rows of task {task} whose label is none of its classes; {labels} the first few. */
    scoresUnknown:
      'Task “{task}”: {n} rows have a label the model does not know ({labels}), counted as wrong. | Task “{task}”: {n} row has a label the model does not know ({labels}), counted as wrong. | Task “{task}”: {n} rows have a label the model does not know ({labels}), counted as wrong.',
    /** Unknown labels equal to a class but for case or spaces; {pairs} of scoresSimilarPair. */
    scoresSimilar: 'Did you mean {pairs}? Labels are matched by their exact text.',
    scoresSimilarPair: '“{known}” for “{label}”',
    /**
     * {n} (> 0) of the {rows} scored rows equal a row the run trained on, for the tasks
     * {tasks} (scoresTrainingTasks: every task with the same counts, named once).
     */
    scoresTrainingRows:
      '{tasks}: {n} of {rows} scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. Score rows it did not see, e.g. the test split of its dataset. | {tasks}: {n} of {rows} scored rows is a row this model was trained on (its inputs equal a training row’s): these scores are optimistic. Score rows it did not see, e.g. the test split of its dataset. | {tasks}: {n} of {rows} scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. Score rows it did not see, e.g. the test split of its dataset.',
    /** The same for a model trained on every labelled row (a final model: no test split). */
    scoresTrainingRowsFinal:
      '{tasks}: {n} of {rows} scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. It trained on every labelled row of its dataset: its cross-validation estimate is the held-out score. | {tasks}: {n} of {rows} scored rows is a row this model was trained on (its inputs equal a training row’s): these scores are optimistic. It trained on every labelled row of its dataset: its cross-validation estimate is the held-out score. | {tasks}: {n} of {rows} scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. It trained on every labelled row of its dataset: its cross-validation estimate is the held-out score.',
    /** The tasks of a training-rows caveat: {tasks} of scoresTrainingTask, plural by their count. */
    scoresTrainingTasks: 'Task {tasks} | Tasks {tasks}',
    scoresTrainingTask: '“{task}”',
    renamed:
      'The header repeats a column name; the later column is read under the name an import gives it: {columns}',
    renamedColumn: '“{original}” (column {column}, as column {first}) → “{name}”',
    unseenSimilar: 'Did you mean {pairs}? Categories are matched by their exact text.',
    unseenSimilarPair: '“{category}” for “{value}”',
    listSeparator: ', ',
    /** Between two sentences of one warning (none in Chinese, whose 。 ends a sentence). */
    sentenceSeparator: ' ',
    unseen:
      'Column “{column}”: {rows} row has a value the model never saw in training ({values}); it is predicted as an unknown category (none of the {known} it knows). | Column “{column}”: {rows} rows have values the model never saw in training ({values}); they are predicted as an unknown category (none of the {known} it knows).',
    /**
     * A numeric input column with {rows} (> 0) values far outside its training range; {list}
     * the first few of those rows' numbers (1-based data rows, as the table's), "…" for more.
     */
    farOutsideRange:
      'Column “{column}”: {rows} row (row {list}) lies far outside the training range {min}–{max} ({extreme}): its prediction is an extrapolation, however confident. | Column “{column}”: {rows} rows (rows {list}) lie far outside the training range {min}–{max} ({extreme}): their predictions are extrapolations, however confident.',
    /** The same for a run trained before the range was kept: the training mean and std. */
    farOutsideSpread:
      'Column “{column}”: {rows} row (row {list}) lies far outside the training data, more than 10 standard deviations from its mean {mean} (std {std}; {extreme}): its prediction is an extrapolation, however confident. | Column “{column}”: {rows} rows (rows {list}) lie far outside the training data, more than 10 standard deviations from its mean {mean} (std {std}; {extreme}): their predictions are extrapolations, however confident.',
    /** The ⚠ tooltip of a table row with such a value; {columns} the columns. */
    farOutsideRow:
      'Column {columns}: this row’s value lies far outside the training data, so its prediction is an extrapolation. | Columns {columns}: this row’s values lie far outside the training data, so its prediction is an extrapolation.',
    farOutsideLargest: 'largest {value}',
    farOutsideSmallest: 'smallest {value}',
    imputeMissing: 'Impute input columns the file lacks (read as missing in every row)',
    skippedLines:
      'Skipped {n} line with a wrong number of fields (line {lines}); it has no row in the predictions. | Skipped {n} lines with a wrong number of fields (lines {lines}); they have no row in the predictions.',
    skippedLinesMore: '“Save as CSV” reads the whole file and may skip more.',
    formulaCells:
      "{count} cell of the predictions would run as a formula in a spreadsheet (it starts with = + - {'@'}, a tab or a carriage return): {cells}. It is written as the data has it: open the predictions in a spreadsheet as text, or clean it first. | {count} cells of the predictions would run as formulas in a spreadsheet (they start with = + - {'@'}, a tab or a carriage return): {cells}. They are written as the data has them: open the predictions in a spreadsheet as text, or clean these cells first.",
    /** A predicted class name {label} of task {task} that starts with {first} (= + - @ …). */
    formulaClass:
      'Class “{label}” of task “{task}” starts with “{first}”: a spreadsheet would run it as a formula in every row predicted as it. Predictions write class names unescaped: open them in a spreadsheet as text, or rename the class in the data and train again.',
    formulaCell: 'column “{column}”, row {row}: “{value}”',
    formulaCellLine: 'column “{column}”, row {row} (line {line}): “{value}”',
    formulaHeaderCell: 'the header’s “{value}”',
    /** After the cells named, the others counted (ending before the sentence's full stop). */
    formulaCellsMore: 'and {n} more | and {n} more | and {n} more',
    formulaCellsSeparator: '; ',
    pointDot:
      'Column “{column}” was imported with a decimal comma before a dot before three digits was read as grouping thousands: the model learned “1.000” there as 1 (a decimal point), so this prediction reads such cells so too (other numbers as the decimal comma reads them). To read them as 1000, import the data again with a decimal comma and train a new model.',
    imputedColumns:
      'The file lacks the input column {columns}: it is read as missing in every row, and the model imputes it as a missing value; the predictions rest on the other columns. | The file lacks the input columns {columns}: they are read as missing in every row, and the model imputes them as missing values; the predictions rest on the other columns.',
    unseenCapped:
      'Column “{column}”: {rows} row has a value not among the {known} categories the model keeps ({values}); it keeps the {known} most frequent in training and reads rarer ones, like unseen ones, as other (none of the {known}). | Column “{column}”: {rows} rows have values not among the {known} categories the model keeps ({values}); it keeps the {known} most frequent in training and reads rarer ones, like unseen ones, as other (none of the {known}).',
    allInputsMissing:
      '{n} row shown has every input missing (marked ⚠): its prediction rests on the training data’s defaults, not on the row. | {n} rows shown have every input missing (marked ⚠): their predictions rest on the training data’s defaults, not on the rows.',
    allInputsMissingRow:
      'Every input is missing in this row: its prediction rests on the training data’s defaults.',
    mostInputsMissing:
      '{n} row shown has more than half of the model’s {inputs} inputs missing (row {rows}): the model filled them in with its imputation, so its prediction rests mostly on the training data’s defaults (column inputs_missing counts them). | {n} rows shown have more than half of the model’s {inputs} inputs missing (rows {rows}): the model filled them in with its imputation, so their predictions rest mostly on the training data’s defaults (column inputs_missing counts them).',
    mostInputsMissingMore: ' and {n} more | and {n} more',
    imagesShown: '{n} images predicted | {n} image predicted | {n} images predicted',
    imagesMore: 'The folder holds {files} images: “Save as CSV” predicts them all.',
    imagesShownSkipped:
      '{predicted} of the folder’s {files} images predicted; {skipped} cannot be read and are skipped, by “Save as CSV” too. | {predicted} of the folder’s {files} images predicted; {skipped} cannot be read and is skipped, by “Save as CSV” too. | {predicted} of the folder’s {files} images predicted; {skipped} cannot be read and are skipped, by “Save as CSV” too.',
    imagesMoreSkipped:
      'The folder holds {files} images; of the {read} read here, {skipped} cannot be read: “Save as CSV” predicts every readable image of the folder and skips the others.',
    decoded: 'Each image is read as in training: {width} × {height} px, {colour}.',
    colours: { grey: 'grey', rgb: 'colour (RGB)' },
    sortHint: 'Click a task’s heading to sort by its confidence.',
    /** Tooltip of a prediction's confidence bar. */
    confidence: 'Confidence: the probability the model gives the predicted class',
    image: 'Image',
    path: 'File',
    row: 'Row',
    id: 'Id',
    /** The file's column written beside each row's predictions, to match them to its rows. */
    idColumn: 'Id column (written beside each row’s predictions)',
    idColumnNone: 'None: rows are told apart by their number only',
    saveTitle: 'Save as CSV',
    saveTo: 'Predictions file',
    allProbs: 'Every class’s probability',
    keepColumns: 'Columns of the file to keep',
    keepColumnsHint:
      'Copied as they are into the saved CSV, after the row and id and before the predictions (Ctrl or ⌘ picks several); Predict again to see them in the table.',
    keepAll: 'Every column of the file (the id column, when chosen, is written anyway)',
    /** Above the list of the file's columns, apart from keepAll (a column may be named "All"). */
    keepSome: 'Or only these columns:',
    decimalComma: 'Decimal comma (0,5 = 0.5)',
    encoding: 'Encoding',
    encodingAsDataset: 'As the run’s dataset was imported ({encoding})',
    encodingNotes: {
      trainingEncoding: 'Read as {encoding}, the encoding the run’s dataset was imported with.',
      notTrainingEncoding:
        'This file is {encoding} text (a byte-order mark, or valid UTF-8): read as {encoding}, not as {training}, the encoding the run’s dataset was imported with.',
      contradicted:
        'This file looks like {encoding}; read as {read} its text is probably garbled. Choose {encoding}, or “Detect”.',
      mixed:
        'This file mixes two encodings: it holds UTF-8 characters, but line {line} is not UTF-8. Read as {read}, its UTF-8 characters are garbled: fix the file, or choose an encoding.',
    },
    save: 'Save as CSV',
    saved:
      'Saved {rows} predictions to {path}. | Saved {rows} prediction to {path}. | Saved {rows} predictions to {path}.',
    skipCorrupt: 'Skip images that cannot be read (listed), instead of stopping at the first',
    skippedTitle: '{n} images skipped: | {n} image skipped: | {n} images skipped:',
    skippedItem: '{path}: {problem}',
    savedSkipped:
      'Saved {rows} predictions to {path}; {skipped} unreadable image skipped. | Saved {rows} predictions to {path}; {skipped} unreadable images skipped.',
  },
  runSelect: {
    runs: 'Runs',
    folds: 'Cross-validation folds (each trained on part of the rows)',
    fold: 'fold {fold}/{k} of cross-validation {cv} — trained on {part} of the rows',
    foldRepeat:
      'fold {fold}/{k} (repeat {repeat}/{repeats}) of cross-validation {cv} — trained on {part} of the rows',
    foldUnknown: 'fold {fold} of cross-validation {cv} — trained on part of the rows',
    chosenFold:
      'This run is one fold of cross-validation {cv}: its model was trained on part of the rows, and no fold model saw all of them. For a model of the whole training split, train the configuration once on the fixed split (Train → Evaluation: Fixed split; or {command}) and use that run; or train the cross-validation’s final model on all labelled rows (Train → its folds → Train the final model on all labelled rows).',
    onlyFolds:
      'Only folds of a cross-validation have completed: each model was trained on part of the rows, and none saw all of them. For a model of the whole training split, train the configuration once on the fixed split (Train → Evaluation: Fixed split; or {command}) and use that run; or train the cross-validation’s final model on all labelled rows (Train → its folds → Train the final model on all labelled rows).',
  },
  export: {
    title: 'Export',
    modelTitle: 'Model bundle (TensorFlow.js)',
    modelIntro:
      'A folder (or .zip) with model.json + weights.bin for tf.loadLayersModel, metadata.json, preprocess.js and a README: any TensorFlow.js page or Node script can predict with it. It is checked on the run’s test rows before it is written.',
    run: 'Run',
    noRuns: 'No completed run yet: train one first (Train).',
    bundlePath: 'Bundle folder or .zip',
    exportModel: 'Export model',
    exported: 'Wrote {path}: verified on {rows} test rows (largest difference {diff}).',
    exportedTraining:
      'Wrote {path}: verified on {rows} rows it trained on (a final model has no test rows; largest difference {diff}).',
    reportTitle: 'Report',
    reportIntro:
      'Dataset summary, tasks and class balance, each run’s configuration, per-task metrics, Δm, learning curves and confusion matrices: one self-contained HTML file, or a PDF.',
    language: 'Language',
    reportPath: 'Report file (.html or .pdf)',
    exportReport: 'Export report',
    reportDone: 'Wrote {path}.',
    copyTitle: 'Save a copy',
    copyIntro:
      'A consistent copy of the open project (even while it trains), verified by opening it.',
    copyPath: 'New project file',
    saveCopy: 'Save a copy',
    copyDone: 'Wrote {path} and verified it (datasets: {datasets}, runs: {runs}).',
    working: 'Working…',
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  predict: {
    title: '预测',
    intro:
      '用训练好的运行预测新数据：表格运行读取 CSV 文件（列按名称匹配，并按训练时的方式预处理），图像运行读取图像文件夹或单个图像文件（每张图像按该运行的图像导入方式解码）。',
    run: '运行',
    noRuns: '还没有完成的运行：请先到“训练”页训练一个。',
    file: 'CSV 文件',
    folder: '图像文件夹',
    start: '预测',
    predicting: '正在预测…',
    reads: '模型读取的列：{columns}',
    shown: '文件的前 {n} 行',
    shownAll: '文件的全部 {n} 行',
    shownAllSkipped: '文件 {total} 行中的 {rows} 行；跳过了 {n} 行',
    shownNoneSkipped: '文件中没有可预测的行：全部 {n} 行都被跳过',
    more: '文件还有更多行：“保存为 CSV”会预测全部行。',
    scoresIntro:
      '文件含有任务的标签：预测结果已与之对照评分（缺失的标签跳过；模型不认识的标签计为错误）。',
    scoresIntroShown:
      '文件含有任务的标签：所示各行的预测结果已与之对照评分（缺失的标签跳过；模型不认识的标签计为错误）。',
    scoresTask: '任务',
    scoresColumn: '列',
    scoresRows: '有标签的行',
    scoresAccuracy: '准确率',
    scoresMacroF1: '宏 F1',
    scoresUnknown: '任务“{task}”：{n} 行的标签模型不认识（{labels}），计为错误。',
    scoresSimilar: '是否应为{pairs}？标签按其确切文字匹配。',
    scoresSimilarPair: '“{known}”（而非“{label}”）',
    scoresTrainingRows:
      '{tasks}：评分的 {rows} 行中有 {n} 行是该模型训练过的行（输入与某个训练行相同），这些分数偏乐观。请对模型没见过的行评分，例如其数据集的测试集。',
    scoresTrainingRowsFinal:
      '{tasks}：评分的 {rows} 行中有 {n} 行是该模型训练过的行（输入与某个训练行相同），这些分数偏乐观。该模型用其数据集的全部有标签行训练：交叉验证的估计才是留出数据上的分数。',
    scoresTrainingTasks: '任务{tasks}',
    scoresTrainingTask: '“{task}”',
    renamed: '表头中有重复的列名；后一列按导入时给它的名称读取：{columns}',
    renamedColumn: '“{original}”（第 {column} 列，与第 {first} 列同名）→“{name}”',
    unseenSimilar: '是否应为{pairs}？类别按其确切文字匹配。',
    unseenSimilarPair: '“{category}”（而非“{value}”）',
    listSeparator: '、',
    sentenceSeparator: '',
    unseen:
      '列“{column}”：{rows} 行的取值在训练中从未出现（{values}），按未知类别预测（不属于模型已知的 {known} 个类别）。',
    farOutsideRange:
      '列“{column}”：{rows} 行（第 {list} 行）的值远超出训练范围 {min}–{max}（{extreme}）：这类行的预测是外推，无论置信度多高。',
    farOutsideSpread:
      '列“{column}”：{rows} 行（第 {list} 行）的值远离训练数据，与训练均值 {mean} 相差超过 10 个标准差（标准差 {std}；{extreme}）：这类行的预测是外推，无论置信度多高。',
    farOutsideRow: '列 {columns}：此行的值远超出训练数据，其预测是外推。',
    farOutsideLargest: '最大值 {value}',
    farOutsideSmallest: '最小值 {value}',
    imputeMissing: '填补文件缺少的输入列（每行都按缺失值读取）',
    skippedLines: '跳过了 {n} 行字段数不对的行（第 {lines} 行），它们不在预测结果中。',
    skippedLinesMore: '“保存为 CSV”会读取整个文件，可能跳过更多行。',
    formulaCells:
      "预测结果中有 {count} 个单元格会被电子表格当作公式执行（以 = + - {'@'}、制表符或回车符开头）：{cells}。它们按数据原样写出：请在电子表格中以文本方式打开预测结果，或先清理这些单元格。",
    formulaClass:
      '任务“{task}”的类别“{label}”以“{first}”开头：电子表格会把预测为该类别的每一行中的它当作公式执行。预测结果按原样写出类别名，不做转义：请在电子表格中以文本方式打开预测结果，或在数据中重命名该类别后重新训练。',
    formulaCell: '列“{column}”第 {row} 行：“{value}”',
    formulaCellLine: '列“{column}”第 {row} 行（文件第 {line} 行）：“{value}”',
    formulaHeaderCell: '表头中的“{value}”',
    formulaCellsMore: '另有 {n} 个',
    formulaCellsSeparator: '；',
    pointDot:
      '列“{column}”是在“点号后跟三位数字按千位分隔读取”之前以小数逗号导入的：模型在该列把“1.000”学成了 1（小数点），因此本次预测也这样读取这类单元格（其他数字按小数逗号读取）。若要读作 1000，请以小数逗号重新导入数据并训练新模型。',
    imputedColumns:
      '文件缺少输入列 {columns}：每行都按缺失值读取，由模型按缺失值填补；预测仅依据其余各列。',
    unseenCapped:
      '列“{column}”：{rows} 行的取值不在模型保留的 {known} 个类别中（{values}）；模型只保留训练中最常见的 {known} 个类别，较少见的取值与未见过的取值一样按“其他”处理（不属于这 {known} 个类别）。',
    allInputsMissing:
      '所示行中有 {n} 行的全部输入均缺失（标有 ⚠）：其预测仅依据训练数据的默认值，而非该行本身。',
    allInputsMissingRow: '此行的全部输入均缺失：其预测仅依据训练数据的默认值。',
    mostInputsMissing:
      '所示行中有 {n} 行缺失模型 {inputs} 个输入中的一半以上（第 {rows} 行）：模型用插补值填补了这些输入，其预测主要依据训练数据的默认值（inputs_missing 列给出每行缺失的输入数）。',
    mostInputsMissingMore: ' 等另外 {n} 行',
    imagesShown: '已预测 {n} 张图像',
    imagesMore: '该文件夹共有 {files} 张图像：“保存为 CSV”会预测全部图像。',
    imagesShownSkipped:
      '已预测该文件夹 {files} 张图像中的 {predicted} 张；{skipped} 张无法读取，已跳过（“保存为 CSV”同样跳过）。',
    imagesMoreSkipped:
      '该文件夹共有 {files} 张图像；此处读取的 {read} 张中有 {skipped} 张无法读取：“保存为 CSV”会预测文件夹中所有可读取的图像，并跳过其余图像。',
    decoded: '每张图像按训练时的方式读取：{width} × {height} 像素，{colour}。',
    colours: { grey: '灰度', rgb: '彩色（RGB）' },
    sortHint: '点击任务标题可按其置信度排序。',
    confidence: '置信度：模型给出的预测类别的概率',
    image: '图像',
    path: '文件',
    row: '行',
    id: 'ID',
    idColumn: 'ID 列（写在每行预测旁）',
    idColumnNone: '无：各行只以行号区分',
    saveTitle: '保存为 CSV',
    saveTo: '预测结果文件',
    allProbs: '每个类别的概率',
    keepColumns: '要保留的文件列',
    keepColumnsHint:
      '按原样复制到保存的 CSV 中，位于行号和 ID 之后、预测之前（按住 Ctrl 或 ⌘ 可多选）；再次预测即可在表中看到它们。',
    keepAll: '文件的每一列（若已选 ID 列，它总会写出）',
    keepSome: '或只保留这些列：',
    decimalComma: '小数逗号（0,5 = 0.5）',
    encoding: '编码',
    encodingAsDataset: '与该运行的数据集导入时相同（{encoding}）',
    encodingNotes: {
      trainingEncoding: '按 {encoding} 读取，即该运行的数据集导入时的编码。',
      notTrainingEncoding:
        '此文件是 {encoding} 文本（有字节顺序标记，或是有效的 UTF-8）：按 {encoding} 读取，而不是按该运行的数据集导入时的编码 {training}。',
      contradicted:
        '此文件看起来是 {encoding}；按 {read} 读取，文字很可能是乱码。请选择 {encoding} 或“自动检测”。',
      mixed:
        '此文件混用了两种编码：其中有 UTF-8 字符，但第 {line} 行不是 UTF-8。按 {read} 读取时 UTF-8 字符会成为乱码：请修正文件，或选择编码。',
    },
    save: '保存为 CSV',
    saved: '已将 {rows} 行预测保存到 {path}。',
    skipCorrupt: '跳过无法读取的图像（并列出），而不是在第一张处停止',
    skippedTitle: '跳过了 {n} 张图像：',
    skippedItem: '{path}：{problem}',
    savedSkipped: '已将 {rows} 行预测保存到 {path}；跳过了 {skipped} 张无法读取的图像。',
  },
  runSelect: {
    runs: '运行',
    folds: '交叉验证的各折（每个只用部分行训练）',
    fold: '交叉验证 {cv} 的第 {fold}/{k} 折 — 用 {part} 的行训练',
    foldRepeat:
      '交叉验证 {cv} 的第 {fold}/{k} 折（第 {repeat}/{repeats} 次重复）— 用 {part} 的行训练',
    foldUnknown: '交叉验证 {cv} 的第 {fold} 折 — 只用部分行训练',
    chosenFold:
      '此运行是交叉验证 {cv} 的一折：其模型只用部分行训练，没有任何一折的模型见过全部的行。要得到用整个训练划分训练的模型，请用固定划分再训练一次该配置（训练 → 评估方式：固定划分；或 {command}），并使用那次运行；或用全部已标注行训练该交叉验证的最终模型（训练 → 其各折 → 用全部已标注行训练最终模型）。',
    onlyFolds:
      '已完成的只有交叉验证的各折：每个模型只用部分行训练，没有一个见过全部的行。要得到用整个训练划分训练的模型，请用固定划分再训练一次该配置（训练 → 评估方式：固定划分；或 {command}），并使用那次运行；或用全部已标注行训练该交叉验证的最终模型（训练 → 其各折 → 用全部已标注行训练最终模型）。',
  },
  export: {
    title: '导出',
    modelTitle: '模型包（TensorFlow.js）',
    modelIntro:
      '一个文件夹（或 .zip），包含供 tf.loadLayersModel 加载的 model.json 与 weights.bin、metadata.json、preprocess.js 和说明文件：任何 TensorFlow.js 网页或 Node 脚本都能用它预测。写出前会在该运行的测试行上校验。',
    run: '运行',
    noRuns: '还没有完成的运行：请先到“训练”页训练一个。',
    bundlePath: '模型包文件夹或 .zip',
    exportModel: '导出模型',
    exported: '已写出 {path}：在 {rows} 个测试行上校验通过（最大差异 {diff}）。',
    exportedTraining:
      '已写出 {path}：在 {rows} 个它训练过的行上校验通过（最终模型没有测试行；最大差异 {diff}）。',
    reportTitle: '报告',
    reportIntro:
      '数据集概况、任务与类别分布、各运行的配置、各任务指标、Δm、学习曲线和混淆矩阵：一个自包含的 HTML 文件，或 PDF。',
    language: '语言',
    reportPath: '报告文件（.html 或 .pdf）',
    exportReport: '导出报告',
    reportDone: '已写出 {path}。',
    copyTitle: '另存副本',
    copyIntro: '打开中的项目的一致副本（训练进行中也可以），写出后打开校验。',
    copyPath: '新项目文件',
    saveCopy: '另存副本',
    copyDone: '已写出 {path}（{datasets} 个数据集，{runs} 个运行），已校验。',
    working: '处理中…',
  },
};
