/**
 * The one typed contract between the studio's user interface and its main process.
 *
 * Every channel is declared here once:
 * - invoke channels: a zod schema of the request (checked in the main process, because
 *   the renderer is untrusted) and the TypeScript type of the response;
 * - event channels: main → UI notifications (import progress, training epochs, …).
 *
 * The Electron binding, the preload bridge, the WebSocket server and the renderer's
 * clients are generated from {@link INVOKE_CHANNELS} and {@link EVENT_CHANNELS}, and the
 * main process implements {@link Handlers} (one function per channel, checked by the
 * compiler), so a channel added here and missing anywhere fails type-check.
 *
 * Nothing here imports Node or Electron: the renderer and the preload compile this file.
 */
import { z } from 'zod';
import type { ColumnInfo, ColumnType, DatasetInfo, EpochRecord, RunInfo, TaskInfo } from './domain';
import type { ErrorPayload } from './errors';
import { trainConfigSchema } from './schemas';

// ------------------------------------------------------------------------- response types

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
 * Live preview of a CSV file for the import wizard: how the file will be read, its first
 * rows and the types inferred from a leading sample (src/main/data/preview.ts builds it).
 */
export interface CsvPreviewResult {
  /** iconv-lite name of the encoding used. */
  encoding: string;
  /** 0–1 (1 for a byte-order mark, pure ASCII or a user choice; low = please check). */
  encodingConfidence: number;
  delimiter: string;
  hasHeader: boolean;
  /** Column names (trimmed header, or column_1 … without header). */
  header: string[];
  /** First rows, raw texts (untrimmed); null for missing values (the missing tokens). */
  rows: (string | null)[][];
  /**
   * Types inferred from the first rows (PREVIEW_INFERENCE_ROWS); the import infers from all
   * rows and may differ (e.g. a non-number far down the file).
   */
  inferredTypes: ColumnType[];
  /** Exact data row count when the file was read to its end, else an estimate from the sample. */
  rowCountEstimate: number;
}

/** A stored cell: number (numeric, boolean 0/1), string, or null for missing. */
export type Cell = number | string | null;

/** One page of a dataset's rows, cells in column order. */
export interface RowsPage {
  /** Rows matching the filter (all rows without one). */
  total: number;
  rows: { rowId: number; values: Cell[] }[];
}

/** Why a task (or a candidate target column) deserves attention; the UI translates it. */
export interface TaskWarning {
  code:
    | 'FEW_ROWS'
    | 'MANY_SMALL_CLASSES'
    | 'ONE_CLASS'
    | 'TOO_MANY_CLASSES'
    | 'NOT_CATEGORICAL'
    | 'TARGET_IS_INPUT'
    | 'MISSING_LABELS'
    | 'ALREADY_TASK'
    | 'INPUT_DETERMINES_TARGET';
  /** 'error': the column cannot be a task; 'warning': it can, but check; 'info': for the record. */
  severity: 'error' | 'warning' | 'info';
  /** The class concerned (FEW_ROWS). */
  label?: string;
  /** A count: rows of the class, classes, or rows without a label. */
  count?: number;
  /** The input column concerned (INPUT_DETERMINES_TARGET). */
  column?: string;
}

/** A defined task with its class balance and label coverage. */
export interface TaskOverview extends TaskInfo {
  /** Rows per class, in class order. */
  classCounts: number[];
  /** Rows without a label for this task. */
  missing: number;
  /** Share of rows that carry a label, 0–1. */
  coverage: number;
  warnings: TaskWarning[];
}

/** What the task wizard shows about a column before it becomes a task. */
export interface TaskCandidate {
  column: string;
  type: ColumnType;
  role: ColumnInfo['role'];
  /** Classes in their default order (empty when the column cannot be a task). */
  classes: string[];
  classCounts: number[];
  missing: number;
  coverage: number;
  warnings: TaskWarning[];
  /** False when a warning of severity 'error' forbids defining the task. */
  valid: boolean;
}

/** An architecture or loss weighting the engine offers, from its registry. */
export interface MethodOption {
  name: string;
  /** One line for the UI. */
  description: string;
  /** Paper or source, e.g. "Ma et al., KDD 2018". */
  reference: string;
}

/** What the Train form is built from. */
export interface EngineOptions {
  architectures: MethodOption[];
  /** Loss weightings; empty until the engine offers a choice. */
  weightings: MethodOption[];
  /** Default configuration (every field of the training configuration). */
  defaults: Record<string, unknown>;
  /** JSON Schema of the training configuration (types, enums, ranges per field). */
  configSchema: Record<string, unknown>;
}

/** One completed run in the comparison, with Δm against its single-task baseline. */
export interface RunComparisonView {
  run: RunInfo;
  /** Δm in percent over the run's tasks (test macro-F1); null for baselines or no baseline. */
  deltaM: number | null;
  baselineRunId: number | null;
}

