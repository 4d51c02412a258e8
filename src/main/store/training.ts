/**
 * Training runs of a project: the run itself (`runs`: configuration, status, backend,
 * timings, error), its epochs (`run_epochs`), and what a finished run produced — test
 * metrics (`run_results`), test predictions (`run_prediction_sets`, `run_predictions`) and
 * the trained model (`models`: topology, fitted preprocessing, weights).
 */
import { hostname } from 'node:os';
import type {
  AutoSearch,
  CheckpointPolicy,
  EpochRecord,
  RunInfo,
  RunStatus,
  TaskMetrics,
  TrainConfig,
} from '../../shared/domain';
import { parseBackend } from '../../shared/backendText';
import { MtlError, reasonDetails, type ErrorCode } from '../../shared/errors';
import { BulkInserter, type Database, type SqlValue } from './database';
import { requireDataset } from './datasetTables';
import { fromJson, isConstraintError, now, toJson } from './sqlCodec';
import {
  CheckpointStore,
  checkpointPolicyColumns,
  checkpointPolicyOf,
} from './trainingCheckpoints';

/** A trained model as stored: enough to rebuild it and predict. */
export interface StoredModel {
  runId: number;
  /** Architecture description (JSON-serialisable) produced by the engine. */
  topology: unknown;
  /** Fitted preprocessing (JSON-serialisable) produced by the engine. */
  preprocessing: unknown;
  /** Weight names and shapes, in the order their float32 data is concatenated in `weights`. */
  weightSpecs: { name: string; shape: number[] }[];
  /** Little-endian float32 values of all weights, concatenated. */
  weights: Uint8Array;
}

/** Test-split predictions of one task of a run. */
export interface StoredPredictions {
  task: string;
  rowIds: number[];
  /** Row-major probabilities [rows, classes]. */
  probs: Float32Array;
  numClasses: number;
}

/** A row of `runs` as SQLite returns it. */
interface RunRow {
  id: number;
  dataset_id: number;
  split_id: number;
  tasks: string;
  config: string;
  status: RunStatus;
  backend: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  error_code: ErrorCode | null;
  best_epoch: number | null;
  /** From cv_evaluation_runs (LEFT JOIN): set for a fold run. */
  cv_evaluation_id?: number | null;
  cv_repeat?: number | null;
  cv_fold?: number | null;
  /** From auto_searches (LEFT JOIN): 1 for an Auto run. */
  is_auto?: number | null;
  /** From auto_searches: 1 for an Auto run whose placeholder is JSON null (earlier build). */
  auto_null?: number | null;
  name: string | null;
  notes: string | null;
  deleted_at: string | null;
  restart_of: number | null;
  /** From run_checkpoints (v10): the epoch of the run's checkpoint, if any. */
  checkpoint_epoch?: number | null;
  /** v14 (trainingCheckpoints.ts checkpointPolicyColumns / checkpointPolicyOf); absent in a file read before its upgrade. */
  checkpoint_every_epochs?: number | null;
  checkpoint_min_seconds?: number | null;
}

/** The settings an Auto search starts from (the `auto` of a training job, engine/job.ts). */
export interface AutoSettings {
  /** Search budget in seconds. */
  budgetSeconds: number;
  seed: number;
  /** Hyperband brackets per sweep (1 when absent). */
  brackets?: number;
}

/** Runs with their fold (cross-validation) and whether Auto chose them. */
const RUN_SELECT = `SELECT r.*, c.evaluation_id AS cv_evaluation_id, c.repeat AS cv_repeat,
    c.fold AS cv_fold, (a.run_id IS NOT NULL) AS is_auto, (a.search = 'null') AS auto_null
  FROM runs r
  LEFT JOIN cv_evaluation_runs c ON c.run_id = r.id
  LEFT JOIN auto_searches a ON a.run_id = r.id`;

/** {@link RUN_SELECT} with each run's checkpoint epoch (files of schema v10 and later). */
const RUN_SELECT_CHECKPOINTS = RUN_SELECT.replace(
  ' AS is_auto',
  ' AS is_auto, (SELECT k.epoch FROM run_checkpoints k WHERE k.run_id = r.id) AS checkpoint_epoch',
);

