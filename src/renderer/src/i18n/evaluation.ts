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
    autoSingleNoBaseline: 'needs a plain single-task run: run {id} ({method}) is not a baseline',
    autoSingleSelf:
      'Auto chose single-task; Δm compares it with a plain single-task run on the same tasks (none yet)',
    autoSingleWhy:
      "Run {id} (auto → single-task) is not a Δm baseline: Auto chose single-task with settings tuned by its search, may have stopped it early for its budget and may have trained it again on the validation rows too, so Δm against it would mix the search's tuning into the gain of sharing. Δm's baseline is a plain single-task run (fixed settings, trained on the split's training rows).",
    onSplit: 'split #{id}',
    perTask: 'Per task',
    metric: 'Metric',
    metrics: {
      accuracy: 'Accuracy',
      balancedAccuracy: 'Balanced accuracy',
      macroF1: 'Macro-F1',
      rocAuc: 'ROC-AUC',
      logLoss: 'Log-loss',
    },
    metricsShort: {
      accuracy: 'Acc.',
      balancedAccuracy: 'Bal. acc.',
      macroF1: 'F1',
      rocAuc: 'AUC',
      logLoss: 'Log-loss',
    },
    chooseRuns: 'Tick runs in the table to compare them.',
    confusion: 'Confusion matrices',
    task: 'Task',
    clickCell: 'Click a cell to list the test rows behind it.',
    cellRows:
      'No test row of class “{actual}” predicted as “{predicted}” (run {run}) | {n} test row of class “{actual}” predicted as “{predicted}” (run {run}) | {n} test rows of class “{actual}” predicted as “{predicted}” (run {run})',
    noCellRows: 'No row in this cell.',
    cellPage: 'Showing {from}–{to} of {total}',
    previousPage: 'Previous',
    nextPage: 'Next',
    relabelled: 'relabelled: now {label}',
    relabelledUnlabelled: 'relabelled: now unlabelled',
    relabelledHint:
      'This row is counted in the cell by the label it was tested with; its label was changed since.',
    confidence: 'Confidence',
    trueVsPredicted: 'true ↓ predicted →',
    lowerIsBetter: '{metric} (lower is better)',
    normalized: 'Row % (share of each true class)',
    cellShare: '{share} % of the rows of class {actual} predicted as {predicted} ({n} of {total})',
    cellLabel:
      'No row of class {actual} predicted as {predicted} | {n} row of class {actual} predicted as {predicted} | {n} rows of class {actual} predicted as {predicted}',
    testRows: 'n = {n}',
    testRowsHint:
      'Test rows of this task. Scores, and Δm, measured on few rows are fragile: one row more or less right moves them a lot.',
    deltaRows: 'Δm over test rows: {n}',
    /**
     * Why a run on a fixed split has no Δm (components/runBaselineReason.ts), as the CLI says
     * it but with what to train in the studio instead of a command; the input-column pieces
     * are compare.cv.why's.
     */
    why: {
      note: 'No Δm for {run}. {why}',
      noSingleTask: 'There is no completed single-task run on split #{split} yet.',
      lacksTasks:
        'Single-task run {id} did not train the task {names}. | Single-task run {id} did not train the tasks {names}.',
      inputsWith:
        'Single-task run {id} was also given the input column {names}. | Single-task run {id} was also given the input columns {names}.',
      inputsWithout:
        'Single-task run {id} was not given the input column {names}. | Single-task run {id} was not given the input columns {names}.',
      differsOther: 'Single-task run {id} differs from it in its settings.',
      train:
        'Train a single-task run on split #{split} with the task {tasks}. | Train a single-task run on split #{split} with the tasks {tasks}.',
      trainPlain:
        'Train a plain single-task run (not Auto) on split #{split} with the task {tasks}. | Train a plain single-task run (not Auto) on split #{split} with the tasks {tasks}.',
      inputsChanged:
        'Run {id} was given the input columns {given}; the dataset’s are now {now}, so a single-task run trained now cannot be its baseline (only with {only}).',
      trainBoth:
        'To compare its method now, train it again beside a single-task run with the task {tasks}, both on split #{split}. | To compare its method now, train it again beside a single-task run with the tasks {tasks}, both on split #{split}.',
      autoSingle:
        'Single-task run {id} was trained by Auto, which tuned its settings by its search: it is not a baseline.',
      scoresZero: 'Single-task run {id} scores 0 on a task: a relative change from 0 is undefined.',
    },
    cv: {
      title: 'Cross-validated (stratified k-fold)',
      hint: 'Every method trained on each fold and scored on the held-out fold: mean ± std over folds. Δm per fold against the single-task run of the same fold.',
      folds: 'Folds',
      /** A scheme's folds run, then k × repeats (as the report's cvFolds). */
      foldsScheme: '{n} ({k} × {repeats})',
      tests: 'Paired test of Δm = 0',
      testNames: { wilcoxon: 'Wilcoxon', ttest: 'corrected t' },
      vsEvaluation: 'vs CV{id}',
      noBaseline: 'needs a single-task cross-validation on the same folds',
      /**
       * Why a cross-validation has no Δm (components/cvBaselineReason.ts), as the CLI says it
       * but for the folds (by k, repeats and seed); the report's copy (main/export/reportText.ts
       * cvWhy*) is tested to say the same.
       */
      why: {
        note: 'No Δm for {method}. {why}',
        joiner: ' ',
        noSingleTask:
          'No completed single-task cross-validation on the same folds, tasks and input columns yet.',
        /** The folds of two fold schemes by what they are ({scheme}), not by scheme ids. */
        folds: 'Single-task CV{id} is on other folds ({theirs}, not {mine}).',
        foldsRecut: 'Single-task CV{id} is on another cut of the rows into folds (also {mine}).',
        foldsGone: 'Single-task CV{id} is on other folds.',
        scheme: '{k} folds, seed {seed}',
        schemeRepeated: '{k} folds × {repeats} repeats, seed {seed}',
        lacksTasks:
          'Single-task CV{id} did not train the task {names}. | Single-task CV{id} did not train the tasks {names}.',
        inputsWith:
          'Single-task CV{id} was also given the input column {names}. | Single-task CV{id} was also given the input columns {names}.',
        inputsWithout:
          'Single-task CV{id} was not given the input column {names}. | Single-task CV{id} was not given the input columns {names}.',
        inputsChanged:
          'CV{id} was given the input columns {given}; the dataset’s are now {now}, so a single-task cross-validation trained now cannot be its baseline (only with {only}).',
        noColumns: 'none',
        restore: '{names} an input column again | {names} input columns again',
        drop: '{names} no input column | {names} no input columns',
        and: ', and ',
        foldMissing: 'Single-task CV{id} has no completed run of this fold.',
        scoresZero:
          'Single-task run {id} scores 0 on a task: a relative change from 0 is undefined.',
      },
      finalModel:
        'Final model: run {run}, trained on all {rows} labelled rows; expected score = this cross-validation’s mean ± std',
      superseded: ' — superseded by run {run} (a newer final model of this cross-validation)',
      spread: '± std',
      deltaTone:
        'Coloured only when a paired test over the folds finds Δm ≠ 0 (p < {alpha}); otherwise not significant, shown uncoloured.',
      confusion: 'Confusion matrices, summed over the folds (test fold each)',
      summedFolds: '{n} fold | {n} folds',
      clickCell: 'Click a cell to list its rows, each with the fold that tested it.',
      cellRows:
        'No row of class “{actual}” predicted as “{predicted}” in the test folds of {cv} | {n} row of class “{actual}” predicted as “{predicted}” in the test folds of {cv} | {n} rows of class “{actual}” predicted as “{predicted}” in the test folds of {cv}',
      fold: 'Fold',
      foldRepeat: '{fold} (repeat {repeat})',
      auto: 'Auto',
      autoBudget: 'Auto ({budget} s per fold)',
      negativeTransfer:
        'Negative transfer: “{task}” is worse in {method} than alone in {worse} of {folds} folds ({change} % on average).',
      smallTestFolds:
        '“{task}” in {method}: {small} of {folds} folds scores it on fewer than {min} labelled test rows (on {fewest}); these scores are close to meaningless: label more rows before trusting them. | “{task}” in {method}: {small} of {folds} folds score it on fewer than {min} labelled test rows (the smallest on {fewest}); these scores are close to meaningless: label more rows before trusting them.',
      trainAlone: 'Train it alone',
      trainGroup: 'Train with its group ({tasks})',
    },
    affinity: {
      title: 'Task affinity',
      hint: 'How much a training step on one task lowers another task’s loss (Fifty et al., NeurIPS 2021), measured by a short pass on the training rows. Green: helps; red: hurts.',
      measure: 'Measure affinity',
      measuring: 'Measuring…',
      recompute: 'Recompute',
      computed: 'Computed {time}.',
      labelsChanged: '{n} label changed since. | {n} labels changed since.',
      tasksChanged: 'Tasks changed since.',
      helped: 'task helped (% of its loss lowered)',
      stepOn: 'step on task',
      percent: '{value} %',
      lowers: 'A step on {stepOn} lowers the loss of {helped} by {value} %',
      raises: 'A step on {stepOn} raises the loss of {helped} by {value} %',
      groups: 'Recommended grouping:',
      alone: '{task} alone',
      trainGroup: 'Train this group ({tasks})',
      trainAlone: 'Train {task} alone',
      weak: 'Every affinity is below {percent} % of the loss: the tasks barely affect each other in this pass, so this grouping is a weak signal, and training them together or apart should score about the same.',
    },
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
    autoSingleNoBaseline: '需要普通的单任务运行：运行 {id}（{method}）不作为基线',
    autoSingleSelf: '自动模式选择了单任务；Δm 将它与同一组任务上的普通单任务运行比较（目前还没有）',
    autoSingleWhy:
      '运行 {id}（自动 → 单任务）不作为 Δm 基线：自动模式选择的单任务使用了搜索调出的设置，可能因预算提前停止，也可能又在验证行上重新训练过，因此以它为基线的 Δm 会把搜索的调参效果混入共享带来的提升。Δm 的基线是普通的单任务运行（固定设置，在划分的训练行上训练）。',
    onSplit: '划分 #{id}',
    perTask: '按任务',
    metric: '指标',
    metrics: {
      accuracy: '准确率',
      balancedAccuracy: '平衡准确率',
      macroF1: '宏 F1',
      rocAuc: 'ROC-AUC',
      logLoss: '对数损失',
    },
    metricsShort: {
      accuracy: '准确率',
      balancedAccuracy: '平衡准确率',
      macroF1: 'F1',
      rocAuc: 'AUC',
      logLoss: '对数损失',
    },
    chooseRuns: '在表格中勾选要比较的运行。',
    confusion: '混淆矩阵',
    task: '任务',
    clickCell: '点击单元格以列出其对应的测试行。',
    cellRows: '{n} 个测试行：真实类别“{actual}”，预测为“{predicted}”（运行 {run}）',
    noCellRows: '此单元格没有行。',
    cellPage: '显示第 {from}–{to} 行，共 {total} 行',
    previousPage: '上一页',
    nextPage: '下一页',
    relabelled: '已重新标注：现为 {label}',
    relabelledUnlabelled: '已重新标注：现无标签',
    relabelledHint: '此行在单元格中按测试时的标签计数；其标签此后已更改。',
    confidence: '置信度',
    trueVsPredicted: '真实 ↓ 预测 →',
    lowerIsBetter: '{metric}（越低越好）',
    normalized: '行百分比（占每个真实类别的比例）',
    cellShare: '类别 {actual} 的行中有 {share} % 被预测为 {predicted}（{total} 行中的 {n} 行）',
    cellLabel: '{n} 行真实类别 {actual} 被预测为 {predicted}',
    testRows: 'n = {n}',
    testRowsHint:
      '此任务的测试行数。在很少的行上测得的得分和 Δm 不可靠：多对或多错一行都会使其大幅变化。',
    deltaRows: 'Δm 所用测试行数：{n}',
    why: {
      note: '{run} 没有 Δm。{why}',
      noSingleTask: '划分 #{split} 上还没有已完成的单任务运行。',
      lacksTasks: '单任务运行 {id} 没有训练任务 {names}。',
      inputsWith: '单任务运行 {id} 多用了输入列 {names}。',
      inputsWithout: '单任务运行 {id} 没有使用输入列 {names}。',
      differsOther: '单任务运行 {id} 的设置与它不同。',
      train: '请在划分 #{split} 上用任务 {tasks} 训练一个单任务运行。',
      trainPlain: '请在划分 #{split} 上用任务 {tasks} 训练一个普通的单任务运行（不用自动模式）。',
      inputsChanged:
        '运行 {id} 使用的输入列为 {given}；数据集现在的输入列为 {now}，因此现在训练的单任务运行不能作为它的基线（除非 {only}）。',
      trainBoth:
        '若要现在比较它的方法，请在划分 #{split} 上重新训练它，并在同一划分上用任务 {tasks} 训练一个单任务运行。',
      autoSingle: '单任务运行 {id} 由自动模式训练，其设置由搜索调出：它不作为基线。',
      scoresZero: '单任务运行 {id} 在某个任务上得分为 0：无法计算相对于 0 的变化。',
    },
    cv: {
      title: '交叉验证（分层 k 折）',
      hint: '每种方法在每一折上训练，并在留出的折上评分：各折的均值 ± 标准差。Δm 按折与同一折的单任务运行比较。',
      folds: '折数',
      foldsScheme: '{n}（{k} × {repeats}）',
      tests: 'Δm = 0 的配对检验',
      testNames: { wilcoxon: 'Wilcoxon', ttest: '校正 t' },
      vsEvaluation: '对比 CV{id}',
      noBaseline: '需要同一组折上的单任务交叉验证',
      why: {
        note: '{method} 没有 Δm。{why}',
        joiner: '',
        noSingleTask: '还没有在同一组折、任务和输入列上完成的单任务交叉验证。',
        folds: '单任务 CV{id} 使用的是另一组折（{theirs}，而非 {mine}）。',
        foldsRecut: '单任务 CV{id} 使用的是另一种把行分成折的切分（同为 {mine}）。',
        foldsGone: '单任务 CV{id} 使用的是另一组折。',
        scheme: '{k} 折、种子 {seed}',
        schemeRepeated: '{k} 折 × {repeats} 次重复、种子 {seed}',
        lacksTasks: '单任务 CV{id} 没有训练任务 {names}。',
        inputsWith: '单任务 CV{id} 多用了输入列 {names}。',
        inputsWithout: '单任务 CV{id} 没有使用输入列 {names}。',
        inputsChanged:
          'CV{id} 使用的输入列为 {given}；数据集现在的输入列为 {now}，因此现在训练的单任务交叉验证不能作为它的基线（除非 {only}）。',
        noColumns: '无',
        restore: '{names} 重新成为输入列',
        drop: '{names} 不再是输入列',
        and: '，并且 ',
        foldMissing: '单任务 CV{id} 没有这一折的已完成运行。',
        scoresZero: '单任务运行 {id} 在某个任务上得分为 0：无法计算相对于 0 的变化。',
      },
      finalModel:
        '最终模型：运行 {run}，在全部 {rows} 个已标注行上训练；预期得分 = 本交叉验证的均值 ± 标准差',
      superseded: ' —— 已被运行 {run} 取代（本交叉验证较新的最终模型）',
      spread: '± 标准差',
      deltaTone: '仅当各折的配对检验显示 Δm ≠ 0（p < {alpha}）时着色；否则不显著，不着色。',
      confusion: '混淆矩阵，各折相加（每折为其测试折）',
      summedFolds: '{n} 折',
      clickCell: '点击单元格以列出其对应的行，每行注明测试它的折。',
      cellRows: '{cv} 的各测试折中有 {n} 行：真实类别“{actual}”，预测为“{predicted}”',
      fold: '折',
      foldRepeat: '{fold}（第 {repeat} 次重复）',
      auto: '自动',
      autoBudget: '自动（每折 {budget} 秒）',
      negativeTransfer:
        '负迁移：“{task}”在 {method} 中有 {worse}/{folds} 折比单独训练更差（平均 {change} %）。',
      smallTestFolds:
        '“{task}”（{method}）：{folds} 折中有 {small} 折的测试部分少于 {min} 个已标注行（最少 {fewest} 行）；这些评分几乎没有意义，请先标注更多行再采信。',
      trainAlone: '单独训练它',
      trainGroup: '与其分组一起训练（{tasks}）',
    },
    affinity: {
      title: '任务亲和度',
      hint: '在一个任务上的一步训练使另一个任务的损失降低多少（Fifty 等，NeurIPS 2021），在训练行上短程测量。绿色：有帮助；红色：有害。',
      measure: '测量亲和度',
      measuring: '测量中…',
      recompute: '重新计算',
      computed: '计算于 {time}。',
      labelsChanged: '此后有 {n} 个标注已更改。',
      tasksChanged: '此后任务已更改。',
      helped: '受影响的任务（其损失降低的百分比）',
      stepOn: '训练步所用任务',
      percent: '{value} %',
      lowers: '在 {stepOn} 上训练一步使 {helped} 的损失降低 {value} %',
      raises: '在 {stepOn} 上训练一步使 {helped} 的损失升高 {value} %',
      groups: '推荐分组：',
      alone: '{task} 单独',
      trainGroup: '训练这一组（{tasks}）',
      trainAlone: '单独训练 {task}',
      weak: '所有亲和度都低于损失的 {percent} %：在这次测量中各任务几乎互不影响，因此这个分组只是很弱的信号，一起训练或分开训练的得分应该差不多。',
    },
  },
};
