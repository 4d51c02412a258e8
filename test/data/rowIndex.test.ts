/**
 * A row index starts ignored (src/main/data/inference.ts, default roles rule 2): a numeric
 * column with a value in every row whose values are distinct integers forming one run
 * (max − min = rows − 1), in at least MIN_INDEX_ROWS rows (MIN_UNNAMED_INDEX_ROWS for a
 * header cell left empty, pandas' `to_csv()` index). Every expected role and note below is
 * worked out by hand from the listed values.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import {
  columnNoteText,
  defaultColumnRole,
  MIN_INDEX_ROWS,
  rowIndexNote,
} from '../../src/main/data/inference';
import { previewCsv } from '../../src/main/data/preview';
import { ColumnStats, DISTINCT_CAP } from '../../src/main/data/profile';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { FakeStore, fixture } from './fakeStore';

function statsOf(values: (string | number)[]): ColumnStats {
  const stats = new ColumnStats();
  for (const value of values) stats.add(String(value));
  return stats;
}
/** from, from + 1, …, from + n − 1. */
const run = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
/** Role of a numeric column of these cells, one per row (named unless `unnamed`). */
const role = (values: (string | number)[], unnamed = false) =>
  defaultColumnRole(statsOf(values), 'numeric', values.length, unnamed);

describe('row index rule', () => {
  it('ignores 0…n−1, 1…n and consecutive ids in any order', () => {
    expect(MIN_INDEX_ROWS).toBe(20);
    expect(role(run(0, 25))).toBe('ignore');
    expect(role(run(1, 25))).toBe('ignore');
    // 1…20 shuffled by hand: every integer 1…20 once, max − min = 19 = rows − 1.
    const shuffled = [7, 3, 19, 1, 20, 12, 5, 16, 9, 2, 14, 11, 18, 4, 10, 6, 15, 8, 13, 17];
    expect(new Set(shuffled).size).toBe(20);
    expect(role(shuffled)).toBe('ignore');
    // pandas' index of rows 100…124 of a frame (df[100:125].to_csv()).
    expect(role(run(100, 25))).toBe('ignore');
    expect(rowIndexNote(statsOf(run(0, 25)), 'numeric', 25, false)).toEqual({
      kind: 'rowIndex',
      min: 0,
      max: 24,
      rows: 25,
    });
  });

  it('keeps as input: gaps, decimals, a missing cell, repeats, other types', () => {
    // Distinct even integers 0, 2, …, 48: max − min = 48 ≠ 24.
    expect(role(run(0, 25).map((v) => 2 * v))).toBe('input');
    // 0.5, 1.5, …: distinct, span 24 = rows − 1, but not integers.
    expect(role(run(0, 25).map((v) => v + 0.5))).toBe('input');
    // "1.0" … parses as the integer 1 …: the values, not their writing, count.
    expect(role(run(0, 25).map((v) => `${v}.0`))).toBe('ignore');
    // 0…24 with row 13's cell missing: 24 values in 25 rows.
    const withMissing: string[] = run(0, 25).map(String);
    withMissing[12] = '';
    expect(role(withMissing)).toBe('input');
    // Legs 0, 2, 4, 6, 8 repeated over 25 rows: 5 distinct values.
    expect(role(run(0, 25).map((v) => 2 * (v % 5)))).toBe('input');
    // 0, 0, 2, 3, …, 24: span 24 = rows − 1, but 0 twice and 1 absent.
    expect(role([0, 0, ...run(2, 23)])).toBe('input');
    expect(rowIndexNote(statsOf(run(0, 25)), 'categorical', 25, false)).toBeUndefined();
  });

  it('needs MIN_INDEX_ROWS rows when named, two when the header cell was empty', () => {
    // 0…4 in a 5-row table: a named column could be a feature (5 sizes, 5 years) …
    expect(role(run(0, 5))).toBe('input');
    expect(role(run(0, 19))).toBe('input');
    expect(role(run(0, 20))).toBe('ignore');
    // … but an unnamed one is what pandas writes.
    expect(role(run(0, 5), true)).toBe('ignore');
    expect(role(run(0, 2), true)).toBe('ignore');
    // One row: any integer would "run"; too little to tell.
    expect(role([0], true)).toBe('input');
  });

  it('past DISTINCT_CAP numbers, proves distinctness only for an ascending run', () => {
    const n = DISTINCT_CAP + 50;
    expect(role(run(0, n))).toBe('ignore');
    // The same integers descending: distinct, but not provable without the exact counts.
    expect(role(run(0, n).reverse())).toBe('input');
  });

  it('words the note for the command line', () => {
    expect(columnNoteText({ kind: 'rowIndex', min: 0, max: 99, rows: 100 })).toBe(
      'looks like a row index (0…99, one per row) and is ignored; set its role to input (--role <column>=input) to use it',
    );
  });
});

describe('importing a pandas CSV with its index (fixture csv/pandas-index.csv)', () => {
  // pd.DataFrame({'legs': [4, 2, 4, 6, 2, 4], 'weight': [3.5, .25, 12, .01, 1.5, 7.25]})
  //   .to_csv(path): header ",legs,weight", index 0…5 in the first column.
  const note = {
    note: 'looks like a row index (0…5, one per row) and is ignored; set its role to input (--role <column>=input) to use it',
    noteReason: { kind: 'rowIndex', min: 0, max: 5, rows: 6 },
  };

  let dir: string;
  let cleanup: () => Promise<void>;
  let store: ProjectStore;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it.each([
    ['two passes', Infinity],
    ['one pass', 0],
  ])('stores Unnamed: 0 as ignored with a note, the others as input (%s)', async (_, min) => {
    const info = await importCsv(store, fixture('pandas-index.csv'), { onePassMinBytes: min });
    // What the project file holds, read back.
    const stored = await store.datasets.get(info.id);
    expect(stored.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['Unnamed: 0', 'numeric', 'ignore'],
      ['legs', 'numeric', 'input'],
      ['weight', 'numeric', 'input'],
    ]);
    expect(stored.columns[0].profile).toMatchObject(note);
    expect(stored.columns[1].profile.note).toBeUndefined();
    expect(stored.columns[2].profile.note).toBeUndefined();
  });

  it('settles the role after the last row of a one-pass import of several batches', async () => {
    // 30 000 rows: index 0…29 999 in order (past DISTINCT_CAP), x = i mod 7.
    const lines = [',x'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},${i % 7}`);
    const path = join(dir, 'big.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const info = await importCsv(store, path, { onePassMinBytes: 0 });
    const stored = await store.datasets.get(info.id);
    expect(stored.columns.map((c) => c.role)).toEqual(['ignore', 'input']);
    expect(stored.columns[0].profile.noteReason).toEqual({
      kind: 'rowIndex',
      min: 0,
      max: 29_999,
      rows: 30_000,
    });
  });

  it("keeps the user's role, without a note", async () => {
    const info = await importCsv(new FakeStore(), fixture('pandas-index.csv'), {
      columnRoles: { 'Unnamed: 0': 'input' },
    });
    expect(info.columns[0].role).toBe('input');
    expect(info.columns[0].profile.note).toBeUndefined();
  });

  it('gives the wizard the same default roles and the note in the preview', async () => {
    const preview = await previewCsv(fixture('pandas-index.csv'));
    expect(preview.inferredRoles).toEqual(['ignore', 'input', 'input']);
    expect(preview.notes).toEqual([note.noteReason, null, null]);
  });
});
