/**
 * Exact duplicate rows, and test rows whose inputs repeat a training row: a CSV made by
 * repeating rows puts copies of one row on both sides of a split, and the test score then
 * measures memory (a new user's table of income_marketing repeated to 100 000 rows scored
 * macro-F1 0.81 against 0.66 on the real rows). Each row becomes one integer (its cells
 * numbered column by column, rowIds) held in a hash set, so counting is linear in the cells:
 * no pair of rows is compared.
 *
 * Two questions, two sets of columns:
 * - at import, a duplicate is a row equal to an earlier one in every column of the file (the
 *   roles and tasks are not chosen yet; a repeated file repeats whole rows);
 * - for a split, a test row leaks when its input columns (role 'input', the model's view of
 *   it) equal those of a training row, whatever the labels; it is an exact duplicate when
 *   every column of the file equals that row's too, else only its inputs repeat.
 */
import type { ProjectStore } from '../store/projectStore';

/** A cell as stored: a number, a text, or null for a missing value. */
export type RowCell = number | string | null;

/**
 * Numbers the distinct cells of one column 1, 2, … in order of first sight (0 = missing: null
 * or undefined), telling 1 from "1". Numbers go through an open-addressing table on their
 * float64 bits (linear probing; −0 read as 0 and every NaN as one, as a Map would), texts
 * through a Map: a Map keyed by fractional numbers hashes each as a heap number, several
 * times slower.
 */
class CellCodes {
  private readonly keys: Float64Array;
  private readonly codes: Int32Array;
  private readonly mask: number;
  private readonly scratch = new Float64Array(1);
  private readonly bits = new Int32Array(this.scratch.buffer);
  private readonly texts = new Map<string, number>();
  private nan = 0;
  private count = 0;

  /** @param rows the most distinct numbers to expect (sizes the table to ≥ 2 × rows). */
  constructor(rows: number) {
    let size = 2;
    while (size < 2 * rows) size *= 2;
    this.mask = size - 1;
    this.keys = new Float64Array(size);
    this.codes = new Int32Array(size);
  }

  /**
   * The number of a cell met before, without numbering a new one.
   * @returns its number (≥ 1), 0 for a missing cell, −1 for a value never met.
   */
  find(v: RowCell | undefined): number {
    if (v === null || v === undefined) return 0;
    if (typeof v === 'string') return this.texts.get(v) ?? -1;
    if (Number.isNaN(v)) return this.nan || -1;
    const x = v === 0 ? 0 : v;
    this.scratch[0] = x;
    let h = Math.imul(this.bits[0] ^ Math.imul(this.bits[1], 0x85ebca77), 0x9e3779b1);
    h = (h ^ (h >>> 15)) & this.mask;
    while (this.codes[h] !== 0 && this.keys[h] !== x) h = (h + 1) & this.mask;
    return this.codes[h] === 0 ? -1 : this.codes[h];
  }

  /** How many distinct cells were numbered (the largest number). */
  get size(): number {
    return this.count;
  }

  /** @returns the cell's number, ≥ 1, or 0 for a missing cell. */
  of(v: RowCell | undefined): number {
    if (v === null || v === undefined) return 0;
    if (typeof v === 'string') {
      let code = this.texts.get(v);
      if (code === undefined) this.texts.set(v, (code = ++this.count));
      return code;
    }
    if (Number.isNaN(v)) return (this.nan ||= ++this.count);
    const x = v === 0 ? 0 : v;
    this.scratch[0] = x;
    let h = Math.imul(this.bits[0] ^ Math.imul(this.bits[1], 0x85ebca77), 0x9e3779b1);
    h = (h ^ (h >>> 15)) & this.mask;
    while (this.codes[h] !== 0 && this.keys[h] !== x) h = (h + 1) & this.mask;
    if (this.codes[h] === 0) {
      this.keys[h] = x;
      this.codes[h] = ++this.count;
    }
    return this.codes[h];
  }
}

