import { describe, expect, it } from 'vitest';
import { largestRemainder, stratifiedSplit } from '../../src/main/engine/split';

describe('stratifiedSplit', () => {
  it('keeps class proportions in every split (hand-computed counts)', () => {
    // 100 rows: 60 "a", 30 "b", 10 "c". 70/15/15 per class by largest remainder:
    // a: 42/9/9, b: 21/4.5/4.5 → 21/5/4 (ties go to the earlier split), c: 7/1.5/1.5 → 7/2/1.
    const strata = [...Array(60).fill('a'), ...Array(30).fill('b'), ...Array(10).fill('c')];
    const split = stratifiedSplit(100, strata, { train: 0.7, validation: 0.15, test: 0.15 }, 1);
    const count = (cls: string, s: string) =>
      strata.filter((c, i) => c === cls && split[i] === s).length;
    expect([count('a', 'train'), count('a', 'validation'), count('a', 'test')]).toEqual([42, 9, 9]);
    expect([count('b', 'train'), count('b', 'validation'), count('b', 'test')]).toEqual([21, 5, 4]);
    expect([count('c', 'train'), count('c', 'validation'), count('c', 'test')]).toEqual([7, 2, 1]);
  });

  it('spreads rows with a missing stratum label across splits instead of dropping them', () => {
    const strata = [...Array(20).fill('a'), ...Array(20).fill(null)];
    const split = stratifiedSplit(40, strata, { train: 0.5, validation: 0.25, test: 0.25 }, 3);
    const missingTrain = split.filter((s, i) => strata[i] === null && s === 'train').length;
    expect(split).toHaveLength(40);
    expect(missingTrain).toBe(10);
  });

  it('is reproducible for a seed and changes with the seed', () => {
    const strata = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 'x' : 'y'));
    const f = { train: 0.6, validation: 0.2, test: 0.2 };
    expect(stratifiedSplit(50, strata, f, 7)).toEqual(stratifiedSplit(50, strata, f, 7));
    expect(stratifiedSplit(50, strata, f, 7)).not.toEqual(stratifiedSplit(50, strata, f, 8));
  });

  it('rejects fractions that do not sum to 1, naming them', () => {
    expect(() => stratifiedSplit(10, null, { train: 0.7, validation: 0.2, test: 0.2 }, 1)).toThrow(
      /train=0.7, validation=0.2, test=0.2/,
    );
  });
});

describe('largestRemainder', () => {
  it('matches Hamilton apportionment by hand', () => {
    // 10 × (0.7, 0.15, 0.15) = 7, 1.5, 1.5 → 7, 2, 1 (tie broken toward the earlier part).
    expect(largestRemainder(10, [0.7, 0.15, 0.15])).toEqual([7, 2, 1]);
    expect(largestRemainder(3, [1 / 3, 1 / 3, 1 / 3])).toEqual([1, 1, 1]);
  });
});
