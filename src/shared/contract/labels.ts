/**
 * Labels: the Label view's items and their labels, edits with undo/redo and an audit trail,
 * new classes, per-task progress, the active-labelling queue (a run's uncertainty) and the
 * label versions runs were trained on.
 */
import { z } from 'zod';
import type { LabelEvent, LabelSource, TaskInfo } from '../domain';
import { className, event, id, invoke, path, taskName } from './channels';
import type { Cell } from './datasets';

/** How the queue measures a model's uncertainty (see engine/activeLearning.ts). */
export type LabelStrategy = 'least-confidence' | 'margin' | 'entropy';

/** Most items one `labels.items` call returns. */
export const MAX_LABEL_ITEMS = 500;
/** Most label changes one `labels.set` call writes. */
export const MAX_LABEL_CHANGES = 10_000;
/**
 * Label events the Label view lists under Recent edits: the `labels.history` limit it asks
 * for, and how many of the newest events an edit's result carries (LabelEditResult.recent).
 */
export const RECENT_LABEL_EVENTS = 8;

/**
 * Which studio tab sends a label action: a string the tab chose once (a UUID kept in its
 * sessionStorage, so a reload keeps its history). Undo and Redo take back only the batches
 * written with the same origin; without one (the CLI, another program), the batches of no tab.
 * The overview's stacks are the origin's.
 */
const origin = z.string().min(1).max(100).optional();
const strategy = z.enum(['least-confidence', 'margin', 'entropy']);

/** Which items the Label view goes through. */
export const labelFilterSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  /** Items missing the task's label (without a task: missing any task's label). */
  z.strictObject({ kind: z.literal('unlabelled'), task: taskName.optional() }),
  /** Items with the task's label (without a task: with every task's label). */
  z.strictObject({ kind: z.literal('labelled'), task: taskName.optional() }),
  /** Items labelled with one class of a task. */
  z.strictObject({ kind: z.literal('class'), task: taskName, className }),
  /** Labelled items whose label differs from the model's (needs a run). */
  z.strictObject({ kind: z.literal('disagree'), task: taskName.optional() }),
]);
/** Which items the Label view goes through. */
export type LabelFilter = z.infer<typeof labelFilterSchema>;

/** In which order: row order, or the run's uncertainty (least confident first). */
export const labelOrderSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('row') }),
  z.strictObject({
    kind: z.literal('uncertainty'),
    strategy,
    /**
     * Rank on this task only; without it, summed over the tasks an item lacks (under the
     * disagreement filter: the tasks where its label differs from the model's).
     */
    task: taskName.optional(),
  }),
]);
/** In which order the Label view goes through its items. */
export type LabelOrder = z.infer<typeof labelOrderSchema>;

/** Progress of one task. */
export interface TaskLabelProgress {
  task: string;
  column: string;
  classes: string[];
  kind: TaskInfo['kind'];
  /** Rows per class, in class order. */
  classCounts: number[];
  /** Rows with a label (Σ classCounts). */
  labelled: number;
  /** Rows of the dataset. */
  total: number;
  /**
   * The newest completed run that trained this task and recorded its label version, with
   * what changed since: classes it did not know, and `editsSince`, the labels (rows) that
   * differ now from when it started — an edit that was undone, or changed back, counts none.
   */
  lastRun: { runId: number; labelled: number; newClasses: string[]; editsSince: number } | null;
}

/**
 * A label event as the studio shows it: the stored cells with their class labels, the names
 * the labelling grid shows (a boolean task's class names, not the cells 0 / 1).
 */
export interface LabelHistoryEntry extends LabelEvent {
  /** The class label before (null: missing). */
  oldLabel: string | null;
  /** The class label after (null: missing). */
  newLabel: string | null;
}

/** What the Label view shows around the items. */
export interface LabelOverview {
  datasetId: number;
  rows: number;
  /** Name of the image column (image datasets), or null: items are then shown as cards. */
  imageColumn: string | null;
  /** Columns shown on an item's card (inputs, in column order). */
  cardColumns: string[];
  tasks: TaskLabelProgress[];
  /** Batches on the undo and redo stacks of the origin asking (a tab's own). */
  undo: number;
  redo: number;
}

