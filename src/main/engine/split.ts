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
