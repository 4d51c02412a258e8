/**
 * A cross-validation stopped exactly as a fold begins, without timing races: the abort comes
 * from the fold hooks themselves (onFold: before the fold's run row exists; onStarted: after
 * the row exists, before its training process is started). Found by a new user: Ctrl-C as a
 * fold started ended `train` silently with the fold run stored 'interrupted', or with
 * "Training process failed to start: write EPIPE" and the fold stored 'failed'.
 *
 * Expected values are what the project must store, read back with ProjectStore: the stop
 * the user asked for is 'cancelled' (never interrupted, failed or left running), folds
 * finished before stay 'completed', and a fold stopped before its run row existed adds no
 * run. Whether a training process was started is counted on the real startTrainingProcess.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossValidate } from '../../src/main/services/crossValidation';
import {
  ensureSplit,
  prepareJob,
  RUN_INTERRUPTED,
  trainRun,
} from '../../src/main/services/training';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { MtlError } from '../../src/shared/errors';
import * as trainingProcess from '../../src/main/engine/worker/trainingProcess';
import { ProjectStore } from '../../src/main/store/projectStore';
import { penguinsProject } from './helpers';

// The real process starter, counted: a stopped fold must not start one.
vi.mock('../../src/main/engine/worker/trainingProcess', async (importOriginal) => {
  const actual = await importOriginal<typeof trainingProcess>();
  return { ...actual, startTrainingProcess: vi.fn(actual.startTrainingProcess) };
});

const FAST = { epochs: 2, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 1 };

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('cvstop'));
});
afterAll(() => cleanup());
// A block body: a function returned from beforeEach is its cleanup hook, and mockClear()
// returns the mock, so vitest called the real starter with no job after every test (a
// stray training process each, whose "held no job" error surfaced as an unhandled rejection).
beforeEach(() => {
  vi.mocked(trainingProcess.startTrainingProcess).mockClear();
});

/** The runs stored since `before` (ids above it), as id → status. */
async function runsAfter(before: number): Promise<Record<number, string>> {
  const runs = (await store.training.listRuns(datasetId)).filter((r) => r.id > before);
  return Object.fromEntries(runs.map((r) => [r.id, r.status]));
}

async function lastRunId(): Promise<number> {
  return Math.max(0, ...(await store.training.listRuns(datasetId)).map((r) => r.id));
}

describe('a cross-validation stopped as a fold begins', () => {
  it('between folds: the next fold stores no run and starts no process; cancelled', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    const folds: number[] = [];
    const error = await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'fixed', config: { ...FAST, arch: 'hard-sharing' } },
        plan: { k: 3, seed: 21 },
      },
      {
        mode: 'process',
        signal: controller.signal,
        // Ctrl-C lands just as fold 2 of 3 is announced, after fold 1 completed.
        onFold: (done) => {
          folds.push(done);
          if (done === 2) controller.abort();
        },
      },
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(folds).toEqual([1, 2]);
    // Fold 1's process only: fold 2 was stopped before its process (and its run) existed.
    expect(trainingProcess.startTrainingProcess).toHaveBeenCalledTimes(1);
    const runs = await runsAfter(before);
    expect(Object.values(runs)).toEqual(['completed']);
    const evaluations = await store.evaluation.crossValidations(datasetId);
    const evaluation = evaluations[evaluations.length - 1];
    expect(evaluation.status).toBe('cancelled');
    expect(evaluation.runs.map((r) => r.runId)).toEqual(Object.keys(runs).map(Number));
  }, 60_000);

  it('at the worker spawn: the fold run row is stored cancelled, no process started', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    let started: number | null = null;
    const error = await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'fixed', config: { ...FAST, arch: 'hard-sharing' } },
        plan: { k: 3, seed: 22 },
      },
      {
        mode: 'process',
        signal: controller.signal,
        // The run row exists and is marked running; its process is next.
        onStarted: (run) => {
          started = run.id;
          controller.abort();
        },
      },
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(trainingProcess.startTrainingProcess).not.toHaveBeenCalled();
    expect(await runsAfter(before)).toEqual({ [started!]: 'cancelled' });
    expect(await store.training.listEpochs(started!)).toEqual([]);
    const evaluations = await store.evaluation.crossValidations(datasetId);
    const evaluation = evaluations[evaluations.length - 1];
    expect(evaluation.status).toBe('cancelled');
    // Linked as it started: the stopped fold stays listed with its evaluation.
    expect(evaluation.runs).toEqual([{ repeat: 0, fold: 0, runId: started }]);
  }, 60_000);
});

