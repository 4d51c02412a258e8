/**
 * `train --evaluation cv --folds 3 --final`: after the cross-validation, its final model on
 * every labelled row. Expected by hand: 30 rows, 27 of them labelled (rows 5, 15 and 25 of
 * the file leave y empty), so the final model trains on 27 rows; its epochs are the median of
 * the 3 fold runs' kept (early-stopping) epochs, read from `runs --json` and sorted here.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
const TRAIN = ['--epochs', '6', '--patience', '2', '--backend', 'cpu', '--hidden', '8'];

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // y empty on rows 5, 15, 25 (1-based): 27 labelled rows.
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${100 + i},${(i + 1) % 10 === 5 ? '' : i % 2 === 0 ? 'a' : 'b'}`,
  );
  writeFileSync(`${dir}/final.csv`, `x,y\n${rows.join('\n')}\n`);
  writeFileSync(`${dir}/new.csv`, `x\n101\n118\n`);
  project = `${dir}/final.mtlproj`;
  expect((await cli('import', `${dir}/final.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('train --final', () => {
  it('trains the final model on every labelled row after the cross-validation', async () => {
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '3',
      '--final',
      ...TRAIN,
    );
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as {
      crossValidation: { evaluation: { id: number; runs: { runId: number }[] } };
      finalRun: {
        id: number;
        results: unknown;
        finalOf: { evaluationId: number; labelledRows: number; epochs: number };
      };
    };
    const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: { id: number; bestEpoch: number }[];
    };
    const folds = doc.crossValidation.evaluation.runs
      .map((r) => runs.find((x) => x.id === r.runId)!.bestEpoch)
      .sort((a, b) => a - b);
    expect(folds).toHaveLength(3);
    expect(doc.finalRun.finalOf).toMatchObject({
      evaluationId: doc.crossValidation.evaluation.id,
      labelledRows: 27,
      epochs: folds[1],
    });
    expect(doc.finalRun.results).toBeNull();

    // `runs` names it in the cross-validation column.
    const listed = await cli('runs', '-p', project);
    expect(listed.stdout).toContain(
      `cv ${doc.crossValidation.evaluation.id}: final model (all 27 labelled rows)`,
    );
    // Its model exports and predicts.
    const id = String(doc.finalRun.id);
    expect((await cli('export', 'model', '-p', project, '--run', id, '-o', `${dir}/b`)).code).toBe(
      0,
    );
    const predicted = await cli('predict', '-p', project, '--run', id, `${dir}/new.csv`);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toMatch(/[ab]/);
  }, 180_000);

  it('says what the final model is in text, and is refused on the split and with Auto', async () => {
    const text = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '3',
      '--cv-seed',
      '9',
      '--final',
      ...TRAIN,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /Run \d+: Final model of cross-validation #\d+, trained on all 27 labelled rows for \d+ epochs?\./,
    );
    expect(text.stdout).toContain("expected score: the cross-validation's mean ± std, macro-F1 y ");
    const split = await cli('train', '-p', project, '--evaluation', 'split', '--final');
    expect(split.code).not.toBe(0);
    expect(split.stderr).toContain('--final applies to cross-validation only');
    const auto = await cli('train', '-p', project, '--arch', 'auto', '--final');
    expect(auto.code).not.toBe(0);
    expect(auto.stderr).toContain('--final trains a fixed configuration');
  }, 180_000);
});
