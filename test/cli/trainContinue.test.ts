/**
 * `train --evaluation cv` after a stop continues the stopped cross-validation (found by a
 * new user: the same command, as the stop message told, began a new one and trained every
 * fold again). The stopped state is made through the services, in-process, with the very
 * configuration the command line gives (arch, epochs, seed, hidden units; no tasks named):
 * stopped as fold 3 of 3 began, folds 1 and 2 completed. Expected values are by hand: the
 * fold numbers, the cross-validation ids in creation order, the run ids read back from the
 * store before the command ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { stoppedCrossValidationError } from '../../src/main/cli/commands/trainingStop';
import { continuingLine, foldRanges } from '../../src/main/cli/commands/trainProgress';
import { crossValidate } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let project: string;
let datasetId: number;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/continue.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  datasetId = (await importCsv(store, fixture('penguins.csv'), { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  await store.close();
});
afterAll(() => cleanup());

/** The options after `-p <project>`; the configuration below is what they give. */
const ARGS = ['--evaluation', 'cv', '--folds', '3', '--cv-seed', '9', '--epochs', '2'];
const ARGS_MORE = ['--seed', '1', '--hidden', '8'];
const CONFIG = { arch: 'hard-sharing' as const, epochs: 2, seed: 1, hiddenUnits: [8] };

/** Stores a cross-validation of CONFIG stopped as fold 3 began; its id and kept runs. */
async function stoppedAtFold3(): Promise<{ id: number; runs: number[] }> {
  const store = await ProjectStore.open(project);
  try {
    const controller = new AbortController();
    await crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: CONFIG }, plan: { k: 3, seed: 9 } },
      {
        mode: 'in-process',
        signal: controller.signal,
        onFold: (done) => {
          if (done === 3) controller.abort();
        },
      },
    ).catch(() => undefined);
    const cv = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
    expect(cv.status).toBe('cancelled');
    return { id: cv.id, runs: cv.runs.map((r) => r.runId) };
  } finally {
    await store.close();
  }
}

describe('continuing a stopped cross-validation from the command line', () => {
  it('says fold ranges as a person would', () => {
    expect(foldRanges([1, 2])).toBe('1–2');
    expect(foldRanges([3])).toBe('3');
    expect(foldRanges([1, 2, 4, 5])).toBe('1–2, 4–5');
    expect(continuingLine(4, 'interrupted', [], 2)).toBe(
      'continuing cross-validation CV4 (interrupted): no fold kept, training 1–2 (add --fresh to start a new one)',
    );
  });

  it('--fresh begins a new one; the same command without it continues the stopped one', async () => {
    const stopped = await stoppedAtFold3();
    expect(stopped.runs).toHaveLength(2);

    const fresh = await cli('train', '-p', project, ...ARGS, ...ARGS_MORE, '--fresh');
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).not.toContain('continuing');
    expect(fresh.stderr).toContain('fold 1 of 3\n');

    const again = await cli('train', '-p', project, ...ARGS, ...ARGS_MORE);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      `note: continuing cross-validation CV${stopped.id} (cancelled): folds 1–2 kept, training 3 (add --fresh to start a new one)\n`,
    );
    expect(again.stderr).toContain('fold 3 of 3\n');
    expect(again.stderr).not.toContain('fold 1 of 3');

    const store = await ProjectStore.open(project);
    try {
      const all = await store.evaluation.crossValidations(datasetId);
      // CV1 continued and completed, CV2 the fresh one: no third was begun.
      expect(all.map((e) => [e.id, e.status])).toEqual([
        [stopped.id, 'completed'],
        [stopped.id + 1, 'completed'],
      ]);
      expect(all[0].runs.map((r) => r.fold)).toEqual([0, 1, 2]);
      expect(all[0].runs.slice(0, 2).map((r) => r.runId)).toEqual(stopped.runs);

      // The stop message's command leaves --fresh out: typed again, it continues.
      const err = await stoppedCrossValidationError(
        store,
        stopped.id,
        { done: 3, total: 3 },
        'SIGINT',
        ['train', '-p', project, ...ARGS, '--fresh'],
      );
      expect(err.details?.next).toBe(`mtl-studio train -p ${project} ${ARGS.join(' ')}`);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('--fresh on the split is refused, not dropped silently', async () => {
    const out = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--epochs',
      '1',
      '--hidden',
      '8',
      '--fresh',
    );
    // Given --evaluation split it has no effect: refused (trainOptions.ts
    // inapplicableOptionError); under --evaluation auto choosing the split, only warned.
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'error: --fresh applies to cross-validation only: it has no effect with --evaluation split; use --evaluation cv, or leave --fresh out.\n',
    );
  }, 60_000);

  it('the stop message says the kept folds and that the same command continues', async () => {
    const stopped = await stoppedAtFold3();
    const store = await ProjectStore.open(project);
    try {
      const err = await stoppedCrossValidationError(
        store,
        stopped.id,
        { done: 3, total: 3 },
        'SIGINT',
        ['train', '-p', project, ...ARGS],
      );
      expect(err.message).toBe(
        `Cancelled by SIGINT (Ctrl-C) in fold 3 of 3: cross-validation CV${stopped.id} stored as cancelled, before fold 3's run was stored; the 2 folds finished before are kept. Continue it (the 1 fold not finished trained anew, the finished ones reused) with the same command, for a POSIX shell: mtl-studio train -p ${project} ${ARGS.join(' ')}`,
      );
    } finally {
      await store.close();
    }
  }, 60_000);
});
