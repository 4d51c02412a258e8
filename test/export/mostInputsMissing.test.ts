/**
 * Rows with most of the model's inputs missing are flagged. Found by a new user: predicting
 * a CSV whose row 3 was `,,,,2009` (penguins, only `year` filled) gave "Gentoo 92.8 %" with
 * no warning — the model filled 4 of its 5 inputs with its imputation.
 *
 * A stub predictor reading five numeric columns a…e (the prediction itself does not matter
 * here); the file below is hand-made, its counts of missing inputs counted by hand:
 * row 1: 0, row 2: 2 (not more than half of 5), row 3: 4, row 4: 3, row 5: 5, rows 6–8: 3,
 * 4, 5 → rows with more than half (≥ 3 of 5) missing: 3, 4, 5, 6, 7, 8 (6 rows; the first 5
 * named), every input missing: rows 5 and 8.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitPreprocessing } from '../../src/main/engine/preprocessing';
import { type Predictor } from '../../src/main/export/predict';
import { mostInputsMissing } from '../../src/main/export/predictPass';
import { predictCsv } from '../../src/main/export/predictCsv';
import { mostInputsMissingWarning } from '../../src/main/cli/commands/predictWords';

const COLUMNS = ['a', 'b', 'c', 'd', 'e'];

function stubPredictor(): Predictor {
  return {
    source: 'stub',
    forward: 'tfjs',
    columns: COLUMNS.map((name) => ({ name, type: 'numeric' as const })),
    preprocessing: fitPreprocessing(
      COLUMNS.map((name) => ({ name, type: 'numeric' as const, values: [1, 2, 3, 4] })),
      [0, 1, 2, 3],
    ),
    tasks: [{ name: 't', labels: ['x', 'y'] }],
    predict: (_features, n) => {
      const p = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) p.set([0.1, 0.9], r * 2);
      return [p];
    },
    dispose: () => undefined,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-most-missing-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rows with most inputs missing', () => {
  it('mostInputsMissing: more than half, by hand', () => {
    expect(mostInputsMissing(3, 5)).toBe(true);
    expect(mostInputsMissing(2, 5)).toBe(false);
    expect(mostInputsMissing(2, 4)).toBe(false);
    expect(mostInputsMissing(3, 4)).toBe(true);
    expect(mostInputsMissing(0, 0)).toBe(false);
  });

  it('predictCsv counts them, names the first five, and writes inputs_missing per row', async () => {
    const csv = join(dir, 'new.csv');
    await writeFile(
      csv,
      [
        'a,b,c,d,e',
        '1,2,3,4,2009',
        ',,3,4,2009',
        ',,,,2009',
        '1,,,,2009',
        ',,,,',
        ',,,4,2009',
        ',,,,2009',
        'NA,,,,',
      ].join('\n') + '\n',
    );
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    // batchRows 3: the count and the list carry across batches.
    const summary = await predictCsv(stubPredictor(), csv, { output: stream, batchRows: 3 });
    expect(summary.rowsMostInputsMissing).toBe(6);
    expect(summary.mostInputsMissingRows).toEqual([3, 4, 5, 6, 7]);
    expect(summary.rowsAllInputsMissing).toBe(2);
    const lines = chunks.join('').trim().split('\n');
    expect(lines.map((l) => l.split(',').at(-1))).toEqual([
      'inputs_missing',
      '0',
      '2',
      '4',
      '3',
      '5',
      '3',
      '4',
      '5',
    ]);
    expect(mostInputsMissingWarning(6, summary.mostInputsMissingRows)).toBe(
      "6 rows had more than half of the model's inputs missing (rows 3, 4, 5, 6, 7 and 1 more): the model filled them in with its imputation (training means, no category), so their predictions rest mostly on those defaults; column inputs_missing counts each row's missing inputs",
    );
    expect(mostInputsMissingWarning(1, [3])).toMatch(/^1 row had .* \(row 3\): .*its prediction/);
  });
});
