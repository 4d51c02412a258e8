/**
 * Found by a new user: `tasks --remove color` while a run trained on task color was allowed,
 * and a train starting then failed with "Dataset 1 has no task named color". The store now
 * refuses removing a task that a queued or running run trains (TASK_IN_TRAINING), for the
 * studio's tasks.delete and the CLI alike; a task no live run trains goes as before. Also:
 * a text column given as a task names the fix (TASK_COLUMN_TEXT).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { ensureSplit } from '../../src/main/services/training';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { PENGUINS } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-task-remove-training-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('removing a task a run trains', () => {
  it('is refused while the run is queued or running, naming the run; done once it ended', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
      await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
      const split = await ensureSplit(store, datasetId);
      const run = await store.training.createRun({
        datasetId,
        splitId: split.id,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      });
      const [species, sex] = await store.tasks.list(datasetId);
      expect([species.name, sex.name]).toEqual(['species', 'sex']);
      for (const status of ['queued', 'running'] as const) {
        await store.training.updateRun(run.id, { status });
        await expect(store.tasks.delete(species.id)).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: `Run ${run.id} is training task "species"; stop it before removing the task (Ctrl+C in the terminal that trains it, or Cancel in the studio's Train view).`,
          details: { reason: 'TASK_IN_TRAINING', params: { id: run.id, task: 'species' } },
        });
      }
      // All or none: removing both in one transaction removes neither.
      await expect(store.tasks.createMany([], [sex.id, species.id])).rejects.toMatchObject({
        details: { reason: 'TASK_IN_TRAINING' },
      });
      expect((await store.tasks.list(datasetId)).map((t) => t.name)).toEqual(['species', 'sex']);
      // A task the run does not train goes.
      await store.tasks.delete(sex.id);
      // Once the run ended, its task goes too.
      await store.training.updateRun(run.id, { status: 'completed' });
      await store.tasks.delete(species.id);
      expect(await store.tasks.list(datasetId)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('a text column as a task', () => {
  it('names re-importing it as categorical (no path changes a type after import)', async () => {
    const store = await ProjectStore.open(join(dir, 'text.mtlproj'), { create: true });
    try {
      const datasetId = (
        await importCsv(store, PENGUINS, { name: 'penguins', columnTypes: { island: 'text' } })
      ).id;
      await expect(defineTasks(store, datasetId, [{ column: 'island' }])).rejects.toMatchObject({
        code: 'TASK_INVALID',
        message:
          'Column "island" is text; a task needs a categorical column. A column\'s type is set at import: import the file again with it read as categorical (mtl-studio import <csv> -p <project> --type island=categorical; in the studio, its type in the import\'s columns).',
        details: { reason: 'TASK_COLUMN_TEXT', params: { column: 'island' } },
      });
    } finally {
      await store.close();
    }
  }, 60_000);
});
