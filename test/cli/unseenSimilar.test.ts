/**
 * `predict`'s warning for categorical values the model never saw ends with "did you mean"
 * when a value differs from a known category only by letter case or spaces (found by a new
 * user: "married" was warned about with no word of "Married"), as a column named only by
 * case apart gets one. Expected texts written by hand.
 */
import { describe, expect, it } from 'vitest';
import { unseenWarning } from '../../src/main/cli/commands/predictWords';

describe('the unseen-categories warning', () => {
  it('names the known category a near-miss value meant', () => {
    expect(
      unseenWarning({
        column: 'marital',
        rows: 3,
        values: ['married', 'Widowed'],
        known: 2,
        similar: [{ value: 'married', category: 'Married' }],
      }),
    ).toBe(
      'column "marital": 3 rows have values the model never saw as a category ("married", "Widowed"); predicted as the preprocessing encodes them: all zeros over its 2 one-hot categories, like a category too rare in training to get its own; did you mean "Married" for "married"? Categories are matched by their exact text',
    );
  });

  it('adds nothing when no value is a near-miss', () => {
    expect(unseenWarning({ column: 'island', rows: 1, values: ['Atlantis'], known: 3 })).toBe(
      'column "island": 1 row has a value the model never saw as a category ("Atlantis"); predicted as the preprocessing encodes it: all zeros over its 3 one-hot categories, like a category too rare in training to get its own',
    );
  });
});
