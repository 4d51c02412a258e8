/**
 * `mtl-studio restart RUN` (found by a new user: `train --resume` on a run without a
 * checkpoint said "restart it", but the CLI had no way to). The command trains a stopped
 * run again as a new run through the studio's own restartRequest, so it refuses what the
 * studio's Restart refuses. Expected values are the stopped run's own stored fields (the
 * new run must repeat them) and the refusals' wording in services/training.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { ensureFoldScheme } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const CONFIG = {
  ...DEFAULT_TRAIN_CONFIG,
  epochs: 3,
  patience: 0,
  patienceSteps: 0,
  hiddenUnits: [8],
  seed: 1,
};

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
/** A cancelled plain run without a checkpoint, and a cancelled fold of a cross-validation. */
let cancelled: number;
/** A cancelled Auto run (not resumed from checkpoints: restarted). */
let autoRun: number;
let fold: { runId: number; evaluationId: number };
let splitId: number;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/restart.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  try {
    const datasetId = (await importCsv(store, fixture('penguins.csv'), { name: 'penguins' })).id;
    await defineTasks(store, datasetId, [{ column: 'species' }]);
    splitId = (await ensureSplit(store, datasetId)).id;
    const run = await store.training.createRun({
      datasetId,
      splitId,
      tasks: ['species'],
      config: CONFIG,
    });
    await store.training.updateRun(run.id, { status: 'cancelled' });
    cancelled = run.id;
    const auto = await store.training.createRun({
      datasetId,
      splitId,
      tasks: ['species'],
      config: CONFIG,
      auto: { budgetSeconds: 1, seed: 1, brackets: 1 },
    });
    await store.training.updateRun(auto.id, { status: 'cancelled' });
    autoRun = auto.id;
    const scheme = await ensureFoldScheme(store, datasetId, { k: 3 });
    const cv = await store.evaluation.createCrossValidation({
      schemeId: scheme.id,
      tasks: ['species'],
      method: { kind: 'fixed', config: CONFIG },
    });
    const f = scheme.folds[0];
    const foldRun = await store.training.createRun({
      datasetId,
      splitId: f.splitId,
      tasks: ['species'],
      config: CONFIG,
    });
    await store.evaluation.addFoldRun(cv.id, f.repeat, f.fold, foldRun.id);
    await store.training.updateRun(foldRun.id, { status: 'cancelled' });
    fold = { runId: foldRun.id, evaluationId: cv.id };
  } finally {
    await store.close();
  }
});
afterAll(() => cleanup());

describe('mtl-studio restart', () => {
  it('is listed in --help, and named where resuming is not possible', async () => {
    expect((await cli('--help')).stdout).toMatch(
      /^ {2}restart \[options\] <run> +Train a stopped/m,
    );
    const resumed = await cli('--json', 'train', '-p', project, '--resume', String(cancelled));
    expect(resumed.code).toBe(1);
    expect(JSON.parse(resumed.stdout).error).toMatchObject({
      code: 'CHECKPOINT_INVALID',
      message: expect.stringContaining(
        `restart it (mtl-studio restart ${cancelled} -p ${project}, or Restart in the Train view)`,
      ),
    });
  });

  it('the hint after train --resume of an Auto run is runnable: it names the project', async () => {
    // Found by a new user: "restart it instead (mtl-studio restart 1, …)" lacked -p.
    const resumed = await cli('train', '-p', project, '--resume', String(autoRun));
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toBe(
      `error: Run ${autoRun} is an Auto run, which is not resumed from checkpoints; restart it instead (mtl-studio restart ${autoRun} -p ${project}, or Restart in the Train view).\n`,
    );
  });

  it('trains a stopped run again as a new run with its configuration', async () => {
    const restarted = await cli(
      '--json',
      'restart',
      String(cancelled),
      '-p',
      project,
      '--in-process',
    );
    expect(restarted.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(restarted.code).toBe(0);
    const { run } = JSON.parse(restarted.stdout);
    expect(run).toMatchObject({
      status: 'completed',
      restartOf: cancelled,
      splitId,
      tasks: ['species'],
      config: CONFIG,
    });
    expect(run.id).not.toBe(cancelled);
    // The new run is completed: refused, in one line on stderr without --json.
    const again = await cli('restart', String(run.id), '-p', project);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `error: Run ${run.id} is completed; only an interrupted, cancelled or failed run can be restarted\n`,
    );
  });

  it('refuses a fold of a cross-validation, as the studio does', async () => {
    const refused = await cli('--json', 'restart', String(fold.runId), '-p', project);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        new RegExp(`^Run ${fold.runId} is a fold of cross-validation CV${fold.evaluationId};`),
      ),
    });
  });

  it('refuses a run id that is not a positive whole number before opening the project', async () => {
    const refused = await cli('--json', 'restart', 'x', '-p', `${dir}/none.mtlproj`);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
