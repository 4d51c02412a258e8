/**
 * Numbers written with a decimal comma and dots (found by a new user of `import
 * --decimal-comma`):
 * 1. "1.000" (a European thousands dot, or a decimal point) was read as 1 without a word; it
 *    is now read with the option as a dot grouping thousands, 1000 (as de-DE and fr-FR
 *    write numbers; a cell's value never depends on other rows), and the import notes the
 *    column, the line and the cell, how it was read and how to read it the other way, in
 *    every numeric column (not only one that also holds decimal commas);
 * 2. "1.234,5" (dots grouping thousands, a decimal comma) made a column categorical without
 *    a note naming the cell: it is now a comma number (the decimalComma note names it), and
 *    with the option it reads as 1234.5.
 *
 * Expected values: by hand from the texts (line numbers count the header as line 1).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  isAmbiguousDot,
  isAmbiguousDotBytes,
  isCommaNumber,
  isDotGrouped,
  parseNumber,
  thousandsValue,
} from '../../src/main/data/cellValues';
import { importCsv } from '../../src/main/data/importCsv';
import { columnNoteText } from '../../src/main/data/inference';
import { previewCsv } from '../../src/main/data/preview';
import {
  columnNoteMessage,
  previewNoteMessage,
} from '../../src/renderer/src/components/columnNote';
import { i18n } from '../../src/renderer/src/i18n';
import type { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { DatasetInfo } from '../../src/shared/domain';
import { FakeStore } from './fakeStore';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-decimal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  i18n.global.locale.value = 'en';
});

const t = (key: string, values?: Record<string, unknown>) =>
  values === undefined ? i18n.global.t(key) : i18n.global.t(key, values);

async function csv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/**
 * Import `path` with the decimal-comma option in two passes (a FakeStore) or in one pass
 * (onePassMinBytes 0; it writes SQL text, so into a project file); its stored rows.
 */
async function importRows(
  path: string,
  onePass: boolean,
): Promise<{ info: DatasetInfo; rows: unknown[][] }> {
  if (!onePass) {
    const store = new FakeStore();
    const info = await importCsv(store, path, { decimalComma: true, onePassMinBytes: Infinity });
    return { info, rows: store.onlyRows() };
  }
  const project = await ProjectStore.open(`${path}.mtlproj`, { create: true });
  try {
    const info = await importCsv(project, path, { decimalComma: true, onePassMinBytes: 0 });
    const db = (project as unknown as { db: Database }).db;
    const cells = info.columns.map((_c, k) => `c${k}`).join(', ');
    const rows = await db.all<Record<string, unknown>>(
      `SELECT ${cells} FROM rows_${info.id} ORDER BY row_id`,
    );
    return { info, rows: rows.map((r) => info.columns.map((_c, k) => r[`c${k}`])) };
  } finally {
    await project.close();
  }
}

