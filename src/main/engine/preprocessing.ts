/**
 * Input preprocessing for tabular data: fitted on the training split only, saved with
 * the model, and applied unchanged to validation, test and new rows.
 *
 * - numeric and boolean (0/1) columns: impute the training mean, add a 0/1 missing
 *   indicator when the training rows had missing values, standardise with the training
 *   mean and standard deviation (population std; a constant column gets std 1);
 * - categorical columns: one-hot over the training categories (the most frequent
 *   {@link MAX_CATEGORIES} when there are more); a missing, rare or unseen category
 *   encodes as all zeros, plus a missing indicator when the training rows had missing values;
 * - text and image columns are not used by the tabular trunk (reported in `skipped`).
 *
 * A model trained on images keeps its per-channel image scaling (engine/images.ts) in
 * `image` instead, with no encoder.
 */
import { quotedNames, similarClassLookup } from '../../shared/classList';
import type { ColumnType } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import {
  booleanNamesOfClasses,
  DEFAULT_BOOLEAN_NAMES,
  FLOAT32_MAX,
  FLOAT32_RANGE_TEXT,
  isFloat32Finite,
  type BooleanNames,
} from '../data/cellValues';
import type { ImagePreprocessing } from './images';

/** A raw cell: number (numeric, boolean 0/1), string (categorical/text) or null (missing). */
export type RawCell = number | string | null;

/** One input column as the preprocessor sees it. */
export interface RawColumn {
  name: string;
  type: ColumnType;
  /** [n] raw values in row order. */
  values: RawCell[];
}

/** Most categories one-hot encoded per column; rarer ones encode as all zeros. */
export const MAX_CATEGORIES = 64;

/** How one column becomes features. */
export type FeatureEncoder =
  | {
      kind: 'numeric';
      column: string;
      mean: number;
      std: number;
      missingIndicator: boolean;
      /**
       * The smallest and largest training value (export/predictRange.ts says when a value to
       * predict lies far outside them). Optional: runs and bundles fitted before they were
       * kept lack them; transform does not read them.
       */
      min?: number;
      max?: number;
    }
  | {
      kind: 'one-hot';
      column: string;
      categories: string[];
      missingIndicator: boolean;
    };

/** Fitted preprocessing, JSON-serialisable and stored with the model. */
export interface FittedPreprocessing {
  version: 1;
  encoders: FeatureEncoder[];
  /** Names of the produced features, in column order of the feature matrix. */
  featureNames: string[];
  /** Input columns left out, with the reason. */
  skipped: { column: string; reason: string }[];
  /**
   * Image models: the image shape and per-channel scaling fitted on the training images
   * (the network input is then the pixels, not `featureNames`). Absent for tables.
   */
  image?: ImagePreprocessing;
}

/**
 * Fits the preprocessing on the training rows only (no information from validation or
 * test rows leaks into means, deviations or category lists).
 *
 * @param columns input columns, each with [n] values.
 * @param trainRows indices (into the [n] rows) of the training split.
 * @returns the fitted preprocessing.
 * @throws MtlError('BAD_REQUEST') when no usable input column remains, or when trainRows is empty.
 */
export function fitPreprocessing(
  columns: RawColumn[],
  trainRows: ArrayLike<number>,
): FittedPreprocessing {
  const fitter = new PreprocessingFitter(columns);
  fitter.update(Object.fromEntries(columns.map((c) => [c.name, c.values])), trainRows);
  return fitter.finish();
}

interface NumericStats {
  kind: 'numeric';
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean (Welford's M2). */
  m2: number;
  /** Smallest and largest value seen (±Infinity before the first). */
  min: number;
  max: number;
  missing: number;
}
interface CategoricalStats {
  kind: 'categorical';
  counts: Map<string, number>;
  missing: number;
}

/**
 * Fits preprocessing incrementally over chunks of training rows, so a table larger than
 * memory can be streamed from the store. Means and variances use Welford's online
 * algorithm (Welford, Technometrics 1962), exact up to float rounding.
 */
export class PreprocessingFitter {
  private readonly stats: (NumericStats | CategoricalStats | null)[];
  private rowsSeen = 0;

  /** @param columns the input columns' names and types (values are not read here). */
  constructor(private readonly columns: { name: string; type: ColumnType }[]) {
    this.stats = columns.map((c) =>
      c.type === 'numeric' || c.type === 'boolean'
        ? { kind: 'numeric', count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, missing: 0 }
        : c.type === 'categorical'
          ? { kind: 'categorical', counts: new Map(), missing: 0 }
          : null,
    );
  }

