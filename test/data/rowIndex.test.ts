/**
 * A row index starts ignored (src/main/data/inference.ts, default roles rule 2): a numeric
 * column with a value in every row whose values are distinct integers, one per row — any
 * such integers in at least MIN_UNNAMED_INDEX_ROWS rows for a header cell left empty
 * (pandas' `to_csv()` index), only a run from 0 or 1 (0…n−1, 1…n) written without a
 * decimal point or exponent in at least MIN_INDEX_ROWS rows for a named column. Every
 * expected role and note below is worked out by hand from the listed values.
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
  it('ignores 0…n−1 and 1…n in any order', () => {
    expect(MIN_INDEX_ROWS).toBe(20);
    expect(role(run(0, 25))).toBe('ignore');
    expect(role(run(1, 25))).toBe('ignore');
    // 1…20 shuffled by hand: every integer 1…20 once, max − min = 19 = rows − 1.
    const shuffled = [7, 3, 19, 1, 20, 12, 5, 16, 9, 2, 14, 11, 18, 4, 10, 6, 15, 8, 13, 17];
    expect(new Set(shuffled).size).toBe(20);
    expect(role(shuffled)).toBe('ignore');
    // A named run from elsewhere is a feature: rows 100…124, years 2000…2024, −12…12
    // (each 25 distinct integers, max − min = 24 = rows − 1, but min ∉ {0, 1}).
    expect(role(run(100, 25))).toBe('input');
    expect(role(run(2000, 25))).toBe('input');
    expect(role(run(-12, 25))).toBe('input');
    // … but pandas' index of rows 100…124 (df[100:125].to_csv()) has an empty header cell.
    expect(role(run(100, 25), true)).toBe('ignore');
    expect(rowIndexNote(statsOf(run(2000, 25)), 'numeric', 25, true)).toEqual({
      kind: 'rowIndex',
      min: 2000,
      max: 2024,
      rows: 25,
    });
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
    // "0.0", "1.0", …, "24.0": integers 0…24, but written as measurements.
    expect(role(run(0, 25).map((v) => `${v}.0`))).toBe('input');
    expect(role(run(1, 25).map((v) => `${v}e0`))).toBe('input');
    // One "7.0" among 0…24 is enough.
    expect(role(run(0, 25).map((v) => (v === 7 ? '7.0' : v)))).toBe('input');
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

  it('ignores any distinct integers one per row under an empty header cell', () => {
    // df.dropna().to_csv(): rows 2 and 5 dropped → index 0, 1, 3, 4, 6, 7 (gaps).
    expect(role([0, 1, 3, 4, 6, 7], true)).toBe('ignore');
    expect(rowIndexNote(statsOf([0, 1, 3, 4, 6, 7]), 'numeric', 6, true)).toEqual({
      kind: 'rowIndex',
      min: 0,
      max: 7,
      rows: 6,
    });
    // train_test_split(df)[0].to_csv(): a shuffled subset of 0…9 → 7, 2, 9, 0, 4.
    expect(role([7, 2, 9, 0, 4], true)).toBe('ignore');
    // The same values named stay input (gaps; and a shuffled subset is no run).
    expect(role([...run(0, 30), 40])).toBe('input');
    // Repeats or a decimal still do not qualify, unnamed or not.
    expect(role([0, 1, 1, 3], true)).toBe('input');
    expect(role([0, 1.5, 3], true)).toBe('input');
  });

  it('past DISTINCT_CAP numbers, proves distinctness only for an ascending run', () => {
    const n = DISTINCT_CAP + 50;
    expect(role(run(0, n))).toBe('ignore');
    // The same integers descending: distinct, but not provable without the exact counts.
    expect(role(run(0, n).reverse())).toBe('input');
    // Unnamed, with a gap (every number but 5, in order): distinct, but past the cap not
    // provable (no longer each the previous plus 1), so input.
    const gapped = run(0, n + 1).filter((v) => v !== 5);
    expect(role(gapped, true)).toBe('input');
    // Up to the cap the same gap is recognised (exact counts).
    expect(
      role(
        run(0, 101).filter((v) => v !== 5),
        true,
      ),
    ).toBe('ignore');
  });

  it('words the note for the command line', () => {
    expect(columnNoteText({ kind: 'rowIndex', min: 0, max: 99, rows: 100 })).toBe(
      "looks like a row index (0…99, one per row) and is ignored; set its role to input (in the studio's column panel, or mtl-studio columns --role <column>=input) to use it",
    );
    // 3…97 is 95 integers, so 40 distinct ones have gaps: worded "distinct", not as a run.
    expect(columnNoteText({ kind: 'rowIndex', min: 3, max: 97, rows: 40 })).toBe(
      "looks like a row index (3…97, distinct, one per row) and is ignored; set its role to input (in the studio's column panel, or mtl-studio columns --role <column>=input) to use it",
    );
    // With the column's name: as it is when the shell needs no quotes, else single-quoted.
    expect(columnNoteText({ kind: 'rowIndex', min: 1, max: 20, rows: 20 }, 'id')).toContain(
      "(in the studio's column panel, or mtl-studio columns --role id=input)",
    );
    expect(columnNoteText({ kind: 'rowIndex', min: 0, max: 5, rows: 6 }, "row's #")).toContain(
      "columns --role 'row'\\''s #'=input)",
    );
  });
});

describe('importing a pandas CSV with its index (fixture csv/pandas-index.csv)', () => {
  // pd.DataFrame({'legs': [4, 2, 4, 6, 2, 4], 'weight': [3.5, .25, 12, .01, 1.5, 7.25]})
  //   .to_csv(path): header ",legs,weight", index 0…5 in the first column.
  const note = {
    note: "looks like a row index (0…5, one per row) and is ignored; set its role to input (in the studio's column panel, or mtl-studio columns --role 'Unnamed: 0'=input) to use it",
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
    const phases = new Set<string>();
    const info = await importCsv(store, fixture('pandas-index.csv'), {
      onePassMinBytes: min,
      onProgress: (p) => phases.add(p.phase),
    });
    // Which path ran: the one-pass import reports 'load', the two-pass one 'scan'/'write'.
    expect(phases.has('load')).toBe(min === 0);
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
    const phases = new Set<string>();
    const info = await importCsv(store, path, {
      onePassMinBytes: 0,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(['load']);
    const stored = await store.datasets.get(info.id);
    expect(stored.columns.map((c) => c.role)).toEqual(['ignore', 'input']);
    expect(stored.columns[0].profile.noteReason).toEqual({
      kind: 'rowIndex',
      min: 0,
      max: 29_999,
      rows: 30_000,
    });
  });

  it('reads a decimal point past the text cap in a one-pass import (named column)', async () => {
    // 30 000 rows: i = 0…29 999 in order, written "0" … but "20000.0" on row 20 001 (past
    // DISTINCT_CAP texts, read by the byte path): a measurement, so input.
    const lines = ['i,x'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i === 20_000 ? '20000.0' : i},${i % 7}`);
    const path = join(dir, 'points.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const phases = new Set<string>();
    const info = await importCsv(store, path, {
      onePassMinBytes: 0,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(['load']);
    const stored = await store.datasets.get(info.id);
    expect(stored.columns.map((c) => [c.type, c.role])).toEqual([
      ['numeric', 'input'],
      ['numeric', 'input'],
    ]);
    expect(stored.columns[0].profile.note).toBeUndefined();
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
