/**
 * The Predict view's heading of a CSV's predicted rows (found by a new user: a 69-row file
 * was headed "First 69 rows of the file"). Expected texts by hand; `truncated` is the
 * server's "the file has more rows" (services/exports.ts reads one row past the preview).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  predictShownText,
  unseenSimilarText,
} from '../../src/renderer/src/components/predictShown';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

const t = (key: string, values: Record<string, unknown>, plural: number): string =>
  i18n.global.t(key, values, plural);
const rows = (n: number) => Array.from({ length: n }, () => ({}) as never);

describe('the rows a CSV prediction shows', () => {
  it('says "All 69 rows" when the preview holds the whole file, "First 50" when it has more', () => {
    expect(predictShownText({ rows: rows(69), truncated: false }, t)).toBe(
      'All 69 rows of the file',
    );
    expect(predictShownText({ rows: rows(1), truncated: false }, t)).toBe('The file’s only row');
    expect(predictShownText({ rows: rows(50), truncated: true }, t)).toBe(
      'First 50 rows of the file',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(predictShownText({ rows: rows(69), truncated: false }, t)).toBe('文件的全部 69 行');
    expect(predictShownText({ rows: rows(50), truncated: true }, t)).toBe('文件的前 50 行');
  });
});

describe('the rows of a file read with "skip bad lines"', () => {
  // Counted by hand: a 6-row file with 2 ragged lines keeps 4 rows; a file whose 3 lines are
  // all ragged keeps none.
  const skip = (count: number) => ({ count, lines: [4, 6].slice(0, count) });
  it("says how many of the file's rows it holds, and when every line was skipped", () => {
    expect(predictShownText({ rows: rows(4), truncated: false, skippedLines: skip(2) }, t)).toBe(
      '4 of 6 rows of the file; 2 lines skipped',
    );
    expect(predictShownText({ rows: rows(5), truncated: false, skippedLines: skip(1) }, t)).toBe(
      '5 of 6 rows of the file; 1 line skipped',
    );
    expect(predictShownText({ rows: rows(0), truncated: false, skippedLines: skip(3) }, t)).toBe(
      'No row of the file: all 3 lines were skipped',
    );
    expect(predictShownText({ rows: rows(0), truncated: false, skippedLines: skip(1) }, t)).toBe(
      'No row of the file: its only line was skipped',
    );
    // A preview of part of the file: its first rows (the warning says more may be skipped).
    expect(predictShownText({ rows: rows(50), truncated: true, skippedLines: skip(2) }, t)).toBe(
      'First 50 rows of the file',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(predictShownText({ rows: rows(4), truncated: false, skippedLines: skip(2) }, t)).toBe(
      '文件 6 行中的 4 行；跳过了 2 行',
    );
    expect(predictShownText({ rows: rows(0), truncated: false, skippedLines: skip(3) }, t)).toBe(
      '文件中没有可预测的行：全部 3 行都被跳过',
    );
  });
});

describe('an unseen category like a known one', () => {
  const tt = (key: string, values?: Record<string, unknown>): string =>
    i18n.global.t(key, values ?? {});
  it('asks "did you mean" the known category, in English and Chinese', () => {
    const similar = [
      { value: 'married', category: 'Married' },
      { value: 'single ', category: 'Single' },
    ];
    expect(unseenSimilarText(similar, tt)).toBe(
      'Did you mean “Married” for “married”, “Single” for “single ”? Categories are matched by their exact text.',
    );
    expect(unseenSimilarText(undefined, tt)).toBe('');
    expect(unseenSimilarText([], tt)).toBe('');
    i18n.global.locale.value = 'zh-CN';
    expect(unseenSimilarText(similar.slice(0, 1), tt)).toBe(
      '是否应为“Married”（而非“married”）？类别按其确切文字匹配。',
    );
  });
});
