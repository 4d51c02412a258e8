/**
 * A run keeps its checkpoint policy (RunInfo.checkpointPolicy, schema v14): the studio's
 * Resume and Restart save checkpoints as the run was told to, not by the session's own
 * policy; a resume given another policy uses it and stores it; a run of a project from
 * before v14 resumes with the default.
 *
 * Expected values, by hand from engine/checkpoint.ts checkpointDue (a checkpoint after epoch
 * e when e − last ≥ everyEpochs, with minSeconds 0 so time never matters): training is
 * paused right after epoch P (the pause is set by the epoch's event, before the next
 * mini-batch), so the run's last checkpoint is the last due epoch ≤ P. Every 3 epochs from
 * the start, paused at 4: epoch 3. Resumed from 3, every 3, paused at 8: 6 (every epoch would
 * give 8). Every 2 from 3, paused at 8: 7. Every 2 from 7, paused at 10: 9. The policy the
 * engine was handed is recorded by wrapping engine/job.ts runTrainingJob. A bad policy given
 * (seconds −1, every 2^53 epochs: store/trainingCheckpoints.ts checkpointPolicyColumns) is
 * refused before the run changes: it stays interrupted with its checkpoint after epoch 3 and
 * its epochs 1…4.
 */
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { DEFAULT_CHECKPOINT_POLICY } from '../../src/main/engine/checkpoint';
import type { TrainingJobInput } from '../../src/main/engine/job';
import { PauseControl } from '../../src/main/engine/pause';
import { createHandlers } from '../../src/main/services/handlers';
import { dispatch } from '../../src/main/services/dispatch';
import { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import {
  RUN_INTERRUPTED,
  restartRequest,
  trainRun,
  type TrainHooks,
} from '../../src/main/services/training';
import { resumeRun } from '../../src/main/services/trainingResume';
import { Database } from '../../src/main/store/database';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrateDatabase,
} from '../../src/main/store/migrations';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { InvokeChannel, RequestOf, ResponseOf } from '../../src/shared/contract';
import type { CheckpointPolicy, RunInfo, TrainConfig } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

/** The checkpoint policy of each job the engine trained in this process, in order. */
const handed = vi.hoisted(() => [] as (CheckpointPolicy | false)[]);
vi.mock('../../src/main/engine/job', async (importOriginal) => {
  const job = await importOriginal<typeof import('../../src/main/engine/job')>();
  return {
    ...job,
    runTrainingJob: (input: TrainingJobInput, hooks: Parameters<typeof job.runTrainingJob>[1]) => {
      handed.push(input.checkpoints ?? false);
      return job.runTrainingJob(input, hooks);
    },
  };
});

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** No early stopping, so every run trains all its epochs unless stopped. */
const CONFIG: Partial<TrainConfig> = {
  epochs: 30,
  patience: 0,
  batchSize: 16,
  hiddenUnits: [16],
  weighting: 'dwa',
  seed: 5,
};

const EVERY_3: CheckpointPolicy = { everyEpochs: 3, minSeconds: 0 };

/**
 * A studio session (in-process training) whose own policy is every epoch (`checkpoints`),
 * unlike the runs' every 3, and that pauses run R right after epoch `pauseAt.get(R)`.
 */
