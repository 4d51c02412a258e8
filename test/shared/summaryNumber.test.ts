/**
 * Column summaries write numbers without rounding them into other-looking data (found by a
 * new user: max 12345678 shown as "12346000", mean 3086419.5 as "3086400").
 * Expected texts: by hand from the values.
 */
import { describe, expect, it } from 'vitest';
import { summaryNumber } from '../../src/shared/summaryNumber';

describe('summaryNumber', () => {
  it('writes integers exactly, however large', () => {
    expect(summaryNumber(12_345_678)).toBe('12345678');
    expect(summaryNumber(-987_654_321)).toBe('-987654321');
    expect(summaryNumber(172)).toBe('172');
    expect(summaryNumber(0)).toBe('0');
  });

  it('keeps every integer digit of a non-integer, and 6 significant digits at least', () => {
    // Its values 0.5, 12345678 → mean 6172839.25: 8 integer digits + 1 decimal → 6172839.3.
    expect(summaryNumber(6_172_839.25)).toBe('6172839.3');
    expect(summaryNumber(3_086_419.5)).toBe('3086419.5');
    expect(summaryNumber(43.92249)).toBe('43.9225');
    expect(summaryNumber(0.000123456789)).toBe('0.000123457');
    expect(summaryNumber(2 / 3)).toBe('0.666667');
  });

  it('says "–" for a missing or non-finite statistic', () => {
    expect(summaryNumber(null)).toBe('–');
    expect(summaryNumber(NaN)).toBe('–');
    expect(summaryNumber(Infinity)).toBe('–');
  });
});