const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
];

/** Longest run name and notes accepted (characters). */
export const MAX_RUN_NAME = 200;
export const MAX_RUN_NOTES = 10_000;

function toRunInfo(r: RunRow, results: Record<string, TaskMetrics> | null): RunInfo {
  const extra: Pick<
    RunInfo,
    'fold' | 'auto' | 'autoSettingsMissing' | 'checkpointEpoch' | 'checkpointPolicy'
  > = {};
  if (r.cv_evaluation_id !== null && r.cv_evaluation_id !== undefined) {
    extra.fold = { evaluationId: r.cv_evaluation_id, repeat: r.cv_repeat!, fold: r.cv_fold! };
  }
  if (r.is_auto) extra.auto = true;
  if (r.auto_null) extra.autoSettingsMissing = true;
  if (typeof r.checkpoint_epoch === 'number') extra.checkpointEpoch = r.checkpoint_epoch;
  const policy = checkpointPolicyOf(r.checkpoint_every_epochs, r.checkpoint_min_seconds);
  if (policy !== undefined) extra.checkpointPolicy = policy;
  return {
    ...extra,
    id: r.id,
    datasetId: r.dataset_id,
    splitId: r.split_id,
    tasks: fromJson<string[]>(r.tasks),
    config: fromJson<TrainConfig>(r.config),
    status: r.status,
    backend: r.backend,
    backendDetails: parseBackend(r.backend),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    errorCode: r.error_code ?? null,
    bestEpoch: r.best_epoch,
    results,
    name: r.name,
    notes: r.notes ?? '',
    restartOf: r.restart_of,
  };
}

/** Results of one run, ordered like its task list (then any others by name). */
function orderResults(
  tasks: string[],
  rows: { task: string; metrics: string }[],
): Record<string, TaskMetrics> | null {
  if (rows.length === 0) return null;
  const byTask = new Map(rows.map((r) => [r.task, fromJson<TaskMetrics>(r.metrics)]));
  const results: Record<string, TaskMetrics> = {};
  for (const task of tasks) {
    const metrics = byTask.get(task);
    if (metrics) results[task] = metrics;
  }
  for (const [task, metrics] of byTask) if (!(task in results)) results[task] = metrics;
  return results;
}

/** Float32 bytes of `probs[row]`, as a view (node-sqlite3 copies it when binding). */
function probsBlob(probs: Float32Array, row: number, numClasses: number): Uint8Array {
  return new Uint8Array(probs.buffer, probs.byteOffset + row * numClasses * 4, numClasses * 4);
}

/** The training runs of one open project (`ProjectStore.training`). */
export class TrainingStore {
  /** The runs' latest checkpoints (store/trainingCheckpoints.ts). */
  readonly checkpoints: CheckpointStore;
  private runSelect: Promise<string> | null = null;

  constructor(private readonly db: Database) {
    this.checkpoints = new CheckpointStore(db);
  }

  /** The runs query: with checkpoint epochs unless the file predates them (a damaged old file). */
  private selectRuns(): Promise<string> {
    return (this.runSelect ??= this.db
      .get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'run_checkpoints'")
      .then((found) => (found ? RUN_SELECT_CHECKPOINTS : RUN_SELECT)));
  }

