/**
 * parseNumber reads exactly the texts of the documented pattern
 * /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/ (the regular expression is the reference here;
 * the import uses a hand-written scanner for speed), as Number() reads them, within the
 * 32-bit float range.
 */
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/main/data/cellValues';
import { mulberry32 } from '../../src/main/engine/random';

const PATTERN = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const reference = (text: string): number | null => {
  if (!PATTERN.test(text)) return null;
  const value = Number(text);
  // Only numbers a 32-bit float holds (|x| < 2^128 − 2^103, the rounding midpoint past its
  // largest finite value 3.4028234663852886e38): the network computes in float32.
  return Number.isFinite(value) && Math.abs(value) < 2 ** 128 - 2 ** 103 ? value : null;
};

describe('parseNumber', () => {
  it('agrees with the pattern on edge cases', () => {
    const cases = [
      '',
      '-',
      '+',
      '.',
      '5.',
      '.5',
      '-.5e-3',
      '+7',
      '1e',
      '1e+',
      '1E5',
      '1e5.5',
      '00.10',
      '1.2.3',
      '--1',
      ' 1',
      '1 ',
      'Infinity',
      'NaN',
      '0x10',
      '1_000',
      '1,5',
      'e5',
      '9'.repeat(400),
      '3e38',
      '4e38',
      '-1e39',
    ];
    for (const text of cases) expect([text, parseNumber(text)]).toEqual([text, reference(text)]);
  });

  it('agrees with the pattern on 20 000 random texts over its alphabet', () => {
    const random = mulberry32(5);
    const alphabet = '0123456789.+-eE ';
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 8);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect([text, parseNumber(text)]).toEqual([text, reference(text)]);
    }
  });
});
