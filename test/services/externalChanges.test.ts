/**
 * Writes to the open project by another program (`mtl-studio labels import` in a terminal:
 * a second SQLite connection to the same file) reach every page: the session polls
 * `PRAGMA data_version` and sends `datasets.changed` per dataset (added, changed, deleted)
 * and one `projects.changedElsewhere`; its own writes send nothing of the kind, and a
 * closed project is no longer watched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventChannel, EventOf } from '../../src/shared/contract';
import { importCsv } from '../../src/main/data';
import { StudioSession } from '../../src/main/services/session';
import { ProjectStore } from '../../src/main/store/projectStore';

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

/** Waits until `done()` holds, checking every few ms; fails after `ms`. */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('writes by another connection', () => {
  it('send datasets.changed and projects.changedElsewhere; own writes do not', async () => {
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
    expect(seen('datasets.changed')).toEqual([{ datasetId: penguins.id, deleted: false }]);
    expect(seen('projects.changedElsewhere')[0]).toMatchObject({
      project: { path: file, datasets: 1 },
    });
    // The datasets.changed came before the projects.changedElsewhere.
    expect(events.map((e) => e.channel)).toEqual(['datasets.changed', 'projects.changedElsewhere']);
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
    expect(seen('datasets.changed')).toEqual([
      { datasetId: penguins.id, deleted: false },
      { datasetId: added.id, deleted: false },
    ]);
    expect(seen('projects.changedElsewhere')[0].project.datasets).toBe(2);
    events.length = 0;
    await cli.datasets.delete(penguins.id);
    await until(() => seen('projects.changedElsewhere').length === 1);
    expect(seen('datasets.changed')).toEqual([
      { datasetId: penguins.id, deleted: true },
      { datasetId: added.id, deleted: false },
    ]);
    expect(seen('projects.changedElsewhere')[0].project.datasets).toBe(1);

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
    const session = new StudioSession({
      stateDir: join(dir, 'burst-state'),
      externalChangePollMs: null,
    });
    const heard: EventChannel[] = [];
    session.onEvent((channel) => heard.push(channel));
    await session.openProject(file);
    await session.externalChanges!.check(); // the baseline (already in flight since open)
    heard.length = 0;
    const cli = await ProjectStore.open(file);
    const a = await importCsv(cli, PENGUINS, { name: 'a' });
    for (const name of ['b', 'c', 'd']) await cli.datasets.rename(a.id, name);
    await session.externalChanges!.check();
    await session.externalChanges!.check(); // nothing new since
    // Four commits (import, three renames) → one datasets.changed and one changedElsewhere.
    expect(heard).toEqual(['datasets.changed', 'projects.changedElsewhere']);
    await cli.close();
    await session.dispose();
  });

  it('a check of project A still running when project B opens emits nothing for A', async () => {
    const fileA = join(dir, 'race-a.mtlproj');
    const fileB = join(dir, 'race-b.mtlproj');
    for (const file of [fileA, fileB]) {
      await (await ProjectStore.open(file, { create: true })).close();
    }
    const session = new StudioSession({
      stateDir: join(dir, 'race-state'),
      externalChangePollMs: null,
    });
    const heard: EventChannel[] = [];
    session.onEvent((channel) => heard.push(channel));
    await session.openProject(fileA);
    const watchA = session.externalChanges!;
    await watchA.check(); // the baseline
    const cli = await ProjectStore.open(fileA);
    await importCsv(cli, PENGUINS, { name: 'a' });
    // Holds A's check inside its dataset listing until B is open.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // The list as A's check would read it, answered only after B opened (A's store is
    // closed by then: a real read would fail and hide whether the check knows it ended).
    const listed = await watchA.store.datasets.list();
    vi.spyOn(watchA.store.datasets, 'list').mockImplementation(async () => {
      await held;
      return listed;
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
});
