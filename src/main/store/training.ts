/**
 * Training runs of a project (`runs`: configuration, status, backend, timings, error,
 * name and notes, soft deletion) and `TrainingStore`, the one door to everything a run
 * has. The rest lives by sub-domain beside it: epochs (store/trainingEpochs.ts), Auto's
 * search records (store/trainingAutoSearches.ts), what a finished run produced — test
 * metrics, predictions and the model (store/trainingResults.ts) — checkpoints
 * (store/trainingCheckpoints.ts) and interrupting runs whose process is gone
 * (store/trainingOwners.ts); the run lookup they share is in store/trainingTables.ts.
 * `StoredModel`, `StoredPredictions` and `AutoSettings` are re-exported here.
 */
import { hostname } from 'node:os';
import type {
  AutoSearch,
  CheckpointPolicy,
  EpochRecord,
  FinalModelInfo,
  RunInfo,
  RunStatus,
  TaskMetrics,
  TrainConfig,
} from '../../shared/domain';
import { parseBackend } from '../../shared/backendText';
import { quotedNames } from '../../shared/classList';
import { MtlError, reasonDetails, type ErrorCode } from '../../shared/errors';
import type { Database, SqlValue } from './database';
import { requireDataset } from './datasetTables';
import { fromJson, now, toJson } from './sqlCodec';
import * as autoSearches from './trainingAutoSearches';
import type { AutoSettings } from './trainingAutoSearches';
import {
  CheckpointStore,
  checkpointPolicyColumns,
  checkpointPolicyOf,
} from './trainingCheckpoints';
import * as epochs from './trainingEpochs';
import * as owners from './trainingOwners';
import * as results from './trainingResults';
import type { StoredModel, StoredPredictions } from './trainingResults';

export type { AutoSettings } from './trainingAutoSearches';
export type { StoredModel, StoredPredictions } from './trainingResults';

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
  /** The process that trains the run (v4; absent or null in an older file). */
  owner_pid?: number | null;
  owner_host?: string | null;
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
  /** From cv_final_runs (v18, LEFT JOIN): set for a cross-validation's final model. */
  final_evaluation_id?: number | null;
  final_rows?: number | null;
  final_epochs?: number | null;
  final_epochs_per_task?: string | null;
  /** From run_checkpoints (v10): the epoch of the run's checkpoint, if any. */
  checkpoint_epoch?: number | null;
  /** v14 (trainingCheckpoints.ts checkpointPolicyColumns / checkpointPolicyOf); absent in a file read before its upgrade. */
  checkpoint_every_epochs?: number | null;
  checkpoint_min_seconds?: number | null;
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

/**
 * {@link RUN_SELECT_CHECKPOINTS} with each final model's link to its cross-validation
 * (cv_final_runs, schema v18), as `final_*` columns.
 */