describe('parseNumber with dots and a decimal comma', () => {
  it('reads dots that can only group thousands, with the option only', () => {
    // By hand: "1.234,5" = 1 234.5; "12.345.678" = 12 345 678; "-1.000,25" = −1000.25.
    expect(parseNumber('1.234,5', true)).toBe(1234.5);
    expect(parseNumber('12.345.678', true)).toBe(12345678);
    expect(parseNumber('-1.000,25', true)).toBe(-1000.25);
    expect(parseNumber('+999.999,0', true)).toBe(999999);
    expect(parseNumber('0,5', true)).toBe(0.5);
    // Without the option none of them is a number.
    expect(parseNumber('1.234,5')).toBeNull();
    expect(parseNumber('12.345.678')).toBeNull();
    expect(parseNumber('0,5')).toBeNull();
  });

  it('reads a single dot before three digits as grouping thousands with the option only', () => {
    // By hand: with the option the dot groups thousands (1.000 = 1000, -12.500 = −12 500);
    // without it, a decimal point. Other dots stay decimal points: 0.500, 1.50, 1234.567.
    expect(parseNumber('1.000', true)).toBe(1000);
    expect(parseNumber('12.500', true)).toBe(12_500);
    expect(parseNumber('-12.500', true)).toBe(-12_500);
    expect(parseNumber('1.000')).toBe(1);
    expect(parseNumber('12.500')).toBe(12.5);
    expect(parseNumber('0.500', true)).toBe(0.5);
    expect(parseNumber('1.50', true)).toBe(1.5);
    expect(parseNumber('1234.567', true)).toBe(1234.567);
  });

  it('rejects groups that are not of three digits, or start with 0', () => {
    for (const text of ['1.23,5', '1.2345,6', '1234.567,8', '0.234,5', '1.234.56', '.234,5']) {
      expect(parseNumber(text, true), text).toBeNull();
    }
    // "1,234.5" (English grouping) is no number under either reading.
    expect(parseNumber('1,234.5', true)).toBeNull();
    expect(parseNumber('1,234.5')).toBeNull();
  });

  it('tells ambiguous dots, dot groups and comma numbers apart', () => {
    expect(['1.000', '12.500', '-999.999', '+1.001'].map(isAmbiguousDot)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    // Not ambiguous: two decimals, four, a leading 0, four digits before the dot, a comma.
    expect(['1.50', '1.5000', '0.500', '1234.567', '1.000,5'].map(isAmbiguousDot)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['1.234,5', '12.345.678', '1.000', '0,5'].map(isDotGrouped)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // Comma numbers (worth the decimalComma note without the option) hold a comma.
    expect(['1.234,5', '0,5', '12.345.678', '1.000'].map(isCommaNumber)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(thousandsValue('1.000')).toBe(1000);
    expect(thousandsValue('-12.500')).toBe(-12500);
  });

  it('the byte test agrees with the text test', () => {
    const texts = ['1.000', '12.500', '-999.999', '+1.001', '1.50', '0.500', '1234.567', '1.0000'];
    texts.push('.000', '-.000', '-', '1.', '1.00a', 'a.000', '123.45', '12', '-1.000');
    for (const text of texts) {
      const bytes = new TextEncoder().encode(`x${text}y`);
      expect(isAmbiguousDotBytes(bytes, 1, bytes.length - 1), text).toBe(isAmbiguousDot(text));
    }
  });
});

describe('import with --decimal-comma: ambiguous dots are noted', () => {
  // a: 0,5 (line 2), 1.000 (line 3), 2,25, 12.500 (line 5): two dots before three digits
  //    → read as 1000 and 12 500, noted (first: line 3).
  // b: 1.234,5 (line 2) groups thousands with a dot; 1.000 (line 4) → 1000, noted.
  // c: 1.5, 2.000 (line 3), 3, 4 — no decimal comma in the column, yet 2.000 → 2000, noted.
  const TEXT = 'a;b;c\n0,5;1.234,5;1.5\n1.000;7;2.000\n2,25;1.000;3\n12.500;2,5;4\n';

  for (const onePass of [false, true]) {
    it(`names column, line, cell and reading (${onePass ? 'one pass' : 'two passes'})`, async () => {
      const path = await csv(`amb-${onePass}.csv`, TEXT);
      const { info, rows } = await importRows(path, onePass);
      expect(info.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'numeric']);
      expect(rows).toEqual([
        [0.5, 1234.5, 1.5],
        [1000, 7, 2000],
        [2.25, 1000, 3],
        [12_500, 2.5, 4],
      ]);
      const [a, b, c] = info.columns;
      expect(a.profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '1.000', line: 3 },
        read: 1000,
        point: 1,
        cells: 2,
      });
      expect(a.profile.note).toBe(
        'dot read as a thousands separator: line 3 has "1.000", read as 1000 (--decimal-comma reads a dot before three digits so, as de-DE and fr-FR write numbers); 2 cells are written so: if the dot is a decimal point (1), import without --decimal-comma, or write a decimal comma there ("1,000")',
      );
      expect(b.profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '1.000', line: 4 },
        read: 1000,
        point: 1,
        cells: 1,
      });
      expect(c.profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '2.000', line: 3 },
        read: 2000,
        point: 2,
        cells: 1,
      });
    });
  }

  it('the reported case: 1.000, 2.500, 7.250 are 1000, 2500, 7250, noted', async () => {
    const path = await csv('dc2.csv', 'p;c\n1.000;a\n2.500;b\n7.250;a\n');
    for (const onePass of [false, true]) {
      const { info, rows } = await importRows(path, onePass);
      expect(rows.map((r) => r[0])).toEqual([1000, 2500, 7250]);
      expect(info.columns[0].profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '1.000', line: 2 },
        read: 1000,
        point: 1,
        cells: 3,
      });
    }
  });

  it('the studio words the note in English and Chinese', async () => {
    const info = await importCsv(new FakeStore(), await csv('amb-i18n.csv', TEXT), {
      decimalComma: true,
    });
    const [a] = info.columns;
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(a.profile, t)).toBe(
      'dot read as a thousands separator: line 3 has “1.000”, read as 1000 (with a decimal comma, a dot before three digits groups thousands, as de-DE and fr-FR write numbers); cells written so: 2. If the dot is a decimal point (1), import the file again without “Decimal comma (0,5 = 0.5)”, or write a decimal comma there',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(columnNoteMessage(a.profile, t)).toBe(
      '点号按千位分隔符读取：第 3 行为“1.000”，已读作 1000（使用小数逗号时，三位数字前的点号表示千位分隔，与德语、法语区域的数字写法相同）；这样书写的单元格共 2 个。若该点号是小数点（1），请取消勾选“小数逗号（0,5 = 0.5）”后重新导入该文件，或在该处改写为小数逗号',
    );
  });

  it('the preview says it too, and a type the user chose is still noted', async () => {
    const path = await csv('amb-preview.csv', TEXT);
    const preview = await previewCsv(path, { decimalComma: true });
    expect(preview.notes.map((n) => n?.kind ?? null)).toEqual([
      'thousandsDot',
      'thousandsDot',
      'thousandsDot',
    ]);
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('b', preview.notes[1]!, t)).toBe(
      'Column “b”: dot read as a thousands separator: line 4 has “1.000”, read as 1000 (with a decimal comma, a dot before three digits groups thousands, as de-DE and fr-FR write numbers); cells written so: 1. If the dot is a decimal point (1), untick “Decimal comma (0,5 = 0.5)”, or write a decimal comma there before importing',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewNoteMessage('b', preview.notes[1]!, t)).toContain('已读作 1000');
    const chosen = await importCsv(new FakeStore(), path, {
      decimalComma: true,
      columnTypes: { a: 'numeric' },
    });
    expect(chosen.columns[0].profile.noteReason?.kind).toBe('thousandsDot');
  });

  it('a stored note of an older import (dotThousands) is still worded', () => {
    i18n.global.locale.value = 'en';
    const reason = {
      kind: 'dotThousands' as const,
      example: { text: '1.000', line: 3 },
      read: 1,
      thousands: 1000,
      cells: 2,
      comma: { text: '0,5', line: 2 },
      grouped: false,
    };
    expect(columnNoteText(reason)).toContain('read as 1 (a decimal point)');
  });

  it('finds the cell past the distinct-text cap, on the byte path (one and two passes)', async () => {
    // Column x, lines 2…10 002: "k,5" for k = 1…10 001 (past the cap of 10 000 distinct
    // texts, not plain); column y: the integers 1…10 001 (plain: the byte path past the
    // cap). Line 10 003: "1.000;2.000", line 10 004: "2.500;3.500": read as thousands.
    const lines = ['x;y'];
    for (let k = 1; k <= 10_001; k++) lines.push(`${k},5;${k}`);
    lines.push('1.000;2.000', '2.500;3.500');
    const path = await csv('amb-cap.csv', lines.join('\n') + '\n');
    for (const onePass of [false, true]) {
      const { info, rows } = await importRows(path, onePass);
      expect(info.columns[0].profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '1.000', line: 10_003 },
        read: 1000,
        point: 1,
        cells: 2,
      });
      expect(info.columns[1].profile.noteReason).toEqual({
        kind: 'thousandsDot',
        example: { text: '2.000', line: 10_003 },
        read: 2000,
        point: 2,
        cells: 2,
      });
      expect(rows.slice(-2)).toEqual([
        [1000, 2000],
        [2500, 3500],
      ]);
    }
  }, 60_000);
});

