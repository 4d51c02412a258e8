/**
 * The bundle's preprocess.js against the engine: rows given as a user would (texts with
 * spaces, missing tokens, numbers, booleans, unknown categories) must give the features
 * the engine's `transform` gives for the same cells as the CSV import stores them
 * (data/cellValues.ts toCellValue). Two implementations, one answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellGrammar, parseNumber, toCellValue } from '../../src/main/data/cellValues';
import { MISSING_TOKENS } from '../../src/main/data/cellValues';
import type { BundleMetadata } from '../../src/main/export/metadata';
import { preprocessModuleSource } from '../../src/main/export/preprocessModule';
import { fitPreprocessing, transform, type RawColumn } from '../../src/main/engine/preprocessing';
import type { ColumnType } from '../../src/shared/domain';

type Runtime = {
  preprocess(rows: Record<string, unknown>[]): { data: Float32Array; shape: number[] };
  decode(
    outputs: ArrayLike<number>[],
    n: number,
  ): Record<string, { label: string; probability: number }>[];
  featureCount: number;
};

const TYPES: Record<string, ColumnType> = {
  size: 'numeric',
  colour: 'categorical',
  vip: 'boolean',
};
// Training cells as stored: numbers, texts, 1/0, null (missing).
const TRAIN: RawColumn[] = [
  { name: 'size', type: 'numeric', values: [1, 2.5, null, 4, 10] },
  { name: 'colour', type: 'categorical', values: ['red', 'blue', 'red', null, 'green'] },
  { name: 'vip', type: 'boolean', values: [1, 0, 0, null, 1] },
];
// New rows, as texts from a CSV or values from a web form.
const ROWS: Record<string, unknown>[] = [
  { size: ' 3.5 ', colour: ' blue ', vip: 'yes' },
  { size: 'NA', colour: 'purple', vip: 'F' },
  { size: '', colour: '', vip: '' },
  { size: 7, colour: 'red', vip: true, extra: 'ignored' },
  { size: null, colour: null, vip: null },
  { size: '-1e2', colour: 'green', vip: '0' },
  { size: undefined, colour: '?', vip: 1 },
];

let dir: string;
let runtime: Runtime;
const prep = fitPreprocessing(TRAIN, [0, 1, 2, 3, 4]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-preprocess-'));
  const metadata = {
    packageVersion: 'test',
    modelName: 'unit',
    input: {
      inputName: 'features',
      features: prep.featureNames.length,
      columns: prep.encoders.map((encoding) => ({
        name: encoding.column,
        type: TYPES[encoding.column],
        encoding,
      })),
      missingTokens: [...MISSING_TOKENS],
    },
    tasks: [{ name: 'kind', labels: ['a', 'b', 'c'], output: 'probs_kind' }],
  } as unknown as BundleMetadata;
  await writeFile(join(dir, 'preprocess.js'), preprocessModuleSource(metadata));
  runtime = (await import(
    /* @vite-ignore */ pathToFileURL(join(dir, 'preprocess.js')).href
  )) as Runtime;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The cell the CSV import would store for a value of a row (toCellValue on its text). */
function stored(value: unknown, type: ColumnType): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return toCellValue(String(value), type);
}

describe('preprocess.js', () => {
  it('gives the engine’s features for texts, numbers, booleans, missing and unseen values', () => {
    const columns = Object.fromEntries(
      Object.keys(TYPES).map((name) => [name, ROWS.map((r) => stored(r[name], TYPES[name]))]),
    );
    const want = transform(prep, columns);
    const { data, shape } = runtime.preprocess(ROWS);
    expect(shape).toEqual([ROWS.length, prep.featureNames.length]);
    expect(Array.from(data)).toEqual(Array.from(want));
    // By hand for row 2 ("purple" is unseen: all zeros, no missing flag; size NA → 0 with flag).
    const names = prep.featureNames;
    const row = (r: number) =>
      Object.fromEntries(names.map((n, j) => [n, data[r * names.length + j]]));
    expect(row(1)).toMatchObject({
      'size:missing': 1,
      size: 0,
      'colour=blue': 0,
      'colour=red': 0,
      'colour:missing': 0,
      vip: expect.any(Number),
    });
  });

  it('names the row and column of a value that does not parse, and of a missing column', () => {
    expect(() => runtime.preprocess([{ size: '1,5', colour: 'red', vip: 'yes' }])).toThrow(
      'Row 1, column "size": "1,5" is not a number.',
    );
    expect(() => runtime.preprocess([ROWS[0], { size: 1, colour: 'red', vip: 'maybe' }])).toThrow(
      /Row 2, column "vip": "maybe" is not true\/false/,
    );
    expect(() => runtime.preprocess([{ size: 1, vip: 1 }])).toThrow(
      /Row 1: column "colour" is missing/,
    );
  });

  it('refuses a number beyond the 32-bit float range, as text or number, as the studio does', () => {
    // Found by a new user: 1e39 … −1e308 reached the network as ±Infinity/NaN. The studio's
    // reader refuses them (test/data/float32Range.test.ts); so does preprocess.js.
    const within = 'a number within ±3.4028235e38 (the 32-bit float range the model computes in).';
    for (const size of ['1e39', '-1e308', '1e400']) {
      expect(() => runtime.preprocess([{ size, colour: 'red', vip: 1 }])).toThrow(
        `Row 1, column "size": "${size}" is not ${within}`,
      );
    }
    expect(() => runtime.preprocess([ROWS[0], { size: 1e39, colour: 'red', vip: 1 }])).toThrow(
      `Row 2, column "size": 1e+39 is not ${within}`,
    );
    expect(() => runtime.preprocess([{ size: -Infinity, colour: 'red', vip: 1 }])).toThrow(
      `Row 1, column "size": null is not ${within}`, // JSON.stringify(-Infinity) is "null"
    );
    // 3e38 is read, standardised as the engine does: (3e38 − 4.375) / std, in float32.
    const enc = prep.encoders[0];
    const { data } = runtime.preprocess([{ size: '3e38', colour: 'red', vip: 1 }]);
    expect(enc).toMatchObject({ kind: 'numeric', column: 'size', mean: 4.375 });
    expect(data[0]).toBe(Math.fround((3e38 - 4.375) / (enc as { std: number }).std));
    expect(Array.from(data)).toEqual(
      Array.from(transform(prep, { size: [3e38], colour: ['red'], vip: [1] })),
    );
  });

  it('decodes outputs into the most probable label per task', () => {
    const out = runtime.decode([Float32Array.from([0.2, 0.5, 0.3, 0.9, 0.05, 0.05])], 2);
    expect(out.map((r) => [r.kind.label, r.kind.probability])).toEqual([
      ['b', 0.5],
      ['a', Math.fround(0.9)],
    ]);
  });
});

