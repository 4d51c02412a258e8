/**
 * `labels export` on a dataset without a task. Found by a new user: it wrote the row ids
 * alone and said "Wrote 3 rows × 0 task(s) ()". Now refused (exit 1, as `labels queue`
 * refuses a dataset without a completed run), saying how to define a task; with one task the
 * line says "1 task", not "task(s)". Expected by hand: the file below has 3 rows.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  writeFileSync(`${dir}/d.csv`, 'x,y\n1,a\n2,b\n3,a\n');
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', `${dir}/d.csv`, '-p', project)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('labels export without a task', () => {
  it('is refused, saying how to define one, to stdout and to a file alike', async () => {
    const line =
      `error: Dataset "d" has no tasks, so there are no labels to export. Define one first: ` +
      `mtl-studio tasks -p ${project} --add COLUMN (a column holding its classes), or --new TASK=a,b,c (a task to label from scratch).\n`;
    const stdout = await cli('labels', 'export', '-p', project);
    expect(stdout.code).toBe(1);
    expect(stdout.stderr).toBe(line);
    expect(stdout.stdout).toBe('');
    const file = await cli('labels', 'export', '-p', project, '-o', `${dir}/labels.csv`);
    expect(file.code).toBe(1);
    expect(file.stderr).toBe(line);
  }, 60_000);

  it('with one task says "1 task"', async () => {
    expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
    const out = `${dir}/labels.csv`;
    const done = await cli('labels', 'export', '-p', project, '-o', out);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`Wrote 3 rows × 1 task (y) to ${out}.\n`);
  }, 60_000);
});
