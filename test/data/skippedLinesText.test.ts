/**
 * The notes of `--bad-lines skip` say "it" for one line and "they" for several (found by a
 * new user: "skipped 1 line … (line 5); they have no row"). Expected texts by hand.
 */
import { describe, expect, it } from 'vitest';
import { skippedLinesNote } from '../../src/main/cli/commands/datasets';
import { skippedLinesText } from '../../src/main/data/badLines';

const PREDICT = {
  one: 'it has no row in the predictions',
  many: 'they have no row in the predictions',
};

describe('skippedLinesText', () => {
  it('one line: "it"', () => {
    expect(skippedLinesText({ count: 1, lines: [5] }, PREDICT)).toBe(
      'skipped 1 line with a wrong number of fields (line 5); it has no row in the predictions',
    );
    expect(skippedLinesNote({ count: 1, lines: [5] })).toBe(
      'note: skipped 1 line with a wrong number of fields (line 5); it is not in the dataset',
    );
  });

  it('several lines: "they"; without `then`, nothing follows', () => {
    expect(skippedLinesText({ count: 2, lines: [3, 7] }, PREDICT)).toBe(
      'skipped 2 lines with a wrong number of fields (lines 3, 7); they have no row in the predictions',
    );
    expect(skippedLinesNote({ count: 2, lines: [3, 7] })).toBe(
      'note: skipped 2 lines with a wrong number of fields (lines 3, 7); they are not in the dataset',
    );
    expect(skippedLinesText({ count: 2, lines: [3, 7] })).toBe(
      'skipped 2 lines with a wrong number of fields (lines 3, 7)',
    );
  });
});