/**
 * One integer per row, equal for two rows exactly when every cell is (1 and "1", null and ""
 * differ): each column's cells are numbered by distinct value, then the row's numbers are
 * folded column by column: the pair (row-so-far id, cell number) gets a new id from an
 * open-addressing hash table on two Int32Arrays (Knuth, *TAOCP* vol. 3, §6.4, linear probing),
 * so no text key is built and no two rows are compared. The table is sized to twice the rows
 * (load ≤ ½) and reused from column to column (a slot belongs to the column that stamped it).
 * A JavaScript Map keyed by id × (rows + 2) + number did the same at about twice the time:
 * those keys pass 2³¹ and are hashed as heap numbers.
 * @param columns `[columns][n]` cells.
 * @param rows the rows to number (indexes into the columns).
 * @returns `[rows.length]` ids, each in 0 … rows.length − 1.
 */
function rowIds(columns: readonly (readonly RowCell[])[], rows: readonly number[]): Int32Array {
  const n = rows.length;
  const ids = new Int32Array(n);
  let size = 2;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const pairId = new Int32Array(size);
  const pairCode = new Int32Array(size);
  const pairValue = new Int32Array(size);
  // The column (1-based) that last wrote each slot: 0 or an earlier column = empty.
  const stamp = new Int32Array(size);
  columns.forEach((values, column) => {
    const owner = column + 1;
    const codes = new CellCodes(n);
    let next = 0;
    for (let k = 0; k < n; k++) {
      const code = codes.of(values[rows[k]]);
      const id = ids[k];
      let h = Math.imul(id, 0x9e3779b1) ^ Math.imul(code, 0x85ebca77);
      h = (h ^ (h >>> 15)) & mask;
      while (stamp[h] === owner && (pairId[h] !== id || pairCode[h] !== code)) {
        h = (h + 1) & mask;
      }
      if (stamp[h] !== owner) {
        stamp[h] = owner;
        pairId[h] = id;
        pairCode[h] = code;
        pairValue[h] = next++;
      }
      ids[k] = pairValue[h];
    }
  });
  return ids;
}

/** 0, 1, …, n − 1. */
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * How many rows repeat an earlier row exactly: rows minus distinct rows (a row present three
 * times counts 2), and how many distinct rows occur more than once.
 * @param columns `[columns][n]` cells; every column holds the same `n` rows.
 * @returns `{ duplicates, repeatedRows }`; both 0 without rows or columns.
 */
export function countDuplicateRows(columns: readonly (readonly RowCell[])[]): {
  duplicates: number;
  repeatedRows: number;
} {
  const n = columns[0]?.length ?? 0;
  const seen = new Map<number, number>();
  for (const id of rowIds(columns, upTo(n))) seen.set(id, (seen.get(id) ?? 0) + 1);
  let repeatedRows = 0;
  for (const count of seen.values()) if (count > 1) repeatedRows++;
  return { duplicates: n - seen.size, repeatedRows };
}

/**
 * Test rows whose input cells equal those of some training row (validation rows are not
 * counted on either side), and how many of them are exact duplicates: equal to a training
 * row in every column of the file too. The others repeat only the inputs (an ignored column
 * such as an id, or a label, differs): removing duplicates from the file would not remove
 * them, and the model, which reads the inputs alone, cannot tell them apart.
 * @param inputs `[inputColumns][n]` cells of the input columns, in one order for all rows.
 * @param assignment `[n]` each row's split; rows outside both are skipped.
 * @param everyColumn `[columns][n]` cells of every column of the dataset (inputs, targets,
 *   ignored columns), for `exact`; omitted: `exact` is 0.
 * @returns `leaked`, the number of such test rows (0 without input columns: nothing to
 *   compare), `test`, the number of test rows, and `exact` (≤ `leaked`), those of the
 *   leaked rows that equal a training row in every column.
 */