  /**
   * Record a new training run with status 'queued'.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or split; MtlError('SPLIT_INVALID')
   *   when the split belongs to another dataset; MtlError('TASK_INVALID') when `tasks` is
   *   empty, repeats a name, or names a task the dataset does not have.
   */
  async createRun(run: {
    datasetId: number;
    splitId: number;
    tasks: string[];
    config: TrainConfig;
    /** The run this one restarts (same configuration), if any. */
    restartOf?: number;
    /**
     * When the run saves checkpoints (false: none), kept for its resume and restart
     * (RunInfo.checkpointPolicy); absent: not recorded, read as the default.
     */
    checkpointPolicy?: CheckpointPolicy | false;
    /**
     * An Auto run: marked so from its creation (an `auto_searches` row holding the search's
     * settings, `{ "pending": … }`, until {@link saveAutoSearch}), so one cancelled, failed or
     * interrupted during its search is still listed as Auto, not as the base configuration
     * it was created with, and can be restarted as Auto ({@link autoSettings}).
     */
    auto?: AutoSettings;
  }): Promise<RunInfo> {
    if (run.tasks.length === 0) throw new MtlError('TASK_INVALID', 'A run needs at least one task');
    if (new Set(run.tasks).size !== run.tasks.length) {
      throw new MtlError('TASK_INVALID', `A run lists a task twice: ${run.tasks.join(', ')}`);
    }
    const [checkpointEvery, checkpointSeconds] =
      run.checkpointPolicy === undefined
        ? [null, null]
        : checkpointPolicyColumns(run.checkpointPolicy);
    const id = await this.db.transaction(async (tx) => {
      await requireDataset(tx, run.datasetId);
      const split = await tx.get<{ dataset_id: number }>(
        'SELECT dataset_id FROM splits WHERE id = ?',
        [run.splitId],
      );
      if (!split)
        throw new MtlError(
          'NOT_FOUND',
          `Split ${run.splitId} not found`,
          reasonDetails('SPLIT_MISSING', { id: run.splitId }),
        );
      if (split.dataset_id !== run.datasetId) {
        throw new MtlError(
          'SPLIT_INVALID',
          `Split ${run.splitId} belongs to dataset ${split.dataset_id}, not ${run.datasetId}`,
        );
      }
      const known = new Set(
        (
          await tx.all<{ name: string }>('SELECT name FROM tasks WHERE dataset_id = ?', [
            run.datasetId,
          ])
        ).map((t) => t.name),
      );
      const unknown = run.tasks.filter((t) => !known.has(t));
      if (unknown.length > 0) {
        throw new MtlError(
          'TASK_INVALID',
          `Dataset ${run.datasetId} has no task named ${unknown.map((t) => `"${t}"`).join(', ')}`,
        );
      }
      const { lastID } = await tx.run(
        `INSERT INTO runs (dataset_id, split_id, tasks, config, status, created_at, owner_pid,
           owner_host, restart_of, checkpoint_every_epochs, checkpoint_min_seconds)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
        [
          run.datasetId,
          run.splitId,
          toJson(run.tasks),
          toJson(run.config),
          now(),
          process.pid,
          hostname(),
          run.restartOf ?? null,
          checkpointEvery,
          checkpointSeconds,
        ],
      );
      if (run.auto)
        await tx.run('INSERT INTO auto_searches (run_id, search, created_at) VALUES (?, ?, ?)', [
          lastID,
          toJson({ pending: run.auto }),
          now(),
        ]);
      return lastID;
    });
    return this.getRun(id);
  }

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
   * is interrupted as well. Called on open.
   * @returns the ids of the runs marked interrupted.
   */
  async interruptOrphanedRuns(): Promise<number[]> {
    const open = await this.db.all<{
      id: number;
      owner_pid: number | null;
      owner_host: string | null;
    }>("SELECT id, owner_pid, owner_host FROM runs WHERE status IN ('queued', 'running')");
    const gone = open.filter((r) => ownerGone(r.owner_pid, r.owner_host));
    for (const r of gone) {
      await this.updateRun(r.id, {
        status: 'interrupted',
        finishedAt: now(),
        error: `Interrupted: the process that trained this run${r.owner_pid ? ` (pid ${r.owner_pid})` : ''} ended before it finished.`,
        errorCode: 'TRAINING_INTERRUPTED',
      });
    }
    // A cross-validation still 'running' whose fold run (linked as it started) was
    // interrupted stopped with it.
    for (const r of gone) {
      await this.db.run(
        `UPDATE cv_evaluations SET status = 'interrupted', finished_at = ?, error = ?
         WHERE status = 'running'
           AND id IN (SELECT evaluation_id FROM cv_evaluation_runs WHERE run_id = ?)`,
        [
          now(),
          `Interrupted: the process that trained fold run ${r.id} ended before it finished.`,
          r.id,
        ],
      );
    }
    // One whose own process is gone (killed between two folds, no fold run in flight), or
    // one without an owner and no live run on its folds.
    const evaluations = await this.db.all<{
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
      await this.db.run(
        `UPDATE cv_evaluations SET status = 'interrupted', finished_at = ?, error = ?
         WHERE id = ? AND status = 'running'`,
        [
          now(),
          `Interrupted: the process that ran this cross-validation${e.owner_pid ? ` (pid ${e.owner_pid})` : ''} ended before it finished.`,
          e.id,
        ],
      );
    }
    return gone.map((r) => r.id);
  }

  /**
   * Change some fields of a run; fields absent from `patch` (or undefined) are kept.
   * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST') for an
   *   unknown status.
   */
  async updateRun(
    id: number,
    patch: Partial<{
      status: RunStatus;
      backend: string;
      startedAt: string;
      finishedAt: string;
      error: string | null;
      errorCode: ErrorCode | null;
      bestEpoch: number | null;
      /** Auto: the configuration its search chose (the run starts with the base one). */
      config: TrainConfig;
    }>,
  ): Promise<void> {
    if (patch.status !== undefined && !RUN_STATUSES.includes(patch.status)) {
      throw new MtlError('BAD_REQUEST', `Unknown run status "${String(patch.status)}"`);
    }
    const fields = {
      status: 'status',
      backend: 'backend',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      error: 'error',
      errorCode: 'error_code',
      bestEpoch: 'best_epoch',
      config: 'config',
    } as const;
    const sets: string[] = [];
    const params: SqlValue[] = [];
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
      const value = patch[key];
      if (value !== undefined) {
        sets.push(`${fields[key]} = ?`);
        params.push(key === 'config' ? toJson(value) : (value as SqlValue));
      }
    }
    const sql =
      sets.length > 0
        ? `UPDATE runs SET ${sets.join(', ')} WHERE id = ?`
        : 'UPDATE runs SET id = id WHERE id = ?';
    const { changes } = await this.db.run(sql, [...params, id]);
    if (changes === 0)
      throw new MtlError('NOT_FOUND', `Run ${id} not found`, reasonDetails('RUN_MISSING', { id }));
  }

  /**
   * One run, with its config and (once saved) its test metrics per task.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async getRun(id: number): Promise<RunInfo> {
    const select = await this.selectRuns();
    return this.db.transaction(async (tx) => {
      const run = await tx.get<RunRow>(`${select} WHERE r.id = ?`, [id]);
      if (!run)
        throw new MtlError(
          'NOT_FOUND',
          `Run ${id} not found`,
          reasonDetails('RUN_MISSING', { id }),
        );
      const results = await tx.all<{ task: string; metrics: string }>(
        'SELECT task, metrics FROM run_results WHERE run_id = ?',
        [id],
      );
      return toRunInfo(run, orderResults(fromJson<string[]>(run.tasks), results));
    }, 'DEFERRED');
  }

  /** Runs of one dataset (or of all datasets), oldest first; deleted runs are left out. */
  async listRuns(datasetId?: number): Promise<RunInfo[]> {
    const select = await this.selectRuns();
    return this.db.transaction(async (tx) => {
      const filter =
        datasetId === undefined
          ? 'WHERE deleted_at IS NULL'
          : 'WHERE dataset_id = ? AND deleted_at IS NULL';
      const params = datasetId === undefined ? [] : [datasetId];
      const runs = await tx.all<RunRow>(
        `${select} ${filter.replace('dataset_id', 'r.dataset_id')} ORDER BY r.id`,
        params,
      );
      const results = await tx.all<{ run_id: number; task: string; metrics: string }>(
        `SELECT run_id, task, metrics FROM run_results
         WHERE run_id IN (SELECT id FROM runs ${filter})`,
        params,
      );
      return runs.map((r) =>
        toRunInfo(
          r,
          orderResults(
            fromJson<string[]>(r.tasks),
            results.filter((x) => x.run_id === r.id),
          ),
        ),
      );
    }, 'DEFERRED');
  }

  /**
   * Names a run and/or sets its notes; an empty or blank name clears it.
   * @throws MtlError('NOT_FOUND') for an unknown or deleted run; MtlError('BAD_REQUEST')
   *   for a name longer than {@link MAX_RUN_NAME} or notes longer than {@link MAX_RUN_NOTES}.
   */
  async annotateRun(id: number, patch: { name?: string | null; notes?: string }): Promise<void> {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    if (patch.name !== undefined) {
      const name = patch.name?.trim() ?? '';
      if (name.length > MAX_RUN_NAME) {
        throw new MtlError('BAD_REQUEST', `A run name has at most ${MAX_RUN_NAME} characters`);
      }
      sets.push('name = ?');
      params.push(name === '' ? null : name);
    }
    if (patch.notes !== undefined) {
      if (patch.notes.length > MAX_RUN_NOTES) {
        throw new MtlError('BAD_REQUEST', `Run notes have at most ${MAX_RUN_NOTES} characters`);
      }
      sets.push('notes = ?');
      params.push(patch.notes);
    }
    if (sets.length === 0) return void (await this.getRun(id));
    const { changes } = await this.db.run(
      `UPDATE runs SET ${sets.join(', ')} WHERE id = ? AND deleted_at IS NULL`,
      [...params, id],
    );
    if (changes === 0)
      throw new MtlError('NOT_FOUND', `Run ${id} not found`, reasonDetails('RUN_MISSING', { id }));
  }

  /**
   * Deletes a run softly: it disappears from every list but stays in the file until
   * {@link purgeDeletedRuns}, so {@link restoreRun} can undo it. A queued or running run
   * cannot be deleted (cancel it first).
   * @throws MtlError('NOT_FOUND') for an unknown or already deleted run;
   *   MtlError('BAD_REQUEST') for a run in flight.
   */
  async deleteRun(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const run = await tx.get<{ status: RunStatus }>(
        'SELECT status FROM runs WHERE id = ? AND deleted_at IS NULL',
        [id],
      );
      if (!run)
        throw new MtlError(
          'NOT_FOUND',
          `Run ${id} not found`,
          reasonDetails('RUN_MISSING', { id }),
        );
      if (run.status === 'running' || run.status === 'queued') {
        throw new MtlError(
          'BAD_REQUEST',
          `Run ${id} is ${run.status}; cancel it before deleting it`,
          reasonDetails('RUN_ACTIVE', { id }),
        );
      }
      await tx.run('UPDATE runs SET deleted_at = ? WHERE id = ?', [now(), id]);
    });
  }

  /**
   * Undoes {@link deleteRun}.
   * @throws MtlError('NOT_FOUND') when the run is not (or no longer) deleted.
   */
  async restoreRun(id: number): Promise<void> {
    const { changes } = await this.db.run(
      'UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL',
      [id],
    );
    if (changes === 0) throw new MtlError('NOT_FOUND', `Run ${id} is not deleted (or gone)`);
  }

  /**
   * Removes for good the runs deleted before `before` (ISO-8601; default: all), with their
   * epochs, results, predictions and model (by cascade). @returns the ids removed.
   */
  async purgeDeletedRuns(before?: string): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      const gone = await tx.all<{ id: number }>(
        `SELECT id FROM runs WHERE deleted_at IS NOT NULL${before ? ' AND deleted_at < ?' : ''}`,
        before ? [before] : [],
      );
      for (const { id } of gone) await tx.run('DELETE FROM runs WHERE id = ?', [id]);
      return gone.map((r) => r.id);
    });
  }

  /**
   * Append the record of one epoch to a run. NaN and ±Infinity losses are kept as such.
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when that
   *   epoch is already recorded.
   */
  async addEpoch(runId: number, epoch: EpochRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run)
        throw new MtlError(
          'NOT_FOUND',
          `Run ${runId} not found`,
          reasonDetails('RUN_MISSING', { id: runId }),
        );
      try {
        await tx.run('INSERT INTO run_epochs (run_id, epoch, record) VALUES (?, ?, ?)', [
          runId,
          epoch.epoch,
          toJson(epoch),
        ]);
      } catch (err) {
        if (isConstraintError(err)) {
          throw new MtlError(
            'BAD_REQUEST',
            `Epoch ${epoch.epoch} of run ${runId} already recorded`,
          );
        }
        throw err;
      }
    });
  }

  /**
   * Stores what Auto's search did for a run (its trials and choice); replaces an earlier one.
   * @throws MtlError('STORE') for an unknown run (foreign key).
   */
  async saveAutoSearch(runId: number, search: AutoSearch): Promise<void> {
    await this.db.run(
      'INSERT OR REPLACE INTO auto_searches (run_id, search, created_at) VALUES (?, ?, ?)',
      [runId, toJson(search), now()],
    );
  }

  /**
   * What Auto's search did for a run.
   * @throws MtlError('NOT_FOUND') when the run is not an Auto run, or is one whose search
   *   never finished (cancelled, failed or interrupted while searching, or still running).
   */
  async autoSearch(runId: number): Promise<AutoSearch> {
    const row = await this.db.get<{ search: string }>(
      'SELECT search FROM auto_searches WHERE run_id = ?',
      [runId],
    );
    if (!row) throw new MtlError('NOT_FOUND', `Run ${runId} was not chosen by Auto`);
    const search = fromJson<AutoSearch | { pending: AutoSettings } | null>(row.search);
    if (search === null || 'pending' in search)
      throw new MtlError(
        'NOT_FOUND',
        `Run ${runId} is an Auto run whose search did not finish: no configuration was chosen`,
      );
    return search;
  }

  /**
   * The settings an Auto run's search was started with (budget, seed, brackets): those
   * stored at its creation while its search has not finished, else its finished search's.
   * @returns null for a run that is not Auto, or an Auto run created before its settings
   *   were stored (its placeholder is JSON null).
   */
  async autoSettings(runId: number): Promise<AutoSettings | null> {
    const row = await this.db.get<{ search: string }>(
      'SELECT search FROM auto_searches WHERE run_id = ?',
      [runId],
    );
    if (!row) return null;
    const search = fromJson<AutoSearch | { pending: AutoSettings } | null>(row.search);
    if (search === null) return null;
    if ('pending' in search) return search.pending;
    return {
      budgetSeconds: search.budgetSeconds,
      seed: search.seed,
      brackets: search.brackets ?? 1,
    };
  }

  /** Epoch records of a run, by epoch number (empty for an unknown run). */
  async listEpochs(runId: number): Promise<EpochRecord[]> {
    const rows = await this.db.all<{ record: string }>(
      'SELECT record FROM run_epochs WHERE run_id = ? ORDER BY epoch',
      [runId],
    );
    return rows.map((r) => fromJson<EpochRecord>(r.record));
  }

  /**
   * Store what a finished run produced, in ONE transaction, replacing anything saved
   * before for that run: test metrics per task, test predictions per task (one float32
   * blob per row) and the model (topology, preprocessing, weight specs, weights).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when
   *   `model.runId` differs from `runId`, the weights' byte length does not match the
   *   weight specs (4 bytes per value), or a prediction set's `probs` length is not
   *   rows × numClasses.
   */
  async saveResults(
    runId: number,
    results: Record<string, TaskMetrics>,
    predictions: StoredPredictions[],
    model: StoredModel,
  ): Promise<void> {
    if (model.runId !== runId) {
      throw new MtlError('BAD_REQUEST', `Model belongs to run ${model.runId}, not ${runId}`);
    }
    const expectedBytes =
      4 * model.weightSpecs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
    if (model.weights.byteLength !== expectedBytes) {
      throw new MtlError(
        'BAD_REQUEST',
        `Model weights of run ${runId} have ${model.weights.byteLength} bytes, the weight specs need ${expectedBytes}`,
      );
    }
    for (const p of predictions) {
      if (
        !Number.isSafeInteger(p.numClasses) ||
        p.numClasses < 1 ||
        p.probs.length !== p.rowIds.length * p.numClasses
      ) {
        throw new MtlError(
          'BAD_REQUEST',
          `Predictions of task "${p.task}" have ${p.probs.length} probabilities for ${p.rowIds.length} rows × ${p.numClasses} classes`,
        );
      }
    }
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run)
        throw new MtlError(
          'NOT_FOUND',
          `Run ${runId} not found`,
          reasonDetails('RUN_MISSING', { id: runId }),
        );
      await tx.run('DELETE FROM run_results WHERE run_id = ?', [runId]);
      await tx.run('DELETE FROM run_prediction_sets WHERE run_id = ?', [runId]);
      await tx.run('DELETE FROM models WHERE run_id = ?', [runId]);
      for (const [task, metrics] of Object.entries(results)) {
        await tx.run('INSERT INTO run_results (run_id, task, metrics) VALUES (?, ?, ?)', [
          runId,
          task,
          toJson(metrics),
        ]);
      }
      for (const p of predictions) {
        await tx.run(
          'INSERT INTO run_prediction_sets (run_id, task, num_classes) VALUES (?, ?, ?)',
          [runId, p.task, p.numClasses],
        );
        const inserter = new BulkInserter(
          tx,
          'run_predictions',
          ['run_id', 'task', 'row_id', 'probs'],
          2000,
        );
        try {
          for (let i = 0; i < p.rowIds.length; i++) {
            await inserter.add([runId, p.task, p.rowIds[i], probsBlob(p.probs, i, p.numClasses)]);
          }
          await inserter.flush();
        } finally {
          await inserter.finalize();
        }
      }
      await tx.run(
        `INSERT INTO models (run_id, topology, preprocessing, weight_specs, weights, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [
          runId,
          toJson(model.topology),
          toJson(model.preprocessing),
          toJson(model.weightSpecs),
          model.weights,
          now(),
        ],
      );
    });
  }

  /**
   * The stored preprocessing of every saved model of a dataset's runs, without topology or
   * weights (cheap enough to compare all runs' inputs).
   * @returns run id → the preprocessing as saved (see engine/preprocessing.ts); runs
   *   without a saved model are absent.
   */
  async modelPreprocessings(datasetId: number): Promise<Map<number, unknown>> {
    const rows = await this.db.all<{ run_id: number; preprocessing: string }>(
      `SELECT run_id, preprocessing FROM models
       WHERE run_id IN (SELECT id FROM runs WHERE dataset_id = ?)`,
      [datasetId],
    );
    return new Map(rows.map((r) => [r.run_id, fromJson<unknown>(r.preprocessing)]));
  }

  /**
   * The stored model of a run. `weights` is a fresh Uint8Array starting at byte 0 of its
   * own buffer (so `new Float32Array(weights.buffer)` is aligned), bit-identical to what
   * was saved.
   * @throws MtlError('NOT_FOUND') when the run has no saved model.
   */
  async getModel(runId: number): Promise<StoredModel> {
    const row = await this.db.get<{
      topology: string;
      preprocessing: string;
      weight_specs: string;
      weights: Buffer;
    }>('SELECT topology, preprocessing, weight_specs, weights FROM models WHERE run_id = ?', [
      runId,
    ]);
    if (!row) {
      throw new MtlError(
        'NOT_FOUND',
        `Run ${runId} has no saved model`,
        reasonDetails('RUN_NO_MODEL', { id: runId }),
      );
    }
    return {
      runId,
      topology: fromJson<unknown>(row.topology),
      preprocessing: fromJson<unknown>(row.preprocessing),
      weightSpecs: fromJson<StoredModel['weightSpecs']>(row.weight_specs),
      weights: new Uint8Array(row.weights),
    };
  }
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
