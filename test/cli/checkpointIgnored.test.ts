/**
 * `train --checkpoint-every` / `--checkpoint-seconds` where no checkpoint is saved: the
 * folds of a cross-validation (services/crossValidation.ts trains them with
 * `checkpoints: false`) and an Auto run. A new user's `--checkpoint-every 1` under a
 * cross-validation was ignored without a word; now one warning line on stderr, and the
 * same under `warnings` with --json. Expected texts written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointIgnoredWarning } from '../../src/main/cli/commands/trainOptions';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun, type TrainHooks } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const CV_WARNING =
  '--checkpoint-every is ignored: cross-validation folds are not checkpointed (a stopped ' +
  'cross-validation is continued by the same command: its finished folds are kept, a ' +
  'stopped fold trains again from its first epoch); to checkpoint, train on the split ' +
  'with --evaluation split';

describe('checkpoint options where nothing is checkpointed', () => {
  it('names only the options that ask for a checkpoint, one "is", two "are"', () => {
    expect(checkpointIgnoredWarning(undefined, undefined, 'cv')).toBeNull();
    expect(checkpointIgnoredWarning(0, undefined, 'cv')).toBeNull();
    expect(checkpointIgnoredWarning(1, undefined, 'cv')).toBe(CV_WARNING);
    expect(checkpointIgnoredWarning(2, 5, 'cv')).toMatch(
      /^--checkpoint-every and --checkpoint-seconds are ignored: cross-validation folds/,
    );
    // --checkpoint-every 0 asks for no checkpoint: not named beside --checkpoint-seconds.
    expect(checkpointIgnoredWarning(0, 5, 'cv')).toMatch(
      /^--checkpoint-seconds is ignored: cross-validation folds/,
    );
    expect(checkpointIgnoredWarning(undefined, 5, 'auto', '/tmp/my runs/p.mtlproj')).toBe(
      "--checkpoint-seconds is ignored: an Auto run is not checkpointed (a stopped one is searched again from the start with mtl-studio restart <run> -p '/tmp/my runs/p.mtlproj')",
    );
  });

  it('an Auto search under cross-validation gives no advice to train on the split', () => {
    // A split Auto run is not checkpointed either: "--evaluation split" would not help.
    expect(checkpointIgnoredWarning(1, undefined, 'auto-cv')).toBe(
      '--checkpoint-every is ignored: an Auto search is never checkpointed, under ' +
        'cross-validation or on the split (a stopped cross-validation is continued by the ' +
        'same command: its finished folds are kept, a stopped fold searches again)',
    );
  });

  it('a cross-validation fold stopped mid-way has no checkpoint, though every epoch was asked for', async () => {
    const store = await ProjectStore.open(`${dir}/stop.mtlproj`, { create: true });
    try {
      const datasetId = (await importCsv(store, fixture('penguins.csv'), { name: 'p' })).id;
      await defineTasks(store, datasetId, [{ column: 'species' }]);
      const config = { epochs: 30, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 1 };
      /** Hooks asking for a checkpoint after every epoch, stopping the run after epoch 3. */
      const stopAfter3 = (): TrainHooks => {
        const controller = new AbortController();
        return {
          mode: 'in-process',
          signal: controller.signal,
          checkpoints: { everyEpochs: 1, minSeconds: 0 },
          onEpoch: (_, record) => {
            if (record.epoch >= 3) controller.abort();
          },
        };
      };
      // Control: the same hooks on a plain run do leave a checkpoint (so the check can fail).
      let plainId = 0;
      await expect(
        trainRun(
          store,
          { datasetId, config },
          { ...stopAfter3(), onStarted: (r) => (plainId = r.id) },
        ),
      ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
      expect((await store.training.getRun(plainId)).checkpointEpoch).toBeGreaterThanOrEqual(1);
      // A fold of a cross-validation, stopped the same way: none.
      let foldId = 0;
      await expect(
        crossValidate(
          store,
          { datasetId, method: { kind: 'fixed', config }, plan: { k: 2, seed: 1 } },
          { ...stopAfter3(), onStarted: (r) => (foldId = r.id) },
        ),
      ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
      const fold = await store.training.getRun(foldId);
      expect(fold.status).toBe('cancelled');
      expect(fold.checkpointEpoch).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('train under cross-validation warns on stderr and in --json, and stores no checkpoint', async () => {
    const project = `${dir}/p.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'island')).code).toBe(0);
    // 344 labelled rows < 2000: a plain train cross-validates.
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--folds',
      '2',
      '--epochs',
      '2',
      '--checkpoint-every',
      '1',
      '--in-process',
    );
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').filter((l) => l.includes('checkpoint'))).toEqual([
      `warning: ${CV_WARNING}`,
    ]);
    const doc = JSON.parse(out.stdout) as {
      crossValidation: { evaluation: { runs: unknown[] } };
      warnings: string[];
    };
    expect(doc.crossValidation.evaluation.runs).toHaveLength(2);
    expect(doc.warnings).toEqual([CV_WARNING]);
  });
});