/** Test rows behind one confusion-matrix cell. */
export interface ConfusionRows {
  task: string;
  trueLabel: string;
  predictedLabel: string;
  /** Column names of the dataset, in the order of `values`. */
  columns: string[];
  total: number;
  rows: {
    rowId: number;
    values: Cell[];
    /** Probability of the predicted class. */ confidence: number;
  }[];
}

// ------------------------------------------------------------------------- event payloads

/** Progress of an import (phase 'scan' may run twice for wide numeric columns). */
export interface ImportProgressEvent {
  importId: string;
  phase: 'scan' | 'write';
  rows: number;
  bytes: number;
  totalBytes: number;
}

/** The backend a run trains on (sent once the child process has chosen it). */
export interface TrainingBackendEvent {
  runId: number;
  backend: string;
}

/** One finished epoch of a run. */
export interface TrainingEpochEvent {
  runId: number;
  record: EpochRecord;
}

/** A run ended with its results stored. */
export interface TrainingFinishedEvent {
  run: RunInfo;
}

/** A run was paused or resumed (it stays 'running' in the store meanwhile). */
export interface TrainingPausedEvent {
  runId: number;
  paused: boolean;
}

/** A run failed or was cancelled (stored so). */
export interface TrainingFailedEvent {
  runId: number;
  cancelled: boolean;
  error: ErrorPayload;
}

// ------------------------------------------------------------------------- request schemas

const id = z.number().int().positive();
const path = z.string().min(1).max(4096);
const cell = z.union([z.number(), z.string().max(10_000), z.null()]);
const columnName = z.string().min(1).max(1000);
const columnType = z.enum(['numeric', 'categorical', 'boolean', 'text', 'image']);
const columnRole = z.enum(['input', 'target', 'ignore']);
/** How a CSV file is read: format and cell grammar (preview and import alike). */
const csvFormat = {
  encoding: z.string().min(1).max(64).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  hasHeader: z.boolean().optional(),
  /**
   * Texts read as missing values (trimmed, case-insensitive); they replace the defaults
   * '', NA, N/A, NaN, null, ? — include '' to keep empty cells missing.
   */
  missingTokens: z.array(z.string().max(100)).max(100).optional(),
  /** Read numbers written with a decimal comma ("0,5"). */
  decimalComma: z.boolean().optional(),
};
const empty = z.strictObject({});

/** Most rows one `datasets.rows` or `compare.confusionRows` call returns. */
export const MAX_PAGE_ROWS = 1000;

/** An invoke channel: its request schema and (as a type only) its response. */
export interface InvokeDef<S extends z.ZodType, R> {
  readonly request: S;
  /** Type-level only: never set. */
  readonly response?: R;
}

/** Declares an invoke channel: `invoke<Response>()(requestSchema)`. */
function invoke<R>() {
  return <S extends z.ZodType>(request: S): InvokeDef<S, R> => ({ request });
}

/** An event channel (main → UI), as a type only. */
export interface EventDef<P> {
  /** Type-level only: never set. */
  readonly payload?: P;
}

function event<P>(): EventDef<P> {
  return {};
}

