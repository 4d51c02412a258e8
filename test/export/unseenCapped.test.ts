/**
 * Found by a new user: predict warned that `cat=k477` was "never seen" though k477 was in
 * the imported data; the model's one-hot encoder keeps only the 64 most frequent training
 * categories (MAX_CATEGORIES), so a rarer training value reads as an unseen one. At the cap
 * the warning now says "not among the 64 categories the model keeps"; below it, "never saw".
 * Expected by hand: 65 training categories, k0…k63 twice each and k64 once, so the fit keeps
 * k0…k63 and leaves k64 out.
 */
import { describe, expect, it } from 'vitest';
import { unseenWarning } from '../../src/main/cli/commands/predictWords';
import {
  countUnseenCategories,
  fitPreprocessing,
  MAX_CATEGORIES,
  type UnseenCategories,
} from '../../src/main/engine/preprocessing';

describe('a category left out by the 64-category cap', () => {
  it('is counted as capped and worded as not kept, not as never seen', () => {
    const values = [
      ...Array.from({ length: 64 }, (_, i) => `k${i}`),
      ...Array.from({ length: 64 }, (_, i) => `k${i}`),
      'k64',
    ];
    const prep = fitPreprocessing(
      [{ name: 'cat', type: 'categorical', values }],
      values.map((_, i) => i),
    );
    expect(MAX_CATEGORIES).toBe(64);
    const into = new Map<string, UnseenCategories>();
    countUnseenCategories(prep, { cat: ['k64', 'k1', 'zz'] }, into);
    const cat = into.get('cat')!;
    expect(cat).toEqual({ column: 'cat', rows: 2, values: ['k64', 'zz'], known: 64, capped: true });
    expect(unseenWarning(cat)).toBe(
      'column "cat": 2 rows have values not among the 64 categories the model keeps ("k64", "zz"); it keeps a column\'s 64 most frequent training categories, and reads rarer ones, like ones never seen, as other: all zeros over its 64 one-hot categories, neither a kept category nor missing',
    );
  });

  it('below the cap, says never seen as before', () => {
    const values = ['a', 'b', 'a'];
    const prep = fitPreprocessing([{ name: 'c', type: 'categorical', values }], [0, 1, 2]);
    const into = new Map<string, UnseenCategories>();
    countUnseenCategories(prep, { c: ['z'] }, into);
    expect(into.get('c')).toEqual({ column: 'c', rows: 1, values: ['z'], known: 2 });
    expect(unseenWarning(into.get('c')!)).toContain('the model never saw as a category ("z")');
  });
});