function open(
  stateDir: string,
  checkpoints: CheckpointPolicy,
  pauseAt = new Map<number, number>(),
) {
  const session = new StudioSession({ stateDir, trainingMode: 'in-process', checkpoints });
  const epochs: { runId: number; epoch: number }[] = [];
  session.onEvent((channel, payload) => {
    if (channel !== 'training.epoch') return;
    // The session emits one record per event (the transports coalesce them).
    const { runId, records } = payload as { runId: number; records: { epoch: number }[] };
    const [record] = records;
    epochs.push({ runId, epoch: record.epoch });
    if (pauseAt.get(runId) === record.epoch) session.pauseTraining(runId, true);
  });
  const handlers = createHandlers(session, {
    info: { version: 't', mode: 'browser', platform: 'linux' },
  });
  const call = async <C extends InvokeChannel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<ResponseOf<C>> => {
    const result = await dispatch(handlers, channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ResponseOf<C>;
  };
  /** Resolves once run `runId` recorded epoch `epoch` (it is then paused, if asked). */
  const untilEpoch = async (runId: number, epoch: number) => {
    for (let i = 0; i < 3000; i++) {
      if (epochs.some((e) => e.runId === runId && e.epoch === epoch)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`Run ${runId} recorded no epoch ${epoch} within 30 s.`);
  };
  return { session, call, untilEpoch };
}

/** Polls until the run's stored checkpoint is after `epoch` or later; @returns the run. */
async function untilCheckpoint(store: ProjectStore, runId: number, epoch: number) {
  for (let i = 0; i < 3000; i++) {
    const run = await store.training.getRun(runId);
    if ((run.checkpointEpoch ?? 0) >= epoch) return run;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Run ${runId} stored no checkpoint after epoch ${epoch} within 30 s.`);
}

/**
 * Trains (`train` is trainRun or resumeRun) in this process until the run recorded epoch
 * `stopAt`, then stops it as a studio shutdown does (the run is stored interrupted).
 */
async function trainUntil(
  train: (hooks: TrainHooks) => Promise<RunInfo>,
  stopAt: number,
  checkpoints?: CheckpointPolicy | false,
): Promise<void> {
  const controller = new AbortController();
  const pause = new PauseControl();
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const done = train({
    mode: 'in-process',
    signal: controller.signal,
    pause,
    ...(checkpoints !== undefined ? { checkpoints } : {}),
    onEpoch: (_runId, record) => {
      if (record.epoch !== stopAt) return;
      pause.pause();
      reached();
    },
  });
  await Promise.race([paused, done]);
  controller.abort(RUN_INTERRUPTED);
  await expect(done).rejects.toMatchObject({ code: 'TRAINING_INTERRUPTED' });
}

/** A project with the penguins and two tasks, and run 1 stopped after epoch 4 (every 3). */
async function interruptedRun(project: string): Promise<void> {
  const store = await ProjectStore.open(project, { create: true });
  try {
    const { id } = await importCsv(store, PENGUINS, { name: 'penguins' });
    await defineTasks(store, id, [{ column: 'species' }, { column: 'sex' }]);
    await trainUntil(
      (hooks) => trainRun(store, { datasetId: id, config: CONFIG }, hooks),
      4,
      EVERY_3,
    );
    expect(await store.training.getRun(1)).toMatchObject({
      status: 'interrupted',
      checkpointEpoch: 3,
      checkpointPolicy: EVERY_3,
    });
  } finally {
    await store.close();
  }
}

/**
 * Rewrites the project at `path` as schema v13 wrote it: a file built by MIGRATIONS 1…13
 * (as test/store/migrations.test.ts builds one) holding the project's rows, column by column
 * of the v13 tables (so no policy columns), and its dataset's own row tables as they are.
 */
/** Tables migrations after v13 create (left out of {@link asV13}'s copy). */
const LATER_TABLES = ['label_batch_classes', 'cv_final_splits', 'cv_final_runs'];

async function asV13(path: string): Promise<void> {
  const v13 = `${path}.v13`;
  const db = await Database.open(v13, { create: true });
  try {
    await migrateDatabase(db, MIGRATIONS.slice(0, 13));
    await db.exec('PRAGMA foreign_keys = OFF');
    await db.run('ATTACH DATABASE ? AS src', [path]);
    const tables = await db.all<{ name: string; sql: string }>(
      "SELECT name, sql FROM src.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    for (const { name, sql } of tables) {
      // Tables of later schema versions (v15's label_batch_classes, v18's cv_final_*) are not
      // in a v13 file.
      if (LATER_TABLES.includes(name)) continue;
      const q = `"${name.replace(/"/g, '""')}"`;
      let columns = await db.all<{ name: string }>(
        "SELECT name FROM pragma_table_info(?, 'main')",
        [name],
      );
      if (columns.length === 0) {
        // A dataset's row table (created with the dataset, in every version): as it is.
        await db.exec(sql);
        columns = await db.all("SELECT name FROM pragma_table_info(?, 'main')", [name]);
      }
      const list = columns.map((c) => `"${c.name}"`).join(', ');
      await db.exec(`INSERT INTO main.${q} (${list}) SELECT ${list} FROM src.${q}`);
    }
    await db.run('DETACH DATABASE src');
  } finally {
    await db.close();
  }
  await rm(path, { force: true });
  await rm(`${path}-wal`, { force: true });
  await rm(`${path}-shm`, { force: true });
  await rename(v13, path);
  for (const ext of ['-wal', '-shm'])
    await rename(`${v13}${ext}`, `${path}${ext}`).catch(() => undefined);
}

