/**
 * What evaluation reads back from a project: the stored test predictions of a run's tasks
 * (written with the run's results by `TrainingStore.saveResults`); and cross-validated
 * evaluations (`cv_evaluations`: a method over the folds of a scheme, with one run per fold
 * in `cv_evaluation_runs`); and computed task affinities (`task_affinities`).
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import type {
  CrossValidationInfo,
  CrossValidationMethod,
  StoredTaskAffinity,
  TaskAffinityMethod,
} from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database } from './database';
import { fromJson, isConstraintError, now, toJson } from './sqlCodec';
import type { StoredPredictions } from './trainingResults';

/** A finite JSON number (a damaged or hostile file may hold anything). */
const finite = z.number().refine(Number.isFinite, 'not a finite number');
const count = z.number().int().nonnegative();

/**
 * What a stored task affinity must be, beyond its column types: tasks distinct, the matrix
 * T × T of finite numbers, groups a partition of the tasks, one definition per task in
 * matrix order, whole counts and an ISO 8601 time. Checked when saving and reading back.
 */
const storedTaskAffinitySchema = z
  .object({
    id: z.number().int().positive(),
    datasetId: z.number().int().positive(),
    tasks: z.array(z.string()).min(1),
    taskDefinitions: z.array(
      z.object({ name: z.string(), targetColumn: z.string(), classes: z.array(z.string()) }),
    ),
    method: z.literal('lookahead'),
    parameters: z.object({
      splitId: z.number().int(),
      steps: count,
      config: z.record(z.string(), z.unknown()),
    }),
    affinity: z.array(z.array(finite)),
    groups: z.array(z.array(z.string()).min(1)),
    samples: count,
    lastLabelEvent: count,
    computedAt: z.iso.datetime(),
  })
  .superRefine((r, ctx) => {
    const n = r.tasks.length;
    const fail = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if (new Set(r.tasks).size !== n) fail('tasks are not distinct');
    if (r.affinity.length !== n || r.affinity.some((row) => row.length !== n)) {
      fail(`the matrix is not ${n} × ${n}`);
    }
    const grouped = r.groups.flat();
    if (
      grouped.length !== n ||
      [...grouped].sort().join('\u0000') !== [...r.tasks].sort().join('\u0000')
    ) {
      fail('groups are not a partition of the tasks');
    }
    if (r.taskDefinitions.length !== n || r.taskDefinitions.some((d, i) => d.name !== r.tasks[i])) {
      fail('task definitions do not match the tasks');
    }
  });

/** The first problem zod found, as `path: message`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** A row of `cv_evaluations` joined with its scheme's dataset. */
interface CrossValidationRow {
  id: number;
  scheme_id: number;
  dataset_id: number;
  tasks: string;
  method: string;
  status: CrossValidationInfo['status'];
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

const CV_SELECT = `SELECT e.*, s.dataset_id FROM cv_evaluations e
  JOIN cv_schemes s ON s.id = e.scheme_id`;

/** Stored predictions and cross-validations of one open project (`ProjectStore.evaluation`). */
export class EvaluationStore {
  constructor(private readonly db: Database) {}

  /**
   * Records a new cross-validated evaluation of `method` over a fold scheme (status
   * 'running', owned by this process and host so another that opens the project can tell
   * whether it is still run; its fold runs are added with {@link addFoldRun}).
   * @throws MtlError('NOT_FOUND') for an unknown scheme; MtlError('TASK_INVALID') for no task.
   */
  async createCrossValidation(evaluation: {
    schemeId: number;
    tasks: string[];
    method: CrossValidationMethod;
  }): Promise<CrossValidationInfo> {
    if (evaluation.tasks.length === 0)
      throw new MtlError('TASK_INVALID', 'A cross-validation needs at least one task');
    const id = await this.db.transaction(async (tx) => {
      const scheme = await tx.get('SELECT 1 FROM cv_schemes WHERE id = ?', [evaluation.schemeId]);
      if (!scheme) throw new MtlError('NOT_FOUND', `Fold scheme ${evaluation.schemeId} not found`);
      const { lastID } = await tx.run(
        `INSERT INTO cv_evaluations (scheme_id, tasks, method, status, created_at, owner_pid,
           owner_host)
         VALUES (?, ?, ?, 'running', ?, ?, ?)`,
        [
          evaluation.schemeId,
          toJson(evaluation.tasks),
          toJson(evaluation.method),
          now(),
          process.pid,
          hostname(),
        ],
      );
      return lastID;
    });
    return this.crossValidation(id);
  }

