/**
 * Continuing a stopped cross-validation (found by a new user: running the same command
 * after Ctrl-C began a new one and trained every fold again). On the real store, training
 * in-process: a cross-validation of 3 folds stopped as fold 3 began is continued, keeping
 * the 2 fold runs that completed (same run ids, read back from the store before the
 * continue) and training fold 3 only; one stopped while a fold trained has that fold's run
 * unlinked and deleted, and a new run trains it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  continueRequest,
  crossValidate,
  findContinuableCrossValidation,
  isContinuable,
  type CrossValidationRequest,
} from '../../src/main/services/crossValidation';
import { compareCrossValidations } from '../../src/main/services/evaluation';
import { ProjectStore } from '../../src/main/store/projectStore';
import { penguinsProject } from './helpers';

const FAST = { arch: 'hard-sharing' as const, epochs: 2, hiddenUnits: [8], seed: 1 };

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('cv-continue'));
});
afterAll(() => cleanup());

describe('continuing a stopped cross-validation', () => {
  it('keeps the finished folds and trains only the missing one', async () => {
    const request: CrossValidationRequest = {
      datasetId,
      method: { kind: 'fixed', config: FAST },
      plan: { k: 3, seed: 7 },
    };
    const controller = new AbortController();
    const stopped = await crossValidate(store, request, {
      mode: 'in-process',
      signal: controller.signal,
      onFold: (done) => {
        if (done === 3) controller.abort();
      },
    }).catch((err: unknown) => err);
    expect((stopped as { code?: string }).code).toBe('TRAINING_CANCELLED');
    const [cv] = await store.evaluation.crossValidations(datasetId);
    expect(cv.status).toBe('cancelled');
    expect(cv.runs.map((r) => r.fold)).toEqual([0, 1]); // 0-based folds
    const keptRuns = cv.runs.map((r) => r.runId);

    // The same request (keys in another order) finds it; another configuration does not.
    const found = await findContinuableCrossValidation(store, {
      ...request,
      method: {
        kind: 'fixed',
        config: { seed: 1, hiddenUnits: [8], epochs: 2, arch: 'hard-sharing' },
      },
    });
    expect(found?.id).toBe(cv.id);
    expect(
      await findContinuableCrossValidation(store, {
        ...request,
        method: { kind: 'fixed', config: { ...FAST, epochs: 3 } },
      }),
    ).toBeNull();

    const folds: number[] = [];
    const done = await crossValidate(store, await continueRequest(store, cv.id), {
      mode: 'in-process',
      onFold: (n) => folds.push(n),
    });
    expect(folds).toEqual([3]);
    expect(done.id).toBe(cv.id);
    expect(done.status).toBe('completed');
    expect(done.runs.map((r) => r.fold)).toEqual([0, 1, 2]);
    expect(done.runs.slice(0, 2).map((r) => r.runId)).toEqual(keptRuns);
    // One cross-validation in all: no second one was begun.
    expect((await store.evaluation.crossValidations(datasetId)).map((e) => e.id)).toEqual([cv.id]);
    // A completed one is not continued again.
    await expect(continueRequest(store, cv.id)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await findContinuableCrossValidation(store, request)).toBeNull();
  }, 120_000);

  it('a fold stopped while it trained is trained again by a new run; its old run is deleted', async () => {
    const request: CrossValidationRequest = {
      datasetId,
      method: { kind: 'fixed', config: { ...FAST, epochs: 50, patience: 50, patienceSteps: 0 } },
      plan: { k: 2, seed: 8 },
    };
    const controller = new AbortController();
    await crossValidate(store, request, {
      mode: 'in-process',
      signal: controller.signal,
      // Stopped after fold 1's first epoch: the fold run is stored, as cancelled.
      onEpoch: () => controller.abort(),
    }).catch(() => undefined);
    const cv = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
    expect(cv.status).toBe('cancelled');
    expect(cv.runs).toHaveLength(1);
    const stoppedRun = cv.runs[0].runId;
    expect((await store.training.getRun(stoppedRun)).status).toBe('cancelled');

    const reopened = await store.evaluation.reopenCrossValidation(cv.id);
    expect(reopened).toEqual([stoppedRun]);
    const again = await store.evaluation.crossValidation(cv.id);
    expect(again.status).toBe('running');
    expect(again.runs).toEqual([]);
    // Deleted softly: gone from the list of runs.
    expect((await store.training.listRuns(datasetId)).map((r) => r.id)).not.toContain(stoppedRun);
    await store.evaluation.finishCrossValidation(cv.id, 'cancelled', 'stopped again');
  }, 120_000);

  it('one cancelled before its first fold finished is listed with 0 folds and continued to the end', async () => {
    // Found by a new user: such a cross-validation was in no list of the studio or of
    // `evaluate`, so only `train` could continue it. Expected values by hand: 2 folds planned,
    // none finished, then both.
    const request: CrossValidationRequest = {
      datasetId,
      method: { kind: 'fixed', config: FAST },
      plan: { k: 2, seed: 9 },
    };
    const controller = new AbortController();
    const stopped = await crossValidate(store, request, {
      mode: 'in-process',
      signal: controller.signal,
      // Cancelled as fold 1 begins: no fold run is stored.
      onFold: () => controller.abort(),
    }).catch((err: unknown) => err);
    expect((stopped as { code?: string }).code).toBe('TRAINING_CANCELLED');
    const cv = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
    expect(cv.status).toBe('cancelled');
    expect(cv.runs).toEqual([]);

    const listed = (await compareCrossValidations(store, datasetId)).find(
      (s) => s.evaluation.id === cv.id,
    );
    // Listed as the stopped evaluation itself (its id and status), not merely present.
    expect(listed?.evaluation).toMatchObject({ id: cv.id, status: 'cancelled' });
    expect(isContinuable(listed!.evaluation)).toBe(true);
    expect(listed!.folds).toBe(0);
    expect(listed!.scheme).toMatchObject({ k: 2, repeats: 1 });
    expect(listed!.tasks.species.macroF1.n).toBe(0);
    expect(listed!.deltaM).toBeNull();
    expect(listed!.smallTestFolds).toEqual([]);
    // A running one with no finished fold is not listed (it is not stopped).
    const running = await store.evaluation.createCrossValidation({
      schemeId: cv.schemeId,
      tasks: cv.tasks,
      method: cv.method,
    });
    expect(
      (await compareCrossValidations(store, datasetId)).map((s) => s.evaluation.id),
    ).not.toContain(running.id);
    await store.evaluation.finishCrossValidation(running.id, 'failed', 'test only');

    const folds: number[] = [];
    const done = await crossValidate(store, await continueRequest(store, cv.id), {
      mode: 'in-process',
      onFold: (n) => folds.push(n),
    });
    expect(folds).toEqual([1, 2]);
    expect(done.id).toBe(cv.id);
    expect(done.status).toBe('completed');
    const after = (await compareCrossValidations(store, datasetId)).find(
      (s) => s.evaluation.id === cv.id,
    )!;
    expect(after.folds).toBe(2);
    expect(after.tasks.species.macroF1.n).toBe(2);
  }, 120_000);
});
