/**
 * Numbers written with a decimal comma and dots (found by a new user of `import
 * --decimal-comma`):
 * 1. "1.000" (a European thousands dot, or a decimal point) was read as 1 without a word: in
 *    a column that also holds decimal-comma numbers it is still read as 1 (a cell's value
 *    never depends on other rows), but the import notes the column, the line and the cell,
 *    how it was read and what to do;
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

  it('reads a single dot before three digits as a decimal point, as before', () => {
    expect(parseNumber('1.000', true)).toBe(1);
    expect(parseNumber('12.500', true)).toBe(12.5);
    expect(parseNumber('-12.500', true)).toBe(-12.5);
    expect(parseNumber('1.000')).toBe(1);
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
  // a: 0,5 (line 2), 1.000 (line 3), 2,25, 12.500 (line 5): decimal commas and two dots
  //    before three digits → read as 1 and 12.5, noted.
  // b: 1.234,5 (line 2) groups thousands with a dot; 1.000 (line 4) → read as 1, noted
  //    with the surer wording.
  // c: 1.5, 2.000, 3 — no decimal comma in the column → no note.
  const TEXT = 'a;b;c\n0,5;1.234,5;1.5\n1.000;7;2.000\n2,25;1.000;3\n12.500;2,5;4\n';

  for (const onePass of [false, true]) {
    it(`names column, line, cell and reading (${onePass ? 'one pass' : 'two passes'})`, async () => {
      const path = await csv(`amb-${onePass}.csv`, TEXT);
      const { info, rows } = await importRows(path, onePass);
      expect(info.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'numeric']);
      // Stored values: 1.000 stays 1, 12.500 stays 12.5; 1.234,5 is 1234.5.
      expect(rows).toEqual([
        [0.5, 1234.5, 1.5],
        [1, 7, 2],
        [2.25, 1, 3],
        [12.5, 2.5, 4],
      ]);
      const [a, b, c] = info.columns;
      expect(a.profile.noteReason).toEqual({
        kind: 'dotThousands',
        example: { text: '1.000', line: 3 },
        read: 1,
        thousands: 1000,
        cells: 2,
        comma: { text: '0,5', line: 2 },
        grouped: false,
      });
      expect(a.profile.note).toBe(
        'ambiguous dot: line 3 has "1.000", read as 1 (a decimal point), but the column writes decimal commas (line 2 has "0,5"), so the dot may group thousands (1000); 2 cells are written so: remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import again',
      );
      expect(b.profile.noteReason).toEqual({
        kind: 'dotThousands',
        example: { text: '1.000', line: 4 },
        read: 1,
        thousands: 1000,
        cells: 1,
        comma: { text: '1.234,5', line: 2 },
        grouped: true,
      });
      expect(b.profile.note).toBe(
        'ambiguous dot: line 4 has "1.000", read as 1 (a decimal point), but the column groups thousands with dots (line 2 has "1.234,5"), so it probably means 1000; 1 cell is written so: remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import again',
      );
      expect(c.profile.noteReason).toBeUndefined();
      expect(c.profile.note).toBeUndefined();
    });
  }

  it('the studio words the note in English and Chinese', async () => {
    const info = await importCsv(new FakeStore(), await csv('amb-i18n.csv', TEXT), {
      decimalComma: true,
    });
    const [a, b] = info.columns;
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(a.profile, t)).toBe(
      'ambiguous dot: line 3 has “1.000”, read as 1 (a decimal point), but the column writes decimal commas (line 2 has “0,5”), so the dot may group thousands (1000); cells written so: 2. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import the file again',
    );
    expect(columnNoteMessage(b.profile, t)).toBe(
      'ambiguous dot: line 4 has “1.000”, read as 1 (a decimal point), but the column groups thousands with dots (line 2 has “1.234,5”), so it probably means 1000; cells written so: 1. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import the file again',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(columnNoteMessage(a.profile, t)).toBe(
      '点号有歧义：第 3 行为“1.000”，已按小数点读作 1，但该列使用小数逗号（第 2 行为“0,5”），此处的点号可能用于分隔千位（1000）；这样书写的单元格共 2 个。请在点号分隔千位处删去点号，在点号作小数点处改写为小数逗号，然后重新导入该文件',
    );
  });

  it('the preview says it too, and a type the user chose is still noted', async () => {
    const path = await csv('amb-preview.csv', TEXT);
    const preview = await previewCsv(path, { decimalComma: true });
    expect(preview.notes.map((n) => n?.kind ?? null)).toEqual([
      'dotThousands',
      'dotThousands',
      null,
    ]);
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('b', preview.notes[1]!, t)).toBe(
      'Column “b”: ambiguous dot: line 4 has “1.000”, read as 1 (a decimal point), but the column groups thousands with dots (line 2 has “1.234,5”), so it probably means 1000; cells written so: 1. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, before importing',
    );
    const chosen = await importCsv(new FakeStore(), path, {
      decimalComma: true,
      columnTypes: { a: 'numeric' },
    });
    expect(chosen.columns[0].profile.noteReason?.kind).toBe('dotThousands');
  });

  it('finds the cell past the distinct-text cap, on the byte path (one and two passes)', async () => {
    // Lines 2…10 002 hold "k,5" for k = 1…10 001 (10 001 distinct texts: past the cap of
    // 10 000), line 10 003 "1.000" and line 10 004 "2.500": two ambiguous cells, the first
    // on line 10 003, read as 1.
    const lines = ['x'];
    for (let k = 1; k <= 10_001; k++) lines.push(`${k},5`);
    lines.push('1.000', '2.500');
    // A second column, so that the delimiter found is ';' (not the decimal comma).
    const path = await csv('amb-cap.csv', lines.map((l, i) => `${l};${i % 2}`).join('\n') + '\n');
    for (const onePass of [false, true]) {
      const { info, rows } = await importRows(path, onePass);
      expect(info.columns[0].profile.noteReason).toEqual({
        kind: 'dotThousands',
        example: { text: '1.000', line: 10_003 },
        read: 1,
        thousands: 1000,
        cells: 2,
        comma: { text: '1,5', line: 2 },
        grouped: false,
      });
      expect(rows.slice(-2)).toEqual([
        [1, 0],
        [2.5, 1],
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
