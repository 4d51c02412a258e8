/**
 * Column profiles follow label writes: after labelling, undoing, redoing or importing a
 * labels file, the stored profile of each task column (missing, distinct, class counts,
 * numeric summary) is the one the CSV import builds from a file holding the same cells —
 * the independent reference here — and the counts match a hand count of the fixture. A
 * write that fails leaves the profile as it was (same transaction as the cells), and the
 * report's column table agrees with its task table.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { renderReportHtml } from '../../src/main/export/report';
import { reportData } from '../../src/main/services/exports';
import { importLabels } from '../../src/main/services/labelFiles';
import { redoLabels, setLabels, undoLabels } from '../../src/main/services/labelEdits';
import { adjustedProfile, profileOfCells } from '../../src/main/store/columnProfiles';
import { Database } from '../../src/main/store/database';
import { LabelStore } from '../../src/main/store/labels';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { ColumnProfile, ColumnType } from '../../src/shared/domain';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

const TYPES: Record<string, ColumnType> = { kind: 'categorical', big: 'boolean', size: 'numeric' };

/**
 * Eight rows. Hand count: kind a, b, —, a, — (NA), c, —, b → 3 missing, a 2, b 2, c 1;
 * big t, f, t, —, f, t, f, t → 1 missing, true 4, false 3; size 1.5, 2, —, 3, 1.5, 2, 4, —.
 */
const HEADER = 'id,kind,big,size';
const ROWS = [
  ['1', 'a', 'true', '1.5'],
  ['2', 'b', 'false', '2'],
  ['3', '', 'true', ''],
  ['4', 'a', '', '3'],
  ['5', 'NA', 'false', '1.5'],
  ['6', 'c', 'true', '2'],
  ['7', '', 'false', '4'],
  ['8', 'b', 'true', ''],
];

async function writeCsv(name: string, rows: string[][], header = HEADER): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}

/** The stored profile of each column of `id`, by name. */
async function profiles(id: number): Promise<Record<string, ColumnProfile>> {
  const dataset = await store.datasets.get(id);
  return Object.fromEntries(dataset.columns.map((c) => [c.name, c.profile]));
}

/**
 * The profiles the CSV import builds from a file of the labelled dataset's current cells:
 * the reference a stored profile must equal.
 */
