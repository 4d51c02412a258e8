/**
 * Resume in the studio (services/session.ts, `training.resume`): a run interrupted by the
 * server's shutdown is offered for resuming (it has a checkpoint), continues as the same
 * run and ends as an uninterrupted run with the same seed; a damaged or missing checkpoint
 * is refused with CHECKPOINT_INVALID, leaving the run as it was, and Restart still works.
 *
 * Expected values: the reference is the same configuration trained again without
 * interruption in the same project (same split and backend, in-process).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/services/handlers';
import { dispatch } from '../../src/main/services/dispatch';
import { StudioSession } from '../../src/main/services/session';
import type { EventChannel, InvokeChannel, RequestOf, ResponseOf } from '../../src/shared/contract';
import type { RunInfo, TrainConfig } from '../../src/shared/domain';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A session (in-process training, a checkpoint after every epoch) and its handlers.
 * @param pauseAt pauses the first run once this epoch is recorded (before its next batch),
 *   so a test can stop it at a known point however fast the machine trains.
 */
function open(stateDir: string, pauseAt?: number) {
  const session = new StudioSession({
    stateDir,
    trainingMode: 'in-process',
    checkpoints: { everyEpochs: 1, minSeconds: 0 },
  });
  const events: { channel: EventChannel; payload: unknown }[] = [];
  session.onEvent((channel, payload) => {
    events.push({ channel, payload });
    const epoch = payload as { runId: number; records: { epoch: number }[] };
    if (channel === 'training.epoch' && epoch.records[0].epoch === pauseAt && epoch.runId === 1)
      session.pauseTraining(epoch.runId, true);
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
  /** Resolves once `channel` was emitted for `runId`. */
  const until = async (channel: EventChannel, runId: number) => {
    for (let i = 0; i < 3000; i++) {
      const hit = events.find(
        (e) =>
          e.channel === channel &&
          ((e.payload as { runId?: number; run?: RunInfo }).runId ??
            (e.payload as { run?: RunInfo }).run?.id) === runId,
      );
      if (hit) return hit.payload;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`No ${channel} for run ${runId} within 30 s.`);
  };
  return { session, call, until };
}

const CONFIG: Partial<TrainConfig> = {
  epochs: 30,
  patience: 0,
  batchSize: 16,
  hiddenUnits: [16],
  dropout: 0.1,
  weighting: 'dwa',
  seed: 5,
};

/** Polls a run until it has a checkpoint of at least `epoch` epochs. */
async function waitForCheckpoint(
  call: ReturnType<typeof open>['call'],
  datasetId: number,
  runId: number,
  epoch: number,
): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    const run = (await call('training.runs', { datasetId })).find((r) => r.id === runId);
    if ((run?.checkpointEpoch ?? 0) >= epoch) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Run ${runId} stored no checkpoint after epoch ${epoch}.`);
}

describe('resuming runs in the studio', () => {
  it('a run interrupted by shutdown resumes to the results of an uninterrupted run', async () => {
    const stateDir = join(dir, 'state');
    const project = join(dir, 'penguins.mtlproj');
    const first = open(stateDir, 3);
    let datasetId: number;
    let runId: number;
    try {
      await first.call('projects.create', { path: project });
      datasetId = (await first.call('datasets.import', { importId: 'i', path: PENGUINS })).id;
      await first.call('tasks.define', {
        datasetId,
        tasks: [{ column: 'species' }, { column: 'sex' }],
      });
      const run = await first.call('training.start', { datasetId, config: CONFIG });
      runId = run.id;
      await waitForCheckpoint(first.call, datasetId, runId, 3);
    } finally {
      // The server shuts down: the run is stored as interrupted.
      await first.session.dispose();
    }

    const second = open(stateDir);
    try {
      await second.session.reopenLastProject();
      const [stopped] = await second.call('training.runs', { datasetId });
      expect(stopped).toMatchObject({ id: runId, status: 'interrupted' });
      expect(stopped.checkpointEpoch).toBeGreaterThanOrEqual(3);

      const resumed = await second.call('training.resume', { runId });
      expect(resumed).toMatchObject({ id: runId, status: 'running' });
      // The views hear of the running run without the interruption it was stored with (a new
      // user saw "Training was interrupted" over the resumed, running run).
      const { run: started } = (await second.until('training.started', runId)) as {
        run: RunInfo;
      };
      expect(started).toMatchObject({
        status: 'running',
        error: null,
        errorCode: null,
        finishedAt: null,
      });
      expect(resumed).toMatchObject({ error: null, errorCode: null, finishedAt: null });
      const { run } = (await second.until('training.finished', runId)) as { run: RunInfo };
      expect(run).toMatchObject({ id: runId, status: 'completed', error: null });
      expect(run).not.toHaveProperty('checkpointEpoch');
      // A completed run is not resumed.
      await expect(second.call('training.resume', { runId })).rejects.toThrow(/BAD_REQUEST/);

      const reference = await second.call('training.start', { datasetId, config: CONFIG });
      const { run: uninterrupted } = (await second.until('training.finished', reference.id)) as {
        run: RunInfo;
      };
      const store = second.session.requireStore();
      const [a, b] = await Promise.all([
        store.training.getModel(runId),
        store.training.getModel(reference.id),
      ]);
      expect(Buffer.from(a.weights).equals(Buffer.from(b.weights))).toBe(true);
      expect(run.results).toEqual(uninterrupted.results);
      expect((await second.call('training.epochs', { runId })).map((e) => e.epoch)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    } finally {
      await second.session.dispose();
    }
  }, 120_000);

  it('refuses a damaged or missing checkpoint clearly; Restart still works', async () => {
    const { session, call, until } = open(join(dir, 'state-2'), 2);
    try {
      await call('projects.create', { path: join(dir, 'damaged.mtlproj') });
      const datasetId = (await call('datasets.import', { importId: 'i', path: PENGUINS })).id;
      await call('tasks.define', { datasetId, tasks: [{ column: 'species' }] });
      const run = await call('training.start', { datasetId, config: CONFIG });
      await waitForCheckpoint(call, datasetId, run.id, 1);
      await call('training.cancel', { runId: run.id });
      await until('training.failed', run.id);
      const store = session.requireStore();
      const stored = await store.training.getRun(run.id);
      expect(stored.status).toBe('cancelled');

      // Damaged bytes: refused before the run changes.
      const bytes = (await store.training.checkpoints.latest(run.id))!.data;
      bytes[bytes.length - 100] ^= 0xff;
      await store.training.checkpoints.save(run.id, stored.checkpointEpoch!, bytes);
      await expect(call('training.resume', { runId: run.id })).rejects.toThrow(
        /CHECKPOINT_INVALID .*damaged \(its checksum fails\).*Restart it/,
      );
      expect(await store.training.getRun(run.id)).toEqual(stored);

      // No checkpoint at all.
      await store.training.checkpoints.remove(run.id);
      await expect(call('training.resume', { runId: run.id })).rejects.toThrow(
        /CHECKPOINT_INVALID Run \d+ has no checkpoint/,
      );

      // Restart: a new run from the first epoch, with the same configuration.
      const restarted = await call('training.restart', { runId: run.id });
      expect(restarted).toMatchObject({ restartOf: run.id, status: 'running' });
      const { run: done } = (await until('training.finished', restarted.id)) as { run: RunInfo };
      expect(done.status).toBe('completed');
    } finally {
      await session.dispose();
    }
  }, 120_000);
});
