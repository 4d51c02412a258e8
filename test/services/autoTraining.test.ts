/**
 * Auto through the services: the bracket count of Hyperband (engine/autoSelect.ts) travels
 * from a cross-validation method to every fold's stored search, and a count outside 1 … 3 is
 * refused before anything trains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainAutoRun } from '../../src/main/services/autoTraining';
import { crossValidate } from '../../src/main/services/crossValidation';
import { ProjectStore } from '../../src/main/store/projectStore';
import { penguinsProject } from './helpers';

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('auto'));
});
afterAll(() => cleanup());

describe('Auto brackets', () => {
  it('refuses a bracket count outside 1 to 3 before training', async () => {
    for (const brackets of [0, 4, 2.5])
      await expect(
        trainAutoRun(store, { datasetId, budgetSeconds: 1, brackets }, { mode: 'in-process' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining(`from 1 to 3, got ${brackets}`),
      });
    expect(await store.training.listRuns(datasetId)).toEqual([]);
  });

  it('a cross-validated Auto keeps its brackets in the method and in every fold search', async () => {
    const evaluation = await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'auto', budgetSeconds: 1, seed: 2, brackets: 2 },
        plan: { k: 2, seed: 1 },
      },
      { mode: 'in-process' },
    );
    expect(evaluation.status).toBe('completed');
    expect(evaluation.method).toEqual({ kind: 'auto', budgetSeconds: 1, seed: 2, brackets: 2 });
    expect(evaluation.runs).toHaveLength(2);
    for (const fold of evaluation.runs) {
      const search = await store.training.autoSearch(fold.runId);
      expect(search.brackets).toBe(2);
      // The default comes first, trained like a normal run: in no bracket; the search's
      // fixed-length trials (if the 1 s left room) are in bracket 1 or 2.
      expect(search.trials[0].full).toBe(true);
      expect(search.trials[0].bracket).toBeUndefined();
      for (const t of search.trials.filter((x) => !x.full)) expect([1, 2]).toContain(t.bracket);
    }
  });

  it('a run cancelled during its search is listed as Auto (cancelled), not as its base method', async () => {
    // Found by a new user: the run was marked Auto only once its search was saved, so a
    // cancelled one read as a plain hard-sharing run in `runs` and Compare.
    const controller = new AbortController();
    await expect(
      trainAutoRun(
        store,
        { datasetId, budgetSeconds: 60, base: { epochs: 3 } },
        {
          mode: 'in-process',
          signal: controller.signal,
          // As `train --arch auto --checkpoint-every 1` passes it: an Auto run saves none.
          checkpoints: { everyEpochs: 1, minSeconds: 0 },
          onAutoProgress: (_id, p) => p.trial && controller.abort(),
        },
      ),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    const run = (await store.training.listRuns(datasetId)).at(-1)!;
    expect(run.status).toBe('cancelled');
    expect(run.auto).toBe(true);
    // Stored as none (schema v14), so its restart (a new search) saves none either.
    expect((await store.training.getRun(run.id)).checkpointPolicy).toBe(false);
    expect((await store.training.getRun(run.id)).auto).toBe(true);
    await expect(store.training.autoSearch(run.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('search did not finish'),
    });
  });

  it("a cross-validated Auto keeps the base's epoch cap (train --arch auto --epochs) in every fold", async () => {
    // Found by a new user: under cross-validation the CLI dropped --epochs from Auto's method,
    // so each fold searched and trained with the default cap of 500 epochs.
    const evaluation = await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'auto', budgetSeconds: 2, seed: 2, base: { epochs: 3 } },
        plan: { k: 2, seed: 1 },
      },
      { mode: 'in-process' },
    );
    expect(evaluation.status).toBe('completed');
    expect(evaluation.method).toMatchObject({ kind: 'auto', base: { epochs: 3 } });
    for (const fold of evaluation.runs) {
      const search = await store.training.autoSearch(fold.runId);
      for (const t of search.trials) expect(t.epochs).toBeLessThanOrEqual(3);
      expect(search.chosen.epochs).toBe(3);
      const run = await store.training.getRun(fold.runId);
      expect(run.config.epochs).toBe(3);
      expect((await store.training.listEpochs(fold.runId)).length).toBeLessThanOrEqual(3);
    }
  });
});
