/**
 * Regressions from the tester's CSV-import report: real values read as missing, numeric
 * columns silently lost to one bad cell, short GBK files misread, binary files, and
 * duplicate dataset names. Each expectation failed before its fix.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { cellGrammar, isMissingToken, parseNumber } from '../../src/main/data/cellValues';
import { findNulByte } from '../../src/main/data/encodingChecks';
import { detectEncoding, looksLikeGb18030 } from '../../src/main/data/encodingDetect';
import { importCsv } from '../../src/main/data/importCsv';
import { columnNoteReason, columnNoteText } from '../../src/main/data/inference';

import { previewCsv } from '../../src/main/data/preview';
import { ColumnStats } from '../../src/main/data/profile';
import { ProjectStore } from '../../src/main/store/projectStore';
import { FakeStore, fixture } from './fakeStore';

/** The note the command line prints for a column (as importCsv stores it). */
const columnNote = (...args: Parameters<typeof columnNoteReason>) =>
  columnNoteText(columnNoteReason(...args));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempCsv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('1. missing tokens: "None" is a value; the tokens are configurable', () => {
  it('no longer reads "None" as missing by default, but still NA, N/A, NaN, null, ?, ""', () => {
    for (const token of ['', 'NA', 'n/a', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']) {
      expect(isMissingToken(token)).toBe(true);
    }
    expect(isMissingToken('None')).toBe(false);
    expect(isMissingToken('none')).toBe(false);
  });

  it('keeps UNDER18 = "None" (no children) as a category of income_marketing', async () => {
    const info = await importCsv(new FakeStore(), fixture('income_marketing.csv'));
    const under18 = info.columns.find((c) => c.name === 'UNDER18')!;
    // Counted once with papaparse over the file: None 5724, One 1506, Two 1148, Three 412,
    // Four 117, Five 46, Six 27, Seven 8, Nine or more 3, Eight 2; no empty cell.
    // Before the fix the 5724 "None" were missing (missing 5724, 9 distinct).
    expect(under18.type).toBe('categorical');
    expect(under18.profile.missing).toBe(0);
    expect(under18.profile.distinct).toBe(10);
    expect(under18.profile.topCategories?.[0]).toEqual({ value: 'None', count: 5724 });
  });

  it('reads only the given tokens as missing (import and preview)', async () => {
    // missing.csv column x: 1, NA, n/a, NaN, null, " None ", ?, "", 2.5.
    // With tokens "" and NA (case-insensitive): missing = NA and "" → 2; the other 7
    // values (1, n/a, NaN, null, None, ?, 2.5) are all distinct → 7, categorical.
    const store = new FakeStore();
    const info = await importCsv(store, fixture('missing.csv'), { missingTokens: ['', 'na'] });
    expect(info.columns[0].profile.missing).toBe(2);
    expect(info.columns[0].type).toBe('categorical');
    expect(info.columns[0].profile.distinct).toBe(7);
    expect(store.onlyRows().map((row) => row[0])).toEqual([
      '1',
      null,
      'n/a',
      'NaN',
      'null',
      'None',
      '?',
      null,
      '2.5',
    ]);
    const preview = await previewCsv(fixture('missing.csv'), { missingTokens: [' NONE '] });
    // Row 6 is " None ,?": only " None " is missing now; "?" is a value.
    expect(preview.rows[5]).toEqual([null, '?']);
    expect(preview.rows[0]).toEqual(['1', 'a']);
    expect(cellGrammar({ missingTokens: ['None'] }).missing).toEqual(new Set(['none']));
  });
});

describe('2. notes on columns that are numeric except for a few cells', () => {
  it('names the one bad cell of 30 011 values with its file line', async () => {
    // Data row k (1-based) is on file line k + 1; rows 1…30 000 and 30 002…30 011 hold
    // integers, row 30 001 (line 30 002) holds "oops": 1 of 30 011 values is no number.
    const lines = ['id,count'];
    for (let k = 1; k <= 30_011; k++) lines.push(`${k},${k === 30_001 ? 'oops' : k * 3}`);
    const path = await tempCsv('one-oops.csv', lines.join('\n') + '\n');
    const info = await importCsv(new FakeStore(), path);
    const count = info.columns[1];
    // The inference rule is unchanged: 30 011 distinct texts → text, ignored by default.
    expect(count).toMatchObject({ type: 'text', role: 'ignore' });
    expect(count.profile.note).toBe(
      'mostly numeric; line 30002 has "oops" (1 of 30011 values does not parse); ' +
        'fix it or add it to the missing-value tokens (--na) to import the column as numbers',
    );
    // 'id' is 1…30 011, one per row (past the exact distinct cap, proven distinct by running
    // in order): a row index, ignored with a note (inference.ts default roles, rule 2).
    expect(info.columns[0]).toMatchObject({ type: 'numeric', role: 'ignore' });
    expect(info.columns[0].profile.note).toBe(
      'looks like a row index (1…30011, one per row) and is ignored; ' +
        "set its role to input (in the studio's column panel, or mtl-studio columns --role id=input) to use it",
    );
  });

  it('lists up to three bad cells, and stays quiet below 95 % numbers', () => {
    // 40 values: 37 numbers (92.5 %) → no note; 60 values with 57 numbers (95 %) → note.
    const column = (numbers: number, bad: string[]): ColumnStats => {
      const stats = new ColumnStats();
      for (let i = 0; i < numbers; i++) stats.add(String(i + 1), i + 2);
      bad.forEach((text, j) => stats.add(text, numbers + j + 2));
      return stats;
    };
    expect(columnNote(column(37, ['a', 'b', 'c']), 'text', ',')).toBeUndefined();
    expect(columnNote(column(57, ['x', 'y', 'z']), 'text', ',')).toBe(
      'mostly numeric; line 59 has "x", line 60 has "y", line 61 has "z" ' +
        '(3 of 60 values do not parse); fix them or add them to the missing-value tokens ' +
        '(--na) to import the column as numbers',
    );
    // Leading-zero codes would not be numeric anyway: no note.
    const codes = new ColumnStats();
    for (let i = 0; i < 30; i++) codes.add(String(i).padStart(3, '0'));
    codes.add('n/k');
    expect(columnNote(codes, 'categorical', ',')).toBeUndefined();
  });

  it('notes the "mixed" column of types.csv (29 numbers and "abc" on line 19)', async () => {
    const info = await importCsv(new FakeStore(), fixture('types.csv'));
    const mixed = info.columns.find((c) => c.name === 'mixed')!;
    // 29 / 30 = 96.7 % ≥ 95 %.
    expect(mixed.profile.note).toMatch(
      /^mostly numeric; line 19 has "abc" \(1 of 30 values does not parse\)/,
    );
    expect(info.columns.find((c) => c.name === 'comment')!.profile.note).toBeUndefined();
  });

  it('suggests the decimal-comma option, which then reads the numbers', async () => {
    // decimal-comma.csv (';'): price = 0,5 / 12,25 / 7 / -3,75; rate = 1.5 / 2 / 0.25 / 4.
    const info = await importCsv(new FakeStore(), fixture('decimal-comma.csv'));
    const [, price, rate] = info.columns;
    expect(price.type).toBe('categorical');
    expect(price.profile.note).toBe(
      'numbers written with a decimal comma (line 2 has "0,5"); ' +
        'import with the decimal-comma option (--decimal-comma) to read them as numbers',
    );
    expect(rate.type).toBe('numeric');

    const store = new FakeStore();
    const fixed = await importCsv(store, fixture('decimal-comma.csv'), { decimalComma: true });
    expect(fixed.columns[1].type).toBe('numeric');
    expect(fixed.columns[1].profile.note).toBeUndefined();
    // mean = (0.5 + 12.25 + 7 − 3.75) / 4 = 16 / 4 = 4
    expect(fixed.columns[1].profile.numeric).toMatchObject({ min: -3.75, max: 12.25, mean: 4 });
    expect(store.onlyRows().map((row) => row[1])).toEqual([0.5, 12.25, 7, -3.75]);
    expect(parseNumber('0,5')).toBeNull();
    expect(parseNumber('-1,25e2', true)).toBe(-125);
  });

  it('is stored with the profile by the real project store', async () => {
    const store = await ProjectStore.open(join(dir, 'notes.mtlproj'), { create: true });
    try {
      const imported = await importCsv(store, fixture('types.csv'));
      const [again] = await store.datasets.list();
      const mixed = again.columns.find((c) => c.name === 'mixed')!;
      expect(mixed.profile.note).toMatch(/^mostly numeric; line 19 has "abc"/);
      expect(imported.columns.find((c) => c.name === 'mixed')!.profile.note).toBe(
        mixed.profile.note,
      );
    } finally {
      await store.close();
    }
  });
});

describe('3. short GBK files', () => {
  it('reads 30 rows of GBK Chinese as GB18030, not windows-1252 mojibake', async () => {
    const preview = await previewCsv(fixture('gbk-small.csv'), { rows: 30 });
    expect(preview.encoding).toBe('gb18030');
    expect(preview.encodingConfidence).toBe(0.5); // a heuristic guess: the UI asks to check
    expect(preview.header).toEqual(['姓名', '部门', '评价']);
    expect(preview.rows[0]).toEqual(['张伟', '销售部', '好']);
    expect(preview.rows[29]).toEqual(['吴倩', '财务部', '优秀']);
  });

  it('does not take Latin-1 text for GB18030', async () => {
    const latin = iconv.encode('name,city\nChloé,Zürich\nSøren,Århus\n', 'latin1');
    expect(looksLikeGb18030(latin, true)).toBe(false);
    expect(detectEncoding(latin, true).encoding).toBe('windows-1252');
    const gbk = iconv.encode('城市,天气\n北京,晴天\n', 'gbk');
    expect(looksLikeGb18030(gbk, true)).toBe(true);
    // A sample cut inside a two-byte character is forgiven only when it is not the whole file.
    const cut = gbk.subarray(0, gbk.length - 2);
    expect(looksLikeGb18030(cut, false)).toBe(true);
  });
});

describe('4. binary files', () => {
  it('refuses a PNG as an image, not a table', async () => {
    // binary.csv starts with the 8-byte PNG signature (89 50 4E 47 0D 0A 1A 0A): named as an
    // image, with no encoding advice (a file with NUL bytes and no known signature gets the
    // binary-file refusal: test/cli/importBinaryEncodingFlag.test.ts).
    const expected = {
      code: 'CSV_ENCODING',
      message: expect.stringMatching(
        /^binary\.csv is not a CSV or text table: it is a PNG image; to import images/,
      ),
      details: { file: 'binary.csv', kind: 'png', reason: 'NOT_A_TABLE' },
    };
    const store = new FakeStore();
    await expect(importCsv(store, fixture('binary.csv'))).rejects.toMatchObject(expected);
    await expect(previewCsv(fixture('binary.csv'))).rejects.toMatchObject(expected);
    expect(store.stored).toHaveLength(0);
  });

  it('accepts NUL bytes in UTF-16 text', async () => {
    expect(findNulByte(Buffer.from('a\0b'), 'utf-8')).toBe(1);
    expect(findNulByte(Buffer.from('a\0b'), 'utf-16le')).toBe(-1);
    const path = await tempCsv('utf16-no-bom.csv', '');
    await writeFile(path, iconv.encode('a,b\n1,2\n', 'utf-16le'));
    await expect(previewCsv(path)).rejects.toMatchObject({ code: 'CSV_ENCODING' });
    const preview = await previewCsv(path, { encoding: 'utf-16le' });
    expect(preview.rows).toEqual([['1', '2']]);
    expect((await previewCsv(fixture('utf16le-bom.csv'))).encoding).toBe('utf-16le');
  });
});

describe('5. duplicate dataset names', () => {
  it('refuses a second dataset of the same name before reading the file', async () => {
    const store = new FakeStore();
    await importCsv(store, fixture('no-header.csv'), { hasHeader: false });
    const error = {
      code: 'BAD_REQUEST',
      message: 'a dataset named "no-header" already exists (id 1); choose another name',
      details: { name: 'no-header', datasetId: 1, reason: 'DATASET_NAME_TAKEN' },
    };
    await expect(
      importCsv(store, fixture('no-header.csv'), { hasHeader: false }),
    ).rejects.toMatchObject(error);
    // Checked first: a missing file of that name is still a name clash.
    await expect(
      importCsv(store, fixture('nope.csv'), { name: ' no-header ' }),
    ).rejects.toMatchObject(error);
    expect(store.stored).toHaveLength(1);
    const second = await importCsv(store, fixture('no-header.csv'), {
      hasHeader: false,
      name: 'no-header 2',
    });
    expect(second.name).toBe('no-header 2');
  });

  it('uses the real store to find the existing dataset', async () => {
    const store = await ProjectStore.open(join(dir, 'dupes.mtlproj'), { create: true });
    try {
      const first = await importCsv(store, fixture('profile.csv'), { name: 'p' });
      await expect(importCsv(store, fixture('types.csv'), { name: 'p' })).rejects.toThrow(
        `a dataset named "p" already exists (id ${first.id}); choose another name`,
      );
      expect(await store.datasets.list()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('the CLI import command', () => {
  const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));
  const run = promisify(execFile);
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('takes --na, prints notes after the table, and refuses a duplicate name', async () => {
    // 20 rows: size is a number except "big" on line 12 (19 of 20 = 95 %);
    // kids is "None" on odd rows, "NA" on row 20 only.
    const lines = ['size,kids'];
    for (let k = 1; k <= 20; k++) {
      lines.push(`${k === 11 ? 'big' : k},${k === 20 ? 'NA' : k % 2 ? 'None' : 'One'}`);
    }
    const csv = await tempCsv('kids.csv', lines.join('\n') + '\n');
    const project = join(dir, 'cli.mtlproj');

    const text = await cli('import', csv, '-p', project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `note: column 'size': mostly numeric; line 12 has "big" (1 of 20 values does not parse)`,
    );
    expect(text.stdout.indexOf('note:')).toBeGreaterThan(text.stdout.indexOf('└'));

    const again = await cli('import', csv, '-p', project);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'a dataset named "kids" already exists (id 1); choose another with --name',
    );

    // --na "" NA none: the 10 "None" and the one "NA" are missing → 11.
    const json = await cli(
      '--json',
      'import',
      csv,
      '-p',
      project,
      '--name',
      'k2',
      '--na',
      '',
      'NA',
      'none',
    );
    expect(json.code).toBe(0);
    const { dataset } = JSON.parse(json.stdout);
    expect(dataset.columns[1].profile.missing).toBe(11);
    expect(dataset.columns[0].profile.note).toMatch(/^mostly numeric; line 12 has "big"/);
  });
});
