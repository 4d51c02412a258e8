/**
 * What SQLite's failures on a project file mean for the user: errors that name the file
 * and say what to do (PROJECT_BUSY, DISK_FULL, PROJECT_CORRUPT, STORE with a reason),
 * a read-only file's refused writes, a full disk told apart behind SQLite's generic I/O
 * error, and why a file could not be opened (folder missing or not writable, no
 * permission). Used by store/database.ts on every statement and by store/projectStore.ts
 * on open; re-exported from store/database.ts.
 */
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';

/**
 * Why a file was opened read-only: it is damaged (quick_check, SQLITE_CORRUPT; writes are
 * refused as PROJECT_CORRUPT), or this user cannot write it or its folder (writes are
 * refused as STORE with details.reason 'READ_ONLY_FILE').
 */
export interface ReadOnlyCause {
  /** What quick_check found, or which permission is missing. */
  reason: string;
  damaged: boolean;
}

/**
 * Free space below which SQLite's generic I/O error on a write is taken for a full disk, in
 * bytes: with almost no space left, growing the WAL or a temporary file fails as
 * SQLITE_IOERR ("disk I/O error") rather than SQLITE_FULL.
 */
export const LOW_DISK_BYTES = 64 * 2 ** 20;

/** Bytes free for this user on the file system holding `file`, or null when unknown. */
export async function freeBytesNear(file: string): Promise<number | null> {
  try {
    const fs = await statfs(dirname(file));
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

/**
 * What an sqlite3 error means for the user, as an MtlError naming the project file:
 * SQLITE_BUSY/LOCKED → PROJECT_BUSY (another program holds the write lock), SQLITE_FULL →
 * DISK_FULL, SQLITE_CORRUPT → PROJECT_CORRUPT, SQLITE_READONLY on a file opened read-only
 * because it is damaged → PROJECT_CORRUPT, any other SQLITE_READONLY → STORE saying the
 * file is read-only (details.reason 'READ_ONLY_FILE'), anything else → STORE. `details`
 * keep SQLite's code (`sqliteCode`) and the file (`path`). Synchronous;
 * {@link classifyStoreError} also tells a full disk behind SQLITE_IOERR.
 * @param sql the statement that failed (quoted, cut at 120 characters).
 * @param file the project file.
 * @param readOnly why the file was opened read-only, if it was.
 */
export function storeError(
  err: unknown,
  sql: string,
  file: string,
  readOnly: ReadOnlyCause | null = null,
): MtlError {
  if (err instanceof MtlError) return err;
  const e = err as { message?: string; code?: string };
  const code = e.code ?? null;
  const statement = sql.length > 120 ? `${sql.slice(0, 120)}…` : sql;
  const cause = `${e.message ?? String(err)} (while running: ${statement.trim()})`;
  const details = { sqliteCode: code, sqliteMessage: e.message ?? String(err), path: file };
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new MtlError(
        'PROJECT_BUSY',
        `Project "${file}" is busy: another program is writing to it and held it longer than MTL Studio waits. Wait for it to finish (e.g. an import) or close it, then try again. ${cause}`,
        details,
      );
    case 'SQLITE_FULL':
      return new MtlError(
        'DISK_FULL',
        `The disk holding project "${file}" is full; free some space and try again. ${cause}`,
        details,
      );
    case 'SQLITE_CORRUPT':
      return new MtlError(
        'PROJECT_CORRUPT',
        `Project "${file}" is damaged. ${recoverHint(file)} ${cause}`,
        details,
      );
    case 'SQLITE_READONLY':
      return readOnlyError(
        file,
        readOnly ?? {
          reason: 'SQLite cannot write it: check the permissions of the file and its folder',
          damaged: false,
        },
      );
  }
  return new MtlError('STORE', `Project "${file}": ${cause}`, details);
}

/** How to recover a damaged project, in words for every front end. */
function recoverHint(file: string): string {
  return `Recover what can be read into a new file: mtl-studio recover -p ${shellWord(file)} -o NEW.mtlproj, or Recover in the app.`;
}

/** The error of a write refused on a file opened (or found) read-only. */
export function readOnlyError(file: string, cause: ReadOnlyCause): MtlError {
  if (cause.damaged) {
    return new MtlError(
      'PROJECT_CORRUPT',
      `Project "${file}" is damaged, so it was opened read-only and nothing is written into it (${cause.reason}). ${recoverHint(file)}`,
      reasonDetails('READ_ONLY_DAMAGED', { path: file }, { path: file }),
    );
  }
  return new MtlError(
    'STORE',
    `Project "${file}" is read-only (${cause.reason}), so nothing can be written into it; reading works. Make it writable (file and folder) or copy it to a writable folder to change it.`,
    reasonDetails('READ_ONLY_FILE', { path: file }, { path: file }),
  );
}

/**
 * {@link storeError}, and an SQLITE_IOERR on a disk with less than {@link LOW_DISK_BYTES}
 * free becomes DISK_FULL (saying how much is left).
 * @param freeBytes free space near the file (injected by tests).
 */
export async function classifyStoreError(
  err: unknown,
  sql: string,
  file: string,
  readOnly: ReadOnlyCause | null = null,
  freeBytes: (file: string) => Promise<number | null> = freeBytesNear,
): Promise<MtlError> {
  const error = storeError(err, sql, file, readOnly);
  const code = error.details?.sqliteCode;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_IOERR')) return error;
  const free = await freeBytes(file);
  if (free === null || free >= LOW_DISK_BYTES) return error;
  return new MtlError(
    'DISK_FULL',
    `The disk holding project "${file}" is full (${Math.round(free / 2 ** 20)} MiB free); free some space and try again. ${error.message.replace(`Project "${file}": `, '')}`,
    { ...error.details, freeBytes: free },
  );
}

/**
 * The error of a file SQLite could not open, saying why where the file system tells:
 * a folder given as the project, a new file's folder missing or not writable, an existing
 * file without permission.
 */
export async function cannotOpen(path: string, err: Error): Promise<MtlError> {
  const folder = dirname(resolvePath(path));
  const details = { path, sqliteMessage: err.message };
  const exists = existsSync(path);
  let why = err.message;
  if (
    exists &&
    (await stat(path)
      .then((s) => s.isDirectory())
      .catch(() => false))
  ) {
    why = 'it is a folder, not a project file (choose a .mtlproj file, or a new file name)';
  } else if (!exists && !existsSync(folder)) {
    why = `the folder "${dirname(path)}" does not exist`;
  } else if (!exists && !(await writableByUs(folder))) {
    why = `the folder "${dirname(path)}" is not writable (check its permissions), so a project cannot be created in it`;
  } else if (exists && !(await readableByUs(path))) {
    why = 'no permission to read it (check its permissions)';
  }
  return new MtlError('STORE', `Cannot open "${path}": ${why}`, details);
}

/** Whether this process may write `path` (access(2) W_OK; root may write anything). */
export async function writableByUs(path: string): Promise<boolean> {
  return access(path, fsConstants.W_OK).then(
    () => true,
    () => false,
  );
}

async function readableByUs(path: string): Promise<boolean> {
  return access(path, fsConstants.R_OK).then(
    () => true,
    () => false,
  );
}
