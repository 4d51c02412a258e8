/**
 * The Predict view's sentence for a numeric input column with values far outside the
 * training data (components/PredictFarOutside.vue), as `mtl-studio predict` words its
 * warning: the rows, the value furthest outside ("largest 400000") and what training saw
 * (its range, or for an older run its mean and std). Nothing here imports the API: the
 * renderer's unit tests run it in Node.
 */
import type { FarOutsideView } from '../../../shared/contract';
import { lineList } from '../lineList';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural?: number) => string;

/** At most 6 significant digits, as the CLI prints them (0.1, 2.84, 400000). */
function short(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * One column's warning, e.g. "Column “legs”: 1 row (row 101) lies far outside the training
 * range 0–8 (largest 400000): its prediction is an extrapolation, however confident.", the
 * rows named as the most-inputs-missing note names them (1-based data rows; "1, 2, …" with
 * "…" for those past `firstRows`).
 * @param f the column's FarOutsideView (rows ≥ 1).
 */
export function farOutsideText(f: FarOutsideView, t: Translate): string {
  const tr = f.training;
  const high = tr.kind === 'range' ? f.extreme > tr.max : f.extreme > tr.mean;
  const extreme = t(high ? 'predict.farOutsideLargest' : 'predict.farOutsideSmallest', {
    value: short(f.extreme),
  });
  const list = lineList(f.firstRows, f.rows, t('common.listSeparator', {}));
  const named = { column: f.column, rows: f.rows, list, extreme };
  return tr.kind === 'range'
    ? t('predict.farOutsideRange', { ...named, min: short(tr.min), max: short(tr.max) }, f.rows)
    : t('predict.farOutsideSpread', { ...named, mean: short(tr.mean), std: short(tr.std) }, f.rows);
}
