/**
 * Text of the HTML/PDF report, English and Simplified Chinese side by side. The report is
 * a file, not the UI, so its strings live with it in the main process (vue-i18n is the
 * renderer's).
 */
import type { ColumnRole, ColumnType, TaskAffinityMethod } from '../../shared/domain';
import { METHOD_NAMES } from '../../shared/methodNames';
import { STATUS_WORDS } from '../../shared/statusText';

/** Languages of the report. */
export type ReportLanguage = 'en' | 'zh-CN';

/** English. */
export const en = {
  /** Architecture and loss-weighting names, as the studio's Train form shows them. */
  names: { ...METHOD_NAMES.en } as Record<string, string>,
  title: 'MTL Studio report',
  generated: 'Generated {time} by MTL Studio {version} from project file {file}.',
  contents: 'Contents',
  dataset: 'Dataset “{name}”',
  summary: 'Summary',
  source: 'Source file',
  sourceFolder: 'Source folder of images',
  sourceManifest: 'Source manifest of images',
  sourceNameOnly: '{name} (its name only: the report holds no path of this machine)',
  imageInput: 'Training input',
  imageInputValue: '{width} × {height} px, {colour}, {fit}',
  imageColours: { rgb: 'RGB', grey: 'grey' } as Record<string, string>,
  imageFits: {
    cover: 'fill and crop the centre (cover)',
    contain: 'fit inside with black bars (contain)',
    fill: 'stretch (fill)',
  } as Record<string, string>,
  imageFile: '{path} · row {row}',
  rows: 'Rows',
  columns: 'Columns',
  imported: 'Imported',
  column: 'Column',
  type: 'Type',
  role: 'Role',
  missing: 'Missing',
  distinct: 'Distinct',
  /**
   * Column types and roles, the words of the studio's Data view (renderer i18n datasets.ts):
   * one per ColumnType / ColumnRole, checked in both languages (zhCN is `typeof en`).
   */
  columnTypes: {
    numeric: 'numeric',
    categorical: 'categorical',
    boolean: 'boolean',
    text: 'text',
    image: 'image',
  } satisfies Record<ColumnType, string>,
  columnRoles: { input: 'input', target: 'target', ignore: 'ignore' } satisfies Record<
    ColumnRole,
    string
  >,
  tasks: 'Tasks',
  task: 'Task',
  target: 'Target column',
  classes: 'Classes',
  moreClasses: '… and {more} more ({n} classes: all under Class balance)',
  labelled: 'Labelled rows',
  classBalance: 'Class balance',
  split: 'Split: seed {seed}, {train} train / {validation} validation / {test} test rows{strat}.',
  stratified: ', stratified on “{column}”',
  runs: 'Runs',
  run: 'Run',
  method: 'Method',
  backend: 'Backend',
  time: 'Time',
  bestEpoch: 'Best epoch',
  deltaM: 'Δm',
  deltaMNote:
    'Δm (Maninis et al., CVPR 2019): mean relative change of each task’s test macro-F1 against the single-task baseline named after it (“vs run N”), in percent; positive is better.',
  vs: 'vs run {id}',
  noBaseline: 'no baseline',
  /**
   * Caveats on runs' test scores (reportCaveats.ts), worded as the Train view's warnings
   * (renderer i18n splits.ts leakage, training.ts splitOnSmallTable and smallTestSplit).
   */
  caveats: 'Caveats on these test scores',
  caveatRun: 'Run {runs}: {text}',
  caveatRuns: 'Runs {runs}: {text}',
  leakageOne:
    '{leaked} of {test} test rows has an identical input row among the training rows ({cause}): the test scores partly measure memory, not new rows. {advice}',
  leakageMany:
    '{leaked} of {test} test rows have an identical input row among the training rows ({cause}): the test scores partly measure memory, not new rows. {advice}',
  causeExact: 'duplicate rows in the file',
  causeInputs:
    'only their input columns repeat, not the whole row: an ignored column or a label differs',
  causeMixed:
    '{exact} of them exact duplicate rows in the file; in the other {inputsOnly} only the input columns repeat',
  adviceExact: 'Remove the duplicates from the file to score on unseen rows.',
  adviceInputs:
    'The model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.',
  adviceMixed:
    'Remove the exact duplicates from the file; for the rest, the model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.',
  smallTable:
    '{n} labelled rows: one test split this small cannot tell methods apart; cross-validation is recommended.',
  smallTestSplitOne:
    '“{task}”: the test split scores it on {n} labelled test row, fewer than {min}; these scores are close to meaningless: label more rows, make a split with a larger test fraction, or cross-validate before trusting them.',
  smallTestSplitMany:
    '“{task}”: the test split scores it on {n} labelled test rows, fewer than {min}; these scores are close to meaningless: label more rows, make a split with a larger test fraction, or cross-validate before trusting them.',
  /**
   * Caveats on cross-validated scores (reportCaveats.ts crossValidationCaveatsSection), worded
   * as the studio's (renderer i18n splits.ts foldLeakage, evaluation.ts smallTestFolds,
   * training.ts classBelowFolds) and `train --evaluation cv`'s warnings; cause and advice
   * of the leakage as above.
   */
  cvCaveats: 'Caveats on these cross-validated scores',
  cvCaveatOne: 'Evaluation {ids}: {text}',
  cvCaveatMany: 'Evaluations {ids}: {text}',
  cvLeakageOne:
    'Over the {folds} folds, {leaked} of {test} test rows has an identical input row among its fold’s training rows ({cause}): the cross-validated scores partly measure memory, not new rows. {advice}',
  cvLeakageMany:
    'Over the {folds} folds, {leaked} of {test} test rows have an identical input row among their fold’s training rows ({cause}): the cross-validated scores partly measure memory, not new rows. {advice}',
  smallTestFoldsOne:
    '“{task}”: {small} of {folds} folds scores it on fewer than {min} labelled test rows (on {fewest}); these scores are close to meaningless: label more rows before trusting them.',
  smallTestFoldsMany:
    '“{task}”: {small} of {folds} folds score it on fewer than {min} labelled test rows (the smallest on {fewest}); these scores are close to meaningless: label more rows before trusting them.',
  classBelowFoldsOne:
    '“{task}”: its smallest class “{cls}” has {n} labelled row, fewer than the {folds} folds: {testless} on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores.',
  classBelowFoldsMany:
    '“{task}”: its smallest class “{cls}” has {n} labelled rows, fewer than the {folds} folds: {testless} on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores.',
  /** The {testless} of classBelowFolds, by the folds without a row of the class. */
  classBelowFoldsTestlessOne: 'at least {without} fold tests',
  classBelowFoldsTestlessMany: 'at least {without} of the folds test',
  metrics: 'Per-task test metrics',
  accuracy: 'Accuracy',
  balancedAccuracy: 'Balanced acc.',
  macroF1: 'Macro-F1',
  rocAuc: 'ROC-AUC',
  logLoss: 'Log-loss',
  n: 'Test rows',
  configuration: 'Configuration',
  autoMethod: 'Auto → {method}',
  autoConfiguration: 'Configuration chosen by Auto',
  autoSearched:
    'Auto tried {n} configurations in {s} s (budget {budget} s), scored by validation macro-F1 on {how}; the test split was read once, by the chosen model.',
  autoInner: '{k} inner folds over the training and validation rows',
  autoValidation: 'the validation split',
  autoChosen: 'Chosen: trial {id} (validation macro-F1 {f1} in the search).',
  autoFinal:
    'Final model (this run, trained on the split’s training rows): best epoch {best}, validation macro-F1 {f1}.',
  autoRefitOne: '1 epoch',
  autoRefitMany: '{n} epochs',
  autoRefitEach: 'each task its own number of epochs ({list})',
  autoFinalRefit:
    'Final model (this run): the chosen configuration trained again on every non-test row — the split’s training and validation rows — for {epochs}, the chosen run’s restored epochs averaged over the inner folds, without early stopping; its validation macro-F1 {f1} and the validation curves below are of rows it trained on, not held out.',
  /** A cross-validation's final model (RunInfo.finalOf): trained on every labelled row. */
  finalMethod: '{method} · final model of cross-validation {cv}',
  finalLine:
    'Final model of cross-validation {cv}, trained on {rows} for {epochs} ({how}), without early stopping and with no validation or test split: it has no test scores and no best epoch of its own.',
  finalRowsAll: 'all {n} labelled rows',
  finalRowsSome: '{n} rows with at least one label ({list})',
  finalEpochsOne: '1 epoch',
  finalEpochsMany: '{n} epochs',
  finalHowMedian: 'median of the folds’ best epochs',
  finalHowMax: 'every fold ran to the maximum',
  finalEstimate:
    'Expected score: cross-validation {cv}’s mean ± std over {folds} folds, each fold scored on its own held-out rows (see the section “{title}”).',
  finalNoEstimate:
    'Cross-validation {cv} has no completed fold left to estimate it: no expected score.',
  finalEstimateTitle: 'Final models: cross-validation estimate (not test scores)',
  finalEstimateNote:
    'A final model trained on every labelled row, so no row was left to test it on. Its expected score is its cross-validation’s per-task mean ± standard deviation over the folds (each fold’s model scored on that fold’s held-out rows), not a score of the final model itself. Its Δm in the Runs table is likewise its cross-validation’s: mean ± std over the folds against the single-task cross-validation of the same folds.',
  finalEstimateRun: '#{id} {method}',
  finalDeltaMVs: 'cross-validation {cv} vs CV{id}',
  finalNoDeltaM:
    'none: cross-validation {cv} has no single-task cross-validation on the same folds to compare with',
  finalNoDeltaMCv: 'none: cross-validation {cv} has no completed fold',
  curvesFinal: 'Learning curve: training loss (no validation split)',
  curves: 'Learning curves',
  trainLoss: 'training loss',
  valLoss: 'validation loss',
  valMacroF1: 'validation macro-F1 · {task}',
  epoch: 'epoch',
  loss: 'loss (nats)',
  confusion: 'Confusion matrices (test split; rows: true class, columns: predicted)',
  trueVsPredicted: 'true ↓ predicted →',
  /** Above a matrix whose classes are numbered (export/reportConfusion.ts). */
  confusionNumbered:
    'Where a task has many classes or long class names, its classes are numbered: each row names its class after its number, and the columns carry the same numbers.',
  /** The caption of a part of a matrix too wide for the page. */
  confusionPart: 'predicted classes {from}–{to} of {n}',
  imagesTitle: 'Test images classified correctly and wrongly',
  imagesCorrect: 'Correct predictions: {total} ({n} most confident shown)',
  imagesWrong: 'Wrong predictions: {total} ({n} most confident shown)',
  imagesCorrectAll: 'Correct predictions: {total} (all shown, most confident first)',
  imagesWrongAll: 'Wrong predictions: {total} (all shown, most confident first)',
  imagesNoCorrect: 'No correct predictions',
  imagesNoWrong: 'No wrong predictions',
  imageCorrect: '{true} ({p} %)',
  imageWrong: 'true {true}, predicted {predicted} ({p} %)',
  /** Tables: the most confidently wrong test rows (export/reportRows.ts). */
  rowsTitle: 'Test rows classified wrongly, most confident first',
  rowsWrong: 'Wrong: {wrong} of {total} labelled test rows ({n} most confident shown)',
  rowsWrongAll: 'Wrong: {wrong} of {total} labelled test rows (all shown, most confident first)',
  rowsNoneWrong: 'No wrong prediction among {total} labelled test rows',
  rowsRow: 'row',
  rowsTrue: 'true',
  rowsPredicted: 'predicted',
  rowsConfidence: 'confidence',
  rowsInputs: "the model's input values",
  rowsMissingValue: 'missing',
  rowsMoreInputs: '… and {n} more',
  /** Task affinity (the Compare view's panel; its words: renderer i18n evaluation.ts). */
  affinity: 'Task affinity',
  /** How each TaskAffinityMethod measures, with its source (engine/taskAffinity.ts). */
  affinityMethods: {
    lookahead:
      'Look-ahead task affinity (Fifty et al., “Efficiently Identifying Task Groupings in Multi-Task Learning”, NeurIPS 2021): while a hard-sharing network trains, its shared layers take one step on the loss of one task alone (row) and the loss of each other task (column) is measured before and after on the same batch; a cell is the % of that task’s loss lowered (Z × 100; green: helps, red: hurts), averaged over the look-ahead samples. Unlike the paper, the look-ahead is a normalised gradient step (1 % of the shared weights’ norm). The recommended grouping is the partition of the tasks with the largest total affinity onto each task from the others in its group; a task alone is better trained alone.',
  } satisfies Record<TaskAffinityMethod, string>,
  affinityComputed:
    'Computed {time} on the training rows of split {split}: {steps} optimizer steps, {samples} look-ahead samples.',
  affinityLabelsChangedOne: '{n} label changed since.',
  affinityLabelsChangedMany: '{n} labels changed since.',
  affinityTasksChanged: 'Tasks changed since.',
  affinityHelped: 'task helped (% of its loss lowered)',
  affinityStepOn: 'step on task',
  affinityPercent: '{value} %',
  affinityGroups: 'Recommended grouping:',
  affinityGroup: '{ {tasks} }',
  affinityAlone: '{task} alone',
  affinityHurts: 'Negative transfer in the affinity pass (red cells):',
  affinityRaises: 'a step on {stepOn} raises the loss of {helped} by {value} %',
  affinityNone:
    'No task affinity measured for this dataset: measure it with “Measure affinity” in the studio’s Compare view, or on the command line with {command}.',
  /** A cross-validation's task worse than alone, as the Compare view warns. */
  negativeTransfer:
    'Negative transfer: “{task}” is worse in {method} than alone in {worse} of {folds} folds ({change} % on average).',
  negativeTransferGroup: 'Its recommended group: {group}.',
  noRuns: 'No completed run.',
  crossValidation: 'Cross-validation',
  cvNote:
    'Each method trained once per fold of a stratified k-fold scheme (the fold’s rows are its test rows): per task the mean ± standard deviation over the folds. Δm per fold against the single-task evaluation of the same folds, with paired tests over the folds (H0: Δm = 0); shown in colour only when a test finds it significant (p < 0.05).',
  evaluation: 'Evaluation',
  folds: 'Folds',
  cvFolds: '{n} ({k} × {repeats})',
  /** A stopped cross-validation, as the studio's Train and Compare views say it. */
  cvStopped: STATUS_WORDS.en.stoppedState,
  /** Run and cross-validation statuses, as the studio says them. */
  status: { ...STATUS_WORDS.en.status } as Record<string, string>,
  cvAuto: 'Auto',
  cvVs: 'vs CV{id}',
  /**
   * Why a cross-validation has no Δm (reportBaselineReason.ts), word for word the studio's
   * Compare view (renderer i18n evaluation.ts compare.cv.why, components/cvBaselineReason.ts;
   * test/renderer/reportBaselineReason.test.ts compares the two): vue-i18n's "one | many"
   * messages are the …One / …Many pairs here.
   */
  cvWhy: {
    note: 'No Δm for {method}. {why}',
    joiner: ' ',
    listSeparator: ', ',
    noSingleTask:
      'No completed single-task cross-validation on the same folds, tasks and input columns yet.',
    folds: 'Single-task CV{id} is on other folds ({theirs}, not {mine}).',
    foldsRecut: 'Single-task CV{id} is on another cut of the rows into folds (also {mine}).',
    foldsGone: 'Single-task CV{id} is on other folds.',
    scheme: '{k} folds, seed {seed}',
    schemeRepeated: '{k} folds × {repeats} repeats, seed {seed}',
    lacksTasksOne: 'Single-task CV{id} did not train the task {names}.',
    lacksTasksMany: 'Single-task CV{id} did not train the tasks {names}.',
    inputsWithOne: 'Single-task CV{id} was also given the input column {names}.',
    inputsWithMany: 'Single-task CV{id} was also given the input columns {names}.',
    inputsWithoutOne: 'Single-task CV{id} was not given the input column {names}.',
    inputsWithoutMany: 'Single-task CV{id} was not given the input columns {names}.',
    inputsChanged:
      'CV{id} was given the input columns {given}; the dataset’s are now {now}, so a single-task cross-validation trained now cannot be its baseline (only with {only}).',
    noColumns: 'none',
    restoreOne: '{names} an input column again',
    restoreMany: '{names} input columns again',
    dropOne: '{names} no input column',
    dropMany: '{names} no input columns',
    and: ', and ',
    foldMissing: 'Single-task CV{id} has no completed run of this fold.',
    scoresZero: 'Single-task run {id} scores 0 on a task: a relative change from 0 is undefined.',
  },
  tests: 'Paired tests',
  wilcoxon: 'Wilcoxon',
  ttest: 'corrected t-test',
  cvMetrics: 'Per-task test metrics over the folds (mean ± std)',
  patienceScaled:
    '{patience} (raised from {given} for {rows} training rows, so that early stopping waits at least {steps} optimizer steps)',
  seconds: '{s} s',
  hiddenNone: 'none (linear)',
  config: {
    arch: 'Architecture',
    weighting: 'Loss weighting',
    epochs: 'Max epochs',
    batchSize: 'Batch size',
    learningRate: 'Learning rate',
    seed: 'Seed',
    patience: 'Early-stopping patience',
    hiddenUnits: 'Hidden layers',
    headUnits: 'Head units',
    dropout: 'Dropout',
    weightDecay: 'Weight decay (L2)',
    classWeights: 'Class weights',
    numExperts: 'Experts',
    expertUnits: 'Expert layers',
    numLevels: 'PLE levels',
    specificExperts: 'Task-specific experts',
    convFilters: 'Conv filters per block',
    convKernel: 'Conv kernel size',
    augmentFlip: 'Augment: mirror',
    augmentShift: 'Augment: shift (px)',
    augmentBrightness: 'Augment: brightness',
  },
  augmentFlipHorizontal: 'Left–right',
  augmentFlipNone: 'None',
  classWeightsBalanced: 'Balanced',
  classWeightsNone: 'None',
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  names: { ...METHOD_NAMES['zh-CN'] } as Record<string, string>,

  title: 'MTL Studio 报告',
  generated: '由 MTL Studio {version} 于 {time} 根据项目文件 {file} 生成。',
  contents: '目录',
  dataset: '数据集“{name}”',
  summary: '概况',
  source: '源文件',
  sourceFolder: '图像源文件夹',
  sourceManifest: '图像源清单',
  sourceNameOnly: '{name}（仅名称：报告不含本机路径）',
  imageInput: '训练输入',
  imageInputValue: '{width} × {height} 像素，{colour}，{fit}',
  imageColours: { rgb: 'RGB 彩色', grey: '灰度' },
  imageFits: {
    cover: '填满并裁剪中心（cover）',
    contain: '完整放入并加黑边（contain）',
    fill: '拉伸（fill）',
  },
  imageFile: '{path} · 第 {row} 行',
  rows: '行数',
  columns: '列数',
  imported: '导入时间',
  column: '列',
  type: '类型',
  role: '角色',
  missing: '缺失',
  distinct: '不同值',
  columnTypes: {
    numeric: '数值',
    categorical: '类别',
    boolean: '布尔',
    text: '文本',
    image: '图像',
  } satisfies Record<ColumnType, string>,
  columnRoles: { input: '输入', target: '目标', ignore: '忽略' } satisfies Record<
    ColumnRole,
    string
  >,
  tasks: '任务',
  task: '任务',
  target: '目标列',
  classes: '类别',
  moreClasses: '……另有 {more} 个（共 {n} 类，全部见“类别分布”）',
  labelled: '有标签的行',
  classBalance: '类别分布',
  split: '划分：种子 {seed}，训练 {train} 行 / 验证 {validation} 行 / 测试 {test} 行{strat}。',
  stratified: '，按“{column}”分层',
  runs: '运行',
  run: '运行',
  method: '方法',
  backend: '后端',
  time: '用时',
  bestEpoch: '最佳轮次',
  deltaM: 'Δm',
  deltaMNote:
    'Δm（Maninis 等，CVPR 2019）：相对其后所列单任务基线（“对比运行 N”），各任务测试集宏 F1 的平均相对变化（百分比），正值更好。',
  vs: '对比运行 {id}',
  noBaseline: '无基线',
  caveats: '这些测试分数的注意事项',
  caveatRun: '运行 {runs}：{text}',
  caveatRuns: '运行 {runs}：{text}',
  leakageOne:
    '{test} 个测试行中有 {leaked} 个在训练行中有输入完全相同的行（{cause}）：测试分数部分衡量的是记忆，而不是对新行的表现。{advice}',
  leakageMany:
    '{test} 个测试行中有 {leaked} 个在训练行中有输入完全相同的行（{cause}）：测试分数部分衡量的是记忆，而不是对新行的表现。{advice}',
  causeExact: '文件中有重复行',
  causeInputs: '重复的只是输入列，而不是整行：某个被忽略的列或标签不同',
  causeMixed: '其中 {exact} 个是文件中完全重复的行；其余 {inputsOnly} 个只是输入列重复',
  adviceExact: '请从文件中删除重复行，以便在未见过的行上评分。',
  adviceInputs:
    '模型只读取输入列，因此无法区分这些行：如果它们是同一个案例写了两次，请只保留一个；如果是不同的案例，请添加一个能区分它们的输入列。',
  adviceMixed:
    '请从文件中删除完全重复的行；其余的行，模型只读取输入列，因此无法区分：如果它们是同一个案例写了两次，请只保留一个；如果是不同的案例，请添加一个能区分它们的输入列。',
  smallTable: '{n} 个有标签的行：这么小的测试集无法区分不同方法，建议使用交叉验证。',
  smallTestSplitOne:
    '“{task}”：测试部分只有 {n} 个已标注行，少于 {min} 个；这些评分几乎没有意义，请先标注更多行、以更大的测试比例重新划分，或改用交叉验证，再采信。',
  smallTestSplitMany:
    '“{task}”：测试部分只有 {n} 个已标注行，少于 {min} 个；这些评分几乎没有意义，请先标注更多行、以更大的测试比例重新划分，或改用交叉验证，再采信。',
  cvCaveats: '这些交叉验证分数的注意事项',
  cvCaveatOne: '评估 {ids}：{text}',
  cvCaveatMany: '评估 {ids}：{text}',
  cvLeakageOne:
    '在 {folds} 折中，{test} 个测试行中有 {leaked} 个在其所在折的训练行中有输入完全相同的行（{cause}）：交叉验证分数部分衡量的是记忆，而不是对新行的表现。{advice}',
  cvLeakageMany:
    '在 {folds} 折中，{test} 个测试行中有 {leaked} 个在其所在折的训练行中有输入完全相同的行（{cause}）：交叉验证分数部分衡量的是记忆，而不是对新行的表现。{advice}',
  smallTestFoldsOne:
    '“{task}”：{folds} 折中有 {small} 折的测试部分少于 {min} 个已标注行（最少 {fewest} 行）；这些评分几乎没有意义，请先标注更多行再采信。',
  smallTestFoldsMany:
    '“{task}”：{folds} 折中有 {small} 折的测试部分少于 {min} 个已标注行（最少 {fewest} 行）；这些评分几乎没有意义，请先标注更多行再采信。',
  classBelowFoldsOne:
    '“{task}”：最小的类别“{cls}”只有 {n} 个已标注行，少于 {folds} 折：{testless}的测试部分没有它的行，它的评分在各折之间波动很大；请先标注更多该类别的行，再采信这些评分。',
  classBelowFoldsMany:
    '“{task}”：最小的类别“{cls}”只有 {n} 个已标注行，少于 {folds} 折：{testless}的测试部分没有它的行，它的评分在各折之间波动很大；请先标注更多该类别的行，再采信这些评分。',
  classBelowFoldsTestlessOne: '至少 {without} 折',
  classBelowFoldsTestlessMany: '至少 {without} 折',
  metrics: '各任务测试指标',
  accuracy: '准确率',
  balancedAccuracy: '平衡准确率',
  macroF1: '宏 F1',
  rocAuc: 'ROC-AUC',
  logLoss: '对数损失',
  n: '测试行数',
  configuration: '配置',
  autoMethod: '自动 → {method}',
  autoConfiguration: '自动模式选择的配置',
  autoSearched:
    '自动模式在 {s} 秒内（预算 {budget} 秒）尝试了 {n} 个配置，按{how}上的验证宏 F1 评分；测试集只被所选模型读取一次。',
  autoInner: '训练和验证行上的 {k} 个内部折',
  autoValidation: '验证集',
  autoChosen: '已选择：试验 {id}（搜索中的验证宏 F1 为 {f1}）。',
  autoFinal: '最终模型（本次运行，在划分的训练行上训练）：最佳轮次 {best}，验证宏 F1 {f1}。',
  autoRefitOne: '1 轮',
  autoRefitMany: '{n} 轮',
  autoRefitEach: '各任务各自的轮数（{list}）',
  autoFinalRefit:
    '最终模型（本次运行）：所选配置在所有非测试行（划分的训练行和验证行）上重新训练 {epochs}，轮数取所选运行在各内部折上恢复轮次的平均值，不做早停；其验证宏 F1 {f1} 及下方的验证曲线来自它训练过的行，并非留出数据。',
  finalMethod: '{method} · 交叉验证 {cv} 的最终模型',
  finalLine:
    '交叉验证 {cv} 的最终模型，在 {rows} 上训练了 {epochs}（{how}），不做早停，也没有验证集和测试集：它没有测试分数，也没有自己的最佳轮次。',
  finalRowsAll: '全部 {n} 个已标注行',
  finalRowsSome: '{n} 个至少有一个标签的行（{list}）',
  finalEpochsOne: '1 轮',
  finalEpochsMany: '{n} 轮',
  finalHowMedian: '各折最佳轮次的中位数',
  finalHowMax: '每一折都训练到了最大轮数',
  finalEstimate:
    '预期分数：交叉验证 {cv} 在 {folds} 折上的均值 ± 标准差，每一折在自己留出的行上评分（见“{title}”一节）。',
  finalNoEstimate: '交叉验证 {cv} 已没有完成的折可用于估计：没有预期分数。',
  finalEstimateTitle: '最终模型：交叉验证估计（不是测试分数）',
  finalEstimateNote:
    '最终模型在全部已标注行上训练，没有留下可供测试的行。其预期分数是所属交叉验证各任务在各折上的均值 ± 标准差（每一折的模型在该折留出的行上评分），并非最终模型本身的分数。其在“运行”表中的 Δm 同样取自所属交叉验证：相对同一折划分上单任务交叉验证的各折均值 ± 标准差。',
  finalEstimateRun: '#{id} {method}',
  finalDeltaMVs: '交叉验证 {cv} 对比 CV{id}',
  finalNoDeltaM: '无：交叉验证 {cv} 在同一折划分上没有可对比的单任务交叉验证',
  finalNoDeltaMCv: '无：交叉验证 {cv} 没有已完成的折',
  curvesFinal: '学习曲线：训练损失（无验证集）',
  curves: '学习曲线',
  trainLoss: '训练损失',
  valLoss: '验证损失',
  valMacroF1: '验证宏 F1 · {task}',
  epoch: '轮次',
  loss: '损失（nats）',
  confusion: '混淆矩阵（测试集；行：真实类别，列：预测类别）',
  trueVsPredicted: '真实 ↓ 预测 →',
  confusionNumbered:
    '类别较多或类别名较长的任务，其类别以编号表示：每行在编号后写出类别名，各列使用相同的编号。',
  confusionPart: '预测类别 {from}–{to}（共 {n} 类）',
  imagesTitle: '分类正确与错误的测试图像',
  imagesCorrect: '正确预测：{total} 张（显示置信度最高的 {n} 张）',
  imagesWrong: '错误预测：{total} 张（显示置信度最高的 {n} 张）',
  imagesCorrectAll: '正确预测：{total} 张（全部显示，置信度高者在前）',
  imagesWrongAll: '错误预测：{total} 张（全部显示，置信度高者在前）',
  imagesNoCorrect: '没有正确预测',
  imagesNoWrong: '没有错误预测',
  imageCorrect: '{true}（{p} %）',
  imageWrong: '真实 {true}，预测 {predicted}（{p} %）',
  rowsTitle: '分类错误的测试行（置信度高者在前）',
  rowsWrong: '错误：{total} 个有标签测试行中有 {wrong} 个（显示置信度最高的 {n} 个）',
  rowsWrongAll: '错误：{total} 个有标签测试行中有 {wrong} 个（全部显示，置信度高者在前）',
  rowsNoneWrong: '{total} 个有标签测试行中没有错误预测',
  rowsRow: '行',
  rowsTrue: '真实类别',
  rowsPredicted: '预测类别',
  rowsConfidence: '置信度',
  rowsInputs: '模型的输入值',
  rowsMissingValue: '缺失',
  rowsMoreInputs: '… 另有 {n} 个',
  affinity: '任务亲和度',
  affinityMethods: {
    lookahead:
      '前瞻式任务亲和度（Fifty 等，“Efficiently Identifying Task Groupings in Multi-Task Learning”，NeurIPS 2021）：在硬参数共享网络训练过程中，共享层仅按一个任务（行）的损失走一步，并在同一批数据上测量其他每个任务（列）的损失前后变化；单元格为该任务损失降低的百分比（Z × 100；绿色：有帮助，红色：有害），对各前瞻样本取平均。与论文不同，前瞻步为归一化梯度步（共享权重范数的 1 %）。推荐分组是使每个任务从同组其他任务获得的亲和度之和最大的任务划分；单独成组的任务最好单独训练。',
  },
  affinityComputed:
    '计算于 {time}，使用划分 {split} 的训练行：{steps} 个优化步，{samples} 个前瞻样本。',
  affinityLabelsChangedOne: '此后有 {n} 个标注已更改。',
  affinityLabelsChangedMany: '此后有 {n} 个标注已更改。',
  affinityTasksChanged: '此后任务已更改。',
  affinityHelped: '受影响的任务（其损失降低的百分比）',
  affinityStepOn: '训练步所用任务',
  affinityPercent: '{value} %',
  affinityGroups: '推荐分组：',
  affinityGroup: '{ {tasks} }',
  affinityAlone: '{task} 单独',
  affinityHurts: '亲和度测量中的负迁移（红色单元格）：',
  affinityRaises: '在 {stepOn} 上训练一步使 {helped} 的损失升高 {value} %',
  affinityNone:
    '此数据集尚未测量任务亲和度：可在工作室“比较”视图中点击“测量亲和度”，或在命令行运行 {command}。',
  negativeTransfer:
    '负迁移：“{task}”在 {method} 中有 {worse}/{folds} 折比单独训练更差（平均 {change} %）。',
  negativeTransferGroup: '其推荐分组：{group}。',
  noRuns: '没有已完成的运行。',
  crossValidation: '交叉验证',
  cvNote:
    '每种方法在分层 k 折方案的每一折上各训练一次（该折的行即其测试行）：各任务给出各折的均值 ± 标准差。Δm 按折与同一折方案上的单任务评估比较，并对各折做配对检验（H0：Δm = 0）；仅当检验显著（p < 0.05）时着色。',
  evaluation: '评估',
  folds: '折数',
  cvFolds: '{n}（{k} × {repeats}）',
  cvStopped: STATUS_WORDS['zh-CN'].stoppedState,
  status: { ...STATUS_WORDS['zh-CN'].status } as Record<string, string>,
  cvAuto: '自动',
  cvVs: '对比 CV{id}',
  cvWhy: {
    note: '{method} 没有 Δm。{why}',
    joiner: '',
    listSeparator: '、',
    noSingleTask: '还没有在同一组折、任务和输入列上完成的单任务交叉验证。',
    folds: '单任务 CV{id} 使用的是另一组折（{theirs}，而非 {mine}）。',
    foldsRecut: '单任务 CV{id} 使用的是另一种把行分成折的切分（同为 {mine}）。',
    foldsGone: '单任务 CV{id} 使用的是另一组折。',
    scheme: '{k} 折、种子 {seed}',
    schemeRepeated: '{k} 折 × {repeats} 次重复、种子 {seed}',
    lacksTasksOne: '单任务 CV{id} 没有训练任务 {names}。',
    lacksTasksMany: '单任务 CV{id} 没有训练任务 {names}。',
    inputsWithOne: '单任务 CV{id} 多用了输入列 {names}。',
    inputsWithMany: '单任务 CV{id} 多用了输入列 {names}。',
    inputsWithoutOne: '单任务 CV{id} 没有使用输入列 {names}。',
    inputsWithoutMany: '单任务 CV{id} 没有使用输入列 {names}。',
    inputsChanged:
      'CV{id} 使用的输入列为 {given}；数据集现在的输入列为 {now}，因此现在训练的单任务交叉验证不能作为它的基线（除非 {only}）。',
    noColumns: '无',
    restoreOne: '{names} 重新成为输入列',
    restoreMany: '{names} 重新成为输入列',
    dropOne: '{names} 不再是输入列',
    dropMany: '{names} 不再是输入列',
    and: '，并且 ',
    foldMissing: '单任务 CV{id} 没有这一折的已完成运行。',
    scoresZero: '单任务运行 {id} 在某个任务上得分为 0：无法计算相对于 0 的变化。',
  },
  tests: '配对检验',
  wilcoxon: 'Wilcoxon',
  ttest: '校正 t 检验',
  cvMetrics: '各任务各折测试指标（均值 ± 标准差）',
  patienceScaled:
    '{patience}（由 {given} 按 {rows} 个训练行提高，使早停至少等待 {steps} 个优化步）',
  seconds: '{s} 秒',
  hiddenNone: '无（线性模型）',
  /** The Train form's own names of the same fields (renderer i18n/trainingConfig.ts, zh-CN). */
  config: {
    arch: '架构',
    weighting: '损失加权',
    epochs: '最大轮数',
    batchSize: '批大小',
    learningRate: '学习率',
    seed: '随机种子',
    patience: '早停耐心',
    hiddenUnits: '隐藏层',
    headUnits: '任务头单元数',
    dropout: '随机失活（Dropout）',
    weightDecay: '权重衰减（L2）',
    classWeights: '类别权重',
    numExperts: '专家数',
    expertUnits: '专家层',
    numLevels: 'PLE 层数',
    specificExperts: '任务专属专家数',
    convFilters: '每个卷积块的滤波器数',
    convKernel: '卷积核大小',
    augmentFlip: '增强：镜像翻转',
    augmentShift: '增强：平移（像素）',
    augmentBrightness: '增强：亮度',
  },
  augmentFlipHorizontal: '左右翻转',
  augmentFlipNone: '无',
  classWeightsBalanced: '平衡',
  classWeightsNone: '无',
};

