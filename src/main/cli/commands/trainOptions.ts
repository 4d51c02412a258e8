/**
 * The options of `mtl-studio train` read and checked: the Auto search's --budget and
 * --brackets, the --arch and --weighting choices, the checkpoint policy and its warnings,
 * the --tasks and --task lists, and the hint naming --tasks when a task cannot be scored.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  MAX_AUTO_BRACKETS,
  MAX_AUTO_BUDGET_SECONDS,
  type ArchitectureName,
  type CheckpointPolicy,
  type TrainConfig,
  type WeightingName,
} from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { shellWord } from '../../../shared/shellWord';
import { targetsWithoutTask } from '../../../shared/targetColumns';
import { rerunCommand } from '../rerun';
import { DEFAULT_CHECKPOINT_POLICY } from '../../engine/checkpoint';
import type { TrainHooks } from '../../services/training';
import type { ProjectStore } from '../../store/projectStore';

/**
 * "60s", "2m", "1h", "90" (seconds) → seconds.
 * @throws InvalidArgumentError (a usage error naming the option and the range) for another
 *   form, or for a budget of 0 or less or more than a day (86 400 s), which the Auto search
 *   refuses: "--budget must be more than 0 and at most 86400 seconds (a day), got "-1".".
 */
export function budget(value: string): number {
  const range = `more than 0 and at most ${MAX_AUTO_BUDGET_SECONDS} seconds (a day)`;
  // A sign is read so that "-1" is told the range, not only the form.
  const m = /^([+-]?\d+(?:\.\d+)?)\s*(s|m|min|h)?$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(
      `--budget must be like 60s, 2m or 1h, ${range}, got "${value}".`,
    );
  const seconds = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] && m[2] !== 's' ? 60 : 1);
  if (!(seconds > 0 && seconds <= MAX_AUTO_BUDGET_SECONDS))
    throw new InvalidArgumentError(`--budget must be ${range}, got "${value}".`);
  return seconds;
}

/** "2" → 2: Hyperband brackets of --arch auto, a whole number from 1 to 3. */
export function brackets(value: string): number {
  const n = Number(value);
  if (!(/^\d+$/.test(value.trim()) && n >= 1 && n <= MAX_AUTO_BRACKETS))
    throw new InvalidArgumentError(
      `--brackets must be a whole number from 1 to ${MAX_AUTO_BRACKETS}, got "${value}".`,
    );
  return n;
}

// The names only: the registries themselves load tfjs, which `--help` must not wait for.
// `satisfies` keeps these lists equal to the domain's unions.
/** The choices of `--arch` (besides auto): the architecture names, in the help's order. */
export const ARCHITECTURE_NAMES = Object.keys({
  'single-task': 1,
  'hard-sharing': 1,
  mmoe: 1,
  ple: 1,
  'cross-stitch': 1,
} satisfies Record<ArchitectureName, 1>);
/** The choices of `--weighting`: the loss weighting names, in the help's order. */
export const WEIGHTING_NAMES = Object.keys({
  equal: 1,
  static: 1,
  uncertainty: 1,
  dwa: 1,
  gradnorm: 1,
  pcgrad: 1,
} satisfies Record<WeightingName, 1>);

/** The service's checkpoint policy, named in the help (checkpoint.ts loads no tfjs). */
export const { everyEpochs: DEFAULT_CHECKPOINT_EVERY, minSeconds: DEFAULT_CHECKPOINT_SECONDS } =
  DEFAULT_CHECKPOINT_POLICY;

/**
 * Checkpoint policy of `--checkpoint-every N` and `--checkpoint-seconds S`. A checkpoint
 * follows an epoch when both hold: N epochs since the last one, and S seconds since the
 * last one (or the start). Neither given: the service's default (every epoch, at most one
 * per 10 s). N given alone wins over the default seconds (S = 0: every N epochs whatever
 * the time; a new user asked for `--checkpoint-every 1`, killed a 1 300-epoch run at 4 s
 * and had none). S given alone: every epoch once S seconds have passed. N = 0: none. Any N:
 * also after an epoch ending 30 s or more after the last (engine/checkpoint.ts checkpointDue).
 * @returns false (no checkpoints), undefined (the service's default) or the policy.
 */
