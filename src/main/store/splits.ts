/**
 * Splits of a project (`splits`, `split_rows`): which rows are train, validation or test,
 * with the seed, fractions and stratification that made them; and k-fold schemes
 * (`cv_schemes`, `cv_folds`: one stored split per fold, its rows being the test split).
 */
import type { FoldSchemeInfo, SplitInfo, SplitName } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { BulkInserter } from './bulkInserts';
import type { Database, SqlExecutor } from './database';
import { columnsOf, rowsTable } from './datasetTables';
import { fromJson, isConstraintError, now, toJson } from './sqlCodec';

/** A row of `splits` as SQLite returns it. */
interface SplitRow {
  id: number;
  dataset_id: number;
  seed: number;
  frac_train: number;
  frac_validation: number;
  frac_test: number;
  stratified_on: string | null;
  n_train: number;
  n_validation: number;
  n_test: number;
  created_at: string;
}

/** A row of `cv_schemes` as SQLite returns it. */
interface FoldSchemeRow {
  id: number;
  dataset_id: number;
  k: number;
  repeats: number;
  seed: number;
  validation_fraction: number;
  stratified_on: string;
  created_at: string;
}

const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

function toSplitInfo(s: SplitRow): SplitInfo {
  return {
    id: s.id,
    datasetId: s.dataset_id,
    seed: s.seed,
    fractions: { train: s.frac_train, validation: s.frac_validation, test: s.frac_test },
    stratifiedOn: s.stratified_on,
    counts: { train: s.n_train, validation: s.n_validation, test: s.n_test },
    createdAt: s.created_at,
  };
}

/**
 * Checks a split before it is stored. @returns its per-split counts.
 * @throws MtlError('SPLIT_INVALID') as {@link SplitStore.create}.
 */
function checkSplit(split: {
  fractions: SplitInfo['fractions'];
  rowIds: number[];
  assignment: SplitName[];
}): Record<SplitName, number> {
  const { rowIds, assignment, fractions } = split;
  if (rowIds.length !== assignment.length) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split has ${rowIds.length} row ids but ${assignment.length} assignments`,
    );
  }
  const fractionValues = [fractions.train, fractions.validation, fractions.test];
  if (
    fractionValues.some((f) => !(Number.isFinite(f) && f >= 0 && f <= 1)) ||
    Math.abs(fractionValues.reduce((a, b) => a + b, 0) - 1) > 1e-6
  ) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split fractions must lie in [0, 1] and sum to 1, got ${JSON.stringify(fractions)}`,
    );
  }
  const counts = { train: 0, validation: 0, test: 0 };
  for (const [i, name] of assignment.entries()) {
    if (!SPLIT_NAMES.includes(name)) {
      throw new MtlError('SPLIT_INVALID', `Unknown split "${String(name)}" for row ${rowIds[i]}`);
    }
    counts[name] += 1;
  }
  return counts;
}

/** A split to store: its settings and each row's part (`assignment[i]` of `rowIds[i]`). */
interface NewSplit {
  datasetId: number;
  seed: number;
  fractions: SplitInfo['fractions'];
  stratifiedOn: string | null;
  rowIds: number[];
  assignment: SplitName[];
}

