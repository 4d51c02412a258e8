/**
 * Lists the images of an import and their labels, in one of three layouts (see
 * ImageLayout): sub-folders as classes, a manifest CSV, or a flat folder without labels.
 * Nothing is decoded here; a file counts as an image by its extension (its content is
 * checked when it is decoded, so a corrupt `.png` is reported as corrupt, not ignored).
 *
 * Paths are relative to the import root (the folder, or the manifest's folder) and
 * '/'-separated on every system; entries are sorted by path in natural order (img 2 before
 * img 10; ties by code units), so the
 * same folder always gives the same rows in the same order.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import {
  basename,
  dirname,
  extname,
  isAbsolute,
  join,
  parse as parsePath,
  posix,
  relative as relativePath,
  resolve,
  sep,
} from 'node:path';
import {
  IMAGE_FILE_EXTENSIONS,
  type DeeperImages,
  type ImageLayout,
  type ManifestRepeat,
  type ShallowerImages,
} from '../../../shared/assets';
import { MtlError, reasonDetails } from '../../../shared/errors';
import { throwIfCancelled } from '../cancellation';
import {
  DEFAULT_GRAMMAR,
  cellGrammar,
  isMissingToken,
  type CellGrammarOptions,
  trimCell,
} from '../cellValues';
import { csvError } from '../csvErrors';
import { resolveCsvFormat, type CsvFormatOptions } from '../csvFormat';
import { checkNameLengths, openCsvTable } from '../csvTable';
import { folderLevelNames } from './folderLevels';

/** File extensions (lower case) read as images. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(IMAGE_FILE_EXTENSIONS);

/** Names of a manifest found in a folder's root (compared case-insensitively). */
export const MANIFEST_NAMES: readonly string[] = ['manifest.csv'];

/** Header names taken as the path column of a manifest when none is chosen (any case). */
export const PATH_COLUMN_NAMES: readonly string[] = [
  'path',
  'file',
  'filename',
  'file_name',
  'filepath',
  'file_path',
  'image',
  'image_path',
];

/**
 * The spelling an image path is matched by, as stored paths are written: Unicode NFC (macOS
 * writes file names decomposed, NFD), '/' for a Windows '\\', and posix-normalised ('./a.png'
 * and 'i//a.png' are 'a.png' and 'i/a.png'). E.g. `.\\bag\\img1.png` → `bag/img1.png`.
 */
export function imagePathKey(path: string): string {
  return posix.normalize(path.normalize('NFC').replaceAll('\\', '/'));
}

/** One image to import. */
export interface ImageEntry {
  /** Path relative to the root, '/'-separated (as stored in the dataset's path column). */
  path: string;
  /** Absolute path of the file. */
  file: string;
  /** One label per label column; null = missing. */
  labels: (string | null)[];
  /** 1-based line of the manifest row (manifest layout only). */
  line?: number;
}

/**
 * The dataset name an image import takes when none is given (the import, its preview for the
 * wizard's name field, and the CLI alike): the folder's name; a manifest's own name, unless it
 * is called "manifest" (any case), which names nothing: then its folder's.
 * `/data/fm/manifest.csv` → "fm"; `/data/fm/labels.csv` → "labels"; `/data/fm` → "fm".
 */
export function defaultDatasetName(source: { root: string; manifest: string | null }): string {
  if (source.manifest === null) return basename(source.root);
  const stem = parsePath(source.manifest).name;
  return stem.toLowerCase() === 'manifest' ? basename(source.root) : stem;
}

