/**
 * One studio session: the open project, the imports and training runs in flight, the UI
 * state (view, dataset, tables) and the events they send to the UI. The Electron window
 * and the browser server each hold one; their handlers (handlers.ts) call it. It is the
 * truth every page follows: a reloaded page or a second tab asks it where the user was
 * (`session.state`) and hears every event. Its training side (runs and cross-validations in
 * flight, their `training.*` events) is services/sessionTraining.ts, held here as `runs`.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type {
  ActiveRun,
  EventChannel,
  EventOf,
  ProjectRecovery,
  ProjectSummary,
  RecentProject,
  SessionSnapshot,
  SkippedLines,
  TableState,
  TrainDraft,
  UiState,
} from '../../shared/contract';
import type { CrossValidationInfo, DatasetInfo, RunInfo } from '../../shared/domain';
import { MtlError, reasonDetails, toErrorPayload, type ErrorPayload } from '../../shared/errors';
import { importCsv, type ImportCsvOptions } from '../data';
import type { CheckpointPolicy } from '../engine/checkpoint';
import { recoverProject } from '../store/integrity';
import { ProjectStore } from '../store/projectStore';
import { EXTERNAL_CHANGE_POLL_MS, ExternalChangeWatch } from './externalChanges';
import { RecentProjects } from './recentProjects';
import type { AutoTrainRequest } from './autoTraining';
import type { CrossValidationRequest } from './crossValidation';
import { SessionTrainings } from './sessionTraining';
import { defaultUiState, SessionStateFile } from './sessionState';
import type { TrainRequest } from './training';

export { agedProgress } from './sessionTraining';

/** File extension of project files. */
export const PROJECT_EXTENSION = '.mtlproj';

/** A listener of every event of the session. */
export type SessionListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/** Options of a {@link StudioSession}. */
export interface SessionOptions {
  /** Folder for the recent-projects list and the UI state (`session.json`). */
  stateDir: string;
  /** 'process' (default): train in a child process; 'in-process' for tests. */
  trainingMode?: 'process' | 'in-process';
  /**
   * When new runs save checkpoints to resume from (default: the training service's). A
   * resumed or restarted run keeps the policy stored with it (RunInfo.checkpointPolicy).
   */
  checkpoints?: CheckpointPolicy;
  /**
   * How often the open project is checked for writes by other programs, in ms (default
   * {@link EXTERNAL_CHANGE_POLL_MS}; tests use a few ms); null: no timer, checks only
   * through `externalChanges.check()` (deterministic tests).
   */
  externalChangePollMs?: number | null;
}

/**
 * The state behind the handlers: at most one open project at a time. Every method that
 * needs a project throws MtlError('BAD_REQUEST') when none is open.
 */
export class StudioSession {
  private store: ProjectStore | null = null;
  /**
   * Why the project open when the studio last stopped could not be reopened at start (the
   * Projects view shows it); cleared once a project is open.
   */
  private reopenFailure: { path: string; error: ErrorPayload } | null = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly imports = new Map<string, AbortController>();
  /** The runs and cross-validations in flight (services/sessionTraining.ts). */
  private readonly runs: SessionTrainings;
  private readonly recentList: RecentProjects;
  private readonly uiState: SessionStateFile;
  private readonly externalChangePollMs: number | null;
  /** The watch on the open project's file for writes by other connections. */
  private fileWatch: ExternalChangeWatch | null = null;

  /** @param options where state lives and how runs train. */
  constructor(options: SessionOptions) {
    this.recentList = new RecentProjects(options.stateDir);
    this.uiState = new SessionStateFile(options.stateDir);
    this.runs = new SessionTrainings(this, {
      trainingMode: options.trainingMode ?? 'process',
      checkpoints: options.checkpoints,
    });
    this.externalChangePollMs =
      options.externalChangePollMs === undefined
        ? EXTERNAL_CHANGE_POLL_MS
        : options.externalChangePollMs;
  }

