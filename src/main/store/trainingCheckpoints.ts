/**
 * Training checkpoints of runs (`run_checkpoints`, schema v10): the latest checkpoint of
 * each run, as the engine encoded it (engine/checkpoint.ts; the store never reads inside),
 * and reopening a stopped run to resume it (with the checkpoint policy given again, if any:
 * `runs.checkpoint_every_epochs` and `checkpoint_min_seconds`, schema v14). Reached as
 * `ProjectStore.training.checkpoints`.
 */
import { hostname } from 'node:os';
import type { CheckpointPolicy } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database } from './database';
import { now } from './sqlCodec';
import { markResumed } from './trainingEpochs';

/*
 * A run's checkpoint policy in its `runs` row (schema v14), written by
 * {@link checkpointPolicyColumns} and read by {@link checkpointPolicyOf}, the one place of
 * the rule: `checkpoint_every_epochs` 0 = none (false; seconds NULL); both NULL = not
 * recorded (a run stored before v14, read as undefined: resumed and restarted with the
 * default, engine/checkpoint.ts DEFAULT_CHECKPOINT_POLICY); every epochs > 0 with NULL
 * seconds (never written so) reads as 0 s.
 */

/**
 * The `runs` columns of a checkpoint policy: [every epochs, min seconds], with false (none)
 * as [0, null]. Also the check of a policy before anything is trained or stored
 * (services/training.ts trainRun, services/trainingResume.ts resumeRun).
 * @throws MtlError('BAD_REQUEST') for every epochs that is not an integer from 1 to
 *   Number.MAX_SAFE_INTEGER, or seconds that are not a finite number ≥ 0, naming the value.
 */
export function checkpointPolicyColumns(
  policy: CheckpointPolicy | false,
): [everyEpochs: number, minSeconds: number | null] {
  if (policy === false) return [0, null];
  const { everyEpochs, minSeconds } = policy;
  if (!Number.isSafeInteger(everyEpochs) || everyEpochs < 1)
    throw new MtlError(
      'BAD_REQUEST',
      `A checkpoint policy needs every epochs to be a whole number ≥ 1 (false: none); got ${everyEpochs}`,
    );
  if (!Number.isFinite(minSeconds) || minSeconds < 0)
    throw new MtlError(
      'BAD_REQUEST',
      `A checkpoint policy needs seconds to be a number ≥ 0; got ${minSeconds}`,
    );
  return [everyEpochs, minSeconds];
}

/**
 * A run's checkpoint policy from its `runs` columns (absent in a file read before its
 * upgrade: undefined): false for every 0 epochs; undefined when not recorded (every NULL);
 * every > 0 with NULL seconds as 0 s.
 */
export function checkpointPolicyOf(
  everyEpochs: number | null | undefined,
  minSeconds: number | null | undefined,
): CheckpointPolicy | false | undefined {
  if (everyEpochs === null || everyEpochs === undefined) return undefined;
  if (everyEpochs === 0) return false;
  return { everyEpochs, minSeconds: minSeconds ?? 0 };
}

/** A run's stored checkpoint. */
export interface StoredCheckpoint {
  runId: number;
  /** Epochs finished when it was written. */
  epoch: number;
  /** The engine's encoded checkpoint, bit-identical to what was saved. */
  data: Uint8Array;
  createdAt: string;
}

/** The checkpoints of one open project's runs. */
export class CheckpointStore {
  constructor(private readonly db: Database) {}

