/**
 * Paths typed or chosen in the UI, on the machine running the studio: `~` is the user's home
 * and a relative path starts there (not in the server's working folder); and the folder
 * listing behind the browser mode's file picker (folders, and the files a field accepts).
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { IMAGE_FILE_EXTENSIONS } from '../../shared/assets';
import type { FileKind, FolderListing } from '../../shared/contract';
import { MtlError, reasonDetails } from '../../shared/errors';
import { PROJECT_EXTENSION } from './session';

/** Most entries one listing returns (a folder with more says it is truncated). */
export const MAX_LISTING_ENTRIES = 5000;

/** Extensions of the tables a CSV field accepts (the CSV reader guesses the delimiter). */
const TABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.tab'];

/** File extensions (lower case, with the dot) each kind of field accepts; null: any file. */
const ACCEPTED: Record<FileKind, readonly string[] | null> = {
  'open-project': [PROJECT_EXTENSION],
  'new-project': [PROJECT_EXTENSION],
  'open-csv': TABLE_EXTENSIONS,
  'save-file': null,
  // A folder: folders only.
  'open-folder': [],
  // An image import: a folder, or a manifest (a CSV table) naming the images.
  'open-image-source': TABLE_EXTENSIONS,
  // A model's image input: a folder of images, or one image (the importer's extensions).
  'open-image': IMAGE_FILE_EXTENSIONS,
};

/**
 * The absolute path a user means: `~` and `~/…` start at `home`, a relative path is taken
 * from `home` too, an absolute one is only normalised.
 * @param input [path] as typed; @param home the user's home folder (default: the OS's).
 */
export function hostPath(input: string, home: string = homedir()): string {
  if (input === '~') return home;
  if (input.startsWith('~/') || input.startsWith('~\\')) return join(home, input.slice(2));
  return isAbsolute(input) ? resolve(input) : resolve(home, input);
}

/** Whether a file name is one `kind` accepts (any file for 'save-file'). */
export function acceptsFile(kind: FileKind, name: string): boolean {
  const accepted = ACCEPTED[kind];
  return accepted === null || accepted.includes(extname(name).toLowerCase());
}

/**
 * The folders and accepted files of a folder, folders first, each group by name; hidden
 * entries (a leading dot) are left out. A path naming a file lists the folder holding it.
 * @param path where to look (`~` and relative paths as {@link hostPath}); default: `home`.
 * @throws MtlError('NOT_FOUND') naming the path when it does not exist;
 *   MtlError('BAD_REQUEST') when it cannot be read (permissions).
 */
export async function listFolder(
  kind: FileKind,
  path: string | undefined,
  home: string = homedir(),
): Promise<FolderListing> {
  let folder = hostPath(path ?? '~', home);
  try {
    if (!(await stat(folder)).isDirectory()) folder = dirname(folder);
  } catch (err) {
    throw fsError(err, folder);
  }
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    throw fsError(err, folder);
  }
  const folders: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // A link is what it points to (a dangling one is left out).
      const target = await stat(join(folder, entry.name)).catch(() => null);
      if (!target) continue;
      isFolder = target.isDirectory();
    }
    if (isFolder) folders.push(entry.name);
    else if (acceptsFile(kind, entry.name)) files.push(entry.name);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  folders.sort(byName);
  files.sort(byName);
  const all = [
    ...folders.map((name) => ({ name, folder: true })),
    ...files.map((name) => ({ name, folder: false })),
  ];
  const parent = dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    home,
    entries: all.slice(0, MAX_LISTING_ENTRIES),
    truncated: all.length > MAX_LISTING_ENTRIES,
  };
}

/** A file-system error as an MtlError naming the path. */
function fsError(err: unknown, path: string): MtlError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new MtlError(
      'NOT_FOUND',
      `Folder "${path}" does not exist.`,
      reasonDetails('FOLDER_MISSING', { path }, { path }),
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new MtlError('BAD_REQUEST', `Folder "${path}" cannot be read (permission denied).`, {
      path,
    });
  }
  return new MtlError('BAD_REQUEST', `Folder "${path}" cannot be read: ${String(err)}`, { path });
}

/**
 * Creates a folder and the folders above it that are missing (`mkdir -p`), for an export
 * whose folder does not exist yet (the page offers "Create the folder" on FOLDER_MISSING).
 * A folder that exists already is left as it is.
 * @param path the folder (`~` and relative paths as {@link hostPath}).
 * @returns the absolute path of the folder.
 * @throws MtlError('BAD_REQUEST', reason NOT_A_FOLDER) when the path, or a folder above it,
 *   is a file; MtlError('BAD_REQUEST') naming the path when it cannot be created
 *   (permissions, a read-only disk).
 */
export async function createFolder(path: string, home: string = homedir()): Promise<string> {
  const folder = hostPath(path, home);
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new MtlError(
        'BAD_REQUEST',
        `"${folder}" cannot be created: it, or a folder above it, is a file.`,
        reasonDetails('NOT_A_FOLDER', { path: folder }, { path: folder }),
      );
    }
    throw new MtlError('BAD_REQUEST', `Folder "${folder}" cannot be created: ${String(err)}`, {
      path: folder,
    });
  }
  return folder;
}
