/**
 * similarClass: the existing class a new one differs from only by letter case or surrounding
 * spaces (the cases of the Label view's warning and `labels import --add-classes`). Expected
 * values written by hand from the rule.
 */
import { describe, expect, it } from 'vitest';
import { similarClass, similarClassPairs } from '../../src/shared/classList';

describe('similarClass', () => {
  it('finds a class differing only by case or surrounding spaces', () => {
    expect(similarClass('RED', ['blue', 'red'])).toBe('red');
    expect(similarClass('red ', ['blue', 'red'])).toBe('red');
    expect(similarClass('red', ['blue', ' Red '])).toBe(' Red ');
    expect(similarClass('Straße', ['STRASSE'])).toBeNull(); // not a case variant by toLowerCase
  });

  it('is null for a class the task has, or one differing otherwise', () => {
    expect(similarClass('red', ['blue', 'red', 'RED'])).toBeNull();
    expect(similarClass('re d', ['red'])).toBeNull();
    expect(similarClass('reds', ['red'])).toBeNull();
    expect(similarClass('green', [])).toBeNull();
  });
});

describe('similarClassPairs', () => {
  it('pairs each later class with the earlier one it differs from only by case or spaces', () => {
    // By hand: 'RED' repeats 'red' but for case, 'Blue ' repeats 'blue' but for a space;
    // 'green' has no such earlier class, and the first of each pair is never listed.
    expect(similarClassPairs(['red', 'RED', 'blue', 'green', 'Blue '])).toEqual([
      { className: 'RED', existing: 'red' },
      { className: 'Blue ', existing: 'blue' },
    ]);
    expect(similarClassPairs(['a', 'b'])).toEqual([]);
  });
});
