/** UI strings of the split panel (train / validation / test). */

/** English. */
export const en = {
  split: {
    title: 'Split',
    forNewRuns: 'Split for new runs',
    none: 'No split yet: the first run makes one (70 / 15 / 15, seed 42, stratified on the first task), or make one below.',
    seedIs: 'seed {seed}',
    stratifiedOn: 'stratified on {column}',
    random: 'not stratified',
    runs: 'no run | 1 run | {n} runs',
    counts: 'train {train} · validation {validation} · test {test} rows',
    train: 'Train',
    validation: 'Validation',
    test: 'Test',
    noLabel: '(no label)',
    new: 'New split…',
    stratify: 'Stratify on task',
    noStratify: 'None (plain random)',
    seed: 'Seed',
    badPercent: 'Each share is a percentage from 0 to 100.',
    notHundred: 'The three shares must add up to 100 %.',
    needTrainTest: 'Train and test need rows (more than 0 %).',
    badSeed: 'The seed is a whole number from 0.',
    make: 'Make this split',
    made: 'Split {id} made: new runs train on it.',
    column: 'Split',
    fold: 'fold {fold} (repeat {repeat})',
    /** A fold run in the Runs list, its cross-validation named (CV1 and CV2 both have a fold 1). */
    cvFold: 'CV{cv} · fold {fold} (repeat {repeat})',
    cvNote:
      'Cross-validation is chosen: its runs train on their folds. This split is for single runs (Evaluation: fixed split).',
    group: 'Split #{id} · {fractions} · seed {seed} · {stratified}',
    leakage:
      '{leaked} of {test} test rows has an identical input row among the training rows ({cause}): the test scores partly measure memory, not new rows. {advice} | {leaked} of {test} test rows have an identical input row among the training rows ({cause}): the test scores partly measure memory, not new rows. {advice}',
    foldLeakage:
      '{evaluations}: over the {folds} folds, {leaked} of {test} test rows has an identical input row among its fold’s training rows ({cause}): the cross-validated scores partly measure memory, not new rows. {advice} | {evaluations}: over the {folds} folds, {leaked} of {test} test rows have an identical input row among their fold’s training rows ({cause}): the cross-validated scores partly measure memory, not new rows. {advice}',
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
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  split: {
    title: '数据划分',
    forNewRuns: '新运行使用的划分',
    none: '还没有划分：第一次运行会创建一个（70 / 15 / 15，种子 42，按第一个任务分层），也可以在下面创建。',
    seedIs: '种子 {seed}',
    stratifiedOn: '按 {column} 分层',
    random: '未分层',
    runs: '无运行 | 1 次运行 | {n} 次运行',
    counts: '训练 {train} · 验证 {validation} · 测试 {test} 行',
    train: '训练',
    validation: '验证',
    test: '测试',
    noLabel: '（无标签）',
    new: '新建划分…',
    stratify: '分层依据的任务',
    noStratify: '无（纯随机）',
    seed: '随机种子',
    badPercent: '每个比例是 0 到 100 之间的百分数。',
    notHundred: '三个比例之和必须为 100 %。',
    needTrainTest: '训练集和测试集都需要有行（大于 0 %）。',
    badSeed: '种子是不小于 0 的整数。',
    make: '创建此划分',
    made: '已创建划分 {id}：新的运行将使用它。',
    column: '划分',
    fold: '第 {fold} 折（第 {repeat} 次重复）',
    cvFold: 'CV{cv} · 第 {fold} 折（第 {repeat} 次重复）',
    cvNote: '已选择交叉验证：其运行在各自的折上训练。此划分用于单次运行（评估：固定划分）。',
    group: '划分 #{id} · {fractions} · 种子 {seed} · {stratified}',
    leakage:
      '{test} 个测试行中有 {leaked} 个在训练行中有输入完全相同的行（{cause}）：测试分数部分衡量的是记忆，而不是对新行的表现。{advice}',
    foldLeakage:
      '{evaluations}：在 {folds} 折中，{test} 个测试行中有 {leaked} 个在其所在折的训练行中有输入完全相同的行（{cause}）：交叉验证分数部分衡量的是记忆，而不是对新行的表现。{advice}',
    causeExact: '文件中有重复行',
    causeInputs: '重复的只是输入列，而不是整行：某个被忽略的列或标签不同',
    causeMixed: '其中 {exact} 个是文件中完全重复的行；其余 {inputsOnly} 个只是输入列重复',
    adviceExact: '请从文件中删除重复行，以便在未见过的行上评分。',
    adviceInputs:
      '模型只读取输入列，因此无法区分这些行：如果它们是同一个案例写了两次，请只保留一个；如果是不同的案例，请添加一个能区分它们的输入列。',
    adviceMixed:
      '请从文件中删除完全重复的行；其余的行，模型只读取输入列，因此无法区分：如果它们是同一个案例写了两次，请只保留一个；如果是不同的案例，请添加一个能区分它们的输入列。',
  },
};
