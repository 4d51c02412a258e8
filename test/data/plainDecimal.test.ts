/**
 * The two scanners of plain decimals (plainDecimal.ts: one on strings, one on bytes, kept
 * apart for speed) against the grammar's regular expression, the independent reference
 * (`/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/`, as documented), and Number() for values:
 * the same verdict, the same parts, and plainDecimalValue(text) === Number(text).
 */
import { describe, expect, it } from 'vitest';
import {
  plainDecimalValue,
  scanned,
  scanPlainDecimal,
  scanPlainDecimalBytes,
} from '../../src/main/data/plainDecimal';
import { mulberry32 } from '../../src/main/engine/random';

const GRAMMAR = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

describe('plain decimal scanners', () => {
  it('agree with the grammar, with each other, and with Number() on 20 000 random texts', () => {
    const random = mulberry32(7);
    const alphabet = ['0', '1', '5', '9', '.', '-', '+', 'e', 'E', ' ', 'x', '00', '123456789'];
    const texts = ['', '.', '-', '1.', '.5', '1e', '1e+', '007', '1e22', '1e-23', 'Infinity'];
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      const length = 1 + Math.floor(random() * 8);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      texts.push(text);
    }
    for (const text of texts) {
      const plain = GRAMMAR.test(text);
      expect(scanPlainDecimal(text), text).toBe(plain);
      const parts = { ...scanned };
      const bytes = Buffer.from(`,${text},`, 'latin1');
      expect(scanPlainDecimalBytes(bytes, 1, bytes.length - 1), text).toBe(plain);
      if (plain) {
        expect({ ...scanned }, text).toEqual(parts);
        expect(plainDecimalValue(text), text).toBe(Number(text));
      } else {
        expect(plainDecimalValue(text), text).toBeNaN();
      }
    }
  });
});
