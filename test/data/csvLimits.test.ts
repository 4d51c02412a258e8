/**
 * Two reading limits a new user met, on both readers (the string path: openCsvTable,
 * decoder + CsvScanner; the byte path: openCsvByteTable, ByteCsvScanner), which must give
 * the same records and the same error:
 * - a byte that is not UTF-8 after the 64 KB detection sample was turned into U+FFFD
 *   without a word; it is now an error naming file, line and column;
 * - a well-quoted cell longer than MAX_RECORD_CHARS was refused as "is a quote left
 *   unclosed?"; it is now "the record is longer than … inside the quoted cell of this column" naming line and column, and
 *   only a quote that really never closes is called unclosed.
 * Expected lines and columns are counted by hand from how each file is built.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteCsvScanner } from '../../src/main/data/csvBytes';
import { CsvScanner, CsvSyntaxError, MAX_RECORD_CHARS } from '../../src/main/data/csvScanner';
import { openCsvByteTable, openCsvTable } from '../../src/main/data/csvTable';
import { SAMPLE_BYTES } from '../../src/main/data/encoding';
import { importCsv } from '../../src/main/data/importCsv';
import { MtlError } from '../../src/shared/errors';
import { ProjectStore } from '../../src/main/store/projectStore';
import { FakeStore } from './fakeStore';

const DIALECT = { encoding: 'utf-8', delimiter: ',', quoteChar: '"' };

interface Read {
  rows: number;
  lastLine: number;
  error: { code: string; message: string; details: unknown } | null;
}

/** Read a table to its end or its error, through one of the two readers. */
async function readTable(path: string, bytes: boolean): Promise<Read> {
  let rows = 0;
  let lastLine = 0;
  try {
    if (bytes) {
      const table = await openCsvByteTable(path, DIALECT, true);
      for await (const batch of table.batches) {
        rows += batch.count;
        lastLine = batch.lines[batch.count - 1];
      }
    } else {
      const table = await openCsvTable(path, DIALECT, true);
      for await (const record of table.rows) {
        rows++;
        lastLine = record.line;
      }
    }
  } catch (error) {
    if (!(error instanceof MtlError)) throw error;
    return {
      rows,
      lastLine,
      error: { code: error.code, message: error.message, details: error.details },
    };
  }
  return { rows, lastLine, error: null };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-csvlimits-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a byte that is not UTF-8 after the detection sample', () => {
  // 4 000 rows of "i,ascii,café" (about 90 KB) put the bad row beyond SAMPLE_BYTES.
  const goodRows = Array.from({ length: 4000 }, (_, i) => `${i},plain,café`).join('\n');

  it('is an error naming file, line and column on both readers, after the rows before it', async () => {
    const head = Buffer.from(`id,text,city\n${goodRows}\n4000,"two\nlines",caf`, 'utf8');
    // Windows-1252 "é" (0xE9) in the "city" field of the record starting on line 4002.
    const bytes = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('\n4001,x,y\n')]);
    expect(head.length).toBeGreaterThan(SAMPLE_BYTES);
    const path = join(dir, 'stray.csv');
    await writeFile(path, bytes);
    const expected: Read = {
      // Header on line 1, data rows 0…3999 on lines 2…4001; the bad record starts on
      // line 4002 and its third field, where 0xE9 is, on line 4003.
      rows: 4000,
      lastLine: 4001,
      error: {
        code: 'CSV_ENCODING',
        message:
          "stray.csv line 4003, column 'city': byte 0xE9 is not UTF-8 (the file is read as UTF-8, as its start is); choose its encoding (latin1 reads every byte) or fix the byte",
        details: {
          file: 'stray.csv',
          line: 4003,
          column: 'city',
          reason: 'CSV_INVALID_UTF8',
          params: { file: 'stray.csv', line: 4003, column: 'city' },
        },
      },
    };
    expect(await readTable(path, true)).toEqual(expected);
    expect(await readTable(path, false)).toEqual(expected);
    const store = new FakeStore();
    await expect(importCsv(store, path)).rejects.toThrow(expected.error!.message);
  });

  it('finds it wherever read chunks cut the file (every offset around 64 KiB and 256 KiB)', async () => {
    const prefix = Buffer.from('id,text,city\n0,plain,café\n', 'utf8');
    // A cut 3-byte character (E4 B8 without its last byte) then a comma: not UTF-8.
    for (const at of [65534, 65535, 65536, 65537, 262143, 262144]) {
      // A filler row "1,x…x,z\n" (k + 5 bytes) and "9999," put E4 at file offset `at`.
      const k = at - prefix.length - 5 - 5;
      const file = Buffer.concat([
        prefix,
        Buffer.from(`1,${'x'.repeat(k)},z\n9999,`),
        Buffer.from([0xe4, 0xb8]),
        Buffer.from(',z\n'),
      ]);
      expect(file.indexOf(0xe4)).toBe(at);
      const path = join(dir, `cut${at}.csv`);
      await writeFile(path, file);
      const viaBytes = await readTable(path, true);
      expect(viaBytes.error?.message, `at ${at}`).toMatch(
        /^cut\d+\.csv line 4, column 'text': byte 0xE4 is not UTF-8/,
      );
      expect(viaBytes.rows).toBe(2);
      expect(await readTable(path, false), `at ${at}`).toEqual(viaBytes);
    }
  });

  it('leaves a real U+FFFD (EF BF BD, well-formed UTF-8) alone', async () => {
    const path = join(dir, 'fffd.csv');
    await writeFile(path, `id,t\n1,a\ufffdb\n`, 'utf8');
    expect((await readTable(path, true)).error).toBeNull();
    expect((await readTable(path, false)).error).toBeNull();
  });
});

