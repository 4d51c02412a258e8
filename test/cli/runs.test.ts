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

describe('an Auto run in runs --json and evaluate --json', () => {
  it('carries its stored search: trials, the chosen configuration and the refit', async () => {
    const project = `${dir}/auto.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', project);
    await cli('tasks', '-p', project, '--add', 'species', 'sex');
    // penguins (344 rows) is below 2 000 labelled rows: Auto selects on inner folds and refits
    // its final model on every non-test row (AutoFinal.refitEpochs). --epochs 3 keeps it short.
    const trained = await cli(
      'train',
      '-p',
      project,
      '--arch',
      'auto',
      '--budget',
      '2s',
      '--evaluation',
      'split',
      '--epochs',
      '3',
      '--in-process',
      '--json',
    );
    expect(trained.code).toBe(0);
    // The independent source: the search `train --json` returned as the run finished.
    const { run, search } = JSON.parse(trained.stdout) as {
      run: { id: number };
      search: {
        selection: string;
        trials: unknown[];
        chosen: unknown;
        final: { refitEpochs?: number; refitEpochsPerTask?: Record<string, number> };
      };
    };
    expect(search.selection).toBe('inner-folds');
    // Every epoch count is capped by --epochs 3; each task's own count is one of 1..3.
    expect(search.final.refitEpochs).toBeGreaterThanOrEqual(1);
    expect(search.final.refitEpochs).toBeLessThanOrEqual(3);
    expect(Object.keys(search.final.refitEpochsPerTask ?? {}).sort()).toEqual(['sex', 'species']);

    const runs = JSON.parse((await cli('runs', '-p', project, '--json')).stdout) as {
      runs: { id: number; search?: unknown }[];
    };
    expect(runs.runs.map((r) => r.id)).toEqual([run.id]);
    expect(runs.runs[0].search).toEqual(search);

    const evaluated = JSON.parse((await cli('evaluate', '-p', project, '--json')).stdout) as {
      runs: { runId: number; search?: unknown }[];
    };
    expect(evaluated.runs.map((r) => r.runId)).toEqual([run.id]);
    expect(evaluated.runs[0].search).toEqual(search);

    // A run not chosen by Auto has no `search`.
    const plain = await cli(
      'train',
      '-p',
      project,
      '--epochs',
      '1',
      '--evaluation',
      'split',
      '--in-process',
    );
    expect(plain.code).toBe(0);
    const both = JSON.parse((await cli('runs', '-p', project, '--json')).stdout) as {
      runs: { id: number; search?: unknown }[];
    };
    expect(both.runs.map((r) => 'search' in r)).toEqual(both.runs.map((r) => r.id === run.id));

    // Both commands' help name the field and the refit.
    for (const command of ['runs', 'evaluate']) {
      const help = (await cli(command, '--help')).stdout;
      expect(help).toContain('search  an Auto run whose search finished');
      expect(help).toContain('refitEpochsPerTask');
    }
  }, 120_000);
});
