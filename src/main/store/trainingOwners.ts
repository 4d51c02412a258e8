/**
 * Who owns a training run or a cross-validation, and what becomes of one whose process is
 * gone: on open, queued or running runs (and running cross-validations) whose training
 * process ended before they finished are marked interrupted, so they can be restarted.
 * The owner (pid and host) is recorded by `createRun` (store/training.ts, runs from v4)
 * and by a cross-validation as it starts (v12). Reached through
 * `ProjectStore.training.interruptOrphanedRuns`.
 */
import { hostname } from 'node:os';
import type { RunStatus } from '../../shared/domain';
import type { ErrorCode } from '../../shared/errors';
import type { Database } from './database';
import { now } from './sqlCodec';
import { lastEpochStoredAt } from './trainingEpochs';

/** The fields of a run {@link interruptOrphanedRuns} changes (TrainingStore.updateRun). */
export type InterruptedRunPatch = {
  status: RunStatus;
  finishedAt: string;
  error: string;
  errorCode: ErrorCode;
};

/**
 * Marks as interrupted every queued or running run whose training process is gone: a
 * process on this machine that no longer exists (killed, crashed), or a run from before
 * v4 that recorded none. Runs owned by live processes, or by another machine, are left
 * alone. An interrupted run can be restarted with its configuration.
 *
 * A running cross-validation is marked interrupted by the same rule on its own owner
 * (v12), so one whose process was killed between two folds is found too. One that
 * recorded no owner (running when the file was upgraded, with no fold run linked: before
 * v11 a fold run was linked only on completion) is interrupted unless a queued or running
 * run on one of its scheme's folds is still live. One that links an interrupted fold run
 * is interrupted as well. Each ends when it last stored work (a run: {@link lastWorkAt}; a
 * cross-validation: its fold runs', {@link interruptCrossValidation}), not at the reopening.
 * Called on open.
 * @param updateRun how a run is marked interrupted (TrainingStore.updateRun).
 * @returns the ids of the runs marked interrupted.
 */
export async function interruptOrphanedRuns(
  db: Database,
  updateRun: (id: number, patch: InterruptedRunPatch) => Promise<void>,
): Promise<number[]> {
  const open = await db.all<{
    id: number;
    owner_pid: number | null;
    owner_host: string | null;
    started_at: string | null;
    checkpoint_at: string | null;
  }>(
    `SELECT r.id, r.owner_pid, r.owner_host, r.started_at, k.created_at AS checkpoint_at
     FROM runs r LEFT JOIN run_checkpoints k ON k.run_id = r.id
     WHERE r.status IN ('queued', 'running')`,
  );
  const gone = open.filter((r) => ownerGone(r.owner_pid, r.owner_host));
  // When each stopped: its last stored work.
  for (const r of gone) {
    const finishedAt = lastWorkAt(r.started_at, [
      await lastEpochStoredAt(db, r.id),
      r.checkpoint_at,
    ]);
    await updateRun(r.id, {
      status: 'interrupted',
      finishedAt,
      error: `Interrupted: the process that trained this run${r.owner_pid ? ` (pid ${r.owner_pid})` : ''} ended before it finished.`,
      errorCode: 'TRAINING_INTERRUPTED',
    });
  }
  // A cross-validation still 'running' whose fold run (linked as it started) was
  // interrupted stopped with it.
  for (const r of gone) {
    const linked = await db.get<{ evaluation_id: number }>(
      `SELECT l.evaluation_id FROM cv_evaluation_runs l
       JOIN cv_evaluations e ON e.id = l.evaluation_id
       WHERE l.run_id = ? AND e.status = 'running'`,
      [r.id],
    );
    if (linked)
      await interruptCrossValidation(
        db,
        linked.evaluation_id,
        `Interrupted: the process that trained fold run ${r.id} ended before it finished.`,
      );
  }
  // One whose own process is gone (killed between two folds, no fold run in flight), or
  // one without an owner and no live run on its folds.
  const evaluations = await db.all<{
    id: number;
    owner_pid: number | null;
    owner_host: string | null;
    live_runs: number;
  }>(
    `SELECT e.id, e.owner_pid, e.owner_host,
       (SELECT COUNT(*) FROM runs r JOIN cv_folds f ON f.split_id = r.split_id
        WHERE f.scheme_id = e.scheme_id AND r.status IN ('queued', 'running')) AS live_runs
     FROM cv_evaluations e WHERE e.status = 'running'`,
  );
  for (const e of evaluations) {
    const orphaned =
      e.owner_pid === null ? e.live_runs === 0 : ownerGone(e.owner_pid, e.owner_host);
    if (!orphaned) continue;
    await interruptCrossValidation(
      db,
      e.id,
      `Interrupted: the process that ran this cross-validation${e.owner_pid ? ` (pid ${e.owner_pid})` : ''} ended before it finished.`,
    );
  }
  return gone.map((r) => r.id);
}

/**
 * Marks running cross-validation `id` interrupted with `error`, ending when its folds last
 * stored work: the latest creation, start, end, epoch or checkpoint time of its fold runs
 * (an interrupted fold run's end is left out: it was not stored by the work but found here,
 * and is the reopening for a fold run never started), never before the cross-validation was
 * created, its creation when none is known. Found by a new user: one killed between two folds
 * ended when the project was reopened, its duration counting the downtime.
 */
async function interruptCrossValidation(db: Database, id: number, error: string): Promise<void> {
  const evaluation = await db.get<{ created_at: string }>(
    "SELECT created_at FROM cv_evaluations WHERE id = ? AND status = 'running'",
    [id],
  );
  if (!evaluation) return;
  const folds = await db.all<{
    id: number;
    status: RunStatus;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
    checkpoint_at: string | null;
  }>(
    `SELECT r.id, r.status, r.created_at, r.started_at, r.finished_at, k.created_at AS checkpoint_at
     FROM cv_evaluation_runs l JOIN runs r ON r.id = l.run_id
     LEFT JOIN run_checkpoints k ON k.run_id = r.id
     WHERE l.evaluation_id = ?`,
    [id],
  );
  const stored: (string | null)[] = [];
  for (const f of folds) {
    stored.push(f.created_at, f.started_at, f.checkpoint_at, await lastEpochStoredAt(db, f.id));
    if (f.status !== 'interrupted') stored.push(f.finished_at);
  }
  await db.run(
    `UPDATE cv_evaluations SET status = 'interrupted', finished_at = ?, error = ?
     WHERE id = ? AND status = 'running'`,
    [lastWorkAt(evaluation.created_at, stored), error, id],
  );
}

/**
 * The end time of a run whose process died: when it last stored work (`stored`: its last
 * epoch's and its checkpoint's times, either null when unknown), never before it started;
 * its start when nothing was stored; now for a run never started (queued). Found by a new
 * user: a run killed 7 s into training and reopened 20 s later showed 32 s, the time the
 * project was reopened. All times ISO-8601 UTC (`now()`), which compare as strings.
 */
function lastWorkAt(startedAt: string | null, stored: (string | null)[]): string {
  if (startedAt === null) return now();
  return stored.reduce<string>((last, at) => (at !== null && at > last ? at : last), startedAt);
}

/**
 * Whether the process that owns a run or cross-validation is gone: none was recorded
 * (`pid` null), or it ran on this host, is not this process and no longer exists (signal 0
 * answers ESRCH). An owner on another host, or one we may not signal (EPERM), counts as live.
 */
function ownerGone(pid: number | null, host: string | null): boolean {
  if (pid === null) return true;
  if (host !== hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