  /**
   * Listens to every event (import progress, epochs, finished/failed runs).
   * @returns a function that stops listening.
   */
  onEvent(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends an event to every listener; a failing listener does not stop the others. */
  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch (err) {
        console.error(`event listener failed on ${channel}:`, err);
      }
    }
  }

  /**
   * The open project's store.
   * @throws MtlError('BAD_REQUEST') when no project is open.
   */
  requireStore(): ProjectStore {
    if (!this.store)
      throw new MtlError(
        'BAD_REQUEST',
        'No project is open; open or create one first.',
        reasonDetails('NO_PROJECT_OPEN', {}),
      );
    return this.store;
  }

  /**
   * Creates a new project file and opens it (closing the previous project).
   * @param path file path; `.mtlproj` is appended when missing; relative paths resolve
   *   against the main process's working directory.
   * @throws MtlError('BAD_REQUEST') when the file already exists.
   */
  async createProject(path: string, name?: string): Promise<ProjectSummary> {
    let file = resolve(path);
    if (!file.endsWith(PROJECT_EXTENSION)) file += PROJECT_EXTENSION;
    if (existsSync(file)) {
      throw new MtlError(
        'BAD_REQUEST',
        `"${file}" already exists; open it instead.`,
        reasonDetails('PROJECT_EXISTS', { path: file }, { path: file }),
      );
    }
    return this.adopt(await ProjectStore.open(file, { create: true, name }));
  }

  /**
   * Opens an existing project file (closing the previous project). A damaged file opens
   * read-only: the summary's `damage` says so (PROJECT_CORRUPT) and {@link recoverProject}
   * copies what can be read; `migration` tells of an upgrade and its backup file.
   * @throws MtlError('NOT_FOUND') for a missing file, MtlError('STORE'/'MIGRATION') for a
   *   file that is not a project or is newer than this app.
   */
  async openProject(path: string): Promise<ProjectSummary> {
    return this.adopt(await ProjectStore.open(resolve(path)));
  }

  /**
   * Copies what can be read of a damaged project into a new file and opens that one
   * (closing the damaged file first when it is the open project; it is never written).
   * @param target the new file; default `<name>-recovered.mtlproj` beside the damaged one
   *   (`-recovered-2` … when taken).
   * @throws MtlError('NOT_FOUND') for a missing file; MtlError('BAD_REQUEST') when `target`
   *   exists; MtlError('PROJECT_CORRUPT') when nothing can be read.
   */
  async recoverProject(path: string, target?: string): Promise<ProjectRecovery> {
    const source = resolve(path);
    if (!existsSync(source)) {
      throw new MtlError(
        'NOT_FOUND',
        `Project file not found: ${source}`,
        reasonDetails('PROJECT_MISSING', { path: source }, { path: source }),
      );
    }
    let into = target ? resolve(target) : recoveredName(source);
    if (!into.endsWith(PROJECT_EXTENSION)) into += PROJECT_EXTENSION;
    if (this.store?.path === source) await this.closeProject();
    const report = await recoverProject(source, into);
    const project = await this.openProject(into);
    return {
      source,
      project,
      tables: report.tables.map(({ table, rows, skipped }) => ({ table, rows, skipped })),
      orphansRemoved: report.orphansRemoved,
    };
  }

  private async adopt(store: ProjectStore): Promise<ProjectSummary> {
    await this.stopWork();
    this.store = store;
    this.watchFile(store);
    let summary: ProjectSummary;
    try {
      summary = (await this.currentProject())!;
    } catch (err) {
      // A file that opens but cannot be summarised is not kept open: every later request
      // (a reloaded page's session.state) would fail with it, New and Open included.
      this.unwatchFile();
      this.store = null;
      await store.close().catch(() => undefined);
      throw err;
    }
    this.reopenFailure = null;
    await this.recentList.touch(store.path, summary.name);
    await this.uiState.setLastOpen(store.path);
    this.emit('projects.changed', { project: summary });
    return summary;
  }

  /**
   * Reopens the project that was open when the studio last stopped (`npm run serve`, the
   * desktop app), so a restart shows the same studio.
   * @returns the project, or null when none was open, its file is gone or cannot be
   *   opened (then it is forgotten, the reason logged and kept for the Projects view:
   *   {@link SessionSnapshot.reopenFailure}).
   */
  async reopenLastProject(): Promise<ProjectSummary | null> {
    const path = await this.uiState.lastOpen();
    if (!path || this.store) return null;
    if (!existsSync(path)) {
      await this.uiState.setLastOpen(null);
      this.reopenFailure = {
        path,
        error: toErrorPayload(
          new MtlError(
            'NOT_FOUND',
            `Project file not found: ${path}`,
            reasonDetails('PROJECT_MISSING', { path }, { path }),
          ),
        ),
      };
      return null;
    }
    try {
      return await this.openProject(path);
    } catch (err) {
      console.error(`Could not reopen ${path}: ${err instanceof Error ? err.message : err}`);
      await this.uiState.setLastOpen(null);
      this.reopenFailure = { path, error: toErrorPayload(err) };
      return null;
    }
  }

  /** What a page needs first: the open project, its UI state, the runs in flight. */
  async snapshot(): Promise<SessionSnapshot> {
    const project = await this.currentProject();
    return {
      project,
      ui: project ? await this.uiState.forProject(project.path) : defaultUiState(),
      activeRuns: this.activeRuns(),
      reopenFailure: project ? null : this.reopenFailure,
    };
  }

  /** The runs training in this session, with their pause state and an Auto run's progress. */
  activeRuns(): ActiveRun[] {
    return this.runs.activeRuns();
  }

  /**
   * Records where the user is in the open project (view, dataset, a dataset's table or
   * Train form); a changed Train form is told to every page (`session.changed`).
   * @throws MtlError('BAD_REQUEST') when no project is open.
   */
  async updateUi(patch: {
    view?: string;
    datasetId?: number | null;
    table?: { datasetId: number; state: TableState | null };
    draft?: { datasetId: number; draft: TrainDraft | null };
  }): Promise<UiState> {
    const store = this.requireStore();
    const ui = await this.uiState.update(store.path, patch);
    // Another tab shows the same form: it follows (a view or dataset change is a tab's own).
    if (patch.draft) this.emit('session.changed', { project: store.path, ui });
    return ui;
  }

  /**
   * Deletes a dataset with its rows, tasks, splits and runs, and forgets its UI state;
   * tells every page.
   * @throws MtlError('BAD_REQUEST', reason DATASET_IN_TRAINING) while a run of the dataset
   *   is queued or trains, here or in another process (cancel it first; DatasetStore.delete);
   *   MtlError('NOT_FOUND') for an unknown dataset.
   */
  async deleteDataset(datasetId: number): Promise<void> {
    const store = this.requireStore();
    // A run left 'running' by a process that is gone must not block the delete.
    await store.training.interruptOrphanedRuns();
    await store.datasets.delete(datasetId);
    await this.uiState.forgetDataset(store.path, datasetId);
    this.emit('datasets.changed', { datasetId, deleted: true });
  }

  /** The open project, or null. */
  async currentProject(): Promise<ProjectSummary | null> {
    const store = this.store;
    if (!store) return null;
    const [name, datasets] = await Promise.all([
      // A damaged file may have lost its name too (found: a project replaced by a CSV file
      // beside its old -wal file reads as a database without project_meta).
      store.projectName().catch((err: unknown) => {
        if (store.damage) return basename(store.path, PROJECT_EXTENSION);
        throw err;
      }),
      // A damaged file may not even list its datasets; the summary still says it is damaged.
      store.datasets.list().catch((err: unknown) => {
        if (store.damage) return [];
        throw err;
      }),
    ]);
    return {
      path: store.path,
      name,
      datasets: datasets.length,
      damage: store.damage ? store.damage.error.toPayload() : null,
      migration: store.migration?.backup
        ? {
            fromVersion: store.migration.fromVersion,
            toVersion: store.migration.toVersion,
            backup: store.migration.backup,
          }
        : null,
    };
  }

  /**
   * The open project's store for a write.
   * @throws MtlError('BAD_REQUEST') when no project is open; MtlError('PROJECT_CORRUPT')
   *   when it is damaged (open read-only).
   */
  requireWritableStore(): ProjectStore {
    const store = this.requireStore();
    if (store.damage) throw store.damage.error;
    return store;
  }

  /** Recently opened projects, most recent first. */
  recentProjects(): Promise<RecentProject[]> {
    return this.recentList.list();
  }

  /**
   * Closes the project at the user's request: imports in flight are cancelled, runs in
   * flight are stored as interrupted (they can be restarted), and the next start opens no
   * project. Does nothing when no project is open.
   */
  async closeProject(): Promise<void> {
    if (!this.store) return;
    await this.stopWork();
    await this.uiState.setLastOpen(null);
    this.emit('projects.changed', { project: null });
  }

  /**
   * Interrupts the runs and cross-validations in flight (stored as 'interrupted', they can
   * be restarted) and waits for them to stop, keeping the project open: a stopping server
   * calls it before it closes its connections, so the pages hear of it and what they ask
   * then is answered from the project, not refused with NO_PROJECT (server/shutdown.ts).
   */
  async interruptRuns(): Promise<void> {
    await this.runs.interruptAll();
  }

  /**
   * Cancels the imports, interrupts the runs and cross-validations in flight (stored as
   * 'interrupted'), waits for them to stop, and closes the project file. The project stays
   * the one to reopen.
   */
  private async stopWork(): Promise<void> {
    const store = this.store;
    if (!store) return;
    for (const controller of this.imports.values()) controller.abort();
    await this.runs.interruptAll();
    this.unwatchFile();
    this.store = null;
    await store.close();
  }

  /**
   * Imports a CSV file into the open project, sending `import.progress` events.
   * @param importId chosen by the UI; `cancelImport(importId)` cancels.
   * @returns the dataset, and the lines `badLines: 'skip'` left out (count 0 when none).
   * @throws MtlError from the import (IMPORT_CANCELLED when cancelled; nothing stored).
   */
  async importDataset(
    importId: string,
    path: string,
    options: Omit<ImportCsvOptions, 'signal' | 'onProgress' | 'onSkippedLines'>,
  ): Promise<DatasetInfo & { skippedLines: SkippedLines }> {
    const store = this.requireWritableStore();
    let lastSent = 0;
    let skippedLines: SkippedLines = { count: 0, lines: [] };
    const dataset = await this.runCancellable(importId, (signal) =>
      importCsv(store, resolve(path), {
        ...options,
        signal,
        onSkippedLines: ({ count, lines }) => (skippedLines = { count, lines }),
        onProgress: (p) => {
          // At most ~20 events a second: enough for a smooth bar, cheap for the transport.
          const now = Date.now();
          if (now - lastSent < 50) return;
          lastSent = now;
          this.emit('import.progress', { importId, ...p });
        },
      }),
    );
    return { ...dataset, skippedLines };
  }

  /**
   * Runs an import (or an image preview) that `cancelImport(importId)` can cancel: `work`
   * gets the signal to watch.
   * @throws MtlError('BAD_REQUEST') when an import with that id is already running; the
   *   errors of `work`.
   */
  async runCancellable<T>(importId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.imports.has(importId)) {
      throw new MtlError('BAD_REQUEST', `An import with id "${importId}" is already running.`);
    }
    const controller = new AbortController();
    this.imports.set(importId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.imports.delete(importId);
    }
  }

  /** Cancels an import (CSV or images) or image preview in flight. @returns false when none runs. */
  cancelImport(importId: string): boolean {
    const controller = this.imports.get(importId);
    controller?.abort();
    return controller !== undefined;
  }

  /**
   * Starts a training run and answers as soon as it is stored as running
   * (SessionTrainings.startTraining, services/sessionTraining.ts).
   * @throws MtlError for problems found before the run starts: nothing is stored then.
   */
  startTraining(request: TrainRequest): Promise<RunInfo> {
    return this.runs.startTraining(request);
  }

  /**
   * Starts an Auto run and answers once it is stored as running (SessionTrainings.startAuto).
   * @throws MtlError for problems found before the run starts: nothing is stored then.
   */
  startAuto(request: AutoTrainRequest): Promise<RunInfo> {
    return this.runs.startAuto(request);
  }

  /**
   * Starts a cross-validated evaluation and answers with it at once
   * (SessionTrainings.startCrossValidation).
   * @throws MtlError for problems found before the first fold (bad configuration, plan).
   */
  startCrossValidation(request: CrossValidationRequest): Promise<CrossValidationInfo> {
    return this.runs.startCrossValidation(request);
  }

  /**
   * Trains the final model of a completed cross-validation on every labelled row
   * (SessionTrainings.startFinalModel).
   */
  startFinalModel(evaluationId: number): Promise<RunInfo> {
    return this.runs.startFinalModel(evaluationId);
  }

  /**
   * Trains a stopped run again as a new run (SessionTrainings.restartTraining).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run
   *   that is running, queued or completed, or an Auto run stored without its settings.
   */
  restartTraining(runId: number): Promise<RunInfo> {
    return this.runs.restartTraining(runId);
  }

  /**
   * Resumes a stopped run from its last checkpoint (SessionTrainings.resumeTraining).
   * @throws MtlError('NOT_FOUND'), MtlError('BAD_REQUEST'), MtlError('CHECKPOINT_INVALID')
   *   before anything changes.
   */
  resumeTraining(runId: number): Promise<RunInfo> {
    return this.runs.resumeTraining(runId);
  }

  /** Cancels a run in flight. @returns false when the run is not training in this session. */
  cancelTraining(runId: number): boolean {
    return this.runs.cancelTraining(runId);
  }

  /**
   * Ends an Auto run's search now (SessionTrainings.endAutoSearch).
   * @returns false when the run is not an Auto run searching in this session.
   */
  endAutoSearch(runId: number): Promise<boolean> {
    return this.runs.endAutoSearch(runId);
  }

  /**
   * Pauses or resumes a run in flight; emits `training.paused`.
   * @returns false when the run is not training in this session.
   */
  pauseTraining(runId: number, paused: boolean): boolean {
    return this.runs.pauseTraining(runId, paused);
  }

  /**
   * Starts watching `store`'s file for commits by other connections (externalChanges.ts),
   * every `externalChangePollMs`; the previous watch ends. A sort index built on the
   * store's own second connection (store/sortIndexes.ts, datasets of 20 000 rows or more)
   * is no outside write (ProjectStore.outsideVersion).
   */
  private watchFile(store: ProjectStore): void {
    this.unwatchFile();
    this.fileWatch = new ExternalChangeWatch(store, this, this.externalChangePollMs);
  }

  /** Stops checking the open project's file. */
  private unwatchFile(): void {
    this.fileWatch?.stop();
    this.fileWatch = null;
  }

  /** The watch on the open project's file (tests call its `check` directly), or null. */
  get externalChanges(): ExternalChangeWatch | null {
    return this.fileWatch;
  }

  /**
   * Ends the session (server shutdown, app quit): runs in flight are stored as
   * interrupted, imports cancelled, the project closed — and remembered, so the next start
   * reopens it — the UI state written, and every listener dropped.
   */
  async dispose(): Promise<void> {
    await this.stopWork();
    await this.uiState.flush();
    this.listeners.clear();
  }
}

/** `<dir>/<name>-recovered.mtlproj`, or `-recovered-2`, `-3` … when taken. */
function recoveredName(source: string): string {
  const stem = basename(source, PROJECT_EXTENSION);
  for (let n = 1; ; n++) {
    const candidate = join(
      dirname(source),
      `${stem}-recovered${n === 1 ? '' : `-${n}`}${PROJECT_EXTENSION}`,
    );
    if (!existsSync(candidate)) return candidate;
  }
}
