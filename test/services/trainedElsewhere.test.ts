/**
 * Runs another process trains while the studio has the project open (a second studio, or
 * `mtl-studio train` in a terminal): the studio lists them as trained elsewhere with the
 * epochs stored so far, refuses to pause or cancel them with a reason the page words, and
 * marks one interrupted on its next file check once its owner process is gone (SIGKILL),
 * without the project being opened again. The session's own runs are none of these.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { dispatch } from '../../src/main/services/dispatch';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import { ensureSplit } from '../../src/main/services/training';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { EventChannel, InvokeChannel, RequestOf, ResponseOf } from '../../src/shared/contract';
import type { ErrorPayload } from '../../src/shared/errors';
import { DEFAULT_TRAIN_CONFIG, type EpochRecord } from '../../src/shared/domain';
import { PENGUINS } from './helpers';

let dir: string;
/** The stand-in for the CLI process that trains: a node that idles until killed. */
let owner: ChildProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-elsewhere-'));
  owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => owner.once('spawn', resolve));
});
afterAll(async () => {
  if (owner.exitCode === null && owner.signalCode === null) owner.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** One stored epoch of the species and sex tasks (values made up; only their count is read). */
function epoch(n: number): EpochRecord {
  const task = { trainLoss: 1, valLoss: 1, valAccuracy: 0.5, valMacroF1: 0.5 };
  return { epoch: n, trainLoss: 2, valLoss: 2, tasks: { species: task, sex: task }, seconds: 1 };
}

describe('a run another process trains', () => {
  it('is shown with its epochs, cannot be paused or cancelled here, and turns interrupted once its owner is killed', async () => {
    const session = new StudioSession({
      stateDir: join(dir, 'state'),
      trainingMode: 'in-process',
      // No timer: the test runs each check of the file itself.
      externalChangePollMs: null,
    });
    const events: { channel: EventChannel; payload: unknown }[] = [];
    session.onEvent((channel, payload) => events.push({ channel, payload }));
    const handlers = createHandlers(session, {
      info: { version: 't', mode: 'browser', platform: 'linux' },
    });
    /** The handler's answer: its value, or the error payload it refused with. */
    const call = async <C extends InvokeChannel>(
      channel: C,
      request: RequestOf<C>,
    ): Promise<{ ok: true; value: ResponseOf<C> } | { ok: false; error: ErrorPayload }> => {
      const result = await dispatch(handlers, channel, request);
      return result.ok
        ? { ok: true, value: result.value as ResponseOf<C> }
        : { ok: false, error: result.error };
    };

    const file = join(dir, 'shared.mtlproj');
    await session.createProject(file);
    const own = session.requireStore();
    const datasetId = (await importCsv(own, PENGUINS, { name: 'penguins' })).id;
    await defineTasks(own, datasetId, [{ column: 'species' }, { column: 'sex' }]);
    await session.externalChanges!.check(); // the baseline

    // The other process: its own connection creates the run, starts it, stores 2 epochs.
    const cli = await ProjectStore.open(file);
    const split = await ensureSplit(cli, datasetId);
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 5000 };
    const theirs = await cli.training.createRun({
      datasetId,
      splitId: split.id,
      tasks: ['species', 'sex'],
      config,
    });
    await cli.training.updateRun(theirs.id, { status: 'running' });
    await cli.training.addEpoch(theirs.id, epoch(1));
    await cli.training.addEpoch(theirs.id, epoch(2));
    await cli.close();
    // createRun recorded this test's pid; the run belongs to the child process instead.
    const db = await Database.open(file, { create: false });
    await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [owner.pid!, theirs.id]);
    await db.close();

    // A run this session owns (its pid) next to it.
    const mine = await own.training.createRun({
      datasetId,
      splitId: split.id,
      tasks: ['species'],
      config,
    });
    await own.training.updateRun(mine.id, { status: 'running' });

    const listed = await call('training.runs', { datasetId });
    expect(listed.ok).toBe(true);
    const runs = listed.ok ? listed.value : [];
    expect(runs.find((r) => r.id === theirs.id)).toMatchObject({
      status: 'running',
      trainedElsewhere: true,
    });
    expect(runs.find((r) => r.id === mine.id)?.trainedElsewhere).toBeUndefined();
    const epochs = await call('training.epochs', { runId: theirs.id });
    expect(epochs.ok && epochs.value.map((e) => e.epoch)).toEqual([1, 2]);

    // Pause, resume and cancel are refused, naming the run and why.
    for (const [channel, request] of [
      ['training.cancel', { runId: theirs.id }],
      ['training.pause', { runId: theirs.id, paused: true }],
      ['training.pause', { runId: theirs.id, paused: false }],
    ] as const) {
      const refused = await call(channel, request);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('BAD_REQUEST');
        expect(refused.error.details).toMatchObject({
          reason: 'RUN_TRAINED_ELSEWHERE',
          params: { id: theirs.id },
        });
        expect(refused.error.message).toContain(`run ${theirs.id}`);
      }
    }

    // The owner lives: a check leaves both runs running.
    events.length = 0;
    await session.externalChanges!.check();
    expect((await own.training.getRun(theirs.id)).status).toBe('running');
    expect(events.filter((e) => e.channel === 'training.changed')).toEqual([]);

    // kill -9 of the owner: the next check marks its run interrupted and tells the pages.
    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await exited;
    await session.externalChanges!.check();
    expect(events.filter((e) => e.channel === 'training.changed').map((e) => e.payload)).toEqual([
      { datasetId, runId: theirs.id },
    ]);
    const after = await own.training.getRun(theirs.id);
    expect(after).toMatchObject({ status: 'interrupted', errorCode: 'TRAINING_INTERRUPTED' });
    expect(after.error).toContain(`pid ${owner.pid}`);
    expect(after.trainedElsewhere).toBeUndefined();
    // The session's own run is left alone (its owner is this process).
    expect((await own.training.getRun(mine.id)).status).toBe('running');
    await own.training.updateRun(mine.id, { status: 'cancelled' });
    await session.dispose();
  });
});