async function importedProfiles(rows: string[][]): Promise<Record<string, ColumnProfile>> {
  const path = await writeCsv(`reference-${Math.random().toString(36).slice(2)}.csv`, rows);
  const reference = await importCsv(store, path, {
    name: `reference ${Math.random()}`,
    columnTypes: TYPES,
  });
  return profiles(reference.id);
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'profiles.mtlproj'), { create: true });
  const dataset = await importCsv(store, await writeCsv('zoo.csv', ROWS), {
    name: 'zoo',
    columnTypes: TYPES,
  });
  datasetId = dataset.id;
  for (const [name, classes] of [
    ['kind', ['a', 'b', 'c']],
    ['big', ['false', 'true']],
    ['size', ['1.5', '2', '3', '4']],
  ] as const) {
    await store.tasks.create({
      datasetId,
      name,
      targetColumn: name,
      classes: [...classes],
      kind: classes.length === 2 ? 'binary' : 'multiclass',
      weight: null,
    });
  }
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('column profiles after labelling', () => {
  it('starts as the hand count of the fixture', async () => {
    const p = await profiles(datasetId);
    expect(p.kind).toMatchObject({
      missing: 3,
      distinct: 3,
      topCategories: [
        { value: 'a', count: 2 },
        { value: 'b', count: 2 },
        { value: 'c', count: 1 },
      ],
    });
    expect(p.big).toMatchObject({ missing: 1, distinct: 2 });
    expect(p.size).toMatchObject({ missing: 2 });
  });

  it('moves missing and class counts by the labels written, as a fresh import of the cells', async () => {
    const imported = await profiles(datasetId);
    await setLabels(
      store,
      datasetId,
      [
        { rowId: 3, task: 'kind', label: 'c' },
        { rowId: 5, task: 'kind', label: 'a' },
        { rowId: 7, task: 'kind', label: 'b' },
        { rowId: 1, task: 'kind', label: 'b' }, // a → b: no missing change
        { rowId: 4, task: 'big', label: 'true' },
        { rowId: 3, task: 'size', label: '4' },
      ],
      'user',
    );
    const p = await profiles(datasetId);
    // kind lists all its classes: adjusted from the profile alone, no rescan.
    expect(
      adjustedProfile('categorical', imported.kind, 8, [
        { oldValue: null, newValue: 'c' },
        { oldValue: null, newValue: 'a' },
        { oldValue: null, newValue: 'b' },
        { oldValue: 'a', newValue: 'b' },
      ]),
    ).toEqual(p.kind);
    // Hand count: kind b, b, c, a, a, c, b, b → 0 missing, b 4, a 2, c 2 (ties by value).
    expect(p.kind).toEqual({
      missing: 0,
      distinct: 3,
      numeric: null,
      topCategories: [
        { value: 'b', count: 4 },
        { value: 'a', count: 2 },
        { value: 'c', count: 2 },
      ],
    });
    // big: row 4 true → true 5, false 3, none missing.
    expect(p.big).toEqual({
      missing: 0,
      distinct: 2,
      numeric: null,
      topCategories: [
        { value: 'true', count: 5 },
        { value: 'false', count: 3 },
      ],
    });
    // size: 1.5, 2, 4, 3, 1.5, 2, 4, — → 1 missing; mean 18/7.
    expect(p.size.missing).toBe(1);
    expect(p.size.numeric?.mean).toBeCloseTo(18 / 7, 12);

    const labelled = [
      ['1', 'b', 'true', '1.5'],
      ['2', 'b', 'false', '2'],
      ['3', 'c', 'true', '4'],
      ['4', 'a', 'true', '3'],
      ['5', 'a', 'false', '1.5'],
      ['6', 'c', 'true', '2'],
      ['7', 'b', 'false', '4'],
      ['8', 'b', 'true', ''],
    ];
    const reference = await importedProfiles(labelled);
    for (const name of ['kind', 'big', 'size']) expect(p[name]).toEqual(reference[name]);
    // And profiling the stored cells from scratch gives the same whole objects.
    const cells = await store.datasets.readColumns(datasetId, ['kind', 'big', 'size']);
    for (const name of ['kind', 'big', 'size']) {
      expect(profileOfCells(TYPES[name], cells.values[name], p[name])).toEqual(p[name]);
    }
  });

  it("the report's column table and task table say the same missing counts", async () => {
    await setLabels(
      store,
      datasetId,
      [
        { rowId: 3, task: 'kind', label: 'c' },
        { rowId: 7, task: 'kind', label: 'a' },
      ],
      'user',
    );
    const data = await reportData(store);
    const zoo = data.datasets.find((d) => d.dataset.id === datasetId)!;
    const missing = (name: string) => [
      zoo.dataset.columns.find((c) => c.name === name)!.profile.missing,
      zoo.tasks.find((t) => t.name === name)!.missing,
    ];
    // Hand count: kind still misses row 5 (NA); big row 4; size rows 3 and 8.
    expect(missing('kind')).toEqual([1, 1]);
    expect(missing('big')).toEqual([1, 1]);
    expect(missing('size')).toEqual([2, 2]);
    const html = renderReportHtml(data, 'en');
    expect(html).toContain(
      '<tr><td>kind</td><td>categorical</td><td>target</td><td class="num">1</td><td class="num">3</td></tr>',
    );
  });

  it('undo gives back the profiles as imported; redo the labelled ones', async () => {
    const before = await profiles(datasetId);
    await setLabels(
      store,
      datasetId,
      [
        { rowId: 3, task: 'kind', label: 'a' },
        { rowId: 6, task: 'kind', label: null }, // c → missing: c disappears
        { rowId: 8, task: 'size', label: '3' },
      ],
      'user',
    );
    const labelled = await profiles(datasetId);
    // Hand count: kind a, b, a, a, —, —, —, b → 3 missing, a 3, b 2; no c left.
    expect(labelled.kind).toMatchObject({
      missing: 3,
      distinct: 2,
      topCategories: [
        { value: 'a', count: 3 },
        { value: 'b', count: 2 },
      ],
    });
    await undoLabels(store, datasetId);
    expect(await profiles(datasetId)).toEqual(before);
    await redoLabels(store, datasetId);
    expect(await profiles(datasetId)).toEqual(labelled);
  });

  it('follows a labels file import (one batch)', async () => {
    const path = join(dir, 'labels.csv');
    await writeFile(path, 'row_id,kind,big\n3,c,\n5,c,\n7,a,\n4,,false\n');
    const done = await importLabels(store, datasetId, path);
    expect(done.applied).toBe(4);
    const p = await profiles(datasetId);
    // Hand count: kind a, b, c, a, c, c, a, b → a 3, c 3, b 2; big false 4, true 4.
    expect(p.kind.missing).toBe(0);
    expect(p.kind.topCategories).toEqual([
      { value: 'a', count: 3 },
      { value: 'c', count: 3 },
      { value: 'b', count: 2 },
    ]);
    expect(p.big.topCategories).toEqual([
      { value: 'false', count: 4 },
      { value: 'true', count: 4 },
    ]);
    const reference = await importedProfiles([
      ['1', 'a', 'true', '1.5'],
      ['2', 'b', 'false', '2'],
      ['3', 'c', 'true', ''],
      ['4', 'a', 'false', '3'],
      ['5', 'c', 'false', '1.5'],
      ['6', 'c', 'true', '2'],
      ['7', 'a', 'false', '4'],
      ['8', 'b', 'true', ''],
    ]);
    expect(p.kind).toEqual(reference.kind);
    expect(p.big).toEqual(reference.big);
  });

  it('a write that fails leaves the cells and the profiles as they were', async () => {
    const before = await profiles(datasetId);
    await expect(
      store.labels.write(
        datasetId,
        [
          { rowId: 3, task: 'kind', value: 'c' },
          { rowId: 99, task: 'kind', value: 'a' }, // no such row: the whole write fails
        ],
        'user',
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await profiles(datasetId)).toEqual(before);
    expect((await store.datasets.readCell(datasetId, 3, 'kind')) ?? null).toBeNull();
  });

  it('a profile update that fails rolls back the cells and events written with it', async () => {
    // A second connection spoils the stored profile of `kind` (not JSON): the write's
    // profile step then throws, after its cells and events were written in the transaction.
    const db = await Database.open(join(dir, 'profiles.mtlproj'), { create: false });
    try {
      await db.run("UPDATE columns SET profile = '{' WHERE dataset_id = ? AND name = 'kind'", [
        datasetId,
      ]);
      await expect(
        new LabelStore(db).write(datasetId, [{ rowId: 3, task: 'kind', value: 'c' }], 'user'),
      ).rejects.toThrow(SyntaxError);
      const cell = await db.get<{ v: unknown }>(
        `SELECT c1 AS v FROM rows_${datasetId} WHERE row_id = 3`,
      );
      expect(cell?.v).toBeNull();
      expect(await new LabelStore(db).eventCount(datasetId)).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('a project labelled by an earlier MTL Studio', () => {
  it('has the stale profiles of its labelled columns made again once, when opened', async () => {
    const imported = await profiles(datasetId);
    await setLabels(
      store,
      datasetId,
      [
        { rowId: 3, task: 'kind', label: 'c' },
        { rowId: 4, task: 'big', label: 'false' },
      ],
      'user',
    );
    const labelled = await profiles(datasetId);
    const file = join(dir, 'profiles.mtlproj');
    await store.close();
    // As an earlier version left it: the profiles as imported, no mark.
    const db = await Database.open(file, { create: false });
    for (const name of ['kind', 'big']) {
      await db.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND name = ?', [
        JSON.stringify(imported[name]),
        datasetId,
        name,
      ]);
    }
    await db.run("DELETE FROM project_meta WHERE key = 'profiles_follow_labels'");
    await db.close();
    store = await ProjectStore.open(file);
    const repaired = await profiles(datasetId);
    expect(repaired).toEqual(labelled);
    // Hand count: kind 2 missing (rows 5, 7), c 2; big none missing, false 4.
    expect(repaired.kind).toMatchObject({ missing: 2, distinct: 3 });
    expect(repaired.big.topCategories).toEqual([
      { value: 'false', count: 4 },
      { value: 'true', count: 4 },
    ]);
    // Marked: a later open leaves the profiles alone (a spoiled one stays spoiled).
    await store.close();
    const again = await Database.open(file, { create: false });
    await again.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND name = ?', [
      JSON.stringify(imported.kind),
      datasetId,
      'kind',
    ]);
    await again.close();
    store = await ProjectStore.open(file);
    expect((await profiles(datasetId)).kind).toEqual(imported.kind);
  });
});

describe('a column with more classes than the profile lists', () => {
  it('is profiled again from its cells, as a fresh import', async () => {
    // 25 classes k00…k24 on rows 1–25, rows 26–30 missing: the profile lists only 20.
    const classes = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const rows = [...classes, '', '', '', '', ''].map((kind, i) => [
      String(i + 1),
      kind,
      'true',
      '1',
    ]);
    const many = await importCsv(store, await writeCsv('many.csv', rows), {
      name: 'many',
      columnTypes: TYPES,
    });
    const before = (await profiles(many.id)).kind;
    expect(before.missing).toBe(5);
    expect(before.distinct).toBe(25);
    // Not every value listed: an adjustment alone cannot be exact.
    expect(adjustedProfile('categorical', before, 30, [{ oldValue: null, newValue: 'k24' }])).toBe(
      null,
    );
    await store.tasks.create({
      datasetId: many.id,
      name: 'kind',
      targetColumn: 'kind',
      classes,
      kind: 'multiclass',
      weight: null,
    });
    // Rows 26–28 get k24 (k24: 1 → 4, now the most frequent), row 1 k00 → missing.
    await setLabels(
      store,
      many.id,
      [
        { rowId: 26, task: 'kind', label: 'k24' },
        { rowId: 27, task: 'kind', label: 'k24' },
        { rowId: 28, task: 'kind', label: 'k24' },
        { rowId: 1, task: 'kind', label: null },
      ],
      'user',
    );
    const after = (await profiles(many.id)).kind;
    expect(after.missing).toBe(3); // 5 − 3 + 1
    expect(after.distinct).toBe(24); // k00 gone
    expect(after.topCategories?.[0]).toEqual({ value: 'k24', count: 4 });
    const labelled = rows.map((r, i) =>
      i === 0 ? [r[0], '', r[2], r[3]] : i >= 25 && i <= 27 ? [r[0], 'k24', r[2], r[3]] : r,
    );
    expect(after).toEqual((await importedProfiles(labelled)).kind);
  });
});

describe('a numeric task column with one histogram bin per value', () => {
  it('moves its counts, min, max, mean and std as a fresh import', async () => {
    // legs: 0, 2, 4, —, 4, 6, —, 2 (integer bins 0…6, gaps 1, 3, 5 empty).
    const legs = ['0', '2', '4', '', '4', '6', '', '2'];
    const header = 'id,legs';
    const csv = (values: string[]) =>
      writeCsv(
        `legs-${values.join('-')}.csv`,
        values.map((v, i) => [String(i + 1), v]),
        header,
      );
    const zoo = await importCsv(store, await csv(legs), { name: 'legs' });
    await store.tasks.create({
      datasetId: zoo.id,
      name: 'legs',
      targetColumn: 'legs',
      classes: ['0', '2', '4', '6', '8'],
      kind: 'multiclass',
      weight: null,
    });
    const before = (await profiles(zoo.id)).legs;
    // Row 4 → 8 (new maximum), row 7 → 2, row 1 0 → missing (0 gone: minimum 2).
    const moves = [
      { oldValue: null, newValue: 8 },
      { oldValue: null, newValue: 2 },
      { oldValue: 0, newValue: null },
    ];
    // Adjusted from the profile alone (its bins hold every value's count), no rescan.
    const adjusted = adjustedProfile('numeric', before, 8, moves);
    expect(adjusted).not.toBeNull();
    await setLabels(
      store,
      zoo.id,
      [
        { rowId: 4, task: 'legs', label: '8' },
        { rowId: 7, task: 'legs', label: '2' },
        { rowId: 1, task: 'legs', label: null },
      ],
      'user',
    );
    const after = (await profiles(zoo.id)).legs;
    expect(after).toEqual(adjusted);
    // Hand count: —, 2, 4, 8, 4, 6, 2, 2 → 1 missing; 2 ×3, 4 ×2, 6, 8: mean 28/7 = 4,
    // sample variance (3·4 + 0 + 4 + 16) / 6 = 32/6.
    expect(after.missing).toBe(1);
    expect(after.distinct).toBe(4);
    expect(after.numeric).toMatchObject({ min: 2, max: 8 });
    expect(after.numeric!.mean).toBeCloseTo(4, 12);
    expect(after.numeric!.std).toBeCloseTo(Math.sqrt(32 / 6), 12);
    expect(after.numeric!.histogram).toEqual([
      { lo: 1.5, hi: 2.5, count: 3 },
      { lo: 2.5, hi: 3.5, count: 0 },
      { lo: 3.5, hi: 4.5, count: 2 },
      { lo: 4.5, hi: 5.5, count: 0 },
      { lo: 5.5, hi: 6.5, count: 1 },
      { lo: 6.5, hi: 7.5, count: 0 },
      { lo: 7.5, hi: 8.5, count: 1 },
    ]);
    const reference = (
      await profiles(
        (await importCsv(store, await csv(['', '2', '4', '8', '4', '6', '2', '2']))).id,
      )
    ).legs;
    // The same as a fresh import; mean and std up to rounding (sum/n here, Welford there).
    const { mean, std, ...rest } = after.numeric!;
    const { mean: refMean, std: refStd, ...refRest } = reference.numeric!;
    expect({ ...after, numeric: rest }).toEqual({ ...reference, numeric: refRest });
    expect(mean).toBeCloseTo(refMean, 12);
    expect(std).toBeCloseTo(refStd, 12);
    // Everything unlabelled: no numbers left.
    await setLabels(
      store,
      zoo.id,
      [2, 3, 4, 5, 6, 7, 8].map((rowId) => ({ rowId, task: 'legs', label: null })),
      'user',
    );
    expect((await profiles(zoo.id)).legs).toEqual({
      missing: 8,
      distinct: 0,
      numeric: null,
      topCategories: null,
    });
  });
});

describe('a column with more classes than the profile lists, labelled with listed classes', () => {
  // 25 classes: c00 on 26 rows, c01 on 25, …, c24 on 2 (350 rows), then 10 rows missing.
  // The profile lists c00…c19 (26…7 rows); c20…c24 (6…2 rows) are not listed.
  const classes = Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  const kinds = [
    ...classes.flatMap((c, i) => Array<string>(26 - i).fill(c)),
    ...Array(10).fill(''),
  ];
  const cellsOf = (values: string[]) => values.map((v) => (v === '' ? null : v));
  const previous: ColumnProfile = { missing: 0, distinct: 0, numeric: null, topCategories: null };
  /** Row (0-based) of the first cell holding `value` in `values`. */
  const rowOf = (values: string[], value: string) => values.indexOf(value);

  it('moves the listed counts in place, as a full profile of the cells', () => {
    const before = profileOfCells('categorical', cellsOf(kinds), previous);
    // Hand count from the construction above.
    expect(before.missing).toBe(10);
    expect(before.distinct).toBe(25);
    expect(before.topCategories?.at(-1)).toEqual({ value: 'c19', count: 7 });
    // Missing → c05 three times, missing → c19, c03 → missing (23 → 22 rows, still above 7),
    // c10 → c19 (16 → 15): only listed values and missing cells.
    const after = [...kinds];
    const moves: { row: number; value: string }[] = [
      { row: 350, value: 'c05' },
      { row: 351, value: 'c05' },
      { row: 352, value: 'c05' },
      { row: 353, value: 'c19' },
      { row: rowOf(kinds, 'c03'), value: '' },
      { row: rowOf(kinds, 'c10'), value: 'c19' },
    ];
    const changes = moves.map(({ row, value }) => {
      const change = { oldValue: cellsOf([after[row]])[0], newValue: cellsOf([value])[0] };
      after[row] = value;
      return change;
    });
    const adjusted = adjustedProfile('categorical', before, kinds.length, changes);
    // The reference: the whole column profiled again from its cells after the moves.
    const reference = profileOfCells('categorical', cellsOf(after), previous);
    expect(adjusted).not.toBeNull();
    expect(adjusted).toEqual(reference);
    // Hand count: missing 10 − 4 + 1; c05 21 + 3; c19 7 + 2; c03 22; c10 15.
    expect(adjusted?.missing).toBe(7);
    const count = (v: string) => adjusted?.topCategories?.find((c) => c.value === v)?.count;
    expect([count('c05'), count('c19'), count('c03'), count('c10')]).toEqual([24, 9, 22, 15]);
  });

  it('is stored after a label write as a fresh import of the cells', async () => {
    const rows = kinds.map((kind, i) => [String(i + 1), kind, 'true', '1']);
    const many = await importCsv(store, await writeCsv('many25.csv', rows), {
      name: 'many25',
      columnTypes: TYPES,
    });
    await store.tasks.create({
      datasetId: many.id,
      name: 'kind',
      targetColumn: 'kind',
      classes,
      kind: 'multiclass',
      weight: null,
    });
    // Rows 351–352 (missing) get c00 and c07; row 1 (c00) gets c19.
    await setLabels(
      store,
      many.id,
      [
        { rowId: 351, task: 'kind', label: 'c00' },
        { rowId: 352, task: 'kind', label: 'c07' },
        { rowId: 1, task: 'kind', label: 'c19' },
      ],
      'user',
    );
    const labelled = rows.map((r, i) =>
      i === 350
        ? [r[0], 'c00', r[2], r[3]]
        : i === 351
          ? [r[0], 'c07', r[2], r[3]]
          : i === 0
            ? [r[0], 'c19', r[2], r[3]]
            : r,
    );
    const stored = (await profiles(many.id)).kind;
    expect(stored).toEqual((await importedProfiles(labelled)).kind);
    // Hand count: missing 10 − 2; c00 26 − 1 + 1; c19 7 + 1.
    expect(stored.missing).toBe(8);
    expect(stored.topCategories?.slice(0, 1)).toEqual([{ value: 'c00', count: 26 }]);
    expect(stored.topCategories?.find((c) => c.value === 'c19')?.count).toBe(8);
  });

  it('is profiled again when an unlisted value moves or a listed one may fall behind one', () => {
    const before = profileOfCells('categorical', cellsOf(kinds), previous);
    const n = kinds.length;
    // Missing → c22: c22 is not listed (its count is not in the profile).
    expect(adjustedProfile('categorical', before, n, [{ oldValue: null, newValue: 'c22' }])).toBe(
      null,
    );
    // c20 → c00: c20 is not listed.
    expect(adjustedProfile('categorical', before, n, [{ oldValue: 'c20', newValue: 'c00' }])).toBe(
      null,
    );
    // c19 → missing: 7 → 6, where c20 (6 rows, not listed) may now come first.
    expect(adjustedProfile('categorical', before, n, [{ oldValue: 'c19', newValue: null }])).toBe(
      null,
    );
    // c18 → missing: 8 → 7, level with the smallest listed count (ties go by value).
    expect(adjustedProfile('categorical', before, n, [{ oldValue: 'c18', newValue: null }])).toBe(
      null,
    );
  });

  it('equals a full profile whenever it adjusts, over random label moves', () => {
    // Seeded LCG (Numerical Recipes constants): the same moves on every run.
    let seed = 12345;
    const random = (k: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) % k; // the high bits: an LCG's low bits repeat quickly
    };
    let cells = [...kinds];
    let profile = profileOfCells('categorical', cellsOf(cells), previous);
    let adjustedCount = 0;
    for (let step = 0; step < 300; step++) {
      const next = [...cells];
      const changes = Array.from({ length: 1 + random(4) }, () => {
        const row = random(next.length);
        const value = random(6) === 0 ? '' : classes[random(random(3) === 0 ? 25 : 12)];
        const change = { oldValue: cellsOf([next[row]])[0], newValue: cellsOf([value])[0] };
        next[row] = value;
        return change;
      });
      const reference = profileOfCells('categorical', cellsOf(next), previous);
      const adjusted = adjustedProfile('categorical', profile, next.length, changes);
      if (adjusted) {
        adjustedCount++;
        expect(adjusted).toEqual(reference);
      }
      cells = next;
      profile = reference;
    }
    // Most moves go between listed classes and missing cells: most steps are adjusted.
    expect(adjustedCount).toBeGreaterThan(100);
  });
});

describe('a categorical column past DISTINCT_CAP (10 000) distinct values', () => {
  // 20 values v00…v19 on 30 rows each, then 10 000 values seen once (u00000…u09999), then
  // 'late' on 50 rows, then 5 missing: 10 655 rows, 10 021 distinct values. The import stops
  // counting new texts at 10 000, so its list misses 'late' (the most frequent) and its
  // distinct count is an estimate.
  const listed = Array.from({ length: 20 }, (_, i) => `v${String(i).padStart(2, '0')}`);
  const kinds = [
    ...listed.flatMap((v) => Array<string>(30).fill(v)),
    ...Array.from({ length: 10_000 }, (_, i) => `u${String(i).padStart(5, '0')}`),
    ...Array<string>(50).fill('late'),
    ...Array<string>(5).fill(''),
  ];

  it('is not adjusted in place from the estimate', () => {
    const cells = kinds.map((v) => (v === '' ? null : v));
    const previous: ColumnProfile = { missing: 0, distinct: 0, numeric: null, topCategories: null };
    const before = profileOfCells('categorical', cells, previous);
    expect(before.distinct).toBeGreaterThanOrEqual(10_000);
    expect(before.topCategories?.some((c) => c.value === 'late')).toBe(false);
    expect(
      adjustedProfile('categorical', before, kinds.length, [{ oldValue: null, newValue: 'v00' }]),
    ).toBeNull();
  });

  it('is profiled again from its cells after a label write: late listed, distinct exact', async () => {
    const rows = kinds.map((kind, i) => [String(i + 1), kind, 'true', '1']);
    const capped = await importCsv(store, await writeCsv('capped.csv', rows), {
      name: 'capped',
      columnTypes: TYPES,
    });
    await store.tasks.create({
      datasetId: capped.id,
      name: 'kind',
      targetColumn: 'kind',
      classes: [...listed, 'late'],
      kind: 'multiclass',
      weight: null,
    });
    // Row 10 651 is the first missing one (600 + 10 000 + 50 + 1): labelled v00.
    await setLabels(store, capped.id, [{ rowId: 10_651, task: 'kind', label: 'v00' }], 'user');
    const stored = (await profiles(capped.id)).kind;
    // Hand count of the cells (what a full GROUP BY re-profile gives): missing 5 − 1,
    // distinct 20 + 10 000 + 1, listed by count then value: late 50, v00 31, v01…v18 30
    // (20 entries: v19 and the once-seen values fall off).
    expect(stored.missing).toBe(4);
    expect(stored.distinct).toBe(10_021);
    expect(stored.topCategories).toEqual([
      { value: 'late', count: 50 },
      { value: 'v00', count: 31 },
      ...listed.slice(1, 19).map((value) => ({ value, count: 30 })),
    ]);
  }, 60_000);
});
