/**
 * Numeric input cells far outside the training data (found by a new user: a zoo animal with
 * `legs = 400000` got a confident prediction and no word that nothing like it was trained
 * on). Counted per column while predicting, as unseen categories are, and warned of by
 * `mtl-studio predict` and the Predict view: the prediction of such a row is an
 * extrapolation of the network far beyond the inputs it learned from.
 */
import type { FeatureEncoder, FittedPreprocessing, RawCell } from '../engine/preprocessing';

/** Standard deviations from the training mean beyond which a value is far outside (fallback). */
export const FAR_OUTSIDE_STDS = 10;

/** Such rows named by {@link FarOutsideValues.firstRows} (the rest are counted). */
export const FAR_OUTSIDE_ROWS_LISTED = 5;

/** A numeric input column with values far outside its training data. */
export interface FarOutsideValues {
  column: string;
  /** Rows whose value in the column is far outside (missing cells never are). */
  rows: number;
  /**
   * The first {@link FAR_OUTSIDE_ROWS_LISTED} of those rows, by their `row` (1-based data row
   * of a file, the row id of a dataset: as the predictions' `row` column and the
   * most-inputs-missing warning name them), in the order predicted.
   */
  firstRows: number[];
  /**
   * The most extreme such value: the one furthest beyond the training range (or, without
   * it, from the training mean).
   */
  extreme: number;
  /**
   * What training saw: its smallest and largest value ('range'), or, for a run or bundle
   * fitted before those were kept, its mean and population std ('spread').
   */
  training:
    { kind: 'range'; min: number; max: number } | { kind: 'spread'; mean: number; std: number };
}

/**
 * How far `value` lies beyond what training saw, in units of the rule's tolerance: above 1
 * means far outside. With the training range [min, max] the tolerance is its width: a value
 * is far outside below min − (max − min) or above max + (max − min) (a constant training
 * column, width 0: any other value, since the model never saw the column vary). Without it
 * (encoders fitted before min and max were kept) the tolerance is {@link FAR_OUTSIDE_STDS}
 * standard deviations from the mean: by Chebyshev's inequality at most 1/10² = 1 % of the
 * training rows lie so far from their mean (population std, as fitted), whatever the
 * distribution, so such a value is rare or unseen in training.
 * @returns 0 inside the range (or within the tolerance's scale), else the distance over the
 *   tolerance (Infinity for a constant column's other values).
 */
function outsideness(enc: Extract<FeatureEncoder, { kind: 'numeric' }>, value: number): number {
  if (enc.min !== undefined && enc.max !== undefined) {
    const beyond = value > enc.max ? value - enc.max : value < enc.min ? enc.min - value : 0;
    if (beyond === 0) return 0;
    const width = enc.max - enc.min;
    return width > 0 ? beyond / width : Infinity;
  }
  return Math.abs(value - enc.mean) / (FAR_OUTSIDE_STDS * enc.std);
}

/**
 * Counts the numeric input cells far outside the training data (see {@link outsideness}:
 * beyond the training range by more than its width, or, for old fits without min and max,
 * more than {@link FAR_OUTSIDE_STDS} std from the mean). Accumulates into `into` (by column)
 * across batches; a column's `extreme` is the value furthest outside so far.
 * @param columns columns by name, each [n] values (the same as for transform); a column
 *   absent here is skipped (transform refuses it).
 * @param rows the batch's [n] row numbers (the predictions' `row`), named by `firstRows`.
 * @returns per row of the batch ([n]) the columns in which it is far outside, in the
 *   model's column order (empty for most rows), which the Predict view marks.
 */
export function countFarOutside(
  prep: FittedPreprocessing,
  columns: Record<string, RawCell[]>,
  into: Map<string, FarOutsideValues>,
  rows: readonly number[],
): string[][] {
  const perRow: string[][] = rows.map(() => []);
  for (const enc of prep.encoders) {
    if (enc.kind !== 'numeric') continue;
    const values = columns[enc.column];
    if (!values) continue;
    let entry = into.get(enc.column);
    let worst = entry ? outsideness(enc, entry.extreme) : 0;
    for (let r = 0; r < values.length; r++) {
      const v = values[r];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const far = outsideness(enc, v);
      if (far <= 1) continue;
      if (!entry) {
        entry = {
          column: enc.column,
          rows: 0,
          firstRows: [],
          extreme: v,
          training:
            enc.min !== undefined && enc.max !== undefined
              ? { kind: 'range', min: enc.min, max: enc.max }
              : { kind: 'spread', mean: enc.mean, std: enc.std },
        };
        worst = far;
        into.set(enc.column, entry);
      }
      entry.rows++;
      if (entry.firstRows.length < FAR_OUTSIDE_ROWS_LISTED) entry.firstRows.push(rows[r]);
      perRow[r]?.push(enc.column);
      // Among a constant column's other values (all Infinity) the furthest from it.
      if (
        far > worst ||
        (far === worst && Math.abs(v - enc.mean) > Math.abs(entry.extreme - enc.mean))
      ) {
        worst = far;
        entry.extreme = v;
      }
    }
  }
  return perRow;
}

/** A number for a message: at most 6 significant digits, no trailing zeros (0.1, 2.84, 400000). */
export function shortNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}