describe('a cross-validation stopped before it begins', () => {
  it('stores no fold scheme, no evaluation and no run (the CLI says "before the cross-validation was stored")', async () => {
    const before = await lastRunId();
    const schemes = (await store.splits.foldSchemes(datasetId)).length;
    const evaluations = (await store.evaluation.crossValidations(datasetId)).length;
    const controller = new AbortController();
    controller.abort();
    let announced = false;
    const error = await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'fixed', config: { ...FAST, arch: 'hard-sharing' } },
        // A plan no other test used: its fold scheme would be new.
        plan: { k: 3, seed: 23 },
      },
      { mode: 'process', signal: controller.signal, onEvaluation: () => (announced = true) },
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(announced).toBe(false);
    expect((await store.splits.foldSchemes(datasetId)).length).toBe(schemes);
    expect((await store.evaluation.crossValidations(datasetId)).length).toBe(evaluations);
    expect(await runsAfter(before)).toEqual({});
  });
});

describe('a plain run stopped before it starts', () => {
  it('by the studio going away is interrupted, not cancelled, and stores no run', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    controller.abort(RUN_INTERRUPTED);
    const error = await trainRun(
      store,
      { datasetId, config: { ...FAST, arch: 'hard-sharing' } },
      { mode: 'process', signal: controller.signal },
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'TRAINING_INTERRUPTED' });
    expect(await runsAfter(before)).toEqual({});
    expect(trainingProcess.startTrainingProcess).not.toHaveBeenCalled();
  });

  it('stores no run when the stop came while its job was prepared', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    controller.abort();
    const error = await trainRun(
      store,
      { datasetId, config: { ...FAST, arch: 'hard-sharing' } },
      { mode: 'process', signal: controller.signal },
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(await runsAfter(before)).toEqual({});
    expect(trainingProcess.startTrainingProcess).not.toHaveBeenCalled();
  });
});

describe('a training process that dies', () => {
  /** A long job (it never ends by itself within the test). */
  async function longJob() {
    const split = await ensureSplit(store, datasetId);
    const config = {
      ...DEFAULT_TRAIN_CONFIG,
      ...FAST,
      epochs: 100000,
      arch: 'hard-sharing' as const,
    };
    return prepareJob(store, datasetId, undefined, split.id, config);
  }

  it('just before its caller cancels (a signal to the whole group) is cancelled, not failed', async () => {
    const child = trainingProcess.startTrainingProcess(await longJob());
    const outcome = child.result.catch((err: unknown) => err);
    // It dies first (as a Ctrl-C to the process group kills a child still starting); the
    // caller's own handler of that signal cancels 100 ms later, within the 200 ms grace.
    process.kill(child.pid!, 'SIGKILL');
    setTimeout(() => child.cancel(), 100);
    expect(await outcome).toMatchObject({ code: 'TRAINING_CANCELLED' });
  }, 30_000);

  it('with no stop asked is a failure that names how it ended', async () => {
    const child = trainingProcess.startTrainingProcess(await longJob());
    process.kill(child.pid!, 'SIGKILL');
    expect(await child.result.catch((err: unknown) => err)).toMatchObject({
      code: 'TRAINING_FAILED',
      // The sentence of workerExitMessage; the signal and code stay in the details.
      message:
        'The training worker was stopped by signal SIGKILL (sent from outside MTL Studio, e.g. by the system when memory ran out).',
      details: { processEnded: true, worker: { exitCode: null, signal: 'SIGKILL' } },
    });
  }, 30_000);
});