  /**
   * Adds training rows.
   * @param values columns by name, each indexable by the entries of `rows`.
   * @param rows indices of the training rows in this chunk.
   * @throws MtlError('BAD_REQUEST') naming the column and value of a number beyond the 32-bit
   *   float range (|x| > FLOAT32_MAX): the import no longer reads one as a number
   *   (data/cellValues.ts parseNumber), but a project imported before may hold one, and its
   *   squared deviation would overflow to Infinity and wipe the column out silently.
   */
  update(values: Record<string, RawCell[]>, rows: ArrayLike<number>): void {
    this.rowsSeen += rows.length;
    this.columns.forEach((col, k) => {
      const st = this.stats[k];
      const column = values[col.name];
      if (!st) return;
      for (let i = 0; i < rows.length; i++) {
        const v = column[rows[i]];
        if (st.kind === 'numeric') {
          if (typeof v === 'number' && Number.isFinite(v)) {
            if (!isFloat32Finite(v)) {
              throw new MtlError(
                'BAD_REQUEST',
                `Column "${col.name}" holds ${v}, beyond ±${FLOAT32_RANGE_TEXT}, the 32-bit float range the model computes in: import the file again (such a value is no longer read as a number) or fix it.`,
              );
            }
            st.count++;
            const delta = v - st.mean;
            st.mean += delta / st.count;
            st.m2 += delta * (v - st.mean);
            if (v < st.min) st.min = v;
            if (v > st.max) st.max = v;
          } else st.missing++;
        } else if (v === null) st.missing++;
        else st.counts.set(String(v), (st.counts.get(String(v)) ?? 0) + 1);
      }
    });
  }

  /**
   * @returns the fitted preprocessing.
   * @throws MtlError('BAD_REQUEST') when no training row was seen or no usable column remains.
   */
  finish(): FittedPreprocessing {
    if (this.rowsSeen === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        'Cannot fit preprocessing: the training split has no rows.',
      );
    }
    const encoders: FeatureEncoder[] = [];
    const skipped: FittedPreprocessing['skipped'] = [];
    this.columns.forEach((col, k) => {
      const st = this.stats[k];
      if (!st) {
        skipped.push({
          column: col.name,
          reason: `${col.type} columns are not used by the tabular trunk`,
        });
      } else if (st.kind === 'numeric') {
        if (st.count === 0) {
          skipped.push({ column: col.name, reason: 'no value in the training split' });
          return;
        }
        // Population standard deviation; a constant column gets 1 (it then encodes as 0).
        const std = Math.sqrt(st.m2 / st.count);
        encoders.push({
          kind: 'numeric',
          column: col.name,
          mean: st.mean,
          std: std > 1e-12 ? std : 1,
          missingIndicator: st.missing > 0,
          min: st.min,
          max: st.max,
        });
      } else {
        if (st.counts.size === 0) {
          skipped.push({ column: col.name, reason: 'no value in the training split' });
          return;
        }
        const categories = [...st.counts.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, MAX_CATEGORIES)
          .map(([value]) => value)
          .sort();
        encoders.push({
          kind: 'one-hot',
          column: col.name,
          categories,
          missingIndicator: st.missing > 0,
        });
      }
    });
    if (encoders.length === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `No usable input column: ${skipped.map((s) => `${s.column} (${s.reason})`).join(', ') || 'none given'}.`,
      );
    }
    return { version: 1, encoders, featureNames: encoders.flatMap(featureNamesOf), skipped };
  }
}

function featureNamesOf(e: FeatureEncoder): string[] {
  const names = e.kind === 'numeric' ? [e.column] : e.categories.map((c) => `${e.column}=${c}`);
  if (e.missingIndicator) names.push(`${e.column}:missing`);
  return names;
}

/** Values of one categorical input that its one-hot encoder has no column for. */
export interface UnseenCategories {
  column: string;
  /** Rows with such a value (missing values are not counted: they have their own encoding). */
  rows: number;
  /** The first few distinct such values, in the order met (at most UNSEEN_EXAMPLES). */
  values: string[];
  /** Categories the encoder knows (one-hot columns). */
  known: number;
  /**
   * True when the encoder kept only the {@link MAX_CATEGORIES} most frequent training
   * categories (it knows that many): a value it lacks may then be in the training data, only
   * rarer, not never seen. Absent otherwise.
   */
  capped?: boolean;
  /**
   * Unseen values that differ from a known category only by letter case or surrounding
   * spaces ("married" for "Married"; shared/classList.ts similarClass), the first few
   * distinct ones (at most UNSEEN_EXAMPLES), whether or not among `values`. Absent when none.
   */
  similar?: { value: string; category: string }[];
}

/** Distinct unseen values kept per column as examples. */
export const UNSEEN_EXAMPLES = 5;

/**
 * Counts the values of categorical inputs that {@link transform} encodes as an unseen
 * category: all zeros over the column's one-hot features (and 0 on its missing indicator),
 * the same as a training category rarer than the top {@link MAX_CATEGORIES}. Accumulates
 * into `into` (by column) across batches.
 * @param columns columns by name, each [n] values (the same as for transform).
 */
