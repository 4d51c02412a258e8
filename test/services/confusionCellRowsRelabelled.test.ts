/**
 * The rows behind a cell of a run's test confusion matrix (compare.confusionRows) after
 * labels changed since the run was tested: each row is still listed by the label it was
 * tested on, and a relabelled one carries its label now (`currentLabel`), so Compare can
 * mark it ("relabelled: now Gentoo"); and the listing pages (`offset`, `limit`). Right
 * values are set by hand here: the test itself writes Gentoo to one listed row, changes a
 * second and changes it back (no marker: it holds what it was tested on), and clears a
 * third (null: unlabelled now); a page is the full listing's slice at the same positions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionCellRows } from '../../src/main/services/confusionRows';
import { trainRun } from '../../src/main/services/training';
import type { ProjectStore } from '../../src/main/store/projectStore';
import { penguinsProject } from './helpers';

let store: ProjectStore;
let datasetId: number;
let runId: number;
let cleanup: () => Promise<void>;
/** Adelie tested and predicted as Adelie: 8 rows after 3 epochs (checked below). */
const CELL = { task: 'species', trueClass: 0, predictedClass: 0 } as const;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('cellrelabel'));
  const run = await trainRun(
    store,
    {
      datasetId,
      config: { epochs: 3, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 2 },
    },
    { mode: 'in-process' },
  );
  runId = run.id;
});
afterAll(() => cleanup());

describe('a run’s confusion cell after relabelling', () => {
  it('pages through the rows, each page the full listing’s slice', async () => {
    const all = await confusionCellRows(store, { runId, ...CELL, limit: 1000 });
    // The count the engine stored with the run when scoring it, not the listing's own.
    const run = await store.training.getRun(runId);
    expect(all.total).toBe(run.results!.species.confusion[0][0]);
    expect(all.total).toBeGreaterThan(6);
    expect(all.offset).toBe(0);
    expect(all.rows).toHaveLength(all.total);
    const page = await confusionCellRows(store, { runId, ...CELL, offset: 3, limit: 3 });
    expect(page.offset).toBe(3);
    expect(page.total).toBe(all.total);
    expect(page.rows.map((r) => r.rowId)).toEqual(all.rows.slice(3, 6).map((r) => r.rowId));
    // Past the end: no row, the total still told.
    const past = await confusionCellRows(store, { runId, ...CELL, offset: all.total, limit: 5 });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(all.total);
    // Nothing was relabelled yet: no row is marked.
    expect(all.rows.filter((r) => 'currentLabel' in r)).toEqual([]);
  });

  it('keeps each row under its tested label and gives a relabelled row its label now', async () => {
    const before = await confusionCellRows(store, { runId, ...CELL, limit: 1000 });
    const [a, b, c] = before.rows.map((r) => r.rowId);
    const write = (rowId: number, value: string | null) =>
      store.labels.write(datasetId, [{ rowId, task: 'species', value }], 'user', []);
    await write(a, 'Gentoo');
    await write(b, 'Chinstrap');
    await write(b, 'Adelie'); // changed back: what it was tested on
    await write(c, null);
    const after = await confusionCellRows(store, { runId, ...CELL, limit: 1000 });
    expect(after.total).toBe(before.total);
    expect(after.rows.map((r) => r.rowId)).toEqual(before.rows.map((r) => r.rowId));
    const marked = after.rows
      .filter((r) => r.currentLabel !== undefined)
      .map((r) => [r.rowId, r.currentLabel]);
    expect(marked).toEqual([
      [a, 'Gentoo'],
      [c, null],
    ]);
    // The listed cells are today's: row a's species reads Gentoo, as its marker says.
    const species = after.columns.indexOf('species');
    expect(after.rows[0].values[species]).toBe('Gentoo');
    // A page carries the marker too.
    const first = await confusionCellRows(store, { runId, ...CELL, offset: 0, limit: 1 });
    expect(first.rows).toMatchObject([{ rowId: a, currentLabel: 'Gentoo' }]);
  });
});
