/**
 * A run trained in this process (`mtl-studio train --in-process`, TrainHooks.mode
 * 'in-process') keeps the project file as current as one trained in a child process: by
 * the time epoch k is reported, epochs 1…k−1 and the checkpoint after epoch k−1 are in the
 * file. A new user killed (kill -9) such a run after 670 epochs and found 110 epoch records
 * and no checkpoint: the store's writes (sqlite3, several round trips through the event
 * loop each) ran only in the one macrotask turn the training loop yields per epoch.
 *
 * Expected values: read from the file by a second process (node with the sqlite3 package,
 * spawned synchronously inside the epoch hook, so this process does nothing meanwhile),
 * against the epoch numbers the run reported; a checkpoint is due after every epoch
 * (every 1 epoch, 0 s: engine/checkpoint.ts checkpointDue). So training waits for its
 * writes, also while another program holds the project's write lock (a second connection's
 * BEGIN IMMEDIATE): the last epoch reported when the lock is released is the one whose write
 * it held (2 or 3), not the last of the run.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PauseControl } from '../../src/main/engine/pause';
import { trainRun } from '../../src/main/services/training';
import { Database } from '../../src/main/store/database';
import type { ProjectStore } from '../../src/main/store/projectStore';
import { penguinsProject } from './helpers';

/** A second process's read of the file: the stored epoch numbers and checkpoint epoch. */
function readFromAnotherProcess(
  file: string,
  runId: number,
): { epochs: number[]; checkpoint: number | null } {
  const script = `
    const sqlite3 = require('sqlite3');
    const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
    const runId = Number(process.argv[2]);
    db.all('SELECT epoch FROM run_epochs WHERE run_id = ? ORDER BY epoch', [runId], (err, rows) => {
      if (err) throw err;
      db.get('SELECT epoch FROM run_checkpoints WHERE run_id = ?', [runId], (err2, row) => {
        if (err2) throw err2;
        process.stdout.write(JSON.stringify({
          epochs: rows.map((r) => r.epoch),
          checkpoint: row ? row.epoch : null,
        }));
        db.close();
      });
    });`;
  const read = spawnSync(process.execPath, ['-e', script, file, String(runId)], {
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (read.status !== 0) throw new Error(`reader failed: ${read.stderr}`);
  return JSON.parse(read.stdout) as { epochs: number[]; checkpoint: number | null };
}

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('inprocess'));
});
afterAll(() => cleanup());

describe('in-process training keeps the store up to date', () => {
  it('each epoch finds the earlier epochs and the last checkpoint stored', async () => {
    const seen: { epoch: number; epochs: number[]; checkpoint: number | null }[] = [];
    const run = await trainRun(
      store,
      {
        datasetId,
        config: { epochs: 6, patience: 0, batchSize: 32, hiddenUnits: [8], seed: 2 },
      },
      {
        mode: 'in-process',
        checkpoints: { everyEpochs: 1, minSeconds: 0 },
        onEpoch: (runId, record) =>
          seen.push({ epoch: record.epoch, ...readFromAnotherProcess(store.path, runId) }),
      },
    );
    expect(run.status).toBe('completed');
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const { epoch, epochs, checkpoint } of seen) {
      expect({ epoch, epochs }).toEqual({
        epoch,
        epochs: Array.from({ length: epoch - 1 }, (_, i) => i + 1),
      });
      // The checkpoint after the previous epoch (none before epoch 1 ended).
      expect({ epoch, checkpoint }).toEqual({ epoch, checkpoint: epoch > 1 ? epoch - 1 : null });
    }
  });

  it('waits while another program holds the write lock, then completes with every epoch', async () => {
    const other = await Database.open(store.path, { create: false });
    let reported = 0;
    let reportedAtRelease = -1;
    let released: Promise<void> | null = null;
    const pause = new PauseControl();
    const run = await trainRun(
      store,
      { datasetId, config: { epochs: 8, patience: 0, hiddenUnits: [8], seed: 4 } },
      {
        mode: 'in-process',
        checkpoints: false,
        busyRetry: { totalMs: 30_000, firstDelayMs: 20, maxDelayMs: 200 },
        pause,
        onEpoch: (_runId, record) => {
          reported = record.epoch;
          if (record.epoch !== 2) return;
          // Training waits (paused) until the lock is held, then goes on: the write of epoch
          // 2 or 3 finds it held (whichever of the two took it first), and training waits
          // with that write until the lock is released 300 ms later.
          pause.pause();
          released = other
            .exec('BEGIN IMMEDIATE')
            .then(() => pause.resume())
            .then(() => new Promise((r) => setTimeout(r, 300)))
            .then(() => void (reportedAtRelease = reported))
            .then(() => other.exec('COMMIT'));
        },
      },
    );
    await released;
    await other.close();
    expect(reportedAtRelease).toBeGreaterThanOrEqual(2);
    expect(reportedAtRelease).toBeLessThanOrEqual(3);
    expect(run.status).toBe('completed');
    expect((await store.training.listEpochs(run.id)).map((e) => e.epoch)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });
});