/** The images of an import, their label columns, and the files that are not images. */
export interface ImageSource {
  layout: ImageLayout;
  /** Absolute path of the folder paths are relative to. */
  root: string;
  /** Base name of the manifest (layout 'manifest'), else null. */
  manifest: string | null;
  /** Name of the path column: the manifest's, else 'path'. */
  pathColumn: string;
  /** Names of the label columns, in order (folder levels or manifest columns). */
  labelColumns: string[];
  /** Layout 'folders': the deepest image's number of folder levels (0 for the others). */
  folderLevels: number;
  /**
   * Layout 'folders' with fewer task names than folder levels: the images in folders deeper
   * than the named levels (they take the classes of their named ancestor folders; the deeper
   * folder names are ignored): how many, and the first one's relative path. Else null.
   */
  deeperThanNamed: DeeperImages | null;
  /**
   * Layout 'folders': the images in fewer folders than the named levels (no label for the
   * tasks below their folders; they can be labelled later): how many, the first of the
   * shallowest, and the tasks it leaves unlabelled. Else null.
   */
  shallowerThanNamed: ShallowerImages | null;
  entries: ImageEntry[];
  /** Files that are not images (by extension), relative paths. */
  nonImages: string[];
  /**
   * Files the manifest lists again (option listedTwice 'list'; else always empty, as a
   * repeat is refused): the later listing is not among the entries.
   */
  listedTwice: ManifestRepeat[];
}

/** Options on how to read a folder or manifest. */
export interface ImageSourceOptions extends CsvFormatOptions, CellGrammarOptions {
  /** Layout to use; 'auto' (default) detects it (see {@link scanImageSource}). */
  layout?: ImageLayout | 'auto';
  /**
   * Layout 'folders': names of the label columns, one per folder level from the top. Fewer
   * names than levels name the first levels: an image deeper than them takes the classes of
   * its named ancestor folders (ImageSource.deeperThanNamed counts them). More names than
   * levels are refused (reason FOLDER_NAMES_EXCEED_LEVELS). Default: 'label' for one level,
   * else level_1 … level_n.
   */
  tasksFromFolders?: string[];
  /** Layout 'manifest': the path column (default: the first of PATH_COLUMN_NAMES, any case). */
  pathColumn?: string;
  /** Layout 'manifest': the label columns (default: every column but the path column). */
  labelColumns?: string[];
  /**
   * Layout 'manifest', a file listed twice: 'refuse' (default, what an import does) throws
   * MANIFEST_LISTED_TWICE; 'list' (a preview) keeps the first listing and lists the repeat
   * in ImageSource.listedTwice.
   */
  listedTwice?: 'refuse' | 'list';
  signal?: AbortSignal;
  /** Called while listing a folder, with the number of files found so far. */
  onFiles?: (files: number) => void;
}

/** Files between two progress reports while listing. */
const LIST_PROGRESS_EVERY = 500;

function isImageFile(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57; // '0'…'9'
}

/**
 * Paths in natural order, written out by hand so that Node (the CLI) and Electron (the app)
 * give the same order whatever ICU they carry: runs of ASCII digits compare by numeric
 * value ("img 2" before "img 10"; any length: after stripping leading zeros the longer run
 * is larger, then digit by digit, so no Number overflow), everything else by UTF-16 code
 * units ("README.md" before "make-fixture.mjs": 'R' < 'm'); a string that is a prefix of
 * the other comes first; ties (same values, "img 010" and "img 10") by code units of the
 * whole strings ("img 010" first), so no two different paths compare equal.
 * @returns negative when `a` comes first, positive when `b` does, 0 only for equal strings.
 */
export function comparePaths(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let endA = i;
      while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
      let endB = j;
      while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
      const runA = a.slice(i, endA).replace(/^0+/, '');
      const runB = b.slice(j, endB).replace(/^0+/, '');
      if (runA.length !== runB.length) return runA.length - runB.length;
      if (runA !== runB) return runA < runB ? -1 : 1;
      i = endA;
      j = endB;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every file under `root` as a '/'-separated relative path, sorted. Hidden entries (name
 * starting with '.') are left out, folders included (`.git`, `.thumbnails`); symbolic links
 * to files are listed, links to folders are not (no cycles). A listed link that leads
 * outside `root` is refused when it is read (readImages.ts: kind OUTSIDE_FOLDER). The same
 * listing serves Predict on a folder (export/predictImages.ts), so both read the same set.
 * @param signal cancels between folders (throws its cancellation); onFiles: files so far.
 * @throws MtlError('BAD_REQUEST') for a folder that cannot be read.
 */
export async function listFiles(
  root: string,
  signal?: AbortSignal,
  onFiles?: (files: number) => void,
): Promise<string[]> {
  const files: string[] = [];
  const folders: string[] = [''];
  while (folders.length > 0) {
    throwIfCancelled(signal);
    const folder = folders.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, folder), { withFileTypes: true });
    } catch (error) {
      throw new MtlError(
        'BAD_REQUEST',
        `Cannot read folder ${join(root, folder)}: ${(error as Error).message}`,
      );
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) folders.push(relative);
      else if (entry.isFile()) files.push(relative);
      else if (entry.isSymbolicLink()) {
        const target = await stat(join(root, relative)).catch(() => null);
        if (target?.isFile()) files.push(relative);
      }
      if (files.length % LIST_PROGRESS_EVERY === 0 && files.length > 0) onFiles?.(files.length);
    }
  }
  files.sort(comparePaths);
  onFiles?.(files.length);
  return files;
}

