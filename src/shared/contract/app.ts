/**
 * The application itself: what the UI knows about its process, native dialogs.
 */
import { z } from 'zod';
import { empty, invoke } from './channels';

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
 * or a folder (of images, for `assets.import`).
 */
export type DialogKind = 'open-project' | 'new-project' | 'open-csv' | 'save-file' | 'open-folder';

/** The app invoke channels: name → request schema and response type. */
export const APP_INVOKE = {
  'app.info': invoke<AppInfo>()(empty),
  'dialogs.open': invoke<{ path: string | null }>()(
    z.strictObject({
      kind: z.enum(['open-project', 'new-project', 'open-csv', 'save-file', 'open-folder']),
    }),
  ),
} as const;
