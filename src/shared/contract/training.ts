/**
 * Training: engine options, start, pause, cancel, runs and their epochs, live events.
 */
import { z } from 'zod';
import {
  MAX_AUTO_BRACKETS,
  MAX_AUTO_BUDGET_SECONDS,
  MAX_FOLDS,
  type AutoProgress,
  type AutoSearch,
  type BackendDetails,
  type CrossValidationInfo,
  type EpochRecord,
  type RunInfo,
} from '../domain';
import type { ErrorPayload } from '../errors';
import type { FinalModelAvailability } from '../finalModel';
import { trainConfigSchema } from '../schemas';
import { empty, event, id, invoke, taskName } from './channels';

/**
 * What the studio's Auto fixes for every configuration it tries: the PLE trials' levels and
 * task-specific experts, and the maximum epochs capping every trial and the final model (the
 * search draws the rest; the CLI's `train --arch auto --levels 2 --specific-experts 3
 * --epochs 60` sets the same). Absent fields: the defaults.
 */
const autoBase = z
  .strictObject({
    epochs: trainConfigSchema.shape.epochs.optional(),
    numLevels: trainConfigSchema.shape.numLevels.optional(),
    specificExperts: trainConfigSchema.shape.specificExperts.optional(),
  })
  .optional();

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

/** The backend a run trains on (sent once the child process has chosen it). */
export interface TrainingBackendEvent {
  runId: number;
  /** The engine's English text (RunInfo.backend). */
  backend: string;
  /** Its parts, for the UI to word in its language (RunInfo.backendDetails). */
  details: BackendDetails | null;
}

/**
 * Finished epochs of a run, in epoch order (at least one). The session emits one record per
 * event; the transports (src/main/server, the Electron window) coalesce a fast run's epochs
 * into one event per EPOCH_PUSH_MS at most (services/epochCoalescing.ts), every record
 * still delivered once, in order, and before any later event of the session.
 */
export interface TrainingEpochEvent {
  runId: number;
  records: EpochRecord[];
}

/** A run ended with its results stored. */
export interface TrainingFinishedEvent {
  run: RunInfo;
}

/** An Auto run started a phase or finished a trial (its search's progress). */
export interface TrainingAutoProgressEvent {
  runId: number;
  progress: AutoProgress;
}

/** A cross-validation moved on to its next fold (1-based `done` of `total`). */
export interface TrainingFoldEvent {
  evaluationId: number;
  done: number;
  total: number;
}

/** A cross-validation ended (completed, failed or cancelled). */
export interface TrainingCrossValidatedEvent {
  evaluation: CrossValidationInfo;
}

/** A run was stored and started training (in any tab, or restarted). */
export interface TrainingStartedEvent {
  run: RunInfo;
}

/** A stored run changed outside training: renamed, annotated, deleted or restored. */
export interface TrainingChangedEvent {
  datasetId: number;
  runId: number;
}

/** A run was paused or resumed (it stays 'running' in the store meanwhile). */
export interface TrainingPausedEvent {
  runId: number;
  paused: boolean;
}

/** A run failed, was cancelled or interrupted (stored so). */
export interface TrainingFailedEvent {
  runId: number;
  cancelled: boolean;
  /**
   * Stopped because the studio went away (status 'interrupted'); it can be resumed from its
   * checkpoint, if it has one, or restarted.
   */
  interrupted: boolean;
  error: ErrorPayload;
}

