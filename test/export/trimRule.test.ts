/**
 * One trim rule for cells (data/cellValues.ts trimCell): ASCII whitespace only — space,
 * \t \n \v \f \r, the set Python's bytes.strip() and C's isspace (C locale) strip — in the
 * import, the profiles and the bundle's preprocess.js. Found by a new user: JavaScript's
 * trim() also stripped U+00A0 (no-break space) and U+2028, so "blue\u00a0" was stored as
 * "blue". Each expectation below is written by hand from that set.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MISSING_TOKENS,
  TRIM_CELL_SOURCE,
  toCellValue,
  trimCell,
} from '../../src/main/data/cellValues';
import { importCsv } from '../../src/main/data/importCsv';
import { fitPreprocessing, transform, type RawColumn } from '../../src/main/engine/preprocessing';
import type { BundleMetadata } from '../../src/main/export/metadata';
import { preprocessModuleSource } from '../../src/main/export/preprocessModule';
import { FakeStore } from '../data/fakeStore';

/** Python: b' \t\n\r\x0b\x0c' — what bytes.strip() removes. */
const ASCII_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

/** The generated module's trimCell, run from its source text. */
const moduleTrim = new Function(`${TRIM_CELL_SOURCE}\nreturn trimCell;`)() as (
  text: string,
) => string;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-trim-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('trimCell', () => {
  it('strips exactly ASCII whitespace, for every BMP code unit, in the studio and preprocess.js', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      const text = `${c}${c}x${c}`;
      const want = ASCII_WHITESPACE.has(code) ? 'x' : text;
      if (trimCell(text) !== want || moduleTrim(text) !== want) {
        throw new Error(`U+${code.toString(16)}: got ${JSON.stringify(trimCell(text))}`);
      }
    }
    expect(trimCell(' \u00a0a b\u2028\t')).toBe('\u00a0a b\u2028');
    expect(moduleTrim(' \u00a0a b\u2028\t')).toBe('\u00a0a b\u2028');
    expect(trimCell(' \t\r\n')).toBe('');
  });
});

describe('the import', () => {
  it('keeps a no-break space and U+2028 in cells, trims ASCII spaces', async () => {
    const path = join(dir, 'nbsp.csv');
    await writeFile(path, 'id,colour\n1, blue\u00a0 \n2,blue\n3,\u2028red\n4,  \n', 'utf8');
    const store = new FakeStore();
    const info = await importCsv(store, path, { columnTypes: { colour: 'categorical' } });
    // By hand: row 4 is two spaces → '' → missing; the other cells keep their non-ASCII spaces.
    expect(store.onlyRows()).toEqual([
      [1, 'blue\u00a0'],
      [2, 'blue'],
      [3, '\u2028red'],
      [4, null],
    ]);
    const colour = info.columns.find((c) => c.name === 'colour')!;
    expect(colour.profile).toMatchObject({ missing: 1 });
    expect(colour.profile.distinct).toBe(3);
  });

  it('reads a line of a no-break space as a record, not as a blank line (byte and string paths)', async () => {
    const path = join(dir, 'nbspline.csv');
    await writeFile(path, 'a\n1\n\u00a0\n2\n', 'utf8');
    const store = new FakeStore();
    await importCsv(store, path, { columnTypes: { a: 'categorical' } });
    expect(store.onlyRows()).toEqual([['1'], ['\u00a0'], ['2']]);
  });
});

describe('preprocess.js', () => {
  it('matches the engine on cells with no-break spaces (the same categories as in training)', async () => {
    const train: RawColumn[] = [
      { name: 'colour', type: 'categorical', values: ['blue\u00a0', 'blue', 'red'] },
    ];
    const prep = fitPreprocessing(train, [0, 1, 2]);
    const metadata = {
      packageVersion: 'test',
      modelName: 'trim',
      input: {
        inputName: 'features',
        features: prep.featureNames.length,
        columns: prep.encoders.map((encoding) => ({
          name: encoding.column,
          type: 'categorical',
          encoding,
        })),
        missingTokens: [...MISSING_TOKENS],
      },
      tasks: [{ name: 'kind', labels: ['a', 'b'], output: 'probs_kind' }],
    } as unknown as BundleMetadata;
    const file = join(dir, 'preprocess.js');
    await writeFile(file, preprocessModuleSource(metadata));
    const runtime = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      preprocess(rows: Record<string, unknown>[]): { data: Float32Array };
    };
    const rows = [' blue\u00a0 ', 'blue ', '\tred', '\u00a0'];
    const { data } = runtime.preprocess(rows.map((colour) => ({ colour })));
    const want = transform(prep, {
      colour: rows.map((text) => toCellValue(text, 'categorical')),
    });
    expect(Array.from(data)).toEqual(Array.from(want));
    // By hand: row 1 is the category "blue\u00a0", row 2 "blue" — different features.
    const width = prep.featureNames.length;
    const oneHot = (r: number) =>
      prep.featureNames.filter((_, j) => data[r * width + j] === 1).join(' ');
    expect(oneHot(0)).toBe('colour=blue\u00a0');
    expect(oneHot(1)).toBe('colour=blue');
    expect(oneHot(2)).toBe('colour=red');
  });
});
