/**
 * Folder labels of an image import become tasks (one rule: services/assets.ts's
 * importImagesWithTasks, for `assets.import` and `mtl-studio import-images`). Found by a new
 * user: a folder with 3 class sub-folders imported with the level named `garment` left the
 * column with role ignore and "Tasks (0)". Expected values by hand: the folders written
 * below (coat/ dress/ shirt/, 4 PNGs each) give the classes coat, dress, shirt (sorted, the
 * default order) with 4 rows each; a second level with one folder only (`fabric`: cotton)
 * has 1 class, too few for a task.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { cli } from '../cli/run';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

const CLASSES = ['coat', 'dress', 'shirt'];
const PER_CLASS = 4;

let dir: string;
let session: StudioSession;
let call: DispatchSession['call'];
let flat: string;
let nested: string;

/** Writes `PER_CLASS` 8×8 PNGs per class under `root/<class>/<sub…>/`. */
async function writeFolder(root: string, sub: string[] = []): Promise<void> {
  for (const [k, label] of CLASSES.entries()) {
    const folder = join(root, label, ...sub);
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const grey = k * 60 + i;
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
      })
        .png()
        .toFile(join(folder, `${i}.png`));
    }
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-import-tasks-'));
  ({ session, call } = dispatchSession(join(dir, 'state')));
  flat = join(dir, 'garments');
  nested = join(dir, 'nested');
  await writeFolder(flat);
  await writeFolder(nested, ['cotton']);
  await call('projects.create', { path: join(dir, 'p') });
}, 60_000);
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('image import: folder levels become tasks', () => {
  it('assets.import defines the named level as a task, its column role target', async () => {
    const result = await call('assets.import', {
      importId: 'i1',
      path: flat,
      size: 8,
      tasksFromFolders: ['garment'],
    });
    expect(result.tasks).toEqual(['garment']);
    expect(result.untasked).toEqual([]);
    const datasetId = result.dataset.id;
    expect(result.dataset.columns.find((c) => c.name === 'garment')?.role).toBe('target');
    const tasks = await call('tasks.list', { datasetId });
    expect(tasks).toMatchObject([
      { name: 'garment', targetColumn: 'garment', classes: CLASSES, classCounts: [4, 4, 4] },
    ]);
    const columns = await call('datasets.columns', { datasetId });
    expect(columns.map((c) => [c.name, c.role])).toEqual([
      ['path', 'input'],
      ['garment', 'target'],
    ]);
  });

  it('makeTasks false leaves the column ignored and no task', async () => {
    const result = await call('assets.import', {
      importId: 'i2',
      path: flat,
      name: 'no-tasks',
      size: 8,
      makeTasks: false,
    });
    expect(result.tasks).toEqual([]);
    expect(result.dataset.columns.find((c) => c.name === 'label')?.role).toBe('ignore');
    expect(await call('tasks.list', { datasetId: result.dataset.id })).toEqual([]);
  });

  it('a level with one class is named in untasked, the other becomes a task', async () => {
    const result = await call('assets.import', { importId: 'i3', path: nested, size: 8 });
    expect(result.tasks).toEqual(['level_1']);
    expect(result.untasked).toEqual([{ column: 'level_2', classes: 1 }]);
    expect(result.dataset.columns.find((c) => c.name === 'level_2')?.role).toBe('ignore');
  });
});

describe('mtl-studio import-images: the same rule', () => {
  it('defines the folder task and says so; --no-tasks leaves it out', async () => {
    const project = join(dir, 'cli.mtlproj');
    const made = await cli(
      'import-images',
      flat,
      '-p',
      project,
      '--size',
      '8',
      '--tasks-from-folders',
      'garment',
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('Task garment defined from the folders');
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout);
    expect(listed.tasks).toMatchObject([
      { name: 'garment', classes: CLASSES, classCounts: [4, 4, 4] },
    ]);

    const bare = join(dir, 'bare.mtlproj');
    const plain = await cli('import-images', flat, '-p', bare, '--size', '8', '--no-tasks');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('defined from the folders');
    expect(JSON.parse((await cli('--json', 'tasks', '-p', bare)).stdout).tasks).toEqual([]);
  }, 120_000);
});
