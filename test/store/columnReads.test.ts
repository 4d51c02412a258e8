import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_ROWS } from '../../src/main/store/columnReads';
import type { Database } from '../../src/main/store/database';
import type { CellValue, NewDataset } from '../../src/main/store/datasets';
import { ProjectStore } from '../../src/main/store/projectStore';
import { emptyProfile, makeTempDir, rowSource } from './helpers';

/**
 * readColumns reads numeric, boolean and categorical columns as JSON text built by SQLite
 * (columnReads.ts). The independent reference here is node-sqlite3's own row objects
 * (sqlite3_column_double / _int64 / _text) for the same cells: every cell must be the same
 * value (Object.is), and the hand-written values below must come back as written.
 */

const dataset: NewDataset = {
  name: 'Edges',
  sourceName: 'edges.csv',
  encoding: 'utf-8',
  delimiter: ',',
  columns: [
    { index: 0, name: 'x', type: 'numeric', role: 'input', profile: emptyProfile },
    { index: 1, name: 'flag', type: 'boolean', role: 'input', profile: emptyProfile },
    { index: 2, name: 'kind', type: 'categorical', role: 'target', profile: emptyProfile },
    { index: 3, name: 'note', type: 'text', role: 'ignore', profile: emptyProfile },
  ],
};

/** Doubles whose shortest decimal text is long, tiny, huge, or needs 17 digits. */
const HAND_NUMBERS: (number | null)[] = [
  0.1,
  1 / 3,
  2 / 3,
  0.30000000000000004,
  5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  Infinity,
  -Infinity,
  2 ** 53 + 2,
  -123456789.12345679,
  0,
  null,
  0.895565,
  1e21,
  1e-7,
];
const HAND_TEXTS: (string | null)[] = [
  'a"b',
  'back\\slash',
  'ünï ✓ 中文',
  'line\nbreak\ttab',
  '',
  '12',
  null,
  'null',
  '[1,2]',
  ',',
];

/** Deterministic doubles spread over many magnitudes (mulberry32, seed 7). */
function doubles(n: number): number[] {
  let a = 7;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
}

const ROWS = WINDOW_ROWS + 4_000;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
let rows: CellValue[][];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'reads.mtlproj'), { create: true });
  const random = doubles(ROWS);
  rows = Array.from({ length: ROWS }, (_, i) => [
    i < HAND_NUMBERS.length ? HAND_NUMBERS[i] : random[i],
    i % 7 === 3 ? null : i % 2,
    i < HAND_TEXTS.length ? HAND_TEXTS[i] : `k${i % 5}`,
    `note ${i}`,
  ]);
  datasetId = (await store.datasets.create(dataset, rowSource(rows))).id;
}, 60_000);

afterAll(async () => {
  await store.close();
  await cleanup();
});

/** Cells as node-sqlite3's row objects give them (the row-by-row reference). */
async function rowObjects(from: number, to: number): Promise<Record<string, CellValue>[]> {
  const db = (store as unknown as { db: Database }).db;
  return db.all<Record<string, CellValue>>(
    `SELECT row_id, c0, c1, c2 FROM rows_${datasetId} WHERE row_id BETWEEN ? AND ? ORDER BY row_id`,
    [from, to],
  );
}

