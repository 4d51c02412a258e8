/**
 * Line breaks per record (#13 item 3): a record may end in `\r\n`, `\n` or `\r`, mixed in
 * one file, while line breaks inside quoted fields stay data. Expected rows and line
 * numbers are written out by hand from the file texts below.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { CsvScanner, CsvSyntaxError } from '../../src/main/data/csvScanner';
import { FakeStore } from './fakeStore';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-linebreaks-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function csvFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** All records of `text` fed to a scanner in the given chunks. */
function scanChunks(chunks: string[]): { fields: string[]; line: number }[] {
  const scanner = new CsvScanner(',', '"');
  const records: { fields: string[]; line: number }[] = [];
  const sink = (fields: string[], line: number): void => {
    records.push({ fields, line });
  };
  for (const chunk of chunks) scanner.push(chunk, sink);
  scanner.finish(sink);
  return records;
}

const MIXED = 'a,b\r\n1,"x\r\ny"\n2,"say ""hi"""\r3,\r\n\n4,"p\rq"\r\n5,z';
// Lines: 1 a,b | 2–3 the record with "x\r\ny" | 4 | 5 | 6 blank | 7–8 "p\rq" | 9 (no break at EOF)
const MIXED_RECORDS = [
  { fields: ['a', 'b'], line: 1 },
  { fields: ['1', 'x\r\ny'], line: 2 },
  { fields: ['2', 'say "hi"'], line: 4 },
  { fields: ['3', ''], line: 5 },
  { fields: ['4', 'p\rq'], line: 7 },
  { fields: ['5', 'z'], line: 9 },
];

describe('CsvScanner', () => {
  it('ends records at \\r\\n, \\n and \\r in one text and keeps quoted line breaks', () => {
    expect(scanChunks([MIXED])).toEqual(MIXED_RECORDS);
  });

  it('gives the same records however the text is cut into chunks (also inside \\r\\n and quotes)', () => {
    for (let cut = 0; cut <= MIXED.length; cut++) {
      expect(scanChunks([MIXED.slice(0, cut), MIXED.slice(cut)])).toEqual(MIXED_RECORDS);
    }
    expect(scanChunks([...MIXED])).toEqual(MIXED_RECORDS); // one character at a time
  });

  it('reports an unclosed quote at the line where it opens, with the field position', () => {
    expect(() => scanChunks(['a,b\r\n1,2\r3,"open\nstill open\n'])).toThrow(
      new CsvSyntaxError('quoted field is never closed', 3, 2, 'CSV_UNCLOSED_QUOTE'),
    );
  });

  it('reports text after a closing quote at the line of its record', () => {
    let error: unknown;
    try {
      scanChunks(['a,b\n1,2\r\n3,"x"y\n']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(3);
  });

  it('accepts spaces after a closing quote and a quote inside an unquoted field', () => {
    expect(scanChunks(['"a" ,5\'11"\r\n'])).toEqual([{ fields: ['a', '5\'11"'], line: 1 }]);
  });
});

describe('importing files with mixed line breaks', () => {
  it("imports the issue's many-column example row by row", async () => {
    const path = await csvFile('mixed.csv', 'x,y,label\r\n1,2,a\n3,NA,b\n4,,a\r\n5,6,b\r7,8,a\r\n');
    const store = new FakeStore();
    const info = await importCsv(store, path);
    expect(info.columns.map((c) => [c.name, c.type])).toEqual([
      ['x', 'numeric'],
      ['y', 'numeric'],
      ['label', 'categorical'],
    ]);
    expect(store.onlyRows()).toEqual([
      [1, 2, 'a'],
      [3, null, 'b'],
      [4, null, 'a'],
      [5, 6, 'b'],
      [7, 8, 'a'],
    ]);
  });

  it("imports the issue's one-column example without merging records (was silent data loss)", async () => {
    const path = await csvFile('one-column.csv', 'label\r\na\nb\nc\r\nd\r\n');
    const store = new FakeStore();
    const info = await importCsv(store, path);
    expect(info.rowCount).toBe(4);
    expect(store.onlyRows()).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps quoted fields with line breaks whole in a mixed file', async () => {
    const path = await csvFile(
      'quoted-mixed.csv',
      'id,note\r\n1,"first\r\nsecond"\n2,"a\nb"\r3,plain\r\n',
    );
    const store = new FakeStore();
    await importCsv(store, path, { columnTypes: { note: 'text' } });
    expect(store.onlyRows()).toEqual([
      [1, 'first\r\nsecond'],
      [2, 'a\nb'],
      [3, 'plain'],
    ]);
  });

  it('names the right file line for a ragged row after mixed breaks and a quoted break', async () => {
    // Lines: 1 header, 2 row, 3–4 quoted row, 5 row, 6 ragged (after a lone \r).
    const path = await csvFile('ragged-mixed.csv', 'a,b\r\n1,x\n2,"y\r\nz"\r3,w\r4,5,6\n');
    await expect(importCsv(new FakeStore(), path)).rejects.toThrow(
      'ragged-mixed.csv line 6: expected 2 fields, found 3',
    );
  });
});
