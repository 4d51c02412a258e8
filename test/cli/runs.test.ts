/**
 * `mtl-studio runs` tells the fold runs of a cross-validation apart (the --json document
 * has each run's `fold`; the text table had nothing but identical rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldLabel, stoppedTaskLines } from '../../src/main/cli/commands/trainingOutput';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('foldLabel', () => {
  it('is 1-based, with k and the repeats when the scheme is known', () => {
    // Stored folds and repeats are 0-based (engine/crossValidation.ts).
    expect(foldLabel({ evaluationId: 4, fold: 2, repeat: 1 }, { k: 5, repeats: 2 })).toBe(
      'cv 4: fold 3/5 (repeat 2/2)',
    );
    expect(foldLabel({ evaluationId: 4, fold: 0, repeat: 0 }, undefined)).toBe(
      'cv 4: fold 1 (repeat 1)',
    );
  });
});

describe('stoppedTaskLines', () => {
  it('says which task stopped, what it keeps, and what the printed losses sum from then on', () => {
    const task = { trainLoss: 1, valLoss: 1, valAccuracy: 0.5, valMacroF1: 0.5 };
    const record = {
      epoch: 50,
      trainLoss: 2,
      valLoss: 2,
      seconds: 1,
      tasks: { INCOME: task, OCCUPATION: task },
      stoppedTasks: { INCOME: { bestEpoch: 30, valMacroF1: 0.4123 } },
    };
    expect(stoppedTaskLines(record)).toEqual([
      'task INCOME stopped early at epoch 50 (keeps epoch 30, validation macro-F1 0.412); the losses printed from now on sum the task still training (OCCUPATION)',
    ]);
    expect(
      stoppedTaskLines({ ...record, tasks: { INCOME: task } }).map((l) => l.split('; ')[1]),
    ).toEqual(['every task has stopped']);
    expect(stoppedTaskLines({ ...record, stoppedTasks: undefined })).toEqual([]);
  });
});

describe('mtl-studio runs', () => {
  it('shows each fold run of a cross-validation with its fold and repeat', async () => {
    const project = `${dir}/cv.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', project);
    await cli('tasks', '-p', project, '--add', 'species', 'sex');
    const trained = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--repeats',
      '2',
      '--epochs',
      '1',
      '--in-process',
    );
    expect(trained.code).toBe(0);
    const { stdout } = await cli('runs', '-p', project);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/│ cross-validation +│/);
    const labels = lines.flatMap((l) => l.match(/cv \d+: fold \d\/2 \(repeat \d\/2\)/g) ?? []);
    expect(labels).toEqual([
      'cv 1: fold 1/2 (repeat 1/2)',
      'cv 1: fold 2/2 (repeat 1/2)',
      'cv 1: fold 1/2 (repeat 2/2)',
      'cv 1: fold 2/2 (repeat 2/2)',
    ]);
  });
});
