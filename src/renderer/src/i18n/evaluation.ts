/** UI strings of the Compare view. */

/** English. */
export const en = {
  compare: {
    title: 'Compare',
    noRuns: 'No completed run yet. Train a single-task baseline and a multi-task model.',
    runs: 'Completed runs (test split)',
    deltaHint: 'Δm: mean relative change of macro-F1 against the single-task baseline.',
    show: 'Show',
    run: 'Run',
    vsRun: 'vs run {id}',
    noBaseline: 'needs a single-task run on the same tasks',
    perTask: 'Per task',
    metric: 'Metric',
    metrics: { accuracy: 'Accuracy', macroF1: 'Macro-F1', rocAuc: 'ROC-AUC' },
    metricsShort: { accuracy: 'Acc.', macroF1: 'F1', rocAuc: 'AUC' },
    chooseRuns: 'Tick runs in the table to compare them.',
    confusion: 'Confusion matrices',
    task: 'Task',
    clickCell: 'Click a cell to list the test rows behind it.',
    cellRows:
      'No test row of class “{actual}” predicted as “{predicted}” (run {run}) | {n} test row of class “{actual}” predicted as “{predicted}” (run {run}) | {n} test rows of class “{actual}” predicted as “{predicted}” (run {run})',
    noCellRows: 'No row in this cell.',
    confidence: 'Confidence',
    trueVsPredicted: 'true ↓ predicted →',
    cellLabel:
      'No row of class {actual} predicted as {predicted} | {n} row of class {actual} predicted as {predicted} | {n} rows of class {actual} predicted as {predicted}',
    testRows: 'n = {n}',
    testRowsHint:
      'Test rows of this task. Scores, and Δm, measured on few rows are fragile: one row more or less right moves them a lot.',
    deltaRows: 'Δm over test rows: {n}',
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  compare: {
    title: '比较',
    noRuns: '还没有完成的运行。请训练单任务基线和多任务模型。',
    runs: '已完成的运行（测试集）',
    deltaHint: 'Δm：相对单任务基线，宏 F1 的平均相对变化。',
    show: '显示',
    run: '运行',
    vsRun: '对比运行 {id}',
    noBaseline: '需要同一组任务上的单任务运行',
    perTask: '按任务',
    metric: '指标',
    metrics: { accuracy: '准确率', macroF1: '宏 F1', rocAuc: 'ROC-AUC' },
    metricsShort: { accuracy: '准确率', macroF1: 'F1', rocAuc: 'AUC' },
    chooseRuns: '在表格中勾选要比较的运行。',
    confusion: '混淆矩阵',
    task: '任务',
    clickCell: '点击单元格以列出其对应的测试行。',
    cellRows: '{n} 个测试行：真实类别“{actual}”，预测为“{predicted}”（运行 {run}）',
    noCellRows: '此单元格没有行。',
    confidence: '置信度',
    trueVsPredicted: '真实 ↓ 预测 →',
    cellLabel: '{n} 行真实类别 {actual} 被预测为 {predicted}',
    testRows: 'n = {n}',
    testRowsHint:
      '此任务的测试行数。在很少的行上测得的得分和 Δm 不可靠：多对或多错一行都会使其大幅变化。',
    deltaRows: 'Δm 所用测试行数：{n}',
  },
};
