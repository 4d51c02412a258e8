/**
 * Rows labelled after a split was made join it by the split's seeded, stratified rule
 * without moving assigned rows: the pure rule (counts computed by hand with Hamilton's
 * largest-remainder method) and the service that applies it before training.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extendSplit } from '../../src/main/engine/split';
import { setLabels } from '../../src/main/services/labelEdits';
import { assignNewlyLabelledRows } from '../../src/main/services/labels';
import { ensureSplit } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { SplitName } from '../../src/shared/domain';
import { emptyProfile, makeTempDir } from '../store/helpers';

const F = { train: 0.7, validation: 0.15, test: 0.15 };

function count(names: SplitName[]): [number, number, number] {
  return [
    names.filter((s) => s === 'train').length,
    names.filter((s) => s === 'validation').length,
    names.filter((s) => s === 'test').length,
  ];
}

describe('extendSplit', () => {
  it('fills each stratum up to its share of the grown stratum', () => {
    // Stratum a: 7 train, 1 validation, 2 test assigned; 10 new rows → 20 rows, whose
    // shares are 14 / 3 / 3: the new rows go 7 / 2 / 1.
    // Stratum b: 0 / 2 / 0 assigned (validation already over its share); 3 new rows → 5,
    // shares 3.5 / 0.75 / 0.75 → 3 / 1 / 1; lacking 3 / 0 / 1 (4 > 3 new rows), shared in
    // proportion 3/4 and 1/4 of 3 = 2.25 / 0.75 → 2 / 0 / 1.
    // Stratum c: nothing assigned, 1 new row → shares 0.7 / 0.15 / 0.15 → train.
    const assigned = {
      strata: [...Array(10).fill('a'), 'b', 'b'],
      assignment: [
        ...Array<SplitName>(7).fill('train'),
        'validation',
        'test',
        'test',
        'validation',
        'validation',
      ] as SplitName[],
    };
    const newStrata = [...Array(10).fill('a'), 'b', 'b', 'b', 'c'];
    const result = extendSplit(assigned, newStrata, newStrata.length, F, 42);
    expect(count(result.slice(0, 10))).toEqual([7, 2, 1]);
    expect(count(result.slice(10, 13))).toEqual([2, 0, 1]);
    expect(result[13]).toBe('train');
  });

  it('treats missing labels as a stratum and works unstratified', () => {
    const result = extendSplit(
      { strata: [null, null], assignment: ['train', 'train'] },
      [null, null, null, null],
      4,
      F,
      1,
    );
    // 6 rows: shares 4.2 / 0.9 / 0.9 → 4 / 1 / 1; lacking 2 / 1 / 1.
    expect(count(result)).toEqual([2, 1, 1]);
    const plain = extendSplit({ strata: null, assignment: [] }, null, 20, F, 3);
    expect(count(plain)).toEqual([14, 3, 3]);
  });

  it('is deterministic for a seed, and the seed picks which new rows go where', () => {
    const strata = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'x' : 'y'));
    const a = extendSplit({ strata: [], assignment: [] }, strata, 40, F, 5);
    expect(extendSplit({ strata: [], assignment: [] }, strata, 40, F, 5)).toEqual(a);
    const b = extendSplit({ strata: [], assignment: [] }, strata, 40, F, 6);
    expect(b).not.toEqual(a);
    expect(count(b)).toEqual(count(a));
  });

  it('refuses mismatched inputs', () => {
    expect(() => extendSplit({ strata: ['a'], assignment: [] }, ['a'], 1, F, 1)).toThrow(
      /1 strata keys for 0 assigned/,
    );
    expect(() => extendSplit({ strata: null, assignment: [] }, ['a'], 1, F, 1)).toThrow(
      /both be stratified/,
    );
    expect(() =>
      extendSplit({ strata: null, assignment: [] }, null, 1, { ...F, test: 0.5 }, 1),
    ).toThrow(/sum to 1/);
  });
});

describe('labelled rows join the split before training', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let store: ProjectStore;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    store = await ProjectStore.open(join(dir, 'split.mtlproj'), { create: true });
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('a new split holds only labelled rows; rows labelled later join it, none moves', async () => {
    // 40 rows: x numeric, kind labelled a/b on rows 1–20, unlabelled on rows 21–40.
    const dataset = await store.datasets.create(
      {
        name: 'grow',
        sourceName: 'grow.csv',
        encoding: 'utf-8',
        delimiter: ',',
        columns: [
          { index: 0, name: 'x', type: 'numeric', role: 'input', profile: emptyProfile },
          { index: 1, name: 'kind', type: 'categorical', role: 'input', profile: emptyProfile },
        ],
      },
      (async function* () {
        for (let i = 1; i <= 40; i++) yield [i, i <= 20 ? (i % 2 ? 'a' : 'b') : null];
      })(),
    );
    await store.tasks.create({
      datasetId: dataset.id,
      name: 'kind',
      targetColumn: 'kind',
      classes: ['a', 'b'],
      kind: 'binary',
      weight: null,
    });
    const split = await ensureSplit(store, dataset.id, { seed: 9 });
    const before = await store.splits.assignment(split.id);
    expect(before.rowIds).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // 10 a + 10 b, each cut 7 / 1.5 / 1.5 → 7 / 2 / 1 or 7 / 1 / 2 (largest remainder, ties
    // by split order) — 14 train in all.
    expect(split.counts.train).toBe(14);

    await setLabels(
      store,
      dataset.id,
      Array.from({ length: 10 }, (_, i) => ({ rowId: 21 + i, task: 'kind', label: 'a' })),
      'user',
    );
    const grown = await assignNewlyLabelledRows(store, split.id);
    const after = await store.splits.assignment(split.id);
    expect(after.rowIds).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Every earlier row keeps its split.
    expect(after.assignment.slice(0, 20)).toEqual(before.assignment);
    // Stratum a grows from 10 to 20 rows: shares 14 / 3 / 3 are reached exactly.
    const stratumA = after.rowIds
      .map((id, i) => ({ id, s: after.assignment[i] }))
      .filter(({ id }) => id > 20 || id % 2 === 1)
      .map(({ s }) => s);
    expect(count(stratumA)).toEqual([14, 3, 3]);
    expect(grown.counts.train + grown.counts.validation + grown.counts.test).toBe(30);
    // Nothing new: nothing changes.
    expect(await assignNewlyLabelledRows(store, split.id)).toEqual(grown);
  });

  it('two runs starting together on one split assign each new row once (no SPLIT_INVALID)', async () => {
    // Two trainings (e.g. a run and Auto, or two folds' jobs) read the split's assignment
    // before either writes: both saw rows 21–30 as new. Before the fix the second insert
    // failed with "Row 21 is already in split …".
    const dataset = await store.datasets.create(
      {
        name: 'race',
        sourceName: 'race.csv',
        encoding: 'utf-8',
        delimiter: ',',
        columns: [
          { index: 0, name: 'x', type: 'numeric', role: 'input', profile: emptyProfile },
          { index: 1, name: 'kind', type: 'categorical', role: 'input', profile: emptyProfile },
        ],
      },
      (async function* () {
        for (let i = 1; i <= 40; i++) yield [i, i <= 20 ? (i % 2 ? 'a' : 'b') : null];
      })(),
    );
    await store.tasks.create({
      datasetId: dataset.id,
      name: 'kind',
      targetColumn: 'kind',
      classes: ['a', 'b'],
      kind: 'binary',
      weight: null,
    });
    const split = await ensureSplit(store, dataset.id, { seed: 9 });
    await setLabels(
      store,
      dataset.id,
      Array.from({ length: 10 }, (_, i) => ({ rowId: 21 + i, task: 'kind', label: 'b' })),
      'user',
    );
    const [first, second] = await Promise.all([
      assignNewlyLabelledRows(store, split.id),
      assignNewlyLabelledRows(store, split.id),
    ]);
    const after = await store.splits.assignment(split.id);
    // 20 labelled rows before + 10 new, each once.
    expect(after.rowIds).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(first.counts).toEqual(second.counts);
    expect(second.counts.train + second.counts.validation + second.counts.test).toBe(30);
    // Stratum b grows from 10 to 20 rows: shares 14 / 3 / 3, as a single call would give.
    const stratumB = after.rowIds
      .map((id, i) => ({ id, s: after.assignment[i] }))
      .filter(({ id }) => id > 20 || id % 2 === 0)
      .map(({ s }) => s);
    expect(count(stratumB)).toEqual([14, 3, 3]);
  });
});
