/**
 * Session: what the studio's main process knows about the user's work beyond the project
 * file — the open project, the view and dataset last shown, each dataset's table state
 * (sort, filters, hidden and pinned columns) and the runs in flight — so a reloaded page,
 * a second tab or a restarted server shows the same studio.
 */
import { z } from 'zod';
import type { AutoProgress, HeardTrial } from '../domain';
import type { ErrorPayload } from '../errors';
import type { ProjectSummary } from './projects';
import { MAX_NAME_LENGTH } from '../datasets';
import { columnName, empty, event, id, invoke } from './channels';
import { MAX_ROW_FILTERS, rowFilterSchema, type RowFilter } from './datasets';

/** How one dataset's data table is set up (restored when the dataset is shown again). */
export interface TableState {
  /** Column sorted on, or null for file order. */
  orderBy: string | null;
  descending: boolean;
  /** Conditions that must all hold. */
  filters: RowFilter[];
  /** Columns not shown. */
  hidden: string[];
  /** Columns kept at the left while scrolling sideways, in order. */
  pinned: string[];
}

/** The table of a dataset never shown before. */
export const DEFAULT_TABLE_STATE: TableState = {
  orderBy: null,
  descending: false,
  filters: [],
  hidden: [],
  pinned: [],
};

/** A form value as the Train form holds it (numbers may be typed half-way). */
export type DraftValue = string | number | boolean | null;

/** The Train form as the user left it for a dataset (restored after a reload). */
export interface TrainDraft {
  /** Field values by configuration field name. */
  values: Record<string, DraftValue>;
  /** List fields as typed, e.g. hiddenUnits: "64, 32". */
  lists: Record<string, string>;
  /** Tasks ticked. */
  tasks: string[];
  /**
   * The dataset's tasks when the draft was saved, ticked or not (absent in older drafts): a
   * task defined later is not among them, and the form ticks it (trainTasks.ts restoredTicks).
   */
  knownTasks?: string[];
}

/** The UI state of the open project. */
export interface UiState {
  /** The view last shown, e.g. 'train' (the renderer knows its views). */
  view: string;
  /** The dataset last selected, or null. */
  datasetId: number | null;
  /** Table state per dataset id. */
  tables: Record<string, TableState>;
  /** Train form per dataset id. */
  drafts: Record<string, TrainDraft>;
}

/** A run training in this session (pausing is not stored in the project file). */
export interface ActiveRun {
  runId: number;
  datasetId: number;
  paused: boolean;
  /**
   * When its pause began (ms since the epoch), while paused: its Time stands there
   * (shared/trainedTime.ts). Absent when running.
   */
  pausedSince?: number;
  /** An Auto run: its latest `training.autoProgress` (a page opened mid-search shows it). */
  autoProgress?: AutoProgress;
  /**
   * An Auto run during its search: every trial reported so far, in the order reported (a
   * reloaded page lists the same trials as before the reload). Absent before the first.
   */
  autoTrials?: HeardTrial[];
}

/** What a page loads first, and again after reconnecting. */
export interface SessionSnapshot {
  project: ProjectSummary | null;
  /** UI state of the open project (defaults when none is open). */
  ui: UiState;
  activeRuns: ActiveRun[];
  /**
   * With no project open: the project open when the studio last stopped, which could not
   * be reopened at start, and why (the Projects view shows it); null otherwise.
   */
  reopenFailure: { path: string; error: ErrorPayload } | null;
}

/** Most columns a table state lists as hidden or pinned. */
const MAX_STATE_COLUMNS = 2000;

/** Schema of a table state as the UI sends it. */
export const tableStateSchema = z.strictObject({
  orderBy: columnName.nullable(),
  descending: z.boolean(),
  filters: z.array(rowFilterSchema).max(MAX_ROW_FILTERS),
  hidden: z.array(columnName).max(MAX_STATE_COLUMNS),
  pinned: z.array(columnName).max(MAX_STATE_COLUMNS),
});

/** A view name: lower-case words joined by '-', e.g. 'train'. */
export const viewName = z.string().regex(/^[a-z][a-z-]{0,31}$/);

/** Schema of a Train form draft. */
export const trainDraftSchema = z.strictObject({
  values: z
    .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
    .refine((r) => Object.keys(r).length <= 64, 'at most 64 fields'),
  lists: z
    .record(z.string().max(64), z.string().max(1000))
    .refine((r) => Object.keys(r).length <= 64, 'at most 64 fields'),
  tasks: z.array(z.string().max(MAX_NAME_LENGTH)).max(100),
  knownTasks: z.array(z.string().max(MAX_NAME_LENGTH)).max(100).optional(),
});

/** The session invoke channels: name → request schema and response type. */
export const SESSION_INVOKE = {
  'session.state': invoke<SessionSnapshot>()(empty),
  /** Records where the user is; answers the UI state as stored. */
  'session.update': invoke<UiState>()(
    z.strictObject({
      view: viewName.optional(),
      datasetId: id.nullable().optional(),
      /** One dataset's table state; null forgets it (back to the defaults). */
      table: z.strictObject({ datasetId: id, state: tableStateSchema.nullable() }).optional(),
      /** One dataset's Train form; null forgets it. */
      draft: z.strictObject({ datasetId: id, draft: trainDraftSchema.nullable() }).optional(),
    }),
  ),
} as const;

/**
 * The UI state of the open project changed (`session.update` from any page): every page
 * hears it, so a tab already open follows what another tab stored (its Train form's draft;
 * a tab keeps the fields it is editing itself, composables/trainDraftFollow.ts).
 */
export interface SessionChangedEvent {
  /** Path of the project whose UI state this is. */
  project: string;
  /** The project's UI state after the change. */
  ui: UiState;
}

/** The session event channels: name → payload type. */
export const SESSION_EVENTS = {
  'session.changed': event<SessionChangedEvent>(),
} as const;
