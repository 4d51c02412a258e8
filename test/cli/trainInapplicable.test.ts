/**
 * `train` refuses an option that has no effect with the other options given (found by a new
 * user: `--budget 60s` without `--arch auto`, `--folds` on a fixed split … were accepted and
 * silently ignored). Each refusal is checked through the real binary: exit 1 and one line
 * naming the option and what it needs, before the project is even opened (the project path
 * here does not exist). Expected by hand from the engine's code: single-task trains with
 * equal weighting (engine/trainer.ts), only static weighting reads task weights, only MMoE
 * and PLE have experts, patience 0 turns early stopping and the plateau schedule off
 * (engine/schedule.ts). Meaningful combinations still train, and `--evaluation auto`'s
 * choice makes the options of the other evaluation a warning, not a refusal.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inapplicableOptionError,
  type TrainCommandOptions,
} from '../../src/main/cli/commands/trainOptions';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** [options given, the refusal's line]. */
const REFUSED: [string[], string][] = [
  [
    ['--budget', '60s'],
    '--budget applies to the Auto search only: add --arch auto, or leave --budget out.',
  ],
  [
    ['--brackets', '2'],
    '--brackets applies to the Auto search only: add --arch auto, or leave --brackets out.',
  ],
  ...(['--folds 3', '--repeats 2', '--cv-seed 1', '--fresh'] as const).map(
    (given): [string[], string] => {
      const flag = given.split(' ')[0];
      return [
        ['--evaluation', 'split', ...given.split(' ')],
        `${flag} applies to cross-validation only: it has no effect with --evaluation split; use --evaluation cv, or leave ${flag} out.`,
      ];
    },
  ),
  [
    ['--evaluation', 'cv', '--split-seed', '3'],
    '--split-seed applies to a run on the split only: it has no effect with --evaluation cv, whose folds are drawn with --cv-seed; use --evaluation split, or leave --split-seed out.',
  ],
  [
    ['--arch', 'single-task', '--weighting', 'dwa'],
    '--weighting has no effect with --arch single-task: its tasks share no parameter, so each loss reaches only its own network; choose a multi-task --arch, or leave --weighting out.',
  ],
  [
    ['--arch', 'single-task', '--task-weight', 'y=2'],
    '--task-weight has no effect with --arch single-task: its tasks share no parameter, so each loss reaches only its own network; choose a multi-task --arch, or leave --task-weight out.',
  ],
  [
    ['--weighting', 'uncertainty', '--task-weight', 'y=2'],
    '--task-weight applies to --weighting static only: uncertainty sets the weights itself; use --weighting static, or leave --task-weight out.',
  ],
  [
    ['--experts', '4'],
    "--experts applies to --arch mmoe or ple only (this run's architecture is hard-sharing): add --arch mmoe or ple, or leave --experts out.",
  ],
  [
    ['--arch', 'cross-stitch', '--expert-units', '16'],
    "--expert-units applies to --arch mmoe or ple only (this run's architecture is cross-stitch): add --arch mmoe or ple, or leave --expert-units out.",
  ],
  [
    ['--arch', 'auto', '--experts', '4'],
    '--experts has no effect with --arch auto: the search draws it for each MMoE and PLE it tries; choose --arch mmoe or ple, or leave --experts out.',
  ],
  // By hand: engine/autoSpace.ts drawConfiguration spreads the base configuration into each
  // trial, so a PLE trial of --arch auto trains with --levels and --specific-experts.
  [
    ['--arch', 'mmoe', '--levels', '2'],
    "--levels applies to --arch ple or auto only (this run's architecture is mmoe; the Auto search's PLE trials take it): add --arch ple or auto, or leave --levels out.",
  ],
  [
    ['--specific-experts', '2'],
    "--specific-experts applies to --arch ple or auto only (this run's architecture is hard-sharing; the Auto search's PLE trials take it): add --arch ple or auto, or leave --specific-experts out.",
  ],
  [
    ['--trunk', 'mlp', '--conv-filters', '8,16'],
    '--conv-filters applies to a CNN trunk only: it has no effect with --trunk mlp; use --trunk cnn, or leave --conv-filters out.',
  ],
  [
    ['--trunk', 'mlp', '--conv-kernel', '5'],
    '--conv-kernel applies to a CNN trunk only: it has no effect with --trunk mlp; use --trunk cnn, or leave --conv-kernel out.',
  ],
  [
    ['--patience', '0', '--patience-steps', '100'],
    '--patience-steps has no effect with --patience 0 (early stopping off): give a patience above 0, or leave --patience-steps out.',
  ],
  [
    ['--patience', '0', '--lr-schedule', 'plateau'],
    '--lr-schedule plateau has no effect with --patience 0: the rate is halved on plateaus that early stopping counts, and it is off; give a patience above 0, or leave --lr-schedule out.',
  ],
  [
    ['--checkpoint-every', '0', '--checkpoint-seconds', '5'],
    '--checkpoint-seconds has no effect with --checkpoint-every 0 (no checkpoints): leave one of them out.',
  ],
];

