/**
 * The `mtl-studio` CLI as a user runs it (a real process through bin/mtl-studio.mjs):
 * the --json document shapes, and errors that name the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('mtl-studio --json demo', () => {
  it('prints one JSON document with project, backend, runs per arch with per-task scores, and Δm', async () => {
    const project = `${dir}/demo.mtlproj`;
    const { code, stdout } = await cli('--json', 'demo', '--project', project, '--epochs', '15');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.project).toBe(project);
    expect(doc.backend).toMatch(/^(wasm|cpu|tensorflow)/);
    expect(doc.runs.map((r: { arch: string }) => r.arch)).toEqual(['single-task', 'hard-sharing']);
    for (const r of doc.runs) {
      expect(Object.keys(r.tasks)).toEqual(['species', 'island', 'sex']);
      for (const m of Object.values(r.tasks) as {
        accuracy: number;
        macroF1: number;
        rocAuc: number;
      }[]) {
        for (const v of [m.accuracy, m.macroF1, m.rocAuc]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(typeof doc.deltaM).toBe('number');
    // The same project then answers `runs` and `evaluate` with the two stored runs.
    const runs = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout).runs;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['completed', 'completed']);
    const evaluation = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout).runs;
    expect(evaluation[1].deltaM).toBeCloseTo(doc.deltaM, 10);
    expect(evaluation[1].baselineRunId).toBe(evaluation[0].runId);
  });
});

describe('import, tasks, train from the CLI', () => {
  it('imports a CSV, adds tasks, trains, and reports errors as JSON with exit code 1', async () => {
    const project = `${dir}/cli.mtlproj`;
    const imported = JSON.parse(
      (await cli('--json', 'import', fixture('penguins.csv'), '-p', project)).stdout,
    );
    expect(imported.dataset.rowCount).toBe(344);
    const tasks = JSON.parse(
      (await cli('--json', 'tasks', '-p', project, '--add', 'species', 'sex')).stdout,
    ).tasks;
    expect(tasks.map((t: { name: string }) => t.name)).toEqual(['species', 'sex']);
    const trained = JSON.parse(
      (
        await cli(
          '--json',
          'train',
          '--evaluation',
          'split',
          '-p',
          project,
          '--arch',
          'hard-sharing',
          '--epochs',
          '5',
          '--in-process',
        )
      ).stdout,
    ).run;
    expect(trained.status).toBe('completed');
    expect(Object.keys(trained.results)).toEqual(['species', 'sex']);

    const bad = await cli(
      '--json',
      'train',
      '--evaluation',
      'split',
      '-p',
      project,
      '--tasks',
      'colour',
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'TASK_INVALID',
      message: expect.stringMatching(/No task "colour"/),
    });
  });

  it('names the file and line of a malformed CSV and leaves the project unchanged', async () => {
    const project = `${dir}/bad.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', project);
    const bad = await cli('import', fixture('csv/ragged.csv'), '-p', project);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ragged\.csv line \d+/);
    const runs = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout).runs;
    expect(runs).toEqual([]);
    const { stdout } = await cli('--json', 'tasks', '-p', project);
    expect(JSON.parse(stdout).tasks).toEqual([]); // still exactly one dataset: no --dataset needed
  });

  it('changes column roles and removes tasks; --json covers usage errors too', async () => {
    const project = `${dir}/roles.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', project);
    const cols = JSON.parse(
      (await cli('--json', 'columns', '-p', project, '--role', 'year=ignore')).stdout,
    );
    expect(cols.dataset.columns.find((c: { name: string }) => c.name === 'year').role).toBe(
      'ignore',
    );
    await cli('tasks', '-p', project, '--add', 'species', 'sex');
    const after = JSON.parse(
      (await cli('--json', 'tasks', '-p', project, '--remove', 'sex')).stdout,
    ).tasks;
    expect(after.map((t: { name: string }) => t.name)).toEqual(['species']);
    const back = JSON.parse((await cli('--json', 'columns', '-p', project)).stdout).dataset.columns;
    expect(back.find((c: { name: string }) => c.name === 'sex').role).toBe('input');
    const usage = await cli(
      '--json',
      'train',
      '--evaluation',
      'split',
      '-p',
      project,
      '--lr',
      'abc',
    );
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout).error.message).toContain(
      '--lr must be a number > 0 and < 10, got "abc".',
    );
  });

  it('refuses --epochs -1 as a usage error naming the flag, like other numeric flags', async () => {
    // Found by a new user: the service's validator answered "Invalid training options:
    // epochs = -1: Too small: expected number to be >=1." for a flag they had typed.
    // Parsing fails before the project is opened, so no project file is needed.
    for (const args of [
      ['train', '--epochs', '-1'],
      ['train', '--arch', 'auto', '--epochs', '-1'],
      ['demo', '--epochs', '0'],
    ]) {
      const { code, stderr } = await cli(...args, '-p', `${dir}/never.mtlproj`);
      expect(code).toBe(1);
      const value = args.at(-1);
      // 1 to 100 000: the epochs range of src/shared/schemas.ts.
      expect(stderr).toContain(`--epochs must be a whole number from 1 to 100000, got "${value}".`);
      expect(stderr).not.toMatch(/Invalid training options/);
    }
    const folds = await cli('train', '-p', `${dir}/never.mtlproj`, '--folds', '1');
    // 2 to 20: MAX_FOLDS, the `folds` bound of training.crossValidate (src/shared/domain.ts).
    expect(folds.stderr).toContain('--folds must be a whole number from 2 to 20, got "1".');
  });

  it('refuses every numeric training flag out of range naming the flag and its range, not the field', async () => {
    // Found by a new user: `train --lr 0` answered "Invalid training options: learningRate
    // = 0: Too small …", naming an internal field. Each range is written out by hand from
    // trainConfigSchema (src/shared/schemas.ts): learningRate (0, 10), weightDecay [0, 1),
    // dropout [0, 1), batchSize 1…1 000 000, patience ≥ 0, patienceSteps 0…10 000 000,
    // numExperts 1…64, convKernel 1…11, augmentBrightness 0…0.9, hiddenUnits at most 16
    // widths of 1…65 536, taskWeights (0, 1 000 000].
    for (const [flag, value, message] of [
      ['--lr', '0', '--lr must be a number > 0 and < 10, got "0".'],
      ['--lr', '10', '--lr must be a number > 0 and < 10, got "10".'],
      ['--weight-decay', '-0.1', '--weight-decay must be a number ≥ 0 and < 1, got "-0.1".'],
      // Found by a new user: 1e20 was taken (the schema had no upper bound).
      ['--weight-decay', '1e20', '--weight-decay must be a number ≥ 0 and < 1, got "1e20".'],
      // Found by a new user: Number() reads hex ("0x10" = 16 epochs) and "Infinity"; only
      // plain decimal numbers are taken.
      ['--epochs', '0x10', '--epochs must be a whole number from 1 to 100000, got "0x10".'],
      ['--lr', '0x1', '--lr must be a number > 0 and < 10, got "0x1".'],
      ['--seed', '0b11', '--seed must be a whole number, got "0b11".'],
      ['--patience', '0o7', '--patience must be a whole number ≥ 0, got "0o7".'],
      ['--dropout', 'Infinity', '--dropout must be a number ≥ 0 and < 1, got "Infinity".'],
      ['--dropout', '1', '--dropout must be a number ≥ 0 and < 1, got "1".'],
      ['--batch-size', '0', '--batch-size must be a whole number from 1 to 1000000, got "0".'],
      ['--patience', '-1', '--patience must be a whole number ≥ 0, got "-1".'],
      [
        '--patience-steps',
        '10000001',
        '--patience-steps must be a whole number from 0 to 10000000, got "10000001".',
      ],
      ['--experts', '65', '--experts must be a whole number from 1 to 64, got "65".'],
      ['--conv-kernel', '13', '--conv-kernel must be a whole number from 1 to 11, got "13".'],
      [
        '--augment-brightness',
        '0.95',
        '--augment-brightness must be a number from 0 to 0.9, got "0.95".',
      ],
      ['--seed', '1.5', '--seed must be a whole number, got "1.5".'],
      // Past the safe integers (±(2^53 − 1) = ±9007199254740991, z.number().int()'s own
      // bound): the bound is said, not hidden behind "a whole number".
      [
        '--seed',
        '1e20',
        '--seed must be a whole number from -9007199254740991 to 9007199254740991, got "1e20".',
      ],
      [
        '--patience',
        '1e16',
        '--patience must be a whole number from 0 to 9007199254740991, got "1e16".',
      ],
      ['--seed', ' ', '--seed must be a whole number, got " ".'],
      [
        '--hidden',
        '64,0',
        '--hidden takes comma-separated values, each a whole number from 1 to 65536, got "64,0".',
      ],
      ['--hidden', Array(17).fill('8').join(','), '--hidden takes at most 16 values, got 17.'],
      [
        '--task-weight',
        'species=0',
        '--task-weight must be TASK=W with W > 0 and ≤ 1000000, got "species=0".',
      ],
    ]) {
      const { code, stdout } = await cli(
        '--json',
        'train',
        '-p',
        `${dir}/never.mtlproj`,
        flag,
        value,
      );
      expect(code, `${flag} ${value}`).toBe(1);
      const { error } = JSON.parse(stdout);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(message);
      expect(error.message).not.toMatch(/Invalid training options|learningRate|weightDecay/);
    }
  });

  it('refuses an empty or blank number as a usage error, never reading it as 0', async () => {
    // Review: Number('') and Number(' ') are 0, so `--cv-seed ''` was seed 0 and
    // `--checkpoint-seconds ' '` 0 s while the training flags refused them.
    for (const [flag, value, message] of [
      ['--cv-seed', '', '--cv-seed must be a whole number, got "".'],
      ['--split-seed', ' ', '--split-seed must be a whole number, got " ".'],
      ['--checkpoint-every', '', '--checkpoint-every must be a whole number ≥ 0, got "".'],
      [
        '--checkpoint-seconds',
        ' ',
        '--checkpoint-seconds must be a number from 0 to 86400, got " ".',
      ],
    ]) {
      const { code, stderr } = await cli('train', '-p', `${dir}/never.mtlproj`, flag, value);
      expect(code, `${flag} '${value}'`).toBe(1);
      expect(stderr).toContain(message);
    }
  });

  it('refuses whole-number flags past the safe integers, hex and Infinity, naming the range', async () => {
    // Found by a new user: `--cv-seed 1e20` and `--split-seed 1e20` were taken and stored as
    // REAL while `--seed 1e20` was refused. 9007199254740991 = 2^53 − 1 (Number.MAX_SAFE_INTEGER);
    // 100 repetitions is foldAssignments' limit (engine/crossValidation.ts); 20 folds the
    // cross-validation's (MAX_FOLDS, src/shared/domain.ts); 86400 s a day, the longest wait
    // between checkpoints (MAX_CHECKPOINT_SECONDS, engine/checkpoint.ts).
    const safe = 'from -9007199254740991 to 9007199254740991';
    for (const [flag, value, message] of [
      ['--cv-seed', '1e20', `--cv-seed must be a whole number ${safe}, got "1e20".`],
      ['--split-seed', '-1e20', `--split-seed must be a whole number ${safe}, got "-1e20".`],
      ['--cv-seed', '0x10', '--cv-seed must be a whole number, got "0x10".'],
      ['--folds', '1e20', '--folds must be a whole number from 2 to 20, got "1e20".'],
      // Found by a review: 21 folds and more passed before the rows were known.
      ['--folds', '21', '--folds must be a whole number from 2 to 20, got "21".'],
      ['--repeats', '101', '--repeats must be a whole number from 1 to 100, got "101".'],
      ['--repeats', '0', '--repeats must be a whole number from 1 to 100, got "0".'],
      [
        '--checkpoint-every',
        '1e20',
        '--checkpoint-every must be a whole number from 0 to 9007199254740991, got "1e20".',
      ],
      [
        '--checkpoint-seconds',
        '-1',
        '--checkpoint-seconds must be a number from 0 to 86400, got "-1".',
      ],
      [
        '--checkpoint-seconds',
        '0x10',
        '--checkpoint-seconds must be a number from 0 to 86400, got "0x10".',
      ],
      // Found by a review: a wait of a year was taken (no checkpoint would ever follow).
      [
        '--checkpoint-seconds',
        '86401',
        '--checkpoint-seconds must be a number from 0 to 86400, got "86401".',
      ],
      [
        '--checkpoint-seconds',
        'Infinity',
        '--checkpoint-seconds must be a number from 0 to 86400, got "Infinity".',
      ],
      ['--dataset', '1.5', '--dataset must be a whole number, got "1.5".'],
      [
        '--resume',
        '9007199254740993',
        `--resume must be a whole number ${safe}, got "9007199254740993".`,
      ],
      // Found by a new user: "-1" was told only the form ("like 60s, 2m or 1h").
      [
        '--budget',
        '-1',
        '--budget must be more than 0 and at most 86400 seconds (a day), got "-1".',
      ],
      [
        '--budget',
        'soon',
        '--budget must be like 60s, 2m or 1h, more than 0 and at most 86400 seconds (a day), got "soon".',
      ],
    ]) {
      const { code, stderr } = await cli('train', '-p', `${dir}/never.mtlproj`, flag, value);
      expect(code, `${flag} ${value}`).toBe(1);
      expect(stderr).toContain(message);
    }
  });

  it('refuses a static weight for a task not trained before any run is stored', async () => {
    // Found by a new user: `--task-weight nosuch=1` failed only once the run trained
    // (engine/weighting/static.ts), leaving a failed run behind; `--tasks nosuch` stores none.
    const project = `${dir}/weights.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', project);
    await cli('tasks', '-p', project, '--add', 'species', 'sex');
    for (const [args, message] of [
      [
        ['--evaluation', 'split', '--task-weight', 'nosuch=1'],
        'Static weight for unknown task "nosuch"; tasks: "species", "sex".',
      ],
      // A task of the dataset that this run does not train weighs nothing either.
      [
        ['--evaluation', 'split', '--tasks', 'species', '--task-weight', 'sex=2'],
        'Static weight for unknown task "sex"; tasks: "species".',
      ],
      [
        ['--evaluation', 'cv', '--folds', '2', '--task-weight', 'nosuch=1'],
        'Static weight for unknown task "nosuch"; tasks: "species", "sex".',
      ],
    ] as const) {
      const bad = await cli(
        '--json',
        'train',
        '-p',
        project,
        '--epochs',
        '1',
        '--in-process',
        ...args,
      );
      expect(bad.code, args.join(' ')).toBe(1);
      expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'TASK_INVALID', message });
    }
    const runs = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout).runs;
    expect(runs).toEqual([]);
  });

  it('refuses counts and sizes below their minimum as usage errors naming the flag', async () => {
    // Review: these flags took 0 or a negative number on to the services. Minimums: one
    // item, one worker, 8 px (an image import's smallest size), 32 px (a card image's).
    for (const [args, flag, min] of [
      [['demo', 'cards', '--count', '0'], '--count', 1],
      [['demo', 'cards', '--size', '4'], '--size', 8],
      [['labels', 'queue', '--limit', '0'], '--limit', 1],
      [['import-images', dir, '--size', '-1'], '--size', 8],
      [['import-images', dir, '--concurrency', '0'], '--concurrency', 1],
      [['generate-cards', `${dir}/cards`, '--count', '-3'], '--count', 1],
      [['generate-cards', `${dir}/cards`, '--size', '16'], '--size', 32],
    ] as const) {
      const { code, stderr } = await cli(...args, '-p', `${dir}/never.mtlproj`);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toContain(`${flag} must be a whole number ≥ ${min}, got "${args.at(-1)}".`);
    }
  });

  it('refuses a missing project file with a clear message', async () => {
    const { code, stderr } = await cli('runs', '-p', `${dir}/nope.mtlproj`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Project file not found: .*nope\.mtlproj/);
  });
});