/** The model's suggestion for one task of an item. */
export interface LabelSuggestion {
  label: string;
  probability: number;
}

/** One item to label. */
export interface LabelItem {
  rowId: number;
  /** The card's cells (`cardColumns`), and the image path under `imageColumn`. */
  values: Record<string, Cell>;
  /** Current label per task (null = missing). */
  labels: Record<string, string | null>;
  /** The run's most probable class per task, when a run was given. */
  suggestions: Record<string, LabelSuggestion> | null;
}

/** The items of a filter in queue order (row ids only: details come per page). */
export interface LabelOrdering {
  rowIds: number[];
  /** For uncertainty order: the confidence each item was ranked by (null: not ranked, last). */
  confidence: (number | null)[] | null;
  /** Rows the filter matched before truncation to `limit`. */
  total: number;
}

/** One cell that changed, as class labels. */
export interface LabelChangeView {
  rowId: number;
  task: string;
  oldLabel: string | null;
  newLabel: string | null;
}

/** What an edit, undo or redo did, and the stacks after it. */
export interface LabelEditResult {
  /** The batch written (null: nothing changed). */
  batch: number | null;
  /** For undo/redo: the edit batch reverted or re-applied. */
  reverts: number | null;
  source: LabelSource;
  changes: LabelChangeView[];
  /**
   * For undo/redo: cells of the batch kept as they are because another tab or program changed
   * them after this origin last did (its later label wins; the rest of the batch is undone or
   * redone). Empty for an edit.
   */
  skipped: { rowId: number; task: string }[];
  /**
   * Classes added to a task (new classes of the edit; a redo bringing back what its undo
   * removed) or removed (the undo of the edit that created them, when no label holds them).
   */
  classChanges: LabelClassChange[];
  /**
   * Each task the action touched (a label of it, or a class added or removed), as the
   * overview would now say: its ordered classes and what changed since its last run. With
   * `changes` and `classChanges`, enough for a page to bring its counts and its "changed since
   * run" notice in step without reading the overview again.
   */
  tasks: { task: string; classes: string[]; lastRun: TaskLabelProgress['lastRun'] }[];
  /**
   * The dataset's newest label events after the action (at most {@link RECENT_LABEL_EVENTS},
   * newest first), as `labels.history` with that limit answers: the Label view's Recent edits.
   */
  recent: LabelHistoryEntry[];
  /** The undo and redo stacks of the origin that sent the action, after it. */
  undo: number;
  redo: number;
}

/** A class a label action added to a task, or removed from it (an undo of its creation). */
export interface LabelClassChange {
  task: string;
  className: string;
  change: 'added' | 'removed';
}

/** One active-labelling suggestion list entry, as `mtl-studio labels queue` prints it. */
export interface LabelQueueItem {
  rowId: number;
  /** The item's image path (image datasets), else absent. */
  path?: string;
  /** The number the queue is ordered by (ascending): see engine/activeLearning.ts. */
  confidence: number;
  /** Suggested class and its probability, per task of the run. */
  suggestions: Record<string, LabelSuggestion>;
}

/** One completed run as a round of labelling: labels it saw and its test macro-F1. */
export interface LabelRound {
  runId: number;
  arch: string;
  weighting: string;
  finishedAt: string | null;
  /** Per task: rows labelled at training time, label hash, and test macro-F1 (null: none). */
  tasks: Record<string, { labelled: number; hash: string; macroF1: number | null }>;
}

/** A labels CSV file the studio wrote (`labels.export`; the file `mtl-studio labels export` writes). */
export interface LabelsFileWritten {
  /** Absolute path written on the machine running the studio. */
  path: string;
  bytes: number;
  /** Items (data rows of the file). */
  rows: number;
  /** Task columns, in the file's order. */
  tasks: string[];
}

/** A label of an imported file that differs from the project's. */
export interface LabelConflict {
  /** 1-based line of the file. */
  line: number;
  rowId: number;
  path?: string;
  task: string;
  /** The project's label, and the file's. */
  current: string;
  imported: string;
}

