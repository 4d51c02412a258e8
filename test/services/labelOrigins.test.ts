/**
 * Undo and redo per studio tab, through dispatch over the real handlers: each tab sends its
 * `origin` with labels.set / undo / redo / import / overview and takes back only its own
 * batches — a new user saw tab B's Ctrl+Z undo tab A's row, and a terminal import undone by
 * a Ctrl+Z in the Label view. The dataset is written here (rows 1…6, colour red / blue
 * alternating, row 1 red), so every expected label is counted by hand.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { importLabels } from '../../src/main/services/labelFiles';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

let dir: string;
let session: StudioSession;
let call: DispatchSession['call'];
let datasetId: number;
const A = 'tab-3f1c';
const B = 'tab-9a0e';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-label-origins-'));
  ({ session, call } = dispatchSession(join(dir, 'state')));
  await call('projects.create', { path: join(dir, 'colours') });
  const csv = join(dir, 'colours.csv');
  const rows = Array.from({ length: 6 }, (_, i) => `${i + 1},${i % 2 ? 'blue' : 'red'}`);
  await writeFile(csv, ['size,colour', ...rows].join('\n'));
  datasetId = (await call('datasets.import', { importId: 'c1', path: csv, name: 'colours' })).id;
  await call('tasks.define', { datasetId, tasks: [{ column: 'colour' }] });
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The colour of rows 1…6. */
async function colours(): Promise<(string | null)[]> {
  const items = await call('labels.items', { datasetId, rowIds: [1, 2, 3, 4, 5, 6] });
  return items.map((i) => i.labels.colour);
}

/** One label set by a tab. */
function set(rowId: number, label: string, origin: string) {
  return call('labels.set', {
    datasetId,
    changes: [{ rowId, task: 'colour', label }],
    source: 'user',
    origin,
  });
}

describe('labels undo and redo per tab', () => {
  it('A, B, A, A, A: A’s undo takes its row 5; B’s then its own row 2, not A’s row 4', async () => {
    await set(1, 'blue', A);
    await set(2, 'red', B);
    await set(3, 'blue', A);
    await set(4, 'red', A);
    const last = await set(5, 'blue', A);
    // Each answer carries its tab's own stacks: A has 4 edits, B 1.
    expect([last.undo, last.redo]).toEqual([4, 0]);
    expect(await colours()).toEqual(['blue', 'red', 'blue', 'red', 'blue', 'blue']);

    const undoneA = await call('labels.undo', { datasetId, origin: A });
    expect(undoneA.changes).toEqual([
      { rowId: 5, task: 'colour', oldLabel: 'blue', newLabel: 'red' },
    ]);
    expect([undoneA.undo, undoneA.redo]).toEqual([3, 1]);
    const undoneB = await call('labels.undo', { datasetId, origin: B });
    expect(undoneB.changes).toEqual([
      { rowId: 2, task: 'colour', oldLabel: 'red', newLabel: 'blue' },
    ]);
    expect(undoneB.skipped).toEqual([]);
    expect([undoneB.undo, undoneB.redo]).toEqual([0, 1]);
    expect(await colours()).toEqual(['blue', 'blue', 'blue', 'red', 'red', 'blue']);
    // The overview's stacks are the asking tab's (buttons enabled per tab).
    const overviewA = await call('labels.overview', { datasetId, origin: A });
    const overviewB = await call('labels.overview', { datasetId, origin: B });
    expect([overviewA.undo, overviewA.redo]).toEqual([3, 1]);
    expect([overviewB.undo, overviewB.redo]).toEqual([0, 1]);
    // B has nothing more to undo, though A has.
    expect((await call('labels.undo', { datasetId, origin: B })).batch).toBeNull();
  });

  it('a CLI import is never undone by a tab; a tab’s own import is', async () => {
    const file = join(dir, 'cli.csv');
    await writeFile(file, 'row_id,colour\n6,red\n');
    // As `mtl-studio labels import` calls it: no origin.
    const cli = await importLabels(session.requireStore(), datasetId, file, { overwrite: true });
    expect(cli.applied).toBe(1);
    const tab = 'tab-c';
    expect((await call('labels.undo', { datasetId, origin: tab })).batch).toBeNull();
    expect((await colours())[5]).toBe('red');

    const own = join(dir, 'own.csv');
    await writeFile(own, 'row_id,colour\n3,red\n');
    const imported = await call('labels.import', {
      datasetId,
      path: own,
      overwrite: true,
      origin: tab,
    });
    const undone = await call('labels.undo', { datasetId, origin: tab });
    expect(undone.reverts).toBe(imported.batch);
    // Row 3 back to A's blue; row 6 keeps the CLI's red.
    expect(await colours()).toEqual(['blue', 'blue', 'blue', 'red', 'red', 'red']);
  });

  it('a cell another tab changed after the edit is kept and named in `skipped`', async () => {
    const a = await call('labels.set', {
      datasetId,
      changes: [
        { rowId: 1, task: 'colour', label: 'red' },
        { rowId: 2, task: 'colour', label: 'red' },
      ],
      source: 'user',
      origin: A,
    });
    // B makes row 2 a new class, green (a value A's undo, back to blue, would overwrite).
    await call('labels.set', {
      datasetId,
      changes: [{ rowId: 2, task: 'colour', label: 'green' }],
      source: 'user',
      newClasses: [{ task: 'colour', className: 'green' }],
      origin: B,
    });
    const undone = await call('labels.undo', { datasetId, origin: A });
    expect(undone.reverts).toBe(a.batch);
    expect(undone.changes).toEqual([
      { rowId: 1, task: 'colour', oldLabel: 'red', newLabel: 'blue' },
    ]);
    expect(undone.skipped).toEqual([{ rowId: 2, task: 'colour' }]);
    // Row 1 back to blue; row 2 keeps B's green, not written over by A's undo.
    expect((await colours()).slice(0, 2)).toEqual(['blue', 'green']);
    // A's redo: row 1 red again, row 2 kept again.
    const redone = await call('labels.redo', { datasetId, origin: A });
    expect(redone.changes.map((c) => [c.rowId, c.newLabel])).toEqual([[1, 'red']]);
    expect(redone.skipped).toEqual([{ rowId: 2, task: 'colour' }]);
    expect((await colours()).slice(0, 2)).toEqual(['red', 'green']);
  });
});