/** The error of both scanners on `text`, fed in 1 MiB chunks. */
function scannerErrors(text: string): { string: unknown; bytes: unknown } {
  const summary = (error: unknown): unknown =>
    error instanceof CsvSyntaxError
      ? { problem: error.problem, line: error.line, field: error.field, reason: error.reason }
      : error;
  const chunk = 1 << 20;
  let viaString: unknown = null;
  const scanner = new CsvScanner(',', '"');
  try {
    for (let at = 0; at < text.length; at += chunk) {
      scanner.push(text.slice(at, at + chunk), () => {});
    }
    scanner.finish(() => {});
  } catch (error) {
    viaString = summary(error);
  }
  let viaBytes: unknown = null;
  const bytes = Buffer.from(text, 'utf8');
  const byteScanner = new ByteCsvScanner(',', '"');
  try {
    for (let at = 0; at < bytes.length; at += chunk) {
      byteScanner.push(Buffer.from(bytes.subarray(at, at + chunk)));
    }
    byteScanner.finish();
  } catch (error) {
    viaBytes = summary(error);
  }
  return { string: viaString, bytes: viaBytes };
}

describe('a record longer than MAX_RECORD_CHARS', () => {
  // 2 MiB over: a record completed in the chunk that passes the limit is still read.
  const big = 'x'.repeat(MAX_RECORD_CHARS + (2 << 20));

  it('is a cell too long, with its line and field, when its quote closes', () => {
    // The quoted cell opens on line 3 (after "a,b" and "1,2"), field 2.
    const errors = scannerErrors(`a,b\n1,2\n3,"${big}"\n4,5\n`);
    const expected = {
      problem: `the record is longer than ${MAX_RECORD_CHARS} characters, the limit for one record, and passes it inside the quoted cell of this column, which opens on this line`,
      line: 3,
      field: 2,
      reason: 'CSV_CELL_TOO_LONG',
    };
    expect(errors).toEqual({ string: expected, bytes: expected });
  });

  it('counts line breaks inside the cell before it: the quote opens on line 4', () => {
    const errors = scannerErrors(`a,b\n"x\ny",z\n1,"p""q\n${big}""r"`);
    // "x\ny" spans lines 2–3; "1,…" starts on line 4 and its quoted field is field 2.
    expect(errors.string).toMatchObject({ line: 4, field: 2, reason: 'CSV_CELL_TOO_LONG' });
    expect(errors.bytes).toEqual(errors.string);
  });

  it('is an unclosed quote when the file ends inside it', () => {
    const errors = scannerErrors(`a,b\n1,"${big}`);
    const expected = {
      problem: `quoted field is never closed (it runs past ${MAX_RECORD_CHARS} characters, the limit for one record)`,
      line: 2,
      field: 2,
      reason: 'CSV_UNCLOSED_QUOTE',
    };
    expect(errors).toEqual({ string: expected, bytes: expected });
  });

  it('is an unclosed quote when text follows the quote that would close it', () => {
    const errors = scannerErrors(`a,b\n1,"${big}\n2,"later"\n`);
    expect(errors.string).toMatchObject({ line: 2, field: 2, reason: 'CSV_UNCLOSED_QUOTE' });
    expect(errors.bytes).toEqual(errors.string);
  });

  it('is a record too long (no quote involved) for one unquoted line', () => {
    const errors = scannerErrors(`a,b\n1,${big}\n`);
    expect(errors.string).toMatchObject({ line: 2, field: 2, reason: 'CSV_RECORD_TOO_LONG' });
    expect(errors.bytes).toEqual(errors.string);
  });

  it('names file, line, column and the limit through the import', async () => {
    const path = join(dir, 'bigcell.csv');
    await writeFile(path, `id,notes\n1,short\n2,"${big}"\n3,short\n`);
    // A real project: a file over 8 MiB takes the one-pass import, which FakeStore cannot hold.
    const store = await ProjectStore.open(join(dir, 'bigcell.mtlproj'), { create: true });
    const error = await importCsv(store, path)
      .catch((e: unknown) => e)
      .finally(async () => {
        expect(await store.datasets.list()).toEqual([]); // nothing stored
        await store.close();
      });
    expect(error).toBeInstanceOf(MtlError);
    expect((error as MtlError).message).toBe(
      `bigcell.csv line 3, column 'notes': the record is longer than ${MAX_RECORD_CHARS} characters, the limit for one record, and passes it inside the quoted cell of this column, which opens on this line`,
    );
    expect((error as MtlError).details).toMatchObject({
      reason: 'CSV_CELL_TOO_LONG',
      params: { file: 'bigcell.csv', line: 3, column: 'notes', max: MAX_RECORD_CHARS },
    });
  });
});
