/**
 * Writes to the open project by another program (`mtl-studio labels import` in a terminal:
 * a second SQLite connection to the same file) reach every page: the session polls
 * `PRAGMA data_version` and sends one `projects.changedElsewhere` per check that found
 * such writes (the page reloads its lists on it), then one `labels.changed` (origin
 * 'elsewhere') per dataset they wrote label batches to, carrying every batch and change; its own writes send nothing of the kind,
 * a sort index it builds on its own second connection neither, and a closed project is no
 * longer watched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventChannel, EventOf } from '../../src/shared/contract';
import { importCsv } from '../../src/main/data';
import { addClass, setLabels, undoLabels } from '../../src/main/services/labelEdits';
import { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import { ProjectStore, type CellValue } from '../../src/main/store/projectStore';
import { DatasetStore, SORT_INDEX_MIN_ROWS } from '../../src/main/store/datasets';
import { SortIndexes } from '../../src/main/store/sortIndexes';
import { emptyProfile, rowSource } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
/** A short poll, so a test waits a few of them, not seconds. */
const POLL_MS = 20;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-external-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Heard = { channel: EventChannel; payload: unknown };

/** A session polling every {@link POLL_MS} and the events it sent. */
function watchedSession(name: string) {
  const session = new StudioSession({
    stateDir: join(dir, `${name}-state`),
    trainingMode: 'in-process',
    externalChangePollMs: POLL_MS,
  });
  const events: Heard[] = [];
  session.onEvent((channel, payload) => events.push({ channel, payload }));
  const seen = <E extends EventChannel>(channel: E) =>
    events.filter((e) => e.channel === channel).map((e) => e.payload as EventOf<E>);
  return { session, events, seen };
}

/** A session that checks the file only when the test calls check(), and the channels it sent. */
function manualSession(name: string) {
  const session = new StudioSession({
    stateDir: join(dir, `${name}-state`),
    externalChangePollMs: null,
  });
  const heard: EventChannel[] = [];
  session.onEvent((channel) => heard.push(channel));
  return { session, heard };
}

/** Waits until `done()` holds, checking every few ms; fails after `ms`. */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates `file` with one dataset just large enough for a sort index (store/sortIndexes.ts:
 * {@link SORT_INDEX_MIN_ROWS} rows, one numeric column) and closes it; resolves to its id.
 */
async function bigProject(file: string): Promise<number> {
  const maker = await ProjectStore.open(file, { create: true });
  const rows: CellValue[][] = [];
  for (let i = 1; i <= SORT_INDEX_MIN_ROWS; i++) rows.push([(i * 7919) % 1000]);
  const big = await maker.datasets.create(
    {
      name: 'big',
      sourceName: 'big.csv',
      encoding: 'utf-8',
      delimiter: ',',
      columns: [{ index: 0, name: 'value', type: 'numeric', role: 'input', profile: emptyProfile }],
    },
    rowSource(rows),
  );
  await maker.close();
  return big.id;
}

