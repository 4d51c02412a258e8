/**
 * `export model` and `predict --run` of a run that cannot give the model a user expects.
 * Found by a new user: a fold run of a cross-validation was exported and predicted with no
 * word that it saw only part of the rows; an interrupted run said only "has no saved model";
 * an unknown run was announced as "Exporting run 99…" before "error: Run 99 not found".
 * Expected by hand: 20 rows cross-validated with 2 folds (runs 1 and 2, folds 1/2 and 2/2 of
 * cross-validation 1: each trained on 1/2 of the rows), then one run on the fixed split
 * (run 3), then a run made interrupted in the store (run 4, no checkpoint). The model reads
 * column "x"; a file headed " X " (read as "X": header names are trimmed) lacks it, and "X" is
 * what the user meant.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { similarColumns } from '../../src/main/export/predictCsv';
import type { TrainConfig } from '../../src/shared/domain';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
const TRAIN = ['--epochs', '1', '--backend', 'cpu'];
/** Options of the cross-validation only, which the command to train it on the split repeats. */
const CV_OPTIONS = ['--hidden', '8', '--lr', '0.01', '--seed', '7', '--patience', '3'];
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const rows = Array.from({ length: 20 }, (_, i) => `${100 + i},${i % 2 === 0 ? 'a' : 'b'}`);
  writeFileSync(`${dir}/folds.csv`, `x,y\n${rows.join('\n')}\n`);
  writeFileSync(`${dir}/new.csv`, `x\n101\n118\n`);
  project = `${dir}/folds.mtlproj`;
  expect((await cli('import', `${dir}/folds.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
  const cv = await cli(
    'train',
    '-p',
    project,
    '--evaluation',
    'cv',
    '--folds',
    '2',
    ...TRAIN,
    ...CV_OPTIONS,
  );
  expect(cv.code).toBe(0);
  expect((await cli('train', '-p', project, '--evaluation', 'split', ...TRAIN)).code).toBe(0);
  expect((await cli('train', '-p', project, '--evaluation', 'split', ...TRAIN)).code).toBe(0);
  const store = await ProjectStore.open(project);
  try {
    await store.training.updateRun(4, { status: 'interrupted' });
  } finally {
    await store.close();
  }
}, 180_000);
afterAll(() => cleanup());

const NOTE =
  'note: run 1 is fold 1/2 of cross-validation 1: its model was trained on 1/2 of the rows, and no fold model saw all of them.';

describe('a fold run of a cross-validation', () => {
  it('export model says so on stderr and as `fold` in --json', async () => {
    const text = await cli('export', 'model', '-p', project, '--run', '1', '-o', `${dir}/b1`);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(NOTE);
    // The command that trains one model on the whole training split, as the README gives it.
    // Its options are the cross-validation's (--patience alone means --patience-steps 0).
    expect(text.stderr).toContain(
      `mtl-studio train -p ${project} -d 1 --tasks y --arch hard-sharing --weighting equal --patience 3 --epochs 1 --lr 0.01 --seed 7 --hidden 8 --backend cpu --evaluation split`,
    );
    const json = await cli(
      '--json',
      'export',
      'model',
      '-p',
      project,
      '--run',
      '2',
      '-o',
      `${dir}/b2`,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).fold).toMatchObject({
      crossValidationId: 1,
      fold: 2,
      folds: 2,
      repeat: 1,
      repeats: 1,
    });
  }, 60_000);

  it('the command it suggests trains the fold run’s configuration on the split', async () => {
    const text = await cli('export', 'model', '-p', project, '--run', '2', '-o', `${dir}/b2b`);
    const command = /(mtl-studio train [^\n()]*--evaluation split)/.exec(text.stderr)![1];
    // Run as a shell would split it (the project's path needs no quotes here).
    const words = command.split(' ').slice(1);
    const trained = await cli('--json', ...words);
    expect(trained.code).toBe(0);
    const { run } = JSON.parse(trained.stdout) as { run: { id: number; config: TrainConfig } };
    const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: { id: number; config: TrainConfig }[];
    };
    const fold = runs.find((r) => r.id === 2)!.config;
    // The patience given (3) is raised for each run's own training rows, so compared as given.
    const given = ({ patienceScaledFrom, patience, ...rest }: TrainConfig) => ({
      ...rest,
      patience: patienceScaledFrom?.patience ?? patience,
    });
    expect(given(run.config)).toEqual(given(fold));
    expect(given(fold)).toMatchObject({
      hiddenUnits: [8],
      learningRate: 0.01,
      seed: 7,
      patience: 3,
      patienceSteps: 0,
    });
  }, 60_000);

  it('names the cross-validation’s final model, or the command that trains it', async () => {
    // Cross-validation 1 (completed, a fixed configuration) has no final model yet.
    const before = await cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(before.stderr).toContain(
      `For a model of every labelled row, train the cross-validation's final model (mtl-studio train -p ${project} --final-of-cv 1); for a model with a test score instead, train the configuration once more on the fixed split`,
    );
    const trained = await cli('--json', 'train', '-p', project, '--final-of-cv', '1');
    expect(trained.code).toBe(0);
    const finalId = (JSON.parse(trained.stdout) as { finalRun: { id: number } }).finalRun.id;
    const after = await cli('export', 'model', '-p', project, '--run', '2', '-o', `${dir}/b2c`);
    expect(after.stderr).toContain(
      `Cross-validation 1 has a final model, trained on every labelled row: run ${finalId} (predict --run ${finalId}, export model --run ${finalId}).`,
    );
    expect(after.stderr).not.toContain('--final-of-cv');
    const json = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(JSON.parse(json.stdout).fold).toMatchObject({
      crossValidationId: 1,
      finalRunId: finalId,
    });
  }, 60_000);

  it('predict --run says so too; a run on the fixed split has no note', async () => {
    const fold = await cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(fold.code).toBe(0);
    expect(fold.stderr).toContain(NOTE);
    const json = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(JSON.parse(json.stdout).fold).toMatchObject({ crossValidationId: 1, fold: 1, folds: 2 });
    const plain = await cli('predict', '-p', project, '--run', '3', `${dir}/new.csv`);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('note:');
    expect(
      JSON.parse(
        (await cli('--json', 'predict', '-p', project, '--run', '3', `${dir}/new.csv`)).stdout,
      ),
    ).not.toHaveProperty('fold');
  }, 60_000);
});

