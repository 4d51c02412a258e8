/**
 * What an export may write over. Every file an export writes (predictions, report, model
 * bundle, project copy) is written beside its path and renamed into place, and a rename
 * ignores the replaced file's permissions and contents. So before anything is written the
 * path is checked here, once for every export and every face (CLI, studio): it must not be
 * the project the export comes from (nor its -wal/-shm/-journal files), nor a file the
 * export reads (the CSV being predicted), nor any other SQLite database (an MTL Studio
 * project under any name; its header is read, the extension is not trusted), nor a
 * read-only file. A new user lost a project to
 * `mtl-studio predict -p victim.mtlproj --run 1 new.csv -o victim.mtlproj`.
 */
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  existsSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';

/** The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html §1.3.1). */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The files SQLite keeps beside a database in WAL or rollback mode. */
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/** What {@link refuseUnsafeOutput} protects, besides SQLite databases and read-only files. */
export interface OutputGuard {
  /** The project the export comes from: never replaced, nor its -wal/-shm/-journal files. */
  project?: string;
  /**
   * Files the export reads (the CSV or image being predicted, a bundle's .zip or folder: a
   * folder's files are refused too).
   */
  inputs?: readonly string[];
  /**
   * false: an existing file (or bundle folder) is refused with reason OUTPUT_EXISTS, so
   * that the studio can ask before replacing it; default true (the CLI replaces, as `cp`).
   */
  overwrite?: boolean;
  /**
   * What writes the file, as the refusals name it: "an export" (default), "a prediction",
   * "a report", "a label file" (found by a new user: `predict -o` onto the project said "an
   * export cannot replace the project…").
   */
  writer?: string;
}

/**
 * The path a write to `path` lands on: its real path when something is there (a symbolic
 * link followed), else its folder's real path joined with its name; `./x` and `x` alike.
 */
export function landingPath(path: string): string {
  const full = resolve(path);
  if (existsSync(full)) return realpathSync(full);
  const folder = dirname(full);
  return existsSync(folder) ? join(realpathSync(folder), basename(full)) : full;
}

/** Whether `a` (stat `found`, landing path `real`) is the file at `b` (by path or inode). */
function sameFile(real: string, found: Stats | undefined, b: string): boolean {
  if (real === landingPath(b)) return true;
  if (!found) return false;
  const other = statSync(b, { throwIfNoEntry: false });
  // A hard link, or a path spelled otherwise on a case-insensitive disk: one inode.
  return other !== undefined && other.dev === found.dev && other.ino === found.ino;
}

/** Whether the file at `path` starts with the SQLite header (unreadable: false). */
export function isSqliteFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether an existing file is read-only: no write permission bit at all (as `chmod 444`
 * leaves it; checked by its mode, since root may write anything), or not writable by us.
 */
