/**
 * Labelling a dataset that has no labels at all (a flat folder of images): a new user
 * imported one and found no way to label it — the Tasks view offered only the image column
 * and the Label view needs a task. `tasks.create` adds an empty categorical column and a
 * task on it (services/tasks.ts createLabelTask over store/tasks.ts createOnNewColumn);
 * labels then fill it (its column profile too: missing and class counts move with them).
 * Driven through dispatch, so the contract's validation runs too, and
 * through the CLI (`tasks --new`, which runs out/cli: `npm run build:cli` first).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { cli } from '../cli/run';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

// test/fixtures/images-odd/README.md: a flat folder of 7 image files, broken.png corrupt,
// so 6 images import with --on-corrupt skip (copy-of-grid.png kept as a flagged duplicate).
const ODD = fileURLToPath(new URL('../fixtures/images-odd', import.meta.url));
const IMAGES = 6;

let dir: string;
let session: StudioSession;
let events: DispatchSession['events'];
let call: DispatchSession['call'];
let fail: DispatchSession['fail'];
let datasetId: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-new-task-'));
  ({ session, events, call, fail } = dispatchSession(join(dir, 'state')));
  await call('projects.create', { path: join(dir, 'odd') });
  const result = await call('assets.import', {
    importId: 'i1',
    path: ODD,
    size: 28,
    onCorrupt: 'skip',
  });
  expect(result.imported).toBe(IMAGES);
  datasetId = result.dataset.id;
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

const columns = async () =>
  (await call('datasets.columns', { datasetId })).map((c) => [c.name, c.type, c.role]);

describe('a task to label from scratch', () => {
  it('starts from a flat folder with only its image column', async () => {
    expect(await columns()).toEqual([['path', 'image', 'input']]);
    expect(await call('tasks.list', { datasetId })).toEqual([]);
  });

  it.each([
    ['the name of an existing column', 'path', ['a', 'b'], /already has an image column "path"/],
    ['a class twice (after trimming)', 'colour', ['red', ' red '], /class "red" twice/],
    ['two classes, one of them blank', 'colour', ['red', ' '], /empty name/],
  ])('refuses %s and changes nothing', async (_case, name, classes, message) => {
    const error = await fail('tasks.create', { datasetId, name, classes });
    expect(error.code).toBe('TASK_INVALID');
    expect(error.message).toMatch(message);
    expect(await columns()).toEqual([['path', 'image', 'input']]);
    expect(await call('tasks.list', { datasetId })).toEqual([]);
  });

  it('refuses fewer than two classes already in the contract', async () => {
    expect((await fail('tasks.create', { datasetId, name: 'x', classes: ['a'] })).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('adds an empty target column and a task on it, in the classes order given', async () => {
    events.length = 0;
    const tasks = await call('tasks.create', {
      datasetId,
      name: ' colour ',
      classes: ['red', 'blue', 'green'],
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      name: 'colour',
      targetColumn: 'colour',
      classes: ['red', 'blue', 'green'],
      kind: 'multiclass',
      // Every row lacks the label: nothing labelled yet.
      classCounts: [0, 0, 0],
      missing: IMAGES,
      coverage: 0,
    });
    expect(await columns()).toEqual([
      ['path', 'image', 'input'],
      ['colour', 'categorical', 'target'],
    ]);
    expect(events.map((e) => e.channel)).toEqual(
      expect.arrayContaining(['tasks.changed', 'datasets.changed']),
    );
    // A second task with the same name is refused, naming the task that has it.
    expect(
      (await fail('tasks.create', { datasetId, name: 'colour', classes: ['a', 'b'] })).message,
    ).toMatch(/already has a task "colour"/);
  });

  it('is labelled like any task: the labels land in the new column', async () => {
    events.length = 0;
    await call('labels.set', {
      datasetId,
      changes: [
        { rowId: 1, task: 'colour', label: 'blue' },
        { rowId: 2, task: 'colour', label: 'red' },
        { rowId: 3, task: 'colour', label: 'blue' },
      ],
      source: 'user',
    });
    const [task] = await call('tasks.list', { datasetId });
    // Hand count of the three labels above, in class order red, blue, green.
    expect(task.classCounts).toEqual([1, 2, 0]);
    expect(task.missing).toBe(IMAGES - 3);
    const overview = await call('labels.overview', { datasetId });
    expect(overview.imageColumn).toBe('path');
    expect(overview.tasks.map((t) => t.task)).toEqual(['colour']);
    const page = await call('datasets.rows', { datasetId, offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.values[1])).toEqual(['blue', 'red', 'blue', null, null, null]);
    // The column's profile follows (the Data view said every image unlabelled), and the
    // Data view hears of it: the same hand count.
    const profile = (await call('datasets.columns', { datasetId }))[1].profile;
    expect(profile).toEqual({
      missing: IMAGES - 3,
      distinct: 2,
      numeric: null,
      topCategories: [
        { value: 'blue', count: 2 },
        { value: 'red', count: 1 },
      ],
    });
    // The Data view hears of it (one datasets.changed for the dataset), carrying the dataset
    // as the label write read it: the new column's profile, the same hand count.
    expect(events).toContainEqual({
      channel: 'datasets.changed',
      payload: {
        datasetId,
        deleted: false,
        dataset: expect.objectContaining({ id: datasetId }),
      },
    });
    const told = events.find((e) => e.channel === 'datasets.changed')!.payload as {
      dataset: { columns: { profile: unknown }[] };
    };
    expect(told.dataset.columns[1].profile).toEqual(profile);
    // Undo moves it back: row 1 to 3 unlabelled again; an undo is a change the view hears of.
    events.length = 0;
    await call('labels.undo', { datasetId });
    expect((await call('datasets.columns', { datasetId }))[1].profile).toMatchObject({
      missing: IMAGES,
      distinct: 0,
      topCategories: [],
    });
    expect(events).toContainEqual({
      channel: 'datasets.changed',
      payload: {
        datasetId,
        deleted: false,
        dataset: expect.objectContaining({ id: datasetId }),
      },
    });
    // The dataset read alone is its entry in the list, profiles included.
    const alone = await call('datasets.get', { datasetId });
    expect(alone.columns[1].profile).toMatchObject({ missing: IMAGES, distinct: 0 });
    expect((await call('datasets.list', {})).find((d) => d.id === datasetId)).toEqual(alone);
    expect((await fail('datasets.get', { datasetId: datasetId + 1000 })).code).toBe('NOT_FOUND');
    await call('labels.redo', { datasetId });
  });

  it('deleted unlabelled, leaves its empty column ignored, not an input the models read', async () => {
    // A new user made a task to label, deleted it, and found its empty column on every
    // Label card and in every later model as an input (all missing). An all-missing column
    // is 'ignore', as an import makes one; a column with labels (colour) stays an input.
    const [created] = (
      await call('tasks.create', { datasetId, name: 'unused', classes: ['x', 'y'] })
    ).filter((t) => t.name === 'unused');
    await call('tasks.delete', { taskId: created.id });
    expect(await columns()).toEqual([
      ['path', 'image', 'input'],
      ['colour', 'categorical', 'target'],
      ['unused', 'categorical', 'ignore'],
    ]);
    const overview = await call('labels.overview', { datasetId });
    expect(overview.cardColumns).toEqual([]);
  });

  it('recreated under the same name, takes up its empty leftover column again', async () => {
    // Found by a new user: deleting a task to label and creating it again by the same name
    // was refused ("already has a column"), the leftover column being empty and ignored.
    const recreated = (
      await call('tasks.create', { datasetId, name: 'unused', classes: ['x', 'y', 'z'] })
    ).find((t) => t.name === 'unused');
    expect(recreated).toMatchObject({ targetColumn: 'unused', classes: ['x', 'y', 'z'] });
    // The same three columns: none added, the leftover one a target again.
    expect(await columns()).toEqual([
      ['path', 'image', 'input'],
      ['colour', 'categorical', 'target'],
      ['unused', 'categorical', 'target'],
    ]);
    await call('tasks.delete', { taskId: recreated!.id });
    // A column holding values is not taken over. "path" holds the images, which cannot be a
    // task's target: the error does not suggest adding it as one (found by a new user: the
    // suggested `tasks --add path` failed with "Column path is image").
    const taken = await fail('tasks.create', { datasetId, name: 'path', classes: ['a', 'b'] });
    expect(taken.message).toContain(
      'already has an image column "path" holding values, which cannot be a task\'s target; give the new task another name.',
    );
    expect(taken.message).not.toContain('tasks --add');
  });

  it('refuses to take up an empty column the user set to input', async () => {
    // Only the leftover of a deleted task (empty, ignored) is taken up: an empty
    // categorical column set to input is the user's (before: silently made a target).
    const [created] = (
      await call('tasks.create', { datasetId, name: 'blank', classes: ['x', 'y'] })
    ).filter((t) => t.name === 'blank');
    await call('tasks.delete', { taskId: created.id });
    await call('datasets.setRole', { datasetId, column: 'blank', role: 'input' });
    const refused = await fail('tasks.create', { datasetId, name: 'blank', classes: ['x', 'y'] });
    expect(refused.code).toBe('TASK_INVALID');
    expect(refused.message).toMatch(/empty column "blank" with role input/);
    expect((await columns()).find((c) => c[0] === 'blank')).toEqual([
      'blank',
      'categorical',
      'input',
    ]);
    await call('datasets.setRole', { datasetId, column: 'blank', role: 'ignore' });
  });

  it('after its task is deleted, an undo still tells the pages', async () => {
    const [task] = await call('tasks.list', { datasetId });
    await call('tasks.delete', { taskId: task.id });
    events.length = 0;
    // The redo above is the newest action: undoing it writes rows 1 to 3 of column colour
    // (the store's label_events.column_name), though no task names that column now: the
    // pages hear of it all the same.
    const undone = await call('labels.undo', { datasetId });
    expect(undone.changes.map((c) => c.rowId).sort()).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.channel === 'datasets.changed')).toEqual([
      {
        channel: 'datasets.changed',
        payload: { datasetId, deleted: false, dataset: expect.objectContaining({ id: datasetId }) },
      },
    ]);
  });
});

describe('mtl-studio tasks --new', () => {
  it('makes the task on a new column; labels import fills it by image path', async () => {
    const project = join(dir, 'cli.mtlproj');
    expect(
      (await cli('import-images', ODD, '-p', project, '--size', '28', '--on-corrupt', 'skip')).code,
    ).toBe(0);
    const refused = await cli('tasks', '-p', project, '--new', 'x=a', '--json');
    expect(refused.code).not.toBe(0);
    expect(JSON.parse(refused.stdout).error.message).toMatch(/at least 2 classes, got 1 \(a\)/);
    const made = await cli('tasks', '-p', project, '--new', 'colour=red, blue', '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout).tasks).toMatchObject([
      { name: 'colour', classes: ['red', 'blue'], classCounts: [0, 0], missing: IMAGES },
    ]);
    const labels = join(dir, 'labels.csv');
    await writeFile(labels, 'path,colour\ngrid.png,blue\nphoto.jpg,red\n');
    expect((await cli('labels', 'import', '-p', project, labels)).code).toBe(0);
    const listed = JSON.parse((await cli('tasks', '-p', project, '--json')).stdout);
    // The two labels of labels.csv above: red 1, blue 1; the other 4 images stay unlabelled.
    expect(listed.tasks[0]).toMatchObject({ classCounts: [1, 1], missing: IMAGES - 2 });
    // The column's profile says the same (it said all 6 missing after the import).
    const shown = JSON.parse((await cli('columns', '-p', project, '--json')).stdout);
    expect(shown.dataset.columns[1].profile).toMatchObject({
      missing: IMAGES - 2,
      distinct: 2,
      topCategories: [
        { value: 'blue', count: 1 },
        { value: 'red', count: 1 },
      ],
    });
  }, 60_000);
});