export function countUnseenCategories(
  prep: FittedPreprocessing,
  columns: Record<string, RawCell[]>,
  into: Map<string, UnseenCategories>,
): void {
  for (const enc of prep.encoders) {
    if (enc.kind !== 'one-hot') continue;
    const values = columns[enc.column];
    if (!values) continue;
    const known = new Set(enc.categories);
    let similarTo: ((name: string) => string | null) | null = null;
    let entry = into.get(enc.column);
    for (const v of values) {
      if (v === null || known.has(String(v))) continue;
      if (!entry) {
        entry = { column: enc.column, rows: 0, values: [], known: enc.categories.length };
        // At the cap the fit may have dropped rarer training categories (fitPreprocessing).
        if (enc.categories.length >= MAX_CATEGORIES) entry.capped = true;
        into.set(enc.column, entry);
      }
      entry.rows++;
      const text = String(v);
      if (entry.values.length < UNSEEN_EXAMPLES && !entry.values.includes(text)) {
        entry.values.push(text);
      }
      const pairs = entry.similar ?? [];
      if (pairs.length < UNSEEN_EXAMPLES && !pairs.some((p) => p.value === text)) {
        similarTo ??= similarClassLookup(enc.categories);
        const category = similarTo(text);
        if (category !== null) entry.similar = [...pairs, { value: text, category }];
      }
    }
  }
}

/**
 * Applies fitted preprocessing.
 *
 * @param prep the fitted preprocessing.
 * @param columns columns by name; must contain every encoder's column, each with [n] values.
 * @param rows optional row indices to transform (default: all n rows, in order).
 * @returns row-major feature matrix [rows, features] (float32). A standardised value beyond
 *   the 32-bit float range (a number within it, but far from the training values of a column
 *   with a tiny deviation) is clipped to ±FLOAT32_MAX, so no ±Infinity or NaN reaches the
 *   network; numbers beyond the range are refused earlier, where cells are read
 *   (data/cellValues.ts parseNumber). The bundle's preprocess.js clips alike.
 * @throws MtlError('BAD_REQUEST') naming a column the model needs and `columns` lacks.
 */
export function transform(
  prep: FittedPreprocessing,
  columns: Record<string, RawCell[]>,
  rows?: ArrayLike<number>,
): Float32Array {
  const width = prep.featureNames.length;
  const first = prep.encoders[0];
  const n = rows ? rows.length : (columns[first.column]?.length ?? 0);
  const out = new Float32Array(n * width);
  let offset = 0;
  for (const enc of prep.encoders) {
    const values = columns[enc.column];
    if (!values) {
      throw new MtlError(
        'BAD_REQUEST',
        `Input column "${enc.column}" is required by the model but missing.`,
      );
    }
    if (enc.kind === 'numeric') {
      for (let r = 0; r < n; r++) {
        const v = values[rows ? rows[r] : r];
        const ok = typeof v === 'number' && Number.isFinite(v);
        out[r * width + offset] = ok ? clipToFloat32((v - enc.mean) / enc.std) : 0;
        if (enc.missingIndicator) out[r * width + offset + 1] = ok ? 0 : 1;
      }
      offset += enc.missingIndicator ? 2 : 1;
    } else {
      const index = new Map(enc.categories.map((c, i) => [c, i]));
      const k = enc.categories.length;
      for (let r = 0; r < n; r++) {
        const v = values[rows ? rows[r] : r];
        if (v === null) {
          if (enc.missingIndicator) out[r * width + offset + k] = 1;
          continue;
        }
        const j = index.get(String(v));
        if (j !== undefined) out[r * width + offset + j] = 1;
      }
      offset += k + (enc.missingIndicator ? 1 : 0);
    }
  }
  return out;
}

/** `z` clipped to [−FLOAT32_MAX, FLOAT32_MAX] (NaN stays NaN). */
function clipToFloat32(z: number): number {
  return z > FLOAT32_MAX ? FLOAT32_MAX : z < -FLOAT32_MAX ? -FLOAT32_MAX : z;
}

/**
 * Encodes a task's target column as class indices.
 * @param values [n] raw target values (boolean 0/1 become the task's classes that read
 *   false/true, e.g. "no"/"yes": booleanNamesOfClasses).
 * @param classes ordered class labels of the task.
 * @param type the target column's type.
 * @returns [n] class index per row, −1 where the label is missing.
 * @throws MtlError('TASK_INVALID') for a value that is not one of the classes (names row and value).
 */
export function encodeLabels(values: RawCell[], classes: string[], type: ColumnType): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const names = type === 'boolean' ? booleanNamesOfClasses(classes) : DEFAULT_BOOLEAN_NAMES;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = cellToLabel(values[i], type, names);
    if (label === null) {
      out[i] = -1;
      continue;
    }
    const j = index.get(label);
    if (j === undefined) {
      throw new MtlError(
        'TASK_INVALID',
        `Row ${i + 1}: label "${label}" is not one of the task's classes (${quotedNames(classes)}).`,
      );
    }
    out[i] = j;
  }
  return out;
}

/**
 * The class label of a raw cell: booleans 0/1 → `names` (a task's: booleanNamesOfClasses of
 * its classes; a column's: its profile's `booleanNames`; default "false"/"true"), numbers →
 * their decimal text, null for a missing cell.
 */
export function cellToLabel(
  value: RawCell,
  type: ColumnType,
  names: BooleanNames = DEFAULT_BOOLEAN_NAMES,
): string | null {
  if (value === null) return null;
  if (type === 'boolean')
    return value === 1 || value === '1' || value === 'true' ? names[1] : names[0];
  return String(value);
}
