/**
 * `evaluate` lists a cross-validation stopped before any fold finished (found by a new user:
 * one cancelled in its first fold was in no list, of `evaluate` or of the studio, so only
 * `train` could continue it). The stopped state is made through the services, in-process,
 * with the configuration the command line below gives: cancelled as fold 1 of 2 began.
 * Expected values are by hand: 0 of 2 folds, then 2 of 2 after `train` continued it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let project: string;
let cvId: number;

/** The options after `-p <project>` that give CONFIG on 2 folds. */
const ARGS = ['--evaluation', 'cv', '--folds', '2', '--cv-seed', '5', '--epochs', '2'];
const ARGS_MORE = ['--seed', '1', '--hidden', '8'];
const CONFIG = { arch: 'hard-sharing' as const, epochs: 2, seed: 1, hiddenUnits: [8] };

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/stopped.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  try {
    const datasetId = (await importCsv(store, fixture('penguins.csv'), { name: 'penguins' })).id;
    await defineTasks(store, datasetId, [{ column: 'species' }]);
    const controller = new AbortController();
    await crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: CONFIG }, plan: { k: 2, seed: 5 } },
      // Cancelled as fold 1 begins: no fold run is stored.
      { mode: 'in-process', signal: controller.signal, onFold: () => controller.abort() },
    ).catch(() => undefined);
    const cv = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
    expect(cv.status).toBe('cancelled');
    expect(cv.runs).toEqual([]);
    cvId = cv.id;
  } finally {
    await store.close();
  }
});
afterAll(() => cleanup());

interface ListedCv {
  evaluation: { id: number; status: string };
  folds: number;
  plannedFolds: number;
  continuable: boolean;
  tasks: Record<string, { macroF1: { mean: number | null; n: number } }>;
}

describe('evaluate lists a cross-validation stopped before a fold finished', () => {
  it('in --json with its state, and in text with how to continue it', async () => {
    const json = await cli('evaluate', '-p', project, '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { crossValidations: ListedCv[]; runs: unknown[] };
    expect(doc.runs).toEqual([]);
    expect(doc.crossValidations).toHaveLength(1);
    const [cv] = doc.crossValidations;
    expect(cv.evaluation).toMatchObject({ id: cvId, status: 'cancelled' });
    expect(cv.folds).toBe(0);
    expect(cv.plannedFolds).toBe(2);
    expect(cv.continuable).toBe(true);
    // A mean over no fold: NaN in the service, null in JSON.
    expect(cv.tasks.species.macroF1).toEqual({ mean: null, std: null, n: 0 });

    const text = await cli('evaluate', '-p', project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Cross-validation ${cvId}: hard-sharing · equal, 2-fold × 1 (seed 5), 0 of 2 fold runs completed, cancelled.\n` +
        'Stopped (cancelled) with 0 of 2 folds finished. Continue it (all 2 folds trained) with the `train` command that began it (same --evaluation cv, --folds, --tasks and method; --fresh starts a new one), or with "Continue cross-validation" in the studio (Train or Compare).\n',
    );
    // No table of scores for it: none finished.
    expect(text.stdout).not.toContain('macro-F1 (mean ± std)');
  }, 60_000);

  it('the same train command continues it to the end; evaluate then lists its 2 folds', async () => {
    const again = await cli('train', '-p', project, ...ARGS, ...ARGS_MORE);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`continuing cross-validation CV${cvId} (cancelled)`);
    const json = await cli('evaluate', '-p', project, '--json');
    const [cv] = (JSON.parse(json.stdout) as { crossValidations: ListedCv[] }).crossValidations;
    expect(cv.evaluation).toMatchObject({ id: cvId, status: 'completed' });
    expect(cv.folds).toBe(2);
    expect(cv.continuable).toBe(false);
    expect(cv.tasks.species.macroF1.n).toBe(2);
    const text = await cli('evaluate', '-p', project);
    expect(text.stdout).not.toContain('Stopped (');
  }, 180_000);
});
