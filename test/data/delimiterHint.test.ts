/**
 * A file read with a chosen delimiter that is not its own. Found by a new user: a comma CSV
 * with a quoted header imported with `--delimiter ';'` was refused with "line 1, column 1:
 * malformed quoted field (text after its closing quote)", blaming the quoting. Expected by
 * hand: with ';' the header line `"name","age","city"` holds no ';', so it is one field
 * whose first quote closes after `name`, followed by text; the file's own delimiter, in
 * every line, is ','. A tab-delimited file with a quoted header was refused even with its
 * own delimiter (the tab after a closing quote was skipped as space): found on the way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data/preview';
import { FakeStore, fixture } from './fakeStore';

let dir: string;
let quoted: string;
let tabs: string;
let sentences: string;
let plain: string;
let commaHeader: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-delimiter-'));
  quoted = join(dir, 'quoted.csv');
  await writeFile(quoted, '"name","age","city"\n"Ann",31,"Oslo"\n"Bob",42,"Rome"\n');
  tabs = join(dir, 'quoted.tsv');
  await writeFile(tabs, '"a"\t"b"\n1\t2\n3\t4\n');
  // One column of text with commas in it, read with ';' on purpose so the commas stay.
  sentences = join(dir, 'sentences.csv');
  await writeFile(sentences, 'text\nred, dark\nblue, light\n');
  plain = join(dir, 'plain.csv');
  await writeFile(plain, 'a,b,c\n1,2,3\n4,5,6\n');
  // One column whose header and cells hold commas, but not alike in every line.
  commaHeader = join(dir, 'notes.csv');
  await writeFile(commaHeader, 'note, free text\nred, dark, wet\nblue\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const QUOTED_SEMICOLON =
  "quoted.csv line 1: the delimiter ';' does not occur in the header, so it reads as one column " +
  '(read so, line 1, column 1: malformed quoted field (text after its closing quote)); ' +
  "the file looks delimited by ',': choose that delimiter, or auto (detected)";

describe('a chosen delimiter the header does not hold', () => {
  it('is named, with the detected one, in the preview and the import (not the quoting)', async () => {
    await expect(previewCsv(quoted, { delimiter: ';' })).rejects.toMatchObject({
      code: 'CSV_PARSE',
      message: QUOTED_SEMICOLON,
      details: {
        reason: 'CSV_DELIMITER_NOT_IN_HEADER',
        params: { file: 'quoted.csv', line: 1, delimiter: "';'", detected: "','" },
        remedy: { delimiter: ',' },
      },
    });
    const store = new FakeStore();
    await expect(importCsv(store, quoted, { delimiter: ';' })).rejects.toMatchObject({
      message: QUOTED_SEMICOLON,
    });
    expect(store.stored).toHaveLength(0);
    // Read with its own delimiter it imports: 2 rows, 3 columns.
    const ok = await importCsv(store, quoted, { delimiter: ',' });
    expect([ok.rowCount, ok.columns.map((c) => c.name)]).toEqual([2, ['name', 'age', 'city']]);
  });

  it('names it for a field count error too, and before reading a plainly ;-delimited file', async () => {
    // By hand: semicolon.csv splits into 4 fields with ';' in every line, and its header
    // holds no ',' nor quote: refused before reading (the header would be one column).
    await expect(previewCsv(fixture('semicolon.csv'), { delimiter: ',' })).rejects.toThrow(
      "semicolon.csv line 1: the delimiter ',' does not occur in the header, so it reads as one column (read so, its one column is named \"id;name;amount;tag\"); the file looks delimited by ';': choose that delimiter, or auto (detected)",
    );
    // By hand: with ';' line 3 has 3 fields, not 2, so the check before reading passes; with
    // ',' the header "id;name" is one field, and line 2, "1;Smith, John", two.
    const ragged = join(dir, 'ragged.csv');
    await writeFile(ragged, 'id;name\n1;Smith, John\n2;Doe;x\n');
    await expect(previewCsv(ragged, { delimiter: ',' })).rejects.toThrow(
      "ragged.csv line 1: the delimiter ',' does not occur in the header, so it reads as one column (read so, line 2: expected 1 field, found 2); the file looks delimited by ';': choose that delimiter, or auto (detected)",
    );
  });

  it('names a tab as "tab", and a quoted tab-delimited file reads with a tab', async () => {
    await expect(previewCsv(tabs, { delimiter: ',' })).rejects.toMatchObject({
      message: expect.stringContaining(
        "the delimiter ',' does not occur in the header, so it reads as one column",
      ),
      details: { params: { detected: 'tab' }, remedy: { delimiter: '\t' } },
    });
    for (const delimiter of ['\t', 'auto']) {
      const preview = await previewCsv(tabs, { delimiter });
      expect([preview.header, preview.rows]).toEqual([
        ['a', 'b'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ]);
      const store = new FakeStore();
      await importCsv(store, tabs, { delimiter });
      expect(store.stored[0].rows).toEqual([
        [1, 2],
        [3, 4],
      ]);
    }
  });

  it('leaves a one-column file read with a delimiter it lacks alone', async () => {
    const preview = await previewCsv(sentences, { delimiter: ';' });
    expect([preview.header, preview.rows]).toEqual([['text'], [['red, dark'], ['blue, light']]]);
    // By hand: "note, free text" splits in 2 with ',', "red, dark, wet" in 3, "blue" in 1:
    // not a comma file, so the one column stands (preview and import).
    const notes = await previewCsv(commaHeader, { delimiter: ';' });
    expect(notes.header).toEqual(['note, free text']);
    const store = new FakeStore();
    const imported = await importCsv(store, commaHeader, { delimiter: ';' });
    expect([imported.rowCount, imported.columns.map((c) => c.name)]).toEqual([
      2,
      ['note, free text'],
    ]);
  });

  it('refuses an unquoted header the chosen delimiter reads as one column (nothing fails)', async () => {
    // Found by a new user: "a,b,c\n1,2,3\n4,5,6" with ';' imported as one column named
    // "a,b,c". By hand: no ';' in any line; ',' splits each of the 3 lines into 3 fields.
    const expected = {
      code: 'CSV_PARSE',
      message:
        "plain.csv line 1: the delimiter ';' does not occur in the header, so it reads as one column " +
        '(read so, its one column is named "a,b,c"); ' +
        "the file looks delimited by ',': choose that delimiter, or auto (detected)",
      details: {
        reason: 'CSV_DELIMITER_NOT_IN_HEADER',
        params: { file: 'plain.csv', line: 1, delimiter: "';'", detected: "','" },
        remedy: { delimiter: ',' },
      },
    };
    await expect(previewCsv(plain, { delimiter: ';' })).rejects.toMatchObject(expected);
    const store = new FakeStore();
    await expect(importCsv(store, plain, { delimiter: ';' })).rejects.toMatchObject(expected);
    expect(store.stored).toHaveLength(0);
    // Without a header, the first row is named instead.
    await expect(previewCsv(plain, { delimiter: '|', hasHeader: false })).rejects.toMatchObject({
      message: expect.stringContaining(
        'the delimiter \'|\' does not occur in the first row, so it reads as one column (read so, its one cell is "a,b,c")',
      ),
    });
    // Detected or chosen right, it reads as 3 columns.
    for (const delimiter of [undefined, 'auto', ',']) {
      const ok = await importCsv(new FakeStore(), plain, { delimiter });
      expect(ok.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    }
  });
});