  /**
   * Stores the checkpoint of a run after `epoch`, replacing its previous one in the same
   * transaction (a crash keeps one or the other, whole).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for an epoch
   *   below 1 or empty bytes.
   */
  async save(runId: number, epoch: number, data: Uint8Array): Promise<void> {
    if (!Number.isSafeInteger(epoch) || epoch < 1 || data.byteLength === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `A checkpoint needs an epoch ≥ 1 and bytes; got epoch ${epoch}, ${data.byteLength} bytes`,
      );
    }
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run) throw new MtlError('NOT_FOUND', `Run ${runId} not found`);
      await tx.run(
        `INSERT INTO run_checkpoints (run_id, epoch, data, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE
         SET epoch = excluded.epoch, data = excluded.data, created_at = excluded.created_at`,
        [runId, epoch, data, now()],
      );
    });
  }

  /** The latest checkpoint of a run, or null when it has none. */
  async latest(runId: number): Promise<StoredCheckpoint | null> {
    const row = await this.db.get<{ epoch: number; data: Buffer; created_at: string }>(
      'SELECT epoch, data, created_at FROM run_checkpoints WHERE run_id = ?',
      [runId],
    );
    if (!row) return null;
    return { runId, epoch: row.epoch, data: new Uint8Array(row.data), createdAt: row.created_at };
  }

  /** Drops a run's checkpoint (a completed run needs none). Nothing happens without one. */
  async remove(runId: number): Promise<void> {
    await this.db.run('DELETE FROM run_checkpoints WHERE run_id = ?', [runId]);
  }

  /**
   * Reopens a stopped run to resume it from its checkpoint after `epoch`, in one
   * transaction: the epochs recorded after it are dropped (they are trained again), the
   * status goes back to 'running' without error or end time, its start time moves later by
   * the time it spent stopped (when both times are known: a run a crash left without an end
   * time keeps its start) and its last kept epoch records the resume (trainingEpochs.ts
   * markResumed: killed before its next epoch, it still ends with the time it trained
   * before), and this process becomes the
   * run's owner (so opening the project elsewhere does not take it for orphaned).
   * @param checkpointPolicy given: the run's new checkpoint policy (checkpoint options given
   *   again to the resume), stored with it in the same transaction; absent: kept.
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when the run
   *   is not interrupted, failed or cancelled, or its checkpoint is not after `epoch`, or for
   *   a bad policy ({@link checkpointPolicyColumns}).
   */
  async reopenRun(
    runId: number,
    epoch: number,
    checkpointPolicy?: CheckpointPolicy | false,
  ): Promise<void> {
    const policy =
      checkpointPolicy === undefined ? undefined : checkpointPolicyColumns(checkpointPolicy);
    await this.db.transaction(async (tx) => {
      const run = await tx.get<{
        status: string;
        epoch: number | null;
        started_at: string | null;
        finished_at: string | null;
      }>(
        `SELECT r.status, k.epoch, r.started_at, r.finished_at FROM runs r
         LEFT JOIN run_checkpoints k ON k.run_id = r.id WHERE r.id = ?`,
        [runId],
      );
      if (!run) throw new MtlError('NOT_FOUND', `Run ${runId} not found`);
      if (!['interrupted', 'failed', 'cancelled'].includes(run.status)) {
        throw new MtlError('BAD_REQUEST', `Run ${runId} is ${run.status}; it cannot be resumed`);
      }
      if (run.epoch !== epoch) {
        throw new MtlError(
          'BAD_REQUEST',
          `Run ${runId} has ${run.epoch === null ? 'no checkpoint' : `its checkpoint after epoch ${run.epoch}`}, not after epoch ${epoch}`,
        );
      }
      await tx.run('DELETE FROM run_epochs WHERE run_id = ? AND epoch > ?', [runId, epoch]);
      const resumedAt = now();
      // Its last work until its next epoch is stored: killed before, it ends here, with the
      // time it trained before (not at its moved start: Time 0).
      if (run.started_at !== null && run.finished_at !== null)
        await markResumed(tx, runId, resumedAt);
      await tx.run(
        // started_at moves later by the time the run spent stopped (finished_at → now), so
        // finished − started stays its time training (a resume a day later is not a day).
        `UPDATE runs SET status = 'running',
           started_at = CASE WHEN started_at IS NULL OR finished_at IS NULL THEN started_at
             ELSE strftime('%Y-%m-%dT%H:%M:%fZ',
               julianday(started_at) + julianday(?) - julianday(finished_at)) END,
           finished_at = NULL, error = NULL,
           error_code = NULL, best_epoch = NULL, owner_pid = ?, owner_host = ?
         WHERE id = ?`,
        [resumedAt, process.pid, hostname(), runId],
      );
      if (policy)
        await tx.run(
          'UPDATE runs SET checkpoint_every_epochs = ?, checkpoint_min_seconds = ? WHERE id = ?',
          [...policy, runId],
        );
    });
  }
}
