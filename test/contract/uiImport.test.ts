/**
 * The renderer's import helpers, from Node: the image wizard's starting input size and colour
 * and the import wizard's re-read line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import {
  nearestInputSize,
  suggestImageInput,
} from '../../src/renderer/src/components/imageDefaults';
import { rereadText } from '../../src/renderer/src/components/importReread';
import type { ImageColumnStats } from '../../src/shared/domain';

describe('the image wizard’s starting input', () => {
  /** Statistics as data/images/stats.ts builds them: one histogram bin per distinct size. */
  const stats = (
    widths: [number, number][],
    heights: [number, number][],
    channels: [number, number][],
  ): ImageColumnStats => {
    const side = (counts: [number, number][]) => ({
      min: Math.min(...counts.map((c) => c[0])),
      max: Math.max(...counts.map((c) => c[0])),
      mean: counts.reduce((s, [v, n]) => s + v * n, 0) / counts.reduce((s, [, n]) => s + n, 0),
      histogram: counts.map(([v, count]) => ({ lo: v - 0.5, hi: v + 0.5, count })),
    });
    return {
      count: channels.reduce((s, [, n]) => s + n, 0),
      width: side(widths),
      height: side(heights),
      channels: channels.map(([value, count]) => ({ value, count })),
      formats: [{ value: 'png', count: 1 }],
      bytes: { min: 1, max: 1, mean: 1, total: 1 },
      duplicates: 0,
    };
  };

  it('starts 28-px greyscale images at 28 × 28 grey', () => {
    // The Fashion-MNIST fixture: 500 PNGs of 28 × 28, one channel.
    expect(suggestImageInput(stats([[28, 500]], [[28, 500]], [[1, 500]]))).toEqual({
      size: 28,
      colour: 'grey',
    });
  });

  it('takes the most common size, rounded to an offered one, and RGB when any image has colour', () => {
    // 90 photos of 100 × 80 and 10 of 400 × 300 (mean width 130 would say 128): the most
    // common larger side is 100, nearest offered size 96. One RGB image makes it RGB.
    const mixed = stats(
      [
        [100, 90],
        [400, 10],
      ],
      [
        [80, 90],
        [300, 10],
      ],
      [
        [1, 99],
        [3, 1],
      ],
    );
    expect(suggestImageInput(mixed)).toEqual({ size: 96, colour: 'rgb' });
    // Grey with alpha (2 channels) is still grey.
    expect(
      suggestImageInput(
        stats(
          [[32, 4]],
          [[32, 4]],
          [
            [2, 3],
            [1, 1],
          ],
        ),
      ),
    ).toEqual({
      size: 32,
      colour: 'grey',
    });
    expect(suggestImageInput(null)).toBeNull();
  });

  it('rounds to the nearest offered size, a tie to the larger one, clamped to the list', () => {
    expect(nearestInputSize(40)).toBe(48); // 32 and 48 are both 8 away
    expect(nearestInputSize(29)).toBe(28);
    expect(nearestInputSize(30)).toBe(32); // a tie again
    expect(nearestInputSize(10)).toBe(28);
    expect(nearestInputSize(4000)).toBe(128);
    expect(nearestInputSize(70)).toBe(64);
  });
});

describe('the import wizard’s re-read line', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('names the column, value and line that sent a one-pass import back, en and zh-CN', () => {
    // Hand-written expectations for what importCsv reports (test/data/onePassImport.test.ts).
    const text = { column: 'x', kind: 'text', value: 'oops', line: 25_002 } as const;
    const type = { column: 'code', kind: 'type', type: 'numeric' } as const;
    i18n.global.locale.value = 'en';
    expect(rereadText(text)).toBe(
      'Re-reading the file: column “x” has the text “oops” on line 25002, so it is not read as numbers',
    );
    expect(rereadText(type)).toBe(
      'Re-reading the file: column “code” turned out to be numeric in its later rows',
    );
    expect(rereadText({ column: 'flag', kind: 'notBoolean', value: 'maybe' })).toContain('“maybe”');
    expect(rereadText({ column: 'code', kind: 'leadingZero' })).toContain('leading zero');
    i18n.global.locale.value = 'zh-CN';
    expect(rereadText(text)).toBe(
      '正在重新读取文件：列“x”在第 25002 行有文本“oops”，因此不按数值读取',
    );
    expect(rereadText(type)).toBe('正在重新读取文件：列“code”在后面的行中实为数值');
    for (const kind of ['leadingZero', 'notBoolean'] as const)
      expect(rereadText({ column: 'c', kind, value: 'v' } as never)).toMatch(/[\u4e00-\u9fff]/);
  });
});
