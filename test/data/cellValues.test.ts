/**
 * The fast numeric cell reader used by prediction must read every text exactly as the
 * import's general path (toCellValue(raw, 'numeric', grammar)) does: the same number, the
 * same null for a missing token, the same CellTypeError. The reference is toCellValue
 * itself (trim, missing tokens, then the number grammar): the reader skips the first two
 * on its fast path, which must never change an answer. A few values are checked by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  CellTypeError,
  cellGrammar,
  numericCellReader,
  toCellValue,
  type CellGrammar,
} from '../../src/main/data/cellValues';
import { mulberry32 } from '../../src/main/engine/random';

/** The outcome of reading a text: the value, or the error's class and message. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

function expectSameAsGeneral(texts: string[], grammar: CellGrammar): void {
  const fast = numericCellReader(grammar);
  for (const text of texts) {
    expect(
      outcome(() => fast(text)),
      JSON.stringify(text),
    ).toEqual(outcome(() => toCellValue(text, 'numeric', grammar)));
  }
}

const EDGE_CASES = [
  '0',
  '-0',
  '+7',
  '3.25',
  '5.',
  '.5',
  '-.5e-3',
  '1E+10',
  '007',
  '00.5',
  ' 42 ',
  '\t1.5',
  '1e999',
  '-1e999',
  '1e',
  'e5',
  '.',
  '+',
  '-',
  '',
  ' ',
  'NA',
  'n/a',
  'NaN',
  'null',
  '?',
  'None',
  'Infinity',
  '-Infinity',
  '0x10',
  '0b101',
  '0o7',
  '1_000',
  '1,5',
  '1.2.3',
  '--1',
  '1e5.5',
  '١٢',
  'abc',
];

describe('numericCellReader', () => {
  it('reads plain decimals, missing tokens and bad values by hand', () => {
    const read = numericCellReader();
    expect(read('3.25')).toBe(3.25);
    expect(read('-.5e-3')).toBe(-0.0005);
    expect(read(' 42 ')).toBe(42);
    expect(read('NA')).toBeNull();
    expect(read('')).toBeNull();
    expect(() => read('forty')).toThrow(CellTypeError);
    expect(() => read('1e999')).toThrow(/value '1e999' is not a number/);
    expect(() => read('0x10')).toThrow(CellTypeError);
  });

  it('agrees with toCellValue on edge cases under the default grammar', () => {
    expectSameAsGeneral(EDGE_CASES, cellGrammar());
  });

  it('agrees with toCellValue with a decimal comma and with numeric missing tokens', () => {
    expectSameAsGeneral(EDGE_CASES, cellGrammar({ decimalComma: true }));
    // "-999" and "0" as missing tokens: a number that is a token must read as missing.
    const tokens = cellGrammar({ missingTokens: ['', '-999', '0', 'x'] });
    expectSameAsGeneral([...EDGE_CASES, '-999', '-999.0', '0.0', 'X'], tokens);
    expect(numericCellReader(tokens)('-999')).toBeNull();
    expect(numericCellReader(tokens)('0')).toBeNull();
  });

  it('agrees with toCellValue on 20 000 random texts of number-like characters', () => {
    const random = mulberry32(7);
    const alphabet = '0123456789.+-eE ,xabNn';
    const texts = Array.from({ length: 20_000 }, () => {
      const length = 1 + Math.floor(random() * 7);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      return text;
    });
    expectSameAsGeneral(texts, cellGrammar());
    expectSameAsGeneral(texts, cellGrammar({ decimalComma: true }));
  });
});
