/**
 * Seeded, stratified train/validation/test split of a dataset's rows.
 */
import type { SplitName } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { mulberry32, shuffleInPlace } from './random';

/** Fractions of rows per split; each in [0, 1], summing to 1 (±1e-9). */
export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

/** The default 70/15/15 split. */
export const DEFAULT_FRACTIONS: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };

const SPLITS: SplitName[] = ['train', 'validation', 'test'];

/**
 * Assigns each row to train, validation or test.
 *
 * Rows are grouped into strata by `strata[i]` (e.g. the first task's label; a missing
 * label, null, is a stratum of its own so unlabelled rows are spread too). Within each
 * stratum the rows are shuffled with the seed and cut by the largest-remainder method,
 * so every split gets each class in proportion (as sklearn's StratifiedShuffleSplit aims
 * to). Without strata (null), all rows form one stratum.
 *
 * @param n number of rows; the result is indexed like the input rows.
 * @param strata [n] stratum key per row, or null for an unstratified split.
 * @param fractions fractions per split, summing to 1.
 * @param seed seed of the shuffle.
 * @returns [n] split name per row.
 * @throws MtlError('SPLIT_INVALID') when fractions are negative or do not sum to 1, or
 *   strata has a different length than n.
 */
export function stratifiedSplit(
  n: number,
  strata: (string | null)[] | null,
  fractions: SplitFractions,
  seed: number,
): SplitName[] {
  const f = [fractions.train, fractions.validation, fractions.test];
  if (f.some((x) => !(x >= 0 && x <= 1)) || Math.abs(f[0] + f[1] + f[2] - 1) > 1e-9) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split fractions must be in [0, 1] and sum to 1; got train=${f[0]}, validation=${f[1]}, test=${f[2]}.`,
    );
  }
  if (strata && strata.length !== n) {
    throw new MtlError('SPLIT_INVALID', `Got ${strata.length} strata keys for ${n} rows.`);
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = strata ? (strata[i] === null ? '\u0000missing' : `v:${strata[i]}`) : 'all';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const random = mulberry32(seed);
  const result: SplitName[] = new Array(n);
  // Sorted keys: the result must not depend on the order rows happened to arrive in.
  for (const key of [...groups.keys()].sort()) {
    const rows = shuffleInPlace(groups.get(key)!, random) as number[];
    const counts = largestRemainder(rows.length, f);
    let start = 0;
    counts.forEach((count, s) => {
      for (let i = start; i < start + count; i++) result[rows[i]] = SPLITS[s];
      start += count;
    });
  }
  return result;
}

/**
 * Splits `total` items into integer parts proportional to `fractions` (Hamilton's
 * largest-remainder method): parts sum to `total`, each within 1 of its exact share.
 */
export function largestRemainder(total: number, fractions: number[]): number[] {
  const exact = fractions.map((x) => x * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  return parts;
}

/** Rows already in a split: their stratum keys and assignment, index-aligned. */
export interface AssignedRows {
  /** [m] stratum of each assigned row (its current label), or null for an unstratified split. */
  strata: (string | null)[] | null;
  /** [m] split of each assigned row. */
  assignment: SplitName[];
}

/**
 * Assigns rows that join an existing split (rows labelled since it was made) by the same
 * seeded, stratified rule, WITHOUT moving any row already assigned — so runs trained on the
 * split before keep their train/validation/test rows.
 *
 * Per stratum (same keys as {@link stratifiedSplit}; null strata = one stratum): the
 * stratum's size after joining is cut by largest remainder into target counts; each split
 * receives the new rows it lacks to reach its target. When the assigned rows already exceed
 * a split's target (earlier rounds), the new rows are shared among the other splits in
 * proportion to what each lacks (largest remainder). The new rows of a stratum are taken in
 * a seeded shuffle, so the result depends only on the seed and the rows' order.
 *
 * @param assigned the rows already in the split.
 * @param newStrata [k] stratum key per new row, or null for an unstratified split.
 * @param k number of new rows.
 * @param fractions the split's fractions, summing to 1.
 * @param seed the split's seed.
 * @returns [k] split name per new row, indexed like `newStrata`.
 * @throws MtlError('SPLIT_INVALID') for fractions that do not sum to 1, or strata whose
 *   lengths differ from the rows (or one side stratified and the other not).
 */
export function extendSplit(
  assigned: AssignedRows,
  newStrata: (string | null)[] | null,
  k: number,
  fractions: SplitFractions,
  seed: number,
): SplitName[] {
  const f = [fractions.train, fractions.validation, fractions.test];
  if (f.some((x) => !(x >= 0 && x <= 1)) || Math.abs(f[0] + f[1] + f[2] - 1) > 1e-6) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split fractions must be in [0, 1] and sum to 1; got train=${f[0]}, validation=${f[1]}, test=${f[2]}.`,
    );
  }
  if ((assigned.strata === null) !== (newStrata === null)) {
    throw new MtlError('SPLIT_INVALID', 'Assigned and new rows must both be stratified or not.');
  }
  if (assigned.strata && assigned.strata.length !== assigned.assignment.length) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Got ${assigned.strata.length} strata keys for ${assigned.assignment.length} assigned rows.`,
    );
  }
  if (newStrata && newStrata.length !== k) {
    throw new MtlError('SPLIT_INVALID', `Got ${newStrata.length} strata keys for ${k} new rows.`);
  }
  const keyOf = (strata: (string | null)[] | null, i: number): string =>
    strata ? (strata[i] === null ? '\u0000missing' : `v:${strata[i]}`) : 'all';
  const held = new Map<string, number[]>();
  assigned.assignment.forEach((s, i) => {
    const key = keyOf(assigned.strata, i);
    let counts = held.get(key);
    if (!counts) held.set(key, (counts = [0, 0, 0]));
    counts[SPLITS.indexOf(s)]++;
  });
  const groups = new Map<string, number[]>();
  for (let i = 0; i < k; i++) {
    const key = keyOf(newStrata, i);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const random = mulberry32(seed);
  const result: SplitName[] = new Array(k);
  for (const key of [...groups.keys()].sort()) {
    const rows = shuffleInPlace(groups.get(key)!, random) as number[];
    const old = held.get(key) ?? [0, 0, 0];
    const target = largestRemainder(old[0] + old[1] + old[2] + rows.length, f);
    const lacking = target.map((t, s) => Math.max(0, t - old[s]));
    const totalLacking = lacking.reduce((a, b) => a + b, 0);
    // Σ lacking ≥ rows.length always (targets sum to old + new); equal unless a split is over.
    const counts =
      totalLacking === rows.length
        ? lacking
        : largestRemainder(
            rows.length,
            lacking.map((x) => x / totalLacking),
          );
    let start = 0;
    counts.forEach((count, s) => {
      for (let i = start; i < start + count; i++) result[rows[i]] = SPLITS[s];
      start += count;
    });
  }
  return result;
}
