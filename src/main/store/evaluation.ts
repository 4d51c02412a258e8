/**
 * What evaluation reads back from a project: the stored test predictions of a run's tasks
 * (written with the run's results by `TrainingStore.saveResults`).
 */
import { MtlError } from '../../shared/errors';
import type { Database } from './database';
import type { StoredPredictions } from './training';

/** Stored predictions of one open project (`ProjectStore.evaluation`). */
export class EvaluationStore {
  constructor(private readonly db: Database) {}

  /**
   * The stored test predictions of one task of a run, rows in ascending row id (each
   * row's probabilities bit-identical to what was saved).
   * @throws MtlError('NOT_FOUND') when the run has no predictions for `task`;
   *   MtlError('STORE') when a stored blob has the wrong length (a damaged file).
   */
  async getPredictions(runId: number, task: string): Promise<StoredPredictions> {
    return this.db.transaction(async (tx) => {
      const set = await tx.get<{ num_classes: number }>(
        'SELECT num_classes FROM run_prediction_sets WHERE run_id = ? AND task = ?',
        [runId, task],
      );
      if (!set) {
        throw new MtlError('NOT_FOUND', `Run ${runId} has no predictions for task "${task}"`);
      }
      const numClasses = set.num_classes;
      const rowBytes = numClasses * 4;
      const rowIds: number[] = [];
      const blobs: Buffer[] = [];
      await tx.each<{ row_id: number; probs: Buffer }>(
        'SELECT row_id, probs FROM run_predictions WHERE run_id = ? AND task = ? ORDER BY row_id',
        [runId, task],
        (r) => {
          if (r.probs.byteLength !== rowBytes) {
            throw new MtlError(
              'STORE',
              `Prediction of row ${r.row_id} (run ${runId}, task "${task}") has ${r.probs.byteLength} bytes, expected ${rowBytes}`,
            );
          }
          rowIds.push(r.row_id);
          blobs.push(r.probs);
        },
      );
      const probs = new Float32Array(rowIds.length * numClasses);
      const bytes = new Uint8Array(probs.buffer);
      // Copy bytes: a blob's Buffer may sit at an offset not divisible by 4.
      blobs.forEach((b, i) => bytes.set(b, i * rowBytes));
      return { task, rowIds, probs, numClasses };
    }, 'DEFERRED');
  }
}
