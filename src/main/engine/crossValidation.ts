/**
 * Repeated, seeded, stratified k-fold cross-validation of a table with several tasks.
 *
 * Rows are ordered by their joint label key (the tuple of every task's label, a missing
 * label being a value of its own), shuffled within each key, and dealt to the folds in
 * turn from a seeded starting fold — the dealing scheme of scikit-learn's StratifiedKFold
 * extended to several tasks. As rows of the first task's class form one contiguous block
 * of that order, every class of the first task (and every joint key) lands in each fold
 * within ±1 row of an equal share; the other tasks' classes follow closely.
 *
 * Each fold in turn is the test split; from the other folds, a stratified systematic sample
 * (same order, every 1/f-th row from a seeded offset) is the validation split that early
 * stopping watches, and the rest is trained on.
 */
import type { SplitName } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { DEFAULT_FOLD_VALIDATION_FRACTION, DEFAULT_FOLDS } from '../../shared/foldCount';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';

/** How a table is cross-validated. */
export interface FoldPlan {
  /** Folds (≥ 2). */
  k: number;
  /** Repetitions with fresh shuffles (≥ 1). */
  repeats: number;
  seed: number;
  /** Fraction of the training folds' rows held out for early stopping, in [0, 0.5]. */
  validationFraction: number;
}

/** The default plan: 5 folds, once, 15 % of the training folds for validation. */
export const DEFAULT_FOLD_PLAN: FoldPlan = {
  k: DEFAULT_FOLDS,
  repeats: 1,
  seed: 42,
  validationFraction: DEFAULT_FOLD_VALIDATION_FRACTION,
};

/** Below this many labelled rows, evaluation defaults to cross-validation. */
export const CROSS_VALIDATION_BELOW_ROWS = 2000;

/** Most repetitions of the k folds a plan may ask for ({@link foldAssignments}). */
export const MAX_FOLD_REPEATS = 100;

/** One fold of one repetition as a train/validation/test assignment. */
export interface Fold {
  /** 0-based repetition. */
  repeat: number;
  /** 0-based fold: the rows it holds are the test split. */
  fold: number;
  /** [n] split of each row. */
  assignment: SplitName[];
}

/**
 * Joint label keys of the rows: the tuple of every task's label (null = missing).
 * @param labels per task, [n] labels (null where missing).
 * @returns [n] keys that sort by the first task's label first.
 * @throws MtlError('SPLIT_INVALID') when the tasks' label lists differ in length.
 */
export function jointKeys(labels: readonly (readonly (string | null)[])[]): string[] {
  const n = labels[0]?.length ?? 0;
  if (labels.some((l) => l.length !== n)) {
    throw new MtlError('SPLIT_INVALID', 'Every task needs one label (or null) per row.');
  }
  // \u0000 sorts missing first and never occurs in a label; \u0001 separates tasks.
  return Array.from({ length: n }, (_, i) =>
    labels.map((l) => (l[i] === null ? '\u0000' : `v${l[i]}`)).join('\u0001'),
  );
}

/**
 * Rows in stratified order: grouped by key (keys sorted), shuffled within each group.
 * @param rows the row indices to order; @param keys [n] key per row (indexed by row).
 */
export function stratifiedOrder(
  rows: readonly number[],
  keys: readonly string[],
  random: () => number,
): number[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    let g = groups.get(keys[r]);
    if (!g) groups.set(keys[r], (g = []));
    g.push(r);
  }
  // Sorted keys: the order must not depend on the order rows arrived in.
  return [...groups.keys()]
    .sort()
    .flatMap((key) => shuffleInPlace(groups.get(key)!, random) as number[]);
}

/**
 * Fold index of every row for one repetition: rows in stratified order dealt to folds
 * k₀, k₀+1, … (mod k) from a seeded k₀.
 * @param keys [n] stratification key per row (see {@link jointKeys}).
 * @returns [n] fold in [0, k).
 * @throws MtlError('SPLIT_INVALID') when k < 2 or k > n.
 */
export function stratifiedKFold(keys: readonly string[], k: number, seed: number): Int32Array {
  const n = keys.length;
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Cross-validation needs 2 ≤ k ≤ rows; got k = ${k} for ${n} rows.`,
      // Too few rows for the folds is what a user meets (the UI offers k ≥ 2 only).
      Number.isInteger(k) && k >= 2
        ? reasonDetails('KFOLD_TOO_FEW_ROWS', { folds: k, rows: n })
        : {},
    );
  }
  const random = mulberry32(seed);
  const order = stratifiedOrder(
    Array.from({ length: n }, (_, i) => i),
    keys,
    random,
  );
  const start = Math.floor(random() * k);
  const fold = new Int32Array(n);
  order.forEach((row, i) => (fold[row] = (start + i) % k));
  return fold;
}

/**
 * Every fold of a plan as a train/validation/test assignment (repeat-major order).
 * @param keys [n] stratification key per row (see {@link jointKeys}).
 * @throws MtlError('SPLIT_INVALID') for k < 2, k > n, repeats < 1 or a validation fraction
 *   outside [0, 0.5].
 */
export function foldAssignments(keys: readonly string[], plan: FoldPlan): Fold[] {
  const { k, repeats, validationFraction: v } = plan;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_FOLD_REPEATS) {
    throw new MtlError('SPLIT_INVALID', `Repeats must be 1…${MAX_FOLD_REPEATS}, got ${repeats}.`);
  }
  if (!(v >= 0 && v <= 0.5)) {
    throw new MtlError('SPLIT_INVALID', `Validation fraction must be in [0, 0.5], got ${v}.`);
  }
  const folds: Fold[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const foldOf = stratifiedKFold(keys, k, deriveSeed(plan.seed, `repeat ${repeat}`));
    for (let fold = 0; fold < k; fold++) {
      const assignment: SplitName[] = Array.from(foldOf, (f) => (f === fold ? 'test' : 'train'));
      const rest = assignment.flatMap((s, i) => (s === 'train' ? [i] : []));
      const random = mulberry32(deriveSeed(plan.seed, `validation ${repeat}/${fold}`));
      for (const row of systematicSample(stratifiedOrder(rest, keys, random), v, random()))
        assignment[row] = 'validation';
      folds.push({ repeat, fold, assignment });
    }
  }
  return folds;
}

/**
 * Every ⌈1/fraction⌉-th-ish element of `ordered`: element i is taken when
 * ⌊(i + 1)·f + u⌋ > ⌊i·f + u⌋, which takes round(f·N) of N elements (±1) spread evenly, so a
 * contiguous group of the order gives its share ±1.
 * @param u offset in [0, 1) (seeded).
 */
export function systematicSample(
  ordered: readonly number[],
  fraction: number,
  u: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < ordered.length; i++) {
    if (Math.floor((i + 1) * fraction + u) > Math.floor(i * fraction + u)) out.push(ordered[i]);
  }
  return out;
}