describe('a run without a model', () => {
  it('an unknown run is refused before "Exporting…" is said', async () => {
    const r = await cli('export', 'model', '-p', project, '--run', '99', '-o', `${dir}/b99`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(
      `error: Run 99 not found in this project; list its runs with mtl-studio runs -p ${project}\n`,
    );
  });

  it('an interrupted run says why and how to train it', async () => {
    const expected = `error: Run 4 has no saved model: it was interrupted before it finished (status interrupted). Train it again from the first epoch: mtl-studio restart 4 -p ${project}\n`;
    const predicted = await cli('predict', '-p', project, '--run', '4', `${dir}/new.csv`);
    expect(predicted.code).not.toBe(0);
    expect(predicted.stderr).toBe(expected);
    const exported = await cli('export', 'model', '-p', project, '--run', '4', '-o', `${dir}/b4`);
    expect(exported.stderr).toBe(expected);
  });
});

describe('a column named in another case', () => {
  it('similarColumns pairs a missing column with a header equal but for case and spaces', () => {
    expect(similarColumns(['island', 'sex'], ['id', ' Island ', 'SEX', 'sex2'])).toEqual([
      { column: 'island', header: ' Island ' },
      { column: 'sex', header: 'SEX' },
    ]);
    expect(similarColumns(['bill'], ['bill_mm'])).toEqual([]);
  });

  it('predict suggests the header that matches but for case and spaces', async () => {
    writeFileSync(`${dir}/cased.csv`, ` X ,other\n101,1\n`);
    const r = await cli('predict', '-p', project, '--run', '3', `${dir}/cased.csv`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'cased.csv lacks the column "x" that the model reads (it reads x). Did you mean "X" for "x"? Columns are matched by their exact name: rename it in the file as in training.',
    );
  });
});
