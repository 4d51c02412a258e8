/**
 * The training side of a studio session (the `training.*` part of the contract): the runs
 * and cross-validations in flight, from their request to their end, with their stop, pause
 * and Auto progress, and the `training.*` events that relay them to every page. Starting,
 * restarting and resuming a run, cancelling and pausing one, listing those in flight
 * (`activeRuns`, part of the session's snapshot), and interrupting them all when the
 * project closes. Held by `StudioSession` (services/session.ts), whose methods of the same
 * names call it.
 */
import type { ActiveRun, EventChannel, EventOf } from '../../shared/contract';
import { parseBackend } from '../../shared/backendText';
import {
  withTrialHeard,
  type AutoProgress,
  type CrossValidationInfo,
  type HeardTrial,
  type RunInfo,
} from '../../shared/domain';
import { toErrorPayload } from '../../shared/errors';
import type { CheckpointPolicy } from '../engine/checkpoint';
import { PauseControl } from '../engine/pause';
import { AutoEndControl } from '../engine/autoEnd';
import type { ProjectStore } from '../store/projectStore';
import { trainFinalModel } from './finalModel';
import { trainAutoRun, type AutoTrainRequest } from './autoTraining';
import { crossValidate, type CrossValidationRequest } from './crossValidation';
import { resumeRun } from './trainingResume';
import {
  restartRequest,
  RUN_INTERRUPTED,
  trainRun,
  type TrainHooks,
  type TrainRequest,
} from './training';

/** What the training side needs of its session: the open project and its listeners. */
export interface TrainingHost {
  /** Sends an event to every listener of the session. */
  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void;
  /** The open project's store. @throws MtlError('BAD_REQUEST') when none is open. */
  requireStore(): ProjectStore;
  /**
   * The open project's store for a write. @throws MtlError('BAD_REQUEST') when none is
   * open; MtlError('PROJECT_CORRUPT') when it is damaged.
   */
  requireWritableStore(): ProjectStore;
}