describe('a run keeps its checkpoint policy', () => {
  it('in the studio: Resume and Restart use the run’s policy, not the session’s', async () => {
    const stateDir = join(dir, 'state');
    const project = join(dir, 'studio.mtlproj');
    await interruptedRun(project);

    // Resume in a session whose own policy is every epoch: the run keeps every 3.
    const first = open(stateDir, { everyEpochs: 1, minSeconds: 0 }, new Map([[1, 8]]));
    try {
      await first.call('projects.open', { path: project });
      handed.length = 0;
      expect(await first.call('training.resume', { runId: 1 })).toMatchObject({
        status: 'running',
        checkpointPolicy: EVERY_3,
      });
      await first.untilEpoch(1, 8);
      await untilCheckpoint(first.session.requireStore(), 1, 6);
    } finally {
      // The studio stops: the run is stored interrupted again.
      await first.session.dispose();
    }
    expect(handed).toEqual([EVERY_3]);

    // Restart: a new run with the same policy (its checkpoint after epoch 3, not 5).
    const second = open(stateDir, { everyEpochs: 1, minSeconds: 0 }, new Map([[2, 5]]));
    try {
      await second.call('projects.open', { path: project });
      const store = second.session.requireStore();
      expect(await store.training.getRun(1)).toMatchObject({
        status: 'interrupted',
        checkpointEpoch: 6,
        checkpointPolicy: EVERY_3,
      });
      // Epochs 1…8 kept: those before the checkpoint and those trained after it.
      expect((await store.training.listEpochs(1)).map((e) => e.epoch)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
      handed.length = 0;
      const restarted = await second.call('training.restart', { runId: 1 });
      expect(restarted).toMatchObject({ id: 2, restartOf: 1, checkpointPolicy: EVERY_3 });
      await second.untilEpoch(2, 5);
      await untilCheckpoint(store, 2, 3);
      await second.call('training.cancel', { runId: 2 });
      for (let i = 0; i < 3000 && (await store.training.getRun(2)).status === 'running'; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await store.training.getRun(2)).toMatchObject({
        status: 'cancelled',
        checkpointEpoch: 3,
        checkpointPolicy: EVERY_3,
      });
      expect(handed).toEqual([EVERY_3]);
    } finally {
      await second.session.dispose();
    }
  }, 120_000);

  it('a resume given a policy uses it and stores it; the next resume keeps it', async () => {
    const project = join(dir, 'override.mtlproj');
    await interruptedRun(project);
    const store = await ProjectStore.open(project);
    try {
      const every2: CheckpointPolicy = { everyEpochs: 2, minSeconds: 0 };
      handed.length = 0;
      await trainUntil((hooks) => resumeRun(store, 1, hooks), 8, every2);
      expect(await store.training.getRun(1)).toMatchObject({
        checkpointEpoch: 7,
        checkpointPolicy: every2,
      });
      // No policy given: the stored one (every 2) applies, from epoch 7.
      await trainUntil((hooks) => resumeRun(store, 1, hooks), 10);
      expect(await store.training.getRun(1)).toMatchObject({
        checkpointEpoch: 9,
        checkpointPolicy: every2,
      });
      expect(handed).toEqual([every2, every2]);
      // None (`--checkpoint-every 0`) is stored too, and resumed to the end saving none.
      handed.length = 0;
      const done = await resumeRun(store, 1, { mode: 'in-process', checkpoints: false });
      expect(done).toMatchObject({ status: 'completed', checkpointPolicy: false });
      expect(handed).toEqual([false]);
      expect((await store.training.listEpochs(1)).map((e) => e.epoch)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a bad policy given to a resume is refused before the run changes', async () => {
    const project = join(dir, 'refused.mtlproj');
    await interruptedRun(project);
    const store = await ProjectStore.open(project);
    try {
      handed.length = 0;
      for (const [checkpoints, message] of [
        [{ everyEpochs: 1, minSeconds: -1 }, /seconds to be a number ≥ 0; got -1/],
        [{ everyEpochs: 2 ** 53, minSeconds: 0 }, /whole number ≥ 1 .*got 9007199254740992/],
      ] as const) {
        await expect(
          resumeRun(store, 1, { mode: 'in-process', checkpoints }),
        ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
        // Still interrupted, with its checkpoint, policy and epochs (reopenRun never ran).
        expect(await store.training.getRun(1)).toMatchObject({
          status: 'interrupted',
          checkpointEpoch: 3,
          checkpointPolicy: EVERY_3,
        });
        expect((await store.training.listEpochs(1)).map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
        // A new run given it is refused before it is stored or prepared.
        await expect(
          trainRun(store, { datasetId: 1, config: CONFIG }, { mode: 'in-process', checkpoints }),
        ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
        expect((await store.training.listRuns(1)).map((r) => r.id)).toEqual([1]);
      }
      expect(handed).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a run of a project from before v14 resumes and restarts with the default policy', async () => {
    const project = join(dir, 'old.mtlproj');
    await interruptedRun(project);
    // The file as schema v13 left it: no policy columns (the run's checkpoint is real).
    await asV13(project);
    const raw = await Database.open(project, { create: false });
    try {
      expect(await raw.get('PRAGMA user_version')).toEqual({ user_version: 13 });
      expect(
        (await raw.all<{ name: string }>("SELECT name FROM pragma_table_info('runs')")).map(
          (c) => c.name,
        ),
      ).not.toContain('checkpoint_every_epochs');
    } finally {
      await raw.close();
    }
    const store = await ProjectStore.open(project);
    try {
      expect(store.migration).toMatchObject({
        fromVersion: 13,
        toVersion: LATEST_SCHEMA_VERSION,
      });
      const old = await store.training.getRun(1);
      expect(old).toMatchObject({ status: 'interrupted', checkpointEpoch: 3 });
      expect(old).not.toHaveProperty('checkpointPolicy');
      // Restart: the default too, not the caller's (the studio's session policy, here every
      // epoch); stored with the new run. Stopped at once: only the policy matters here.
      const restart = await restartRequest(store, 1);
      if (restart.kind !== 'train') throw new Error('not a plain run');
      expect(restart.request.checkpoints).toEqual(DEFAULT_CHECKPOINT_POLICY);
      handed.length = 0;
      await trainUntil(
        (hooks) =>
          trainRun(store, restart.request, {
            ...hooks,
            checkpoints: { everyEpochs: 1, minSeconds: 0 },
          }),
        1,
      );
      expect(await store.training.getRun(2)).toMatchObject({
        restartOf: 1,
        checkpointPolicy: DEFAULT_CHECKPOINT_POLICY,
      });
      expect(handed).toEqual([DEFAULT_CHECKPOINT_POLICY]);
      handed.length = 0;
      const done = await resumeRun(store, 1, { mode: 'in-process' });
      expect(done.status).toBe('completed');
      expect(done).not.toHaveProperty('checkpointPolicy');
      expect(handed).toEqual([DEFAULT_CHECKPOINT_POLICY]);
      expect((await store.training.listEpochs(1)).map((e) => e.epoch)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    } finally {
      await store.close();
    }
  }, 120_000);
});