/** What a labels import did (or, with `dryRun`, would do): `mtl-studio labels import --json`. */
export interface LabelsImport {
  /** Labels written (missing before, or overwritten); with `dryRun`, that would be written. */
  applied: number;
  /** Labels equal to the project's. */
  unchanged: number;
  /** Labels that differ from a label the project has: kept unless `overwrite`. */
  conflicts: LabelConflict[];
  overwritten: number;
  /**
   * Classes added to tasks (with `addClasses`; with `dryRun`, that would be): those a label
   * written by the import holds, not one only a kept conflict uses. Undoing the import
   * removes them again.
   */
  addedClasses: { task: string; className: string }[];
  /**
   * Only from a dry run without `addClasses` (else empty): classes of the file its task lacks,
   * with the first line using each. The import refuses such a file unless `addClasses`; the
   * dry run's counts are what an import with `addClasses` would do.
   */
  unknownClasses: { task: string; className: string; line: number }[];
  /**
   * Added (or, dry run without `addClasses`, unknown) classes that differ from a class of
   * their task only by letter case or surrounding spaces ("RED" against "red"): added all the same, but worth a look. `existing` is that
   * class (one added earlier by the same file counts too).
   */
  similarClasses: { task: string; className: string; existing: string }[];
  /** One line per similar class, for a person (the CLI's `warning:` lines). */
  warnings: string[];
  /** Batch of the import (undo reverts it whole), or null when nothing was written. */
  batch: number | null;
}

