/**
 * Training's one write path (services/trainingWrites.ts) and what a run becomes when the
 * project cannot be written: a full disk, a project locked by another program. The failures
 * are real SQLite answers, not mocks: SQLite's `max_page_count` on the store's connection
 * stops the file from growing, and SQLite then answers SQLITE_FULL ("database or disk is
 * full") exactly as on a full disk; a second connection holding `BEGIN IMMEDIATE` is
 * another program's write lock (SQLITE_BUSY once the busy timeout has passed).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { PauseControl } from '../../src/main/engine/pause';
import { trainRun } from '../../src/main/services/training';
import { retryWhileBusy, RunWrites } from '../../src/main/services/trainingWrites';
import { Database } from '../../src/main/store/database';
import { classifyStoreError, LOW_DISK_BYTES } from '../../src/main/store/storeErrors';
import { ProjectStore } from '../../src/main/store/projectStore';
import { MtlError } from '../../src/shared/errors';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
/** Small and quick; patience 0 keeps every epoch (no early stop), so the count is known. */
const FAST = { epochs: 12, patience: 0, seed: 1, hiddenUnits: [8] };

const busy = (): MtlError => new MtlError('PROJECT_BUSY', 'busy', { sqliteCode: 'SQLITE_BUSY' });

describe('retryWhileBusy', () => {
  it('retries a write refused as PROJECT_BUSY until it succeeds', async () => {
    let attempts = 0;
    const value = await retryWhileBusy(
      async () => {
        attempts++;
        if (attempts < 4) throw busy();
        return 'written';
      },
      { totalMs: 5_000, firstDelayMs: 1, maxDelayMs: 4 },
    );
    expect(value).toBe('written');
    expect(attempts).toBe(4);
  });

  it('gives up with PROJECT_BUSY once its time is spent, and never retries other errors', async () => {
    let attempts = 0;
    await expect(
      retryWhileBusy(
        async () => {
          attempts++;
          throw busy();
        },
        { totalMs: 30, firstDelayMs: 5, maxDelayMs: 5 },
      ),
    ).rejects.toMatchObject({ code: 'PROJECT_BUSY' });
    // 30 ms of 5 ms pauses: at most 7 attempts (timers may fire late, so at least 2).
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(7);

    attempts = 0;
    await expect(
      retryWhileBusy(
        async () => {
          attempts++;
          throw new MtlError('DISK_FULL', 'full');
        },
        { totalMs: 5_000, firstDelayMs: 1, maxDelayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(attempts).toBe(1);
  });
});

describe('RunWrites', () => {
  it('writes in the order queued, reports the first failed progress write once and drops later progress', async () => {
    const done: number[] = [];
    const failures: MtlError[] = [];
    const writes = new RunWrites({ totalMs: 0, firstDelayMs: 1, maxDelayMs: 1 }, (e) =>
      failures.push(e),
    );
    const slow = (n: number, ms: number) => () =>
      new Promise<void>((resolve) => setTimeout(() => (done.push(n), resolve()), ms));
    writes.progress(slow(1, 30));
    writes.progress(slow(2, 1));
    writes.progress(async () => {
      throw new MtlError('DISK_FULL', 'the disk is full');
    });
    writes.progress(async () => {
      throw new MtlError('STORE', 'second failure');
    });
    await writes.idle();
    writes.progress(slow(3, 1));
    await writes.idle();
    expect(done).toEqual([1, 2]);
    expect(failures.map((f) => f.code)).toEqual(['DISK_FULL']);
    expect(writes.failure?.code).toBe('DISK_FULL');
    // A waited write still runs and answers after a failed progress write.
    await expect(writes.write(async () => 42)).resolves.toBe(42);
  });

  it('drops progress queued before a failure that had not started yet (no busy wait each)', async () => {
    // Hand count: the failing write runs once (DISK_FULL is not retried); the three queued
    // behind it had not started when it failed, so none runs.
    let started = 0;
    const writes = new RunWrites({ totalMs: 200, firstDelayMs: 1, maxDelayMs: 1 }, () => {});
    writes.progress(async () => {
      started++;
      throw new MtlError('DISK_FULL', 'the disk is full');
    });
    for (let i = 0; i < 3; i++)
      writes.progress(async () => {
        started++;
        throw busy();
      });
    await writes.idle();
    expect(started).toBe(1);
    expect(writes.failure?.code).toBe('DISK_FULL');
  });
});

describe('classifyStoreError', () => {
  const file = '/projects/p.mtlproj';
  it('names the file and turns SQLite codes into what they mean', async () => {
    const cases: [string, string][] = [
      ['SQLITE_FULL', 'DISK_FULL'],
      ['SQLITE_BUSY', 'PROJECT_BUSY'],
      ['SQLITE_LOCKED', 'PROJECT_BUSY'],
      ['SQLITE_CORRUPT', 'PROJECT_CORRUPT'],
      ['SQLITE_CONSTRAINT', 'STORE'],
    ];
    for (const [sqliteCode, code] of cases) {
      const err = Object.assign(new Error(`${sqliteCode}: something`), { code: sqliteCode });
      const classified = await classifyStoreError(
        err,
        'INSERT INTO t',
        file,
        null,
        async () => 1e12,
      );
      expect(classified.code, sqliteCode).toBe(code);
      expect(classified.message).toContain(file);
      expect(classified.details).toMatchObject({ sqliteCode, path: file });
    }
  });

  it('takes a disk I/O error for a full disk only when almost no space is left', async () => {
    const ioerr = Object.assign(new Error('SQLITE_IOERR: disk I/O error'), {
      code: 'SQLITE_IOERR',
    });
    const low = await classifyStoreError(ioerr, 'COMMIT', file, null, async () => 3 * 2 ** 20);
    expect(low.code).toBe('DISK_FULL');
    expect(low.message).toMatch(/is full \(3 MiB free\)/);
    expect(low.message).toContain(file);
    const plenty = await classifyStoreError(
      ioerr,
      'COMMIT',
      file,
      null,
      async () => LOW_DISK_BYTES,
    );
    expect(plenty.code).toBe('STORE');
    const unknown = await classifyStoreError(ioerr, 'COMMIT', file, null, async () => null);
    expect(unknown.code).toBe('STORE');
  });
});

describe('a run whose writes fail', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let path: string;
  let store: ProjectStore;
  let datasetId: number;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    path = `${dir}/penguins.mtlproj`;
    // A short busy timeout, so the lock test waits in the retry loop, not in SQLite.
    store = await ProjectStore.open(path, { create: true, busyTimeoutMs: 50 });
    datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
    await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'island' }]);
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  /** The store's own connection (private): the disk-full simulation sets a limit on it. */
  const connectionOf = (s: ProjectStore): Database => (s as unknown as { db: Database }).db;

  it('on a full disk: stops, stores the run as failed with DISK_FULL naming the file, keeps everything stored before', async () => {
    const first = await trainRun(store, { datasetId, config: FAST }, { mode: 'in-process' });
    expect(first.status).toBe('completed');
    const firstEpochs = await store.training.listEpochs(first.id);
    const rowsBefore = await store.datasets.readColumns(datasetId, ['species', 'bill_length_mm']);

    const db = connectionOf(store);
    let limited = false;
    const error = await trainRun(
      store,
      { datasetId, config: FAST },
      {
        mode: 'in-process',
        onEpoch: (_runId, record) => {
          // From epoch 3 the file cannot grow by a page: epochs may still fit in free space,
          // the predictions and model cannot.
          if (record.epoch === 3 && !limited) {
            limited = true;
            void db
              .get<{ page_count: number }>('PRAGMA page_count')
              .then((r) => db.get(`PRAGMA max_page_count = ${r!.page_count}`));
          }
        },
      },
    ).catch((e: unknown) => e);
    expect(limited).toBe(true);
    expect(error).toBeInstanceOf(MtlError);
    expect(error).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining(path) });

    const runs = await store.training.listRuns(datasetId);
    expect(runs).toHaveLength(2);
    const failed = runs.find((r) => r.id !== first.id)!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'DISK_FULL' });
    expect(failed.error).toContain(path);
    expect(failed.finishedAt).not.toBeNull();
    // Nothing stored before was lost: the first run, its epochs and model, the rows.
    expect(await store.training.getRun(first.id)).toEqual(first);
    expect(await store.training.listEpochs(first.id)).toEqual(firstEpochs);
    await expect(store.training.getModel(first.id)).resolves.toBeTruthy();
    expect(await store.datasets.readColumns(datasetId, ['species', 'bill_length_mm'])).toEqual(
      rowsBefore,
    );
    // Space again: the project trains as before.
    await db.get('PRAGMA max_page_count = 4294967294');
    const again = await trainRun(store, { datasetId, config: FAST }, { mode: 'in-process' });
    expect(again.status).toBe('completed');
  }, 60_000);

  it('while another program holds the write lock: waits and retries, the run completes with every epoch', async () => {
    // 120 epochs, not FAST's 12: the lock is asked for at epoch 2 while the child trains on,
    // and on a fast machine a 12-epoch child had written all its epochs before the lock was
    // held (CI38: 12 of 12 written while "locked").
    const config = { ...FAST, epochs: 120 };
    const other = await Database.open(path, { create: false });
    let locked: Promise<void> | null = null;
    let released: Promise<void> | null = null;
    let epochsWhileLocked = -1;
    const run = await trainRun(
      store,
      { datasetId, config },
      {
        // In a child process training goes on while the lock holds the writes back; in this
        // one it waits for them at each epoch (services/training.ts superviseRun), and the
        // lock, released only once training has ended, would hold it for good.
        busyRetry: { totalMs: 30_000, firstDelayMs: 20, maxDelayMs: 200 },
        onEpoch: (runId, record) => {
          if (record.epoch === 2) locked = other.exec('BEGIN IMMEDIATE');
          // Held until training has ended (and 300 ms more, six busy timeouts): every later
          // epoch write is refused and retried meanwhile.
          if (record.epoch === config.epochs) {
            released = locked!
              .then(() => new Promise((r) => setTimeout(r, 300)))
              .then(async () => {
                const row = await other.get<{ n: number }>(
                  'SELECT COUNT(*) AS n FROM run_epochs WHERE run_id = ?',
                  [runId],
                );
                epochsWhileLocked = row!.n;
              })
              .then(() => other.exec('COMMIT'));
          }
        },
      },
    );
    await released;
    await other.close();
    expect(epochsWhileLocked).toBeGreaterThanOrEqual(0);
    expect(epochsWhileLocked).toBeLessThan(config.epochs);
    expect(run.status).toBe('completed');
    expect((await store.training.listEpochs(run.id)).map((e) => e.epoch)).toEqual(
      Array.from({ length: config.epochs }, (_, i) => i + 1),
    );
  }, 60_000);

  it('when the lock is held past the wait: fails with PROJECT_BUSY naming the file, and the project stays usable', async () => {
    const other = await Database.open(path, { create: false });
    const rowsBefore = await store.datasets.readColumns(datasetId, ['species']);
    let release: (() => void) | null = null;
    let committed: Promise<void> | null = null;
    // Training waits (paused) from epoch 2 until the other connection holds the lock, so the
    // lock is certainly taken before epochs 3…12 and the final save are written: without the
    // pause, a fast run could save its results before BEGIN IMMEDIATE got the lock.
    const pause = new PauseControl();
    const error = await trainRun(
      store,
      { datasetId, config: FAST },
      {
        mode: 'in-process',
        pause,
        busyRetry: { totalMs: 300, firstDelayMs: 20, maxDelayMs: 100 },
        onEpoch: (_runId, record) => {
          if (record.epoch === 2 && release === null) {
            pause.pause();
            const held = new Promise<void>((r) => (release = r));
            committed = other.exec('BEGIN IMMEDIATE').then(() => {
              pause.resume();
              return held.then(() => other.exec('COMMIT'));
            });
          }
        },
      },
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'PROJECT_BUSY', message: expect.stringContaining(path) });
    // The lock was still held when the run's failure was to be written, so the file says
    // 'running' (the next open by another process marks it); nothing of it was kept.
    const [run] = await store.training.listRuns(datasetId);
    expect(run.status).toBe('running');
    await expect(store.training.getModel(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    release!();
    await committed;
    await other.close();
    expect(await store.datasets.readColumns(datasetId, ['species'])).toEqual(rowsBefore);
    const again = await trainRun(store, { datasetId, config: FAST }, { mode: 'in-process' });
    expect(again.status).toBe('completed');
  }, 60_000);
});
