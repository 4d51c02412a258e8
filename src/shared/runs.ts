/**
 * Training runs as stored in a project: the run, its status, checkpoint policy, epochs and
 * the labels it trained on.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import type { ErrorCode } from './errors';
import type { TaskMetrics } from './evaluation';
import type { BackendDetails, TrainConfig } from './trainConfig';

/** The labels of one task as a run saw them when it started. */
export interface RunLabelVersion {
  task: string;
  /** The task's ordered classes at training time. */
  classes: string[];
  /** Rows labelled for the task. */
  labelled: number;
  /** SHA-256 (hex) of "row_id<TAB>label<LF>" over the labelled rows in row-id order. */
  hash: string;
  /** Newest label event of the dataset at training time (0: none). */
  lastEvent: number;
}

/** Per-task numbers of one epoch. Losses are mean masked cross-entropy (nats per labelled row). */
export interface EpochTaskMetrics {
  trainLoss: number;
  valLoss: number;
  valAccuracy: number;
  valMacroF1: number;
}

/** One epoch of a run. */
export interface EpochRecord {
  epoch: number;
  /** Sum of the per-task training losses. */
  trainLoss: number;
  /** Sum of the per-task validation losses (the early-stopping criterion). */
  valLoss: number;
  tasks: Record<string, EpochTaskMetrics>;
  /** Wall-clock seconds the epoch took (training and validation). */
  seconds: number;
  /**
   * Loss weight of each task at the end of the epoch (weighting methods of shared
   * architectures; absent for single-task).
   */
  taskWeights?: Record<string, number>;
  /**
   * MMoE / PLE: per task, the mean gate weight of each expert over the validation split
   * (each row sums to 1), in the architecture's expert order.
   */
  gates?: Record<string, number[]>;
  /**
   * Single-task baseline: the tasks whose own network stopped early at this epoch (each
   * stops on its own), with the epoch whose weights it keeps and that epoch's validation
   * macro-F1. From the next epoch on, the task is left out of the records, so the summed
   * losses drop. Tasks stopped by Auto's budget deadline (the run's last epoch) are not named
   * here; the trainer's outcome says `stoppedForTime`.
   */
  stoppedTasks?: Record<string, { bestEpoch: number; valMacroF1: number }>;
}

/**
 * Where a run stands. 'cancelled': the user stopped it. 'interrupted': the process that
 * trained it stopped (the studio was shut down, or crashed) — it can be restarted with the
 * same configuration.
 */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/**
 * When a run saves checkpoints to resume from (engine/checkpoint.ts checkpointDue): after an
 * epoch that is both {@link everyEpochs} epochs and {@link minSeconds} seconds after the last
 * checkpoint (or the start of training, or of the resume), and, whatever the epochs, after
 * one that ends 30 s or more after it (never sooner than minSeconds; the time rule,
 * engine/checkpoint.ts CHECKPOINT_TIME_RULE_SECONDS).
 */
export interface CheckpointPolicy {
  /** After every this many epochs (≥ 1)… */
  everyEpochs: number;
  /** …but at most one per this many seconds since the last one (or the start; ≥ 0). */
  minSeconds: number;
}

/** What a cross-validation's final model trained on (RunInfo.finalOf). */
export interface FinalModelInfo {
  /** The cross-validation whose method it trains (its id, as "#N" in the studio). */
  evaluationId: number;
  /** The labelled rows it trained on: every row labelled for one of its tasks. */
  labelledRows: number;
  /** Epochs it trained: the most of `epochsPerTask`. */
  epochs: number;
  /** Each task's epochs (equal for tasks sharing a network). */
  epochsPerTask: Record<string, number>;
}

/** A training run as stored in the project. */
export interface RunInfo {
  id: number;
  datasetId: number;
  splitId: number;
  /** Task names trained together in this run. */
  tasks: string[];
  config: TrainConfig;
  status: RunStatus;
  /**
   * Backend that actually ran, as the engine words it in English (e.g. "wasm (WebAssembly
   * SIMD, 1 thread) · tfjs-core 4.22.0"); null until training starts.
   */
  backend: string | null;
  /**
   * The parts of `backend`, for the UI to word it in its language (shared/backendText.ts);
   * absent or null when there is none or its text has another form (then shown as it is).
   */
  backendDetails?: BackendDetails | null;
  /**
   * ISO time training started, or null before. A resumed run's moves later by the time it
   * spent stopped, and a paused run's by each pause as it ends (or as the run ends paused), so
   * `finishedAt − startedAt` is the time it trained (shared/trainedTime.ts).
   */
  startedAt: string | null;
  /** ISO time the run ended (completed, failed, cancelled), or null. */
  finishedAt: string | null;
  error: string | null;
  /**
   * Code of `error` for a failed or cancelled run: TRAINING_FAILED, TRAINING_CANCELLED,
   * DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT, BACKEND_UNAVAILABLE …; null otherwise.
   */
  errorCode: ErrorCode | null;
  /** Epoch whose weights were kept (best validation loss), or null. */
  bestEpoch: number | null;
  /** Test-split metrics per task, once completed. */
  results: Record<string, TaskMetrics> | null;
  /** Set when the run trained one fold of a cross-validated evaluation. */
  fold?: { evaluationId: number; repeat: number; fold: number };
  /**
   * Set when the run is the final model of a completed cross-validation
   * (`training.finalFromCrossValidation`): trained on every labelled row (no validation, no
   * test rows, so `results` is empty), `epochs` epochs without early stopping (each task for
   * `epochsPerTask`: the median of its early-stopping epochs over the folds). Its expected
   * score is the cross-validation's mean ± std (compare.crossValidations).
   */
  finalOf?: FinalModelInfo;
  /** True when Auto chose the run's configuration (its search: `training.autoSearch`). */
  auto?: boolean;
  /**
   * True for an Auto run stored by an earlier build without its search's settings (its
   * `auto_searches` placeholder is JSON null): it cannot be restarted as Auto (restart
   * refuses it with reason AUTO_RESTART_NO_SETTINGS).
   */
  autoSettingsMissing?: boolean;
  /**
   * True for a queued or running run another process trains (a second studio, or
   * `mtl-studio train` in a terminal): its owner (pid and host, store/trainingOwners.ts) is
   * not the process that read it. That process cannot pause or cancel it; it follows the
   * run through the epochs stored, and marks it interrupted once the owner is gone.
   */
  trainedElsewhere?: boolean;
  /** A name the user gave the run, or null (the UI then shows "Run {id}"). */
  name: string | null;
  /** The user's notes about the run ('' when none). */
  notes: string;
  /** The run this one restarts with the same configuration (an interrupted run), or null. */
  restartOf: number | null;
  /**
   * Set when the run has a checkpoint (saved while it trained, dropped once it completes):
   * the epochs it holds. An interrupted, failed or cancelled run with one can be resumed.
   */
  checkpointEpoch?: number;
  /**
   * When the run saves checkpoints, stored with it as it is created (`train
   * --checkpoint-every/--checkpoint-seconds`, else the default) so a resume or a restart keeps
   * it; a resume given other checkpoint options stores those. false: none (`--checkpoint-every
   * 0`, an Auto run, a fold of a cross-validation). Absent for a run stored before schema v14,
   * which resumes and restarts with the default (engine/checkpoint.ts DEFAULT_CHECKPOINT_POLICY).
   * The run a resume answers with as it runs again (`training.resume`) carries the policy it
   * resumes with, the default included.
   */
  checkpointPolicy?: CheckpointPolicy | false;
}
