/**
 * The epoch records of training runs (`run_epochs`): one JSON record per epoch of a run
 * (losses, metrics, timings; engine EpochRecord), appended as the run trains and read back
 * in epoch order for its learning curves. Reached through `ProjectStore.training`
 * (store/training.ts), whose `addEpoch` and `listEpochs` call these. Each stored record also
 * carries the time it was stored (`storedAt`, ISO-8601 UTC; from this version on, no
 * migration: older records have none), read only by {@link lastEpochStoredAt} and left out of
 * the records `listEpochs` gives back; so is the time a run was last resumed after it
 * (`resumedAt`, {@link markResumed}).
 */
import type { EpochRecord } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database, SqlExecutor } from './database';
import { fromJson, isConstraintError, now, toJson } from './sqlCodec';
import { requireRun } from './trainingTables';

/**
 * An epoch record as stored: with the time it was stored (absent before this version), and
 * the time the run was last resumed after it (only on the epoch it was resumed after).
 */
type StoredEpochRecord = EpochRecord & { storedAt?: string; resumedAt?: string };

/**
 * Append the record of one epoch to a run, stamped with the time it is stored (for the end
 * time of a run whose process died: {@link lastEpochStoredAt}). NaN and ±Infinity losses are
 * kept as such.
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
        toJson({ ...epoch, storedAt: now() } satisfies StoredEpochRecord),
      ]);
    } catch (err) {
      if (isConstraintError(err)) {
        throw new MtlError('BAD_REQUEST', `Epoch ${epoch.epoch} of run ${runId} already recorded`);
      }
      throw err;
    }
  });
}

/**
 * Epoch records of a run, by epoch number (empty for an unknown run).
 * @param afterEpoch only the epochs after this one (a page rereading a run another process
 *   trains fetches what is new, not all of its 60 000 epochs each time); default: all.
 */
export async function listEpochs(
  db: Database,
  runId: number,
  afterEpoch = 0,
): Promise<EpochRecord[]> {
  const rows = await db.all<{ record: string }>(
    'SELECT record FROM run_epochs WHERE run_id = ? AND epoch > ? ORDER BY epoch',
    [runId, afterEpoch],
  );
  return rows.map((r) => {
    const record = fromJson<StoredEpochRecord>(r.record);
    delete record.storedAt;
    delete record.resumedAt;
    return record;
  });
}

/**
 * When the last epoch of a run was stored, or the run was resumed after it, whichever is later
 * (ISO-8601 UTC); null when it has no epoch or its last epoch has neither time (stored by a
 * version that did not record it, or cannot be read). The end time of a run whose process
 * died without saying so (store/trainingOwners.ts): a run killed after its resume but before
 * its first new epoch ends at the resume, so it keeps the time it trained before.
 */
export async function lastEpochStoredAt(db: Database, runId: number): Promise<string | null> {
  const row = await db.get<{ record: string }>(
    'SELECT record FROM run_epochs WHERE run_id = ? ORDER BY epoch DESC LIMIT 1',
    [runId],
  );
  if (!row) return null;
  try {
    const { storedAt, resumedAt } = fromJson<StoredEpochRecord>(row.record);
    const times = [storedAt, resumedAt].filter((t): t is string => typeof t === 'string');
    return times.length > 0 ? times.reduce((a, b) => (b > a ? b : a)) : null;
  } catch {
    return null;
  }
}

/**
 * Stamps the last epoch record of a run with the time `at` (ISO-8601 UTC) it is resumed
 * after it (`resumedAt`), read by {@link lastEpochStoredAt}; called by
 * `CheckpointStore.reopenRun` in its transaction, after the later epochs are dropped. Nothing
 * happens for a run with no epoch or whose last record cannot be read.
 */
export async function markResumed(tx: SqlExecutor, runId: number, at: string): Promise<void> {
  const row = await tx.get<{ epoch: number; record: string }>(
    'SELECT epoch, record FROM run_epochs WHERE run_id = ? ORDER BY epoch DESC LIMIT 1',
    [runId],
  );
  if (!row) return;
  let record: StoredEpochRecord;
  try {
    record = fromJson<StoredEpochRecord>(row.record);
  } catch {
    return;
  }
  await tx.run('UPDATE run_epochs SET record = ? WHERE run_id = ? AND epoch = ?', [
    toJson({ ...record, resumedAt: at } satisfies StoredEpochRecord),
    runId,
    row.epoch,
  ]);
}
