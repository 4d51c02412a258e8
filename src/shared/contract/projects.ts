/**
 * Projects: create, open, close, the recent list, and projects the operating system asks
 * the desktop app to open.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { empty, event, invoke, path } from './channels';

/** The open project. */
export interface ProjectSummary {
  /** Path of the `*.mtlproj` file on the machine running the main process. */
  path: string;
  name: string;
  datasets: number;
}

/** A project in the recent list (most recent first). */
export interface RecentProject {
  path: string;
  name: string;
  /** ISO-8601 time it was last opened. */
  openedAt: string;
  /** False when the file has gone since. */
  exists: boolean;
}

/**
 * A project the operating system asked the desktop app to open (a double-clicked
 * `.mtlproj`, a command-line argument, macOS `open-file`): opened, or why not.
 */
export interface ProjectOpenedEvent {
  path: string;
  /** The opened project (now the current one), or null when it could not be opened. */
  project: ProjectSummary | null;
  /** Why it could not be opened (NOT_FOUND, STORE, MIGRATION …). */
  error?: ErrorPayload;
}

/** The projects invoke channels: name → request schema and response type. */
export const PROJECTS_INVOKE = {
  'projects.create': invoke<ProjectSummary>()(
    z.strictObject({ path, name: z.string().max(200).optional() }),
  ),
  'projects.open': invoke<ProjectSummary>()(z.strictObject({ path })),
  'projects.current': invoke<ProjectSummary | null>()(empty),
  'projects.recent': invoke<RecentProject[]>()(empty),
  'projects.close': invoke<null>()(empty),
} as const;

/** The open project changed (opened, created or closed — in any tab or window). */
export interface ProjectChangedEvent {
  project: ProjectSummary | null;
}

/** The projects event channels: name → payload type. */
export const PROJECTS_EVENTS = {
  'projects.changed': event<ProjectChangedEvent>(),
  'projects.opened': event<ProjectOpenedEvent>(),
} as const;