export function checkpointPolicy(every?: number, seconds?: number): TrainHooks['checkpoints'] {
  if (every === 0) return false;
  if (every === undefined && seconds === undefined) return undefined;
  return {
    everyEpochs: every ?? DEFAULT_CHECKPOINT_EVERY,
    minSeconds: seconds ?? (every !== undefined ? 0 : DEFAULT_CHECKPOINT_SECONDS),
  };
}

/**
 * A checkpoint policy in the words of the options, for the line a resume prints: "none",
 * "every 1 epoch", "every 3 epochs, at least 10 s apart".
 */
export function checkpointPolicyText(policy: CheckpointPolicy | false): string {
  if (policy === false) return 'none';
  const { everyEpochs: n, minSeconds: s } = policy;
  return `every ${n} epoch${n === 1 ? '' : 's'}${s > 0 ? `, at least ${s} s apart` : ''}`;
}

/**
 * The warning when --checkpoint-every or --checkpoint-seconds is given to a training that
 * saves no checkpoint, else null: the folds of a cross-validation (services/
 * crossValidation.ts trains them with `checkpoints: false`; a stopped one is continued,
 * its stopped fold trained again from its first epoch), an Auto run (autoTraining.ts sets no checkpoint policy; a stopped one is searched
 * again with `restart`), and so an Auto search under cross-validation. Only the options
 * that ask for a checkpoint are named (`--checkpoint-every 0` asks for none, so it never
 * is), one "is ignored", two "are ignored". E.g. "--checkpoint-every is ignored:
 * cross-validation folds are not checkpointed (a stopped cross-validation is continued by
 * the same command: its finished folds are kept, a stopped fold trains again from its first
 * epoch); to checkpoint, train on the split with --evaluation split".
 * @param under what trains: 'cv' (a fixed-configuration cross-validation), 'auto-cv' (an
 *   Auto search per fold) or 'auto' (one Auto run).
 * @param project the project file, for the restart command the Auto warning suggests
 *   (quoted for a POSIX shell by shellWord); without it, "<project>".
 */
export function checkpointIgnoredWarning(
  every: number | undefined,
  seconds: number | undefined,
  under: 'cv' | 'auto-cv' | 'auto',
  project?: string,
): string | null {
  const given = [
    ...(every !== undefined && every !== 0 ? ['--checkpoint-every'] : []),
    ...(seconds !== undefined ? ['--checkpoint-seconds'] : []),
  ];
  if (given.length === 0) return null;
  const flags = `${given.join(' and ')} ${given.length === 1 ? 'is' : 'are'} ignored`;
  const p = project === undefined ? '<project>' : shellWord(project);
  switch (under) {
    case 'cv':
      return `${flags}: cross-validation folds are not checkpointed (a stopped cross-validation is continued by the same command: its finished folds are kept, a stopped fold trains again from its first epoch); to checkpoint, train on the split with --evaluation split`;
    case 'auto-cv':
      return `${flags}: an Auto search is never checkpointed, under cross-validation or on the split (a stopped cross-validation is continued by the same command: its finished folds are kept, a stopped fold searches again)`;
    case 'auto':
      return `${flags}: an Auto run is not checkpointed (a stopped one is searched again from the start with mtl-studio restart <run> -p ${p})`;
  }
}

/**
 * The warning for a multi-task architecture trained on one task (the studio's Train form
 * shows the same as 'oneTaskSharing'): it has nothing to share and trains like a
 * single-task network, so its Δm only measures noise. Null otherwise (and for auto, which
 * chooses the architecture itself, and for a task the dataset does not have).
 * @param tasks the tasks asked for, or undefined for all of the dataset's tasks
 */
