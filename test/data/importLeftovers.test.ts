/**
 * Smaller import findings of #13 item 6: a huge cell is not kept whole in the column
 * profile; a failed first import into a NEW project path leaves no file behind (and never
 * removes an existing one); a task on an all-missing column says the column has no values.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { PROFILE_VALUE_CHARS } from '../../src/main/data/profile';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { cli } from '../cli/run';
import { makeTempDir } from '../store/helpers';
import { FakeStore } from './fakeStore';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('long cells in profiles', () => {
  it('keeps the first PROFILE_VALUE_CHARS characters and an ellipsis, and still counts distinct values', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    // Two 2 MB cells that differ only in their last character, and one short value.
    const path = join(dir, 'big-cell.csv');
    await writeFile(path, `id,blob\n1,${big}a\n2,${big}b\n3,${big}a\n4,short\n`);
    const info = await importCsv(new FakeStore(), path, { columnTypes: { blob: 'text' } });
    const profile = info.columns[1].profile;
    expect(profile.distinct).toBe(3);
    const top = profile.topCategories!;
    expect(top[0]).toEqual({ value: `${'x'.repeat(PROFILE_VALUE_CHARS)}…`, count: 2 });
    expect(top.map((t) => t.count)).toEqual([2, 1, 1]);
    expect(JSON.stringify(profile).length).toBeLessThan(2000);
  });
});

describe('a failed import into a new project path', () => {
  it('removes the project file it created, with its -wal and -shm', async () => {
    const project = join(dir, 'new.mtlproj');
    const bad = join(dir, 'ragged.csv');
    await writeFile(bad, 'a,b\n1,2\n3\n');
    const { code, stderr } = await cli('import', bad, '-p', project);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ragged\.csv line 3, column 'b': expected 2 fields, found 1/);
    for (const file of [project, `${project}-wal`, `${project}-shm`]) {
      expect(existsSync(file)).toBe(false);
    }
  });

  it('keeps a project that existed before, with its datasets', async () => {
    const project = join(dir, 'old.mtlproj');
    const good = join(dir, 'good.csv');
    await writeFile(good, 'a,b\n1,2\n3,4\n');
    expect((await cli('import', good, '-p', project)).code).toBe(0);
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'a,b\n1,"open\n');
    expect((await cli('import', bad, '-p', project)).code).toBe(1);
    expect(statSync(project).size).toBeGreaterThan(0);
    const store = await ProjectStore.open(project, { create: false });
    try {
      expect((await store.datasets.list()).map((d) => d.name)).toEqual(['good']);
    } finally {
      await store.close();
    }
  });
});

describe('a task on an all-missing column', () => {
  it('says the column has no values instead of "is text"', async () => {
    const path = join(dir, 'empty-column.csv');
    await writeFile(path, 'x,nothing\n1,NA\n2,\n3,?\n');
    const store = await ProjectStore.open(join(dir, 'tasks.mtlproj'), { create: true });
    try {
      const dataset = await importCsv(store, path);
      await expect(defineTasks(store, dataset.id, [{ column: 'nothing' }])).rejects.toMatchObject({
        code: 'TASK_INVALID',
        message:
          'Column "nothing" has no values (all 3 rows are missing); a task needs a categorical column.',
      });
    } finally {
      await store.close();
    }
  });
});
