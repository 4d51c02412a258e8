/**
 * The command that trains a fold run's configuration on the whole split (shared/foldRun.ts)
 * gives that configuration back. Found by a new user: it named only the architecture and the
 * weighting, so the run it trained had the default epochs, learning rate, patience, experts…
 * Checked by parsing it back: a POSIX shell (sh) splits the command line into words, the
 * CLI's own `train` command reads them (its real options, action replaced to catch them) and
 * trainConfigOf turns them into the configuration the training gets; with the defaults the
 * service fills in, it must equal the run's configuration field by field. The expected
 * configurations are written by hand below (each field changed in at least one), and
 * checked against the training's schema so that each is one a run can hold.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { negativeTransferLine } from '../../src/main/cli/commands/evaluation';
import { registerTrainingCommands } from '../../src/main/cli/commands/training';
import {
  inapplicableOptionError,
  trainConfigOf,
  trainTasksOf,
  type TrainCommandOptions,
} from '../../src/main/cli/commands/trainOptions';
import { configList, loadTrainConfigSchema } from '../../src/main/cli/configFlags';
import { program } from '../../src/main/cli/program';
import { DEFAULT_TRAIN_CONFIG as D, type TrainConfig } from '../../src/shared/domain';
import { wholeSplitTrainArgs, wholeSplitTrainCommand } from '../../src/shared/foldRun';
import { shellWord } from '../../src/shared/shellWord';
import { trainFlags } from '../../src/shared/trainFlags';
import { trainConfigSchema } from '../../src/shared/schemas';

/** What `mtl-studio train` read from the last command line parsed. */
let parsed: TrainCommandOptions | null = null;
beforeAll(async () => {
  await loadTrainConfigSchema();
  registerTrainingCommands(program);
  const train = program.commands.find((c) => c.name() === 'train')!;
  // The real options and parsers; only the action (which would train) is replaced.
  train.action((opts: TrainCommandOptions) => {
    parsed = opts;
  });
});

/** The words of a command line as sh splits them (quotes removed), the first one dropped. */
function shellWords(command: string): string[] {
  const out = execFileSync('sh', [
    '-c',
    `set -- ${command}; shift; for w in "$@"; do printf '%s\\0' "$w"; done`,
  ]).toString();
  return out.split('\0').slice(0, -1);
}

/** The options `train` reads from `command` (a whole `mtl-studio train …` line). */
async function parseTrain(command: string): Promise<TrainCommandOptions> {
  parsed = null;
  await program.parseAsync(shellWords(command), { from: 'user' });
  expect(parsed).not.toBeNull();
  return parsed!;
}

/** A fold run's configuration, stored: the defaults with `changes`, checked by the schema. */
function stored(changes: Partial<TrainConfig>): TrainConfig {
  const config = { ...D, ...changes };
  const { patienceScaledFrom: _scaled, ...checked } = config;
  trainConfigSchema.parse(checked);
  return config;
}

/** The configuration a run trained by `command` gets (the service's defaults filled in). */
async function configOf(command: string): Promise<TrainConfig> {
  return { ...D, ...trainConfigOf(await parseTrain(command)) };
}

const PROJECT = "/home/u/my project's.mtlproj";
const TASKS = ['species', 'body mass', "it's"];

