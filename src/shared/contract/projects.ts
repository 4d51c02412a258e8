/**
 * Projects: create, open, close, the recent list, and projects the operating system asks
 * the desktop app to open.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { empty, event, invoke, path } from './channels';

/**
 * Most characters of a project's name: the limit of `projects.create` and of the Projects
 * view's name field (its maxlength), so the field never sends a name the channel refuses.
 */
export const MAX_PROJECT_NAME = 200;

/** The schema upgrade done when a project was opened (the old file was copied first). */
export interface ProjectMigration {
  fromVersion: number;
  toVersion: number;
  /** Path of the copy of the file as it was before the upgrade. */
  backup: string;
}

/** The open project. */
export interface ProjectSummary {
  /** Path of the `*.mtlproj` file on the machine running the main process. */
  path: string;
  name: string;
  datasets: number;
  /**
   * Why the file is open read-only: PROJECT_CORRUPT, naming the file and what the integrity
   * check found; null for an intact file. Nothing is written into a damaged file;
   * `projects.recover` copies what can be read into a new one.
   */
  damage: ErrorPayload | null;
  /** The upgrade done on opening, with its backup; null when none was needed. */
  migration: ProjectMigration | null;
}

/** What `projects.recover` copied, per table. */
export interface ProjectRecovery {
  /** The damaged file (unchanged). */
  source: string;
  /** The new file, now the open project. */
  project: ProjectSummary;
  tables: { table: string; rows: number; skipped: string[] }[];
  /** Rows dropped because the row they belonged to was lost. */
  orphansRemoved: number;
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
    z.strictObject({ path, name: z.string().max(MAX_PROJECT_NAME).optional() }),
  ),
  'projects.open': invoke<ProjectSummary>()(z.strictObject({ path })),
  'projects.current': invoke<ProjectSummary | null>()(empty),
  'projects.recent': invoke<RecentProject[]>()(empty),
  'projects.close': invoke<null>()(empty),
  /**
   * Copies what can be read of a damaged project into a new file (default: beside it,
   * `<name>-recovered.mtlproj`) and opens that one.
   */
  'projects.recover': invoke<ProjectRecovery>()(z.strictObject({ path, target: path.optional() })),
} as const;

/** The open project changed (opened, created or closed — in any tab or window). */
export interface ProjectChangedEvent {
  project: ProjectSummary | null;
}

/**
 * Another program (the CLI, another studio window on the same file) wrote to the open
 * project: datasets, labels, tasks, roles, runs, splits may all have changed. One event
 * per check of the file that found such writes (about once a second, however many); a
 * page reloads its lists (datasets, tasks, runs, splits) on it. The studio's own writes,
 * sort indexes built on its second connection included, send none.
 */
export interface ProjectChangedElsewhereEvent {
  /** The open project as it is now (its dataset count may have changed). */
  project: ProjectSummary;
}

/** The projects event channels: name → payload type. */
export const PROJECTS_EVENTS = {
  'projects.changed': event<ProjectChangedEvent>(),
  'projects.opened': event<ProjectOpenedEvent>(),
  'projects.changedElsewhere': event<ProjectChangedElsewhereEvent>(),
} as const;
