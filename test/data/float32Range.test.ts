/**
 * Numbers beyond the 32-bit float range the network computes in. Found by a new user:
 * `mtl-studio predict` on a CSV whose `magnesium` held 1e39, 1e100, 1e308 or −1e308 gave
 * every such row the same probabilities, exit 0, no note, inputs_missing 0 (once
 * standardised, ±Infinity and NaN reached the network); and a training column holding 1e200
 * trained silently with its deviation overflowed to Infinity (the column standardised to 0).
 * Now such a text is no number anywhere the studio reads one: the import (type inference, a
 * forced numeric column), prediction from a CSV (file, line and column named), and a
 * project imported before is refused at training, naming the column.
 *
 * Expected values by hand: the largest finite float32 is (2 − 2^−23)·2^127 =
 * 3.4028234663852886e38; a double rounds to a finite float32 below the midpoint
 * 2^128 − 2^103 = 3.4028235677973366e38, so 3.4028235e38 (the usual printed value) is read
 * and 3.4028236e38 is not.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CellTypeError,
  FLOAT32_MAX,
  isFloat32Finite,
  numericCellReader,
  parseNumber,
  toCellValue,
} from '../../src/main/data/cellValues';
import { importCsv } from '../../src/main/data/importCsv';
import { fitPreprocessing, transform } from '../../src/main/engine/preprocessing';
import type { Predictor } from '../../src/main/export/predict';
import { predictCsv } from '../../src/main/export/predictCsv';
import { FakeStore } from './fakeStore';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-float32-range-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BEYOND = ['1e39', '4e38', '3.4028236e38', '1e100', '1e308', '-1e308', '1e400'];

describe('the float32 edge of a number', () => {
  it('is 3.4028234663852886e38, with texts rounding to it still read', () => {
    expect(FLOAT32_MAX).toBe((2 - 2 ** -23) * 2 ** 127);
    expect(Math.fround(FLOAT32_MAX)).toBe(FLOAT32_MAX);
    expect(isFloat32Finite(3.4028235677973366e38)).toBe(false); // the midpoint: ties to 2^128
    expect(isFloat32Finite(3.4028235677973362e38)).toBe(true); // the double just below it
    expect(parseNumber('3e38')).toBe(3e38);
    expect(parseNumber('-3e38')).toBe(-3e38);
    expect(parseNumber('3.4028235e38')).toBe(3.4028235e38);
    expect(parseNumber('1e-50')).toBe(1e-50); // underflows to 0 in float32: harmless
    for (const text of BEYOND) expect([text, parseNumber(text)]).toEqual([text, null]);
  });

  it('refuses a numeric cell beyond it, saying why, on the general and the fast reader', () => {
    const read = numericCellReader();
    for (const text of BEYOND) {
      for (const parse of [read, (t: string) => toCellValue(t, 'numeric')]) {
        let error: unknown = null;
        try {
          parse(text);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CellTypeError);
        expect((error as CellTypeError).outOfRange).toBe(true);
        expect((error as Error).message).toBe(
          `value '${text}' is not a number within ±3.4028235e38 (the 32-bit float range the model computes in)`,
        );
      }
    }
    expect(read('3e38')).toBe(3e38);
    // A text that is no number at all keeps its plain message.
    expect(() => read('forty')).toThrow(/^value 'forty' is not a number$/);
  });
});

describe('import', () => {
  it('names file, line and column of 1e39 in a column chosen numeric (CSV_NUMBER_OUT_OF_RANGE)', async () => {
    const path = join(dir, 'big.csv');
    await writeFile(path, 'a,b\n1,x\n2,y\n1e39,z\n');
    const store = new FakeStore();
    await expect(importCsv(store, path, { columnTypes: { a: 'numeric' } })).rejects.toMatchObject({
      code: 'CSV_PARSE',
      message:
        "big.csv line 4, column 'a': value '1e39' is not a number within ±3.4028235e38 (the 32-bit float range the model computes in)",
      details: {
        reason: 'CSV_NUMBER_OUT_OF_RANGE',
        params: { file: 'big.csv', line: 4, column: 'a', value: '1e39' },
      },
    });
    expect(store.stored).toHaveLength(0);
  });

  it('does not infer a column holding -1e308 as numeric (as one holding 1e400)', async () => {
    const path = join(dir, 'huge.csv');
    const lines = ['a,b'];
    for (let i = 1; i <= 30; i++) lines.push(`${i === 7 ? '-1e308' : i},${i % 2}`);
    await writeFile(path, `${lines.join('\n')}\n`);
    const info = await importCsv(new FakeStore(), path);
    const a = info.columns.find((c) => c.name === 'a')!;
    expect(a.type).not.toBe('numeric');
    expect(a.profile.note).toMatch(/line 8 has "-1e308"/);
  });
});

describe('training', () => {
  it('refuses a stored number beyond the range (a project imported before), naming the column', () => {
    // Before: Welford's M2 = (1e200)² overflowed, std = Infinity, the column encoded as 0.
    expect(() =>
      fitPreprocessing([{ name: 'a', type: 'numeric', values: [1, 2, 1e200] }], [0, 1, 2]),
    ).toThrow(/^Column "a" holds 1e\+200, beyond ±3\.4028235e38/);
  });

  it('clips a standardised value past the range instead of passing Infinity on', () => {
    // Training values 0 and 1e-10: mean 5e-11, population std 5e-11 (> 1e-12, kept).
    // 1e30 standardises to (1e30 − 5e-11) / 5e-11 = 2e40, beyond float32: clipped to its max;
    // 3 standardises to (3 − 5e-11) / 5e-11 = 6e10 − 1 ≈ 6e10, kept.
    const prep = fitPreprocessing([{ name: 'a', type: 'numeric', values: [0, 1e-10] }], [0, 1]);
    expect(prep.encoders[0]).toMatchObject({ mean: 5e-11, std: 5e-11 });
    const x = transform(prep, { a: [1e30, -1e30, 3] });
    expect(Array.from(x)).toEqual([FLOAT32_MAX, -FLOAT32_MAX, Math.fround(6e10 - 1)]);
  });
});

describe('predictCsv', () => {
  /** A stub predictor for column x (trained on 1…4) that records the features it is given. */
  function recordingPredictor(seen: number[]): Predictor {
    return {
      source: 'stub',
      forward: 'tfjs',
      columns: [{ name: 'x', type: 'numeric' }],
      preprocessing: fitPreprocessing(
        [{ name: 'x', type: 'numeric', values: [1, 2, 3, 4] }],
        [0, 1, 2, 3],
      ),
      tasks: [{ name: 't', labels: ['a', 'b'] }],
      predict: (features, n) => {
        seen.push(...features);
        return [new Float32Array(n * 2).fill(0.5)];
      },
      dispose: () => undefined,
    };
  }

  it.each(['1e39', '1e100', '1e308', '-1e308'])(
    'refuses %s naming file, line and column, and the network never sees it',
    async (huge) => {
      const csv = join(dir, 'e_huge.csv');
      await writeFile(csv, `x\n2.5\n3e38\n${huge}\n`);
      const seen: number[] = [];
      await expect(
        predictCsv(recordingPredictor(seen), csv, { output: join(dir, 'p.csv') }),
      ).rejects.toThrow(
        `e_huge.csv line 4, column 'x': value '${huge}' is not a number within ±3.4028235e38`,
      );
      expect(seen).toEqual([]);
      // With the import's reason, so the studio's Predict view words it in its language.
      await expect(
        predictCsv(recordingPredictor(seen), csv, { output: join(dir, 'p.csv') }),
      ).rejects.toMatchObject({
        code: 'CSV_PARSE',
        details: {
          reason: 'CSV_NUMBER_OUT_OF_RANGE',
          params: { file: 'e_huge.csv', line: 4, column: 'x', value: huge },
        },
      });
    },
  );

  it('gives a number within the range finite features', async () => {
    const csv = join(dir, 'e_big.csv');
    await writeFile(csv, 'x\n2.5\n3e38\n');
    const seen: number[] = [];
    await predictCsv(recordingPredictor(seen), csv, { output: join(dir, 'q.csv') });
    // By hand: mean 2.5, population std √1.25 = 1.118034; (3e38 − 2.5) / 1.118034 = 2.6833e38.
    expect(seen[0]).toBe(0);
    expect(seen[1]).toBe(Math.fround(3e38 / Math.sqrt(1.25)));
    expect(seen[1]).toBeCloseTo(2.6833e38, -34);
  });
});