export function testRowsInTraining(
  inputs: readonly (readonly RowCell[])[],
  assignment: readonly string[],
  everyColumn: readonly (readonly RowCell[])[] = [],
): { leaked: number; test: number; exact: number } {
  let test = 0;
  for (const s of assignment) if (s === 'test') test++;
  if (inputs.length === 0) return { leaked: 0, test, exact: 0 };
  // Training and test rows numbered together, so equal rows get one id on both sides.
  const rows = upTo(assignment.length).filter(
    (i) => assignment[i] === 'train' || assignment[i] === 'test',
  );
  /** Per row of `rows`, whether it is a test row equal (over `columns`) to a training row. */
  const seenInTraining = (columns: readonly (readonly RowCell[])[]): boolean[] => {
    const ids = rowIds(columns, rows);
    const train = new Set<number>();
    rows.forEach((row, k) => {
      if (assignment[row] === 'train') train.add(ids[k]);
    });
    return rows.map((row, k) => assignment[row] === 'test' && train.has(ids[k]));
  };
  const byInputs = seenInTraining(inputs);
  // Whole rows are compared only when some test row's inputs repeat (the common case costs
  // one pass).
  const byAll =
    everyColumn.length > 0 && byInputs.includes(true) ? seenInTraining(everyColumn) : null;
  let leaked = 0;
  let exact = 0;
  byInputs.forEach((seen, k) => {
    if (!seen) return;
    leaked++;
    if (byAll?.[k]) exact++;
  });
  return { leaked, test, exact };
}

/**
 * A set of rows (a model's training rows, over its input columns) that rows read later (a
 * file being predicted, batch by batch) are looked up in: is a row equal, cell by cell over
 * the same columns, to one of them (1 and "1", null and "" differ, as for
 * {@link testRowsInTraining})? Each column's cells are numbered as {@link rowIds} numbers
 * them, and a row's numbers folded column by column through one Map per column (key: the
 * row-so-far id × (the column's distinct cells + 1) + the cell's number, below 2⁵³ for
 * fewer than 9·10⁷ rows); a looked-up cell or prefix never met ends the look-up. Memory: the
 * set's rows × columns, once; a look-up keeps nothing.
 */
export class KnownRows {
  private readonly codes: CellCodes[];
  private readonly steps: Map<number, number>[];
  private readonly strides: number[];
  /** Rows in the set (repeated rows counted each time). */
  readonly rows: number;

  /**
   * @param names the columns, in the order of `columns` (a look-up reads them by name).
   * @param columns `[names.length][n]` cells of the set's rows.
   */
  constructor(
    readonly names: readonly string[],
    columns: readonly (readonly RowCell[])[],
  ) {
    const n = columns[0]?.length ?? 0;
    this.codes = columns.map((values) => {
      const codes = new CellCodes(n);
      for (let r = 0; r < n; r++) codes.of(values[r]);
      return codes;
    });
    this.strides = this.codes.map((c) => c.size + 1);
    this.steps = columns.map(() => new Map<number, number>());
    const ids = new Float64Array(n);
    columns.forEach((values, j) => {
      const step = this.steps[j];
      for (let r = 0; r < n; r++) {
        const key = ids[r] * this.strides[j] + this.codes[j].of(values[r]);
        let id = step.get(key);
        if (id === undefined) step.set(key, (id = step.size));
        ids[r] = id;
      }
    });
    this.rows = n;
  }

  /**
   * Which of `n` rows equal a row of the set.
   * @param columns column name → `[n]` cells (every one of {@link names}; a column absent
   *   reads as missing in every row).
   * @returns `[n]` 1 for a row of the set, else 0; all 0 for a set without rows or columns.
   */
  has(columns: Readonly<Record<string, readonly RowCell[]>>, n: number): Uint8Array {
    const found = new Uint8Array(n);
    if (this.rows === 0 || this.names.length === 0) return found;
    const cells = this.names.map((name) => columns[name]);
    for (let r = 0; r < n; r++) {
      let id = 0;
      let j = 0;
      for (; j < cells.length; j++) {
        const code = this.codes[j].find(cells[j]?.[r]);
        if (code < 0) break;
        const next = this.steps[j].get(id * this.strides[j] + code);
        if (next === undefined) break;
        id = next;
      }
      if (j === cells.length) found[r] = 1;
    }
    return found;
  }
}

/**
 * Exact duplicate rows of a stored dataset, over all its columns ({@link countDuplicateRows}):
 * the import's note. Reads every column once.
 * @throws MtlError('NOT_FOUND') for an unknown dataset (from the store).
 */
export async function datasetDuplicateRows(
  store: Pick<ProjectStore, 'datasets'>,
  datasetId: number,
): Promise<{ duplicates: number; repeatedRows: number }> {
  const dataset = await store.datasets.get(datasetId);
  const names = dataset.columns.map((c) => c.name);
  const { values } = await store.datasets.readColumns(datasetId, names);
  return countDuplicateRows(names.map((name) => values[name]));
}
