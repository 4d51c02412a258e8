/**
 * Column summaries write numbers without rounding them into other-looking data (found by a
 * new user: max 12345678 shown as "12346000", mean 3086419.5 as "3086400").
 * Expected texts: by hand from the values.
 */
import { describe, expect, it } from 'vitest';
import { summaryNumber } from '../../src/shared/summaryNumber';

describe('summaryNumber', () => {
  it('writes integers exactly, up to 2^53 − 1', () => {
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

  it('writes a number beyond 2^53 with 6 significant digits in exponent notation', () => {
    // Found by a new user: a mean 2.8333333327666658e+29 printed with all 17 digits; past
    // 2^53 − 1 (9007199254740991) a double's digits beyond the 16th are not the data's.
    // Expected by hand: 2.8333333327666658e29 rounded to 6 significant digits.
    expect(summaryNumber(2.8333333327666658e29)).toBe('2.83333e+29');
    expect(summaryNumber(-1e20)).toBe('-1e+20');
    expect(summaryNumber(1.7976931348623157e308)).toBe('1.79769e+308');
    // The largest integer a double holds exactly stays exact; the next one does not.
    expect(summaryNumber(9_007_199_254_740_991)).toBe('9007199254740991');
    expect(summaryNumber(9_007_199_254_740_992)).toBe('9.0072e+15');
  });

  it('says "–" for a missing or non-finite statistic', () => {
    expect(summaryNumber(null)).toBe('–');
    expect(summaryNumber(NaN)).toBe('–');
    expect(summaryNumber(Infinity)).toBe('–');
  });
});
