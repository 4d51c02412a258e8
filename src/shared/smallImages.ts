/**
 * Images much smaller than the model's input size: each is enlarged to the input square
 * (a 1 × 1 pixel becomes a flat 64 × 64 colour), so it carries almost nothing to learn from.
 * The import preview and the import's notes warn about them, naming how many and the first
 * few files; they are kept, not refused.
 *
 * The rule: an image is "much smaller" when its shorter side is below a quarter of the
 * square input size (at 64 px: below 16 px; at the smallest input size, 8 px: a 1-px side).
 * A quarter keeps an image enlarged at most 4× per side out of the warning (a 28-px digit at
 * 64 px is fine), while a thumbnail-sized or broken 1 × 1 file is named.
 */

/** An image counts as much smaller when its shorter side < input size × this. */
export const SMALL_IMAGE_FRACTION = 1 / 4;
/**
 * Shorter sides (px) below this are tracked by the preview, so that any input size chosen
 * after it can be checked: MAX_IMAGE_SIZE (512, data/images/decode.ts) × SMALL_IMAGE_FRACTION.
 */
export const SMALL_SIDE_TRACKED = 128;
/** Files named per shorter side, and in a warning. */
export const SMALL_NAMED = 5;

/** One small image: its path (relative, '/'-separated) and original size in pixels. */
export interface SmallImage {
  path: string;
  width: number;
  height: number;
}

/** The images of one shorter side (px): how many, and the first few in source order. */
export interface SmallImageGroup {
  side: number;
  count: number;
  first: SmallImage[];
}

/** The images much smaller than one input size (see the module's rule). */
export interface SmallImages {
  /** The square input size (px) they were checked against. */
  inputSize: number;
  /** Shorter sides below this many pixels count (inputSize × SMALL_IMAGE_FRACTION). */
  below: number;
  /** How many images. */
  count: number;
  /** The first few (at most SMALL_NAMED), smallest shorter side first, then source order. */
  first: SmallImage[];
}

/**
 * The shorter side (px) below which an image is much smaller than `inputSize`.
 * @param inputSize square input size in pixels
 * @returns inputSize × SMALL_IMAGE_FRACTION (16 for 64)
 */
export function smallSideBelow(inputSize: number): number {
  return inputSize * SMALL_IMAGE_FRACTION;
}

/** Gathers the images whose shorter side is below SMALL_SIDE_TRACKED, by shorter side. */
export class SmallImageCounter {
  private readonly groups = new Map<number, SmallImageGroup>();

  /** Count one readable image (sizes in pixels); larger ones are not kept. */
  add(path: string, width: number, height: number): void {
    const side = Math.min(width, height);
    if (side >= SMALL_SIDE_TRACKED) return;
    let group = this.groups.get(side);
    if (!group) this.groups.set(side, (group = { side, count: 0, first: [] }));
    group.count++;
    if (group.first.length < SMALL_NAMED) group.first.push({ path, width, height });
  }

  /** The groups so far, smallest shorter side first. */
  build(): SmallImageGroup[] {
    return [...this.groups.values()].sort((a, b) => a.side - b.side);
  }
}

/**
 * The images of `groups` much smaller than `inputSize`.
 * @param groups shorter-side groups (SmallImageCounter.build; any order)
 * @param inputSize square input size in pixels
 * @returns how many, and the first SMALL_NAMED, smallest first (count 0 when none)
 */
export function smallImages(groups: readonly SmallImageGroup[], inputSize: number): SmallImages {
  const below = smallSideBelow(inputSize);
  const small = [...groups].filter((g) => g.side < below).sort((a, b) => a.side - b.side);
  return {
    inputSize,
    below,
    count: small.reduce((n, g) => n + g.count, 0),
    first: small.flatMap((g) => g.first).slice(0, SMALL_NAMED),
  };
}
