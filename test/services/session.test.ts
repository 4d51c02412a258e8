/**
 * The session as the truth every page follows: the UI state kept in the state folder
 * (view, dataset, table state, Train form; written atomically, a damaged file read as
 * empty), the snapshot a reloaded page asks for (project, runs in flight and their pause),
 * events every tab hears (project, datasets, tasks, a started run), a shutdown that stores
 * runs in flight as interrupted — not cancelled — and reopens the project on the next
 * start, and Restart, which trains an interrupted run again with its configuration.
 */
import {
  mkdir,
  mkdtemp,
  open as openFile,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../src/shared/contract';
import { DEFAULT_TABLE_STATE } from '../../src/shared/contract';
import type { RunInfo } from '../../src/shared/domain';
import { SessionStateFile } from '../../src/main/services/sessionState';
import { LATEST_SCHEMA_VERSION } from '../../src/main/store/migrations';
import { APPLICATION_ID } from '../../src/main/store/migrationStep';
import { ProjectStore } from '../../src/main/store/projectStore';
import { dispatchSession } from './dispatchFixture';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-session-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A session with in-process training, its events, and a typed caller of its handlers. */
function open(stateDir: string) {
  const { session, events, call } = dispatchSession(stateDir);
  const seen = (channel: EventChannel) => events.filter((e) => e.channel === channel);
  return { session, events, call, seen };
}

describe('the UI state file', () => {
  it('keeps view, dataset, tables and Train forms per project, across instances', async () => {
    const stateDir = join(dir, 'ui-1');
    const first = new SessionStateFile(stateDir);
    const table = { ...DEFAULT_TABLE_STATE, orderBy: 'bill', descending: true };
    await first.update('/p/a.mtlproj', { view: 'train', datasetId: 2 });
    await first.update('/p/a.mtlproj', { table: { datasetId: 2, state: table } });
    await first.update('/p/a.mtlproj', {
      draft: { datasetId: 2, draft: { values: { epochs: '30' }, lists: {}, tasks: ['species'] } },
    });
    await first.setLastOpen('/p/a.mtlproj');
    await first.flush();

    const second = new SessionStateFile(stateDir);
    expect(await second.lastOpen()).toBe('/p/a.mtlproj');
    expect(await second.forProject('/p/a.mtlproj')).toEqual({
      view: 'train',
      datasetId: 2,
      tables: { '2': table },
      drafts: { '2': { values: { epochs: '30' }, lists: {}, tasks: ['species'] } },
    });
    // Another project starts from the defaults.
    expect(await second.forProject('/p/b.mtlproj')).toEqual({
      view: 'data',
      datasetId: null,
      tables: {},
      drafts: {},
    });
    // A deleted dataset is forgotten.
    await second.forgetDataset('/p/a.mtlproj', 2);
    expect(await second.forProject('/p/a.mtlproj')).toMatchObject({
      datasetId: null,
      tables: {},
      drafts: {},
    });
  });

  it('reads a damaged file as empty and drops entries that do not validate', async () => {
    const broken = join(dir, 'ui-broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'session.json'), '{ not json');
    expect(await new SessionStateFile(broken).lastOpen()).toBeNull();
    await writeFile(
      join(broken, 'session.json'),
      JSON.stringify({
        lastOpen: 42,
        projects: {
          '/p/x': {
            view: 'DROP TABLE',
            datasetId: -1,
            tables: { '3': { orderBy: 'a' }, abc: DEFAULT_TABLE_STATE, '4': DEFAULT_TABLE_STATE },
          },
        },
      }),
    );
    const read = new SessionStateFile(broken);
    expect(await read.lastOpen()).toBeNull();
    expect(await read.forProject('/p/x')).toEqual({
      view: 'data',
      datasetId: null,
      tables: { '4': DEFAULT_TABLE_STATE },
      drafts: {},
    });
  });

  it('writes a burst of changes once, atomically (no temporary file left)', async () => {
    const stateDir = join(dir, 'ui-3');
    const file = new SessionStateFile(stateDir);
    for (let i = 1; i <= 50; i++) await file.update('/p/a', { datasetId: i });
    await file.flush();
    const stored = JSON.parse(await readFile(join(stateDir, 'session.json'), 'utf8')) as {
      projects: Record<string, { datasetId: number }>;
    };
    expect(stored.projects['/p/a'].datasetId).toBe(50);
    expect(await readdir(stateDir)).toEqual(['session.json']);
  });
});

describe('the session', () => {
  const stateDir = () => join(dir, 'studio-state');
  const projectPath = () => join(dir, 'penguins.mtlproj');
  let datasetId: number;

  it('tells every page the project, the UI state and the runs in flight', async () => {
    const { session, call, seen } = open(stateDir());
    try {
      expect(await call('session.state', {})).toMatchObject({ project: null, activeRuns: [] });
      await call('projects.create', { path: projectPath() });
      expect(seen('projects.changed')).toHaveLength(1);
      const dataset = await call('datasets.import', { importId: 'i', path: PENGUINS });
      datasetId = dataset.id;
      expect(seen('datasets.changed').map((e) => e.payload)).toEqual([
        { datasetId, deleted: false },
      ]);
      await call('tasks.define', { datasetId, tasks: [{ column: 'species' }] });
      expect(seen('tasks.changed').map((e) => e.payload)).toEqual([{ datasetId }]);
      await call('session.update', { view: 'train', datasetId });
      // Where a tab is stays its own; a Train form stored is told to every tab.
      expect(seen('session.changed')).toHaveLength(0);
      const draft = { values: { arch: 'hps', epochs: 30 }, lists: {}, tasks: ['species'] };
      await call('session.update', { draft: { datasetId, draft } });
      expect(seen('session.changed').map((e) => e.payload)).toEqual([
        {
          project: projectPath(),
          ui: expect.objectContaining({ drafts: { [String(datasetId)]: draft } }),
        },
      ]);

      // A run that lasts: paused, it shows paused in the snapshot of a reloaded page.
      const run = await call('training.start', {
        datasetId,
        config: { epochs: 100_000, patience: 0, batchSize: 2, backend: 'cpu' },
      });
      expect(seen('training.started').map((e) => e.payload)).toEqual([{ run }]);
      const beforePause = Date.now();
      await call('training.pause', { runId: run.id, paused: true });
      const afterPause = Date.now();
      const snapshot = await call('session.state', {});
      expect(snapshot.project?.path).toBe(projectPath());
      expect(snapshot.ui).toMatchObject({ view: 'train', datasetId });
      // With when it paused (its Time stands there on the reloaded page).
      expect(snapshot.activeRuns).toEqual([
        { runId: run.id, datasetId, paused: true, pausedSince: expect.any(Number) },
      ]);
      const { pausedSince } = snapshot.activeRuns[0];
      expect(pausedSince).toBeGreaterThanOrEqual(beforePause);
      expect(pausedSince).toBeLessThanOrEqual(afterPause);

      // Shutting down (SIGINT/SIGTERM of the server, quitting the app) interrupts it.
      await session.dispose();
      const after = open(stateDir());
      try {
        expect(await after.session.reopenLastProject()).toMatchObject({ path: projectPath() });
        const [stored] = await after.call('training.runs', { datasetId });
        expect(stored).toMatchObject({ id: run.id, status: 'interrupted' });
        expect(stored.error).toMatch(/interrupted/);
        // The view and dataset were remembered.
        expect((await after.call('session.state', {})).ui).toMatchObject({
          view: 'train',
          datasetId,
        });

        // Restart: a new run with the same tasks, split and configuration.
        const restarted = await after.call('training.restart', { runId: run.id });
        expect(restarted).toMatchObject({
          restartOf: run.id,
          splitId: stored.splitId,
          tasks: stored.tasks,
          config: stored.config,
          status: 'running',
        });
        // A running or completed run cannot be restarted.
        await expect(after.call('training.restart', { runId: restarted.id })).rejects.toThrow(
          /only an interrupted, cancelled or failed run can be restarted/,
        );
        // Closing the project at the user's request: interrupted too, and not reopened.
        await after.call('projects.close', {});
        expect(after.seen('projects.changed').map((e) => e.payload)).toContainEqual({
          project: null,
        });
      } finally {
        await after.session.dispose();
      }
      const third = open(stateDir());
      try {
        expect(await third.session.reopenLastProject()).toBeNull();
        await third.call('projects.open', { path: projectPath() });
        const runs = await third.call('training.runs', { datasetId });
        expect(runs.map((r) => [r.status, r.restartOf])).toEqual([
          ['interrupted', null],
          ['interrupted', run.id],
        ]);
      } finally {
        await third.session.dispose();
      }
    } finally {
      await session.dispose();
    }
  });

  it('cancels a run as cancelled when the user asks, not interrupted', async () => {
    const { session, call, seen } = open(stateDir());
    try {
      await call('projects.open', { path: projectPath() });
      const run = await call('training.start', {
        datasetId,
        config: { epochs: 100_000, patience: 0, batchSize: 2, backend: 'cpu' },
      });
      await call('training.cancel', { runId: run.id });
      await expect.poll(() => seen('training.failed').length, { timeout: 30_000 }).toBe(1);
      expect(seen('training.failed')[0].payload).toMatchObject({
        runId: run.id,
        cancelled: true,
        interrupted: false,
      });
      const stored = (await call('training.runs', { datasetId })).find((r) => r.id === run.id);
      expect(stored?.status).toBe('cancelled');
    } finally {
      await session.dispose();
    }
  });

  it('tells every page each fold run of a cross-validation finished, and which fold it is', async () => {
    const { session, call, seen } = open(stateDir());
    try {
      await call('projects.open', { path: projectPath() });
      const evaluation = await call('training.crossValidate', {
        datasetId,
        config: { epochs: 2, patience: 0, backend: 'cpu' },
        folds: 2,
      });
      await expect.poll(() => seen('training.crossValidated').length, { timeout: 60_000 }).toBe(1);
      // A page keeps a run "running" until it hears otherwise (studio store: upsertRun on
      // training.finished); the project's own list is the independent truth here.
      const stored = (await call('training.runs', { datasetId })).filter(
        (r) => r.fold?.evaluationId === evaluation.id,
      );
      expect(stored.map((r) => r.status)).toEqual(['completed', 'completed']);
      const finished = seen('training.finished').map((e) => (e.payload as { run: RunInfo }).run);
      expect(finished).toEqual(stored);
      // Started runs already name their fold (the Runs table shows "fold 1 (repeat 1)").
      const started = seen('training.started').map((e) => (e.payload as { run: RunInfo }).run);
      expect(started.map((r) => [r.id, r.fold])).toEqual(stored.map((r) => [r.id, r.fold]));
      expect(stored.map((r) => r.fold?.fold)).toEqual([0, 1]); // 0-based, as stored
      expect((await call('session.state', {})).activeRuns).toEqual([]);
    } finally {
      await session.dispose();
    }
  });

  it('a shutdown while a run is being prepared (not stored yet) interrupts it and waits for it', async () => {
    const { session, call } = open(stateDir());
    let stopped: Promise<void> | null = null;
    try {
      await call('projects.open', { path: projectPath() });
      const before = (await call('training.runs', { datasetId })).map((r) => r.id);
      // Called directly (not through the dispatcher) so the run has begun, and its job is
      // being prepared, when the shutdown comes in the same tick.
      const start = session
        .startTraining({ datasetId, config: { epochs: 100_000, patience: 0, backend: 'cpu' } })
        .catch((err: unknown) => err);
      stopped = session.dispose();
      // The stop reached it (interrupted, restartable), not a store closed under it.
      expect(await start).toMatchObject({ code: 'TRAINING_INTERRUPTED' });
      await stopped;
      const store = await ProjectStore.open(projectPath());
      try {
        // Stopped before its row existed: no run stored (none left 'running').
        const runs = await store.training.listRuns(datasetId);
        expect(runs.map((r) => r.id)).toEqual(before);
      } finally {
        await store.close();
      }
    } finally {
      await (stopped ?? session.dispose());
    }
  });

  it('a shutdown between two folds interrupts the cross-validation and waits for it', async () => {
    const { session, call } = open(stateDir());
    let stopped: Promise<void> | null = null;
    try {
      await call('projects.open', { path: projectPath() });
      // Shutting down exactly as fold 2 of 3 is announced: fold 1's run has ended (no longer
      // in flight), fold 2's is not stored yet, so no run of it is tracked at that moment.
      session.onEvent((channel, payload) => {
        if (channel === 'training.fold' && (payload as { done: number }).done === 2)
          stopped ??= session.dispose();
      });
      const evaluation = await call('training.crossValidate', {
        datasetId,
        config: { epochs: 2, patience: 0, backend: 'cpu' },
        folds: 3,
      });
      await expect.poll(() => stopped !== null, { timeout: 60_000 }).toBe(true);
      await stopped;
      // Read back from the file once the session let it go (it waited for the evaluation):
      // interrupted (restartable, not failed on a closed store), fold 1 kept, no fold 2 run.
      const store = await ProjectStore.open(projectPath());
      try {
        const stored = await store.evaluation.crossValidation(evaluation.id);
        expect(stored.status).toBe('interrupted');
        expect(stored.runs.map((r) => r.fold)).toEqual([0]);
        const runs = (await store.training.listRuns(datasetId)).filter(
          (r) => r.fold?.evaluationId === evaluation.id,
        );
        expect(runs.map((r) => r.status)).toEqual(['completed']);
      } finally {
        await store.close();
      }
    } finally {
      await (stopped ?? session.dispose());
    }
  });
});

describe('a last project that cannot be reopened at start', () => {
  // Found by a new user: after `predict … -o victim.mtlproj` replaced the project with a
  // CSV file, every start of `npm run serve` (and every reload) showed only "The studio
  // could not start: … SQLITE_ERROR: no such table: project_meta", with no New or Open.
  // The file here is made by hand the way that one read: an SQLite file with this app's id
  // and schema version but no project_meta, one page overwritten (quick_check fails).
  async function damagedWithoutMeta(path: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(path);
      db.exec(
        `PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${LATEST_SCHEMA_VERSION};
         CREATE TABLE filler (x TEXT);
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
         INSERT INTO filler SELECT hex(randomblob(200)) FROM c;`,
        (err) => (err ? reject(err) : db.close(() => resolve())),
      );
    });
    const file = await openFile(path, 'r+');
    await file.write(Buffer.alloc(4096, 0x41), 0, 4096, 4096 * 5);
    await file.close();
  }

  it('opens a damaged one read-only, named by its file, instead of failing every request', async () => {
    const stateDir = join(dir, 'reopen-damaged');
    const path = join(dir, 'victim-damaged.mtlproj');
    await damagedWithoutMeta(path);
    const state = new SessionStateFile(stateDir);
    await state.setLastOpen(path);
    await state.flush();
    const { session, call } = open(stateDir);
    try {
      expect(await session.reopenLastProject()).toMatchObject({ path, name: 'victim-damaged' });
      const snapshot = await call('session.state', {});
      expect(snapshot.project?.damage?.code).toBe('PROJECT_CORRUPT');
    } finally {
      await session.dispose();
    }
  });

  it('leaves no project open and tells the Projects view why; New still works', async () => {
    const stateDir = join(dir, 'reopen-csv');
    const path = join(dir, 'victim-csv.mtlproj');
    await writeFile(path, 'row,species\n1,Adelie\n');
    const state = new SessionStateFile(stateDir);
    await state.setLastOpen(path);
    await state.flush();
    const { session, call } = open(stateDir);
    try {
      expect(await session.reopenLastProject()).toBeNull();
      const snapshot = await call('session.state', {});
      expect(snapshot.project).toBeNull();
      expect(snapshot.reopenFailure).toMatchObject({
        path,
        error: { code: 'STORE', details: { reason: 'NOT_A_PROJECT', params: { path } } },
      });
      const created = await call('projects.create', { path: join(dir, 'fresh.mtlproj') });
      expect(created.name).toBe('fresh');
      expect((await call('session.state', {})).reopenFailure).toBeNull();
    } finally {
      await session.dispose();
    }
  });
});
