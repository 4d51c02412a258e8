import { describe, expect, it } from 'vitest';
import {
  countUnseenCategories,
  encodeLabels,
  fitPreprocessing,
  PreprocessingFitter,
  transform,
  type UnseenCategories,
} from '../../src/main/engine/preprocessing';

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

describe('PreprocessingFitter', () => {
  it('fitted over chunks equals the fit over all rows at once', () => {
    const values = Array.from({ length: 1000 }, (_, i) =>
      i % 7 === 0 ? null : Math.sin(i) * 100 + i / 10,
    );
    const colours = Array.from({ length: 1000 }, (_, i) =>
      i % 11 === 0 ? null : ['a', 'b', 'c'][i % 3],
    );
    const cols = [
      { name: 'x', type: 'numeric' as const, values },
      { name: 'c', type: 'categorical' as const, values: colours },
    ];
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const whole = fitPreprocessing(cols, rows);
    const fitter = new PreprocessingFitter(cols);
    for (let start = 0; start < 1000; start += 128) {
      const chunk = { x: values.slice(start, start + 128), c: colours.slice(start, start + 128) };
      fitter.update(
        chunk,
        Array.from({ length: chunk.x.length }, (_, i) => i),
      );
    }
    const streamed = fitter.finish();
    const [wx, sx] = [whole.encoders[0], streamed.encoders[0]];
    expect(wx.kind === 'numeric' && sx.kind === 'numeric').toBe(true);
    // Independent two-pass mean and population std of the non-missing values.
    const present = values.filter((v): v is number => v !== null);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    const std = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
    if (wx.kind === 'numeric' && sx.kind === 'numeric') {
      expect(sx.mean).toBeCloseTo(mean, 9);
      expect(sx.std).toBeCloseTo(std, 9);
      expect(wx.mean).toBeCloseTo(mean, 9);
    }
    expect(streamed.encoders[1]).toEqual(whole.encoders[1]);
    expect(streamed.featureNames).toEqual(whole.featureNames);
  });
});

describe('countUnseenCategories', () => {
  it('counts the non-missing values outside the one-hot categories, across batches, with the first few examples', () => {
    const prep = fitPreprocessing(
      [
        { name: 'c', type: 'categorical' as const, values: ['red', 'blue', 'red', null] },
        { name: 'x', type: 'numeric' as const, values: [1, 2, 3, 4] },
      ],
      [0, 1, 2, 3],
    );
    const unseen = new Map<string, UnseenCategories>();
    const batch1 = { c: ['red', 'Martian', null, 'Martian'], x: [1, 2, 3, 4] };
    countUnseenCategories(prep, batch1, unseen);
    countUnseenCategories(
      prep,
      { c: ['a', 'b', 'c', 'd', 'e', 'blue'], x: [1, 1, 1, 1, 1, 1] },
      unseen,
    );
    // By hand: Martian ×2, then a…e: 7 rows; examples stop at 5 distinct values.
    expect([...unseen.values()]).toEqual([
      { column: 'c', rows: 7, values: ['Martian', 'a', 'b', 'c', 'd'], known: 2 },
    ]);
    // What "predicted as the preprocessing encodes it" means: all zeros over c's one-hot
    // features and 0 on its missing indicator (features: c=blue, c=red, c:missing, x).
    expect(prep.featureNames).toEqual(['c=blue', 'c=red', 'c:missing', 'x']);
    const out = transform(prep, batch1);
    expect(Array.from(out.subarray(4, 7))).toEqual([0, 0, 0]);
    expect(Array.from(out.subarray(8, 11))).toEqual([0, 0, 1]);
  });

  it('pairs the unseen values that differ from a known category only by case or spaces', () => {
    // Found by a new user: "married" was warned about with no word of "Married".
    const prep = fitPreprocessing(
      [{ name: 'm', type: 'categorical' as const, values: ['Married', 'Single', 'Married'] }],
      [0, 1, 2],
    );
    const unseen = new Map<string, UnseenCategories>();
    countUnseenCategories(
      prep,
      { m: ['married', 'Widowed', 'married', ' SINGLE ', 'Married', 'single'] },
      unseen,
    );
    // By hand: 5 unseen rows (all but "Married"); "Widowed" is like no category; each
    // distinct near-miss is paired once, in the order met.
    expect([...unseen.values()]).toEqual([
      {
        column: 'm',
        rows: 5,
        values: ['married', 'Widowed', ' SINGLE ', 'single'],
        known: 2,
        similar: [
          { value: 'married', category: 'Married' },
          { value: ' SINGLE ', category: 'Single' },
          { value: 'single', category: 'Single' },
        ],
      },
    ]);
  });
});
