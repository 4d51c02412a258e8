/**
 * Reads the files of an image source with bounded concurrency, in source order: each file
 * is read, hashed and handed to a per-image step (a check for the preview, a decode for the
 * import). A file that cannot be read or decoded, or that a symbolic link takes outside the
 * source's folder, becomes a problem, never an exception, so one bad image cannot stop the
 * others; the caller decides to skip or refuse.
 */
import { availableParallelism } from 'node:os';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { pMapIterable } from 'p-map';
import { throwIfCancelled } from '../cancellation';
import { contentHash, ImageDecodeError } from './decode';
import type { ImageProblem, ImageProblemKind } from '../../../shared/assets';
import type { ImageEntry } from './source';

/** Images decoded at once by default: 2–4, by the machine's cores. */
export function defaultConcurrency(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}

/** Most images decoded at once (libvips also uses threads inside one image). */
export const MAX_CONCURRENCY = 8;

/** A readable image and the step's result. */
export interface ReadImage<T> {
  ok: true;
  entry: ImageEntry;
  /** The file's bytes. */
  bytes: Buffer;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  result: T;
}

/** An image that could not be read or decoded: the English reason and its kind (see ImageProblem). */
export interface UnreadableImage {
  ok: false;
  entry: ImageEntry;
  reason: string;
  kind: ImageProblemKind;
  params?: Record<string, string | number>;
  detail?: string;
}

/** The ImageProblem of an unreadable image (fields without a value left out). */
export function imageProblem(outcome: UnreadableImage): ImageProblem {
  const problem: ImageProblem = {
    path: outcome.entry.path,
    reason: outcome.reason,
    kind: outcome.kind,
  };
  if (outcome.params !== undefined && Object.keys(outcome.params).length > 0) {
    problem.params = outcome.params;
  }
  if (outcome.detail !== undefined) problem.detail = outcome.detail;
  return problem;
}

/** Whether `file` lies inside `folder` (both absolute and resolved; the folder itself is not). */
export function isInside(folder: string, file: string): boolean {
  const fromFolder = relative(folder, file);
  return (
    fromFolder !== '' &&
    fromFolder !== '..' &&
    !fromFolder.startsWith(`..${sep}`) &&
    !isAbsolute(fromFolder)
  );
}

/**
 * Reads, hashes and processes every entry, `concurrency` at a time, yielding outcomes in
 * entry order (at most `2 × concurrency` outcomes wait for the consumer).
 *
 * An entry whose real path (symbolic links resolved, of the file and of the folders on its
 * way) lies outside the real path of `root` is not read: it becomes an UnreadableImage of
 * kind 'OUTSIDE_FOLDER' naming where it leads. A shared folder or manifest must not make the
 * studio read, and keep in a project, files elsewhere on the disk (a manifest path that
 * climbs out with '..' is refused earlier, on its text: source.ts checkInsideRoot); links
 * that stay inside the folder are read as before. The file read is the resolved one, so
 * swapping the final link after the check changes nothing; a folder on the resolved path
 * swapped for a link between the check and the read (someone writing to the folder during
 * the import) is not caught — the threat here is a shared folder or manifest, not a race.
 * @param options.root the folder the entries' paths are relative to (ImageSource.root)
 * @param step per-image work; an ImageDecodeError it throws becomes an UnreadableImage,
 *   any other error is rethrown (a bug, not a bad file)
 * @throws MtlError('IMPORT_CANCELLED') when `signal` is aborted (checked per image).
 */
export async function* readImages<T>(
  entries: readonly ImageEntry[],
  step: (bytes: Buffer) => Promise<T>,
  options: { root: string; concurrency?: number; signal?: AbortSignal },
): AsyncGenerator<ReadImage<T> | UnreadableImage, void, undefined> {
  const concurrency = Math.min(
    MAX_CONCURRENCY,
    Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency())),
  );
  const { signal } = options;
  // The folder itself may be reached through a link (a chosen path like ~/data → /mnt/data).
  const realRoot = await realpath(options.root).catch(() => options.root);
  const work = async (entry: ImageEntry): Promise<ReadImage<T> | UnreadableImage> => {
    throwIfCancelled(signal);
    let bytes: Buffer;
    try {
      const file = await realpath(entry.file);
      if (!isInside(realRoot, file)) {
        const where = entry.line === undefined ? '' : ` (manifest line ${entry.line})`;
        return {
          ok: false,
          entry,
          reason: `links to ${file}, outside the folder being imported${where}; copy the file into the folder instead of linking to it`,
          kind: 'OUTSIDE_FOLDER',
          params: { target: file, ...(entry.line === undefined ? {} : { line: entry.line }) },
        };
      }
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = entry.line === undefined ? '' : ` (manifest line ${entry.line})`;
      const reason =
        code === 'ENOENT' ? `file not found${where}` : `cannot be read${where}: ${code ?? error}`;
      const params: Record<string, string | number> = {};
      if (entry.line !== undefined) params.line = entry.line;
      if (code === 'ENOENT') return { ok: false, entry, reason, kind: 'FILE_NOT_FOUND', params };
      params.code = code ?? String(error);
      return { ok: false, entry, reason, kind: 'FILE_UNREADABLE', params, detail: String(error) };
    }
    try {
      const result = await step(bytes);
      return { ok: true, entry, bytes, sha256: contentHash(bytes), result };
    } catch (error) {
      if (error instanceof ImageDecodeError) {
        const { kind, params, detail } = error;
        return { ok: false, entry, reason: error.message, kind, params, detail };
      }
      throw error;
    }
  };
  for await (const outcome of pMapIterable(entries, work, {
    concurrency,
    backpressure: concurrency * 2,
  })) {
    throwIfCancelled(signal);
    yield outcome;
  }
}
