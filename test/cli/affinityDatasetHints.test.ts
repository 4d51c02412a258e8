/**
 * affinity and an unknown -d name what to do with the real project. Found by new users:
 * affinity on a dataset without a task printed "mtl-studio tasks -p <project> …" (a
 * placeholder, and no -d in a project of two datasets); on a dataset of one task it said
 * "no test rows" instead of that affinity relates 2 tasks or more; `-d 3` said only
 * "Dataset 3 not found". Expected by hand: penguins.csv imported twice (datasets 1 "a" and
 * 2 "b"); its categorical columns are species, island and sex (year is numeric).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  for (const name of ['a', 'b'])
    expect((await cli('import', fixture('penguins.csv'), '-p', project, '--name', name)).code).toBe(
      0,
    );
}, 60_000);
afterAll(() => cleanup());

describe('affinity and -d hints', () => {
  it('names the project and -d when the dataset has no task', async () => {
    const r = await cli('affinity', '-p', project, '-d', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `(mtl-studio tasks -p ${project} -d 2 --add species, or the Tasks view)`,
    );
    expect(r.stderr).not.toContain('<project>');
  }, 30_000);

  it('says affinity needs 2 tasks on a dataset of one, and how to add one', async () => {
    expect((await cli('tasks', '-p', project, '-d', '2', '--add', 'species')).code).toBe(0);
    const r = await cli('affinity', '-p', project, '-d', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Task affinity relates tasks: it needs at least 2, and dataset "b" has only one ("species"); add another task: a categorical column, here island, sex (mtl-studio tasks -p ${project} -d 2 --add island, or the Tasks view), or label a new one (--new NAME=class1,class2).\n`,
    );
  }, 30_000);

  it('lists the datasets for an unknown -d', async () => {
    const r = await cli('affinity', '-p', project, '-d', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: Dataset 3 not found; the project's datasets are 1 (a), 2 (b).\n");
  }, 30_000);
});