export async function oneTaskWarning(
  store: ProjectStore,
  datasetId: number,
  arch: TrainConfig['arch'] | 'auto',
  tasks: string[] | undefined,
): Promise<string | null> {
  if (arch === 'auto' || arch === 'single-task') return null;
  const known = (await store.tasks.list(datasetId)).map((t) => t.name);
  const names = tasks ?? known;
  // An unknown task is refused by the training itself, naming the tasks there are.
  if (names.length !== 1 || !known.includes(names[0])) return null;
  return `only one task (${names[0]}): ${arch} has nothing to share between tasks and trains like a single-task network; train it with other tasks (--tasks a b …) or use --arch single-task`;
}

/**
 * The warning for columns marked as a target that no task uses (shared/targetColumns.ts; the
 * Train view shows the same as 'train.targetsWithoutTask'): training leaves them out, as
 * neither an input nor a task. Null when there are none.
 * @param columns their names, in column order (see {@link targetsWithoutTask})
 * @param scope the `-p FILE [-d N]` the commands it names need (program.ts scopeWords),
 *   e.g. `mtl-studio columns -p p.mtlproj -d 2 --role …`; without it, none.
 */
export function targetsWithoutTaskText(columns: readonly string[], scope?: string): string | null {
  if (columns.length === 0) return null;
  const one = columns.length === 1;
  const names = columns.join(', ');
  const at = scope === undefined ? '' : ` ${scope}`;
  return `${names} ${one ? 'is' : 'are'} marked as ${one ? 'a target' : 'targets'} but no task uses ${one ? 'it' : 'them'}, so ${one ? 'it is not an input' : 'they are not inputs'} either; make ${one ? 'it an input' : 'them inputs'} (mtl-studio columns${at} --role ${columns.map((c) => shellWord(`${c}=input`)).join(' ')}) or add a task for ${one ? 'it' : 'each'} (mtl-studio tasks${at} --add ${columns.map(shellWord).join(' ')})`;
}

/**
 * {@link targetsWithoutTaskText} for a dataset of the project: its columns' roles against its
 * tasks' target columns.
 * @param scope as {@link targetsWithoutTaskText}'s.
 */
export async function targetsWithoutTaskWarning(
  store: ProjectStore,
  datasetId: number,
  scope?: string,
): Promise<string | null> {
  const { columns } = await store.datasets.get(datasetId);
  return targetsWithoutTaskText(
    targetsWithoutTask(columns, await store.tasks.list(datasetId)),
    scope,
  );
}

/**
 * The options of `train` that a resume takes (by commander's attribute name): the project,
 * the run, its checkpoint policy (services/trainingResume.ts resumeCheckpointPolicy) and
 * where it trains (--in-process: `hooks.mode`). Everything else defines a run (its dataset,
 * tasks, split, evaluation, method and hyperparameters, backend): resumeRun trains the run's
 * stored configuration, so such an option cannot apply. --json belongs to the root command.
 */
const RESUME_OPTIONS: ReadonlySet<string> = new Set([
  'project',
  'resume',
  'checkpointEvery',
  'checkpointSeconds',
  'inProcess',
]);

/**
 * The options given to `train --resume` that a resume cannot take, as their long flags in
 * the help's order (e.g. ['--arch', '--epochs', '--lr']); empty when there are none or no
 * --resume. "Given" is what commander's getOptionValueSource says came from the command
 * line or the environment, so a default (--arch hard-sharing, --evaluation auto) never counts.
 * Found by a new user: `--resume 5 --epochs 60 --arch mmoe --lr 0.5` silently resumed run
 * 5's stored configuration.
 */
export function optionsRefusedOnResume(cmd: Command): string[] {
  if (cmd.getOptionValue('resume') === undefined) return [];
  return cmd.options
    .filter((option) => {
      const key = option.attributeName();
      const source = cmd.getOptionValueSource(key);
      return !RESUME_OPTIONS.has(key) && source !== undefined && source !== 'default';
    })
    .map((option) => option.long ?? option.flags);
}

