/**
 * Symbolic links in an image import. Found by a new user: a manifest path that climbs out of
 * its folder ('../x.png') was refused, but a link inside the folder that leads outside it
 * was followed, and the file it led to was read and kept in the project. Now such a link is
 * an unreadable image of kind OUTSIDE_FOLDER naming the file and where it leads (refused by
 * default, listed when skipped, as a corrupt image is); links that stay inside still work.
 * Expected values: the files written below (which rows exist, which link leads where) and
 * the texts of src/renderer/src/i18n/assets.ts.
 */
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importImages } from '../../../src/main/data/images/importImages';
import { previewImages } from '../../../src/main/data/images/preview';
import { ProjectStore } from '../../../src/main/store/projectStore';
import { imageProblemText } from '../../../src/renderer/src/errorText';
import { i18n } from '../../../src/renderer/src/i18n';
import { makeTempDir } from '../../store/helpers';
import { encodePng } from './handPng';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
/** The folder imported, and the real path of a PNG outside it. */
let root: string;
let secret: string;

async function put(path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, bytes);
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  root = join(dir, 'pets');
  await put(
    join(dir, 'elsewhere/secret.png'),
    encodePng(8, 8, 3, () => [9, 9, 9]),
  );
  secret = await realpath(join(dir, 'elsewhere/secret.png'));
  await put(
    join(root, 'cat/a.png'),
    encodePng(8, 8, 3, () => [1, 1, 1]),
  );
  await put(
    join(root, 'shared/c.png'),
    encodePng(8, 8, 3, () => [3, 3, 3]),
  );
  // A link outside the folder, and one to a file inside it (kept working).
  await symlink(join(dir, 'elsewhere/secret.png'), join(root, 'cat/b.png'));
  await symlink(join(root, 'shared/c.png'), join(root, 'cat/c.png'));
});
afterEach(async () => {
  await store.close();
  await cleanup();
  i18n.global.locale.value = 'en';
});

const OUTSIDE = (line?: number) => ({
  path: 'cat/b.png',
  reason: `links to ${secret}, outside the folder being imported${line === undefined ? '' : ` (manifest line ${line})`}; copy the file into the folder instead of linking to it`,
  kind: 'OUTSIDE_FOLDER',
  params: { target: secret, ...(line === undefined ? {} : { line }) },
});

describe('a symbolic link that leads outside the imported folder', () => {
  it('refuses the import by default, naming the link and where it leads; nothing is stored', async () => {
    await expect(importImages(store, root, { size: 8 })).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      message: `cat/b.png: ${OUTSIDE().reason}. Nothing was imported`,
      details: {
        reason: 'IMAGE_UNREADABLE',
        phrases: {
          problem: { key: 'images.problems.OUTSIDE_FOLDER', params: { target: secret } },
        },
        remedy: { onCorrupt: 'skip' },
      },
    });
    expect(await store.datasets.list()).toEqual([]);
  });

  it('is listed when skipped; a link inside the folder is imported', async () => {
    const result = await importImages(store, root, { size: 8, onCorrupt: 'skip' });
    expect(result.skipped).toEqual([OUTSIDE()]);
    const { values } = await store.datasets.readColumns(result.dataset.id, ['path', 'label']);
    expect(values).toEqual({
      path: ['cat/a.png', 'cat/c.png', 'shared/c.png'],
      label: ['cat', 'cat', 'shared'],
    });
    // cat/c.png is the linked file's pixels (3, 3, 3), not the secret's (9, 9, 9).
    const pixels = await store.assets.readPixels(result.dataset.id, [2]);
    expect(new Set(pixels)).toEqual(new Set([3]));
  });

  it('is listed by the preview among the files that cannot be used', async () => {
    const preview = await previewImages(root);
    expect(preview.images).toBe(3);
    expect(preview.corrupt).toEqual([OUTSIDE()]);
  });

  it('through a linked folder of a manifest path, naming the manifest line', async () => {
    await symlink(join(dir, 'elsewhere'), join(root, 'linked'));
    await put(join(root, 'labels.csv'), 'path,kind\ncat/a.png,x\nlinked/secret.png,y\n');
    await expect(importImages(store, join(root, 'labels.csv'), { size: 8 })).rejects.toMatchObject({
      details: {
        path: 'linked/secret.png',
        problem: { kind: 'OUTSIDE_FOLDER', params: { target: secret, line: 3 } },
      },
    });
  });

  it('a folder chosen through a link of its own imports as the folder itself', async () => {
    await symlink(root, join(dir, 'pets-link'));
    const preview = await previewImages(join(dir, 'pets-link'));
    expect(preview.images).toBe(3);
    expect(preview.corrupt.map((p) => p.path)).toEqual(['cat/b.png']);
  });

  it('is worded in the user’s language', () => {
    const { t, te } = i18n.global;
    i18n.global.locale.value = 'zh-CN';
    expect(imageProblemText(OUTSIDE(4), t, te).text).toBe(
      `指向 ${secret} 的链接，位于所导入的文件夹之外；请把文件复制到文件夹中，而不是链接到它（清单第 4 行）`,
    );
    i18n.global.locale.value = 'en';
    expect(imageProblemText(OUTSIDE(), t, te).text).toBe(
      `a link to ${secret}, outside the folder being imported; copy the file into the folder instead of linking to it`,
    );
  });
});