describe('a run stopped by its caller while something else fails', () => {
  /** A stand-in training process whose result, once the run listens, aborts then rejects. */
  function failingProcess(controller: AbortController, error: MtlError, reason?: string) {
    return {
      result: (async () => {
        // After superviseRun has started it and listens to the signal.
        await Promise.resolve();
        controller.abort(reason);
        throw error;
      })(),
      pid: 1,
      cancel: () => undefined,
      pause: () => undefined,
      resume: () => undefined,
    };
  }

  async function trainWith(controller: AbortController) {
    return trainRun(
      store,
      { datasetId, config: { ...FAST, arch: 'hard-sharing' } },
      { mode: 'process', signal: controller.signal },
    ).catch((err: unknown) => err);
  }

  it('an error the job reported stays that error and the run is stored failed', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    const reported = new MtlError('TRAINING_FAILED', 'Loss became NaN at epoch 3.');
    vi.mocked(trainingProcess.startTrainingProcess).mockImplementationOnce(() =>
      failingProcess(controller, reported),
    );
    expect(await trainWith(controller)).toBe(reported);
    const [run] = (await store.training.listRuns(datasetId)).filter((r) => r.id > before);
    expect([run.status, run.errorCode, run.error]).toEqual([
      'failed',
      'TRAINING_FAILED',
      'Loss became NaN at epoch 3.',
    ]);
  });

  it('the death of its training process (killed by the same Ctrl-C) is the stop: cancelled', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    vi.mocked(trainingProcess.startTrainingProcess).mockImplementationOnce(() =>
      failingProcess(
        controller,
        new MtlError(
          'TRAINING_FAILED',
          'The training worker was stopped by signal SIGINT (sent from outside MTL Studio).',
          { processEnded: true, worker: { exitCode: null, signal: 'SIGINT' } },
        ),
      ),
    );
    expect(await trainWith(controller)).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(await runsAfter(before)).toEqual({ [before + 1]: 'cancelled' });
  });

  it('stopped by the studio (server stop), an error the job reported stays that error: failed, not interrupted', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    const reported = new MtlError('TRAINING_FAILED', 'Loss became NaN at epoch 3.');
    vi.mocked(trainingProcess.startTrainingProcess).mockImplementationOnce(() =>
      failingProcess(controller, reported, RUN_INTERRUPTED),
    );
    expect(await trainWith(controller)).toBe(reported);
    const [run] = (await store.training.listRuns(datasetId)).filter((r) => r.id > before);
    expect([run.status, run.errorCode]).toEqual(['failed', 'TRAINING_FAILED']);
  });

  it('stopped by the studio, the death of its training process is the stop: interrupted', async () => {
    const before = await lastRunId();
    const controller = new AbortController();
    vi.mocked(trainingProcess.startTrainingProcess).mockImplementationOnce(() =>
      failingProcess(
        controller,
        new MtlError('TRAINING_CANCELLED', 'Training was cancelled.', { processEnded: true }),
        RUN_INTERRUPTED,
      ),
    );
    expect(await trainWith(controller)).toMatchObject({ code: 'TRAINING_INTERRUPTED' });
    expect(await runsAfter(before)).toEqual({ [before + 1]: 'interrupted' });
  });

  // The stop comes as the results are saved, and that save fails: the real error wins.
  it.each([
    ['by the studio (the server stops)', RUN_INTERRUPTED],
    ['by Ctrl-C', undefined],
  ])(
    'stopped %s as the final save fails for good (DISK_FULL): DISK_FULL is stored and thrown',
    async (_by, reason) => {
      const before = await lastRunId();
      const controller = new AbortController();
      const full = new MtlError('DISK_FULL', 'The disk holding the project is full.');
      const save = vi.spyOn(store.training, 'saveResults').mockImplementationOnce(async () => {
        controller.abort(reason);
        throw full;
      });
      try {
        const error = await trainRun(
          store,
          { datasetId, config: { ...FAST, arch: 'hard-sharing' } },
          { mode: 'in-process', signal: controller.signal },
        ).catch((err: unknown) => err);
        expect(error).toBe(full);
      } finally {
        save.mockRestore();
      }
      const [run] = (await store.training.listRuns(datasetId)).filter((r) => r.id > before);
      expect([run.status, run.errorCode]).toEqual(['failed', 'DISK_FULL']);
    },
    60_000,
  );
});