  /**
   * Links the run that trained one fold to its evaluation.
   * @throws MtlError('BAD_REQUEST') when that fold already has a run; MtlError('STORE') for
   *   an unknown evaluation or run (foreign keys).
   */
  async addFoldRun(
    evaluationId: number,
    repeat: number,
    fold: number,
    runId: number,
  ): Promise<void> {
    try {
      await this.db.run(
        'INSERT INTO cv_evaluation_runs (evaluation_id, repeat, fold, run_id) VALUES (?, ?, ?, ?)',
        [evaluationId, repeat, fold, runId],
      );
    } catch (err) {
      if (isConstraintError(err)) {
        throw new MtlError(
          'BAD_REQUEST',
          `Fold ${repeat}/${fold} of cross-validation ${evaluationId} already has a run, or run ${runId} belongs to another`,
        );
      }
      throw err;
    }
  }

  /**
   * Reopens a stopped cross-validation ('cancelled', 'interrupted' or 'failed') to continue
   * it: status 'running' again, owned by this process and host, its error cleared, and the
   * links of its fold runs that did not complete removed (those runs are deleted softly, as
   * `deleteRun` does: they saved no checkpoint, and the fold is trained again by a new run).
   * @returns the ids of the fold runs unlinked and deleted, ascending.
   * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST') when it is
   *   running or completed.
   */
  async reopenCrossValidation(id: number): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ status: CrossValidationInfo['status'] }>(
        'SELECT status FROM cv_evaluations WHERE id = ?',
        [id],
      );
      if (!row) throw new MtlError('NOT_FOUND', `Cross-validation ${id} not found`);
      if (row.status === 'running' || row.status === 'completed') {
        throw new MtlError(
          'BAD_REQUEST',
          `Cross-validation ${id} is ${row.status}; only a stopped one (cancelled, interrupted or failed) can be continued`,
        );
      }
      const stale = await tx.all<{ run_id: number }>(
        `SELECT l.run_id FROM cv_evaluation_runs l JOIN runs r ON r.id = l.run_id
         WHERE l.evaluation_id = ? AND r.status <> 'completed' ORDER BY l.run_id`,
        [id],
      );
      for (const { run_id } of stale) {
        await tx.run('DELETE FROM cv_evaluation_runs WHERE run_id = ?', [run_id]);
        await tx.run('UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [
          now(),
          run_id,
        ]);
      }
      await tx.run(
        `UPDATE cv_evaluations SET status = 'running', finished_at = NULL, error = NULL,
           owner_pid = ?, owner_host = ? WHERE id = ?`,
        [process.pid, hostname(), id],
      );
      return stale.map((s) => s.run_id);
    });
  }

  /**
   * Marks a cross-validation finished ('completed'; 'failed', 'cancelled' or 'interrupted'
   * with its error).
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async finishCrossValidation(
    id: number,
    status: 'completed' | 'failed' | 'cancelled' | 'interrupted',
    error: string | null = null,
  ): Promise<void> {
    const { changes } = await this.db.run(
      'UPDATE cv_evaluations SET status = ?, finished_at = ?, error = ? WHERE id = ?',
      [status, now(), error, id],
    );
    if (changes === 0) throw new MtlError('NOT_FOUND', `Cross-validation ${id} not found`);
  }

  /**
   * One cross-validated evaluation with its fold runs.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async crossValidation(id: number): Promise<CrossValidationInfo> {
    const row = await this.db.get<CrossValidationRow>(`${CV_SELECT} WHERE e.id = ?`, [id]);
    if (!row) throw new MtlError('NOT_FOUND', `Cross-validation ${id} not found`);
    return this.withRuns(row);
  }

  /** The cross-validated evaluations of a dataset, oldest first. */
  async crossValidations(datasetId: number): Promise<CrossValidationInfo[]> {
    const rows = await this.db.all<CrossValidationRow>(
      `${CV_SELECT} WHERE s.dataset_id = ? ORDER BY e.id`,
      [datasetId],
    );
    return Promise.all(rows.map((r) => this.withRuns(r)));
  }

  private async withRuns(row: CrossValidationRow): Promise<CrossValidationInfo> {
    const runs = await this.db.all<{ repeat: number; fold: number; run_id: number }>(
      `SELECT repeat, fold, run_id FROM cv_evaluation_runs WHERE evaluation_id = ?
       ORDER BY repeat, fold`,
      [row.id],
    );
    return {
      id: row.id,
      schemeId: row.scheme_id,
      datasetId: row.dataset_id,
      tasks: fromJson<string[]>(row.tasks),
      method: fromJson<CrossValidationMethod>(row.method),
      status: row.status,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      error: row.error,
      runs: runs.map((r) => ({ repeat: r.repeat, fold: r.fold, runId: r.run_id })),
    };
  }

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

  /**
   * Stores one computed task affinity of a dataset in one transaction (the row is whole or
   * absent) and returns it as read back.
   * @param record everything but `id` and `computedAt` (now); `affinity` is T × T over
   *   `tasks`, `taskDefinitions` the tasks as they were defined when it was computed.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('BAD_REQUEST') when the
   *   matrix is not T × T.
   */
  async saveTaskAffinity(
    record: Omit<StoredTaskAffinity, 'id' | 'computedAt'>,
  ): Promise<StoredTaskAffinity> {
    const n = record.tasks.length;
    if (record.affinity.length !== n || record.affinity.some((row) => row.length !== n)) {
      throw new MtlError(
        'BAD_REQUEST',
        `A task affinity over ${n} tasks needs a ${n} × ${n} matrix`,
      );
    }
    // The same rules the reader applies, so what is saved can be read back.
    const checked = storedTaskAffinitySchema.safeParse({ ...record, id: 1, computedAt: now() });
    if (!checked.success) {
      throw new MtlError('BAD_REQUEST', `Task affinity not stored: ${firstIssue(checked.error)}`);
    }
    const id = await this.db.transaction(async (tx) => {
      const dataset = await tx.get('SELECT 1 FROM datasets WHERE id = ?', [record.datasetId]);
      if (!dataset) throw new MtlError('NOT_FOUND', `Dataset ${record.datasetId} not found`);
      const { lastID } = await tx.run(
        `INSERT INTO task_affinities (dataset_id, tasks, task_definitions, method, parameters,
           affinity, groups, samples, last_label_event, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.datasetId,
          toJson(record.tasks),
          toJson(record.taskDefinitions),
          record.method,
          toJson(record.parameters),
          toJson(record.affinity),
          toJson(record.groups),
          record.samples,
          record.lastLabelEvent,
          now(),
        ],
      );
      return lastID;
    });
    const stored = await this.storedTaskAffinity(record.datasetId, { id });
    if (!stored) throw new MtlError('STORE', `Task affinity ${id} was not stored`);
    return stored;
  }

  /**
   * The newest stored task affinity of a dataset, or null when none was computed.
   * @param options.tasks only one over exactly these tasks (in any order);
   *   options.id: that one result (of this dataset).
   */
  async storedTaskAffinity(
    datasetId: number,
    options: { tasks?: string[]; id?: number } = {},
  ): Promise<StoredTaskAffinity | null> {
    const byId = options.id !== undefined;
    const wanted = options.tasks ? [...options.tasks].sort().join('\u0000') : null;
    // Newest first, one row at a time, stopping at the first valid match; a damaged row is
    // skipped (and logged) so the next valid older one shows.
    let below = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const row = await this.db.get<TaskAffinityRow>(
        `SELECT * FROM task_affinities WHERE dataset_id = ? AND id < ?${byId ? ' AND id = ?' : ''}
         ORDER BY id DESC LIMIT 1`,
        byId ? [datasetId, below, options.id!] : [datasetId, below],
      );
      if (!row) return null;
      below = row.id;
      const stored = readTaskAffinity(row);
      if (!stored) continue;
      if (wanted !== null && [...stored.tasks].sort().join('\u0000') !== wanted) continue;
      return stored;
    }
  }
}

/**
 * A `task_affinities` row as a {@link StoredTaskAffinity}, or null (with a warning naming
 * the row) when a column is not valid JSON or the result breaks its rules.
 */
function readTaskAffinity(row: TaskAffinityRow): StoredTaskAffinity | null {
  let candidate: unknown;
  try {
    candidate = {
      id: row.id,
      datasetId: row.dataset_id,
      tasks: fromJson(row.tasks),
      taskDefinitions: fromJson(row.task_definitions),
      method: row.method,
      parameters: fromJson(row.parameters),
      affinity: fromJson(row.affinity),
      groups: fromJson(row.groups),
      samples: row.samples,
      lastLabelEvent: row.last_label_event,
      computedAt: row.created_at,
    };
  } catch (e) {
    console.warn(`Stored task affinity ${row.id} skipped: ${(e as Error).message}`);
    return null;
  }
  const checked = storedTaskAffinitySchema.safeParse(candidate);
  if (!checked.success) {
    console.warn(`Stored task affinity ${row.id} skipped: ${firstIssue(checked.error)}`);
    return null;
  }
  return checked.data as StoredTaskAffinity;
}

/** A row of `task_affinities`. */
interface TaskAffinityRow {
  id: number;
  dataset_id: number;
  tasks: string;
  task_definitions: string;
  method: TaskAffinityMethod;
  parameters: string;
  affinity: string;
  groups: string;
  samples: number;
  last_label_event: number;
  created_at: string;
}
