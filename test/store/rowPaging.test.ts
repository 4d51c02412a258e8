/**
 * Paging a large dataset for the data table: unsorted, unfiltered pages read by row-id
 * range (ascending and descending, to the last row), the index a first sort builds in the
 * background on a large dataset (and not on a small one, nor in a read-only file), the
 * first page and a deep page served before that index exists (the deep one by rank
 * selection, exact or refused; a filtered deep page waits for the index), and sorted,
 * filtered pages equal to the same rows sorted and filtered in plain JavaScript (the
 * independent reference).
 */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/main/store/database';
import { DatasetStore, SORT_INDEX_MIN_ROWS, TOP_N_MAX_ROWS } from '../../src/main/store/datasets';
import { ProjectStore, type CellValue } from '../../src/main/store/projectStore';
import { keepSample, RankedBands, rankedPage, SAMPLE_ROWS } from '../../src/main/store/rankedPages';
import { mulberry32 } from '../../src/main/engine/random';
import { SortIndexes } from '../../src/main/store/sortIndexes';
import { emptyProfile, irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

const ROWS = SORT_INDEX_MIN_ROWS + 5;
let store: ProjectStore;
let path: string;
let cleanup: () => Promise<void>;
/** value of row i (1-based): a shuffled number with some missing, and a group. */
const value = (i: number): number | null => (i % 97 === 0 ? null : (i * 7919) % 1000);
const group = (i: number): string => `g${i % 5}`;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'big.mtlproj');
  store = await ProjectStore.open(path, { create: true });
  const rows: CellValue[][] = [];
  for (let i = 1; i <= ROWS; i++) rows.push([value(i), group(i)]);
  await store.datasets.create(
    {
      name: 'big',
      sourceName: 'big.csv',
      encoding: 'utf-8',
      delimiter: ',',
      columns: [
        { index: 0, name: 'value', type: 'numeric', role: 'input', profile: emptyProfile },
        { index: 1, name: 'group', type: 'categorical', role: 'input', profile: emptyProfile },
      ],
    },
    rowSource(rows),
  );
  await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

async function indexes(): Promise<string[]> {
  const db = await Database.open(path, { create: false });
  try {
    const rows = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'rows_%' ORDER BY name",
    );
    return rows.map((r) => r.name);
  } finally {
    await db.close();
  }
}

