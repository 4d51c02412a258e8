/**
 * The epoch records of training runs (`run_epochs`): one JSON record per epoch of a run
 * (losses, metrics, timings; engine EpochRecord), appended as the run trains and read back
 * in epoch order for its learning curves. Reached through `ProjectStore.training`
 * (store/training.ts), whose `addEpoch` and `listEpochs` call these.
 */
import type { EpochRecord } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database } from './database';
import { fromJson, isConstraintError, toJson } from './sqlCodec';
import { requireRun } from './trainingTables';

/**
 * Append the record of one epoch to a run. NaN and ±Infinity losses are kept as such.
 * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when that
 *   epoch is already recorded.
 */
export async function addEpoch(db: Database, runId: number, epoch: EpochRecord): Promise<void> {
  await db.transaction(async (tx) => {
    await requireRun(tx, runId);
    try {
      await tx.run('INSERT INTO run_epochs (run_id, epoch, record) VALUES (?, ?, ?)', [
        runId,
        epoch.epoch,
        toJson(epoch),
      ]);
    } catch (err) {
      if (isConstraintError(err)) {
        throw new MtlError('BAD_REQUEST', `Epoch ${epoch.epoch} of run ${runId} already recorded`);
      }
      throw err;
    }
  });
}

/** Epoch records of a run, by epoch number (empty for an unknown run). */
export async function listEpochs(db: Database, runId: number): Promise<EpochRecord[]> {
  const rows = await db.all<{ record: string }>(
    'SELECT record FROM run_epochs WHERE run_id = ? ORDER BY epoch',
    [runId],
  );
  return rows.map((r) => fromJson<EpochRecord>(r.record));
}