/** The labels invoke channels: name → request schema and response type. */
export const LABELS_INVOKE = {
  'labels.overview': invoke<LabelOverview>()(z.strictObject({ datasetId: id, origin })),
  'labels.order': invoke<LabelOrdering>()(
    z.strictObject({
      datasetId: id,
      filter: labelFilterSchema,
      order: labelOrderSchema,
      /** The run whose model ranks items, suggests classes, and judges disagreement. */
      runId: id.optional(),
      limit: z.number().int().min(1).max(1_000_000).optional(),
    }),
  ),
  'labels.items': invoke<LabelItem[]>()(
    z.strictObject({
      datasetId: id,
      rowIds: z.array(id).max(MAX_LABEL_ITEMS),
      runId: id.optional(),
    }),
  ),
  'labels.set': invoke<LabelEditResult>()(
    z.strictObject({
      datasetId: id,
      changes: z
        .array(z.strictObject({ rowId: id, task: taskName, label: className.nullable() }))
        .min(1)
        .max(MAX_LABEL_CHANGES),
      /** 'suggestion' when the user accepted the model's classes. */
      source: z.enum(['user', 'suggestion']),
      /**
       * Classes typed new for these labels: created with them, as one undoable batch (its
       * undo removes them again when no label holds them).
       */
      newClasses: z
        .array(z.strictObject({ task: taskName, className }))
        .max(100)
        .optional(),
      origin,
    }),
  ),
  /** Undoes the newest action of `origin` (never another tab's or program's). */
  'labels.undo': invoke<LabelEditResult>()(z.strictObject({ datasetId: id, origin })),
  /** Redoes the action `origin` undid last. */
  'labels.redo': invoke<LabelEditResult>()(z.strictObject({ datasetId: id, origin })),
  /**
   * Adds a class to a task on its own (no label written): one undoable batch, told to every
   * page as `labels.changed` (kind 'addClass'); the answer is that batch's result.
   */
  'labels.addClass': invoke<LabelEditResult>()(
    z.strictObject({ datasetId: id, task: taskName, className, origin }),
  ),
  'labels.history': invoke<LabelHistoryEntry[]>()(
    z.strictObject({
      datasetId: id,
      rowId: id.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
  ),
  'labels.queue': invoke<LabelQueueItem[]>()(
    z.strictObject({
      datasetId: id,
      runId: id,
      strategy,
      task: taskName.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
  ),
  'labels.rounds': invoke<LabelRound[]>()(z.strictObject({ datasetId: id })),
  /**
   * Writes the dataset's labels as CSV to `out` (`mtl-studio labels export`: row_id, the image
   * path, one column per task; a name without extension gets .csv). An existing file is
   * refused with reason OUTPUT_EXISTS unless `overwrite` (the UI asks first); the project,
   * an SQLite database or a read-only file never.
   */
  'labels.export': invoke<LabelsFileWritten>()(
    z.strictObject({
      datasetId: id,
      out: path,
      task: taskName.optional(),
      overwrite: z.boolean().optional(),
    }),
  ),
  /**
   * Reads a labels CSV file at `path` into the dataset (`mtl-studio labels import`, same
   * checks, errors naming file, line and column): one undoable batch; nothing written when
   * the file has an error. `dryRun` checks it and answers what it would do, writing nothing.
   */
  'labels.import': invoke<LabelsImport>()(
    z.strictObject({
      datasetId: id,
      path,
      /** Replace labels that differ from the project's (default: keep them, listed as conflicts). */
      overwrite: z.boolean().optional(),
      /** Add unknown classes to their task instead of refusing the file. */
      addClasses: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      origin,
    }),
  ),
} as const;

/**
 * Most label changes one `labels.changed` event carries (LabelsChangedEvent.changes): a page
 * applies up to this many in place; an action (or a burst from another program) changing
 * more — a large import — is told without them, and a page showing the labels reads again.
 */
export const MAX_EVENT_LABEL_CHANGES = 2000;

/** One cell a `labels.changed` event tells changed: as LabelChangeView, and its batch. */
export interface LabelChangeTold extends LabelChangeView {
  /** The batch (of the event's `batches`) that changed it. */
  batch: number;
}

/** One label batch a `labels.changed` event tells. */
export interface LabelBatchTold {
  /** The batch of label events written. */
  batch: number;
  /**
   * What wrote it: `labels.set`, `labels.undo`, `labels.redo`, `labels.import` or
   * `labels.addClass` (a batch of classes only) — or, from elsewhere, the action of that kind
   * the batch's stored events record.
   */
  kind: 'set' | 'undo' | 'redo' | 'import' | 'addClass';
  /** For an undo or redo: the edit batch it reverted or re-applied; else null. */
  reverts: number | null;
  /** Label cells it changed (0: classes only). */
  cells: number;
}

/**
 * Labels or classes of a dataset were written (an edit, an import, a class added on its own),
 * undone or redone — in any tab, or by another program on the same file: every page showing
 * them follows. A page knows its own writes by their batch (stores/labelSteps.ts) and applies
 * their answers itself; what others wrote it applies from this event
 * (composables/labelEditApply.ts applyHeardToOverview), and reads again only what the event
 * lacks (a field null).
 */
export interface LabelsChangedEvent {
  datasetId: number;
  /**
   * The batches told, oldest first: one for a write through this studio; for origin
   * 'elsewhere', every batch other programs committed to the dataset between two checks of
   * the file (a burst of `mtl-studio labels` writes is one event per dataset and check).
   */
  batches: LabelBatchTold[];
  /**
   * 'studio': written through this studio (one of its pages); 'elsewhere': by another program
   * on the same project file (`mtl-studio labels import` in a terminal, another studio),
   * noticed by the session's check of the file (services/externalChanges.ts, about once a
   * second) together with its `projects.changedElsewhere`.
   */
  origin: 'studio' | 'elsewhere';
  /**
   * Every label cell the batches changed, as class labels, in the order written (a cell
   * changed twice appears twice: the counts moved by each change add up to the net change).
   * Null when not told: more than {@link MAX_EVENT_LABEL_CHANGES}, an import, or the changes
   * could not be read — a page reads the labels again.
   */
  changes: LabelChangeTold[] | null;
  /**
   * Classes the batches added to tasks or removed from them (for 'elsewhere': the net change
   * between the two checks of the classes those batches created, or their undo or redo
   * touched); null when not known (the tasks could not be read before the burst: a page
   * reads the tasks again, as it does on `projects.changedElsewhere`).
   */
  classChanges: LabelClassChange[] | null;
  /**
   * Each task the batches touched, as the overview now says (LabelEditResult.tasks); null
   * when not known (a page reads the overview again).
   */
  tasks: LabelEditResult['tasks'] | null;
  /** The dataset's newest label events after the batches (LabelEditResult.recent); null: not known. */
  recent: LabelHistoryEntry[] | null;
  // No undo/redo stacks: each tab's are its own (labels.undo `origin`), and another tab's or
  // program's batches move none of them.
}

/** The labels event channels: name → payload type. */
export const LABELS_EVENTS = {
  'labels.changed': event<LabelsChangedEvent>(),
} as const;