/**
 * List the images of a folder or manifest and their labels.
 *
 * Layout detection ('auto'): a file is read as a manifest; a folder with a `manifest.csv`
 * in its root uses it; a folder whose images lie in sub-folders is 'folders' (images
 * directly in the root then have no labels); otherwise 'flat'. Layout 'folders' gives
 * label columns from folder levels: `a/b/x.png` has level 1 = a, level 2 = b; an image
 * less deep than a named level has no label for it.
 *
 * @param path a folder, or a manifest CSV file
 * @throws MtlError 'NOT_FOUND' (no such file or folder); 'BAD_REQUEST' (a layout that does
 *   not fit the path, more folder names than levels, an empty or repeated name, an unknown
 *   path or label column, a manifest without rows; a file listed twice, reason
 *   MANIFEST_LISTED_TWICE, unless options.listedTwice is 'list'); 'CSV_PARSE'/'CSV_ENCODING'
 *   from the manifest (naming file, line, column; also an empty path cell); 'IMPORT_CANCELLED'.
 */
export async function scanImageSource(
  path: string,
  options: ImageSourceOptions = {},
): Promise<ImageSource> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => null);
  if (!info) {
    throw new MtlError(
      'NOT_FOUND',
      `Not found: ${absolute}`,
      reasonDetails('PATH_MISSING', { path: absolute }, { path: absolute }),
    );
  }
  const layout = options.layout ?? 'auto';
  throwIfCancelled(options.signal);

  if (info.isFile()) {
    if (layout !== 'auto' && layout !== 'manifest') {
      throw new MtlError(
        'BAD_REQUEST',
        `${absolute} is a file; layout '${layout}' needs a folder (a file is read as a manifest CSV)`,
      );
    }
    return readManifest(absolute, options);
  }
  if (!info.isDirectory()) {
    throw new MtlError('BAD_REQUEST', `${absolute} is neither a file nor a folder`);
  }
  if (layout === 'auto' || layout === 'manifest') {
    const names = await readdir(absolute);
    const manifest = names.find((n) => MANIFEST_NAMES.includes(n.toLowerCase()));
    if (manifest) return readManifest(join(absolute, manifest), options);
    if (layout === 'manifest') {
      throw new MtlError(
        'BAD_REQUEST',
        `No ${MANIFEST_NAMES.join(' or ')} in ${absolute}; give the manifest file itself`,
      );
    }
  }

  const files = await listFiles(absolute, options.signal, options.onFiles);
  const images = files.filter(isImageFile);
  const nonImages = files.filter((f) => !isImageFile(f));
  const nested = images.some((f) => f.includes('/'));
  const chosen: ImageLayout = layout === 'auto' ? (nested ? 'folders' : 'flat') : layout;
  if (chosen === 'flat') {
    return {
      layout: 'flat',
      root: absolute,
      manifest: null,
      pathColumn: 'path',
      labelColumns: [],
      folderLevels: 0,
      deeperThanNamed: null,
      shallowerThanNamed: null,
      entries: images.map((p) => ({ path: p, file: join(absolute, p), labels: [] })),
      nonImages,
      listedTwice: [],
    };
  }

  const depth = images.reduce((most, f) => Math.max(most, f.split('/').length - 1), 0);
  const labelColumns = folderLevelNames(depth, options.tasksFromFolders, absolute);
  const entries = images.map((p) => {
    const folders = p.split('/').slice(0, -1);
    return {
      path: p,
      file: join(absolute, p),
      labels: labelColumns.map((_name, level) => folders[level] ?? null),
    };
  });
  return {
    layout: 'folders',
    root: absolute,
    manifest: null,
    pathColumn: 'path',
    labelColumns,
    folderLevels: depth,
    ...namedLevelImages(images, labelColumns),
    entries,
    nonImages,
    listedTwice: [],
  };
}