/** The runs and cross-validations a studio session's project trains (StudioSession.runs). */
export class SessionTrainings {
  private readonly trainings = new Map<
    number,
    {
      datasetId: number;
      controller: AbortController;
      pause: PauseControl;
      done: Promise<unknown>;
      /** "End search now" of a run started alone (not a fold of a cross-validation). */
      endSearch?: AutoEndControl;
      /** An Auto run's latest progress (for a page opened during its search). */
      autoProgress?: AutoProgress;
      /** When `autoProgress` came (ms since the epoch), to age its clock for such a page. */
      autoProgressAt?: number;
      /** An Auto run's trials reported so far (the live table of a page opened now). */
      autoTrials?: readonly HeardTrial[];
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

  /**
   * @param host the session: its open project and its listeners.
   * @param options how runs train: 'process' (child process) or 'in-process', and when new
   *   runs save checkpoints (undefined: the training service's default).
   */
  constructor(
    private readonly host: TrainingHost,
    private readonly options: {
      trainingMode: 'process' | 'in-process';
      checkpoints: CheckpointPolicy | undefined;
    },
  ) {}

  /** The runs training in this session, with their pause state and an Auto run's progress. */
  activeRuns(): ActiveRun[] {
    return [...this.trainings].map(([runId, t]) => ({
      runId,
      datasetId: t.datasetId,
      paused: t.pause.isPaused,
      ...(t.pause.pausedSince !== null ? { pausedSince: t.pause.pausedSince } : {}),
      ...(t.autoProgress
        ? { autoProgress: agedProgress(t.autoProgress, t.autoProgressAt, t.pause.isPaused) }
        : {}),
      ...(t.autoTrials?.length ? { autoTrials: [...t.autoTrials] } : {}),
    }));
  }

  /**
   * Interrupts every run and cross-validation in flight (stored as 'interrupted', they can
   * be restarted) and waits for them to stop (StudioSession.closeProject, dispose).
   */
  async interruptAll(): Promise<void> {
    const pending = [...this.inFlight];
    for (const t of pending) t.controller.abort(RUN_INTERRUPTED);
    await Promise.allSettled(pending.map((t) => t.done));
  }

  /**
   * Starts a training run and answers as soon as it is stored as running; epochs, the
   * backend and the end arrive as `training.*` events.
   * @throws MtlError for problems found before the run starts (bad configuration,
   *   unknown task, no task): nothing is stored then.
   */
  startTraining(request: TrainRequest): Promise<RunInfo> {
    const store = this.host.requireWritableStore();
    return this.trackRun((hooks) => trainRun(store, request, hooks));
  }

  /**
   * Starts an Auto run (search on validation data, then the chosen configuration) and answers
   * once it is stored as running; `training.autoProgress` events report the search.
   * @throws MtlError for problems found before the run starts: nothing is stored then.
   */
  startAuto(request: AutoTrainRequest): Promise<RunInfo> {
    const store = this.host.requireWritableStore();
    return this.trackRun((hooks) => trainAutoRun(store, request, hooks));
  }

  /**
   * Starts the final model of a completed cross-validation (services/finalModel.ts) and
   * answers once it is stored as running; its events are a run's.
   * @throws MtlError('NOT_FOUND' | 'BAD_REQUEST') before anything is stored (unknown, not
   *   completed, or an Auto cross-validation).
   */
  startFinalModel(evaluationId: number): Promise<RunInfo> {
    const store = this.host.requireWritableStore();
    return this.trackRun((hooks) => trainFinalModel(store, evaluationId, hooks));
  }

  /**
   * Starts a cross-validated evaluation and answers with it at once; each fold's run sends
   * the usual `training.*` events (and can be paused or cancelled: cancelling one stops the
   * evaluation), `training.fold` before each fold, `training.crossValidated` at the end.
   * @throws MtlError for problems found before the first fold (bad configuration, plan).
   */
  startCrossValidation(request: CrossValidationRequest): Promise<CrossValidationInfo> {
    const store = this.host.requireWritableStore();
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
          if (started)
            this.host.emit('training.fold', { evaluationId: started.id, done: n, total });
        },
        onFoldRun: (run) => {
          this.trainings.delete(run.id);
          current = null;
          // Like any run's: every tab hears the fold finished (stuck "running" otherwise).
          this.host.emit('training.finished', { run });
        },
      }).then(
        (evaluation) => this.host.emit('training.crossValidated', { evaluation }),
        async (err: unknown) => {
          if (!started) return rejectStart(err);
          if (current !== null) this.emitFailed(current, err);
          this.host.emit('training.crossValidated', {
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
    this.host.emit('training.failed', {
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
      mode: this.options.trainingMode,
      checkpoints: this.options.checkpoints,
      signal: controller.signal,
      pause,
      onStarted: (run) => {
        runId = run.id;
        onStarted(run);
        // Every tab hears of the run, not only the one that started it.
        this.host.emit('training.started', { run: announce(run) });
      },
      onBackend: (backend) => {
        if (runId !== null)
          this.host.emit('training.backend', { runId, backend, details: parseBackend(backend) });
      },
      onEpoch: (id, record) => this.host.emit('training.epoch', { runId: id, records: [record] }),
      onAutoProgress: (id, progress) => {
        const training = this.trainings.get(id);
        if (training) {
          training.autoProgress = progress;
          training.autoProgressAt = Date.now();
          training.autoTrials = withTrialHeard(training.autoTrials ?? [], progress);
        }
        this.host.emit('training.autoProgress', { runId: id, progress });
      },
    };
  }

  /** Starts one run through `train` and answers once it is stored as running. */
  private trackRun(train: (hooks: TrainHooks) => Promise<RunInfo>): Promise<RunInfo> {
    const controller = new AbortController();
    const pause = new PauseControl();
    const endSearch = new AutoEndControl();
    return new Promise<RunInfo>((resolveStart, rejectStart) => {
      let runId: number | null = null;
      const done = train({
        ...this.runHooks(controller, pause, (run) => {
          runId = run.id;
          this.trainings.set(run.id, {
            datasetId: run.datasetId,
            controller,
            pause,
            done,
            endSearch,
          });
          resolveStart(run);
        }),
        endSearch,
      }).then(
        (run) => this.host.emit('training.finished', { run }),
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
   * Auto run as a new Auto search with its budget, seed and brackets ({@link startAuto}); a
   * cross-validation's final model as a new final model of it ({@link startFinalModel}).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run
   *   that is running, queued or completed, or an Auto run stored without its settings;
   *   errors of {@link startTraining} and {@link startAuto}.
   */
  async restartTraining(runId: number): Promise<RunInfo> {
    // A stopped final model trains again as one (a new run, restartRequest refuses it).
    const stopped = await this.host.requireStore().training.getRun(runId);
    if (stopped.finalOf && ['interrupted', 'cancelled', 'failed'].includes(stopped.status))
      return this.startFinalModel(stopped.finalOf.evaluationId);
    const restart = await restartRequest(this.host.requireStore(), runId);
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
    const store = this.host.requireWritableStore();
    return this.trackRun((hooks) => resumeRun(store, runId, { ...hooks, checkpoints: undefined }));
  }

  /** Cancels a run in flight. @returns false when the run is not training in this session. */
  cancelTraining(runId: number): boolean {
    const training = this.trainings.get(runId);
    training?.controller.abort();
    return training !== undefined;
  }

  /**
   * "End search now" of an Auto run: its search stops early and goes on exactly as if its
   * budget had run out (engine/autoSelect.ts SearchOptions.end) — the best configuration so
   * far by validation among the runs trained like a normal run, then the final model, stored
   * and scored as usual, the search with `endedEarly: true`. Asked before any configuration
   * finished, the search waits for the first (the studio's default, which always runs to its
   * end, as under a tiny budget); the progress says the end was asked meanwhile. A
   * `training.autoProgress` with `endedEarly` follows at once. Asking again is harmless.
   * @returns false when the run is not an Auto run searching in this session (not training
   *   here, a plain run or a cross-validation's fold, or its search already over). "Already
   *   over" is the search's own word (engine/autoEnd.ts AutoEndControl.ask: in-process the
   *   same control, in a child process its answer), not this session's latest progress, which
   *   may not yet say 'final' when the search has chosen: true exactly when the stored
   *   search says `endedEarly`.
   */
  async endAutoSearch(runId: number): Promise<boolean> {
    const training = this.trainings.get(runId);
    if (!training?.endSearch || !training.autoProgress) return false;
    if (training.autoProgress.phase === 'final') return false;
    return training.endSearch.ask();
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
    this.host.emit('training.paused', { runId, paused });
    return true;
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