describe('preprocess.js of a model trained on a --decimal-comma import', () => {
  // The same model (size standardised over 1, 2.5, 4, 10: mean 4.375), its metadata saying
  // input.decimalComma as bundle.ts writes it.
  let comma: Runtime & { decimalComma: boolean };
  let commaDir: string;
  beforeAll(async () => {
    commaDir = await mkdtemp(join(tmpdir(), 'mtl-preprocess-comma-'));
    const metadata = {
      packageVersion: 'test',
      modelName: 'unit',
      input: {
        inputName: 'features',
        features: prep.featureNames.length,
        columns: prep.encoders.map((encoding) => ({
          name: encoding.column,
          type: TYPES[encoding.column],
          encoding,
        })),
        missingTokens: [...MISSING_TOKENS],
        decimalComma: true,
      },
      tasks: [{ name: 'kind', labels: ['a', 'b', 'c'], output: 'probs_kind' }],
    } as unknown as BundleMetadata;
    await writeFile(join(commaDir, 'preprocess.js'), preprocessModuleSource(metadata));
    comma = (await import(
      /* @vite-ignore */ pathToFileURL(join(commaDir, 'preprocess.js')).href
    )) as Runtime & { decimalComma: boolean };
  });
  afterAll(async () => {
    await rm(commaDir, { recursive: true, force: true });
  });

  it('reads "0,5", "1.234,5" and "1.000" (1000) as the studio does', () => {
    expect(comma.decimalComma).toBe(true);
    const grammar = cellGrammar({ decimalComma: true });
    const texts = ['0,5', ' 2,5 ', '1.234,5', '-1.000,25', '12.345.678', '1.000', '3.5', 'NA'];
    const rows = texts.map((size) => ({ size, colour: 'red', vip: 'yes' }));
    const stored = texts.map((text) => toCellValue(text, 'numeric', grammar));
    // By hand: 0.5, 2.5, 1234.5, −1000.25, 12 345 678, 1000 (a dot grouping thousands),
    // 3.5, missing.
    expect(stored).toEqual([0.5, 2.5, 1234.5, -1000.25, 12345678, 1000, 3.5, null]);
    const want = transform(prep, {
      size: stored,
      colour: rows.map(() => 'red'),
      vip: rows.map(() => 1),
    });
    expect(Array.from(comma.preprocess(rows).data)).toEqual(Array.from(want));
    // The same rows with the numbers themselves give the same features.
    const numbers = stored.map((size) => ({ size, colour: 'red', vip: true }));
    expect(Array.from(comma.preprocess(numbers).data)).toEqual(Array.from(want));
  });

  it('reads every text as parseNumber does, with and without the option', async () => {
    const texts = ['0,5', '1.234,5', '1.234.567', '1.000', '12.500', '1,5e3', ',5', '5,'];
    texts.push('1.23,5', '0.234,5', '1,234.5', '1.2.3', '1e999', '1,5,5', '-1.000,25', '.5');
    // The module's number reading, pointText, is not exported: a cell of each text in a
    // numeric column either becomes (v − mean) / std or throws "is not a number".
    const size = prep.encoders.find((e) => e.column === 'size')!;
    if (size.kind !== 'numeric') throw new Error('size is numeric');
    const read = (runtime: Runtime, text: string): number | null => {
      try {
        const { data } = runtime.preprocess([{ size: text, colour: 'red', vip: 1 }]);
        return data[prep.featureNames.indexOf('size')];
      } catch {
        return null;
      }
    };
    for (const text of texts) {
      for (const [runtimeOf, decimalComma] of [
        [comma, true],
        [runtime, false],
      ] as const) {
        const value = parseNumber(text, decimalComma);
        const want = value === null ? null : Math.fround((value - size.mean) / size.std);
        expect(read(runtimeOf, text), `${text} (decimalComma ${decimalComma})`).toBe(want);
      }
    }
  });

  it('without the option in the metadata, "0,5" is still no number', () => {
    expect((runtime as Runtime & { decimalComma: boolean }).decimalComma).toBe(false);
    expect(() => runtime.preprocess([{ size: '0,5', colour: 'red', vip: 'yes' }])).toThrow(
      'Row 1, column "size": "0,5" is not a number.',
    );
  });
});