/**
 * Layout 'folders': the images deeper than the named folder levels (their deeper folder
 * names ignored) and those in fewer folders than the named levels, as
 * ImageSource.deeperThanNamed and .shallowerThanNamed.
 * @param images relative '/'-separated paths, in any order (sorted here by comparePaths).
 *   The preview and the import pass the readable images only, so these counts agree with
 *   the tasks' "without a label" counts (a new user read "39 images lie in fewer folders"
 *   beside "37 without a label": 2 of the 39 were corrupt and skipped).
 * @param labelColumns the named folder levels, top first
 * @returns each null when no image is deeper (shallower)
 */
export function namedLevelImages(
  images: readonly string[],
  labelColumns: string[],
): Pick<ImageSource, 'deeperThanNamed' | 'shallowerThanNamed'> {
  const sorted = [...images].sort(comparePaths);
  // Deeper folders than the named levels are ignored: nothing below labelColumns.length.
  const deeper = sorted.filter((p) => p.split('/').length - 1 > labelColumns.length);
  return {
    deeperThanNamed: deeper.length > 0 ? { images: deeper.length, example: deeper[0] } : null,
    shallowerThanNamed: shallowerImages(sorted, labelColumns),
  };
}

/**
 * The images (relative paths, sorted) in fewer folders than there are label columns, as
 * ImageSource.shallowerThanNamed: e.g. ['cat/a.png', 'dog/small/b.png', 'x.png'] under
 * level_1, level_2 → { images: 2, example: 'x.png', tasks: ['level_1', 'level_2'] }. Null
 * when every image has a folder for each column.
 */
function shallowerImages(images: string[], labelColumns: string[]): ShallowerImages | null {
  let count = 0;
  let example: string | null = null;
  let exampleFolders = labelColumns.length;
  for (const path of images) {
    const folders = path.split('/').length - 1;
    if (folders >= labelColumns.length) continue;
    count++;
    // The first of the shallowest: a later image only replaces it when in fewer folders.
    if (folders < exampleFolders) {
      example = path;
      exampleFolders = folders;
    }
  }
  if (example === null) return null;
  return { images: count, example, tasks: labelColumns.slice(exampleFolders) };
}

