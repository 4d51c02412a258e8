import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter, openCsvRecords, type CsvRecord } from '../../src/main/data/csvStream';
import { openCsvTable } from '../../src/main/data/csvTable';
import { previewCsv } from '../../src/main/data/preview';
import { fixture } from './fakeStore';

const utf8Comma = { encoding: 'utf-8', delimiter: ',', quoteChar: '"' };

async function allRecords(path: string, delimiter = ','): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of openCsvRecords(path, { ...utf8Comma, delimiter }).records) {
    records.push(record);
  }
  return records;
}

describe('delimiters', () => {
  it('detects semicolons even with commas inside values', async () => {
    const preview = await previewCsv(fixture('semicolon.csv'));
    expect(preview.delimiter).toBe(';');
    expect(preview.header).toEqual(['id', 'name', 'amount', 'tag']);
    expect(preview.rows[0]).toEqual(['1', 'Smith, John', '10.5', 'a']);
    expect(preview.inferredTypes).toEqual(['numeric', 'categorical', 'numeric', 'categorical']);
  });

  it('detects tabs', async () => {
    const preview = await previewCsv(fixture('tab.tsv'));
    expect(preview.delimiter).toBe('\t');
    expect(preview.rows).toEqual([
      ['1', 'red, dark', '3'],
      ['2', 'blue', '4'],
      ['3', 'green; light', '5'],
    ]);
  });

  it('detects commas and falls back to a comma for one-column text', () => {
    expect(detectDelimiter('a,b;c\n1,2;3\n4,5;6\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n4;5,25;6\n')).toBe(';');
    expect(detectDelimiter('only\none\ncolumn\n')).toBe(',');
  });

  it('uses a delimiter chosen by the user', async () => {
    // By hand: "x;y|z" holds ';' and '|'; detection prefers ';' (2 fields in every line),
    // the user's '|' splits it into "x;y" and "z".
    const dir = await mkdtemp(join(tmpdir(), 'mtl-chosen-'));
    try {
      const both = join(dir, 'both.csv');
      await writeFile(both, 'x;y|z\n1;2|3\n4;5|6\n');
      expect((await previewCsv(both)).header).toEqual(['x', 'y|z']);
      const preview = await previewCsv(both, { delimiter: '|' });
      expect(preview.delimiter).toBe('|');
      expect(preview.header).toEqual(['x;y', 'z']);
      expect(preview.rows[0]).toEqual(['1;2', '3']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // A chosen delimiter the header lacks, of a file plainly delimited otherwise, is
    // refused (test/data/delimiterHint.test.ts): tab.tsv read with '|' was one column.
    await expect(previewCsv(fixture('tab.tsv'), { delimiter: '|' })).rejects.toMatchObject({
      details: { reason: 'CSV_DELIMITER_NOT_IN_HEADER' },
    });
  });

  it('rejects a delimiter that is not one character', async () => {
    await expect(previewCsv(fixture('semicolon.csv'), { delimiter: ';;' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('quoted fields and line numbers', () => {
  it('keeps delimiters, doubled quotes and newlines inside quotes', async () => {
    const records = await allRecords(fixture('quoted.csv'));
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'text', 'value'],
      ['1', 'hello, world', '10'],
      ['2', 'two\nlines', '20'],
      ['3', 'she said "hi"\r\nand\nleft', '30'],
      ['4', 'plain', '40'],
    ]);
  });

  it('gives the FILE line where each record starts, not the record index', async () => {
    const records = await allRecords(fixture('quoted.csv'));
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 8]);
  });

  it('counts blank lines and multi-line fields before a ragged row', async () => {
    const table = await openCsvTable(fixture('ragged-multiline.csv'), utf8Comma, true);
    const lines: number[] = [];
    const consume = async (): Promise<void> => {
      for await (const record of table.rows) lines.push(record.line);
    };
    await expect(consume()).rejects.toMatchObject({
      code: 'CSV_PARSE',
      message:
        'ragged-multiline.csv line 9: expected 3 fields, found 4; 1 line has a wrong number of fields (line 9)',
      // The reason and parameters the UI translates: the same facts as the message.
      details: {
        file: 'ragged-multiline.csv',
        line: 9,
        reason: 'CSV_FIELD_COUNT',
        params: { file: 'ragged-multiline.csv', line: 9, expected: 3, found: 4 },
      },
    });
    expect(lines).toEqual([2, 4, 8]);
  });

  it('names the first column a short row has no field for (short-row.csv: a,b,c then "7,8" on line 4)', async () => {
    const table = await openCsvTable(fixture('short-row.csv'), utf8Comma, true);
    const consume = async (): Promise<void> => {
      for await (const record of table.rows) void record;
    };
    // Line 4 holds 2 fields; the header names 3 (a, b, c): c is the first without a value.
    await expect(consume()).rejects.toMatchObject({
      code: 'CSV_PARSE',
      message:
        "short-row.csv line 4, column 'c': expected 3 fields, found 2; the row ends before this column; 1 line has a wrong number of fields (line 4)",
      details: {
        line: 4,
        column: 'c',
        reason: 'CSV_FIELD_MISSING',
        params: { file: 'short-row.csv', line: 4, column: 'c', expected: 3, found: 2 },
      },
    });
  });

  it('names generated columns when there is no header', async () => {
    const preview = await previewCsv(fixture('no-header.csv'), { hasHeader: false });
    expect(preview.header).toEqual(['column_1', 'column_2', 'column_3']);
    expect(preview.rows[0]).toEqual(['1', 'a', 'x']);
    expect(preview.rows).toHaveLength(3);
  });
});

describe('large files', () => {
  let dir = '';
  let bigPath = '';
  const rows = 30_000;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mtl-csv-'));
    bigPath = join(dir, 'big.csv');
    // Every 7th row has a two-line quoted field, so records straddle the stream's
    // 64 KiB chunks in every possible way; a ragged row sits at the end.
    const parts = ['id,note,value\n'];
    for (let i = 0; i < rows; i++) {
      parts.push(
        i % 7 === 0
          ? `${i},"line a ${i}\nline b, ${i}",${i * 0.5}\n`
          : `${i},n${i % 5},${i * 0.5}\n`,
      );
    }
    parts.push('x,y,z,extra\n');
    await writeFile(bigPath, parts.join(''));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams every record with its exact file line across chunk boundaries', async () => {
    const table = await openCsvTable(bigPath, utf8Comma, true);
    let expectedLine = 2;
    let count = 0;
    let wrong = 0;
    const consume = async (): Promise<void> => {
      for await (const record of table.rows) {
        if (record.line !== expectedLine || record.fields[0] !== String(count)) wrong++;
        expectedLine += count % 7 === 0 ? 2 : 1;
        count++;
      }
    };
    // rows*(1) + ceil(rows/7) extra lines + header → the ragged row's line:
    const raggedLine = 1 + rows + Math.ceil(rows / 7) + 1;
    await expect(consume()).rejects.toThrow(
      `big.csv line ${raggedLine}: expected 3 fields, found 4`,
    );
    expect(count).toBe(rows);
    expect(wrong).toBe(0);
  });

  it('reads ahead only a bounded amount while the consumer waits (back-pressure)', async () => {
    const hugePath = join(dir, 'huge.csv');
    const lines = ['a,b'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},${i % 10}`);
    await writeFile(hugePath, lines.join('\n') + '\n'); // about 5 MB
    const stream = openCsvRecords(hugePath, utf8Comma);
    const first = await stream.records.next();
    expect(first.value).toEqual({ fields: ['a', 'b'], line: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.bytesRead()).toBeLessThan(1024 * 1024);
    await stream.records.return();
  });

  it('previews the first rows and estimates the row count of a file larger than the sample', async () => {
    const preview = await previewCsv(bigPath);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[7]).toEqual(['7', 'line a 7\nline b, 7', '3.5']);
    // Early rows have shorter ids than later ones, so the estimate runs a little high.
    expect(preview.rowCountEstimate).toBeGreaterThan(rows * 0.8);
    expect(preview.rowCountEstimate).toBeLessThan(rows * 1.2);
  });
});
