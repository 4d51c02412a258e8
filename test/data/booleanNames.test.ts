/**
 * The names a boolean column's values go by (src/main/data/cellValues.ts): the file's own
 * spelling, most frequent first, a missing value named after its partner, and the names a
 * task's classes give back. Expected values written by hand from the inputs.
 */
import { describe, expect, it } from 'vitest';
import {
  booleanNamesOfClasses,
  booleanNamesOfTexts,
  booleanPartner,
} from '../../src/main/data/cellValues';
import { cellToLabel, encodeLabels } from '../../src/main/engine/preprocessing';

describe('boolean names', () => {
  it('takes the most frequent spelling of each value', () => {
    const counts = new Map([
      ['Yes', 1],
      ['yes', 5],
      ['no', 4],
    ]);
    expect(booleanNamesOfTexts(counts)).toEqual(['no', 'yes']);
    expect(
      booleanNamesOfTexts(
        new Map([
          ['true', 2],
          ['false', 1],
        ]),
      ),
    ).toEqual(['false', 'true']);
    expect(booleanNamesOfTexts(new Map())).toBeNull();
  });

  it('names a value absent from the file after its partner, in its case', () => {
    expect(booleanNamesOfTexts(new Map([['yes', 60]]))).toEqual(['no', 'yes']);
    expect(booleanNamesOfTexts(new Map([['F', 3]]))).toEqual(['F', 'T']);
    expect(booleanPartner('YES')).toBe('NO');
    expect(booleanPartner('True')).toBe('False');
    expect(booleanPartner('1')).toBe('0');
  });

  it("reads a task's classes back in any order, false/true for a legacy task", () => {
    expect(booleanNamesOfClasses(['yes', 'no'])).toEqual(['no', 'yes']);
    expect(booleanNamesOfClasses(['false', 'true'])).toEqual(['false', 'true']);
    // Stored cells 1/0 encode to the class that reads true/false, whatever its place.
    expect([...encodeLabels([1, 0, null, 1], ['yes', 'no'], 'boolean')]).toEqual([0, 1, -1, 0]);
    expect([...encodeLabels([1, 0], ['false', 'true'], 'boolean')]).toEqual([1, 0]);
    expect(cellToLabel(1, 'boolean')).toBe('true');
    expect(cellToLabel(0, 'boolean', ['N', 'Y'])).toBe('N');
  });
});