const RUN_SELECT_FINAL = RUN_SELECT_CHECKPOINTS.replace(
  ' AS is_auto',
  ` AS is_auto, fr.evaluation_id AS final_evaluation_id, fr.labelled_rows AS final_rows,
    fr.epochs AS final_epochs, fr.epochs_per_task AS final_epochs_per_task`,
).replace(
  'LEFT JOIN auto_searches a ON a.run_id = r.id',
  'LEFT JOIN auto_searches a ON a.run_id = r.id\n  LEFT JOIN cv_final_runs fr ON fr.run_id = r.id',
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
    | 'fold'
    | 'finalOf'
    | 'auto'
    | 'autoSettingsMissing'
    | 'checkpointEpoch'
    | 'checkpointPolicy'
    | 'trainedElsewhere'
  > = {};
  if (r.cv_evaluation_id !== null && r.cv_evaluation_id !== undefined) {
    extra.fold = { evaluationId: r.cv_evaluation_id, repeat: r.cv_repeat!, fold: r.cv_fold! };
  }
  if (typeof r.final_evaluation_id === 'number') {
    extra.finalOf = {
      evaluationId: r.final_evaluation_id,
      labelledRows: r.final_rows!,
      epochs: r.final_epochs!,
      epochsPerTask: fromJson<Record<string, number>>(r.final_epochs_per_task!),
    };
  }
  if (r.is_auto) extra.auto = true;
  if (r.auto_null) extra.autoSettingsMissing = true;
  if (
    (r.status === 'queued' || r.status === 'running') &&
    (r.owner_pid !== process.pid || r.owner_host !== hostname())
  )
    extra.trainedElsewhere = true;
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

/** The training runs of one open project (`ProjectStore.training`). */
export class TrainingStore {
  /** The runs' latest checkpoints (store/trainingCheckpoints.ts). */
  readonly checkpoints: CheckpointStore;
  private runSelect: Promise<string> | null = null;

  constructor(private readonly db: Database) {
    this.checkpoints = new CheckpointStore(db);
  }

  /**
   * The runs query: with checkpoint epochs and final models unless the file predates them (a
   * damaged old file).
   */
  private selectRuns(): Promise<string> {
    return (this.runSelect ??= this.db
      .all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('run_checkpoints', 'cv_final_runs')",
      )
      .then((found) => {
        const names = new Set(found.map((f) => f.name));
        if (!names.has('run_checkpoints')) return RUN_SELECT;
        return names.has('cv_final_runs') ? RUN_SELECT_FINAL : RUN_SELECT_CHECKPOINTS;
      }));
  }

  /**
   * Records that `runId` is the final model of cross-validation `evaluationId`
   * (RunInfo.finalOf; services/finalModel.ts).
   * @throws MtlError('STORE') for an unknown run or evaluation, or a run already linked.
   */
  async linkFinalModel(runId: number, info: FinalModelInfo): Promise<void> {
    await this.db.run(
      `INSERT INTO cv_final_runs (run_id, evaluation_id, labelled_rows, epochs, epochs_per_task)
       VALUES (?, ?, ?, ?, ?)`,
      [runId, info.evaluationId, info.labelledRows, info.epochs, toJson(info.epochsPerTask)],
    );
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
      throw new MtlError('TASK_INVALID', `A run lists a task twice: ${quotedNames(run.tasks)}`);
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
          `Dataset ${run.datasetId} has no task named ${quotedNames(unknown)}`,
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
   * Marks as interrupted every queued or running run (and running cross-validation) whose
   * training process is gone; see store/trainingOwners.ts {@link owners.interruptOrphanedRuns}
   * for the rule. Called on open.
   * @returns the ids of the runs marked interrupted.
   */
  interruptOrphanedRuns(): Promise<number[]> {
    return owners.interruptOrphanedRuns(this.db, (id, patch) => this.updateRun(id, patch));
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
   * Append the record of one epoch to a run (store/trainingEpochs.ts {@link epochs.addEpoch}).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when that
   *   epoch is already recorded.
   */
  addEpoch(runId: number, epoch: EpochRecord): Promise<void> {
    return epochs.addEpoch(this.db, runId, epoch);
  }

  /**
   * Epoch records of a run, by epoch number (empty for an unknown run); with `afterEpoch`,
   * only those after it.
   */
  listEpochs(runId: number, afterEpoch?: number): Promise<EpochRecord[]> {
    return epochs.listEpochs(this.db, runId, afterEpoch);
  }

  /**
   * Stores what Auto's search did for a run (store/trainingAutoSearches.ts
   * {@link autoSearches.saveAutoSearch}); replaces an earlier one.
   * @throws MtlError('STORE') for an unknown run (foreign key).
   */
  saveAutoSearch(runId: number, search: AutoSearch): Promise<void> {
    return autoSearches.saveAutoSearch(this.db, runId, search);
  }

  /**
   * What Auto's search did for a run ({@link autoSearches.autoSearch}).
   * @throws MtlError('NOT_FOUND') when the run is not an Auto run, or is one whose search
   *   never finished.
   */
  autoSearch(runId: number): Promise<AutoSearch> {
    return autoSearches.autoSearch(this.db, runId);
  }

  /**
   * The settings an Auto run's search was started with ({@link autoSearches.autoSettings}).
   * @returns null for a run that is not Auto, or one whose settings were never stored.
   */
  autoSettings(runId: number): Promise<AutoSettings | null> {
    return autoSearches.autoSettings(this.db, runId);
  }

  /**
   * Store what a finished run produced, in ONE transaction, replacing anything saved
   * before: test metrics, test predictions and the model (store/trainingResults.ts
   * {@link results.saveResults}).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a model
   *   of another run, weights that do not match their specs, or predictions whose `probs`
   *   length is not rows × numClasses.
   */
  saveResults(
    runId: number,
    taskResults: Record<string, TaskMetrics>,
    predictions: StoredPredictions[],
    model: StoredModel,
  ): Promise<void> {
    return results.saveResults(this.db, runId, taskResults, predictions, model);
  }

  /**
   * The stored preprocessing of every saved model of a dataset's runs
   * ({@link results.modelPreprocessings}). @returns run id → preprocessing as saved.
   */
  modelPreprocessings(datasetId: number): Promise<Map<number, unknown>> {
    return results.modelPreprocessings(this.db, datasetId);
  }

  /**
   * The stored model of a run, weights bit-identical to what was saved and aligned at byte 0
   * ({@link results.getModel}).
   * @throws MtlError('NOT_FOUND') when the run has no saved model.
   */
  getModel(runId: number): Promise<StoredModel> {
    return results.getModel(this.db, runId);
  }
}
