/**
 * Paths on the machine running the studio: `~` and relative paths start at the home folder
 * (for every path field, through the handlers), and the folder listing behind the browser
 * mode's file picker (folders first, the files a field accepts, no hidden entries). Expected
 * listings are the files this test writes.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderListing } from '../../src/shared/contract';
import { dispatch } from '../../src/main/services/dispatch';
import { hostPath, listFolder } from '../../src/main/services/fileBrowser';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import { makeTempDir } from '../store/helpers';

let home: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: home, cleanup } = await makeTempDir());
  await mkdir(join(home, 'data', 'inner'), { recursive: true });
  await mkdir(join(home, '.hidden'));
  for (const name of ['run10.csv', 'run2.csv', 'b.TSV', 'notes.md', 'p.mtlproj', '.secret.csv']) {
    await writeFile(join(home, name), 'a,b\n1,2\n');
  }
  await writeFile(join(home, 'data', 'inner.csv'), 'x\n1\n');
  await symlink(join(home, 'data'), join(home, 'linked'));
  await symlink(join(home, 'nowhere'), join(home, 'dangling.csv'));
});
afterAll(() => cleanup());

describe('hostPath', () => {
  it('expands ~, takes relative paths from home and normalises absolute ones', () => {
    expect(hostPath('~', '/home/ann')).toBe('/home/ann');
    expect(hostPath('~/data/a.csv', '/home/ann')).toBe('/home/ann/data/a.csv');
    expect(hostPath('data/a.csv', '/home/ann')).toBe('/home/ann/data/a.csv');
    expect(hostPath('/srv/x/../y.csv', '/home/ann')).toBe('/srv/y.csv');
    // "~user" is a name, not another user's home.
    expect(hostPath('~bob/a.csv', '/home/ann')).toBe('/home/ann/~bob/a.csv');
  });
});

describe('listFolder', () => {
  it('lists home by default: folders first, then accepted files, by name with numbers in order', async () => {
    const listing = await listFolder('open-csv', undefined, home);
    expect(listing).toEqual({
      path: home,
      parent: dirname(home),
      home,
      entries: [
        { name: 'data', folder: true },
        { name: 'linked', folder: true },
        { name: 'b.TSV', folder: false },
        { name: 'run2.csv', folder: false },
        { name: 'run10.csv', folder: false },
      ],
      truncated: false,
    });
  });

  it('shows project files to open a project, and every file to save one', async () => {
    const projects = await listFolder('open-project', '~', home);
    expect(projects.entries.filter((e) => !e.folder).map((e) => e.name)).toEqual(['p.mtlproj']);
    const save = await listFolder('save-file', '~', home);
    expect(save.entries.filter((e) => !e.folder).map((e) => e.name)).toEqual([
      'b.TSV',
      'notes.md',
      'p.mtlproj',
      'run2.csv',
      'run10.csv',
    ]);
  });

  it('lists a manifest CSV for an image import, and image files for an image input', async () => {
    // The files written below: an image import takes a folder or a manifest (tables only);
    // a model's image input takes a folder or one image (the importer's extensions, any case).
    const images = join(home, 'pics');
    await mkdir(join(images, 'sub'), { recursive: true });
    for (const name of ['manifest.csv', 'a.PNG', 'b.jpg', 'c.tiff', 'd.webp', 'notes.md']) {
      await writeFile(join(images, name), 'x');
    }
    const source = await listFolder('open-image-source', images, home);
    expect(source.entries).toEqual([
      { name: 'sub', folder: true },
      { name: 'manifest.csv', folder: false },
    ]);
    const input = await listFolder('open-image', images, home);
    expect(input.entries).toEqual([
      { name: 'sub', folder: true },
      { name: 'a.PNG', folder: false },
      { name: 'b.jpg', folder: false },
      { name: 'd.webp', folder: false },
    ]);
    // A plain folder field still lists folders only.
    expect((await listFolder('open-folder', images, home)).entries).toEqual([
      { name: 'sub', folder: true },
    ]);
  });

  it('lists the folder of a file, and a relative folder from home', async () => {
    expect((await listFolder('open-csv', '~/data/inner.csv', home)).path).toBe(join(home, 'data'));
    const data = await listFolder('open-csv', 'data', home);
    expect(data.entries).toEqual([
      { name: 'inner', folder: true },
      { name: 'inner.csv', folder: false },
    ]);
    expect(data.parent).toBe(home);
  });

  it('says which folder does not exist', async () => {
    await expect(listFolder('open-csv', '~/gone', home)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Folder "${join(home, 'gone')}" does not exist.`,
      // The reason the UI shows translated (errors.reasons.FOLDER_MISSING).
      details: { reason: 'FOLDER_MISSING', params: { path: join(home, 'gone') } },
    });
  });
});

describe('path fields through the handlers', () => {
  it('creates a project at ~/… in the home folder and lists folders over the contract', async () => {
    const session = new StudioSession({ stateDir: join(home, '.state') });
    const handlers = createHandlers(session, {
      info: { version: 't', mode: 'browser', platform: 'linux' },
      home,
    });
    try {
      const created = await dispatch(handlers, 'projects.create', { path: '~/birds' });
      expect(created).toMatchObject({ ok: true, value: { path: join(home, 'birds.mtlproj') } });
      expect(existsSync(join(home, 'birds.mtlproj'))).toBe(true);
      const preview = await dispatch(handlers, 'datasets.preview', { path: 'run2.csv' });
      expect(preview).toMatchObject({ ok: true, value: { header: ['a', 'b'] } });
      const listed = await dispatch(handlers, 'dialogs.list', { kind: 'open-project' });
      const listing = listed.ok ? (listed.value as FolderListing) : null;
      expect(listing?.entries.filter((e) => !e.folder)).toEqual([
        { name: 'birds.mtlproj', folder: false },
        { name: 'p.mtlproj', folder: false },
      ]);
    } finally {
      await session.dispose();
    }
  });
});

describe('createFolder (the "Create the folder" of an export whose folder is missing)', () => {
  it('creates ~/a/b with the folders above it, leaves an existing one, refuses a file', async () => {
    const session = new StudioSession({ stateDir: join(home, '.state') });
    const handlers = createHandlers(session, {
      info: { version: 't', mode: 'browser', platform: 'linux' },
      home,
    });
    try {
      // `mkdir -p` semantics, with `~` at the given home (as hostPath documents).
      const made = await dispatch(handlers, 'dialogs.createFolder', { path: '~/exports/models' });
      expect(made).toEqual({ ok: true, value: { path: join(home, 'exports', 'models') } });
      expect(statSync(join(home, 'exports', 'models')).isDirectory()).toBe(true);
      // Again: nothing to do, no error.
      const again = await dispatch(handlers, 'dialogs.createFolder', { path: '~/exports/models' });
      expect(again.ok).toBe(true);
      // run2.csv is a file of the fixture home: no folder can be made under it.
      const under = await dispatch(handlers, 'dialogs.createFolder', { path: '~/run2.csv/sub' });
      expect(under).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', details: { reason: 'NOT_A_FOLDER' } },
      });
    } finally {
      await session.dispose();
    }
  });
});
