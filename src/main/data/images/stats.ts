/**
 * Statistics of the original images of an image column (sizes, channels, formats, file
 * bytes, duplicates) for its profile and for the import preview. Counts per distinct value
 * are kept, so memory grows with the number of distinct sizes, not with the images.
 */
import type { HistogramBin, ImageColumnStats, ImageSizeStats } from '../../../shared/domain';
import { INTEGER_BINS_MAX, NumericHistogram } from '../profile';
import type { ImageFileInfo } from './decode';

/** Per-value counts of one size, summarised as min, max, mean and histogram. */
function sizeStats(counts: Map<number, number>): ImageSizeStats {
  const values = [...counts.keys()].sort((a, b) => a - b);
  if (values.length === 0) return { min: 0, max: 0, mean: 0, histogram: [] };
  let n = 0;
  let sum = 0;
  for (const [value, count] of counts) {
    n += count;
    sum += value * count;
  }
  const min = values[0];
  const max = values[values.length - 1];
  let histogram: HistogramBin[];
  if (values.length <= INTEGER_BINS_MAX) {
    // One bin per size actually present (sizes are integers): [v − 0.5, v + 0.5].
    histogram = values.map((v) => ({ lo: v - 0.5, hi: v + 0.5, count: counts.get(v)! }));
  } else {
    const bins = new NumericHistogram(min, max);
    for (const [value, count] of counts) bins.add(value, count);
    histogram = bins.toBins();
  }
  return { min, max, mean: sum / n, histogram };
}

function ranked<T extends string | number>(counts: Map<T, number>): { value: T; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value, count]) => ({ value, count }));
}

function bump<T>(counts: Map<T, number>, key: T): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Running statistics of the original images of one column. */
export class ImageStatsBuilder {
  private count = 0;
  private readonly widths = new Map<number, number>();
  private readonly heights = new Map<number, number>();
  private readonly channels = new Map<number, number>();
  private readonly formats = new Map<string, number>();
  private bytesMin = Infinity;
  private bytesMax = 0;
  private bytesTotal = 0;
  private duplicates = 0;

  /**
   * Count one image.
   * @param info the original's format, size (pixels) and channels
   * @param bytes size of its file in bytes
   * @param duplicate whether its content equals an earlier image's
   */
  add(info: ImageFileInfo, bytes: number, duplicate: boolean): void {
    this.count++;
    bump(this.widths, info.width);
    bump(this.heights, info.height);
    bump(this.channels, info.channels);
    bump(this.formats, info.format);
    this.bytesMin = Math.min(this.bytesMin, bytes);
    this.bytesMax = Math.max(this.bytesMax, bytes);
    this.bytesTotal += bytes;
    if (duplicate) this.duplicates++;
  }

  /** The statistics so far, or null when no image was counted. */
  build(): ImageColumnStats | null {
    if (this.count === 0) return null;
    return {
      count: this.count,
      width: sizeStats(this.widths),
      height: sizeStats(this.heights),
      channels: ranked(this.channels),
      formats: ranked(this.formats),
      bytes: {
        min: this.bytesMin,
        max: this.bytesMax,
        mean: this.bytesTotal / this.count,
        total: this.bytesTotal,
      },
      duplicates: this.duplicates,
    };
  }
}

/**
 * Groups of paths with equal content hashes, in first-seen order.
 * @param firstByHash hash → paths with that content, in the order they were seen
 * @returns only the groups with at least 2 paths
 */
export function duplicateGroups(firstByHash: Map<string, string[]>): string[][] {
  return [...firstByHash.values()].filter((paths) => paths.length > 1);
}
