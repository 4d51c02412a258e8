/**
 * predict with an explicit --encoding other than the one the model's dataset was imported
 * with, on a file that then lacks the model's columns: the refusal says which encoding the
 * dataset had. Found by a new user. The file is built with iconv-lite: windows-1254
 * "ağırlık" is 61 F0 FD 72 6C FD 6B (CP1254.TXT), which windows-1252 reads as "aðýrlýk".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitPreprocessing } from '../../src/main/engine/preprocessing';
import { type Predictor } from '../../src/main/export/predict';
import { predictCsv } from '../../src/main/export/predictCsv';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-predict-enc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A predictor reading the numeric column "ağırlık", its dataset imported as windows-1254. */
function turkishPredictor(): Predictor {
  return {
    source: 'stub',
    forward: 'tfjs',
    columns: [{ name: 'ağırlık', type: 'numeric' }],
    preprocessing: fitPreprocessing(
      [{ name: 'ağırlık', type: 'numeric', values: [1, 2, 3, 4] }],
      [0, 1, 2, 3],
    ),
    tasks: [{ name: 't', labels: ['a', 'b'] }],
    predict: (_features, n) => [new Float32Array(n * 2).fill(0.5)],
    dispose: () => undefined,
    csvEncoding: 'windows-1254',
  };
}

describe('predict --encoding other than the dataset’s', () => {
  it('adds the dataset’s encoding to a lacks-the-columns refusal', async () => {
    const csv = join(dir, 'new.csv');
    await writeFile(csv, iconv.encode('ağırlık\n1\n2\n', 'windows-1254'));
    expect(iconv.decode(iconv.encode('ağırlık', 'windows-1254'), 'windows-1252')).toBe('aðýrlýk');
    await expect(
      predictCsv(turkishPredictor(), csv, { encoding: 'cp1252', output: join(dir, 'o.csv') }),
    ).rejects.toThrow(
      `new.csv lacks the column "ağırlık" that the model reads (it reads ağırlık). It was read as windows-1252 (--encoding); the model's dataset was imported as windows-1254: try --encoding windows-1254, or leave --encoding out.`,
    );
    // Without --encoding, the dataset's encoding is taken and the file predicts.
    const summary = await predictCsv(turkishPredictor(), csv, { output: join(dir, 'o.csv') });
    expect(summary.rows).toBe(2);
  });
});