describe('train refuses options that have no effect', () => {
  it.each(REFUSED)('%j', async (given, line) => {
    const out = await cli('train', '-p', `${dir}/none.mtlproj`, ...given);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`error: ${line}\n`);
    expect(out.stdout).toBe('');
  });

  it('takes the meaningful combinations', () => {
    const base: TrainCommandOptions = { project: 'p', arch: 'hard-sharing', evaluation: 'auto' };
    const fine: Partial<TrainCommandOptions>[] = [
      { arch: 'auto', budget: 60, brackets: 2, weighting: 'dwa', classWeights: 'balanced' },
      { arch: 'auto', levels: 2, specificExperts: 2 },
      { evaluation: 'cv', folds: 3, repeats: 2, cvSeed: 1, fresh: true },
      // Under --evaluation auto either may apply (warned when the data decides otherwise).
      { folds: 3, splitSeed: 4 },
      { evaluation: 'split', splitSeed: 4 },
      { arch: 'mmoe', experts: 4, expertUnits: [16] },
      { arch: 'ple', experts: 2, levels: 2, specificExperts: 1 },
      { taskWeight: { y: 2 } },
      { weighting: 'static', taskWeight: { y: 2 } },
      { arch: 'single-task', classWeights: 'balanced' },
      { trunk: 'cnn', convFilters: [8], convKernel: 3 },
      { convFilters: [8] },
      { patience: 0, lrSchedule: 'none' },
      { patience: 5, patienceSteps: 100 },
      { checkpointEvery: 0 },
      { checkpointEvery: 2, checkpointSeconds: 5 },
    ];
    for (const opts of fine) expect(inapplicableOptionError({ ...base, ...opts })).toBeNull();
  });

  it('still trains with meaningful options; auto’s choice of cross-validation warns of --split-seed', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${(i + 1) % 7},${(i + 1) % 3 ? 'b' : 'a'}`);
    writeFileSync(`${dir}/train.csv`, `x,y\n${rows.join('\n')}\n`);
    const project = `${dir}/p.mtlproj`;
    expect((await cli('import', `${dir}/train.csv`, '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
    const split = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--split-seed',
      '3',
      '--arch',
      'mmoe',
      '--experts',
      '2',
      '--epochs',
      '1',
    );
    expect(split.code).toBe(0);
    // 30 labelled rows, below the 2 000 under which --evaluation auto cross-validates.
    const cv = await cli(
      'train',
      '-p',
      project,
      '--split-seed',
      '3',
      '--folds',
      '2',
      '--epochs',
      '1',
    );
    expect(cv.code).toBe(0);
    expect(cv.stderr).toContain(
      'warning: --split-seed is ignored: --evaluation auto chose cross-validation (fewer than 2000 labelled rows), whose folds are drawn with --cv-seed; to train on a new split, give --evaluation split',
    );
  }, 120_000);
});
