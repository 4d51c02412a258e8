/**
 * `columns --role` refusals name what to do in CLI words (found by a new user): a task's
 * target says `tasks --remove` (it said "delete the task", which no command does), and an
 * unknown column lists the dataset's columns (it named none). Expected by hand: penguins.csv's
 * header (species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g,
 * sex, year); task "island" on the column island.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'island')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('columns --role refusals', () => {
  it("a task's target names tasks --remove, runnable as shown", async () => {
    const r = await cli('columns', '-p', project, '--role', 'island=ignore');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Column "island" is the target of task "island"; remove the task first (mtl-studio tasks -p ${project} -d 1 --remove island), then set the column's role\n`,
    );
    const json = await cli('--json', 'columns', '-p', project, '--role', 'island=ignore');
    const error = (JSON.parse(json.stdout) as { error: { code: string; details: unknown } }).error;
    expect(error.code).toBe('TASK_INVALID');
    expect(error.details).toMatchObject({
      reason: 'COLUMN_IS_TASK_TARGET',
      params: { column: 'island', task: 'island' },
    });
  });

  it('an unknown column lists the columns there are', async () => {
    const r = await cli('columns', '-p', project, '--role', 'nosuch=ignore');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: Column "nosuch" not found in dataset 1; its columns are "species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"\n',
    );
  });
});
