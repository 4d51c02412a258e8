/**
 * One studio session: the open project, the imports and training runs in flight, the UI
 * state (view, dataset, tables) and the events they send to the UI. The Electron window
 * and the browser server each hold one; their handlers (handlers.ts) call it. It is the
 * truth every page follows: a reloaded page or a second tab asks it where the user was
 * (`session.state`) and hears every event.
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
  TableState,
  TrainDraft,
  UiState,
} from '../../shared/contract';
import { parseBackend } from '../../shared/backendText';
import type { AutoProgress, CrossValidationInfo, DatasetInfo, RunInfo } from '../../shared/domain';
import { MtlError, reasonDetails, toErrorPayload } from '../../shared/errors';
import { importCsv, type ImportCsvOptions } from '../data';
import type { CheckpointPolicy } from '../engine/checkpoint';
import { PauseControl } from '../engine/pause';
import { recoverProject } from '../store/integrity';
import { ProjectStore } from '../store/projectStore';
import { EXTERNAL_CHANGE_POLL_MS, ExternalChangeWatch } from './externalChanges';
import { RecentProjects } from './recentProjects';
import { trainAutoRun, type AutoTrainRequest } from './autoTraining';
import { crossValidate, type CrossValidationRequest } from './crossValidation';
import { defaultUiState, SessionStateFile } from './sessionState';
import { resumeRun } from './trainingResume';
import {
  restartRequest,
  RUN_INTERRUPTED,
  trainRun,
  type TrainHooks,
  type TrainRequest,
} from './training';

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
  private readonly listeners = new Set<SessionListener>();
  private readonly imports = new Map<string, AbortController>();
  private readonly trainings = new Map<
    number,
    {
      datasetId: number;
      controller: AbortController;
      pause: PauseControl;
      done: Promise<unknown>;
      /** An Auto run's latest progress (for a page opened during its search). */
      autoProgress?: AutoProgress;
      /** When `autoProgress` came (ms since the epoch), to age its clock for such a page. */
      autoProgressAt?: number;
    }
  >();
  /**
   * Every run and cross-validation in flight, from its request to its end: before a run's
   * row exists (its job being prepared), and between two folds, nothing of it is in
   * `trainings`, yet stopping the work must stop it and wait for it before the project is
   * closed.
   */
  private readonly inFlight = new Set<{
    controller: AbortController;
    done: Promise<unknown>;
  }>();
  private readonly recentList: RecentProjects;
  private readonly uiState: SessionStateFile;
  private readonly trainingMode: 'process' | 'in-process';
  private readonly checkpoints: CheckpointPolicy | undefined;
  private readonly externalChangePollMs: number | null;
  /** The watch on the open project's file for writes by other connections. */
  private fileWatch: ExternalChangeWatch | null = null;

  /** @param options where state lives and how runs train. */
  constructor(options: SessionOptions) {
    this.recentList = new RecentProjects(options.stateDir);
    this.uiState = new SessionStateFile(options.stateDir);
    this.trainingMode = options.trainingMode ?? 'process';
    this.checkpoints = options.checkpoints;
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
    const summary = (await this.currentProject())!;
    await this.recentList.touch(store.path, summary.name);
    await this.uiState.setLastOpen(store.path);
    this.emit('projects.changed', { project: summary });
    return summary;
  }

  /**
   * Reopens the project that was open when the studio last stopped (`npm run serve`, the
   * desktop app), so a restart shows the same studio.
   * @returns the project, or null when none was open, its file is gone or cannot be
   *   opened (then it is forgotten, and the reason logged).
   */
  async reopenLastProject(): Promise<ProjectSummary | null> {
    const path = await this.uiState.lastOpen();
    if (!path || this.store) return null;
    if (!existsSync(path)) {
      await this.uiState.setLastOpen(null);
      return null;
    }
    try {
      return await this.openProject(path);
    } catch (err) {
      console.error(`Could not reopen ${path}: ${err instanceof Error ? err.message : err}`);
      await this.uiState.setLastOpen(null);
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
    };
  }

  /** The runs training in this session, with their pause state and an Auto run's progress. */
  activeRuns(): ActiveRun[] {
    return [...this.trainings].map(([runId, t]) => ({
      runId,
      datasetId: t.datasetId,
      paused: t.pause.isPaused,
      ...(t.autoProgress
        ? { autoProgress: agedProgress(t.autoProgress, t.autoProgressAt, t.pause.isPaused) }
        : {}),
    }));
  }

  /**
   * Records where the user is in the open project (view, dataset, a dataset's table or
   * Train form).
   * @throws MtlError('BAD_REQUEST') when no project is open.
   */
  async updateUi(patch: {
    view?: string;
    datasetId?: number | null;
    table?: { datasetId: number; state: TableState | null };
    draft?: { datasetId: number; draft: TrainDraft | null };
  }): Promise<UiState> {
    const store = this.requireStore();
    return this.uiState.update(store.path, patch);
  }

  /**
   * Deletes a dataset with its rows, tasks, splits and runs, and forgets its UI state;
   * tells every page.
   * @throws MtlError('BAD_REQUEST') while a run of the dataset trains (cancel it first);
   *   MtlError('NOT_FOUND') for an unknown dataset.
   */
  async deleteDataset(datasetId: number): Promise<void> {
    const store = this.requireStore();
    const training = this.activeRuns().find((r) => r.datasetId === datasetId);
    if (training) {
      throw new MtlError(
        'BAD_REQUEST',
        `Run ${training.runId} is training on this dataset; cancel it before deleting the dataset.`,
        reasonDetails('DATASET_IN_TRAINING', { id: training.runId }, { runId: training.runId }),
      );
    }
    await store.datasets.delete(datasetId);
    await this.uiState.forgetDataset(store.path, datasetId);
    this.emit('datasets.changed', { datasetId, deleted: true });
  }

  /** The open project, or null. */
  async currentProject(): Promise<ProjectSummary | null> {
    const store = this.store;
    if (!store) return null;
    const [name, datasets] = await Promise.all([
      store.projectName(),
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
   * Cancels the imports, interrupts the runs and cross-validations in flight (stored as
   * 'interrupted'), waits for them to stop, and closes the project file. The project stays
   * the one to reopen.
   */
  private async stopWork(): Promise<void> {
    const store = this.store;
    if (!store) return;
    for (const controller of this.imports.values()) controller.abort();
    const pending = [...this.inFlight];
    for (const t of pending) t.controller.abort(RUN_INTERRUPTED);
    await Promise.allSettled(pending.map((t) => t.done));
    this.unwatchFile();
    this.store = null;
    await store.close();
  }

  /**
   * Imports a CSV file into the open project, sending `import.progress` events.
   * @param importId chosen by the UI; `cancelImport(importId)` cancels.
   * @throws MtlError from the import (IMPORT_CANCELLED when cancelled; nothing stored).
   */
  async importDataset(
    importId: string,
    path: string,
    options: Omit<ImportCsvOptions, 'signal' | 'onProgress'>,
  ): Promise<DatasetInfo> {
    const store = this.requireWritableStore();
    let lastSent = 0;
    return this.runCancellable(importId, (signal) =>
      importCsv(store, resolve(path), {
        ...options,
        signal,
        onProgress: (p) => {
          // At most ~20 events a second: enough for a smooth bar, cheap for the transport.
          const now = Date.now();
          if (now - lastSent < 50) return;
          lastSent = now;
          this.emit('import.progress', { importId, ...p });
        },
      }),
    );
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
   * Starts a training run and answers as soon as it is stored as running; epochs, the
   * backend and the end arrive as `training.*` events.
   * @throws MtlError for problems found before the run starts (bad configuration,
   *   unknown task, no task): nothing is stored then.
   */
  startTraining(request: TrainRequest): Promise<RunInfo> {
    const store = this.requireWritableStore();
    return this.trackRun((hooks) => trainRun(store, request, hooks));
  }

  /**
   * Starts an Auto run (search on validation data, then the chosen configuration) and answers
   * once it is stored as running; `training.autoProgress` events report the search.
   * @throws MtlError for problems found before the run starts: nothing is stored then.
   */
  startAuto(request: AutoTrainRequest): Promise<RunInfo> {
    const store = this.requireWritableStore();
    return this.trackRun((hooks) => trainAutoRun(store, request, hooks));
  }

  /**
   * Starts a cross-validated evaluation and answers with it at once; each fold's run sends
   * the usual `training.*` events (and can be paused or cancelled: cancelling one stops the
   * evaluation), `training.fold` before each fold, `training.crossValidated` at the end.
   * @throws MtlError for problems found before the first fold (bad configuration, plan).
   */
  startCrossValidation(request: CrossValidationRequest): Promise<CrossValidationInfo> {
    const store = this.requireWritableStore();
    const controller = new AbortController();
    const pause = new PauseControl();
    return new Promise<CrossValidationInfo>((resolveStart, rejectStart) => {
      let started: CrossValidationInfo | null = null;
      let fold: { repeat: number; fold: number } | null = null;
      // The run of the fold in training, from its start until it is linked to the evaluation.
      let current: number | null = null;
      const done = crossValidate(store, request, {
        ...this.runHooks(
          controller,
          pause,
          (run) => {
            current = run.id;
            this.trainings.set(run.id, { datasetId: run.datasetId, controller, pause, done });
          },
          // The fold is linked as it starts (services/crossValidation.ts); the run sent at
          // its start predates the link, so pages are told its fold here.
          (run) =>
            started && fold ? { ...run, fold: { evaluationId: started.id, ...fold } } : run,
        ),
        onEvaluation: (evaluation) => {
          started = evaluation;
          resolveStart(evaluation);
        },
        onFold: (n, total, next) => {
          fold = { repeat: next.repeat, fold: next.fold };
          if (started) this.emit('training.fold', { evaluationId: started.id, done: n, total });
        },
        onFoldRun: (run) => {
          this.trainings.delete(run.id);
          current = null;
          // Like any run's: every tab hears the fold finished (stuck "running" otherwise).
          this.emit('training.finished', { run });
        },
      }).then(
        (evaluation) => this.emit('training.crossValidated', { evaluation }),
        async (err: unknown) => {
          if (!started) return rejectStart(err);
          if (current !== null) this.emitFailed(current, err);
          this.emit('training.crossValidated', {
            evaluation: await store.evaluation.crossValidation(started.id),
          });
        },
      );
      const tracked = { controller, done };
      this.inFlight.add(tracked);
      void done.finally(() => {
        if (current !== null) this.trainings.delete(current);
        this.inFlight.delete(tracked);
      });
    });
  }

  /** Tells every page a run stopped: failed, cancelled by the user, or interrupted. */
  private emitFailed(runId: number, err: unknown): void {
    const error = toErrorPayload(err);
    this.emit('training.failed', {
      runId,
      cancelled: error.code === 'TRAINING_CANCELLED',
      interrupted: error.code === 'TRAINING_INTERRUPTED',
      error,
    });
  }

  /**
   * Hooks that relay a run's progress as `training.*` events; `announce` completes the run
   * sent with `training.started` (a fold run's `fold`).
   */
  private runHooks(
    controller: AbortController,
    pause: PauseControl,
    onStarted: (run: RunInfo) => void,
    announce: (run: RunInfo) => RunInfo = (run) => run,
  ): TrainHooks {
    let runId: number | null = null;
    return {
      mode: this.trainingMode,
      checkpoints: this.checkpoints,
      signal: controller.signal,
      pause,
      onStarted: (run) => {
        runId = run.id;
        onStarted(run);
        // Every tab hears of the run, not only the one that started it.
        this.emit('training.started', { run: announce(run) });
      },
      onBackend: (backend) => {
        if (runId !== null)
          this.emit('training.backend', { runId, backend, details: parseBackend(backend) });
      },
      onEpoch: (id, record) => this.emit('training.epoch', { runId: id, record }),
      onAutoProgress: (id, progress) => {
        const training = this.trainings.get(id);
        if (training) {
          training.autoProgress = progress;
          training.autoProgressAt = Date.now();
        }
        this.emit('training.autoProgress', { runId: id, progress });
      },
    };
  }

  /** Starts one run through `train` and answers once it is stored as running. */
  private trackRun(train: (hooks: TrainHooks) => Promise<RunInfo>): Promise<RunInfo> {
    const controller = new AbortController();
    const pause = new PauseControl();
    return new Promise<RunInfo>((resolveStart, rejectStart) => {
      let runId: number | null = null;
      const done = train(
        this.runHooks(controller, pause, (run) => {
          runId = run.id;
          this.trainings.set(run.id, { datasetId: run.datasetId, controller, pause, done });
          resolveStart(run);
        }),
      ).then(
        (run) => this.emit('training.finished', { run }),
        (err: unknown) => {
          if (runId === null) return rejectStart(err);
          this.emitFailed(runId, err);
        },
      );
      // Tracked from the request on, not only once stored as running: a stop while the job
      // is prepared interrupts it and waits for it (the project is closed after it).
      const tracked = { controller, done };
      this.inFlight.add(tracked);
      void done.finally(() => {
        if (runId !== null) this.trainings.delete(runId);
        this.inFlight.delete(tracked);
      });
    });
  }

  /**
   * Trains a stopped run (interrupted, cancelled, failed) again with the same dataset,
   * tasks, split, configuration and checkpoint policy (restartRequest; a run stored before
   * schema v14: the default, never this session's), as a new run that records which one it restarts; an
   * Auto run as a new Auto search with its budget, seed and brackets ({@link startAuto}).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run
   *   that is running, queued or completed, or an Auto run stored without its settings;
   *   errors of {@link startTraining} and {@link startAuto}.
   */
  async restartTraining(runId: number): Promise<RunInfo> {
    const restart = await restartRequest(this.requireStore(), runId);
    return restart.kind === 'auto'
      ? this.startAuto(restart.request)
      : this.startTraining(restart.request);
  }

  /**
   * Resumes a stopped run from its last checkpoint: the same run continues with its
   * remaining epochs (services/trainingResume.ts), saving checkpoints by the policy stored
   * with it, not this session's (`SessionOptions.checkpoints`); answers once it is running again.
   * @throws MtlError('NOT_FOUND'), MtlError('BAD_REQUEST') (not stopped, Auto or fold run),
   *   MtlError('CHECKPOINT_INVALID') (none, or damaged) before anything changes.
   */
  resumeTraining(runId: number): Promise<RunInfo> {
    const store = this.requireWritableStore();
    return this.trackRun((hooks) => resumeRun(store, runId, { ...hooks, checkpoints: undefined }));
  }

  /** Cancels a run in flight. @returns false when the run is not training in this session. */
  cancelTraining(runId: number): boolean {
    const training = this.trainings.get(runId);
    training?.controller.abort();
    return training !== undefined;
  }

  /**
   * Pauses a run in flight (it stops before its next mini-batch, keeping its state) or
   * resumes it; emits `training.paused`.
   * @returns false when the run is not training in this session.
   */
  pauseTraining(runId: number, paused: boolean): boolean {
    const training = this.trainings.get(runId);
    if (!training) return false;
    // Auto's budget clock stops during a pause: the latest progress is aged up to the pause,
    // then not while paused, and again only from the resume on.
    if (training.autoProgress && paused !== training.pause.isPaused) {
      if (paused)
        training.autoProgress = agedProgress(training.autoProgress, training.autoProgressAt);
      training.autoProgressAt = Date.now();
    }
    if (paused) training.pause.pause();
    else training.pause.resume();
    this.emit('training.paused', { runId, paused });
    return true;
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

/**
 * An Auto run's latest progress as a page opened now should see it: during the search its
 * `elapsedSeconds` plus the seconds since the event came (a long phase such as the defaults'
 * normal runs sends nothing for a while; a reloaded page showed "12 s of 60 s" when 50 s had
 * passed). The `final` event keeps the search's own time, and so does a paused run (its
 * budget's clock stops during a pause: the session ages the progress up to the pause and
 * counts `at` again from the resume).
 * @param at when the event came, ms since the epoch (undefined: as it came).
 * @param paused the run is paused now: not aged.
 */
export function agedProgress(
  progress: AutoProgress,
  at: number | undefined,
  paused = false,
): AutoProgress {
  if (progress.phase === 'final' || at === undefined || paused) return progress;
  return {
    ...progress,
    elapsedSeconds: progress.elapsedSeconds + Math.max(0, Date.now() - at) / 1000,
  };
}
