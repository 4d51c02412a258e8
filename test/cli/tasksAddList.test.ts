/**
 * `tasks --add` and `--remove` split a value at its commas, as `train --tasks` does (a new
 * user typed `tasks --add shape,colour` and got `no column "shape,colour"`); names with spaces
 * keep working, and a value naming a column whole ("size, cm") is that column. Expected task
 * lists written by hand from the CSV below (columns x, shape, colour, "body size", "size, cm").
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  const made = await makeTempDir();
  cleanup = made.cleanup;
  const csv = `${made.dir}/shapes.csv`;
  const rows = ['x,shape,colour,body size,"size, cm"'];
  for (let i = 0; i < 24; i++) {
    rows.push(
      `${i},${i % 2 === 0 ? 'circle' : 'square'},${i % 3 === 0 ? 'red' : 'blue'},${['s', 'm', 'l'][i % 3]},${i % 2 === 0 ? 'small' : 'big'}`,
    );
  }
  writeFileSync(csv, rows.join('\n') + '\n');
  project = `${made.dir}/p.mtlproj`;
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup?.());

const taskNames = async (): Promise<string[]> =>
  (
    JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout) as {
      tasks: { name: string }[];
    }
  ).tasks.map((t) => t.name);

describe('tasks --add / --remove with commas', () => {
  it('adds comma-separated columns, a name with a space included', async () => {
    const r = await cli('tasks', '-p', project, '--add', 'shape,colour', ' body size');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await taskNames()).toEqual(['shape', 'colour', 'body size']);
  });

  it('removes comma-separated tasks', async () => {
    const r = await cli('tasks', '-p', project, '--remove', 'shape, body size');
    expect(r.code).toBe(0);
    expect(await taskNames()).toEqual(['colour']);
  });

  it('keeps a value that names a column whole, its comma included', async () => {
    // "size, cm" is a column of the CSV above: added as one task, and removed as one.
    const added = await cli('tasks', '-p', project, '--add', 'size, cm');
    expect(added.stderr).toBe('');
    expect(await taskNames()).toEqual(['colour', 'size, cm']);
    const removed = await cli('tasks', '-p', project, '--remove', 'size, cm');
    expect(removed.code).toBe(0);
    expect(await taskNames()).toEqual(['colour']);
  });
});