/** Inserts one split and its rows in `tx` (checked by the caller). @returns its id. */
async function insertSplit(
  tx: SqlExecutor,
  split: NewSplit,
  counts: Record<SplitName, number>,
): Promise<number> {
  const { rowIds, assignment, fractions } = split;
  const createdAt = now();
  const columns = await columnsOf(tx, split.datasetId);
  if (split.stratifiedOn !== null && !columns.some((c) => c.name === split.stratifiedOn)) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split is stratified on "${split.stratifiedOn}", which is not a column of dataset ${split.datasetId}`,
    );
  }
  const { lastID } = await tx.run(
    `INSERT INTO splits (dataset_id, seed, frac_train, frac_validation, frac_test,
       stratified_on, n_train, n_validation, n_test, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      split.datasetId,
      split.seed,
      fractions.train,
      fractions.validation,
      fractions.test,
      split.stratifiedOn,
      counts.train,
      counts.validation,
      counts.test,
      createdAt,
    ],
  );
  const inserter = new BulkInserter(tx, 'split_rows', ['split_id', 'row_id', 'split'], 5000);
  try {
    for (let i = 0; i < rowIds.length; i++) {
      await inserter.add([lastID, rowIds[i], assignment[i]]);
    }
    await inserter.flush();
  } catch (err) {
    if (isConstraintError(err)) {
      throw new MtlError('SPLIT_INVALID', 'Split lists a row id more than once');
    }
    throw err;
  } finally {
    await inserter.finalize();
  }
  const stray = await tx.get<{ row_id: number }>(
    `SELECT s.row_id FROM split_rows s
     WHERE s.split_id = ?
       AND NOT EXISTS (SELECT 1 FROM ${rowsTable(split.datasetId)} r WHERE r.row_id = s.row_id)
     LIMIT 1`,
    [lastID],
  );
  if (stray) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Row ${stray.row_id} is not a row of dataset ${split.datasetId}`,
    );
  }
  return lastID;
}

/**
 * The id of a stored training split (not a fold) that `reuse` accepts instead of storing
 * `split` (see SplitStore.create), or null.
 */
async function reusable(
  tx: SqlExecutor,
  split: NewSplit,
  reuse: 'none' | 'identical' | 'any',
): Promise<number | null> {
  if (reuse === 'none') return null;
  const training = `SELECT * FROM splits WHERE dataset_id = ?
      AND id NOT IN (SELECT split_id FROM cv_folds)
         AND id NOT IN (SELECT split_id FROM cv_final_splits)`;
  if (reuse === 'any') {
    const latest = await tx.get<SplitRow>(`${training} ORDER BY id DESC LIMIT 1`, [
      split.datasetId,
    ]);
    return latest?.id ?? null;
  }
  const { fractions } = split;
  const candidates = await tx.all<SplitRow>(
    `${training} AND seed = ? AND stratified_on IS ? AND abs(frac_train - ?) <= 1e-12
       AND abs(frac_validation - ?) <= 1e-12 AND abs(frac_test - ?) <= 1e-12
       AND n_train + n_validation + n_test = ? ORDER BY id`,
    [
      split.datasetId,
      split.seed,
      split.stratifiedOn,
      fractions.train,
      fractions.validation,
      fractions.test,
      split.rowIds.length,
    ],
  );
  const wanted = new Map(split.rowIds.map((id, i) => [id, split.assignment[i]]));
  for (const candidate of candidates) {
    const stored = await tx.all<{ row_id: number; split: SplitName }>(
      'SELECT row_id, split FROM split_rows WHERE split_id = ?',
      [candidate.id],
    );
    if (stored.length === wanted.size && stored.every((r) => wanted.get(r.row_id) === r.split))
      return candidate.id;
  }
  return null;
}

/** The splits of one open project (`ProjectStore.splits`). */
export class SplitStore {
  constructor(private readonly db: Database) {}

  /**
   * Store a train/validation/test assignment: `assignment[i]` is the split of row
   * `rowIds[i]`. One transaction; returns the split with its per-split counts.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('SPLIT_INVALID') when
   *   the arrays differ in length, a split name or fraction is invalid (each in [0, 1],
   *   summing to 1 ± 1e-6), a row id repeats or is not a row of the dataset, or
   *   `stratifiedOn` is not a column of the dataset.
   * @param reuse checked in the same write transaction, so two callers that start together
   *   (two runs on a dataset without a split, the same seed twice) get one split, not twins
   *   that would train their runs on different splits (Δm pairs runs within one split):
   *   'identical' returns a training split of the dataset with the same seed, fractions
   *   (± 1e-12), stratification and exactly this assignment; 'any' returns the dataset's
   *   latest training split if it has one; 'none' (default) always stores a new split.
   */
  async create(
    split: {
      datasetId: number;
      seed: number;
      fractions: SplitInfo['fractions'];
      stratifiedOn: string | null;
      rowIds: number[];
      assignment: SplitName[];
    },
    reuse: 'none' | 'identical' | 'any' = 'none',
  ): Promise<SplitInfo> {
    const counts = checkSplit(split);
    const id = await this.db.transaction(
      async (tx) => (await reusable(tx, split, reuse)) ?? insertSplit(tx, split, counts),
    );
    return this.get(id);
  }

  /**
   * Stores the split a cross-validation's final model trains on (services/finalModel.ts):
   * every row of `rowIds` in its training part (fractions 1/0/0, unstratified), recorded in
   * `cv_final_splits` in the same transaction, so that it is never the dataset's latest
   * split ({@link latest}) nor listed among its training splits ({@link list}).
   * @param rowIds the labelled rows, each a row of the dataset.
   * @throws MtlError('SPLIT_INVALID') for no row or a row not of the dataset;
   *   MtlError('NOT_FOUND') for an unknown evaluation (a foreign key).
   */
  async createFinalSplit(
    evaluationId: number,
    datasetId: number,
    rowIds: number[],
    seed: number,
  ): Promise<SplitInfo> {
    if (rowIds.length === 0)
      throw new MtlError('SPLIT_INVALID', 'A final model needs at least one labelled row.');
    const split: NewSplit = {
      datasetId,
      seed,
      fractions: { train: 1, validation: 0, test: 0 },
      stratifiedOn: null,
      rowIds,
      assignment: rowIds.map((): SplitName => 'train'),
    };
    const counts = checkSplit(split);
    const id = await this.db.transaction(async (tx) => {
      const evaluation = await tx.get('SELECT 1 FROM cv_evaluations WHERE id = ?', [evaluationId]);
      if (!evaluation)
        throw new MtlError('NOT_FOUND', `Cross-validation ${evaluationId} not found`);
      const splitId = await insertSplit(tx, split, counts);
      await tx.run('INSERT INTO cv_final_splits (split_id, evaluation_id) VALUES (?, ?)', [
        splitId,
        evaluationId,
      ]);
      return splitId;
    });
    return this.get(id);
  }

  /**
   * Adds rows to a stored split (rows labelled since it was made), leaving every row it
   * already assigns where it is; its per-split counts grow accordingly. One transaction.
   * @throws MtlError('NOT_FOUND') for an unknown split; MtlError('SPLIT_INVALID') when the
   *   arrays differ in length, a split name is unknown, or a row is already in the split or
   *   is not a row of its dataset.
   */
  async extend(splitId: number, rowIds: number[], assignment: SplitName[]): Promise<SplitInfo> {
    return (await this.extendIfUnchanged(splitId, null, rowIds, assignment))!;
  }

  /**
   * {@link extend}, but only if the split still assigns exactly `basedOn` rows when the
   * write transaction starts (an IMMEDIATE transaction: no other writer in between): the
   * caller computed `assignment` from the split as it was then. Rows of a split are never
   * removed while the split exists, so an unchanged count means an unchanged set. Two
   * trainings that start together on one split both read it before either writes; the
   * second one's extension is stale and must be computed again, not inserted (its rows
   * would be assigned twice).
   * @param basedOn rows the split assigned when `assignment` was computed; null: no check.
   * @returns the split after the extension, or null (nothing written) when it is stale.
   * @throws as {@link extend}.
   */
  async extendIfUnchanged(
    splitId: number,
    basedOn: number | null,
    rowIds: number[],
    assignment: SplitName[],
  ): Promise<SplitInfo | null> {
    if (rowIds.length !== assignment.length) {
      throw new MtlError(
        'SPLIT_INVALID',
        `Split extension has ${rowIds.length} row ids but ${assignment.length} assignments`,
      );
    }
    const added = { train: 0, validation: 0, test: 0 };
    for (const [i, name] of assignment.entries()) {
      if (!SPLIT_NAMES.includes(name)) {
        throw new MtlError('SPLIT_INVALID', `Unknown split "${String(name)}" for row ${rowIds[i]}`);
      }
      added[name] += 1;
    }
    const written = await this.db.transaction(async (tx) => {
      const split = await tx.get<SplitRow>('SELECT * FROM splits WHERE id = ?', [splitId]);
      if (!split) throw new MtlError('NOT_FOUND', `Split ${splitId} not found`);
      if (basedOn !== null) {
        const held = await tx.get<{ n: number }>(
          'SELECT COUNT(*) AS n FROM split_rows WHERE split_id = ?',
          [splitId],
        );
        if ((held?.n ?? 0) !== basedOn) return false;
      }
      const table = rowsTable(split.dataset_id);
      for (let i = 0; i < rowIds.length; i++) {
        const exists = await tx.get(`SELECT 1 FROM ${table} WHERE row_id = ?`, [rowIds[i]]);
        if (!exists) {
          throw new MtlError(
            'SPLIT_INVALID',
            `Row ${rowIds[i]} is not a row of dataset ${split.dataset_id}`,
          );
        }
        try {
          await tx.run('INSERT INTO split_rows (split_id, row_id, split) VALUES (?, ?, ?)', [
            splitId,
            rowIds[i],
            assignment[i],
          ]);
        } catch (err) {
          if (isConstraintError(err)) {
            throw new MtlError(
              'SPLIT_INVALID',
              `Row ${rowIds[i]} is already in split ${splitId}; assigned rows never move`,
            );
          }
          throw err;
        }
      }
      await tx.run(
        `UPDATE splits SET n_train = n_train + ?, n_validation = n_validation + ?,
           n_test = n_test + ? WHERE id = ?`,
        [added.train, added.validation, added.test, splitId],
      );
      return true;
    });
    return written ? this.get(splitId) : null;
  }

  /**
   * One stored split.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async get(id: number): Promise<SplitInfo> {
    const row = await this.db.get<SplitRow>('SELECT * FROM splits WHERE id = ?', [id]);
    if (!row) throw new MtlError('NOT_FOUND', `Split ${id} not found`);
    return toSplitInfo(row);
  }

  /**
   * The splits of a dataset made for training (not the folds of a cross-validation), oldest
   * first.
   */
  async list(datasetId: number): Promise<SplitInfo[]> {
    const rows = await this.db.all<SplitRow>(
      `SELECT * FROM splits WHERE dataset_id = ?
         AND id NOT IN (SELECT split_id FROM cv_folds)
         AND id NOT IN (SELECT split_id FROM cv_final_splits) ORDER BY id`,
      [datasetId],
    );
    return rows.map(toSplitInfo);
  }

  /**
   * Store a k-fold scheme: one split per fold and repetition (`folds[i].assignment[j]` is the
   * split of row `rowIds[j]` when fold i is held out), all in one transaction. When the
   * dataset already has a scheme of the same k, repetitions, seed, validation fraction and
   * stratification (stored by another caller after this one looked for it, e.g. two
   * evaluations started together), that scheme is returned and nothing is written: Δm pairs
   * folds only within one scheme, so a twin scheme would hide each evaluation's baseline.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('SPLIT_INVALID') as
   *   {@link create} for any fold.
   */
  async createFoldScheme(scheme: {
    datasetId: number;
    k: number;
    repeats: number;
    seed: number;
    validationFraction: number;
    stratifiedOn: string[];
    rowIds: number[];
    folds: { repeat: number; fold: number; assignment: SplitName[] }[];
  }): Promise<FoldSchemeInfo> {
    const test = 1 / scheme.k;
    const fractions = {
      train: (1 - test) * (1 - scheme.validationFraction),
      validation: (1 - test) * scheme.validationFraction,
      test,
    };
    const checked = scheme.folds.map((f) => ({
      fold: f,
      counts: checkSplit({ fractions, rowIds: scheme.rowIds, assignment: f.assignment }),
    }));
    const id = await this.db.transaction(async (tx) => {
      const twin = await tx.get<{ id: number }>(
        `SELECT id FROM cv_schemes WHERE dataset_id = ? AND k = ? AND repeats = ? AND seed = ?
           AND abs(validation_fraction - ?) < 1e-12 AND stratified_on = ? ORDER BY id LIMIT 1`,
        [
          scheme.datasetId,
          scheme.k,
          scheme.repeats,
          scheme.seed,
          scheme.validationFraction,
          toJson(scheme.stratifiedOn),
        ],
      );
      if (twin) return twin.id;
      const { lastID } = await tx.run(
        `INSERT INTO cv_schemes (dataset_id, k, repeats, seed, validation_fraction,
           stratified_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          scheme.datasetId,
          scheme.k,
          scheme.repeats,
          scheme.seed,
          scheme.validationFraction,
          toJson(scheme.stratifiedOn),
          now(),
        ],
      );
      for (const { fold, counts } of checked) {
        const splitId = await insertSplit(
          tx,
          {
            datasetId: scheme.datasetId,
            seed: scheme.seed,
            fractions,
            stratifiedOn: scheme.stratifiedOn[0] ?? null,
            rowIds: scheme.rowIds,
            assignment: fold.assignment,
          },
          counts,
        );
        await tx.run(
          'INSERT INTO cv_folds (scheme_id, repeat, fold, split_id) VALUES (?, ?, ?, ?)',
          [lastID, fold.repeat, fold.fold, splitId],
        );
      }
      return lastID;
    });
    return this.foldScheme(id);
  }

  /**
   * One stored k-fold scheme with its folds' splits.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async foldScheme(id: number): Promise<FoldSchemeInfo> {
    const row = await this.db.get<FoldSchemeRow>('SELECT * FROM cv_schemes WHERE id = ?', [id]);
    if (!row) throw new MtlError('NOT_FOUND', `Fold scheme ${id} not found`);
    return this.withFolds(row);
  }

  /** The k-fold schemes of a dataset, oldest first. */
  async foldSchemes(datasetId: number): Promise<FoldSchemeInfo[]> {
    const rows = await this.db.all<FoldSchemeRow>(
      'SELECT * FROM cv_schemes WHERE dataset_id = ? ORDER BY id',
      [datasetId],
    );
    return Promise.all(rows.map((r) => this.withFolds(r)));
  }

  private async withFolds(row: FoldSchemeRow): Promise<FoldSchemeInfo> {
    const folds = await this.db.all<{ repeat: number; fold: number; split_id: number }>(
      'SELECT repeat, fold, split_id FROM cv_folds WHERE scheme_id = ? ORDER BY repeat, fold',
      [row.id],
    );
    return {
      id: row.id,
      datasetId: row.dataset_id,
      k: row.k,
      repeats: row.repeats,
      seed: row.seed,
      validationFraction: row.validation_fraction,
      stratifiedOn: fromJson<string[]>(row.stratified_on),
      folds: folds.map((f) => ({ repeat: f.repeat, fold: f.fold, splitId: f.split_id })),
      createdAt: row.created_at,
    };
  }

  /** The most recently created split of a dataset made for training, or null if none. */
  async latest(datasetId: number): Promise<SplitInfo | null> {
    const row = await this.db.get<SplitRow>(
      `SELECT * FROM splits WHERE dataset_id = ?
         AND id NOT IN (SELECT split_id FROM cv_folds)
         AND id NOT IN (SELECT split_id FROM cv_final_splits) ORDER BY id DESC LIMIT 1`,
      [datasetId],
    );
    return row ? toSplitInfo(row) : null;
  }

  /**
   * The rows of a split, row ids ascending, with the split each belongs to.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async assignment(splitId: number): Promise<{ rowIds: number[]; assignment: SplitName[] }> {
    return this.db.transaction(async (tx) => {
      const exists = await tx.get('SELECT 1 FROM splits WHERE id = ?', [splitId]);
      if (!exists) throw new MtlError('NOT_FOUND', `Split ${splitId} not found`);
      const rowIds: number[] = [];
      const assignment: SplitName[] = [];
      await tx.each<{ row_id: number; split: SplitName }>(
        'SELECT row_id, split FROM split_rows WHERE split_id = ? ORDER BY row_id',
        [splitId],
        (r) => {
          rowIds.push(r.row_id);
          assignment.push(r.split);
        },
      );
      return { rowIds, assignment };
    }, 'DEFERRED');
  }
}
