/**
 * What a finished training run produced, as stored: its test metrics per task
 * (`run_results`), its test predictions per task (`run_prediction_sets`, one float32 blob
 * per row in `run_predictions`) and its trained model (`models`: topology, fitted
 * preprocessing, weight specs and weights). Reached through `ProjectStore.training`
 * (store/training.ts), whose `saveResults`, `getModel` and `modelPreprocessings` call these.
 */
import type { TaskMetrics } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { BulkInserter } from './bulkInserts';
import type { Database } from './database';
import { fromJson, now, toJson } from './sqlCodec';
import { requireRun } from './trainingTables';

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

/** Float32 bytes of `probs[row]`, as a view (node-sqlite3 copies it when binding). */
function probsBlob(probs: Float32Array, row: number, numClasses: number): Uint8Array {
  return new Uint8Array(probs.buffer, probs.byteOffset + row * numClasses * 4, numClasses * 4);
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
export async function saveResults(
  db: Database,
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
  await db.transaction(async (tx) => {
    await requireRun(tx, runId);
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
      await tx.run('INSERT INTO run_prediction_sets (run_id, task, num_classes) VALUES (?, ?, ?)', [
        runId,
        p.task,
        p.numClasses,
      ]);
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
export async function modelPreprocessings(
  db: Database,
  datasetId: number,
): Promise<Map<number, unknown>> {
  const rows = await db.all<{ run_id: number; preprocessing: string }>(
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
export async function getModel(db: Database, runId: number): Promise<StoredModel> {
  const row = await db.get<{
    topology: string;
    preprocessing: string;
    weight_specs: string;
    weights: Buffer;
  }>('SELECT topology, preprocessing, weight_specs, weights FROM models WHERE run_id = ?', [runId]);
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