function readOnly(path: string, found: Stats): boolean {
  if ((found.mode & 0o222) === 0) return true;
  try {
    accessSync(path, fsConstants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Refuses, before anything is written, an export path that would destroy something.
 * A device or pipe (`/dev/stdout`) is written directly, never replaced, so only the
 * project and input checks apply to it; a folder is left to the caller (a bundle folder).
 * @param out the path as given (relative to the working folder).
 * @throws MtlError('BAD_REQUEST') naming the file, with reason NOT_A_FOLDER, when `out`
 *   lies under a file (`afile/b`); MtlError('BAD_REQUEST') naming `out`, with reason
 *   OUTPUT_IS_PROJECT (the project or one of its SQLite files), OUTPUT_IS_INPUT (a file the
 *   export reads, or a file inside a folder it reads), OUTPUT_IS_DATABASE (another SQLite database), OUTPUT_READ_ONLY (a read-only file) or,
 *   with `overwrite: false`, OUTPUT_EXISTS (anything there).
 */
export function refuseUnsafeOutput(out: string, guard: OutputGuard = {}): void {
  refuseFileAsFolder(out);
  const path = resolve(out);
  const found = statSync(path, { throwIfNoEntry: false });
  const real = landingPath(path);
  const refuse = (
    reason: 'OUTPUT_IS_INPUT' | 'OUTPUT_IS_DATABASE' | 'OUTPUT_READ_ONLY',
    message: string,
  ) => new MtlError('BAD_REQUEST', message, reasonDetails(reason, { path }, { path }));
  const writer = guard.writer ?? 'an export';
  if (guard.project) refuseProjectPath(out, guard.project, writer);
  for (const input of guard.inputs ?? []) {
    // A folder read (a model bundle's folder): nothing inside it may be replaced either.
    const inside =
      statSync(input, { throwIfNoEntry: false })?.isDirectory() === true &&
      real.startsWith(`${landingPath(input)}${sep}`);
    if (inside || sameFile(real, found, input)) {
      throw refuse(
        'OUTPUT_IS_INPUT',
        `"${path}" is the file being read (${resolve(input)}): the output cannot replace its own input; choose another file.`,
      );
    }
  }
  if (!found?.isFile()) return;
  if (isSqliteFile(path)) {
    throw refuse(
      'OUTPUT_IS_DATABASE',
      `"${path}" is an SQLite database (an MTL Studio project, whatever its name): ${writer} never replaces one; choose another file.`,
    );
  }
  if (readOnly(path, found)) {
    throw refuse(
      'OUTPUT_READ_ONLY',
      `"${path}" is read-only: it is not replaced; choose another file, or make it writable first.`,
    );
  }
  if (guard.overwrite === false) throw outputExists(path);
}

/**
 * Refuses `out` when it lands on `project` or one of its -wal/-shm/-journal files (compared
 * by real path, so `./x`, `../dir/x` and a symbolic link are the same file, and by inode).
 * @param writer what writes the file, as the message names it (OutputGuard.writer).
 * @throws MtlError('BAD_REQUEST', …, { reason: 'OUTPUT_IS_PROJECT', params: { path } }).
 */
export function refuseProjectPath(out: string, project: string, writer = 'an export'): void {
  const path = resolve(out);
  const found = statSync(path, { throwIfNoEntry: false });
  const real = landingPath(path);
  const full = resolve(project);
  const suffix = SQLITE_COMPANIONS.find((s) => sameFile(real, found, `${full}${s}`));
  if (suffix === undefined) return;
  // Says which file it is only where the path does not: the project under another name (a
  // link) or one of its SQLite files; the project by its own path says just that (the
  // studio then shows the sentence once, under its translated headline).
  const which =
    suffix !== ''
      ? `one of the SQLite files that make up the project ${full} (its ${suffix} file)`
      : path === full
        ? 'the project'
        : `the project ${full}`;
  throw new MtlError(
    'BAD_REQUEST',
    `"${path}" is ${which}: ${writer} cannot replace the project it comes from; choose another file.`,
    reasonDetails('OUTPUT_IS_PROJECT', { path }, { path }),
  );
}

/**
 * The error the studio answers with a question: `path` exists, replace it? (reason
 * OUTPUT_EXISTS; the request is sent again with `overwrite: true` once the user agrees).
 */
export function outputExists(path: string): MtlError {
  return new MtlError(
    'BAD_REQUEST',
    `"${path}" already exists; send the request again with overwrite to replace it.`,
    reasonDetails('OUTPUT_EXISTS', { path }, { path }),
  );
}

/**
 * Writes `bytes` to `target` all at once: into a temporary file beside it
 * (`<target>.tmp-<8 hex>`), then renamed over `target`, so a reader never sees half a file
 * and a failed write leaves any file already there as it was (the temporary file removed).
 * Check the path with {@link refuseUnsafeOutput} first.
 * @throws the file system's error (ENOENT, EACCES, ENOSPC …) of the write or the rename.
 */
export async function writeFileAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const temp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Refuses an output path whose folder does not exist, or lies under a file, before anything
 * is read or written.
 * @param target the output path (absolute, or relative to the working folder).
 * @throws MtlError('BAD_REQUEST') naming the file, with reason NOT_A_FOLDER, when the folder
 *   or one above it is a file (`-o afile/b`: Node's stat said "ENOTDIR: not a directory",
 *   exit 2); MtlError('NOT_FOUND') naming the folder, with reason FOLDER_MISSING.
 */
export function refuseMissingFolder(target: string): void {
  refuseFileAsFolder(target);
  const folder = dirname(target);
  if (!existsSync(folder)) {
    throw new MtlError(
      'NOT_FOUND',
      `The folder "${folder}" does not exist.`,
      reasonDetails('FOLDER_MISSING', { path: folder }, { path: folder }),
    );
  }
}

/**
 * Refuses an output path that goes through a file as if it were a folder (`afile/b`, or
 * `afile/sub/b`, with `afile` a file): the nearest existing path above `target` must be a
 * folder. A missing folder is left to {@link refuseMissingFolder}'s own message.
 * @throws MtlError('BAD_REQUEST', '"afile" is a file, not a folder: …', reason NOT_A_FOLDER)
 *   naming that file as `target` spells it.
 */
function refuseFileAsFolder(target: string): void {
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    // Not statSync's throwIfNoEntry: it still throws ENOTDIR under a file.
    const found = existsSync(folder) ? statSync(folder) : undefined;
    if (found?.isDirectory()) return;
    if (found) {
      throw new MtlError(
        'BAD_REQUEST',
        `"${folder}" is a file, not a folder: "${target}" cannot be written under it; choose another path.`,
        reasonDetails('NOT_A_FOLDER', { path: folder }, { path: folder }),
      );
    }
    if (dirname(folder) === folder) return;
  }
}
