/**
 * The Predict view's sentence for a numeric input column with values far outside the
 * training data (components/PredictFarOutside.vue), as `mtl-studio predict` words its
 * warning: the rows, the value furthest outside ("largest 400000") and what training saw
 * (its range, or for an older run its mean and std). Nothing here imports the API: the
 * renderer's unit tests run it in Node.
 */
import type { FarOutsideView } from '../../../shared/contract';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural?: number) => string;

/** At most 6 significant digits, as the CLI prints them (0.1, 2.84, 400000). */
function short(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * One column's warning, e.g. "Column “legs”: 1 row lies far outside the training range 0–8
 * (largest 400000): its prediction is an extrapolation, however confident."
 * @param f the column's FarOutsideView (rows ≥ 1).
 */
export function farOutsideText(f: FarOutsideView, t: Translate): string {
  const tr = f.training;
  const high = tr.kind === 'range' ? f.extreme > tr.max : f.extreme > tr.mean;
  const extreme = t(high ? 'predict.farOutsideLargest' : 'predict.farOutsideSmallest', {
    value: short(f.extreme),
  });
  return tr.kind === 'range'
    ? t(
        'predict.farOutsideRange',
        { column: f.column, rows: f.rows, min: short(tr.min), max: short(tr.max), extreme },
        f.rows,
      )
    : t(
        'predict.farOutsideSpread',
        { column: f.column, rows: f.rows, mean: short(tr.mean), std: short(tr.std), extreme },
        f.rows,
      );
}