describe('the command that trains a fold run on the whole split', () => {
  const runs: { name: string; config: TrainConfig; given: TrainConfig }[] = [];
  const add = (name: string, config: TrainConfig, given = config) =>
    runs.push({ name, config, given });
  add(
    'MMoE with uncertainty weighting, a patience given (so no patience steps), a forced backend',
    stored({
      arch: 'mmoe',
      weighting: 'uncertainty',
      numExperts: 8,
      expertUnits: [128],
      epochs: 50,
      batchSize: 16,
      learningRate: 0.0005,
      seed: -7,
      patience: 5,
      patienceSteps: 0,
      earlyStopping: 'loss',
      lrSchedule: 'none',
      hiddenUnits: [128, 64, 32],
      headUnits: 16,
      dropout: 0.25,
      weightDecay: 0,
      classWeights: 'none',
      backend: 'cpu',
    }),
  );
  // The stored patience 57 is the 20 given, raised for 100 rows: the command gives the 20,
  // which the training raises again for the whole split's rows.
  const ple = stored({
    arch: 'ple',
    weighting: 'static',
    taskWeights: { species: 2, 'body mass': 0.5 },
    numExperts: 2,
    numLevels: 2,
    specificExperts: 3,
    patienceSteps: 1000,
    patience: 57,
    patienceScaledFrom: { patience: 20, trainRows: 100 },
  });
  const { patienceScaledFrom: _scaled, ...pleGiven } = ple;
  add('PLE with static task weights and a scaled patience', ple, { ...pleGiven, patience: 20 });
  add(
    'cross-stitch on images with GradNorm, a patience with the default steps',
    stored({
      arch: 'cross-stitch',
      weighting: 'gradnorm',
      trunk: 'cnn',
      convFilters: [8, 16],
      convKernel: 5,
      augmentFlip: 'horizontal',
      augmentShift: 2,
      augmentBrightness: 0.2,
      weightDecay: 1e-7,
      patience: 30,
    }),
  );
  // Options with no effect are left out of the command, which `train` would refuse with them
  // (trainOptions.ts inapplicableOptionError): the configuration it gives back trains alike.
  const single = stored({ arch: 'single-task', weighting: 'dwa', patienceSteps: 0, seed: 0 });
  add(
    'single-task with DWA (no --weighting: its tasks share nothing), the default patience given as --patience (steps 0)',
    single,
    { ...single, weighting: 'equal' },
  );
  const off = stored({
    weighting: 'pcgrad',
    patience: 0,
    learningRate: 0.1 + 0.2,
    hiddenUnits: [],
    numExperts: 6,
  });
  add(
    'hard sharing with PCGrad, early stopping off (no --patience-steps), experts it has none of (no --experts), a learning rate of 17 digits',
    off,
    { ...off, patienceSteps: 0, numExperts: D.numExperts },
  );
  const equalWeighted = stored({ weighting: 'equal', taskWeights: { "it's": 3 } });
  const { taskWeights: _unused, ...equalGiven } = equalWeighted;
  add(
    'equal weighting that still carries task weights (no --task-weight: equal ignores them)',
    equalWeighted,
    equalGiven,
  );

  it.each(runs)('$name: parsed back, it is the run’s configuration', async (run) => {
    const command = wholeSplitTrainCommand(PROJECT, {
      datasetId: 3,
      tasks: TASKS,
      config: run.config,
    });
    const opts = await parseTrain(command);
    expect(opts).toMatchObject({ project: PROJECT, dataset: 3, evaluation: 'split' });
    // `train` itself would take it: no option without effect.
    expect(inapplicableOptionError(opts)).toBeNull();
    expect(trainTasksOf(opts)).toEqual(TASKS);
    const config = await configOf(command);
    for (const field of Object.keys({ ...D, ...run.given }) as (keyof TrainConfig)[])
      expect(config[field], field).toEqual(run.given[field]);
    expect(config).toEqual(run.given);
  });

  it('changes every field of the configuration in at least one case above', () => {
    const fields = Object.keys(D).filter((field) =>
      runs.some(
        (run) =>
          JSON.stringify(run.config[field as keyof TrainConfig]) !==
          JSON.stringify(D[field as keyof TrainConfig]),
      ),
    );
    expect(fields.sort()).toEqual(Object.keys(D).sort());
    expect(runs.some((run) => run.config.taskWeights)).toBe(true);
  });

  it('is the short command for the default configuration, scaled patience or not', () => {
    const short =
      "mtl-studio train -p '/home/u/my project'\\''s.mtlproj' -d 1 --tasks species 'body mass' 'it'\\''s' --arch hard-sharing --weighting equal --evaluation split";
    const run = { datasetId: 1, tasks: TASKS };
    expect(wholeSplitTrainCommand(PROJECT, { ...run, config: D })).toBe(short);
    const scaled = { ...D, patience: 57, patienceScaledFrom: { patience: 20, trainRows: 100 } };
    expect(wholeSplitTrainCommand(PROJECT, { ...run, config: scaled })).toBe(short);
    // A run stored before most fields existed: they are left to their defaults.
    const old = { arch: 'hard-sharing' as const, weighting: 'equal' as const };
    expect(wholeSplitTrainCommand(PROJECT, { ...run, config: old })).toBe(short);
  });

  it('parses the default configuration back as the defaults', async () => {
    const command = wholeSplitTrainCommand(PROJECT, { datasetId: 1, tasks: TASKS, config: D });
    expect(await configOf(command)).toEqual(D);
  });

  it('writes the flags as the CLI help names them (hand-written words)', () => {
    const config = stored({ arch: 'mmoe', numExperts: 8, epochs: 50, patience: 5 });
    expect(wholeSplitTrainArgs('p.mtlproj', { datasetId: 2, tasks: ['a'], config })).toEqual([
      'train',
      '-p',
      'p.mtlproj',
      '-d',
      '2',
      '--tasks',
      'a',
      '--arch',
      'mmoe',
      '--weighting',
      'equal',
      '--patience',
      '5',
      '--patience-steps',
      '400',
      '--epochs',
      '50',
      '--experts',
      '8',
      '--evaluation',
      'split',
    ]);
  });
});