/** Read a manifest CSV: the path column relative to its folder, label columns as text. */
async function readManifest(file: string, options: ImageSourceOptions): Promise<ImageSource> {
  const root = dirname(file);
  const format = await resolveCsvFormat(file, options);
  const grammar = options.missingTokens === undefined ? DEFAULT_GRAMMAR : cellGrammar(options);
  // An image import has no --bad-lines option: its errors do not offer one.
  const table = await openCsvTable(file, format.dialect, format.hasHeader, {
    badLinesSkippable: false,
  });
  const { header } = table;
  try {
    const pathColumn = options.pathColumn ?? findPathColumn(header);
    if (pathColumn === undefined) {
      throw csvError(
        { file: table.file, line: table.headerLine },
        `no path column (looked for ${PATH_COLUMN_NAMES.join(', ')}; columns are ${header.join(', ')}); choose one (CLI: --path-column <name>)`,
        'BAD_REQUEST',
        reasonDetails(
          'MANIFEST_NO_PATH_COLUMN',
          { file: table.file, line: table.headerLine, columns: header.join(', ') },
          { columns: header },
        ),
      );
    }
    const pathIndex = header.indexOf(pathColumn);
    if (pathIndex < 0) {
      throw csvError(
        { file: table.file, line: table.headerLine },
        `no column named '${pathColumn}' (columns are ${header.join(', ')})`,
        'BAD_REQUEST',
      );
    }
    const labelColumns = options.labelColumns ?? header.filter((c) => c !== pathColumn);
    const labelIndices = labelColumns.map((name) => {
      const index = header.indexOf(name);
      if (index < 0 || name === pathColumn) {
        throw csvError(
          { file: table.file, line: table.headerLine },
          `label column '${name}' is ${index < 0 ? 'not a column of the file' : 'the path column'}`,
          'BAD_REQUEST',
        );
      }
      return index;
    });
    // The label columns become the dataset's columns (and tasks): as long as a header's may be.
    checkNameLengths(labelColumns, table.file, table.headerLine, labelIndices);
    const entries: ImageEntry[] = [];
    // Normalised path -> where it was first listed, to refuse a file listed twice.
    const listed = new Map<string, { line: number; written: string; labels: (string | null)[] }>();
    const listedTwice: ManifestRepeat[] = [];
    const folderNames: FolderNames = new Map();
    for await (const record of table.rows) {
      if (entries.length % LIST_PROGRESS_EVERY === 0) throwIfCancelled(options.signal);
      const cell = trimCell(record.fields[pathIndex]);
      if (cell === '') {
        throw csvError(
          { file: table.file, line: record.line, column: pathColumn },
          'the image path is empty',
        );
      }
      // Manifests written on Windows use '\'; stored paths are '/'-separated everywhere.
      const written = cell.replaceAll('\\', '/');
      const at = { file: table.file, line: record.line, column: pathColumn };
      checkInsideRoot(root, resolve(root, written), written, at);
      // One spelling per file: './i/a.png' and 'i//a.png' are both stored as 'i/a.png'; a
      // name spelled in another Unicode form than on disk is stored as the disk spells it.
      const path = await onDiskSpelling(root, posix.normalize(written), folderNames);
      const file = resolve(root, path);
      const labels = labelIndices.map((k) => {
        const text = trimCell(record.fields[k]);
        return isMissingToken(text, grammar) ? null : text;
      });
      const first = listed.get(path);
      if (first !== undefined && options.listedTwice === 'list') {
        listedTwice.push({ path, lines: [first.line, record.line] });
        continue;
      }
      if (first !== undefined)
        throw listedTwiceError(at, path, first, written, labels, labelColumns);
      listed.set(path, { line: record.line, written, labels });
      entries.push({ path, file, labels, line: record.line });
    }
    if (entries.length === 0) {
      throw csvError({ file: table.file }, 'the manifest has a header but no rows', 'BAD_REQUEST');
    }
    options.onFiles?.(entries.length);
    return {
      layout: 'manifest',
      root,
      manifest: basename(file),
      pathColumn,
      labelColumns,
      folderLevels: 0,
      deeperThanNamed: null,
      shallowerThanNamed: null,
      entries,
      nonImages: [],
      listedTwice,
    };
  } finally {
    await table.close();
  }
}

/** A folder's absolute path -> its entries' NFC names -> the names on disk with that form. */
type FolderNames = Map<string, Map<string, string[]> | null>;

/**
 * The spelling on disk of a manifest's relative '/'-separated `path` (already
 * posix-normalised) under `root`: the path itself when it exists, else, segment by segment,
 * the one entry of each folder whose name is the same once both are Unicode NFC (a
 * manifest written on macOS spells 'é' decomposed, NFD, where the file's name is composed,
 * or the reverse: the path `imagePathKey` matches for `labels import`). A path of ASCII only
 * is returned as it is, unchecked (no other form exists). When a segment matches no entry,
 * or several (e.g. both 'é.png' and 'é.png' on disk), `path` is returned unchanged, and
 * reading the image reports it not found with its manifest line, as before.
 * `folderNames` caches each folder's listing for the manifest's rows (null: not a folder).
 */
