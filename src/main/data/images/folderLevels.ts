/**
 * Naming the label columns of a 'folders' import: one task per folder level, named by the
 * user (ImageSourceOptions.tasksFromFolders; CLI `--tasks-from-folders`) or by default; the
 * refusals (more names than levels, an empty, repeated or reserved name) carry reasons the
 * studio words in its language. source.ts lists the images; this file names their levels.
 */
import { MtlError, reasonDetails } from '../../../shared/errors';

/** Label column name of a single folder level when the user names none. */
export const SINGLE_LEVEL_NAME = 'label';

/**
 * Label column names for `depth` folder levels (see ImageSourceOptions.tasksFromFolders):
 * without `given`, none for 0 levels, {@link SINGLE_LEVEL_NAME} for 1, else level_1 …
 * level_n; with `given`, the trimmed names, naming the first levels (deeper folders are
 * then ignored by the caller).
 * @param depth the deepest image's folder count below the root (0: images only in the root).
 * @param given the names the user gave, in level order, or undefined.
 * @param root the imported folder (absolute), named in errors.
 * @returns one name per named level, outermost first.
 * @throws MtlError('BAD_REQUEST') for more names than levels (reason
 *   FOLDER_NAMES_EXCEED_LEVELS), an empty, repeated or reserved ('path') name (see
 *   checkColumnNames).
 */
export function folderLevelNames(
  depth: number,
  given: string[] | undefined,
  root: string,
): string[] {
  if (given === undefined) {
    if (depth === 0) return [];
    return depth === 1
      ? [SINGLE_LEVEL_NAME]
      : Array.from({ length: depth }, (_, i) => `level_${i + 1}`);
  }
  const names = given.map((n) => n.trim());
  // Fewer names than levels name the first levels (deeper folders are ignored); more names
  // than levels name folders that do not exist.
  if (names.length > depth) {
    const levels = depth === 1 ? '1 folder level' : `${depth} folder levels`;
    const count = names.length === 1 ? '1 name given' : `${names.length} names given`;
    throw new MtlError(
      'BAD_REQUEST',
      `task names from folders: the images in ${root} are in ${levels}, ${count} (${names.join(', ')}): give at most one name per level`,
      reasonDetails(
        'FOLDER_NAMES_EXCEED_LEVELS',
        { path: root, levels: depth, given: names.length, names: names.join(', ') },
        { levels: depth, given: names.length },
      ),
    );
  }
  checkColumnNames(names, 'task names from folders');
  return names;
}

/**
 * @throws MtlError('BAD_REQUEST') for an empty name, a repeated name, or the name 'path'
 *   (reasons FOLDER_TASK_NAME_EMPTY, FOLDER_TASK_NAME_REPEATED, FOLDER_TASK_NAME_RESERVED, so
 *   the studio words them in its language).
 */
function checkColumnNames(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') {
      throw new MtlError(
        'BAD_REQUEST',
        `${what}: a name is empty`,
        reasonDetails('FOLDER_TASK_NAME_EMPTY', {}),
      );
    }
    if (seen.has(name)) {
      throw new MtlError(
        'BAD_REQUEST',
        `${what}: "${name}" is given twice`,
        reasonDetails('FOLDER_TASK_NAME_REPEATED', { name }),
      );
    }
    if (name === 'path') {
      throw new MtlError(
        'BAD_REQUEST',
        `${what}: "path" is the name of the image column`,
        reasonDetails('FOLDER_TASK_NAME_RESERVED', { name }),
      );
    }
    seen.add(name);
  }
}
