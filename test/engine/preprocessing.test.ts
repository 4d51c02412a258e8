import { describe, expect, it } from 'vitest';
import { encodeLabels, fitPreprocessing, transform } from '../../src/main/engine/preprocessing';

describe('fitPreprocessing / transform', () => {
  const columns = [
    { name: 'x', type: 'numeric' as const, values: [1, 3, null, 100, 1000] },
    { name: 'c', type: 'categorical' as const, values: ['red', 'blue', 'red', 'green', null] },
    { name: 'id', type: 'text' as const, values: ['a', 'b', 'c', 'd', 'e'] },
  ];
  const train = [0, 1, 2]; // rows 3 and 4 are validation/test: they must not influence the fit

  it('fits on the training rows only (no leakage from other splits)', () => {
    const prep = fitPreprocessing(columns, train);
    const x = prep.encoders.find((e) => e.column === 'x')!;
    // Hand computation over training values 1 and 3 (row 2 is missing): mean 2, population std 1.
    expect(x).toMatchObject({ kind: 'numeric', mean: 2, std: 1, missingIndicator: true });
    const c = prep.encoders.find((e) => e.column === 'c')!;
    // "green" appears only outside the training rows, so it is not a category.
    expect(c).toMatchObject({
      kind: 'one-hot',
      categories: ['blue', 'red'],
      missingIndicator: false,
    });
    expect(prep.skipped).toEqual([
      { column: 'id', reason: 'text columns are not used by the tabular trunk' },
    ]);
    expect(prep.featureNames).toEqual(['x', 'x:missing', 'c=blue', 'c=red']);
  });

  it('imputes, standardises and one-hot encodes; unseen and missing categories are all zeros', () => {
    const prep = fitPreprocessing(columns, train);
    const out = transform(prep, Object.fromEntries(columns.map((c) => [c.name, c.values])));
    // Rows: x standardised as (x − 2) / 1; missing x → 0 with indicator 1.
    expect(Array.from(out)).toEqual([
      -1,
      0,
      0,
      1, //
      1,
      0,
      1,
      0, //
      0,
      1,
      0,
      1, //
      98,
      0,
      0,
      0, // "green" unseen → zeros
      998,
      0,
      0,
      0, // missing category, no indicator fitted → zeros
    ]);
  });

  it('names a column the model needs when it is absent', () => {
    const prep = fitPreprocessing(columns, train);
    expect(() => transform(prep, { x: [1] })).toThrow(/"c" is required/);
  });
});

describe('encodeLabels', () => {
  it('maps classes to indices and missing labels to −1', () => {
    expect(Array.from(encodeLabels(['b', null, 'a'], ['a', 'b'], 'categorical'))).toEqual([
      1, -1, 0,
    ]);
    expect(Array.from(encodeLabels([1, 0, null], ['false', 'true'], 'boolean'))).toEqual([
      1, 0, -1,
    ]);
  });
  it('names the row and the unknown label', () => {
    expect(() => encodeLabels(['a', 'z'], ['a', 'b'], 'categorical')).toThrow(/Row 2: label "z"/);
  });
});