describe('pages of a large dataset', () => {
  it('reads unsorted pages by row id, both ways, to the last row', async () => {
    const ids = async (offset: number, limit: number, descending = false) =>
      (await store.datasets.readRows(1, { offset, limit, descending })).rows.map((r) => r.rowId);
    expect(await ids(0, 3)).toEqual([1, 2, 3]);
    expect(await ids(ROWS - 2, 5)).toEqual([ROWS - 1, ROWS]);
    expect(await ids(0, 3, true)).toEqual([ROWS, ROWS - 1, ROWS - 2]);
    expect(await ids(ROWS - 2, 5, true)).toEqual([2, 1]);
    expect(await ids(ROWS + 10, 5)).toEqual([]);
    const page = await store.datasets.readRows(1, { offset: 9, limit: 1 });
    expect(page).toEqual({ total: ROWS, rows: [{ rowId: 10, values: [value(10), group(10)] }] });
  });

  it('sorts a read-only project without writing an index into it', async () => {
    const readOnly = await ProjectStore.open(path, { writable: async () => false });
    try {
      expect(readOnly.readOnly).not.toBeNull();
      const page = await readOnly.datasets.readRows(1, { offset: 0, limit: 3, orderBy: 'group' });
      // Reference: group g0 holds rows 5, 10, 15, … (i mod 5 = 0), ties by row id.
      expect(page.rows.map((r) => r.rowId)).toEqual([5, 10, 15]);
      const deep = await readOnly.datasets.readRows(1, {
        offset: ROWS - 2,
        limit: 5,
        orderBy: 'group',
      });
      // The last two rows of g4 (i mod 5 = 4): the two largest such i ≤ ROWS.
      const g4 = Array.from({ length: ROWS }, (_, k) => k + 1).filter((i) => i % 5 === 4);
      expect(deep.rows.map((r) => r.rowId)).toEqual(g4.slice(-2));
      await readOnly.datasets.sortIndexesSettled();
    } finally {
      await readOnly.close();
    }
    expect(await indexes()).toEqual([]);
  });

  it('builds an index after the first sort of a large dataset only', async () => {
    expect(await indexes()).toEqual([]);
    await store.datasets.readRows(1, { offset: 0, limit: 1, orderBy: 'value' });
    await store.datasets.readRows(2, { offset: 0, limit: 1, orderBy: 'sepal length' });
    await store.datasets.sortIndexesSettled();
    expect(await indexes()).toEqual(['rows_1_sort_c0']);
  });

  it('serves the first page and a deep page before the index exists; a filtered deep page waits for it', async () => {
    // A second handle on the file whose builder connection opens only when the gate opens.
    const db = await Database.open(path, { create: false });
    await db.exec('PRAGMA busy_timeout = 5000');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = new SortIndexes(db, async (file) => {
      await gate;
      return Database.open(file, { create: false });
    });
    const datasets = new DatasetStore(db, gated);
    try {
      // Reference: g0 holds rows 5, 10, 15, … (i mod 5 = 0), then g1 rows 1, 6, 11, …
      const byGroup = Array.from({ length: ROWS }, (_, k) => k + 1).sort(
        (a, b) => (a % 5) - (b % 5) || a - b,
      );
      const first = await datasets.readRows(1, { offset: 0, limit: 50, orderBy: 'group' });
      expect(first.rows.map((r) => r.rowId)).toEqual(byGroup.slice(0, 50));
      expect(await indexes()).toEqual(['rows_1_sort_c0']);
      // The first page drew the column's key sample in the background; the deep page below
      // starts from it rather than drawing its own.
      await gated.samplingSettled();
      expect(gated.lastSampleError).toBeNull();
      const sample = gated.bands.sample('rows_1', 1);
      expect(sample?.keys).toHaveLength(SAMPLE_ROWS);
      // A page far from the top is found by rank selection while the build waits for the
      // gate (descending: the reference reversed).
      const offset = TOP_N_MAX_ROWS + 100;
      const descending = byGroup.slice().reverse();
      const deep = await datasets.readRows(1, {
        offset,
        limit: 20,
        orderBy: 'group',
        descending: true,
      });
      expect(deep.total).toBe(ROWS);
      expect(deep.rows.map((r) => r.rowId)).toEqual(descending.slice(offset, offset + 20));
      expect(deep.rows[0].values).toEqual([value(descending[offset]), group(descending[offset])]);
      expect(gated.bands.sample('rows_1', 1)).toBe(sample);
      // A filtered deep page still waits for the index.
      let answered = false;
      const filtered = datasets
        .readRows(1, {
          offset,
          limit: 20,
          orderBy: 'group',
          filters: [{ column: 'value', op: '>=', value: 0 }],
        })
        .then((page) => ((answered = true), page));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toBe(false);
      open();
      const present = byGroup.filter((i) => value(i) !== null);
      expect((await filtered).rows.map((r) => r.rowId)).toEqual(present.slice(offset, offset + 20));
      expect(await indexes()).toEqual(['rows_1_sort_c0', 'rows_1_sort_c1']);
    } finally {
      await gated.close();
      await db.close();
    }
  });

  it('finds pages by rank selection exactly, or not at all when the sample misses', async () => {
    const db = await Database.open(path, { create: false });
    try {
      const ids = Array.from({ length: ROWS }, (_, k) => k + 1);
      // Reference orders in JavaScript: missing values last, ties by row id; descending
      // reverses both (missing still last).
      const byValue = (desc: boolean) => {
        const present = ids.filter((i) => value(i) !== null);
        const missing = ids.filter((i) => value(i) === null);
        const sign = desc ? -1 : 1;
        present.sort((a, b) => sign * (value(a)! - value(b)! || a - b));
        missing.sort((a, b) => sign * (a - b));
        return [...present, ...missing];
      };
      const byGroup = (desc: boolean) =>
        ids.slice().sort((a, b) => (desc ? -1 : 1) * ((a % 5) - (b % 5) || a - b));
      const firstMissing = byValue(false).findIndex((i) => value(i) === null);
      const random = mulberry32(20261203);
      const offsets = [0, 1, 5000, 9999, 12_345, firstMissing - 7, ROWS - 30, ROWS - 3, ROWS];
      const page = (
        position: number,
        descending: boolean,
        offset: number,
        limit: number,
        tune: { sampleRows?: number; zMargins?: number[] } = {},
      ) =>
        // Seeded draws: each bound of a band misses with probability ≈ 3·10⁻⁵, so unseeded
        // draws would fail a run now and then (found in review).
        db.transaction(
          (tx) =>
            rankedPage(tx, {
              table: 'rows_1',
              cells: ['c0', 'c1'],
              position,
              descending,
              offset,
              limit,
              rowCount: ROWS,
              random,
              ...tune,
            }),
          'DEFERRED',
        );
      for (const descending of [false, true]) {
        for (const [position, reference] of [
          [0, byValue(descending)],
          [1, byGroup(descending)],
        ] as const) {
          for (const offset of offsets) {
            const rows = await page(position, descending, offset, 25);
            expect(rows?.map((r) => r.rowId)).toEqual(reference.slice(offset, offset + 25));
          }
          // A sample of 300 rows and no margin misses many pages: each answer is exact or null.
          let missed = 0;
          let found = 0;
          for (let offset = 0; offset < ROWS; offset += 997) {
            const rows = await page(position, descending, offset, 40, {
              sampleRows: 300,
              zMargins: [0],
            });
            if (rows === null) missed++;
            else {
              found++;
              expect(rows.map((r) => r.rowId)).toEqual(reference.slice(offset, offset + 40));
            }
          }
          expect(missed + found).toBe(Math.ceil(ROWS / 997));
          // At least one miss shows the check is live (at z = 0 each bound misses with
          // probability ≈ 0.45, over 21 pages).
          expect(missed).toBeGreaterThan(0);
        }
      }
      // Kept bands: the next page is read from the kept band; after a write (through this
      // connection, then through another) the band is read again and the page shows it.
      const bands = new RankedBands();
      const kept = (offset: number) =>
        db.transaction(
          (tx) =>
            rankedPage(tx, {
              table: 'rows_1',
              cells: ['c0', 'c1'],
              position: 0,
              descending: false,
              offset,
              limit: 10,
              rowCount: ROWS,
              bands,
              random,
            }),
          'DEFERRED',
        );
      const reference = byValue(false);
      expect((await kept(9000))?.map((r) => r.rowId)).toEqual(reference.slice(9000, 9010));
      const band = bands.get('rows_1', 0, false)!;
      expect(band.before).toBeLessThanOrEqual(9000);
      expect((await kept(9010))?.map((r) => r.rowId)).toEqual(reference.slice(9010, 9020));
      expect(bands.get('rows_1', 0, false)).toBe(band);
      // Row reference[0] (the smallest value) moves to rank 9005 once its value is set just
      // above that of the row now at rank 9005 (values are integers, ties by row id).
      const moved = reference[0];
      const target = value(reference[9005])!;
      const rest = reference.filter((i) => i !== moved);
      const placed = (v: number) => {
        const order = rest.slice();
        const at = order.findIndex((i) => value(i) === null || value(i)! > v);
        order.splice(at, 0, moved);
        return order;
      };
      try {
        await db.run('UPDATE rows_1 SET c0 = ? WHERE row_id = ?', [target + 0.5, moved]);
        expect((await kept(9000))?.map((r) => r.rowId)).toEqual(
          placed(target + 0.5).slice(9000, 9010),
        );
        expect(bands.get('rows_1', 0, false)).not.toBe(band);
        const second = bands.get('rows_1', 0, false);
        await store.datasets.readRows(1, { offset: 0, limit: 1 }); // no write: band kept
        expect((await kept(9001))?.map((r) => r.rowId)).toEqual(
          placed(target + 0.5).slice(9001, 9011),
        );
        expect(bands.get('rows_1', 0, false)).toBe(second);
        const other = await Database.open(path, { create: false });
        try {
          await other.exec('PRAGMA busy_timeout = 5000');
          await other.run('UPDATE rows_1 SET c0 = ? WHERE row_id = ?', [target - 0.5, moved]);
        } finally {
          await other.close();
        }
        expect((await kept(9000))?.map((r) => r.rowId)).toEqual(
          placed(target - 0.5).slice(9000, 9010),
        );
      } finally {
        await db.run('UPDATE rows_1 SET c0 = ? WHERE row_id = ?', [value(moved), moved]);
      }
    } finally {
      await db.close();
    }
  });

  it('keeps a sorted key sample per column and finds exact pages from it both ways until the file changes', async () => {
    const db = await Database.open(path, { create: false });
    try {
      const ids = Array.from({ length: ROWS }, (_, k) => k + 1);
      // Reference orders in JavaScript, as in the test above: missing values last, ties by
      // row id, descending reverses both (missing still last).
      const byValue = (desc: boolean) => {
        const present = ids.filter((i) => value(i) !== null);
        const missing = ids.filter((i) => value(i) === null);
        const sign = desc ? -1 : 1;
        present.sort((a, b) => sign * (value(a)! - value(b)! || a - b));
        missing.sort((a, b) => sign * (a - b));
        return [...present, ...missing];
      };
      const byGroup = (desc: boolean) =>
        ids.slice().sort((a, b) => (desc ? -1 : 1) * ((a % 5) - (b % 5) || a - b));
      const random = mulberry32(20261204);
      const bands = new RankedBands();
      const sampleOf = (position: number) =>
        db.transaction((tx) => keepSample(tx, 'rows_1', position, bands, random), 'DEFERRED');
      await sampleOf(0);
      const kept = bands.sample('rows_1', 0)!;
      // Row ids are 1…ROWS: every one of the SAMPLE_ROWS distinct draws finds its row. The
      // keys are those rows in the ascending reference order, with their values.
      expect(kept.keys).toHaveLength(SAMPLE_ROWS);
      const drawn = new Set(kept.keys.map((k) => k.row_id));
      expect(kept.keys.map((k) => k.row_id)).toEqual(byValue(false).filter((i) => drawn.has(i)));
      expect(kept.keys.map((k) => k.v)).toEqual(kept.keys.map((k) => value(k.row_id)));
      await sampleOf(0);
      expect(bands.sample('rows_1', 0)).toBe(kept); // the file is unchanged: not drawn again
      await sampleOf(1);
      const keptGroups = bands.sample('rows_1', 1)!;

      // Each page with no band kept (a kept band could cover the next page) but the samples
      // drawn above: after it, still those samples (not drawn again).
      const page = async (
        position: number,
        descending: boolean,
        offset: number,
        zMargins?: number[],
      ) => {
        const fresh = new RankedBands();
        fresh.keepSample('rows_1', 0, kept);
        fresh.keepSample('rows_1', 1, keptGroups);
        const rows = await db.transaction(
          (tx) =>
            rankedPage(tx, {
              table: 'rows_1',
              cells: ['c0', 'c1'],
              position,
              descending,
              offset,
              limit: 25,
              rowCount: ROWS,
              bands: fresh,
              random,
              zMargins,
            }),
          'DEFERRED',
        );
        expect(fresh.sample('rows_1', 0)).toBe(kept);
        expect(fresh.sample('rows_1', 1)).toBe(keptGroups);
        return rows;
      };
      const firstMissing = byValue(false).findIndex((i) => value(i) === null);
      // The top, the middle, the last values and the first missing ones, the last rows.
      const offsets = [0, 6000, 12_345, firstMissing - 7, ROWS - 3];
      for (const descending of [false, true]) {
        for (const offset of offsets) {
          const rows = await page(0, descending, offset);
          expect(rows?.map((r) => r.rowId)).toEqual(byValue(descending).slice(offset, offset + 25));
          // The heavily tied column: bounds by (cell, row id) pairs.
          const groups = await page(1, descending, offset);
          expect(groups?.map((r) => r.rowId)).toEqual(
            byGroup(descending).slice(offset, offset + 25),
          );
        }
      }

      // A band that misses the page is followed by the next, wider one: with no margin
      // (z = 0) each bound misses about half the time, and the band 4 σ wide read after it
      // finds the page.
      let missedFirst = 0;
      for (let offset = 0; offset < ROWS; offset += 997) {
        if ((await page(0, false, offset, [0])) === null) missedFirst++;
        const rows = await page(0, false, offset, [0, 4]);
        expect(rows?.map((r) => r.rowId)).toEqual(byValue(false).slice(offset, offset + 25));
      }
      expect(missedFirst).toBeGreaterThan(0);

      // A write changes the file: the next page draws a new sample, and shows the write.
      const reference = byValue(false);
      const moved = reference[0];
      try {
        await db.run('UPDATE rows_1 SET c0 = ? WHERE row_id = ?', [2000, moved]);
        const after = [
          ...reference.slice(1, firstMissing),
          moved,
          ...reference.slice(firstMissing),
        ];
        // Through `bands`, whose sample of the column was drawn before the write.
        const changed = await db.transaction(
          (tx) =>
            rankedPage(tx, {
              table: 'rows_1',
              cells: ['c0', 'c1'],
              position: 0,
              descending: false,
              offset: firstMissing - 10,
              limit: 25,
              rowCount: ROWS,
              bands,
              random,
            }),
          'DEFERRED',
        );
        expect(changed?.map((r) => r.rowId)).toEqual(
          after.slice(firstMissing - 10, firstMissing + 15),
        );
        expect(bands.sample('rows_1', 0)).not.toBe(kept);
      } finally {
        await db.run('UPDATE rows_1 SET c0 = ? WHERE row_id = ?', [value(moved), moved]);
      }
    } finally {
      await db.close();
    }
  });

  it('stops the build of a dataset that is deleted', async () => {
    const db = await Database.open(path, { create: false });
    await db.exec('PRAGMA busy_timeout = 5000');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = new SortIndexes(db, async (file) => {
      await gate;
      return Database.open(file, { create: false });
    });
    const datasets = new DatasetStore(db, gated);
    try {
      const rows: CellValue[][] = [];
      for (let i = 1; i <= SORT_INDEX_MIN_ROWS; i++) rows.push([value(i), group(i)]);
      const doomed = await store.datasets.create(
        {
          name: 'doomed',
          sourceName: 'doomed.csv',
          encoding: 'utf-8',
          delimiter: ',',
          columns: [
            { index: 0, name: 'value', type: 'numeric', role: 'input', profile: emptyProfile },
            { index: 1, name: 'group', type: 'categorical', role: 'input', profile: emptyProfile },
          ],
        },
        rowSource(rows),
      );
      await datasets.readRows(doomed.id, { offset: 0, limit: 5, orderBy: 'value' });
      const deleted = datasets.delete(doomed.id);
      open();
      await deleted;
      await gated.settled();
      expect(await indexes()).toEqual(['rows_1_sort_c0', 'rows_1_sort_c1']);
      await expect(datasets.get(doomed.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await gated.close();
      await db.close();
    }
  });

  it('sorts and filters like the same rows sorted and filtered in JavaScript', async () => {
    const all = Array.from({ length: ROWS }, (_, k) => ({
      id: k + 1,
      v: value(k + 1),
      g: group(k + 1),
    }));
    // Reference: missing last, ties by row id (descending: both reversed, missing last).
    const wanted = all
      .filter((r) => r.g !== 'g0' && r.v !== null && r.v >= 250)
      .sort((a, b) => b.v! - a.v! || b.id - a.id);
    const query = {
      orderBy: 'value',
      descending: true,
      filters: [
        { column: 'value', op: '>=' as const, value: 250 },
        { column: 'group', op: '!=' as const, value: 'g0' },
      ],
    };
    const first = await store.datasets.readRows(1, { ...query, offset: 0, limit: 50 });
    expect(first.total).toBe(wanted.length);
    expect(first.rows.map((r) => r.rowId)).toEqual(wanted.slice(0, 50).map((r) => r.id));
    const middle = await store.datasets.readRows(1, {
      ...query,
      offset: 7000,
      limit: 40,
      count: false,
    });
    expect(middle.total).toBeNull();
    expect(middle.rows.map((r) => r.rowId)).toEqual(wanted.slice(7000, 7040).map((r) => r.id));
    const ascending = all.slice().sort((a, b) => {
      if (a.v === null || b.v === null)
        return (a.v === null ? 1 : 0) - (b.v === null ? 1 : 0) || a.id - b.id;
      return a.v - b.v || a.id - b.id;
    });
    // Across the boundary where missing values begin (they sort last).
    const boundary = ascending.findIndex((r) => r.v === null);
    const across = await store.datasets.readRows(1, {
      orderBy: 'value',
      offset: boundary - 15,
      limit: 30,
    });
    expect(across.rows.map((r) => r.rowId)).toEqual(
      ascending.slice(boundary - 15, boundary + 15).map((r) => r.id),
    );
    // Sorted without filters: every row counts (taken from the import's count, no COUNT(*)).
    expect(across.total).toBe(all.length);
    expect(across.rows.map((r) => r.values[0] === null)).toEqual([
      ...Array<boolean>(15).fill(false),
      ...Array<boolean>(15).fill(true),
    ]);
  });

  it('cuts long text cells of a page and gives them whole on demand', async () => {
    const long = 'ab'.repeat(500_000); // 1 000 000 characters
    // A project of its own (the tests above delete a dataset through a bare connection).
    const notes = await ProjectStore.open(join(dirname(path), 'notes.mtlproj'), { create: true });
    try {
      const created = await notes.datasets.create(
        {
          name: 'notes',
          sourceName: 'notes.csv',
          encoding: 'utf-8',
          delimiter: ',',
          columns: [
            { index: 0, name: 'n', type: 'numeric', role: 'input', profile: emptyProfile },
            { index: 1, name: 'note', type: 'text', role: 'input', profile: emptyProfile },
          ],
        },
        rowSource([
          [123456, long],
          [2, '短文本'],
          [3, '😀😀😀😀'],
          [4, null],
          [5, 'abcd'],
        ]),
      );
      const page = await notes.datasets.readRows(created.id, {
        offset: 0,
        limit: 10,
        maxTextLength: 3,
      });
      // Expected by hand: text longer than 3 code points keeps its first 3 (an emoji is one
      // code point, two UTF-16 units, never split); numbers are never cut (123456 stays).
      expect(page.rows).toEqual([
        { rowId: 1, values: [123456, 'aba'], cut: [1] },
        { rowId: 2, values: [2, '短文本'] },
        { rowId: 3, values: [3, '😀😀😀'], cut: [1] },
        { rowId: 4, values: [4, null] },
        { rowId: 5, values: [5, 'abc'], cut: [1] },
      ]);
      // Sorted on the whole text, not on the cut one: cut to 2 characters, "abcd" and "abab…"
      // both read "ab" and would keep row-id order (1 before 5) in a sort on the cut value.
      const sorted = await notes.datasets.readRows(created.id, {
        offset: 0,
        limit: 2,
        orderBy: 'note',
        descending: true,
        maxTextLength: 2,
      });
      // Descending (missing last): 😀… > 短文本 > abcd > abab…; by hand from UTF-8 bytes
      // (F0 > E7 > 61).
      expect(sorted.rows).toEqual([
        { rowId: 3, values: [3, '😀😀'], cut: [1] },
        { rowId: 2, values: [2, '短文'], cut: [1] },
      ]);
      const tail = await notes.datasets.readRows(created.id, {
        offset: 2,
        limit: 3,
        orderBy: 'note',
        descending: true,
        maxTextLength: 2,
      });
      expect(tail.rows.map((r) => r.rowId)).toEqual([5, 1, 4]);
      expect(await notes.datasets.readCell(created.id, 1, 'note')).toBe(long);
      expect(await notes.datasets.readCell(created.id, 3, 'note')).toBe('😀😀😀😀');
      await expect(notes.datasets.readCell(created.id, 9, 'note')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(notes.datasets.readCell(created.id, 1, 'nope')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // Without maxTextLength, cells are whole.
      const whole = await notes.datasets.readRows(created.id, { offset: 0, limit: 1 });
      expect(whole.rows[0].values[1]).toBe(long);
      expect(whole.rows[0].cut).toBeUndefined();
    } finally {
      await notes.close();
    }
  });
});
