/**
 * Long class names that differ only at the end stay apart when shortened (a new user's two
 * 123-character names ending A and B looked the same in the Label view). Expected strings
 * written out by hand from the rule: start, "…", last `tail` characters, `max` in all.
 */
import { describe, expect, it } from 'vitest';
import { middleEllipsis } from '../../src/renderer/src/middleEllipsis';

describe('middleEllipsis', () => {
  it('leaves a name that fits unchanged', () => {
    expect(middleEllipsis('Ankle boot', 10)).toBe('Ankle boot');
    expect(middleEllipsis('', 5)).toBe('');
  });

  it('keeps the start and the last characters, max in all', () => {
    // 26 letters, max 10, tail 12 → tail capped at floor(9 / 2) = 4: 'abcde' + '…' + 'wxyz'.
    expect(middleEllipsis('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcde…wxyz');
    // max 20, tail 5: 14 from the start, '…', 5 from the end.
    expect(middleEllipsis('abcdefghijklmnopqrstuvwxyz', 20, 5)).toBe('abcdefghijklmn…vwxyz');
  });

  it('two long names that differ only in their last letter stay different', () => {
    const stem = 'x'.repeat(100) + ' shared suffix ';
    const a = middleEllipsis(`${stem}A`, 40);
    const b = middleEllipsis(`${stem}B`, 40);
    // 40 = 27 from the start + '…' + 12 from the end (' shared suffix A' ends 'red suffix A').
    expect(a).toBe(`${'x'.repeat(27)}…red suffix A`);
    expect(b).toBe(`${'x'.repeat(27)}…red suffix B`);
    expect(Array.from(a)).toHaveLength(40);
  });

  it('never splits a character outside the BMP', () => {
    // 8 cats (one code point each, two UTF-16 units), max 5 → 2 + '…' + 2.
    expect(middleEllipsis('🐱'.repeat(8), 5)).toBe('🐱🐱…🐱🐱');
  });

  it('refuses a max too small for a start, the ellipsis and an end', () => {
    expect(() => middleEllipsis('abcdef', 2)).toThrow('got 2');
  });
});
