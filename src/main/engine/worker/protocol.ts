/**
 * Messages between the main process and the training child process.
 * Sent with Node's 'advanced' serialization, so typed arrays cross as they are.
 */
import type { AutoProgress, EpochRecord } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import type { TrainingJobResult } from '../job';
import type { JobFileRef } from './jobFile';

/** Parent → child. */
export type ToWorker =
  /** The job, in a temporary file (engine/worker/jobFile.ts): a small message on the channel. */
  | { type: 'start'; job: JobFileRef }
  | { type: 'cancel' }
  | { type: 'pause' }
  | { type: 'resume' }
  /**
   * Auto: "End search now" (engine/autoEnd.ts); the child answers with an
   * 'end-search-answer' of the same requestId (false for a job that is not Auto).
   */
  | { type: 'end-search'; requestId: number }
  /** Answer to a 'read-pixels' request: the pixels, or why they could not be read. */
  | { type: 'pixels'; requestId: number; pixels?: Uint8Array; error?: ErrorPayload };

/** Child → parent. */
export type FromWorker =
  | { type: 'backend'; description: string }
  /**
   * Streamed images (a job whose `image` has no pixels): the parent reads these rows'
   * pixels from the store and answers with a 'pixels' message of the same requestId.
   */
  | { type: 'read-pixels'; requestId: number; rowIds: Int32Array }
  | { type: 'epoch'; record: EpochRecord }
  /** A checkpoint after `epoch` (engine/checkpoint.ts, encoded): the parent stores it. */
  | { type: 'checkpoint'; epoch: number; checkpoint: Uint8Array }
  /** Auto: a phase started or a trial finished. */
  | { type: 'auto-progress'; progress: AutoProgress }
  /** Whether the 'end-search' of `requestId` ended the search (false: it was already over). */
  | { type: 'end-search-answer'; requestId: number; ended: boolean }
  | { type: 'done'; result: TrainingJobResult }
  | { type: 'error'; error: ErrorPayload };