describe('"1.234,5" without --decimal-comma', () => {
  it('gets the decimalComma note naming its line and cell', async () => {
    // v: 1.234,5 (line 2), 2.000,0 (line 3), 3.500,75 (line 4): comma numbers in European
    // grouping, read as text without the option.
    const path = await csv('grouped.csv', 'v;t\n1.234,5;x\n2.000,0;y\n3.500,75;x\n');
    const info = await importCsv(new FakeStore(), path);
    const v = info.columns[0];
    expect(v.type).toBe('categorical');
    expect(v.profile.noteReason).toEqual({
      kind: 'decimalComma',
      example: { text: '1.234,5', line: 2 },
    });
    expect(v.profile.note).toBe(
      columnNoteText({ kind: 'decimalComma', example: { text: '1.234,5', line: 2 } }),
    );
    expect(v.profile.note).toContain('line 2 has "1.234,5"');
    // With the option: 1234.5, 2000, 3500.75.
    const store = new FakeStore();
    const ticked = await importCsv(store, path, { decimalComma: true, name: 'ticked' });
    expect(ticked.columns[0].type).toBe('numeric');
    expect(ticked.columns[0].profile.noteReason).toBeUndefined();
    expect(store.onlyRows().map((r) => r[0])).toEqual([1234.5, 2000, 3500.75]);
  });
});