describe('an Auto search base written back as --arch auto', () => {
  // `train --arch auto` takes --levels and --specific-experts (its PLE trials read them:
  // trainOptions.ts inapplicableOptionError) but refuses --experts / --expert-units (the
  // search draws them). Found by a helper: trainFlags dropped the levels for anything but PLE.
  // Expected words by hand, in FIELD_FLAGS order (epochs, experts, levels, specific experts).
  const base = {
    arch: 'auto' as const,
    epochs: 20,
    numExperts: 4,
    numLevels: 2,
    specificExperts: 3,
  };

  it('keeps the levels and task-specific experts, leaves the experts out', () => {
    expect(trainFlags(base)).toEqual([
      '--arch',
      'auto',
      '--epochs',
      '20',
      '--levels',
      '2',
      '--specific-experts',
      '3',
    ]);
    // A weighting the base holds is written; none, none.
    expect(trainFlags({ arch: 'auto', weighting: 'dwa' })).toEqual([
      '--arch',
      'auto',
      '--weighting',
      'dwa',
    ]);
  });

  it('parses back as the base train --arch auto reads (no experts, no arch)', async () => {
    const words = ['mtl-studio', 'train', '-p', 'p.mtlproj', '-d', '1', ...trainFlags(base)];
    const opts = await parseTrain(words.map(shellWord).join(' '));
    expect(inapplicableOptionError(opts)).toBeNull();
    expect(trainConfigOf(opts)).toEqual({ epochs: 20, numLevels: 2, specificExperts: 3 });
  });
});

describe('a fold run whose task names hold commas', () => {
  // `--tasks` splits a value at its commas (taskListOption), so "size, coarse" would be read
  // as the tasks "size" and "coarse": each task is written with `--task`, which takes it whole.
  // Expected names: the run's own tasks, as given here.
  const tasks = ['size, coarse', 'species', "it's, mostly"];
  const config = stored({ weighting: 'static', taskWeights: { 'size, coarse': 2 }, epochs: 7 });

  it('is written with one --task per task, and parses back as those tasks', async () => {
    const args = wholeSplitTrainArgs('p.mtlproj', { datasetId: 2, tasks, config });
    expect(args.slice(0, 11)).toEqual([
      'train',
      '-p',
      'p.mtlproj',
      '-d',
      '2',
      '--task',
      'size, coarse',
      '--task',
      'species',
      '--task',
      "it's, mostly",
    ]);
    expect(args).not.toContain('--tasks');
    const command = wholeSplitTrainCommand(PROJECT, { datasetId: 2, tasks, config });
    const opts = await parseTrain(command);
    expect(opts.tasks).toBeUndefined();
    expect(trainTasksOf(opts)).toEqual(tasks);
    expect(await configOf(command)).toEqual(config);
  });

  it('refuses --task and --tasks together (a usage error naming both)', async () => {
    await expect(
      program.parseAsync(['train', '-p', 'p.mtlproj', '--tasks', 'a', '--task', 'b, c'], {
        from: 'user',
      }),
    ).rejects.toThrow(/'--task <name>' cannot be used with option '--tasks <names\.\.\.>'/);
  });
});

describe("evaluate's hint to train a task alone", () => {
  // The options in brackets, parsed back by `train`: the task named whole, as written here.
  it.each(['sex', 'body mass', 'size, coarse', "it's"])('names %s as one task', async (task) => {
    const line = negativeTransferLine(task, { worseFolds: 3, folds: 5 });
    const options = /train it alone \((.*)\) or in its affinity group/.exec(line)![1];
    const opts = await parseTrain(`mtl-studio train -p p.mtlproj ${options}`);
    expect(opts.arch).toBe('single-task');
    expect(trainTasksOf(opts)).toEqual([task]);
  });
});

describe('an empty list flag', () => {
  // The schema allows no hidden layer (Auto's linear candidate, the studio's empty field) but
  // at least one expert layer: expected values from src/shared/schemas.ts.
  it("is the empty list where the schema allows one (--hidden ''), else refused", () => {
    expect(configList('--hidden', 'hiddenUnits')('')).toEqual([]);
    expect(() => configList('--expert-units', 'expertUnits')('')).toThrow(
      '--expert-units takes at least 1 value, got 0.',
    );
  });
});
