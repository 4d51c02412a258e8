/**
 * Defining several tasks is all or none (services/tasks.ts defineTasks over
 * store/tasks.ts createMany): the user's `tasks --add species nonexistent` printed the error
 * for 'nonexistent' but had added 'species'.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { cli } from '../cli/run';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'tasks.mtlproj'), { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

const roles = async () =>
  Object.fromEntries((await store.datasets.get(datasetId)).columns.map((c) => [c.name, c.role]));

describe('defineTasks', () => {
  it.each([
    ['an unknown column after a good one', ['species', 'nonexistent'], /no column "nonexistent"/],
    ['a good column after an unknown one', ['nonexistent', 'species'], /no column "nonexistent"/],
    ['the same column twice', ['species', 'species'], /already has a task named "species"/],
    ['too many classes after a good one', ['sex', 'bill_length_mm'], /at most 100 classes/],
  ])('adds nothing when one request is refused: %s', async (_case, columns, message) => {
    const before = await roles();
    await expect(
      defineTasks(
        store,
        datasetId,
        columns.map((column) => ({ column })),
      ),
    ).rejects.toMatchObject({ code: 'TASK_INVALID', message: expect.stringMatching(message) });
    expect(await store.tasks.list(datasetId)).toEqual([]);
    expect(await roles()).toEqual(before);
  });

  it('adds them all, in order, when every request is sound', async () => {
    const created = await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
    expect(created.map((t) => t.name)).toEqual(['species', 'sex']);
    expect((await store.tasks.list(datasetId)).map((t) => t.name)).toEqual(['species', 'sex']);
    // A later batch clashing with an existing task adds nothing either.
    await expect(
      defineTasks(store, datasetId, [{ column: 'island' }, { column: 'sex' }]),
    ).rejects.toMatchObject({ code: 'TASK_INVALID' });
    expect((await store.tasks.list(datasetId)).map((t) => t.name)).toEqual(['species', 'sex']);
  });

  it('trims the given classes and refuses an empty one, naming its number', async () => {
    // penguins' island column holds Biscoe, Dream, Torgersen (read from the file by hand).
    await expect(
      defineTasks(store, datasetId, [{ column: 'island', classes: ['Biscoe', '', 'Dream'] }]),
    ).rejects.toMatchObject({
      code: 'TASK_INVALID',
      message: 'Class 2 of the class order for "island" is empty.',
    });
    expect((await store.tasks.list(datasetId)).map((t) => t.name)).toEqual(['species', 'sex']);
    const [island] = await defineTasks(store, datasetId, [
      { column: 'island', classes: [' Torgersen', 'Biscoe\t', ' Dream '] },
    ]);
    expect(island.classes).toEqual(['Torgersen', 'Biscoe', 'Dream']);
  });

  it('the CLI: tasks --add ok nonexistent adds neither', async () => {
    const project = join(dir, 'cli.mtlproj');
    await cli('import', PENGUINS, '-p', project);
    const refused = await cli('tasks', '-p', project, '--add', 'species', 'nonexistent');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no column "nonexistent"/);
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout);
    expect(listed.tasks).toEqual([]);
  });
});
