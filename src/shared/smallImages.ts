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
  /** The group's classes, sizes, channels and formats (set by the import preview only). */
  summary?: ImageSetSummary;
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

/** A count per distinct value, most frequent first (ties by value). */
export interface ValueCount<T extends string | number> {
  value: T;
  count: number;
}

/**
 * Figures of a set of readable images that merge exactly across sets (counts, sums, minima,
 * maxima): the preview keeps one per shorter-side group and one for the rest, so the wizard
 * and `import-images --preview --skip-small` can show the classes, sizes, channels and
 * formats of the images an import keeps once the small ones are left out.
 */
export interface ImageSetSummary {
  /** How many images. */
  count: number;
  /** Widths in pixels: smallest, largest, and their sum (for the mean). 0s when count is 0. */
  width: { min: number; max: number; sum: number };
  /** Heights in pixels, as width. */
  height: { min: number; max: number; sum: number };
  /** Channels per pixel of the originals. */
  channels: ValueCount<number>[];
  /** File formats of the originals ('png', 'jpeg', …). */
  formats: ValueCount<string>[];
  /** Per label column (the preview's tasks, in order): class counts and missing labels. */
  labels: { classes: ValueCount<string>[]; missing: number }[];
}

function bumpBy<T>(counts: Map<T, number>, key: T, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function rankedCounts<T extends string | number>(counts: Map<T, number>): ValueCount<T>[] {
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value, count]) => ({ value, count }));
}

/** Gathers an {@link ImageSetSummary}, one image or one summary at a time. */
export class ImageSetSummaryBuilder {
  private count = 0;
  private readonly width = { min: Infinity, max: -Infinity, sum: 0 };
  private readonly height = { min: Infinity, max: -Infinity, sum: 0 };
  private readonly channels = new Map<number, number>();
  private readonly formats = new Map<string, number>();
  private readonly classes: Map<string, number>[];
  private readonly missing: number[];

  /** @param columns how many label columns each image has */
  constructor(readonly columns: number) {
    this.classes = Array.from({ length: columns }, () => new Map());
    this.missing = Array.from({ length: columns }, () => 0);
  }

  /**
   * Count one image.
   * @param info its original size (pixels), channels and format
   * @param labels one per label column, null when missing
   */
  add(
    info: { width: number; height: number; channels: number; format: string },
    labels: readonly (string | null)[],
  ): void {
    this.count++;
    this.side(this.width, info.width, info.width, info.width);
    this.side(this.height, info.height, info.height, info.height);
    bumpBy(this.channels, info.channels, 1);
    bumpBy(this.formats, info.format, 1);
    labels.forEach((label, k) => {
      if (label === null) this.missing[k]++;
      else bumpBy(this.classes[k], label, 1);
    });
  }

  /** Count every image of an earlier summary (with the same label columns). */
  merge(summary: ImageSetSummary): void {
    if (summary.count === 0) return;
    this.count += summary.count;
    this.side(this.width, summary.width.min, summary.width.max, summary.width.sum);
    this.side(this.height, summary.height.min, summary.height.max, summary.height.sum);
    for (const c of summary.channels) bumpBy(this.channels, c.value, c.count);
    for (const f of summary.formats) bumpBy(this.formats, f.value, f.count);
    summary.labels.forEach((column, k) => {
      this.missing[k] += column.missing;
      for (const c of column.classes) bumpBy(this.classes[k], c.value, c.count);
    });
  }

  private side(
    into: { min: number; max: number; sum: number },
    min: number,
    max: number,
    sum: number,
  ): void {
    into.min = Math.min(into.min, min);
    into.max = Math.max(into.max, max);
    into.sum += sum;
  }

  /** The summary so far (sizes 0 when no image was counted). */
  build(): ImageSetSummary {
    const sides = (s: { min: number; max: number; sum: number }) =>
      this.count === 0 ? { min: 0, max: 0, sum: 0 } : { ...s };
    return {
      count: this.count,
      width: sides(this.width),
      height: sides(this.height),
      channels: rankedCounts(this.channels),
      formats: rankedCounts(this.formats),
      labels: this.classes.map((classes, k) => ({
        classes: rankedCounts(classes),
        missing: this.missing[k],
      })),
    };
  }
}

/**
 * The images an import keeps when it leaves out those much smaller than `inputSize`.
 * @param groups the preview's shorter-side groups, each with its summary
 * @param notSmall the preview's summary of the images whose shorter side is at least
 *   SMALL_SIDE_TRACKED px
 * @param inputSize square input size in pixels (at most 4 × SMALL_SIDE_TRACKED)
 * @returns the merged summary of notSmall and the groups whose side is not below
 *   smallSideBelow(inputSize)
 */
export function keptImages(
  groups: readonly SmallImageGroup[],
  notSmall: ImageSetSummary,
  inputSize: number,
): ImageSetSummary {
  const below = smallSideBelow(inputSize);
  const kept = new ImageSetSummaryBuilder(notSmall.labels.length);
  kept.merge(notSmall);
  for (const group of groups) if (group.side >= below && group.summary) kept.merge(group.summary);
  return kept.build();
}