/**
 * The usage error for options that define a run given to `train --resume RUN`: the run
 * keeps its stored configuration, so they are refused (not ignored), naming them, the
 * options a resume does take, and the new run that trains with them: the command as given
 * (`args`, process.argv without node and the script) without its --resume, quoted for a
 * POSIX shell. E.g. "--arch, --epochs and --lr cannot change on --resume: a resumed run
 * keeps its stored configuration (run 5 continues after its last checkpoint as it was
 * started). Leave them out to resume it; to train with them, start a new run (an option not
 * given takes its default, not run 5's): mtl-studio train -p p.mtlproj --arch mmoe …".
 */
export function refusedOnResumeError(
  runId: number,
  flags: readonly string[],
  args: readonly string[],
): MtlError {
  const named =
    flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)}`;
  const newRun: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--resume') i++;
    else if (!args[i].startsWith('--resume=')) newRun.push(args[i]);
  }
  return new MtlError(
    'BAD_REQUEST',
    `${named} cannot change on --resume: a resumed run keeps its stored configuration (run ${runId} continues after its last checkpoint as it was started; a resume takes only -p, --checkpoint-every, --checkpoint-seconds, --in-process and --json). Leave ${flags.length === 1 ? 'it' : 'them'} out to resume run ${runId}; to train with ${flags.length === 1 ? 'it' : 'them'}, start a new run (an option not given takes its default, not run ${runId}'s): ${rerunCommand(newRun)}`,
    { runId, options: [...flags] },
  );
}

/** The options of `mtl-studio train` as commander reads them (one field per flag). */
export interface TrainCommandOptions {
  project: string;
  dataset?: number;
  /** `--tasks`: names split at commas (taskListOption). */
  tasks?: string[];
  /** `--task`, repeatable: each name whole, commas included (repeatedTaskOption). */
  task?: string[];
  arch: TrainConfig['arch'] | 'auto';
  budget?: number;
  brackets?: number;
  evaluation: 'auto' | 'split' | 'cv';
  folds?: number;
  repeats?: number;
  cvSeed?: number;
  fresh?: boolean;
  /** `--final`: train the cross-validation's final model on every labelled row after it. */
  final?: boolean;
  /** `--final-of-cv`: train the final model of this existing, completed cross-validation. */
  finalOfCv?: number;
  earlyStopping?: TrainConfig['earlyStopping'];
  lrSchedule?: TrainConfig['lrSchedule'];
  patienceSteps?: number;
  weightDecay?: number;
  weighting?: TrainConfig['weighting'];
  taskWeight?: Record<string, number>;
  classWeights?: TrainConfig['classWeights'];
  experts?: number;
  expertUnits?: number[];
  levels?: number;
  specificExperts?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  patience?: number;
  hidden?: number[];
  headUnits?: number;
  dropout?: number;
  trunk?: TrainConfig['trunk'];
  convFilters?: number[];
  convKernel?: number;
  augmentFlip?: TrainConfig['augmentFlip'];
  augmentShift?: number;
  augmentBrightness?: number;
  backend?: TrainConfig['backend'];
  splitSeed?: number;
  inProcess?: boolean;
  resume?: number;
  checkpointEvery?: number;
  checkpointSeconds?: number;
}

/** Architectures whose networks have experts (`--experts`, `--expert-units`). */
const EXPERT_ARCHITECTURES: readonly string[] = ['mmoe', 'ple'];

