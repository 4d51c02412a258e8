/**
 * `withStore(…, { readOnly: true })` (used by `affinity --stored`) opens an existing
 * project read-only: reads work, a write is refused, and the file's bytes are unchanged
 * (a writable open would clean up and could upgrade it). Without the option the same file
 * opens writable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withStore } from '../../src/main/cli/program';
import { ProjectStore } from '../../src/main/store/projectStore';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

it('opens an existing project read-only when asked', async () => {
  const path = join(dir, 'p.mtlproj');
  const store = await ProjectStore.open(path, { create: true });
  await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
  await store.close();
  const before = await readFile(path);
  const seen = await withStore(
    path,
    false,
    async (s) => ({ readOnly: s.readOnly, datasets: (await s.datasets.list()).length }),
    { readOnly: true },
  );
  expect(seen.readOnly).not.toBeNull();
  expect(seen.datasets).toBe(1);
  expect((await readFile(path)).equals(before)).toBe(true);
  expect(await withStore(path, false, async (s) => s.readOnly)).toBeNull();
});
