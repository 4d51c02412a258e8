/**
 * `predict --dataset`'s `split` column says which rows the run's model trained on. An Auto
 * run on a small table refits its chosen configuration on every non-test row
 * (engine/autoRefit.ts): the split's validation rows were trained on, yet the column said
 * `validation` (a user scoring them got optimistic numbers). They now read `train`; test rows
 * stay `test`. A cross-validation's final model trained on every labelled row: `train`, and
 * empty for an unlabelled row (outside its split).
 *
 * A hand-built table of 40 rows, label y alternating a/b, rows 5 and 6 unlabelled. The
 * independent source for the stored split is a plain run on the same split (its column is
 * the split as stored: `test` rows are the rows it scored, checked in foldRunEvaluate.test.ts),
 * and the unlabelled rows are known by construction.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let project: string;
let cleanup: () => Promise<void>;

/** Rows built by hand: x1 says the class (a near 1, b near −1), rows 5 and 6 unlabelled. */
function tinyCsv(): string {
  const lines = ['x1,x2,y'];
  for (let i = 1; i <= 40; i++) {
    const y = i % 2 ? 'a' : 'b';
    const x1 = (y === 'a' ? 1 : -1) + ((i * 7) % 10) / 20;
    lines.push(`${x1},${((i * 3) % 10) / 10},${i === 5 || i === 6 ? '' : y}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `predict --run id --dataset 1`'s row id → split cell. */
async function splitColumn(id: number): Promise<{ column: Map<number, string>; stderr: string }> {
  const r = await cli('predict', '-p', project, '--run', String(id), '--dataset', '1');
  expect(r.code).toBe(0);
  const [header, ...lines] = r.stdout.trim().split('\n');
  expect(header.split(',').slice(0, 2)).toEqual(['row_id', 'split']);
  const column = new Map(
    lines.map((l) => l.split(',')).map((c) => [Number(c[0]), c[1]] as [number, string]),
  );
  return { column, stderr: r.stderr };
}

/** `train … --json`'s run id and split id (and an Auto run's stored search). */
async function train(...args: string[]): Promise<{
  run: { id: number; splitId: number };
  search?: { selection: string; final: { refitEpochs?: number } };
}> {
  const r = await cli('train', '-p', project, '--in-process', '--json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    run: { id: number; splitId: number };
    search?: { selection: string; final: { refitEpochs?: number } };
  };
}

beforeAll(async () => {
  const dir = await makeTempDir();
  cleanup = dir.cleanup;
  project = `${dir.dir}/p.mtlproj`;
  const csv = `${dir.dir}/tiny.csv`;
  writeFileSync(csv, tinyCsv());
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup?.());

describe('predict --dataset: the split column of a model trained on its validation rows', () => {
  it("an Auto refit: the split's validation rows read train, its test rows test", async () => {
    const auto = await train(
      '--arch',
      'auto',
      '--budget',
      '1s',
      '--epochs',
      '2',
      '--evaluation',
      'split',
    );
    // 38 labelled rows (< 2 000): inner folds, then the refit on every non-test row.
    expect(auto.search?.selection).toBe('inner-folds');
    expect(auto.search?.final.refitEpochs).toBeGreaterThanOrEqual(1);
    const plain = await train('--evaluation', 'split', '--epochs', '1', '--hidden', '8');
    expect(plain.run.splitId).toBe(auto.run.splitId);

    const stored = (await splitColumn(plain.run.id)).column;
    const { column, stderr } = await splitColumn(auto.run.id);
    // The plain run (no refit) keeps the stored split, validation rows included.
    expect([...stored.values()]).toContain('validation');
    expect([...column.values()]).not.toContain('validation');
    for (const [row, part] of stored) {
      expect(column.get(row), `row ${row}`).toBe(part === 'validation' ? 'train' : part);
    }
    // By construction: the unlabelled rows 5 and 6 are outside the split.
    expect([stored.get(5), stored.get(6), column.get(5), column.get(6)]).toEqual(['', '', '', '']);
    expect(stderr).toContain(
      `note: run ${auto.run.id} refitted its chosen configuration on every non-test row, so the split's validation rows are written as split train`,
    );
    expect((await splitColumn(plain.run.id)).stderr).not.toContain('refitted');

    const json = await cli(
      'predict',
      '-p',
      project,
      '--run',
      String(auto.run.id),
      '--dataset',
      '1',
      '--json',
    );
    const doc = JSON.parse(json.stdout) as {
      splitRefit?: boolean;
      predictions: { row: number; split: string }[];
    };
    expect(doc.splitRefit).toBe(true);
    expect(doc.predictions.map((p) => [p.row, p.split])).toEqual([...column.entries()]);
  }, 180_000);

  it("a cross-validation's final model: every labelled row train, an unlabelled one empty", async () => {
    const cv = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--epochs',
      '1',
      '--hidden',
      '8',
      '--in-process',
      '--final',
      '--json',
    );
    expect(cv.code).toBe(0);
    const runs = JSON.parse((await cli('runs', '-p', project, '--json')).stdout) as {
      runs: { id: number; finalOf?: unknown }[];
    };
    const finals = runs.runs.filter((r) => r.finalOf);
    // One cross-validation with --final: exactly one final model.
    expect(finals).toHaveLength(1);
    const final = finals[0];
    const { column } = await splitColumn(final.id);
    // By construction: rows 5 and 6 unlabelled, the 38 others labelled.
    for (let row = 1; row <= 40; row++) {
      expect(column.get(row), `row ${row}`).toBe(row === 5 || row === 6 ? '' : 'train');
    }
  }, 180_000);
});
