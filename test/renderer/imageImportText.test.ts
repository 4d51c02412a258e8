/**
 * The image wizard's counts agree (a new user saw "221 images" in the preview, then
 * "Decoding: 150 of 223 images": the 2 unreadable files counted there): the progress counts
 * files and, when the import skips the unreadable ones, says how many; and images much
 * smaller than the input size are named, in English and Chinese. Expected texts by hand
 * from src/renderer/src/i18n/assets.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeProgressText,
  skippedSmallNote,
  smallImageNames,
} from '../../src/renderer/src/components/imageImportText';
import { i18n } from '../../src/renderer/src/i18n';
import type { SmallImages } from '../../src/shared/smallImages';

const { t } = i18n.global;
afterEach(() => {
  i18n.global.locale.value = 'en';
});

const progress = { phase: 'decode' as const, images: 150, totalImages: 223, bytes: 0 };

describe('image import texts', () => {
  it('the decode progress counts files, and the unreadable ones to skip', () => {
    expect(decodeProgressText(progress, '77.5 KB', 0, t)).toBe(
      'Decoding: 150 of 223 files (77.5 KB)',
    );
    expect(decodeProgressText(progress, '77.5 KB', 2, t)).toBe(
      'Decoding: 150 of 223 files (77.5 KB); 2 of them unreadable, to skip',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(decodeProgressText(progress, '77.5 KB', 2, t)).toBe(
      '解码中：150 / 223 个文件（77.5 KB）；其中 2 个无法读取，将跳过',
    );
  });

  it('names the small images, the first few then a count', () => {
    const small: SmallImages = {
      inputSize: 64,
      below: 16,
      count: 7,
      first: [
        { path: 'a/one.png', width: 1, height: 1 },
        { path: 'b.png', width: 3, height: 40 },
      ],
    };
    expect(smallImageNames(small, t)).toBe('a/one.png (1 × 1 px), b.png (3 × 40 px) and 5 more');
    expect(
      t('images.import.small', { n: 7, size: 64, below: 16 }, 7).startsWith(
        '7 images are much smaller than the 64 × 64 px input (shorter side below 16 px)',
      ),
    ).toBe(true);
    expect(t('images.import.small', { n: 1, size: 64, below: 16 }, 1)).toContain(
      '1 image is much smaller',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(smallImageNames(small, t)).toBe(
      'a/one.png（1 × 1 像素）、b.png（3 × 40 像素） 及另外 5 张',
    );
    expect(t('images.import.smallNote', { n: 7, size: 64, names: 'x' }, 7)).toBe(
      '有 7 张图像远小于 64 × 64 像素的输入，已被放大：x。',
    );
  });

  it('the import note names a few of the images left out as small, then a count', () => {
    // 7 left out at 64 px (below 16): the first 5 (SMALL_NAMED) named, "and 2 more".
    const skippedSmall = [1, 2, 3, 4, 5, 6, 7].map((k) => ({
      path: `p${k}.png`,
      width: 4,
      height: 4,
    }));
    const small: SmallImages = { inputSize: 64, below: 16, count: 0, first: [] };
    expect(skippedSmallNote({ skippedSmall, small }, t)).toBe(
      ' 7 images much smaller than the 64 × 64 px input were skipped: p1.png (4 × 4 px), p2.png (4 × 4 px), p3.png (4 × 4 px), p4.png (4 × 4 px), p5.png (4 × 4 px) and 2 more.',
    );
    expect(skippedSmallNote({ skippedSmall: skippedSmall.slice(0, 1), small }, t)).toBe(
      ' 1 image much smaller than the 64 × 64 px input was skipped: p1.png (4 × 4 px).',
    );
    // Off (nothing skipped): no note.
    expect(skippedSmallNote({ skippedSmall: [], small }, t)).toBe('');
    // The wizard's checkbox and its warning, by count.
    expect(t('images.import.skipSmall', { n: 2, below: 16 }, 2)).toBe(
      'Skip the 2 images smaller than 16 × 16 px (shorter side)',
    );
    expect(t('images.import.smallSkipped', { n: 2, size: 64, below: 16, kept: 4 }, 2)).toBe(
      '2 images are much smaller than the 64 × 64 px input (shorter side below 16 px) and will be left out: 4 images to import.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(skippedSmallNote({ skippedSmall: skippedSmall.slice(0, 2), small }, t)).toBe(
      ' 已跳过 2 张远小于 64 × 64 像素输入的图像：p1.png（4 × 4 像素）、p2.png（4 × 4 像素）。',
    );
    expect(t('images.import.skipSmall', { n: 2, below: 16 }, 2)).toBe(
      '跳过 2 张小于 16 × 16 像素（按短边）的图像',
    );
  });
});