/** The training invoke channels: name → request schema and response type. */
export const TRAINING_INVOKE = {
  'training.options': invoke<EngineOptions>()(empty),
  'training.start': invoke<RunInfo>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(taskName).min(1).max(100).optional(),
      config: trainConfigSchema.partial(),
      /** The split to train on; default: the dataset's newest (made if none). */
      splitId: id.optional(),
    }),
  ),
  'training.cancel': invoke<{ cancelled: boolean }>()(z.strictObject({ runId: id })),
  /** Pauses (paused: true) or resumes a run in flight; `ok` false when it is not training. */
  'training.pause': invoke<{ ok: boolean }>()(z.strictObject({ runId: id, paused: z.boolean() })),
  /**
   * Auto: a budgeted search of the configuration on validation data, then one run with the
   * chosen one (answers once the run is stored as running; `training.autoProgress` events
   * follow, then the chosen configuration's `training.epoch` events).
   */
  'training.auto': invoke<RunInfo>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(taskName).min(1).max(100).optional(),
      budgetSeconds: z.number().gt(0).max(MAX_AUTO_BUDGET_SECONDS).optional(),
      seed: z.number().int().optional(),
      /** Hyperband brackets per sweep (default 1: successive halving). */
      brackets: z.number().int().min(1).max(MAX_AUTO_BRACKETS).optional(),
      /** Levels and task-specific experts of the PLE configurations tried. */
      base: autoBase,
    }),
  ),
  /**
   * "End search now": an Auto run's search stops early and goes on exactly as if its budget
   * had run out — the best configuration so far by validation, then the final model, stored
   * and scored; its stored search (`training.autoSearch`) says `endedEarly`. Asked before
   * any configuration finished, the search waits for the first one (the studio's default,
   * which always runs to its end). `ended` is false when the run is not an Auto run
   * searching in this session (a plain run, a cross-validation's fold, a run another
   * process trains, or a search already over).
   */
  'training.endAutoSearch': invoke<{ ended: boolean }>()(z.strictObject({ runId: id })),
  /**
   * Evaluates a method (a configuration, or Auto) by stratified k-fold cross-validation, one
   * run per fold; answers at once with the evaluation, `training.fold` and the runs' events
   * follow, then `training.crossValidated`.
   */
  'training.crossValidate': invoke<CrossValidationInfo>()(
    z.strictObject({
      datasetId: id,
      tasks: z.array(taskName).min(1).max(100).optional(),
      config: trainConfigSchema.partial(),
      auto: z
        .strictObject({
          budgetSeconds: z.number().gt(0).max(MAX_AUTO_BUDGET_SECONDS),
          brackets: z.number().int().min(1).max(MAX_AUTO_BRACKETS).optional(),
          /** As training.auto's `base`, for every fold's search. */
          base: autoBase,
        })
        .optional(),
      folds: z.number().int().min(2).max(MAX_FOLDS).optional(),
      repeats: z.number().int().min(1).max(10).optional(),
    }),
  ),
  /**
   * Continues a stopped (cancelled, interrupted or failed) cross-validation: its finished
   * folds are kept, the others trained with its stored method; answers at once with the
   * evaluation (status 'running' again), then the events of `training.crossValidate`.
   * Its stopped fold runs are deleted (they saved no checkpoint); a new run trains each.
   */
  'training.continueCrossValidation': invoke<CrossValidationInfo>()(
    z.strictObject({ evaluationId: id }),
  ),
  /**
   * Trains the final model of a completed cross-validation of a fixed configuration: the
   * same configuration once on every labelled row, each task for the median of its folds'
   * early-stopping epochs, no early stopping and no test split (RunInfo.finalOf; its expected
   * score is the cross-validation's mean ± std). Answers once the run is stored as running;
   * the usual `training.*` events follow.
   */
  'training.finalFromCrossValidation': invoke<RunInfo>()(z.strictObject({ crossValidationId: id })),
  /**
   * Whether `training.finalFromCrossValidation` would start now (the service's own rule,
   * services/finalModel.ts checkFinalModelAllowed): allowed (with the final model whose
   * labels changed since it trained, if any), or refused with the error it would throw.
   * Stores nothing.
   */
  'training.finalModelAvailability': invoke<FinalModelAvailability>()(
    z.strictObject({ crossValidationId: id }),
  ),
  /** Whether evaluation defaults to cross-validation here (fewer than 2 000 labelled rows). */
  'training.evaluationMode': invoke<{ crossValidate: boolean; labelledRows: number }>()(
    z.strictObject({ datasetId: id }),
  ),
  /** What Auto tried and chose for a run. */
  'training.autoSearch': invoke<AutoSearch>()(z.strictObject({ runId: id })),
  /**
   * Trains a stopped (interrupted, cancelled, failed) run again with its configuration and
   * its checkpoint policy (`RunInfo.checkpointPolicy`; the default for a run stored before
   * schema v14, as its resume would use).
   */
  'training.restart': invoke<RunInfo>()(z.strictObject({ runId: id })),
  /**
   * Continues a stopped (interrupted, failed, cancelled) run that has a checkpoint
   * (`RunInfo.checkpointEpoch`) from it: the same run, its remaining epochs, saving
   * checkpoints by the policy stored with it (`RunInfo.checkpointPolicy`; the default for a
   * run stored before schema v14). Answers once it is running again; the usual `training.*`
   * events follow.
   */
  'training.resume': invoke<RunInfo>()(z.strictObject({ runId: id })),
  /** Names a run (blank: no name) and/or sets its notes; `training.changed` follows. */
  'training.annotate': invoke<RunInfo>()(
    z.strictObject({
      runId: id,
      name: z.string().max(200).nullable().optional(),
      notes: z.string().max(10_000).optional(),
    }),
  ),
  /** Deletes a stopped run (undoable with `training.restore` until the project is reopened). */
  'training.delete': invoke<{ runId: number }>()(z.strictObject({ runId: id })),
  /** Undoes `training.delete`. */
  'training.restore': invoke<RunInfo>()(z.strictObject({ runId: id })),
  'training.runs': invoke<RunInfo[]>()(z.strictObject({ datasetId: id })),
  /**
   * A run's stored epochs, in epoch order; with `afterEpoch`, only the epochs after it (a
   * page rereading a run another process trains asks for what is new).
   */
  'training.epochs': invoke<EpochRecord[]>()(
    z.strictObject({ runId: id, afterEpoch: z.number().int().min(0).optional() }),
  ),
} as const;

/** The training event channels: name → payload type. */
export const TRAINING_EVENTS = {
  'training.started': event<TrainingStartedEvent>(),
  'training.changed': event<TrainingChangedEvent>(),
  'training.backend': event<TrainingBackendEvent>(),
  'training.epoch': event<TrainingEpochEvent>(),
  'training.paused': event<TrainingPausedEvent>(),
  'training.autoProgress': event<TrainingAutoProgressEvent>(),
  'training.fold': event<TrainingFoldEvent>(),
  'training.crossValidated': event<TrainingCrossValidatedEvent>(),
  'training.finished': event<TrainingFinishedEvent>(),
  'training.failed': event<TrainingFailedEvent>(),
} as const;
