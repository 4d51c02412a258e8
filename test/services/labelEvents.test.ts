/**
 * Every label action told to every page, through dispatch over the real handlers: a new user
 * added a class in the Label view and another tab (its Label view, the Tasks view) never
 * learnt of it until a reload — `labels.addClass` sent no event, nor did the Undo that took
 * the class back (a batch of classes only changes no cell). Each action now sends one
 * `labels.changed` (origin 'studio') naming its batch, the cells it changed and the classes
 * it added or removed — with what its answer says (changes, touched tasks, Recent edits; not
 * the stacks, which are each tab's own and in its answers only), so another tab applies it
 * without a read; `datasets.changed` (the Data view
 * takes the column's profile, carried in the event) only when cells changed.
 *
 * The dataset is written here: 6 rows, `colour` red / blue alternating (row 1 red), so the
 * expected batches, cell counts and classes are counted by hand.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/shared/contract';
import type { StudioSession } from '../../src/main/services/session';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

let dir: string;
let session: StudioSession;
let events: DispatchSession['events'];
let call: DispatchSession['call'];
let datasetId: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-label-events-'));
  ({ session, events, call } = dispatchSession(join(dir, 'state')));
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

/** The events sent since the last call, emptying the list. */
function taken(): { channel: string; payload: unknown }[] {
  return events.splice(0);
}

/** The `labels.changed` events sent since the last call (other events dropped). */
function labelEvents(): EventOf<'labels.changed'>[] {
  return taken()
    .filter((e) => e.channel === 'labels.changed')
    .map((e) => e.payload as EventOf<'labels.changed'>);
}

describe('labels.changed', () => {
  it('a class added on its own is told, with the class, and its Undo and Redo too', async () => {
    taken();
    const added = await call('labels.addClass', { datasetId, task: 'colour', className: 'green' });
    expect(added.batch).not.toBeNull();
    const heard = taken();
    // No cell changed: no datasets.changed (the Data view has nothing to reread).
    expect(heard.map((e) => e.channel)).toEqual(['labels.changed']);
    // What the answer says, so another tab applies it without a read: no cell; the task with
    // its classes (blue, red sorted at definition, then green); no run yet; one batch to undo.
    expect(heard[0].payload).toEqual({
      datasetId,
      batches: [{ kind: 'addClass', batch: added.batch, reverts: null, cells: 0 }],
      origin: 'studio',
      changes: [],
      classChanges: [{ task: 'colour', className: 'green', change: 'added' }],
      tasks: [{ task: 'colour', classes: ['blue', 'red', 'green'], lastRun: null }],
      recent: [],
    });
    // The stacks are the asking tab's, in its answer (no origin here: the stacks of no tab).
    expect([added.undo, added.redo]).toEqual([1, 0]);
    expect(added.tasks.map((t) => t.classes)).toEqual([['blue', 'red', 'green']]);

    const undone = await call('labels.undo', { datasetId });
    expect(labelEvents()).toEqual([
      {
        datasetId,
        batches: [{ kind: 'undo', batch: undone.batch, reverts: added.batch, cells: 0 }],
        origin: 'studio',
        changes: [],
        classChanges: [{ task: 'colour', className: 'green', change: 'removed' }],
        tasks: [{ task: 'colour', classes: ['blue', 'red'], lastRun: null }],
        recent: [],
      },
    ]);
    expect([undone.undo, undone.redo]).toEqual([0, 1]);
    const redone = await call('labels.redo', { datasetId });
    expect(labelEvents()).toEqual([
      expect.objectContaining({
        batches: [{ kind: 'redo', batch: redone.batch, reverts: added.batch, cells: 0 }],
        classChanges: [{ task: 'colour', className: 'green', change: 'added' }],
      }),
    ]);
    expect([redone.undo, redone.redo]).toEqual([1, 0]);
  });

  it('an edit is told with its cells, and the Data view is told to reread', async () => {
    taken();
    // Rows 1 and 3 are red: both green, one batch of 2 cells.
    const set = await call('labels.set', {
      datasetId,
      changes: [
        { rowId: 1, task: 'colour', label: 'green' },
        { rowId: 3, task: 'colour', label: 'green' },
      ],
      source: 'user',
    });
    const heard = taken();
    expect(heard.map((e) => e.channel)).toEqual(['labels.changed', 'datasets.changed']);
    // Each cell with its batch, so another tab moves its counts (red −2, green +2) and the
    // items it shows from the event; the class redone above and this edit are on the stack.
    expect(heard[0].payload).toEqual({
      datasetId,
      batches: [{ kind: 'set', batch: set.batch, reverts: null, cells: 2 }],
      origin: 'studio',
      changes: [
        { rowId: 1, task: 'colour', oldLabel: 'red', newLabel: 'green', batch: set.batch },
        { rowId: 3, task: 'colour', oldLabel: 'red', newLabel: 'green', batch: set.batch },
      ],
      classChanges: [],
      tasks: [{ task: 'colour', classes: ['blue', 'red', 'green'], lastRun: null }],
      recent: set.recent,
    });
    expect([set.undo, set.redo]).toEqual([2, 0]);
    // The Data view takes the dataset from its event: the one a read now answers.
    const told = heard[1].payload as EventOf<'datasets.changed'>;
    expect(told.dataset).toEqual(await call('datasets.get', { datasetId }));
    // The result carries the task's counts' inputs and Recent edits: newest first.
    expect(set.tasks.map((t) => t.task)).toEqual(['colour']);
    expect(set.recent.slice(0, 2).map((e) => [e.rowId, e.oldLabel, e.newLabel])).toEqual([
      [3, 'red', 'green'],
      [1, 'red', 'green'],
    ]);
  });

  it('a label the same as before writes no batch and tells nothing', async () => {
    taken();
    const same = await call('labels.set', {
      datasetId,
      changes: [{ rowId: 2, task: 'colour', label: 'blue' }],
      source: 'user',
    });
    expect(same.batch).toBeNull();
    expect(taken()).toEqual([]);
  });

  it('an import adding a class is told with the class', async () => {
    const file = join(dir, 'purple.csv');
    await writeFile(file, 'row_id,colour\n2,purple\n');
    taken();
    const done = await call('labels.import', {
      datasetId,
      path: file,
      overwrite: true,
      addClasses: true,
    });
    // An import is not read back for its answer: the pages read again (changes null).
    expect(labelEvents()).toEqual([
      {
        datasetId,
        batches: [{ kind: 'import', batch: done.batch, reverts: null, cells: 1 }],
        origin: 'studio',
        changes: null,
        classChanges: [{ task: 'colour', className: 'purple', change: 'added' }],
        tasks: null,
        recent: null,
      },
    ]);
  });
});
