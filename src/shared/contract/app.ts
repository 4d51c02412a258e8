/**
 * The application itself: what the UI knows about its process, native dialogs, and the
 * folder listing behind the browser mode's file picker.
 */
import { z } from 'zod';
import { empty, invoke } from './channels';

/** What a path field holds (the files it accepts, a new file, a folder): a {@link DialogKind}. */
export type FileKind = DialogKind;
const fileKind = z.enum([
  'open-project',
  'new-project',
  'open-csv',
  'save-file',
  'open-folder',
  'open-image-source',
  'open-image',
]);

/** One folder on the machine running the studio, as the file picker shows it. */
export interface FolderListing {
  /** The folder listed (absolute; `~` expanded). */
  path: string;
  /** Its parent folder, or null at the root. */
  parent: string | null;
  /** The user's home folder (where the picker starts). */
  home: string;
  /** Folders first, then the files the field accepts, each group by name; no hidden ones. */
  entries: { name: string; folder: boolean }[];
  /** More entries than a listing returns. */
  truncated: boolean;
}

/** What the UI needs to know about the process it talks to. */
export interface AppInfo {
  version: string;
  /** 'electron' inside the desktop window, 'browser' for `npm run serve`. */
  mode: 'electron' | 'browser';
  /** True when `dialogs.open` shows a native file dialog; false: type a server-side path. */
  nativeDialogs: boolean;
  /** Operating system of the main process, e.g. 'linux'. */
  platform: string;
}

/**
 * What a native file dialog picks: a project to open or create, a CSV file, a file to save,
 * a folder, an image import's source (a folder of images or a manifest CSV, for
 * `assets.import`), or a model's image input (a folder of images or one image, to predict).
 */
export type DialogKind = z.infer<typeof fileKind>;

/** The app invoke channels: name → request schema and response type. */
export const APP_INVOKE = {
  'app.info': invoke<AppInfo>()(empty),
  'dialogs.open': invoke<{ path: string | null }>()(z.strictObject({ kind: fileKind })),
  /**
   * A folder's subfolders and the files `kind` accepts (default: the user's home; `~` and
   * relative paths start there), for the file picker of the browser mode.
   */
  'dialogs.list': invoke<FolderListing>()(
    z.strictObject({ kind: fileKind, path: z.string().max(4096).optional() }),
  ),
  /**
   * Creates a folder and the missing folders above it (`~` and relative paths start at the
   * home folder); answers its absolute path. Offered where an export's folder is missing.
   */
  'dialogs.createFolder': invoke<{ path: string }>()(
    z.strictObject({ path: z.string().min(1).max(4096) }),
  ),
} as const;
