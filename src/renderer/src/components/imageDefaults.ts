/**
 * The image import wizard's starting input size and colour, taken from the images its
 * preview found (ImagePreview.stats) instead of a fixed 64 × 64 RGB: 28-px greyscale
 * Fashion-MNIST starts at 28 × 28 grey. The user can still change both.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { ImageColumnStats, ImageSizeStats } from '../../../shared/domain';

/** Input sizes offered (px, square); 28 is Fashion-MNIST's own size. */
export const IMAGE_INPUT_SIZES = [28, 32, 48, 64, 96, 128] as const;

/** The wizard's start when nothing is known of the images. */
export const DEFAULT_IMAGE_INPUT = { size: 64, colour: 'rgb' } as const;

/** A starting input size and colour. */
export interface ImageInputDefaults {
  /** One of {@link IMAGE_INPUT_SIZES}. */
  size: number;
  colour: 'rgb' | 'grey';
}

/**
 * The most common value of one side of the originals: the centre of the fullest histogram
 * bin (the statistics keep one bin per distinct size while there are few, so this is the
 * exact mode then; with many distinct sizes, the centre of the fullest range), else the mean.
 */
export function commonSide(stats: ImageSizeStats): number {
  let best: ImageSizeStats['histogram'][number] | null = null;
  for (const bin of stats.histogram) if (best === null || bin.count > best.count) best = bin;
  return best === null ? stats.mean : (best.lo + best.hi) / 2;
}

/**
 * The offered size nearest to `side` pixels (a tie goes to the larger size, which keeps
 * more detail); below the smallest or above the largest, that one.
 */
export function nearestInputSize(
  side: number,
  sizes: readonly number[] = IMAGE_INPUT_SIZES,
): number {
  let best = sizes[0];
  for (const size of sizes) {
    const gap = Math.abs(size - side);
    const bestGap = Math.abs(best - side);
    if (gap < bestGap || (gap === bestGap && size > best)) best = size;
  }
  return best;
}

/**
 * Input size and colour that suit the images found: the larger of the most common width
 * and height, rounded to an offered size; grey when every image is grey (1 channel, or 2:
 * grey with alpha), else RGB.
 * @param stats the preview's statistics of the readable images; null when there are none.
 * @returns the suggestion, or null when nothing was read (the wizard keeps its values).
 */
export function suggestImageInput(
  stats: ImageColumnStats | null,
  sizes: readonly number[] = IMAGE_INPUT_SIZES,
): ImageInputDefaults | null {
  if (!stats || stats.count === 0) return null;
  const side = Math.max(commonSide(stats.width), commonSide(stats.height));
  const grey = stats.channels.length > 0 && stats.channels.every((c) => c.value <= 2);
  return { size: nearestInputSize(side, sizes), colour: grey ? 'grey' : 'rgb' };
}
