/**
 * A folder given as the project file. Found by a new user: opening "/tmp/data" (a folder)
 * in the Projects view, or `mtl-studio runs -p /tmp/data`, answered `Cannot open
 * "/tmp/data": SQLITE_CANTOPEN: unable to open database file` — SQLite's code, not what is
 * wrong. Expected message written by hand.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('a folder as the project', () => {
  it('is refused saying it is a folder, whether opened or created, and nothing is written', async () => {
    for (const create of [false, true]) {
      await expect(ProjectStore.open(dir, { create })).rejects.toMatchObject({
        code: 'STORE',
        message: `Cannot open "${dir}": it is a folder, not a project file (choose a .mtlproj file, or a new file name)`,
      });
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