/**
 * The usage error for the first option given to `train` that has no effect with the other
 * options given (refused, not ignored: found by a new user, `train --budget 60s` without
 * `--arch auto`, `--folds` on a fixed split and more were accepted silently), else null.
 * Decided from the options alone (a default counts as given: `--experts` without `--arch`
 * trains hard sharing); what depends on the data (`--evaluation auto` choosing the split, a
 * table's MLP trunk) is not refused here. The rules, each with what makes it so:
 * - `--budget`, `--brackets` need `--arch auto` (only the Auto search reads them);
 * - `--folds`, `--repeats`, `--cv-seed`, `--fresh` are cross-validation's: not with
 *   `--evaluation split`; `--split-seed` makes the split a run trains on: not with
 *   `--evaluation cv` (the folds are made from `--cv-seed`);
 * - `--weighting`, `--task-weight` not with `--arch single-task` (its tasks share nothing, so
 *   engine/trainer.ts trains it with equal weighting); `--task-weight` needs
 *   `--weighting static` when a weighting is given (only weighting/static.ts reads the weights);
 * - `--experts`, `--expert-units` need `--arch mmoe` or `ple` (no other architecture has
 *   experts; the Auto search draws both itself: engine/autoSpace.ts drawConfiguration);
 *   `--levels`, `--specific-experts` need `--arch ple` or `auto`;
 * - `--conv-filters`, `--conv-kernel` not with `--trunk mlp` (no conv blocks);
 * - `--patience-steps` and `--lr-schedule plateau` not with `--patience 0` (early stopping off:
 *   engine/schedule.ts scaledSchedule keeps patience 0, and halves the rate only on plateaus
 *   that patience counts);
 * - `--checkpoint-seconds` not with `--checkpoint-every 0` (no checkpoints at all).
 * @returns e.g. MtlError('BAD_REQUEST', '--folds applies to cross-validation only: it has no
 *   effect with --evaluation split; use --evaluation cv, or leave --folds out.').
 */
export function inapplicableOptionError(opts: TrainCommandOptions): MtlError | null {
  const given = (value: unknown) => value !== undefined && value !== false;
  const refuse = (message: string) => new MtlError('BAD_REQUEST', message);
  const auto = opts.arch === 'auto';
  for (const [flag, value] of [
    ['--budget', opts.budget],
    ['--brackets', opts.brackets],
  ] as const) {
    if (given(value) && !auto)
      return refuse(
        `${flag} applies to the Auto search only: add --arch auto, or leave ${flag} out.`,
      );
  }
  if (opts.evaluation === 'split') {
    for (const [flag, value] of [
      ['--folds', opts.folds],
      ['--repeats', opts.repeats],
      ['--cv-seed', opts.cvSeed],
      ['--fresh', opts.fresh],
      ['--final', opts.final],
    ] as const) {
      if (given(value))
        return refuse(
          `${flag} applies to cross-validation only: it has no effect with --evaluation split; use --evaluation cv, or leave ${flag} out.`,
        );
    }
  }
  if (auto && given(opts.final))
    return refuse(
      "--final trains a fixed configuration on every labelled row, and under --arch auto each fold's search chose its own; train Auto once with --evaluation split (on a small table it refits on every non-test row), or leave --final out.",
    );
  if (opts.evaluation === 'cv' && given(opts.splitSeed))
    return refuse(
      '--split-seed applies to a run on the split only: it has no effect with --evaluation cv, whose folds are drawn with --cv-seed; use --evaluation split, or leave --split-seed out.',
    );
  if (opts.arch === 'single-task') {
    for (const [flag, value] of [
      ['--weighting', opts.weighting],
      ['--task-weight', opts.taskWeight],
    ] as const) {
      if (given(value))
        return refuse(
          `${flag} has no effect with --arch single-task: its tasks share no parameter, so each loss reaches only its own network; choose a multi-task --arch, or leave ${flag} out.`,
        );
    }
  }
  if (given(opts.taskWeight) && given(opts.weighting) && opts.weighting !== 'static')
    return refuse(
      `--task-weight applies to --weighting static only: ${opts.weighting} sets the weights itself; use --weighting static, or leave --task-weight out.`,
    );
  for (const [flag, value] of [
    ['--experts', opts.experts],
    ['--expert-units', opts.expertUnits],
  ] as const) {
    if (!given(value) || EXPERT_ARCHITECTURES.includes(opts.arch)) continue;
    return refuse(
      auto
        ? `${flag} has no effect with --arch auto: the search draws it for each MMoE and PLE it tries; choose --arch mmoe or ple, or leave ${flag} out.`
        : `${flag} applies to --arch mmoe or ple only (this run's architecture is ${opts.arch}): add --arch mmoe or ple, or leave ${flag} out.`,
    );
  }
  for (const [flag, value] of [
    ['--levels', opts.levels],
    ['--specific-experts', opts.specificExperts],
  ] as const) {
    if (given(value) && opts.arch !== 'ple' && !auto)
      return refuse(
        `${flag} applies to --arch ple or auto only (this run's architecture is ${opts.arch}; the Auto search's PLE trials take it): add --arch ple or auto, or leave ${flag} out.`,
      );
  }
  if (opts.trunk === 'mlp') {
    for (const [flag, value] of [
      ['--conv-filters', opts.convFilters],
      ['--conv-kernel', opts.convKernel],
    ] as const) {
      if (given(value))
        return refuse(
          `${flag} applies to a CNN trunk only: it has no effect with --trunk mlp; use --trunk cnn, or leave ${flag} out.`,
        );
    }
  }
  if (opts.patience === 0) {
    if (given(opts.patienceSteps))
      return refuse(
        '--patience-steps has no effect with --patience 0 (early stopping off): give a patience above 0, or leave --patience-steps out.',
      );
    if (opts.lrSchedule === 'plateau')
      return refuse(
        '--lr-schedule plateau has no effect with --patience 0: the rate is halved on plateaus that early stopping counts, and it is off; give a patience above 0, or leave --lr-schedule out.',
      );
  }
  if (opts.checkpointEvery === 0 && given(opts.checkpointSeconds))
    return refuse(
      '--checkpoint-seconds has no effect with --checkpoint-every 0 (no checkpoints): leave one of them out.',
    );
  return null;
}

