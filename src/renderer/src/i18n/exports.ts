/** UI strings of the Predict and Export views. */

/** English. */
export const en = {
  predict: {
    title: 'Predict',
    intro:
      'Predict new rows with a trained run: the CSV’s columns are matched by name and preprocessed as in training.',
    run: 'Run',
    noRuns: 'No completed run yet: train one first (Train).',
    file: 'CSV file',
    start: 'Predict',
    predicting: 'Predicting…',
    reads: 'The model reads: {columns}',
    shown: 'First {n} rows of the file | First {n} row of the file | First {n} rows of the file',
    more: 'The file has more rows: “Save as CSV” predicts them all.',
    row: 'Row',
    id: 'Id',
    confidence: 'confidence',
    saveTitle: 'Save as CSV',
    saveTo: 'Predictions file',
    allProbs: 'Every class’s probability',
    save: 'Save as CSV',
    saved: 'Saved {rows} predictions to {path}.',
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
    intro: '用训练好的运行预测新数据：CSV 的列按名称匹配，并按训练时的方式预处理。',
    run: '运行',
    noRuns: '还没有完成的运行：请先训练（训练）。',
    file: 'CSV 文件',
    start: '预测',
    predicting: '正在预测…',
    reads: '模型读取的列：{columns}',
    shown: '文件的前 {n} 行',
    more: '文件还有更多行：“保存为 CSV”会预测全部行。',
    row: '行',
    id: 'ID',
    confidence: '置信度',
    saveTitle: '保存为 CSV',
    saveTo: '预测结果文件',
    allProbs: '每个类别的概率',
    save: '保存为 CSV',
    saved: '已将 {rows} 行预测保存到 {path}。',
  },
  export: {
    title: '导出',
    modelTitle: '模型包（TensorFlow.js）',
    modelIntro:
      '一个文件夹（或 .zip），包含供 tf.loadLayersModel 加载的 model.json 与 weights.bin、metadata.json、preprocess.js 和说明文件：任何 TensorFlow.js 网页或 Node 脚本都能用它预测。写出前会在该运行的测试行上校验。',
    run: '运行',
    noRuns: '还没有完成的运行：请先训练（训练）。',
    bundlePath: '模型包文件夹或 .zip',
    exportModel: '导出模型',
    exported: '已写出 {path}：在 {rows} 个测试行上校验通过（最大差异 {diff}）。',
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