describe('writes by another connection', () => {
  it('send one projects.changedElsewhere each; own writes do not', async () => {
    const { session, events, seen } = watchedSession('labels');
    const file = join(dir, 'labels.mtlproj');
    await session.createProject(file);
    const own = session.requireStore();
    const penguins = await importCsv(own, PENGUINS, { name: 'penguins' });
    await own.tasks.create({
      datasetId: penguins.id,
      name: 'species',
      targetColumn: 'species',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
      kind: 'multiclass',
      weight: null,
    });
    // The session's own writes (import, task, a label) leave data_version as it is.
    await own.labels.write(penguins.id, [{ rowId: 2, task: 'species', value: 'Gentoo' }], 'user');
    await pause(POLL_MS * 6);
    expect(seen('projects.changedElsewhere')).toEqual([]);
    events.length = 0;

    // The CLI: a second connection writes a label (row 1 of penguins.csv is an Adelie).
    const cli = await ProjectStore.open(file);
    await cli.labels.write(
      penguins.id,
      [{ rowId: 1, task: 'species', value: 'Chinstrap' }],
      'import',
    );
    await until(() => seen('projects.changedElsewhere').length === 1);
    expect(seen('projects.changedElsewhere')[0]).toMatchObject({
      project: { path: file, datasets: 1 },
    });
    // One event, nothing per dataset (the page reloads its lists on it), and the label batch
    // it wrote (the Label view follows it).
    expect(events.map((e) => e.channel)).toEqual(['projects.changedElsewhere', 'labels.changed']);
    expect(seen('labels.changed')[0]).toMatchObject({
      datasetId: penguins.id,
      origin: 'elsewhere',
      batches: [expect.objectContaining({ kind: 'import', cells: 1 })],
    });
    // What the page rereads now shows the label the CLI wrote.
    const cell = await own.datasets.readCell(penguins.id, 1, 'species');
    expect(cell).toBe('Chinstrap');

    // Nothing more while the file stays as it is (one set of events per change).
    await pause(POLL_MS * 6);
    expect(seen('projects.changedElsewhere')).toHaveLength(1);

    // A dataset added, then the first deleted, by the other connection.
    events.length = 0;
    const added = await importCsv(cli, PENGUINS, { name: 'penguins 2' });
    await until(() => seen('projects.changedElsewhere').length === 1);
    expect(seen('projects.changedElsewhere')[0].project.datasets).toBe(2);
    events.length = 0;
    await cli.datasets.delete(penguins.id);
    await until(() => seen('projects.changedElsewhere').length === 1);
    expect(seen('projects.changedElsewhere')[0].project.datasets).toBe(1);
    expect(seen('datasets.changed')).toEqual([]);

    // Closed: no longer watched.
    await session.closeProject();
    events.length = 0;
    await cli.datasets.rename(added.id, 'renamed');
    await pause(POLL_MS * 6);
    expect(events).toEqual([]);
    await cli.close();
    await session.dispose();
  });

  it('coalesces the commits made between two checks into one set of events', async () => {
    const file = join(dir, 'burst.mtlproj');
    await (await ProjectStore.open(file, { create: true })).close();
    // No timer: the test calls each check itself, so all commits fall between two checks.
    const { session, heard } = manualSession('burst');
    await session.openProject(file);
    await session.externalChanges!.check(); // the baseline (already in flight since open)
    heard.length = 0;
    const cli = await ProjectStore.open(file);
    const a = await importCsv(cli, PENGUINS, { name: 'a' });
    for (const name of ['b', 'c', 'd']) await cli.datasets.rename(a.id, name);
    await session.externalChanges!.check();
    await session.externalChanges!.check(); // nothing new since
    // Four commits (import, three renames) → one changedElsewhere.
    expect(heard).toEqual(['projects.changedElsewhere']);
    await cli.close();
    await session.dispose();
  });

  it('tells each label batch another program wrote, of its kind, and none of its own', async () => {
    const file = join(dir, 'label-batches.mtlproj');
    const { session, heard } = manualSession('label-batches');
    const payloads: { channel: EventChannel; payload: unknown }[] = [];
    session.onEvent((channel, payload) => payloads.push({ channel, payload }));
    await session.createProject(file);
    const own = session.requireStore();
    const penguins = await importCsv(own, PENGUINS, { name: 'penguins' });
    await defineTasks(own, penguins.id, [{ column: 'species' }]);
    await session.externalChanges!.check(); // the baseline
    heard.length = 0;
    // Labels written by the session itself before any other program wrote.
    const before = await setLabels(
      own,
      penguins.id,
      [{ rowId: 3, task: 'species', label: 'Gentoo' }],
      'user',
    );
    await session.externalChanges!.check();
    expect(heard).toEqual([]);

    // The CLI's connection: an edit, an import, a class on its own and that class's undo;
    // the session writes one label in between (its own batch, told when written, not here).
    const cli = await ProjectStore.open(file);
    const set = await setLabels(
      cli,
      penguins.id,
      [{ rowId: 1, task: 'species', label: 'Chinstrap' }],
      'user',
    );
    const mine = await setLabels(
      own,
      penguins.id,
      [{ rowId: 4, task: 'species', label: 'Gentoo' }],
      'user',
    );
    const imported = await cli.labels.write(
      penguins.id,
      [{ rowId: 2, task: 'species', value: 'Gentoo' }],
      'import',
    );
    const added = await addClass(cli, penguins.id, 'species', 'Emperor');
    const undone = await undoLabels(cli, penguins.id);
    heard.length = 0;
    payloads.length = 0;
    await session.externalChanges!.check();
    await session.externalChanges!.check(); // nothing new since
    // One event for the dataset, not one per batch.
    expect(heard).toEqual(['projects.changedElsewhere', 'labels.changed']);
    const told = payloads.filter((p) => p.channel === 'labels.changed').map((p) => p.payload);
    // By hand: rows 1 and 2 of penguins.csv are Adelie; Emperor was added then undone (no net
    // class change); the stack holds the edits before, set, mine, imported (the class's undo
    // moved it to redo); Recent edits newest first, batch markers left out: rows 2, 4, 1, 3.
    expect(told).toEqual([
      {
        datasetId: penguins.id,
        origin: 'elsewhere',
        batches: [
          { kind: 'set', batch: set.batch, reverts: null, cells: 1 },
          { kind: 'import', batch: imported.batch, reverts: null, cells: 1 },
          { kind: 'addClass', batch: added.batch, reverts: null, cells: 0 },
          { kind: 'undo', batch: undone.batch, reverts: added.batch, cells: 0 },
        ],
        changes: [
          {
            rowId: 1,
            task: 'species',
            oldLabel: 'Adelie',
            newLabel: 'Chinstrap',
            batch: set.batch,
          },
          {
            rowId: 2,
            task: 'species',
            oldLabel: 'Adelie',
            newLabel: 'Gentoo',
            batch: imported.batch,
          },
        ],
        classChanges: [],
        tasks: [{ task: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo'], lastRun: null }],
        recent: expect.any(Array),
      },
    ]);
    const recent = (told[0] as EventOf<'labels.changed'>).recent!;
    expect(recent.map((e) => e.rowId)).toEqual([2, 4, 1, 3]);
    // The session's two batches were its own: neither was told as written elsewhere.
    const toldBatches = (told[0] as EventOf<'labels.changed'>).batches.map((b) => b.batch);
    expect(toldBatches).not.toContain(before.batch);
    expect(toldBatches).not.toContain(mine.batch);
    await cli.close();
    await session.dispose();
  });

  it('a burst of label batches is one event carrying every change and the classes added', async () => {
    const file = join(dir, 'label-burst.mtlproj');
    const { session, heard } = manualSession('label-burst');
    const payloads: { channel: EventChannel; payload: unknown }[] = [];
    session.onEvent((channel, payload) => payloads.push({ channel, payload }));
    await session.createProject(file);
    const own = session.requireStore();
    const penguins = await importCsv(own, PENGUINS, { name: 'penguins' });
    await defineTasks(own, penguins.id, [{ column: 'species' }]);
    await session.externalChanges!.check(); // the baseline
    const cli = await ProjectStore.open(file);
    // The CLI writes 30 batches (rows 1–30, all Adelie in penguins.csv, each to Gentoo), row 1
    // again to Chinstrap, and row 31 (Adelie) to a class it creates, Emperor: 32 batches.
    const batches: number[] = [];
    for (let row = 1; row <= 30; row++) {
      const r = await setLabels(
        cli,
        penguins.id,
        [{ rowId: row, task: 'species', label: 'Gentoo' }],
        'user',
      );
      batches.push(r.batch!);
    }
    const again = await setLabels(
      cli,
      penguins.id,
      [{ rowId: 1, task: 'species', label: 'Chinstrap' }],
      'user',
    );
    const emperor = await setLabels(
      cli,
      penguins.id,
      [{ rowId: 31, task: 'species', label: 'Emperor' }],
      'user',
      undefined,
      [{ task: 'species', className: 'Emperor' }],
    );
    heard.length = 0;
    payloads.length = 0;
    await session.externalChanges!.check();
    expect(heard).toEqual(['projects.changedElsewhere', 'labels.changed']);
    const event = payloads[1].payload as EventOf<'labels.changed'>;
    expect(event.batches.map((b) => b.batch)).toEqual([...batches, again.batch, emperor.batch]);
    expect(event.changes).toHaveLength(32);
    // Counts moved by the changes, summed by hand: Adelie −31 (rows 1–31), Gentoo +30 − 1
    // (row 1 moved on), Chinstrap +1, Emperor +1.
    const moved = new Map<string, number>();
    for (const c of event.changes!) {
      if (c.oldLabel) moved.set(c.oldLabel, (moved.get(c.oldLabel) ?? 0) - 1);
      if (c.newLabel) moved.set(c.newLabel, (moved.get(c.newLabel) ?? 0) + 1);
    }
    expect(Object.fromEntries(moved)).toEqual({
      Adelie: -31,
      Gentoo: 29,
      Chinstrap: 1,
      Emperor: 1,
    });
    expect(event.classChanges).toEqual([
      { task: 'species', className: 'Emperor', change: 'added' },
    ]);
    expect(event.tasks).toEqual([
      { task: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo', 'Emperor'], lastRun: null },
    ]);
    // No stacks in the event: each tab's are its own, and the CLI's batches are on none of them.
    expect(event).not.toHaveProperty('stacks');
    expect(await cli.labels.stackDepth(penguins.id)).toEqual({ undo: 32, redo: 0 });

    // Its undo, in the next check: Emperor goes again (no row holds it once row 31 is back).
    const undone = await undoLabels(cli, penguins.id);
    payloads.length = 0;
    await session.externalChanges!.check();
    const next = payloads.find((p) => p.channel === 'labels.changed')!
      .payload as EventOf<'labels.changed'>;
    expect(next.batches).toEqual([
      { kind: 'undo', batch: undone.batch, reverts: emperor.batch, cells: 1 },
    ]);
    expect(next.changes).toEqual([
      { rowId: 31, task: 'species', oldLabel: 'Emperor', newLabel: 'Adelie', batch: undone.batch },
    ]);
    expect(next.classChanges).toEqual([
      { task: 'species', className: 'Emperor', change: 'removed' },
    ]);
    expect(await cli.labels.stackDepth(penguins.id)).toEqual({ undo: 31, redo: 1 });
    await cli.close();
    await session.dispose();
  });

  it('a check of project A still running when project B opens emits nothing for A', async () => {
    const fileA = join(dir, 'race-a.mtlproj');
    const fileB = join(dir, 'race-b.mtlproj');
    for (const file of [fileA, fileB]) {
      await (await ProjectStore.open(file, { create: true })).close();
    }
    const { session, heard } = manualSession('race');
    await session.openProject(fileA);
    const watchA = session.externalChanges!;
    await watchA.check(); // the baseline
    const cli = await ProjectStore.open(fileA);
    await importCsv(cli, PENGUINS, { name: 'a' });
    // Holds A's check inside its read of the file's version until B is open.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // The version as A's check would read it (moved by the import), answered only after B
    // opened (A's store is closed by then: a real read would fail and hide whether the
    // check knows it ended).
    const version = await watchA.store.outsideVersion();
    vi.spyOn(watchA.store, 'outsideVersion').mockImplementation(async () => {
      await held;
      return version;
    });
    const checkA = watchA.check();
    await session.openProject(fileB);
    heard.length = 0;
    release();
    await checkA;
    expect(heard).toEqual([]);
    expect(session.externalChanges).not.toBe(watchA);
    await cli.close();
    await session.dispose();
  });

  it('a sort index the session builds on its second connection is no outside write', async () => {
    const file = join(dir, 'index.mtlproj');
    const bigId = await bigProject(file);
    const { session, heard } = manualSession('index');
    await session.openProject(file);
    const watch = session.externalChanges!;
    await watch.check(); // the baseline
    heard.length = 0;
    const store = session.requireStore();
    // An observer connection: it sees the file's indexes, and its data_version moves when
    // any other connection (the session's builder included) commits.
    const observer = await Database.open(file, { create: false });
    const indexNames = async () =>
      (
        await observer.all<{ name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'rows_%'",
        )
      ).map((r) => r.name);
    const observed = async () =>
      (await observer.get<{ data_version: number }>('PRAGMA data_version'))!.data_version;
    expect(await indexNames()).toEqual([]);
    const before = await observed();
    // The first sort on the column: its index is built in the background and committed by
    // the store's second connection.
    await store.datasets.readRows(bigId, { offset: 0, limit: 3, orderBy: 'value' });
    await store.datasets.sortIndexesSettled();
    expect(await indexNames()).toEqual([`rows_${bigId}_sort_c0`]);
    expect(await observed()).not.toBe(before);
    await observer.close();
    await watch.check();
    expect(heard).toEqual([]);
    // A write by another program after it is still heard, once.
    const cli = await ProjectStore.open(file);
    await cli.datasets.rename(bigId, 'renamed');
    await watch.check();
    await watch.check();
    expect(heard).toEqual(['projects.changedElsewhere']);
    await cli.close();
    await session.dispose();
  });

  it('a sort index build another program committed next to counts as an outside write', async () => {
    const file = join(dir, 'near.mtlproj');
    const bigId = await bigProject(file);
    const db = await Database.open(file, { create: false });
    await db.exec('PRAGMA busy_timeout = 5000');
    const cli = await Database.open(file, { create: false });
    // The builder connection: just before it takes the write lock, another program
    // commits (a label-like write: a row of the dataset changed).
    const indexes = new SortIndexes(db, async (path) => {
      const conn = await Database.open(path, { create: false });
      const exec = conn.exec.bind(conn);
      conn.exec = async (sql: string) => {
        if (sql === 'BEGIN IMMEDIATE') {
          await cli.run(`UPDATE rows_${bigId} SET c0 = -1 WHERE row_id = 1`);
        }
        return exec(sql);
      };
      return conn;
    });
    const datasets = new DatasetStore(db, indexes);
    const baseline = await indexes.outsideVersion();
    await datasets.readRows(bigId, { offset: 0, limit: 3, orderBy: 'value' });
    await indexes.settled();
    expect(indexes.lastError).toBeNull();
    // Built, and the other program's write is not hidden behind it.
    expect(await indexes.outsideVersion()).not.toBe(baseline);
    await indexes.close();
    await cli.close();
    await db.close();
  });
});
