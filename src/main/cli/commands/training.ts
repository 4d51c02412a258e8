/**
 * `mtl-studio train`: train a run (`runs`, which lists them, is in runs.ts). Its options
 * are read in trainOptions.ts, its progress lines and warnings written by trainProgress.ts.
 */
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import {
  DEFAULT_AUTO_BUDGET_SECONDS,
  DEFAULT_TRAIN_CONFIG as D,
  MAX_AUTO_BRACKETS,
  MAX_FOLDS,
  type RunInfo,
} from '../../../shared/domain';
import { CHECKPOINT_TIME_RULE_SECONDS, MAX_CHECKPOINT_SECONDS } from '../../engine/checkpoint';
import { CROSS_VALIDATION_BELOW_ROWS, MAX_FOLD_REPEATS } from '../../engine/crossValidation';
import type { TrainHooks } from '../../services/training';
import type { CrossValidationRequest } from '../../services/crossValidation';
import { MtlError } from '../../../shared/errors';
import { finalModelExpectedScore, finalModelLabel } from '../../../shared/finalModel';
import { labelledRowsPerTask } from '../../services/finalModelEstimate';
import { classBelowFoldsWarning, classesBelowFolds } from '../../../shared/foldClasses';
import { DEFAULT_FOLDS, loweredFolds } from '../../../shared/foldCount';
import { printJson } from '../output';
import { int, isJson, num, progress, resolveDataset, scopeWords, withStore } from '../program';
import { configList, configNumber, taskWeight } from '../configFlags';
import {
  baselineCommand,
  printCrossValidation,
  smallTestFoldsWarnings,
  smallTestSplitWarnings,
} from './evaluation';
import { withBaselineMissingText } from '../baselineMissingText';
import { foldLeakageWarning, splitLeakageWarning } from './splits';
import { abortOnStopSignals } from '../stopSignals';
import {
  explainStop,
  stoppedBeforeRunError,
  stoppedCrossValidationError,
  stoppedRunError,
} from './trainingStop';
import { bestEpochPerTaskOf, printAutoSearch, printRun } from './trainingOutput';
import {
  optionsRefusedWithFinalOfCv,
  refusedWithFinalOfCvError,
  trainFinalOfCv,
} from './trainFinalOfCv';
import {
  ARCHITECTURE_NAMES,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_SECONDS,
  WEIGHTING_NAMES,
  brackets,
  budget,
  checkpointIgnoredWarning,
  checkpointPolicy,
  checkpointPolicyText,
  inapplicableOptionError,
  oneTaskWarning,
  targetsWithoutTaskWarning,
  optionsRefusedOnResume,
  refusedOnResumeError,
  repeatedTaskOption,
  taskListOption,
  trainTasksOf,
  trainConfigOf,
  withUnscoredTaskHint,
  type TrainCommandOptions,
} from './trainOptions';
import { runJson } from './runModel';
import { trainedRunWarnings } from './runWarnings';
import {
  autoBudgetLine,
  continuingLine,
  notesOf,
  notice,
  progressHooks,
  warn,
  warningsOf,
} from './trainProgress';

/** The architectures and weightings explained under `train --help` (see {@link loadTrainingHelp}). */
let methodsHelp = '';

/**
 * Loads the engine's registries for the text under `train --help` (one line per
 * architecture and weighting with its paper). Called by main() only when `train` is on
 * the command line and help may be asked for (`--help`, `-h`, `help`), so other commands,
 * and a `train` that shows no help, start without loading tfjs for it.
 */
export async function loadTrainingHelp(): Promise<void> {
  const [{ ARCHITECTURES }, { WEIGHTINGS }] = await Promise.all([
    import('../../engine/architectures'),
    import('../../engine/weighting'),
  ]);
  methodsHelp = [
    '',
    'Architectures (--arch):',
    ...Object.values(ARCHITECTURES).map(
      (a) => `  ${a.name.padEnd(13)} ${a.description} [${a.reference}]`,
    ),
    '',
    'Loss weighting (--weighting; not with --arch single-task, whose tasks share nothing: refused):',
    ...Object.values(WEIGHTINGS).map(
      (w) => `  ${w.name.padEnd(13)} ${w.description} [${w.reference}]`,
    ),
  ].join('\n');
}