/**
 * The training configuration the options of `train` ask for: only the fields given (the
 * service fills the others from DEFAULT_TRAIN_CONFIG, and the trunk from the dataset), no
 * `arch` for `--arch auto` (the search chooses it). Two rules beyond one flag, one field:
 * `--task-weight` without `--weighting` means static weighting, and `--patience` without
 * `--patience-steps` sets patienceSteps 0, so the patience given is used as given.
 * shared/trainFlags.ts writes a configuration back as these flags (a test parses them here).
 */
export function trainConfigOf(opts: TrainCommandOptions): Partial<TrainConfig> {
  const config: Partial<TrainConfig> = opts.arch === 'auto' ? {} : { arch: opts.arch };
  // Weights without a method only make sense as static weights.
  const weighting = opts.weighting ?? (opts.taskWeight ? 'static' : undefined);
  if (weighting !== undefined) config.weighting = weighting;
  if (opts.taskWeight !== undefined) config.taskWeights = opts.taskWeight;
  if (opts.classWeights !== undefined) config.classWeights = opts.classWeights;
  if (opts.experts !== undefined) config.numExperts = opts.experts;
  if (opts.expertUnits !== undefined) config.expertUnits = opts.expertUnits;
  if (opts.levels !== undefined) config.numLevels = opts.levels;
  if (opts.specificExperts !== undefined) config.specificExperts = opts.specificExperts;
  if (opts.epochs !== undefined) config.epochs = opts.epochs;
  if (opts.batchSize !== undefined) config.batchSize = opts.batchSize;
  if (opts.lr !== undefined) config.learningRate = opts.lr;
  if (opts.seed !== undefined) config.seed = opts.seed;
  if (opts.patience !== undefined) config.patience = opts.patience;
  if (opts.hidden !== undefined) config.hiddenUnits = opts.hidden;
  if (opts.headUnits !== undefined) config.headUnits = opts.headUnits;
  if (opts.dropout !== undefined) config.dropout = opts.dropout;
  if (opts.trunk !== undefined) config.trunk = opts.trunk;
  if (opts.convFilters !== undefined) config.convFilters = opts.convFilters;
  if (opts.convKernel !== undefined) config.convKernel = opts.convKernel;
  if (opts.augmentFlip !== undefined) config.augmentFlip = opts.augmentFlip;
  if (opts.augmentShift !== undefined) config.augmentShift = opts.augmentShift;
  if (opts.augmentBrightness !== undefined) config.augmentBrightness = opts.augmentBrightness;
  if (opts.backend !== undefined) config.backend = opts.backend;
  if (opts.earlyStopping !== undefined) config.earlyStopping = opts.earlyStopping;
  if (opts.lrSchedule !== undefined) config.lrSchedule = opts.lrSchedule;
  if (opts.weightDecay !== undefined) config.weightDecay = opts.weightDecay;
  // A patience given is used as given, unless --patience-steps asks otherwise.
  if (opts.patienceSteps !== undefined) config.patienceSteps = opts.patienceSteps;
  else if (opts.patience !== undefined) config.patienceSteps = 0;
  return config;
}