describe('readColumns of numeric, boolean and categorical columns', () => {
  it('gives back every hand-written edge value exactly (±Infinity, 5e-324, 17-digit doubles, quotes, newlines, "null")', async () => {
    const read = await store.datasets.readColumns(datasetId, ['x', 'kind'], {
      fromRowId: 1,
      toRowId: HAND_NUMBERS.length,
    });
    expect(read.rowIds).toEqual(HAND_NUMBERS.map((_, i) => i + 1));
    read.values.x.forEach((v, i) => expect(Object.is(v, HAND_NUMBERS[i])).toBe(true));
    expect(read.values.kind.slice(0, HAND_TEXTS.length)).toEqual(HAND_TEXTS);
  });

  it('matches the row objects on every cell of a table longer than one window, whole and by ranges', async () => {
    const whole = await store.datasets.readColumns(datasetId, ['x', 'flag', 'kind']);
    const reference = await rowObjects(1, ROWS);
    expect(whole.rowIds).toEqual(reference.map((r) => r.row_id));
    let mismatches = 0;
    reference.forEach((r, i) => {
      if (!Object.is(whole.values.x[i], r.c0)) mismatches++;
      if (!Object.is(whole.values.flag[i], r.c1)) mismatches++;
      if (!Object.is(whole.values.kind[i], r.c2)) mismatches++;
      // And what was written (numbers are stored as the same double).
      if (!Object.is(whole.values.x[i], rows[i][0])) mismatches++;
    });
    expect(mismatches).toBe(0);
    // A range across the window boundary, and one past the last row.
    const range = await store.datasets.readColumns(datasetId, ['kind', 'x'], {
      fromRowId: WINDOW_ROWS - 2,
      toRowId: WINDOW_ROWS + 2,
    });
    expect(range.rowIds).toEqual([0, 1, 2, 3, 4].map((k) => WINDOW_ROWS - 2 + k));
    expect(range.values.x).toEqual(whole.values.x.slice(WINDOW_ROWS - 3, WINDOW_ROWS + 2));
    const beyond = await store.datasets.readColumns(datasetId, ['x'], {
      fromRowId: ROWS + 1,
      toRowId: ROWS + 10,
    });
    expect(beyond).toEqual({ rowIds: [], values: { x: [] } });
  });

  it('gives cells of an unexpected storage class as the row objects do (text in a REAL column, 7 in a boolean one, ±Infinity)', async () => {
    const small = await store.datasets.create(
      { ...dataset, name: 'Odd' },
      rowSource([
        [1.5, 1, 'a', 'n'],
        [2.5, 0, 'b', 'n'],
      ]),
    );
    const db = (store as unknown as { db: Database }).db;
    // Only raw SQL stores these (an import writes numbers and 0/1 only).
    await db.run(`UPDATE rows_${small.id} SET c0 = 'abc', c1 = 7 WHERE row_id = 1`);
    await db.run(`UPDATE rows_${small.id} SET c0 = 1e999, c1 = -1e999 WHERE row_id = 2`);
    const read = await store.datasets.readColumns(small.id, ['x', 'flag', 'kind']);
    const reference = await db.all<Record<string, CellValue>>(
      `SELECT c0, c1, c2 FROM rows_${small.id} ORDER BY row_id`,
    );
    expect(reference).toEqual([
      { c0: 'abc', c1: 7, c2: 'a' },
      { c0: Infinity, c1: -Infinity, c2: 'b' },
    ]);
    expect(read.values).toEqual({ x: ['abc', Infinity], flag: [7, -Infinity], kind: ['a', 'b'] });
  });

  it('reads only the rows of one split part when asked, on both paths', async () => {
    // Row i (1-based) is in train when i % 3 !== 0, else in validation; the range reaches past
    // row WINDOW_ROWS (the filter applies before the window's LIMIT).
    const rowIds = Array.from({ length: ROWS }, (_, i) => i + 1);
    const split = await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 2 / 3, validation: 1 / 3, test: 0 },
      stratifiedOn: null,
      rowIds,
      assignment: rowIds.map((id) => (id % 3 === 0 ? 'validation' : 'train')),
    });
    const range = {
      fromRowId: 10,
      toRowId: WINDOW_ROWS + 3_000,
      inSplit: { splitId: split.id, part: 'train' as const },
    };
    const expected = rowIds.filter((id) => id >= 10 && id <= range.toRowId && id % 3 !== 0);
    const packed = await store.datasets.readColumns(datasetId, ['x', 'kind'], range);
    expect(packed.rowIds).toEqual(expected);
    expect(packed.values.x).toEqual(expected.map((id) => rows[id - 1][0]));
    expect(packed.values.kind).toEqual(expected.map((id) => rows[id - 1][2]));
    const byRow = await store.datasets.readColumns(datasetId, ['note'], {
      ...range,
      toRowId: 20,
      inSplit: { splitId: split.id, part: 'validation' },
    });
    expect(byRow).toEqual({
      rowIds: [12, 15, 18],
      values: { note: ['note 11', 'note 14', 'note 17'] },
    });
  });

  it('reads a text column row by row, with the same values as the row objects', async () => {
    const read = await store.datasets.readColumns(datasetId, ['note', 'x'], {
      fromRowId: 1,
      toRowId: 3,
    });
    expect(read.values.note).toEqual(['note 0', 'note 1', 'note 2']);
    expect(read.values.x).toEqual([0.1, 1 / 3, 2 / 3]);
  });
});
