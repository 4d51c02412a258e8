/**
 * Messages between the main process and the training child process.
 * Sent with Node's 'advanced' serialization, so typed arrays cross as they are.
 */
import type { AutoTrial, EpochRecord } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import type { TrainingJobInput, TrainingJobResult } from '../job';

/** Parent → child. */
export type ToWorker =
  | { type: 'start'; input: TrainingJobInput }
  | { type: 'cancel' }
  | { type: 'pause' }
  | { type: 'resume' };

/** Child → parent. */
export type FromWorker =
  | { type: 'backend'; description: string }
  | { type: 'epoch'; record: EpochRecord }
  | { type: 'trial'; trial: AutoTrial; elapsedSeconds: number; budgetSeconds: number }
  | { type: 'done'; result: TrainingJobResult }
  | { type: 'error'; error: ErrorPayload };