/**
 * Reads one `--tasks` value into the list so far: a value may name several tasks separated by
 * commas (`--tasks shape,colour`), as other list flags take them; space-separated values
 * keep working (commander calls this once per value).
 * @returns the task names given so far, trimmed, empty pieces dropped.
 */
export function taskListOption(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  ];
}

/**
 * Reads one `--task` value into the list so far: the name whole, commas and spaces included
 * (`--task "size, coarse"`), for a task name that `--tasks` would split at its comma;
 * commander calls this once per `--task` given.
 * @returns the task names given so far, this one last.
 * @throws InvalidArgumentError (a usage error naming --task) for a name that is empty or
 *   only spaces: no task has such a name.
 */
export function repeatedTaskOption(value: string, previous: string[] = []): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('--task takes a task name, got "".');
  return [...previous, value];
}

/**
 * The tasks `train` was asked for: `--task`'s names (each whole) or `--tasks`'s (split at
 * commas), or undefined for all of the dataset's tasks. Both together are refused by
 * commander before the action (the `--task` option's `.conflicts('tasks')`).
 */
export function trainTasksOf(
  opts: Pick<TrainCommandOptions, 'task' | 'tasks'>,
): string[] | undefined {
  return opts.task ?? opts.tasks;
}

/**
 * Wraps the `train` action: a run refused because a task has no labelled row in the test
 * split (MtlError 'SPLIT_INVALID' with `details.unlabelled`) gets a hint naming `--tasks`
 * to leave those tasks out; when no task has one (`details.everyTask`: leaving them out
 * would leave none), the CLI's way out instead: `--evaluation cv`, or label more rows. A task
 * with no labelled row at all (reason TASK_NEVER_LABELLED) gets the `--tasks` hint only when
 * other tasks are left.
 */
export function withUnscoredTaskHint<T extends unknown[]>(
  action: (...args: T) => Promise<void>,
): (...args: T) => Promise<void> {
  return async (...args: T) => {
    try {
      await action(...args);
    } catch (err) {
      const unlabelled = (err as MtlError).details?.unlabelled;
      if (err instanceof MtlError && err.code === 'SPLIT_INVALID' && Array.isArray(unlabelled)) {
        const never = err.details?.reason === 'TASK_NEVER_LABELLED';
        // Every task unlabelled: no other task to train instead.
        if (never && err.details?.everyTask === true) throw err;
        if (!never && err.details?.everyTask === true) {
          const rows = (err.details as { rows?: number }).rows;
          throw new MtlError(
            err.code,
            `No task has a labelled row in the test split (${rows} rows in all): too few labelled rows for a test split; use cross-validation (--evaluation cv) or label more rows.`,
            err.details,
          );
        }
        const names = (unlabelled as { task: string }[]).map((u) => u.task);
        throw new MtlError(
          err.code,
          `${err.message} To train without ${names.length === 1 ? 'it' : 'them'}, name the other tasks with --tasks (leaving out ${names.map((n) => `"${n}"`).join(', ')}).`,
          err.details,
        );
      }
      throw err;
    }
  };
}
