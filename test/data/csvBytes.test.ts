/**
 * The import's byte reader (csvBytes.ts) against the string scanner it mirrors
 * (csvScanner.ts, the independent reference here: its grammar is tested by hand in
 * lineBreaks.test.ts and csvReading.test.ts): the same records, fields, file lines and
 * syntax errors on random texts fed in random chunks; and an import through the byte
 * path gives the same columns, types, profiles and stored rows as the decoded path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteCsvScanner, fieldText, type ByteBatch } from '../../src/main/data/csvBytes';
import { CsvScanner, CsvSyntaxError } from '../../src/main/data/csvScanner';
import { importCsv } from '../../src/main/data/importCsv';
import { mulberry32 } from '../../src/main/engine/random';
import type { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { FakeStore } from './fakeStore';

interface Outcome {
  records: { fields: string[]; line: number }[];
  error: { problem: string; line: number; field?: number } | null;
}

function stringOutcome(text: string, cuts: number[]): Outcome {
  const scanner = new CsvScanner(',', '"');
  const records: Outcome['records'] = [];
  const sink = (fields: string[], line: number): void => {
    records.push({ fields, line });
  };
  try {
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      scanner.push(text.slice(at, cut), sink);
      at = cut;
    }
    scanner.finish(sink);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { records, error: { problem: error.problem, line: error.line, field: error.field } };
  }
  return { records, error: null };
}

function byteOutcome(bytes: Buffer, cuts: number[]): Outcome {
  const scanner = new ByteCsvScanner(',', '"');
  const records: Outcome['records'] = [];
  const collect = (batch: ByteBatch): void => {
    for (let r = 0; r < batch.count; r++) {
      const fields: string[] = [];
      for (let f = batch.fieldStart[r]; f < batch.fieldStart[r + 1]; f++) {
        fields.push(fieldText(batch, f));
      }
      records.push({ fields, line: batch.lines[r] });
    }
  };
  try {
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      // Copies: the scanner may keep a chunk as the tail of an open record.
      collect(scanner.push(Buffer.from(bytes.subarray(at, cut))));
      at = cut;
    }
    collect(scanner.finish());
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    collect(scanner.takePartial());
    return { records, error: { problem: error.problem, line: error.line, field: error.field } };
  }
  return { records, error: null };
}

describe('ByteCsvScanner', () => {
  it('reads 3 000 random ASCII texts exactly as CsvScanner does, in any chunks', () => {
    const random = mulberry32(14);
    const alphabet = ['a', '1', '.', ',', ',', '"', '"', '\n', '\r', '\r\n', ' ', '\t', 'x y'];
    for (let trial = 0; trial < 3000; trial++) {
      const length = 1 + Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const cuts = [...new Set(Array.from({ length: 3 }, () => Math.floor(random() * text.length)))]
        .filter((c) => c > 0)
        .sort((a, b) => a - b);
      const expected = stringOutcome(text, cuts);
      expect(byteOutcome(Buffer.from(text, 'latin1'), cuts), JSON.stringify(text)).toEqual(
        expected,
      );
    }
  });

  it('keeps non-ASCII text whole when a chunk ends inside a character', () => {
    // "é" is 2 bytes and "中" 3 in UTF-8; every byte cut is tried.
    const text = 'name,city\n"Zoë","中山, 广东"\n"a""b",\u00a0\n';
    const bytes = Buffer.from(text, 'utf8');
    const expected = stringOutcome(text, []);
    // Hand check of the reference: two data records; a doubled quote is one quote.
    expect(expected.records).toEqual([
      { fields: ['name', 'city'], line: 1 },
      { fields: ['Zoë', '中山, 广东'], line: 2 },
      { fields: ['a"b', '\u00a0'], line: 3 },
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(byteOutcome(bytes, [cut])).toEqual(expected);
    }
  });

  it('skips a line of ASCII spaces as blank, not one of a no-break space (trimCell)', () => {
    const text = 'a,b\n \t\n\u00a0\n1,2\n';
    expect(byteOutcome(Buffer.from(text, 'utf8'), [])).toEqual(stringOutcome(text, []));
    expect(stringOutcome(text, []).records.map((r) => r.line)).toEqual([1, 3, 4]);
  });
});

describe('record length limit', () => {
  it('counts characters, not bytes: a 3 M-character CJK cell (9 MB) is read as CsvScanner reads it', () => {
    // Found in review: the byte path compared bytes with MAX_RECORD_CHARS (8 Mi, counted in
    // UTF-16 units by CsvScanner), so this record, 3 000 000 units, was refused.
    const text = `a,b\n1,"${'中'.repeat(3_000_000)}"\n`;
    const bytes = Buffer.from(text, 'utf8');
    const cuts = [1 << 20, 3 << 20, 6 << 20, 9 << 20];
    const viaBytes = byteOutcome(bytes, cuts);
    expect(viaBytes.error).toBeNull();
    expect(viaBytes.records[1].fields[1].length).toBe(3_000_000);
    expect(viaBytes).toEqual(stringOutcome(text, [text.indexOf('"') + 100]));
  });

  it('still refuses a record over the limit in characters (an unclosed quote)', () => {
    const bytes = Buffer.from(`a,b\n1,"${'x'.repeat(9 << 20)}`, 'utf8');
    const outcome = byteOutcome(bytes, [4 << 20, 8 << 20]);
    expect(outcome.error?.problem).toMatch(
      /^quoted field is never closed \(it runs past 8388608 characters/,
    );
  });
});

describe('import through the byte path', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mtl-csvbytes-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a cell longer than several read chunks (256 KiB each) whole', async () => {
    // 700 000 characters without a line break, between short rows: the reader keeps it
    // across three chunks whose memory is reused.
    const long = 'ab"c'.repeat(175_000);
    const quoted = `"${long.replaceAll('"', '""')}"`;
    const text = `id,t\n1,x\n2,${quoted}\n3,y\n4,${quoted}\n5,z\n`;
    const path = join(dir, 'long.csv');
    await writeFile(path, text);
    const store = new FakeStore();
    await importCsv(store, path, { name: 'long' });
    // Expected by hand: five rows, the long cells unquoted and whole.
    expect(store.onlyRows()).toEqual([
      [1, 'x'],
      [2, long],
      [3, 'y'],
      [4, long],
      [5, 'z'],
    ]);
  });

  it('stores the same columns, profiles and values as the decoded path', async () => {
    // Past the distinct cap (10 000), so numeric cells take the byte path in both passes;
    // spaces, missing tokens, a quote, non-ASCII text and a leading zero take the string path.
    // `late` is numbers past the cap, then a text: its text sketch is completed by one
    // more pass (deferred in pass 1); `code`'s leading zero makes it text the same way.
    const lines = ['x,label,code,note,late'];
    for (let i = 0; i < 12_000; i++) {
      const x = i % 997 === 0 ? ' 2.5 ' : i % 991 === 0 ? 'NA' : String(i * 0.731 - 500);
      const label = ['Ideal', '"it\'s"', 'Zoë', 'na', ' Fair'][i % 5];
      const code = i % 1000 === 0 ? '007' : String(i);
      const late = i < 11_990 ? String(i * 1.37) : 'unknown';
      lines.push(`${x},${label},${code},"a ""q"" ${i % 7}",${late}`);
    }
    const text = `\ufeff${lines.join('\r\n')}\r\n`;
    const utf8 = join(dir, 'data.csv');
    await writeFile(utf8, text);
    // The same text as UTF-16 is decoded by iconv-lite and split by CsvScanner.
    const utf16 = join(dir, 'data16.csv');
    await writeFile(utf16, Buffer.from(text, 'utf16le'));

    // Values as the row iterator gives them (a fake store).
    const fakeBytes = new FakeStore();
    const fakeText = new FakeStore();
    const a = await importCsv(fakeBytes, utf8, { name: 'd' });
    const b = await importCsv(fakeText, utf16, { name: 'd', encoding: 'utf-16le' });
    expect(a.columns).toEqual(b.columns);
    expect(a.rowCount).toBe(12_000);
    expect(fakeBytes.onlyRows()).toEqual(fakeText.onlyRows());
    // Hand-known: "007" is a code (leading zero) so `code` is text; the labels are few.
    expect(a.columns.map((c) => c.type)).toEqual([
      'numeric',
      'categorical',
      'text',
      'categorical',
      'text',
    ]);
    // 11 990 distinct numbers and one text: the sketch's estimate within 3 % (≈ 4 × 0.81 %).
    expect(Math.abs(a.columns[4].profile.distinct - 11_991) / 11_991).toBeLessThan(0.03);
    // Row 0: x is ' 2.5 ' (0 % 997 = 0).
    expect(fakeBytes.onlyRows()[0]).toEqual([2.5, 'Ideal', '007', 'a "q" 0', '0']);
    expect(fakeBytes.onlyRows()[3].slice(0, 4)).toEqual([
      Number(String(3 * 0.731 - 500)),
      null,
      '3',
      'a "q" 3',
    ]);

    // Values as the real store writes them (statement text, built from bytes or strings).
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const x = await importCsv(store, utf8, { name: 'bytes' });
      const y = await importCsv(store, utf16, { name: 'text', encoding: 'utf-16le' });
      const page = async (id: number) =>
        (store as unknown as { db: Database }).db.all<Record<string, unknown>>(
          `SELECT c0, typeof(c0) t0, c1, c2, typeof(c2) t2, c3 FROM rows_${id} ORDER BY row_id`,
        );
      const viaBytes = await page(x.id);
      expect(viaBytes).toEqual(await page(y.id));
      expect(viaBytes[1]).toEqual({
        c0: -499.269,
        t0: 'real',
        c1: "it's",
        c2: '1',
        t2: 'text',
        c3: 'a "q" 1',
      });
      expect(viaBytes[2].c1).toBe('Zoë');
    } finally {
      await store.close();
    }
  });
});