/** Registers `train` (`runs` lists them: runs.ts). */
export function registerTrainingCommands(program: Command): void {
  program
    .command('train')
    .description("Train one run on a dataset's tasks and score it on the test split.")
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option(
      '--tasks <names...>',
      'tasks to train together, space- or comma-separated (default: all)',
      taskListOption,
    )
    .addOption(
      new Option(
        '--task <name>',
        'a task to train, its name taken whole (commas included, e.g. --task "size, coarse"); repeatable, one task each; not with --tasks',
      )
        .argParser(repeatedTaskOption)
        .conflicts('tasks'),
    )
    .addOption(
      new Option('--arch <name>', 'architecture (see below), or auto: search it on validation data')
        .choices([...ARCHITECTURE_NAMES, 'auto'])
        .default('hard-sharing'),
    )
    .option(
      '--budget <time>',
      `search budget of --arch auto, e.g. 60s, 2m or 1h (default ${DEFAULT_AUTO_BUDGET_SECONDS}s); per fold under cross-validation (--evaluation cv, which auto picks below ${CROSS_VALIDATION_BELOW_ROWS} labelled rows), so 5 folds take about 5× as long`,
      budget,
    )
    .option(
      '--brackets <n>',
      `Hyperband brackets per sweep of --arch auto, 1 to ${MAX_AUTO_BRACKETS} (default 1: successive halving)`,
      brackets,
    )
    .addOption(
      new Option(
        '--evaluation <mode>',
        `split: one run scored on the test split; cv: stratified k-fold, one run per fold; auto: cv below ${CROSS_VALIDATION_BELOW_ROWS} labelled rows`,
      )
        .choices(['auto', 'split', 'cv'])
        .default('auto'),
    )
    .option(
      '--folds <k>',
      `folds of --evaluation cv, 2 to ${MAX_FOLDS} (default 5)`,
      int('--folds', 2, MAX_FOLDS),
    )
    .option(
      '--repeats <n>',
      `repetitions of the k folds, 1 to ${MAX_FOLD_REPEATS} (default 1)`,
      int('--repeats', 1, MAX_FOLD_REPEATS),
    )
    .option('--cv-seed <n>', 'seed of the folds (default 42)', int('--cv-seed'))
    .option(
      '--fresh',
      'start a new cross-validation even when a stopped one with the same folds, tasks and configuration exists (by default that one is continued: its finished folds are kept, the others trained)',
    )
    .option(
      '--final',
      "after the cross-validation, train its final model: the same configuration once on every labelled row, each task for the median of the folds' early-stopping epochs, without early stopping and without a test split (its expected score is the cross-validation's mean ± std); the model to export and predict with, listed first. Not with --arch auto (each fold's search chose its own configuration) nor --evaluation split",
    )
    .option(
      '--final-of-cv <id>',
      "train the final model of an existing, completed cross-validation (its id: `evaluate` lists them), as the Train view's button does: its configuration once on every labelled row, each task for the median of its folds' early-stopping epochs, no validation and no test split (its expected score is the cross-validation's mean ± std). Not for a cross-validation of --arch auto. Takes only -p, --in-process and --json",
      int('--final-of-cv', 1),
    )
    .addOption(
      new Option(
        '--early-stopping <metric>',
        `what early stopping watches on the validation split (default ${D.earlyStopping})`,
      ).choices(['macroF1', 'loss']),
    )
    .addOption(
      new Option(
        '--lr-schedule <name>',
        `plateau: halve the learning rate on plateaus (default ${D.lrSchedule})`,
      ).choices(['plateau', 'none']),
    )
    .option(
      '--patience-steps <n>',
      `early stopping waits at least this many steps (raises the patience on small tables; default ${D.patienceSteps}, 0 when --patience is given)`,
      configNumber('--patience-steps', 'patienceSteps'),
    )
    .option(
      '--weight-decay <x>',
      `L2 penalty on kernels (default ${D.weightDecay})`,
      configNumber('--weight-decay', 'weightDecay'),
    )
    .addOption(
      new Option(
        '--weighting <name>',
        'loss weighting / gradient method (see below; default: equal, or static with --task-weight)',
      ).choices(WEIGHTING_NAMES),
    )
    .option(
      '--task-weight <task=w>',
      'static loss weight of a task (repeatable; implies --weighting static if none given)',
      taskWeight,
    )
    .addOption(
      new Option(
        '--class-weights <mode>',
        `per-class loss weights, 'balanced' = n / (k · count) (default ${D.classWeights})`,
      ).choices(['none', 'balanced']),
    )
    .option(
      '--experts <n>',
      `experts of MMoE / shared experts per level of PLE (default ${D.numExperts})`,
      configNumber('--experts', 'numExperts'),
    )
    .option(
      '--expert-units <units>',
      `layer widths of each expert (default ${D.expertUnits.join(',')})`,
      configList('--expert-units', 'expertUnits'),
    )
    .option(
      '--levels <n>',
      `extraction levels of PLE, 1 = CGC (default ${D.numLevels})`,
      configNumber('--levels', 'numLevels'),
    )
    .option(
      '--specific-experts <n>',
      `task-specific experts per task and level of PLE (default ${D.specificExperts})`,
      configNumber('--specific-experts', 'specificExperts'),
    )
    .option(
      '--epochs <n>',
      `maximum epochs (default ${D.epochs}); with --arch auto the cap of every search trial and of the final model`,
      configNumber('--epochs', 'epochs'),
    )
    .option(
      '--batch-size <n>',
      `rows per mini-batch (default ${D.batchSize})`,
      configNumber('--batch-size', 'batchSize'),
    )
    .option(
      '--lr <x>',
      `Adam learning rate (default ${D.learningRate})`,
      configNumber('--lr', 'learningRate'),
    )
    .option(
      '--seed <n>',
      `seed of initialisation and shuffling (default ${D.seed})`,
      configNumber('--seed', 'seed'),
    )
    .option(
      '--patience <n>',
      `early-stopping patience in epochs, 0 = off (default ${D.patience})`,
      configNumber('--patience', 'patience'),
    )
    .option(
      '--hidden <units>',
      `hidden dense layer widths of the trunk, after the conv blocks of a CNN; '' = none, each head reads the inputs (default ${D.hiddenUnits.join(',')})`,
      configList('--hidden', 'hiddenUnits'),
    )
    .option(
      '--head-units <n>',
      `units of the hidden layer of each task's head, 0 = a linear head (default ${D.headUnits})`,
      configNumber('--head-units', 'headUnits'),
    )
    .option(
      '--dropout <x>',
      `dropout rate (default ${D.dropout})`,
      configNumber('--dropout', 'dropout'),
    )
    .addOption(
      new Option(
        '--trunk <kind>',
        'shared trunk: cnn (conv blocks on the pixels) or mlp (dense layers on table columns) (default: cnn for an image dataset, mlp for a table)',
      ).choices(['mlp', 'cnn']),
    )
    .option(
      '--conv-filters <filters>',
      `CNN trunk: filters of each conv → ReLU → 2×2 max-pool block (default ${D.convFilters.join(',')})`,
      configList('--conv-filters', 'convFilters'),
    )
    .option(
      '--conv-kernel <n>',
      `CNN trunk: side of the square conv kernels, odd or even (default ${D.convKernel})`,
      configNumber('--conv-kernel', 'convKernel'),
    )
    .addOption(
      new Option(
        '--augment-flip <mode>',
        `images: mirror training images left–right at random (default ${D.augmentFlip})`,
      ).choices(['none', 'horizontal']),
    )
    .option(
      '--augment-shift <px>',
      `images: largest random shift of training images in pixels (default ${D.augmentShift})`,
      configNumber('--augment-shift', 'augmentShift'),
    )
    .option(
      '--augment-brightness <x>',
      `images: largest random relative brightness change of training images, e.g. 0.2 (default ${D.augmentBrightness})`,
      configNumber('--augment-brightness', 'augmentBrightness'),
    )
    .addOption(
      new Option('--backend <name>', 'force a backend').choices([
        'auto',
        'tensorflow-gpu',
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .option(
      '--split-seed <n>',
      'create a new split with this seed before training',
      int('--split-seed'),
    )
    .option('--in-process', 'train in this process instead of a child process')
    .option(
      '--resume <run>',
      "continue a stopped (interrupted, failed, cancelled) run from its last checkpoint: the same run, its remaining epochs, saving checkpoints as the run was told to (its --checkpoint-every and --checkpoint-seconds are kept with it; a run stored by an earlier version uses the default). Options that define a run (--arch, --epochs, --lr, --tasks, --evaluation, --backend …) are refused: a resumed run keeps its stored configuration; besides -p and --json it takes --in-process and the checkpoint options. Checkpoint options given again make a whole new policy, as for a new run (one not given takes its default, not the run's), which replaces the run's and is kept",
      int('--resume'),
    )
    .option(
      '--checkpoint-every <n>',
      `save a checkpoint to resume from after every n epochs, 0 = none; given alone, every n epochs whatever the time (default: after an epoch once ${DEFAULT_CHECKPOINT_SECONDS} s have passed since the last checkpoint or the start; not under cross-validation, whose folds are not resumed, nor in an Auto run: a warning says so; kept with the run, for --resume and restart)`,
      int('--checkpoint-every', 0),
    )
    .option(
      '--checkpoint-seconds <s>',
      `at least s seconds between checkpoints (and before the first), 0 to ${MAX_CHECKPOINT_SECONDS} (a day): a checkpoint follows the first epoch that is both n epochs (--checkpoint-every, default ${DEFAULT_CHECKPOINT_EVERY}) and s seconds after the last one (default ${DEFAULT_CHECKPOINT_SECONDS}, or 0 when --checkpoint-every is given), or, whatever n, that ends ${CHECKPOINT_TIME_RULE_SECONDS} s or more (never under s) after it`,
      num('--checkpoint-seconds', 0, MAX_CHECKPOINT_SECONDS),
    )
    .addHelpText('after', () => methodsHelp)
    .action(
      withUnscoredTaskHint(async (opts: TrainCommandOptions, cmd: Command) => {
        if (opts.finalOfCv !== undefined) {
          // Refused, not ignored: the final model trains the cross-validation's configuration.
          const notApplying = optionsRefusedWithFinalOfCv(cmd);
          if (notApplying.length > 0) throw refusedWithFinalOfCvError(opts.finalOfCv, notApplying);
          return trainFinalOfCv(opts.project, opts.finalOfCv, { inProcess: opts.inProcess });
        }
        // Refused, not ignored: a resume trains the run's stored configuration.
        const refused = optionsRefusedOnResume(cmd);
        if (opts.resume !== undefined && refused.length > 0) {
          // A run that cannot be resumed at all says so first (a new user left the options
          // out as told, only to hear then that the run was completed). A project file that
          // is not there cannot tell: the options are refused all the same.
          const resumeId = opts.resume;
          if (existsSync(opts.project)) {
            const { assertResumable } = await import('../../services/trainingResume');
            await withStore(opts.project, false, (store) => assertResumable(store, resumeId));
          }
          throw refusedOnResumeError(resumeId, refused, process.argv.slice(2));
        }
        const auto = opts.arch === 'auto';
        // Found by a new user: `--budget 2m` without `--arch auto`, `--folds` on the split …
        // were silently ignored; refused, naming what they need.
        const inapplicable = inapplicableOptionError(opts);
        if (inapplicable) throw inapplicable;
        const config = trainConfigOf(opts);
        const tasks = trainTasksOf(opts);
        const [
          { trainAutoRun },
          {
            crossValidate,
            defaultFolds,
            findContinuableCrossValidation,
            labelledRows,
            shouldCrossValidate,
          },
          { compareCrossValidations },
          { ensureSplit, trainRun },
          { checkHasTasks },
          { listTaskSummaries },
        ] = await Promise.all([
          import('../../services/autoTraining'),
          import('../../services/crossValidation'),
          import('../../services/evaluation'),
          import('../../services/training'),
          import('../../services/trainingJobs'),
          import('../../services/tasks'),
        ]);
        const controller = new AbortController();
        // Ctrl-C or a plain kill: stop training and say so (a run or cross-validation begun is
        // stored as cancelled; one not begun yet is not stored). Heard from here on, so a stop
        // while the project is read is told too (not a silent death).
        const stopSignal = abortOnStopSignals(controller);
        // Auto's `auto: search done …` line with the final training's estimate, kept for a
        // single run's --json `notes` (under cross-validation each fold has its own).
        const searchDone: string[] = [];
        const hooks: TrainHooks = {
          mode: opts.inProcess ? 'in-process' : 'process',
          signal: controller.signal,
          checkpoints: checkpointPolicy(opts.checkpointEvery, opts.checkpointSeconds),
          ...progressHooks(config.epochs ?? D.epochs, 'validation', searchDone),
        };
        if (opts.resume !== undefined) {
          const { resumeRun } = await import('../../services/trainingResume');
          const runId = opts.resume;
          const resumed = await withStore(opts.project, false, async (store) => {
            // Said as it runs again, with the policy resumeRun trains with (the options given
            // again, else those kept with the run, else the default: resumeCheckpointPolicy).
            const onStarted = (run: RunInfo): void =>
              progress(
                `resuming run ${runId} after epoch ${run.checkpointEpoch} (checkpoints: ${checkpointPolicyText(run.checkpointPolicy!)}${hooks.checkpoints !== undefined ? ', as given' : ''})`,
              );
            const run = await resumeRun(store, runId, { ...hooks, onStarted }).catch(
              async (err: unknown) => {
                throw await explainStop(err, stopSignal(), () =>
                  stoppedRunError(store, runId, stopSignal()!, opts.project),
                );
              },
            );
            // Said again as a fresh run's `train` says them (the leakage of its test split …).
            const scope = await scopeWords(store, opts.project, run.datasetId, undefined);
            return {
              run,
              last: (await store.training.listEpochs(runId)).at(-1),
              perTask: await bestEpochPerTaskOf(store, run),
              warnings: await trainedRunWarnings(store, run, scope),
            };
          });
          // Each task's kept epoch beside the run's `bestEpoch`, as a new run's summary says them.
          const { perTask } = resumed;
          if (isJson())
            return printJson({
              run: perTask ? { ...resumed.run, bestEpochPerTask: perTask } : resumed.run,
              ...warningsOf(resumed.warnings),
            });
          return printRun(resumed.run, resumed.last, perTask);
        }
        const warnings: string[] = [];
        const notes: string[] = [];
        const cv = await withStore(opts.project, false, async (store) => {
          const datasetId = await resolveDataset(store, opts.dataset);
          // The commands the hints name, with this project (and -d where it takes one).
          const scope = await scopeWords(store, opts.project, datasetId, opts.dataset);
          // No task: refused before any note (Auto's budget line) or warning is said.
          await checkHasTasks(store, datasetId).catch((err: unknown) => {
            if (err instanceof MtlError && err.message.includes('-p <project>'))
              throw new MtlError(
                err.code,
                err.message.replaceAll('-p <project>', scope),
                err.details,
              );
            throw err;
          });
          const oneTask = await oneTaskWarning(store, datasetId, opts.arch, tasks);
          warn(warnings, oneTask);
          // Targets no task uses are neither inputs nor tasks: said, not silently left out.
          warn(warnings, await targetsWithoutTaskWarning(store, datasetId, scope));
          if (!(await shouldCrossValidate(store, datasetId, opts.evaluation))) {
            // Said, not silently dropped: a plain run is always new.
            if (opts.fresh)
              warn(
                warnings,
                '--fresh is ignored: it applies to cross-validation (--evaluation cv); a run on the split is always a new run',
              );
            // --evaluation auto chose the split (given --evaluation split, they are refused).
            const cvOnly = [
              ...(opts.folds !== undefined ? ['--folds'] : []),
              ...(opts.repeats !== undefined ? ['--repeats'] : []),
              ...(opts.cvSeed !== undefined ? ['--cv-seed'] : []),
            ];
            if (opts.final) cvOnly.push('--final');
            if (cvOnly.length > 0)
              warn(
                warnings,
                `${cvOnly.join(' and ')} ${cvOnly.length === 1 ? 'is' : 'are'} ignored: --evaluation auto chose a run on the split (${CROSS_VALIDATION_BELOW_ROWS} labelled rows or more); to cross-validate, give --evaluation cv`,
              );
            return null;
          }
          // --evaluation auto chose cross-validation (given --evaluation cv, it is refused).
          if (opts.splitSeed !== undefined)
            warn(
              warnings,
              `--split-seed is ignored: --evaluation auto chose cross-validation (fewer than ${CROSS_VALIDATION_BELOW_ROWS} labelled rows), whose folds are drawn with --cv-seed; to train on a new split, give --evaluation split`,
            );
          warn(
            warnings,
            checkpointIgnoredWarning(
              opts.checkpointEvery,
              opts.checkpointSeconds,
              auto ? 'auto-cv' : 'cv',
            ),
          );
          // A class with fewer labelled rows than the folds: some folds test on no row of it
          // (shared/foldClasses.ts; the Train view warns alike). Said at the first fold, after
          // the note on fewer folds that explains their number (found by a new user: a 4-row
          // table warned of "the 4 folds" before saying why 4); the folds unchanged.
          const belowFolds = classesBelowFolds(
            (await listTaskSummaries(store, datasetId)).filter(
              (t) => tasks === undefined || tasks.includes(t.name),
            ),
            opts.folds ?? defaultFolds(await labelledRows(store, datasetId)),
          ).map(classBelowFoldsWarning);
          const budgetSeconds = opts.budget ?? DEFAULT_AUTO_BUDGET_SECONDS;
          let evaluationId: number | null = null;
          const at = { done: 0, total: 0 };
          const request: CrossValidationRequest = {
            datasetId,
            tasks,
            method: auto
              ? {
                  kind: 'auto',
                  budgetSeconds,
                  seed: opts.seed ?? D.seed,
                  ...(opts.brackets !== undefined ? { brackets: opts.brackets } : {}),
                  // --epochs and the other options cap and fix every fold's search, as
                  // they do a single Auto run's.
                  ...(Object.keys(config).length > 0 ? { base: config } : {}),
                }
              : { kind: 'fixed', config },
            plan: {
              ...(opts.folds !== undefined ? { k: opts.folds } : {}),
              ...(opts.repeats !== undefined ? { repeats: opts.repeats } : {}),
              ...(opts.cvSeed !== undefined ? { seed: opts.cvSeed } : {}),
            },
          };
          // The same command after a stop continues that cross-validation (found by a new
          // user: it began a new one and trained every fold again); --fresh begins anew.
          const stopped = opts.fresh ? null : await findContinuableCrossValidation(store, request);
          let toTrain: number | null = null;
          if (stopped) {
            const scheme = await store.splits.foldScheme(stopped.schemeId);
            const runs = await Promise.all(
              stopped.runs.map(async (r) => ({
                ...r,
                run: await store.training.getRun(r.runId),
              })),
            );
            const kept = scheme.folds
              .map((f, i) => ({ ...f, n: i + 1 }))
              .filter((f) =>
                runs.some(
                  (r) => r.repeat === f.repeat && r.fold === f.fold && r.run.status === 'completed',
                ),
              )
              .map((f) => f.n);
            toTrain = scheme.folds.length - kept.length;
            notice(notes, continuingLine(stopped.id, stopped.status, kept, scheme.folds.length));
            request.continueId = stopped.id;
          }
          // Fewer folds than the default on a small table, said at the first fold (found by a
          // new user: a 4-row table trained "fold 1 of 4" without a word).
          const lowered =
            stopped || opts.folds !== undefined
              ? null
              : foldsLoweredLine(await labelledRows(store, datasetId));
          let announced = false;
          const evaluation = await crossValidate(store, request, {
            ...hooks,
            onEvaluation: (e) => (evaluationId = e.id),
            onFold: (done, total) => {
              // The budget is each fold's: say what the whole will take before it starts
              // (with --json too: found by a new user, it was kept off with the progress).
              if (!announced && lowered !== null) notice(notes, lowered);
              if (!announced) for (const w of belowFolds) warn(warnings, w);
              if (auto && !announced)
                notice(notes, autoBudgetLine(budgetSeconds, toTrain ?? total));
              announced = true;
              progress(`fold ${done} of ${total}`);
              Object.assign(at, { done, total });
            },
          }).catch(async (err: unknown) => {
            throw await explainStop(err, stopSignal(), async () =>
              evaluationId === null
                ? stoppedBeforeRunError(
                    stopSignal()!,
                    'the cross-validation',
                    process.argv.slice(2),
                  )
                : stoppedCrossValidationError(
                    store,
                    evaluationId,
                    at,
                    stopSignal()!,
                    process.argv.slice(2),
                  ),
            );
          });
          // Test rows of a fold that repeat its training rows' inputs (a file of repeated
          // rows): said next to the scores they inflate; the folds are never changed.
          const { foldSchemeLeakage } = await import('../../services/splits');
          warn(warnings, foldLeakageWarning(await foldSchemeLeakage(store, evaluation.schemeId)));
          const summary = (await compareCrossValidations(store, datasetId)).find(
            (x) => x.evaluation.id === evaluation.id,
          )!;
          // Folds that test a task on a handful of rows: said next to the scores they blur.
          for (const w of smallTestFoldsWarnings(summary)) warn(warnings, w);
          if (!opts.final) return { summary, final: null, perTask: null, scope };
          // --final: the same configuration on every labelled row (services/finalModel.ts).
          const { trainFinalModel } = await import('../../services/finalModel');
          progress(
            `final model of cross-validation ${evaluation.id}: training on every labelled row`,
          );
          let finalId: number | null = null;
          let finalEpochs = 0;
          const final = await trainFinalModel(store, evaluation.id, {
            ...hooks,
            // No validation rows: each epoch line gives the training loss only.
            ...progressHooks(() => finalEpochs, 'none'),
            onStarted: (run) => {
              finalId = run.id;
              finalEpochs = run.config.epochs;
            },
          }).catch(async (err: unknown) => {
            throw await explainStop(err, stopSignal(), async () =>
              finalId === null
                ? stoppedBeforeRunError(stopSignal()!, 'the run', process.argv.slice(2))
                : stoppedRunError(store, finalId, stopSignal()!, opts.project),
            );
          });
          return { summary, final, perTask: await labelledRowsPerTask(store, final), scope };
        });
        if (cv) {
          if (isJson())
            return printJson({
              crossValidation: withBaselineMissingText(
                cv.summary,
                baselineCommand(cv.scope, cv.summary.scheme, cv.summary.evaluation.tasks),
              ),
              ...(cv.final ? { finalRun: runJson(cv.final) } : {}),
              ...warningsOf(warnings),
              ...notesOf(notes),
            });
          printCrossValidation(cv.summary, cv.scope);
          if (cv.final) {
            console.log(`\nRun ${cv.final.id}: ${finalModelLabel(cv.final.finalOf!, cv.perTask)}.`);
            console.log(`Its ${finalModelExpectedScore(cv.summary)}.`);
          }
          return;
        }
        const { run, last, search, perTask } = await withStore(
          opts.project,
          false,
          async (store) => {
            const datasetId = await resolveDataset(store, opts.dataset);
            const split =
              opts.splitSeed !== undefined
                ? await ensureSplit(store, datasetId, { seed: opts.splitSeed, fresh: true })
                : undefined;
            if (auto) {
              warn(
                warnings,
                checkpointIgnoredWarning(
                  opts.checkpointEvery,
                  opts.checkpointSeconds,
                  'auto',
                  opts.project,
                ),
              );
            }
            // What the budget covers and what comes on top, before the wait (as under CV).
            if (auto)
              notice(notes, autoBudgetLine(opts.budget ?? DEFAULT_AUTO_BUDGET_SECONDS, null));
            let runId: number | null = null;
            const started: TrainHooks = { ...hooks, onStarted: (run) => (runId = run.id) };
            const trained = await (
              auto
                ? trainAutoRun(
                    store,
                    {
                      datasetId,
                      tasks,
                      splitId: split?.id,
                      budgetSeconds: opts.budget,
                      seed: opts.seed,
                      brackets: opts.brackets,
                      base: config,
                    },
                    started,
                  )
                : trainRun(store, { datasetId, tasks, config, splitId: split?.id }, started)
            ).catch(async (err: unknown) => {
              throw await explainStop(err, stopSignal(), async () =>
                runId === null
                  ? stoppedBeforeRunError(stopSignal()!, 'the run', process.argv.slice(2))
                  : stoppedRunError(store, runId, stopSignal()!, opts.project),
              );
            });
            // Test rows that repeat a training row's inputs (a file of repeated rows): said
            // next to the scores they inflate; the split itself is never changed.
            const { describeSplit } = await import('../../services/splits');
            const { leakage } = await describeSplit(store, trained.splitId);
            warn(warnings, splitLeakageWarning(leakage));
            // A test split of a handful of rows (1 % of penguins: 3): said next to the scores it
            // blurs, as cross-validation says it of small folds.
            for (const w of smallTestSplitWarnings(trained)) warn(warnings, w);
            const search = auto ? await store.training.autoSearch(trained.id) : null;
            return {
              run: trained,
              last: (await store.training.listEpochs(trained.id)).at(-1),
              search,
              perTask: await bestEpochPerTaskOf(store, trained, search),
            };
          },
        );
        if (isJson())
          return printJson({
            // Each task's kept epoch beside the run's `bestEpoch` (kept for compatibility).
            run: perTask ? { ...run, bestEpochPerTask: perTask } : run,
            ...(search ? { search } : {}),
            ...warningsOf(warnings),
            ...notesOf([...notes, ...searchDone]),
          });
        if (search) printAutoSearch(search, run);
        printRun(run, last, perTask);
      }),
    );
}

/**
 * The note `train` prints when cross-validation on a table of fewer labelled rows than the
 * default folds (5) uses fewer folds, as shared/foldCount.ts `loweredFolds` chooses them (each
 * fold tests at least one row), e.g. for 4 rows "cross-validation with 4 folds, not the
 * default 5: the dataset has only 4 labelled rows, and each fold tests at least one (--folds
 * 2–4 chooses)"; null when the default holds, and below 2 rows (refused, saying why).
 * @param labelled the dataset's rows labelled for at least one task
 */
export function foldsLoweredLine(labelled: number): string | null {
  const k = loweredFolds(labelled);
  if (k === null) return null;
  const choose = k > 2 ? ` (--folds 2–${k} chooses)` : '';
  return `cross-validation with ${k} folds, not the default ${DEFAULT_FOLDS}: the dataset has only ${labelled} labelled rows, and each fold tests at least one${choose}`;
}