async function onDiskSpelling(
  root: string,
  path: string,
  folderNames: FolderNames,
): Promise<string> {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(path)) return path;
  if (
    await stat(resolve(root, path)).then(
      () => true,
      () => false,
    )
  )
    return path;
  const found: string[] = [];
  for (const segment of path.split('/')) {
    const folder = resolve(root, ...found);
    if (segment === '..' || segment === '.') {
      found.push(segment);
      continue;
    }
    let names = folderNames.get(folder);
    if (names === undefined) {
      names = await readdir(folder).then(
        (entries) => {
          const byForm = new Map<string, string[]>();
          for (const entry of entries) {
            const key = entry.normalize('NFC');
            byForm.set(key, [...(byForm.get(key) ?? []), entry]);
          }
          return byForm;
        },
        () => null,
      );
      folderNames.set(folder, names);
    }
    const matches = names?.get(segment.normalize('NFC')) ?? [];
    if (matches.length !== 1) return path;
    found.push(matches[0]);
  }
  return found.join('/');
}

/**
 * Refuse a manifest path that leads outside the manifest's folder (absolute, a drive
 * letter, or climbing out with '..'): the dataset stores paths relative to that folder,
 * and a shared manifest must not make the studio read, and keep in its project, files
 * elsewhere on the disk such as '../../etc/passwd' — Label Studio's local storage refuses
 * files outside its document root for the same reason. Checked here on the path's text;
 * a symbolic link on the way that leads outside is refused when the file is read
 * (readImages.ts, kind OUTSIDE_FOLDER), one inside the folder is followed.
 * @throws MtlError('BAD_REQUEST', reason IMAGE_PATH_OUTSIDE) naming manifest, line, column and path.
 */
function checkInsideRoot(
  root: string,
  file: string,
  path: string,
  at: { file: string; line: number; column: string },
): void {
  const fromRoot = relativePath(root, file);
  const outside =
    isAbsolute(path) ||
    /^[A-Za-z]:/.test(path) ||
    fromRoot === '..' ||
    fromRoot.startsWith(`..${sep}`) ||
    isAbsolute(fromRoot);
  if (!outside) return;
  throw csvError(
    at,
    `the image path '${path}' leads outside the manifest's folder; paths must be relative to it and stay inside it (move the images, or the manifest, so they do)`,
    'BAD_REQUEST',
    reasonDetails('IMAGE_PATH_OUTSIDE', { ...at, path }),
  );
}

/**
 * The error for a manifest that lists the same (normalised) file on two lines: importing
 * both would give one image two rows, with contradictory labels when they differ.
 * @returns MtlError('BAD_REQUEST') naming the manifest, both lines, both spellings and any label conflict.
 */
function listedTwiceError(
  at: { file: string; line: number; column: string },
  path: string,
  first: { line: number; written: string; labels: (string | null)[] },
  written: string,
  labels: (string | null)[],
  labelColumns: string[],
): MtlError {
  const spelled =
    first.written === written && written === path
      ? `'${path}'`
      : `'${path}' (written '${first.written}' and '${written}')`;
  const show = (v: string | null): string => (v === null ? '(missing)' : `'${v}'`);
  const conflicts = labelColumns
    .map((name, k) => ({ name, a: first.labels[k] ?? null, b: labels[k] ?? null }))
    .filter((c) => c.a !== c.b)
    .map((c) => `${c.name} ${show(c.a)} on line ${first.line}, ${show(c.b)} on line ${at.line}`);
  const conflict = conflicts.length > 0 ? `; the labels disagree: ${conflicts.join('; ')}` : '';
  return csvError(
    at,
    `the image ${spelled} is listed twice, on lines ${first.line} and ${at.line}${conflict}; list each file once`,
    'BAD_REQUEST',
    reasonDetails(
      'MANIFEST_LISTED_TWICE',
      { file: at.file, path, first: first.line, second: at.line },
      { path, lines: [first.line, at.line] },
    ),
  );
}

function findPathColumn(header: string[]): string | undefined {
  for (const wanted of PATH_COLUMN_NAMES) {
    const found = header.find((h) => h.toLowerCase() === wanted);
    if (found !== undefined) return found;
  }
  return undefined;
}
