/**
 * A task whose name holds a comma ("size, coarse", a column of that name) cannot be named with
 * `train --tasks`, which splits a value at its commas; `--task` (repeatable) takes each name
 * whole. Run through the real binary (npm run build:cli first). The table is written here:
 * 48 rows whose two target columns are functions of the row number, so every split holds
 * labelled rows of both classes of each task. Expected names: the columns written below.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

describe('train --task with a comma in the task name', () => {
  let project: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const dir = await makeTempDir();
    cleanup = dir.cleanup;
    project = join(dir.dir, 'p.mtlproj');
    const lines = ['x,y,"size, coarse",colour'];
    for (let i = 0; i < 48; i++)
      lines.push(
        `${i},${(i * 7) % 11},${i % 2 === 0 ? 'big' : 'small'},${i % 3 === 0 ? 'red' : 'blue'}`,
      );
    const csv = join(dir.dir, 'shapes.csv');
    await writeFile(csv, `${lines.join('\n')}\n`);
    expect((await cli('import', csv, '-p', project)).code).toBe(0);
    const tasks = await cli('tasks', '-p', project, '--add', 'size, coarse', 'colour');
    expect(tasks.code, tasks.stderr).toBe(0);
  }, 60_000);
  afterAll(() => cleanup?.());

  it('trains the task named whole with --task, repeated for each task', async () => {
    const r = await cli(
      'train',
      '-p',
      project,
      '--task',
      'size, coarse',
      '--task',
      'colour',
      '--epochs',
      '1',
      '--evaluation',
      'split',
      '--in-process',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { run: { tasks: string[] } }).run.tasks).toEqual([
      'size, coarse',
      'colour',
    ]);
  }, 120_000);

  it('refuses --task and --tasks together, naming both', async () => {
    const r = await cli('train', '-p', project, '--tasks', 'colour', '--task', 'size, coarse');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "option '--task <name>' cannot be used with option '--tasks <names...>'",
    );
  });

  it('lists --task in train --help', async () => {
    const r = await cli('train', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--task <name>');
    expect(r.stdout).toContain('--task "size, coarse"');
  });
});