/** The strings of a language. */
export const REPORT_TEXT: Record<ReportLanguage, typeof en> = { en, 'zh-CN': zhCN };

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/**
 * Escapes text for HTML (`&`, `<`, `>`, `"`), for element content and quoted attributes.
 * @param value any value; it is converted with `String()` first.
 */
export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A name of t.names (the id itself when it has none). */
export function nameOf(id: string, t: typeof REPORT_TEXT.en): string {
  return t.names[id] ?? id;
}

/** Names wider than this many {@link labelWidth} units may break (a long name). */
const LONG_NAME_UNITS = 18;

/**
 * A task, column or class name for a table cell or heading, escaped as {@link esc} does. A
 * long one (more than 18 Latin characters wide) gets a line-break opportunity (`<wbr>`)
 * after each run of `_`, `.`, `/`, `-` or `:`, so that
 * "occupation_category_of_the_primary_respondent_household" may wrap at its underscores
 * instead of widening its column past the page; a shorter one ("MARITAL.STATUS") stays
 * whole. The text read or copied is unchanged.
 * @param name the name as stored.
 * @returns HTML.
 */
export function breakableName(name: string): string {
  if (labelWidth(name) <= LONG_NAME_UNITS) return esc(name);
  return esc(name).replace(/([_./:-]+)(?=.)/g, '$1<wbr>');
}

/**
 * How wide a class name is, in units of a Latin character: East Asian wide characters (CJK,
 * Hangul, full-width forms) count 2, every other code point 1.
 * @param label a class name as stored.
 * @returns its width in units (0 for an empty name).
 */
export function labelWidth(label: string): number {
  let width = 0;
  for (const ch of label) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000;
    width += wide ? 2 : 1;
  }
  return width;
}

/**
 * A table cell holding a task's or column's name. A long one ({@link breakableName}) may
 * break at its underscores and dots and, failing that, anywhere, and keeps a 10em wide cell
 * (the report's CSS `td.long-name`), wrapping on a few lines instead of one word a line; a
 * shorter one is a plain cell.
 * @param name the name as stored.
 * @returns a `<td>` element, the name escaped.
 */
export function nameCell(name: string): string {
  return labelWidth(name) > LONG_NAME_UNITS
    ? `<td class="long-name">${breakableName(name)}</td>`
    : `<td>${esc(name)}</td>`;
}