/** Every invoke channel: name → request schema and response type. */
export const INVOKE = {
  'app.info': invoke<AppInfo>()(empty),
  'dialogs.open': invoke<{ path: string | null }>()(
    z.strictObject({ kind: z.enum(['open-project', 'new-project', 'open-csv']) }),
  ),

  'projects.create': invoke<ProjectSummary>()(
    z.strictObject({ path, name: z.string().max(200).optional() }),
  ),
  'projects.open': invoke<ProjectSummary>()(z.strictObject({ path })),
  'projects.current': invoke<ProjectSummary | null>()(empty),
  'projects.recent': invoke<RecentProject[]>()(empty),
  'projects.close': invoke<null>()(empty),

  'datasets.preview': invoke<CsvPreviewResult>()(
    z.strictObject({ path, ...csvFormat, rows: z.number().int().min(1).max(200).optional() }),
  ),
  'datasets.import': invoke<DatasetInfo>()(
    z.strictObject({
      /** Chosen by the UI, so it can cancel the import and match progress events. */
      importId: z.string().min(1).max(100),
      path,
      name: z.string().min(1).max(200).optional(),
      ...csvFormat,
      columnTypes: z.record(z.string(), columnType).optional(),
      columnRoles: z.record(z.string(), columnRole).optional(),
    }),
  ),
  'datasets.cancelImport': invoke<{ cancelled: boolean }>()(
    z.strictObject({ importId: z.string().min(1).max(100) }),
  ),
  'datasets.list': invoke<DatasetInfo[]>()(empty),
  'datasets.columns': invoke<ColumnInfo[]>()(z.strictObject({ datasetId: id })),
  'datasets.setRole': invoke<ColumnInfo[]>()(
    z.strictObject({ datasetId: id, column: columnName, role: columnRole }),
  ),
  'datasets.rows': invoke<RowsPage>()(
    z.strictObject({
      datasetId: id,
      offset: z.number().int().min(0),
      limit: z.number().int().min(0).max(MAX_PAGE_ROWS),
      orderBy: columnName.optional(),
      descending: z.boolean().optional(),
      filter: z
        .strictObject({
          column: columnName,
          equals: cell.optional(),
          contains: z.string().max(1000).optional(),
        })
        .optional(),
    }),
  ),

  'tasks.list': invoke<TaskOverview[]>()(z.strictObject({ datasetId: id })),
  'tasks.candidates': invoke<TaskCandidate[]>()(
    z.strictObject({ datasetId: id, columns: z.array(columnName).max(2000) }),
  ),
  'tasks.define': invoke<TaskOverview[]>()(
    z.strictObject({
      datasetId: id,
      tasks: z
        .array(
          z.strictObject({
            column: columnName,
            name: z.string().min(1).max(200).optional(),
            classes: z.array(z.string().max(1000)).max(1000).optional(),
            weight: z.number().min(0).finite().nullable().optional(),
          }),
        )
        .min(1)
        .max(100),
    }),
  ),
  'tasks.delete': invoke<null>()(z.strictObject({ taskId: id })),

  'training.options': invoke<EngineOptions>()(empty),
  'training.start': invoke<RunInfo>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
      config: trainConfigSchema.partial(),
    }),
  ),
  'training.cancel': invoke<{ cancelled: boolean }>()(z.strictObject({ runId: id })),
  /** Pauses (paused: true) or resumes a run in flight; `ok` false when it is not training. */
  'training.pause': invoke<{ ok: boolean }>()(z.strictObject({ runId: id, paused: z.boolean() })),
  'training.runs': invoke<RunInfo[]>()(z.strictObject({ datasetId: id })),
  'training.epochs': invoke<EpochRecord[]>()(z.strictObject({ runId: id })),

  'compare.runs': invoke<RunComparisonView[]>()(z.strictObject({ datasetId: id })),
  'compare.confusionRows': invoke<ConfusionRows>()(
    z.strictObject({
      runId: id,
      task: z.string().min(1).max(200),
      trueClass: z.number().int().min(0),
      predictedClass: z.number().int().min(0),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
    }),
  ),
} as const;

/** Every event channel: name → payload type. */
export const EVENTS = {
  'import.progress': event<ImportProgressEvent>(),
  'training.backend': event<TrainingBackendEvent>(),
  'training.epoch': event<TrainingEpochEvent>(),
  'training.paused': event<TrainingPausedEvent>(),
  'training.finished': event<TrainingFinishedEvent>(),
  'training.failed': event<TrainingFailedEvent>(),
} as const;

// ------------------------------------------------------------------------- derived types

/** Name of an invoke channel, e.g. 'projects.open'. */
export type InvokeChannel = keyof typeof INVOKE;
/** Name of an event channel, e.g. 'training.epoch'. */
export type EventChannel = keyof typeof EVENTS;

/** What a caller sends on channel C (before validation). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['request']>;
/** What a handler of channel C receives (after validation). */
export type ValidRequestOf<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]['request']>;
/** What channel C answers. */
export type ResponseOf<C extends InvokeChannel> =
  (typeof INVOKE)[C] extends InvokeDef<z.ZodType, infer R> ? R : never;
/** Payload of event channel E. */
export type EventOf<E extends EventChannel> =
  (typeof EVENTS)[E] extends EventDef<infer P> ? P : never;

/** Every invoke channel, in declaration order. */
export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];
/** Every event channel, in declaration order. */
export const EVENT_CHANNELS = Object.keys(EVENTS) as EventChannel[];

/** How an answer crosses a transport: a value, or a typed error — never a thrown exception. */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** The main process's implementation of the contract: one function per invoke channel. */
export type Handlers = {
  [C in InvokeChannel]: (request: ValidRequestOf<C>) => Promise<ResponseOf<C>>;
};

/** Unsubscribes a listener. */
export type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.mtlStudio`: one function per invoke channel
 * (answering an {@link InvokeResult}) and `subscribe` for events.
 */
export type StudioBridge = {
  readonly [C in InvokeChannel]: (request: RequestOf<C>) => Promise<InvokeResult<ResponseOf<C>>>;
} & {
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventOf<E>) => void,
  ): Unsubscribe;
};

/** Name of the Electron IPC channel carrying invoke channel C. */
export function ipcInvokeName(channel: InvokeChannel): string {
  return `mtl:invoke:${channel}`;
}

/** Name of the single Electron IPC channel carrying every event ({ channel, payload }). */
export const IPC_EVENT_NAME = 'mtl:event';

/** Messages of the WebSocket transport (JSON text frames). */
export type WsClientMessage = { type: 'invoke'; id: number; channel: string; request: unknown };
/** Messages the WebSocket server sends. */
export type WsServerMessage =
  | ({ type: 'result'; id: number } & InvokeResult<unknown>)
  | { type: 'event'; channel: EventChannel; payload: unknown };

/** Type guard: `name` is an invoke channel of this contract. */
export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(INVOKE, name);
}

/** Type guard: `name` is an event channel of this contract. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}
