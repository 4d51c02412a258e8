/** UI strings of the Train view and run statuses. */
import { BACKEND_WORDS } from '../../../shared/backendText';
import { WEIGHTING_KINDS } from '../../../shared/methodNames';
import { STATUS_WORDS } from '../../../shared/statusText';
import * as trainingConfig from './trainingConfig';

/** English. */
export const en = {
  train: {
    title: 'Train',
    noTasks: 'Define at least one task first.',
    config: 'Configuration',
    tasks: 'Tasks',
    advanced: 'Advanced options',
    start: 'Start training',
    badList: '{field}: enter numbers separated by commas.',
    runs: 'Runs',
    noRuns: 'No run yet. Configure one and start training.',
    status: 'Status',
    backend: 'Backend',
    duration: 'Time',
    run: 'Run {id}',
    epochOf: 'Epoch {n} of at most {max}',
    epochOfRefit: 'Epoch {n} of {max} (refitted on every non-test row, no early stopping)',
    backendIs: 'Backend: {backend}',
    backendPending: 'starting…',
    /** A run's backend, worded from the parts the server sends (shared/backendText.ts). */
    backendText: { ...BACKEND_WORDS.en },
    bestEpoch: 'best epoch {n}',
    /**
     * Independent networks (single-task, or Auto's single-task choice) keep one epoch each:
     * {list} as "type 11, aquatic 25, predator 12" (shared/perTaskEpochs.ts).
     */
    bestEpochs: 'best epochs: {list}',
    bestEpochsSeparator: ', ',
    /**
     * Beside the patience field: the patience the run will really use on the chosen split
     * (shared/patience.ts); {batches} optimizer steps per epoch, {steps} the min. steps.
     */
    patienceRaised:
      '= {epochs} epochs on this table (at least {steps} steps of {batches} batch per epoch) | = {epochs} epochs on this table (at least {steps} steps of {batches} batches per epoch)',
    /** The same under cross-validation: each fold's run scales it to its training rows. */
    patienceRaisedFolds:
      '= {epochs} epochs in each fold ({rows} training rows: at least {steps} steps of {batches} batch per epoch) | = {epochs} epochs in each fold ({rows} training rows: at least {steps} steps of {batches} batches per epoch)',
    /** Folds of different sizes that scale it differently. */
    patienceRaisedFoldsRange:
      '= {fewest}–{most} epochs by fold ({rows} training rows: at least {steps} steps)',
    /**
     * The patience the run will use (raised or as given) is at least Max epochs ({max}): it
     * cannot stop early (a new user read "= 50 epochs in each fold" with Max epochs 5).
     */
    patienceNoStop:
      '= {epochs} epochs, not fewer than Max epochs ({max}): early stopping will not stop the run before the max',
    /** The same under cross-validation ({epochs}: one number, or a range by fold). */
    patienceNoStopFolds:
      '= {epochs} epochs in each fold, not fewer than Max epochs ({max}): early stopping will not stop a fold before the max',
    /** A cross-validation's final model instead of "best epoch": it has no validation split. */
    finalTrainedFor:
      "trained for {n} epoch (median of the folds' best epochs) | trained for {n} epochs (median of the folds' best epochs)",
    /** The same when every fold ran to its maximum of epochs (none stopped early). */
    finalTrainedForMax:
      'trained for {n} epoch (every fold ran to the maximum) | trained for {n} epochs (every fold ran to the maximum)',
    waiting: 'Waiting for the first epoch…',
    waitingPaused: 'Paused before the end of the first epoch.',
    resumingFrom:
      'Resuming from the checkpoint after epoch {epoch}: the curves stop there until the resumed training’s first epoch.',
    epoch: 'epoch',
    loss: 'loss',
    trainLoss: 'train loss',
    /** A run without a validation split (a final model): its one curve, as the CLI says it. */
    trainLossOnly: 'training loss (no validation split)',
    valLoss: 'validation loss',
    valMacroF1: 'validation macro-F1',
    valLossRefit: 'validation loss (rows trained on)',
    valMacroF1Refit: 'validation macro-F1 (rows trained on)',
    refitCurvesNote:
      "Auto refitted this model on every non-test row — the split's training and validation rows — without early stopping, so its “validation” curves and gate usage are of rows it trained on, not held out. Only the test scores are of held-out rows.",
    best: 'best',
    runningCount: '{n} training',
    trainedElsewhere: 'trained by another process',
    trainedElsewhereHint:
      'Another process trains this run (another studio on this project, or mtl-studio in a terminal): pause or cancel it there. Its epochs appear here as that process stores them; if the process ends before the run finishes, the run turns interrupted within a few seconds.',
    cancelling: 'Cancelling…',
    pause: 'Pause',
    resume: 'Resume',
    restart: 'Restart',
    restartHint:
      'Train this run again from the start, with the same tasks, split and configuration.',
    restartAutoHint:
      'Search again from the start as Auto, with the same tasks, split, budget, seed and brackets.',
    restartAutoNoSettingsHint:
      'This Auto run was saved by an earlier version without its search budget, so it cannot be restarted: start Auto again instead.',
    restartOf: 'restarts run {id}',
    resumeRun: 'Resume',
    resumeRunHint:
      'Continue this run from its checkpoint after epoch {epoch}: the same run trains its remaining epochs and ends as if it had not stopped.',
    cancelTitle: 'Cancel run {id}?',
    /** The first sentence of cancelMessage, cancelMessageNoCheckpoint and cancelMessageAuto. */
    cancelSoFar: 'So far it has trained for {seconds} s, to epoch {epoch}.',
    /** The same for a paused run (its time leaves the pauses out). */
    cancelSoFarPaused:
      'So far it has trained for {seconds} s, to epoch {epoch}, and is paused now.',
    cancelSoFarPausedNoEpoch:
      'So far it has trained for {seconds} s and is paused now, before the end of its first epoch.',
    cancelMessage:
      '{soFar} A cancelled run keeps its curves and its latest checkpoint (after epoch {checkpoint} as of now; a later one may be saved before it stops) but is not scored; Resume continues it from that checkpoint.',
    cancelMessageNoCheckpoint:
      '{soFar} It has no checkpoint yet (none was saved so far): a cancelled run keeps its curves but is not scored, and without a checkpoint it has no Resume, only Restart, which trains it again from the first epoch.',
    cancelMessageAuto:
      '{soFar} An Auto run saves no checkpoint: cancelled, it keeps its curves but is not scored and has no Resume, only Restart, which searches again from the start.',
    resumeFrom: 'Resume continues from the checkpoint after epoch {epoch}.',
    noResumeNoCheckpoint:
      'No Resume: it was cancelled before its first checkpoint was saved. Restart trains it again from the first epoch.',
    noResumeAuto:
      'No Resume: an Auto run saves no checkpoint. Restart searches again from the start.',
    cancelTitleFold: 'Cancel cross-validation CV{evaluation}?',
    cancelMessageFold:
      'Its running fold stops and is not scored: a fold saves no checkpoint and has no Resume. The finished folds are kept; Continue cross-validation (in its folds panel) trains the stopped fold again, in place of its run, and the folds not trained yet.',
    cancelConfirm: 'Cancel the run',
    cancelConfirmFold: 'Cancel the cross-validation',
    cancelEnded: 'Nothing to cancel: run {id} had already ended ({status}).',
    cancelNothing: 'Nothing to cancel: run {id} is no longer training.',
    /** The Cancel question, once its run ended while it was open, turns into this notice. */
    cancelEndedTitle: 'Run {id} has ended',
    cancelEndedMessage:
      'Run {id} ended ({status}) while this question was open: there is nothing to cancel.',
    cancelEndedTitleFold: 'Cross-validation CV{evaluation} has ended',
    cancelEndedMessageFold:
      'Cross-validation CV{evaluation} ended ({status}) while this question was open: there is nothing to cancel.',
    twinTitle: 'Start an identical run?',
    twinMessage:
      'Run {id} is training now with the same tasks and configuration; a second one would give the same result (same seed).',
    twinConfirm: 'Start anyway',
    oneTaskSharing:
      'Only one task is ticked: {arch} has nothing to share between tasks and trains like a single-task network.',
    testScores: 'Test scores (test split)',
    testScoresFold: "Test scores (fold {fold}'s held-out rows)",
    testScoresFoldRepeat: 'Test scores (held-out rows of fold {fold}, repeat {repeat})',
    task: 'Task',
    noEpochs: 'No epoch was recorded.',
    required: '{field}: enter a value.',
    outOfRange: '{field}: enter a number from {min} to {max}.',
    tooSmall: '{field}: enter a number of at least {min}.',
    // {bounds}: the schema's bounds with their signs, e.g. "> 0 and < 10" (configForm.ts rangeMessage).
    bounded: '{field}: enter a number {bounds}.',
    boundsAnd: 'and',
    wholeNumber: '{field}: enter a whole number.',
    // An integer field (the schema's 'integer'): says "whole" even for a value inside the bounds.
    wholeOutOfRange: '{field}: enter a whole number from {min} to {max}.',
    wholeTooSmall: '{field}: enter a whole number of at least {min}.',
    wholeBounded: '{field}: enter a whole number {bounds}.',
    // A list field's item outside the schema's item bounds ({item} as typed; configForm.ts listProblem).
    listItemWhole:
      '{field}: {item} is not a whole number; enter whole numbers separated by commas.',
    listItemOutOfRange:
      '{field}: {item} is out of range; enter numbers from {min} to {max}, separated by commas.',
    listItemTooSmall:
      '{field}: {item} is too small; enter numbers of at least {min}, separated by commas.',
    listItemBounded:
      '{field}: {item} is out of range; enter numbers {bounds}, separated by commas.',
    listItemWholeOutOfRange:
      '{field}: {item} is out of range; enter whole numbers from {min} to {max}, separated by commas.',
    listItemWholeTooSmall:
      '{field}: {item} is too small; enter whole numbers of at least {min}, separated by commas.',
    listItemWholeBounded:
      '{field}: {item} is out of range; enter whole numbers {bounds}, separated by commas.',
    // {position}: 1-based, e.g. the 2nd item of "64,,32" (configForm.ts emptyListItem).
    listEmptyItem:
      '{field}: item {position} is empty; enter numbers separated by commas, with none left out.',
    listTooShort: '{field}: enter {min} or more numbers.',
    listTooLong: '{field}: enter at most {max} numbers.',
    singleTaskWeighting:
      'Single-task networks train each task alone, so there is no loss to weigh: this setting is ignored.',
    equalWeights:
      'Task weights: every task’s loss weighs {weight} at every epoch ({method}), so there is no curve to draw.',
    gradientMethodWeights:
      'Task weights: every task’s loss weighs {weight} at every epoch: {method} weighs no loss, it projects each task’s gradient off the task gradients it conflicts with, so there is no weight curve to draw.',
    weightingKinds: { ...WEIGHTING_KINDS.en },
    fieldHints: {
      headUnits: '0 = a linear head (no hidden layer in each task’s head).',
      numLevels: 'Extraction levels of PLE, 1 = CGC; Auto’s PLE configurations use it too.',
      earlyStopping: 'What early stopping watches on the validation split; the best epoch is kept.',
      lrSchedule:
        'Plateau: halve the learning rate after a third of the patience without improvement.',
      patienceSteps:
        'Early stopping waits at least this many optimizer steps (raises the patience on small tables); 0 = as given.',
    },
    evaluation: 'Evaluation',
    evaluationSplit: 'Fixed split (one run)',
    evaluationCv: 'Cross-validation ({folds} folds, one run per fold)',
    foldsLowered:
      'Cross-validation with {folds} folds, not the default {default}: the dataset has only {n} labelled rows, and each fold tests at least one.',
    cvChosen:
      '{n} labelled row: cross-validation is chosen, as one test split this small cannot tell methods apart. | {n} labelled rows: cross-validation is chosen, as one test split this small cannot tell methods apart.',
    splitOnSmallTable:
      '{n} labelled row: one test split this small cannot tell methods apart; cross-validation is recommended. | {n} labelled rows: one test split this small cannot tell methods apart; cross-validation is recommended.',
    cvStarted:
      'Cross-validation CV{id} started; its fold runs appear below, its scores in Compare.',
    cvFolds: {
      title: 'Cross-validation CV{id}: every fold',
      hint: 'Test scores of each fold; click a fold to see its curves. Mean ± std over the completed folds, as in Compare.',
      fold: 'Fold',
      macroF1: '{task} macro-F1',
      accuracy: '{task} accuracy',
      mean: 'Mean ± std ({n} fold) | Mean ± std ({n} folds)',
      continue: 'Continue cross-validation',
      continueHint:
        'CV{id} stopped ({status}) before any fold finished; continuing trains its {total} folds with the same configuration. | CV{id} stopped ({status}): {kept} of {total} folds finished and is kept; continuing trains the others with the same configuration. | CV{id} stopped ({status}): {kept} of {total} folds finished and are kept; continuing trains the others with the same configuration.',
      continued: 'Cross-validation CV{id} continued.',
      failedReason: 'CV{id} failed:',
      failsAgain:
        'Continuing trains the failed fold again with the same configuration, so it will most likely fail the same way: fix the cause first, or start a new cross-validation from the form.',
      stoppedState: STATUS_WORDS.en.stoppedState,
      final: 'Train the final model on all labelled rows',
      finalHint:
        'The folds measured this configuration; none of their models saw every row. The final model trains it once on all labelled rows, each task for the median of its folds’ best epochs (no early stopping, no test split): the model to predict with and export. Its expected score is the mean ± std above.',
      finalStarted: 'Final model of CV{id} started (run #{run}).',
      finalShown: 'Final model: run #{run}',
      /** The CV's final model named in its folds panel (a fold run's too); a click selects it. */
      finalShownRows: 'Final model: run #{run}, trained on all {rows} labelled rows',
      /** The service allows a new final model: labels changed since that one trained. */
      finalLabelsChanged:
        'Labels changed since run #{run} was trained: a new final model learns from them.',
      finalAgain: 'Train a new final model on all labelled rows',
      finalAuto:
        'An Auto cross-validation has no single configuration to train on all rows (each fold’s search chose its own); train Auto once on the fixed split instead — on a small table it refits on every non-test row.',
    },
    finalModel: {
      label:
        'Final model of cross-validation #{cv}, trained on all {rows} labelled rows for {epochs} epoch | Final model of cross-validation #{cv}, trained on all {rows} labelled rows for {epochs} epochs',
      perTask: 'Epochs per task: {list}.',
      noTest:
        'No test score: every labelled row trained this model, none was left to test it on. Its expected score is the cross-validation’s mean ± std:',
      expected: '{task}: macro-F1 {f1}, accuracy {accuracy}',
      option: 'final model of cross-validation {cv} — trained on all {rows} labelled rows',
      group: 'Final models (all labelled rows) — recommended',
      split: 'all labelled rows (final model of CV{cv})',
    },
    cvStopped: {
      title: 'Stopped cross-validations',
      hint: 'Continuing one keeps its finished folds and trains the others with the same configuration.',
      showFolds: 'Show folds',
    },
    auto: 'Auto',
    autoSection: 'Auto search',
    autoBaseNote:
      'Auto chooses the architecture itself; these two set the PLE configurations it tries, whatever the architecture chosen above. Max epochs above caps every configuration it tries and its final model.',
    autoBudget: 'Auto budget (seconds)',
    autoPerFold:
      "Under cross-validation the budget is per fold: the search takes about {budget} s per fold × {folds} folds ≈ {total} s. On top come each fold's start-up and final training of the chosen configuration (estimated when its search ends), and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget).",
    smallTestSplit:
      '“{task}”: the test split scores it on {n} labelled test row, fewer than {min}; these scores are close to meaningless: label more rows, make a split with a larger test fraction, or cross-validate before trusting them. | “{task}”: the test split scores it on {n} labelled test rows, fewer than {min}; these scores are close to meaningless: label more rows, make a split with a larger test fraction, or cross-validate before trusting them.',
    /** The {testless} of classBelowFolds, its plural by the folds without a row of the class. */
    classBelowFoldsTestless: 'at least {without} fold tests | at least {without} of the folds test',
    classBelowFolds:
      '“{task}”: its smallest class “{cls}” has {n} labelled row, fewer than the {folds} folds: {testless} on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores. | “{task}”: its smallest class “{cls}” has {n} labelled rows, fewer than the {folds} folds: {testless} on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores.',
    targetsWithoutTask:
      '{columns} is marked as a target but no task uses it, so it is not an input either; make it an input (its role in Data) or add a task for it (Tasks). | {columns} are marked as targets but no task uses them, so they are not inputs either; make them inputs (their roles in Data) or add a task for each (Tasks).',
    autoSplitNote:
      'The search takes about {budget} s. On top come the start-up and the final training of the chosen configuration (estimated when the search ends), and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget).',
    autoBrackets: 'Hyperband brackets',
    autoBracketsHint:
      'Brackets (1–{max}): 1 starts many configurations with few epochs and keeps the best third at each step (successive halving); more brackets also try fewer configurations trained longer from the start, which helps when early epochs mislead, but share the same budget.',
    autoBracketsError: 'Hyperband brackets: enter a whole number from {min} to {max}.',
    autoBudgetError: 'Budget: enter a number of seconds above 0, at most {max} (a day).',
    autoHint:
      'Searches architecture, loss weighting, width, learning rate, dropout, weight decay and class weights on validation data only, within the budget, then trains the chosen configuration.',
    autoSearch: 'What Auto tried (validation data only)',
    autoChosen: 'chosen',
    hiddenNone: 'none (linear)',
    cnnNetwork: 'Conv {filters} ({kernel}×{kernel}) → dense {dense}',
    cnnDenseNone: 'none',
    cnnNetworkHeader: 'CNN trunk → dense layers',
    autoRunChosen: 'Auto → {method}',
    autoSingleTask: 'Single-task',
    autoRunUnfinished: 'Auto ({status})',
    autoFinal: 'Final model (this run)',
    autoFinalNote:
      "Trials are scored on {how}. The final model is the chosen configuration (trial {trial}) trained again on the split's training rows, early stopping on its validation rows: its row shows this run's own best epoch and validation F1.",
    autoFinalKeptNote:
      "Trials are scored on {how}. The final model is trial {trial}'s own network — its normal run on the split's training rows, early stopping on its validation rows — kept rather than trained again, with per-class decision offsets tuned on the validation rows: its row shows this run's best epoch and validation F1.",
    autoFinalRefitNote:
      "Trials are scored on {how}. The final model is the chosen configuration (trial {trial}) trained again on every non-test row — the split's training and validation rows — for {epochs}, the chosen run's restored epochs averaged over the inner folds, without early stopping: on a dataset this small early stopping on the few validation rows mostly follows noise. Its row's validation F1 is of rows it trained on, not held out.",
    autoRefitEpochs: '(all rows)',
    autoRefitScore: '(trained on)',
    autoRefitScoreTitle:
      "In-sample: the refitted model trained on these validation rows, unlike the trials' held-out scores.",
    autoRefitCount: '{n} epoch | {n} epochs',
    autoRefitEach: 'each task its own number of epochs ({list})',
    autoBracket: 'Hyperband bracket',
    /** The trial tables' epochs column: the best epoch / the epochs trained. */
    autoEpochs: 'Best / trained epochs',
    autoSelection:
      '{n} configuration in {s} s, scored by validation macro-F1 ({how}); the test split was read once, by the chosen model. | {n} configurations in {s} s, scored by validation macro-F1 ({how}); the test split was read once, by the chosen model.',
    autoInner: '{k} inner folds over the training and validation rows',
    autoStarting: 'Auto: starting the search…',
    autoPhase: {
      defaults: "Auto: training the studio's defaults",
      search: 'Auto: searching',
      finalist: "Auto: training the search's best like a normal run",
    },
    autoTried: 'no configuration tried yet | 1 configuration tried | {n} configurations tried',
    autoBest: 'best validation macro-F1 {score}',
    autoClock: '{elapsed} s of {budget} s',
    // Past the budget while the first configuration (the defaults) runs to its end.
    autoClockOver: '{budget} s budget used ({elapsed} s so far)',
    autoClockFirstOver:
      "{budget} s budget used; finishing the first configuration, the studio's defaults ({elapsed} s so far)",
    autoSearchDone: 'Auto: search done · training this run',
    autoEndSearch: 'End search now',
    autoEndSearchTitle:
      'Stop searching and go on as if the budget had run out: the best configuration so far by validation is trained as this run and scored',
    autoEndingEarly: 'Auto: search ended early at your request',
    autoEndingAfterFirst:
      "Auto: search ended early at your request · waiting for the first configuration (the studio's defaults) to finish",
    autoEndedEarlyShort: 'search ended early at your request',
    autoPausedFinalWaits: 'Paused · the search is over; the final model starts when you resume',
    autoPausedFirstWaits:
      "Paused · the search ends once the first configuration (the studio's defaults) finishes, after you resume",
    autoFoldNoEnd:
      '“End search now” is not offered for a fold of a cross-validation: every fold searches with its whole budget, so that the folds compare alike.',
    autoEndedEarlyNote:
      'The search was ended early at your request: it chose among the configurations tried by then, as if its budget had run out.',
    autoTrainingChosen:
      'Auto: training the chosen configuration (trial {trial}) as this run · {tried} in {s} s',
    autoKeepingChosen:
      "Auto: keeping trial {trial}'s own run as this run's model · {tried} in {s} s",
    autoRefittingChosen:
      'Auto: training the chosen configuration (trial {trial}) on every non-test row for up to {epochs} as this run · {tried} in {s} s',
    autoFinalEstimate: 'about {s} s more, beyond the budget',
    autoLiveTrials: 'Configurations tried so far ({n})',
    autoWhere: 'Where',
    autoRung: 'bracket {bracket} · rung {rung}',
    autoNormalRun: 'like a normal run',
    autoStoppedForTime: '(stopped at the budget)',
    autoEpochsCapped: '(capped at {epochs} by the budget)',
    autoFirstCapped:
      'the default configuration alone would need about {s} s, over the {budget} s budget: its epochs are capped at {epochs} per fold for now so that it ends within the budget (the cap is re-checked after each epoch, by its time)',
    autoEpochsCappedNote:
      "The first default configuration on images: its first fold's epoch times said the whole run would need about {seconds} s, so its epochs per inner fold were capped at {epochs} to end within the budget.",
    autoStoppedAtRequest: '(stopped at your request)',
    autoStoppedAtRequestNote:
      "Stopped when you ended the search, before early stopping ended it; each task keeps its best epoch's weights.",
    autoStoppedForTimeNote:
      "Stopped at the end of Auto's budget (plus {grace} %) before early stopping ended it; each task keeps its best epoch's weights.",
    autoValidation: 'the validation split',
    autoCrowded:
      "No search trial fit: the studio's defaults, trained like a normal run, took {took} s of the {budget} s budget, so Auto chose from the defaults. A budget above about {needed} s lets it search (the defaults' time plus the costliest one's again, kept back for the search winner's own run).",
    autoCrowdedChosen:
      'Of them it chose trial {trial} ({method}), the best validation F1 ({score}; {others}).',
    autoCrowdedOnly: 'It chose trial {trial} ({method}), the only one.',
    autoCrowdedOther: 'trial {trial}: {score}',
    autoCrowdedSeparator: ', ',
    trial: 'Trial',
    score: 'Validation F1',
    method: 'Architecture · weighting',
    taskWeights: 'Task weights',
    weight: 'loss weight',
    weightLog: 'loss weight (log scale)',
    gateUsage: 'Gate usage (epoch {epoch})',
    gateUsageKept: 'Gate usage of the kept model (epoch {epoch})',
    gateWeight: 'mean gate weight',
    expert: 'expert {n}',
    ownExpert: 'own expert {n}',
    sharedExpert: 'shared expert {n}',
    uniform: 'uniform',
    gateHint:
      'Mean weight each task’s gate gives each expert on the validation split. Bars of equal height (on the dashed line) mean the gate does not specialise: every expert is used alike, so the experts learn the same thing.',
    /** The gate chart's hint for a cross-validation's final model (no validation split). */
    gateHintFinal:
      'Mean weight each task’s gate gives each expert. A final model trains on every labelled row and has no validation split, so these weights are not of held-out rows. Bars of equal height (on the dashed line) mean the gate does not specialise: every expert is used alike, so the experts learn the same thing.',
    ...trainingConfig.en,
  },
  status: { ...STATUS_WORDS.en.status },
  runs: {
    rename: 'Rename',
    name: 'Run name',
    save: 'Save',
    duplicate: 'Duplicate configuration',
    duplicateHint: 'Fill the form with this run’s tasks, split and configuration',
    duplicated: 'The form now holds the configuration of run {id}.',
    duplicateAutoHint:
      "Fill the form with this run's tasks, split and the configuration Auto chose: Start trains it as a normal run, with early stopping on the validation rows — not a new search, nor Auto's refit on every non-test row.",
    duplicatedAuto:
      'The form now holds the configuration Auto chose for run {id}: Start trains it as a normal run with early stopping, not Auto’s search or refit.',
    delete: 'Delete',
    deleteTitle: 'Delete {run}?',
    deleteMessage:
      'Its curves, test scores, predictions and model go with it. You can undo this until the project is reopened.',
    deleteConfirm: 'Delete run',
    deleted: '{run} deleted.',
    undo: 'Undo',
    notes: 'Notes',
    notesPlaceholder: 'What was tried, what to remember…',
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  train: {
    title: '训练',
    noTasks: '请先定义至少一个任务。',
    config: '配置',
    tasks: '任务',
    advanced: '高级选项',
    start: '开始训练',
    badList: '{field}：请输入以逗号分隔的数字。',
    runs: '运行记录',
    noRuns: '还没有运行。请配置后开始训练。',
    status: '状态',
    backend: '后端',
    duration: '用时',
    run: '运行 {id}',
    epochOf: '第 {n} 轮，最多 {max} 轮',
    epochOfRefit: '第 {n} 轮，共 {max} 轮（在所有非测试行上重新训练，不早停）',
    backendIs: '后端：{backend}',
    backendPending: '启动中…',
    backendText: { ...BACKEND_WORDS['zh-CN'] },
    bestEpoch: '最佳轮次 {n}',
    bestEpochs: '最佳轮次：{list}',
    bestEpochsSeparator: '，',
    patienceRaised: '在此表上为 {epochs} 轮（至少 {steps} 步，每轮 {batches} 个批次）',
    patienceRaisedFolds:
      '每一折为 {epochs} 轮（{rows} 个训练行：至少 {steps} 步，每轮 {batches} 个批次）',
    patienceRaisedFoldsRange: '各折为 {fewest}–{most} 轮（{rows} 个训练行：至少 {steps} 步）',
    patienceNoStop: '为 {epochs} 轮，不少于最大轮数（{max}）：早停不会在达到最大轮数之前停止训练',
    patienceNoStopFolds:
      '每一折为 {epochs} 轮，不少于最大轮数（{max}）：早停不会让任何一折在达到最大轮数之前停止',
    finalTrainedFor: '训练了 {n} 轮（各折最佳轮次的中位数）',
    finalTrainedForMax: '训练了 {n} 轮（每一折都训练到了最大轮数）',
    waiting: '等待第一轮完成…',
    waitingPaused: '已在第一轮完成前暂停。',
    resumingFrom:
      '正在从第 {epoch} 轮后的检查点继续：在继续训练的第一轮完成之前，曲线只显示到该轮。',
    epoch: '轮次',
    loss: '损失',
    trainLoss: '训练损失',
    trainLossOnly: '训练损失（无验证集）',
    valLoss: '验证损失',
    valMacroF1: '验证宏 F1',
    valLossRefit: '验证损失（训练过的行）',
    valMacroF1Refit: '验证宏 F1（训练过的行）',
    refitCurvesNote:
      '自动模式在所有非测试行（划分的训练行和验证行）上重新训练了此模型，不做早停，因此其“验证”曲线和门控使用来自它训练过的行，并非留出数据。只有测试得分来自留出的行。',
    best: '最佳',
    runningCount: '{n} 个训练中',
    trainedElsewhere: '由另一个进程训练',
    trainedElsewhereHint:
      '此运行由另一个进程训练（打开此项目的另一个工作室，或终端中的 mtl-studio）：请在那里暂停或取消。该进程保存的轮次会显示在这里；若该进程在运行结束前退出，几秒内此运行会变为“已中断”。',
    cancelling: '正在取消…',
    pause: '暂停',
    resume: '继续',
    restart: '重新开始',
    restartHint: '用相同的任务、划分和配置从头重新训练此运行。',
    restartAutoHint: '以自动模式从头重新搜索，使用相同的任务、划分、时间预算、种子和分组数。',
    restartAutoNoSettingsHint:
      '此自动模式运行由早期版本保存，未记录其搜索时间预算，无法重新开始：请重新启动自动模式。',
    restartOf: '重新开始运行 {id}',
    resumeRun: '断点续训',
    resumeRunHint:
      '从第 {epoch} 轮后的检查点继续此运行：同一运行训练剩余的轮次，结果与未中断时相同。',
    cancelTitle: '取消运行 {id}？',
    cancelSoFar: '到目前为止它已训练 {seconds} 秒，到第 {epoch} 轮。',
    cancelSoFarPaused: '到目前为止它已训练 {seconds} 秒，到第 {epoch} 轮，现已暂停。',
    cancelSoFarPausedNoEpoch: '到目前为止它已训练 {seconds} 秒，现已暂停，第一轮尚未完成。',
    cancelMessage:
      '{soFar}取消的运行保留曲线和最新的检查点（目前在第 {checkpoint} 轮后；停止前可能还会保存更新的检查点），但不会评分；可用“断点续训”从该检查点继续。',
    cancelMessageNoCheckpoint:
      '{soFar}它还没有检查点（至今尚未保存）：取消的运行保留曲线但不会评分，没有检查点就不能断点续训，只能“重新开始”，从第一轮重新开始。',
    cancelMessageAuto:
      '{soFar}自动运行不保存检查点：取消后保留曲线但不会评分，不能断点续训，只能“重新开始”，从头重新搜索。',
    resumeFrom: '断点续训将从第 {epoch} 轮后的检查点继续。',
    noResumeNoCheckpoint:
      '不能断点续训：它在第一个检查点保存之前就被取消了。“重新开始”会从第一轮重新训练。',
    noResumeAuto: '不能断点续训：自动运行不保存检查点。“重新开始”会从头重新搜索。',
    cancelTitleFold: '取消交叉验证 CV{evaluation}？',
    cancelMessageFold:
      '正在训练的那一折会停止且不评分：折不保存检查点，也无法断点续训。已完成的折会保留；在其各折面板中点击“继续交叉验证”会重新训练停止的这一折（取代其运行）以及尚未训练的折。',
    cancelConfirm: '取消运行',
    cancelConfirmFold: '取消交叉验证',
    cancelEnded: '无需取消：运行 {id} 已经结束（{status}）。',
    cancelNothing: '无需取消：运行 {id} 已不在训练。',
    cancelEndedTitle: '运行 {id} 已结束',
    cancelEndedMessage: '运行 {id} 在此问题打开期间已结束（{status}）：无需取消。',
    cancelEndedTitleFold: '交叉验证 CV{evaluation} 已结束',
    cancelEndedMessageFold:
      '交叉验证 CV{evaluation} 在此问题打开期间已结束（{status}）：无需取消。',
    twinTitle: '再启动一个相同的运行？',
    twinMessage:
      '运行 {id} 正在用相同的任务和配置训练；再启动一个会得到相同的结果（相同的随机种子）。',
    twinConfirm: '仍然启动',
    oneTaskSharing: '只勾选了一个任务：{arch} 没有可在任务间共享的内容，训练效果等同单任务网络。',
    testScores: '测试得分（测试集）',
    testScoresFold: '测试得分（第 {fold} 折留出的行）',
    testScoresFoldRepeat: '测试得分（第 {repeat} 次重复第 {fold} 折留出的行）',
    task: '任务',
    noEpochs: '没有记录任何轮次。',
    required: '{field}：请输入一个值。',
    outOfRange: '{field}：请输入 {min} 到 {max} 之间的数。',
    tooSmall: '{field}：请输入不小于 {min} 的数。',
    bounded: '{field}：请输入 {bounds} 的数。',
    boundsAnd: '且',
    wholeNumber: '{field}：请输入整数。',
    wholeOutOfRange: '{field}：请输入 {min} 到 {max} 之间的整数。',
    wholeTooSmall: '{field}：请输入不小于 {min} 的整数。',
    wholeBounded: '{field}：请输入 {bounds} 的整数。',
    listItemWhole: '{field}：{item} 不是整数；请输入以逗号分隔的整数。',
    listItemOutOfRange: '{field}：{item} 超出范围；请输入 {min} 到 {max} 之间、以逗号分隔的数。',
    listItemTooSmall: '{field}：{item} 太小；请输入不小于 {min}、以逗号分隔的数。',
    listItemBounded: '{field}：{item} 超出范围；请输入 {bounds}、以逗号分隔的数。',
    listItemWholeOutOfRange:
      '{field}：{item} 超出范围；请输入 {min} 到 {max} 之间、以逗号分隔的整数。',
    listItemWholeTooSmall: '{field}：{item} 太小；请输入不小于 {min}、以逗号分隔的整数。',
    listItemWholeBounded: '{field}：{item} 超出范围；请输入 {bounds}、以逗号分隔的整数。',
    listEmptyItem: '{field}：第 {position} 项为空；请输入以逗号分隔的数，不要留空项。',
    listTooShort: '{field}：请至少输入 {min} 个数。',
    listTooLong: '{field}：最多输入 {max} 个数。',
    singleTaskWeighting: '单任务网络分别训练每个任务，没有需要加权的损失：此设置不起作用。',
    equalWeights:
      '任务权重：每一轮中每个任务的损失权重都是 {weight}（{method}），因此无需绘制曲线。',
    gradientMethodWeights:
      '任务权重：每一轮中每个任务的损失权重都是 {weight}：{method}不调整损失权重，而是把每个任务的梯度投影到与之冲突的其他任务梯度的法平面上，因此无需绘制权重曲线。',
    weightingKinds: { ...WEIGHTING_KINDS['zh-CN'] },
    fieldHints: {
      headUnits: '0 = 线性输出头（任务头中没有隐藏层）。',
      numLevels: 'PLE 的提取层数，1 = CGC；自动搜索中的 PLE 配置也使用该值。',
      earlyStopping: '早停在验证集上观察的指标；保留最佳轮次。',
      lrSchedule: '平台期：在三分之一的耐心轮次内无改进时将学习率减半。',
      patienceSteps: '早停至少等待这么多优化步（小表上提高耐心值）；0 = 按给定值。',
    },
    evaluation: '评估方式',
    evaluationSplit: '固定划分（一次运行）',
    evaluationCv: '交叉验证（{folds} 折，每折一次运行）',
    foldsLowered:
      '交叉验证使用 {folds} 折，而非默认的 {default} 折：数据集只有 {n} 个有标签的行，每折至少测试一行。',
    cvChosen: '{n} 个有标签的行：已选择交叉验证，因为这么小的测试集无法区分不同方法。',
    splitOnSmallTable: '{n} 个有标签的行：这么小的测试集无法区分不同方法，建议使用交叉验证。',
    cvStarted: '交叉验证 CV{id} 已开始；各折的运行显示在下方，得分在“比较”中。',
    cvFolds: {
      title: '交叉验证 CV{id}：所有折',
      hint: '每一折的测试得分；点击一折可查看其曲线。均值 ± 标准差取自已完成的折，与“比较”中相同。',
      fold: '折',
      macroF1: '{task} 宏 F1',
      accuracy: '{task} 准确率',
      mean: '均值 ± 标准差（{n} 折）',
      continue: '继续交叉验证',
      continueHint:
        'CV{id} 已停止（{status}），尚无一折完成；继续将以相同配置训练全部 {total} 折。 | CV{id} 已停止（{status}）：{total} 折中有 {kept} 折已完成并会保留；继续将以相同配置训练其余各折。 | CV{id} 已停止（{status}）：{total} 折中有 {kept} 折已完成并会保留；继续将以相同配置训练其余各折。',
      continued: '交叉验证 CV{id} 已继续。',
      failedReason: 'CV{id} 失败：',
      failsAgain:
        '继续会以相同配置再次训练失败的那一折，因此很可能以同样的方式再次失败：请先排除原因，或在表单中开始新的交叉验证。',
      stoppedState: STATUS_WORDS['zh-CN'].stoppedState,
      final: '用全部已标注行训练最终模型',
      finalHint:
        '各折衡量的是这一配置；它们的模型都没有见过全部的行。最终模型用全部已标注行再训练一次该配置，每个任务训练其各折最佳轮次的中位数（不早停，没有测试划分）：这是用于预测和导出的模型。其预期得分即上方的均值 ± 标准差。',
      finalStarted: 'CV{id} 的最终模型已开始训练（运行 #{run}）。',
      finalShown: '最终模型：运行 #{run}',
      finalShownRows: '最终模型：运行 #{run}，用全部 {rows} 个已标注行训练',
      finalLabelsChanged: '自运行 #{run} 训练以来标注已更改：新的最终模型会学习这些更改。',
      finalAgain: '用全部已标注行训练新的最终模型',
      finalAuto:
        '自动搜索的交叉验证没有可用全部行训练的单一配置（每折的搜索各自选择了配置）；请改在固定划分上训练一次自动搜索——在小表上它会用全部非测试行重新拟合。',
    },
    finalModel: {
      label: '交叉验证 #{cv} 的最终模型，用全部 {rows} 个已标注行训练了 {epochs} 轮',
      perTask: '各任务的轮数：{list}。',
      noTest:
        '没有测试得分：全部已标注行都用于训练此模型，没有留下可供测试的行。其预期得分为交叉验证的均值 ± 标准差：',
      expected: '{task}：宏 F1 {f1}，准确率 {accuracy}',
      option: '交叉验证 {cv} 的最终模型 — 用全部 {rows} 个已标注行训练',
      group: '最终模型（全部已标注行）— 推荐',
      split: '全部已标注行（CV{cv} 的最终模型）',
    },
    cvStopped: {
      title: '已停止的交叉验证',
      hint: '继续时保留已完成的折，并以相同配置训练其余各折。',
      showFolds: '查看各折',
    },
    auto: '自动',
    autoSection: '自动搜索',
    autoBaseNote:
      '自动搜索会自行选择架构；这两项设定它所尝试的 PLE 配置，与上方所选架构无关。上方的最大轮数限制它尝试的每个配置及其最终模型。',
    autoBudget: '自动搜索预算（秒）',
    autoPerFold:
      '交叉验证下预算按折计算：搜索约需每折 {budget} 秒 × {folds} 折 ≈ {total} 秒。此外还有每折的启动和所选配置最终模型的训练（各折搜索结束时给出估计）；并且在表格数据上第一个默认配置总会训练到结束，即使预算很小也会超出（在图像上，它的轮数会在第一轮之后被限制，以便在预算内结束）。',
    smallTestSplit:
      '“{task}”：测试部分只有 {n} 个已标注行，少于 {min} 个；这些评分几乎没有意义，请先标注更多行、以更大的测试比例重新划分，或改用交叉验证，再采信。',
    classBelowFoldsTestless: '至少 {without} 折',
    classBelowFolds:
      '“{task}”：最小的类别“{cls}”只有 {n} 个已标注行，少于 {folds} 折：{testless}的测试部分没有它的行，它的评分在各折之间波动很大；请先标注更多该类别的行，再采信这些评分。',
    targetsWithoutTask:
      '{columns} 被标记为目标列，但没有任务使用，因此也不是输入；请把它设为输入（在“数据”中设置角色），或为它添加任务（在“任务”中）。',
    autoSplitNote:
      '搜索约需 {budget} 秒。此外还有启动和所选配置最终模型的训练（搜索结束时给出估计）；并且在表格数据上第一个默认配置总会训练到结束，即使预算很小也会超出（在图像上，它的轮数会在第一轮之后被限制，以便在预算内结束）。',
    autoBrackets: 'Hyperband 分组数',
    autoBracketsHint:
      '分组数（1–{max}）：1 表示先用少量轮次训练许多配置，每一步保留最好的三分之一（逐次减半）；更多分组还会从一开始就以更多轮次训练较少的配置，在前几轮具有误导性时有帮助，但共用同一预算。',
    autoBracketsError: 'Hyperband 分组数：请输入 {min} 到 {max} 之间的整数。',
    autoBudgetError: '预算：请输入大于 0、至多 {max}（一天）的秒数。',
    autoHint:
      '仅在验证数据上，在预算内搜索架构、损失加权、宽度、学习率、dropout、权重衰减和类别权重，然后训练所选配置。',
    autoSearch: '自动搜索尝试过的配置（仅验证数据）',
    autoChosen: '已选择',
    hiddenNone: '无（线性模型）',
    cnnNetwork: '卷积 {filters}（{kernel}×{kernel}）→ 全连接 {dense}',
    cnnDenseNone: '无',
    cnnNetworkHeader: 'CNN 主干 → 全连接层',
    autoRunChosen: '自动 → {method}',
    autoSingleTask: '单任务',
    autoRunUnfinished: '自动（{status}）',
    autoFinal: '最终模型（本次运行）',
    autoFinalNote:
      '试验的得分基于{how}。最终模型是所选配置（试验 {trial}）在划分的训练行上重新训练、并在其验证行上早停的结果：该行显示本次运行自己的最佳轮次和验证 F1。',
    autoFinalKeptNote:
      '试验的得分基于{how}。最终模型就是试验 {trial} 自己的网络（在划分的训练行上按常规训练、并在其验证行上早停），直接保留而不重新训练，并加上在验证行上调出的逐类决策偏移：该行显示本次运行的最佳轮次和验证 F1。',
    autoFinalRefitNote:
      '试验的得分基于{how}。最终模型是所选配置（试验 {trial}）在所有非测试行（划分的训练行和验证行）上重新训练 {epochs}的结果，轮数取所选运行在各内部折上恢复轮次的平均值，不做早停：在这么小的数据集上，依据少量验证行早停大多是在追随噪声。该行的验证 F1 来自它训练过的行，并非留出数据。',
    autoRefitEpochs: '（全部行）',
    autoRefitScore: '（已参与训练）',
    autoRefitScoreTitle: '样本内：重新训练的模型训练过这些验证行，与各试验的留出分数不同。',
    autoRefitCount: '{n} 轮',
    autoRefitEach: '各任务各自的轮数（{list}）',
    autoBracket: 'Hyperband 分组',
    autoEpochs: '最佳轮次 / 已训练轮数',
    autoSelection:
      '{s} 秒内尝试了 {n} 个配置，按验证宏 F1 评分（{how}）；测试集只被所选模型读取一次。',
    autoInner: '在训练和验证行上的 {k} 个内部折',
    autoStarting: '自动：正在开始搜索…',
    autoPhase: {
      defaults: '自动：正在训练工作室默认配置',
      search: '自动：正在搜索',
      finalist: '自动：正在按正常训练方式训练搜索最佳配置',
    },
    autoTried: '已尝试 {n} 个配置',
    autoBest: '最佳验证宏 F1 {score}',
    autoClock: '{elapsed} 秒 / {budget} 秒',
    autoClockOver: '{budget} 秒预算已用完（已用 {elapsed} 秒）',
    autoClockFirstOver:
      '{budget} 秒预算已用完；正在完成第一个配置（工作室默认配置）（已用 {elapsed} 秒）',
    autoSearchDone: '自动：搜索完成 · 正在训练本次运行',
    autoEndSearch: '立即结束搜索',
    autoEndSearchTitle:
      '停止搜索，并按预算已用尽的方式继续：将目前验证分数最佳的配置训练为本次运行并评分',
    autoEndingEarly: '自动：已应你的要求提前结束搜索',
    autoEndingAfterFirst:
      '自动：已应你的要求提前结束搜索 · 正在等待第一个配置（工作室默认配置）训练完成',
    autoEndedEarlyShort: '已应你的要求提前结束搜索',
    autoPausedFinalWaits: '已暂停 · 搜索已结束；继续后才开始最终模型',
    autoPausedFirstWaits: '已暂停 · 继续后，第一个配置（工作室默认配置）训练完成时搜索即结束',
    autoFoldNoEnd: '交叉验证的折不提供“立即结束搜索”：每一折都用完整预算搜索，使各折可以相互比较。',
    autoEndedEarlyNote: '搜索已应你的要求提前结束：按预算已用尽的方式，在当时已尝试的配置中选择。',
    autoTrainingChosen: '自动：正在将所选配置（试验 {trial}）训练为本次运行 · {s} 秒内{tried}',
    autoKeepingChosen: '自动：保留试验 {trial} 自己的运行作为本次运行的模型 · {s} 秒内{tried}',
    autoRefittingChosen:
      '自动：正在所有非测试行上将所选配置（试验 {trial}）训练最多 {epochs}作为本次运行 · {s} 秒内{tried}',
    autoFinalEstimate: '预计还需约 {s} 秒，不计入预算',
    autoLiveTrials: '目前已尝试的配置（{n}）',
    autoWhere: '位置',
    autoRung: '分组 {bracket} · 阶段 {rung}',
    autoNormalRun: '按正常训练方式',
    autoStoppedForTime: '（预算用尽而停止）',
    autoEpochsCapped: '（因预算限制为 {epochs} 轮）',
    autoFirstCapped:
      '仅默认配置就约需 {s} 秒，超出 {budget} 秒的预算：其每折轮数暂时被限制为 {epochs}，以便在预算内结束（每轮结束后按其用时重新检查此上限）',
    autoEpochsCappedNote:
      '图像上的第一个默认配置：按其第一折各轮的用时，整个运行约需 {seconds} 秒，因此每个内部折的轮数被限制为 {epochs}，以便在预算内结束。',
    autoStoppedAtRequest: '（应你的要求停止）',
    autoStoppedAtRequestNote: '在你结束搜索时、早停结束之前停止；每个任务保留其最佳轮次的权重。',
    autoStoppedForTimeNote:
      '在早停结束之前于自动搜索预算（另加 {grace}%）用尽时停止；每个任务保留其最佳轮次的权重。',
    autoValidation: '验证集',
    autoCrowded:
      '没有搜索试验能放进预算：按正常训练方式训练的工作室默认配置用去了 {budget} 秒预算中的 {took} 秒，因此自动模式只在默认配置中选择。预算超过约 {needed} 秒时才会开始搜索（默认配置的用时再加上其中最耗时者的用时，留给搜索胜出者自己的训练）。',
    autoCrowdedChosen: '其中它选择了验证 F1 最高的试验 {trial}（{method}）：{score}；{others}。',
    autoCrowdedOnly: '它选择了试验 {trial}（{method}），也是唯一的一个。',
    autoCrowdedOther: '试验 {trial}：{score}',
    autoCrowdedSeparator: '，',
    trial: '试验',
    score: '验证 F1',
    method: '架构 · 加权',
    taskWeights: '任务权重',
    weight: '损失权重',
    weightLog: '损失权重（对数刻度）',
    gateUsage: '门控使用（第 {epoch} 轮）',
    gateUsageKept: '保留模型的门控使用（第 {epoch} 轮）',
    gateWeight: '平均门控权重',
    expert: '专家 {n}',
    ownExpert: '专属专家 {n}',
    sharedExpert: '共享专家 {n}',
    uniform: '均匀',
    gateHint:
      '每个任务的门控在验证集上分给各专家的平均权重。柱高相同（位于虚线上）表示门控没有专门化：各专家被同等使用，因此学到的是同样的东西。',
    gateHintFinal:
      '每个任务的门控分给各专家的平均权重。最终模型在所有已标注行上训练，没有验证集，因此这些权重并非来自留出数据。柱高相同（位于虚线上）表示门控没有专门化：各专家被同等使用，因此学到的是同样的东西。',
    ...trainingConfig.zhCN,
  },
  status: { ...STATUS_WORDS['zh-CN'].status },
  runs: {
    rename: '重命名',
    name: '运行名称',
    save: '保存',
    duplicate: '复制配置',
    duplicateHint: '用此运行的任务、划分和配置填写表单',
    duplicated: '表单已填入运行 {id} 的配置。',
    duplicateAutoHint:
      '用此运行的任务、划分和自动模式所选的配置填写表单：开始后按正常训练方式训练，并在验证行上早停——不会重新搜索，也不是自动模式在所有非测试行上的重新训练。',
    duplicatedAuto:
      '表单已填入自动模式为运行 {id} 所选的配置：开始后按正常训练方式训练并早停，而不是自动模式的搜索或重新训练。',
    delete: '删除',
    deleteTitle: '删除 {run}？',
    deleteMessage: '其曲线、测试分数、预测和模型将一并删除。在重新打开项目之前可以撤销。',
    deleteConfirm: '删除运行',
    deleted: '已删除 {run}。',
    undo: '撤销',
    notes: '备注',
    notesPlaceholder: '尝试了什么、需要记住什么……',
  },
};
