/**
 * shared/similarName.ts: the "Did you mean …?" of a mistyped task name. Expected values by
 * hand: OCUPATION → OCCUPATION is one insertion (9 of 10 characters kept); "sexx" → "sex" one
 * deletion; "specis" → "species" one insertion; "SEXE" is 1 edit from "SEX" (lower case: sexe
 * → sex); "zzzzzzz" is at least 6 edits from each name; "ab" and "ba" are one transposition.
 */
import { describe, expect, it } from 'vitest';
import { didYouMean, similarNames } from '../../src/shared/similarName';

const TASKS = ['INCOME', 'OCCUPATION', 'SEX', 'DUAL.INCOMES'];

describe('similarNames', () => {
  it('matches letter case and surrounding spaces first', () => {
    expect(similarNames('income', TASKS)).toEqual(['INCOME']);
    expect(similarNames(' Sex ', TASKS)).toEqual(['SEX']);
  });

  it('else suggests the names fewest edits away, commander-style', () => {
    expect(similarNames('OCUPATION', TASKS)).toEqual(['OCCUPATION']);
    expect(similarNames('SEXE', TASKS)).toEqual(['SEX']);
    expect(similarNames('specis', ['species', 'sex'])).toEqual(['species']);
    expect(similarNames('sexx', ['species', 'sex'])).toEqual(['sex']);
    expect(similarNames('ab', ['ba', 'xy'])).toEqual(['ba']);
  });

  it('keeps every name at the same best distance, in the given order', () => {
    expect(similarNames('cat', ['bat', 'hat', 'cart'])).toEqual(['bat', 'hat', 'cart']);
  });

  it('suggests nothing far off, nor the name itself', () => {
    expect(similarNames('zzzzzzz', TASKS)).toEqual([]);
    expect(similarNames('nosuch', ['species', 'sex'])).toEqual([]);
    expect(similarNames('INCOME', TASKS)).toEqual([]);
  });
});

describe('didYouMean', () => {
  it('is one sentence, or nothing', () => {
    expect(didYouMean('OCUPATION', TASKS)).toBe(' Did you mean "OCCUPATION"?');
    expect(didYouMean('cat', ['bat', 'hat'])).toBe(' Did you mean one of "bat", "hat"?');
    expect(didYouMean('zzzzzzz', TASKS)).toBe('');
  });
});
