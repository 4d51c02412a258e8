/**
 * How a listed cell of a confusion cell's rows reads (confusionCellRows.ts cellText), in Compare
 * and the cross-validation panel alike. Expected texts by hand: a missing value "—"; a boolean
 * column's stored 1 / 0 in the file's own words (here "no" / "yes", booleanNames [false, true]);
 * any other value as it is, a boolean-looking 1 in a numeric column too.
 */
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/renderer/src/components/confusionCellRows';

const smoker = {
  type: 'boolean' as const,
  profile: { booleanNames: ['no', 'yes'] as [string, string] },
};
const age = { type: 'numeric' as const, profile: {} };

describe('cellText', () => {
  it('says missing, a boolean in its own words, and any other value as it is', () => {
    expect(cellText(null, smoker)).toBe('—');
    expect(cellText(1, smoker)).toBe('yes');
    expect(cellText(0, smoker)).toBe('no');
    expect(cellText(1, age)).toBe('1');
    expect(cellText(39.1, undefined)).toBe('39.1');
    expect(cellText('Adelie', undefined)).toBe('Adelie');
  });
});
