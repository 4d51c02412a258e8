/**
 * Pixel columns as images: recognising numeric columns whose names number the pixels of an
 * image (`px0 … px783`, `pixel1 … pixel784`, `px{r}_{c}`), the shapes their count allows,
 * and the RGBA bytes a thumbnail draws. Pure, so it is unit-tested from Node.
 */
// Relative, type-only imports: this module is also unit-tested from Node.
import type { ColumnInfo, PixelImage } from '../../../shared/domain';

/** A group of columns that look like the pixels of an image. */
export interface PixelColumns {
  /** Common name prefix, e.g. "px". */
  prefix: string;
  /** Column names in pixel order. */
  columns: string[];
  /** Rows and columns when the names say them (`px{r}_{c}`), else null. */
  grid: { height: number; width: number } | null;
}

/**
 * Finds the largest group of numeric columns named prefix + index (indices 0…n−1 or
 * 1…n, contiguous) or prefix + row + '_' + column (a full grid), with at least 16 columns.
 * @returns the group in pixel order, or null.
 */
export function findPixelColumns(columns: readonly ColumnInfo[]): PixelColumns | null {
  const numeric = columns.filter((c) => c.type === 'numeric');
  const flat = new Map<string, Map<number, string>>();
  const grids = new Map<string, Map<string, string>>();
  for (const c of numeric) {
    const g = /^(.*?)(\d+)[_x](\d+)$/.exec(c.name);
    if (g) {
      const key = g[1];
      if (!grids.has(key)) grids.set(key, new Map());
      grids.get(key)!.set(`${Number(g[2])},${Number(g[3])}`, c.name);
      continue;
    }
    const m = /^(.*?)(\d+)$/.exec(c.name);
    if (!m) continue;
    if (!flat.has(m[1])) flat.set(m[1], new Map());
    flat.get(m[1])!.set(Number(m[2]), c.name);
  }
  let best: PixelColumns | null = null;
  for (const [prefix, byIndex] of flat) {
    const start = byIndex.has(0) ? 0 : 1;
    const names: string[] = [];
    for (let i = start; byIndex.has(i); i++) names.push(byIndex.get(i)!);
    if (names.length >= 16 && names.length > (best?.columns.length ?? 0))
      best = { prefix, columns: names, grid: null };
  }
  for (const [prefix, cells] of grids) {
    const coords = [...cells.keys()].map((k) => k.split(',').map(Number));
    const r0 = Math.min(...coords.map((c) => c[0]));
    const c0 = Math.min(...coords.map((c) => c[1]));
    const height = Math.max(...coords.map((c) => c[0])) - r0 + 1;
    const width = Math.max(...coords.map((c) => c[1])) - c0 + 1;
    if (height * width !== cells.size || cells.size < 16) continue;
    const names: string[] = [];
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) names.push(cells.get(`${r + r0},${c + c0}`)!);
    if (names.length > (best?.columns.length ?? 0))
      best = { prefix, columns: names, grid: { height, width } };
  }
  return best;
}

/**
 * Shapes (height × width × channels) that `count` pixel values can form: square grey
 * images first, then square RGB, then other grey rectangles close to square.
 */
export function candidateShapes(
  count: number,
): { width: number; height: number; channels: 1 | 3 }[] {
  const shapes: { width: number; height: number; channels: 1 | 3 }[] = [];
  const side = Math.round(Math.sqrt(count));
  if (side * side === count) shapes.push({ width: side, height: side, channels: 1 });
  if (count % 3 === 0) {
    const rgb = Math.round(Math.sqrt(count / 3));
    if (rgb * rgb * 3 === count) shapes.push({ width: rgb, height: rgb, channels: 3 });
  }
  for (let h = Math.floor(Math.sqrt(count)); h >= 2 && shapes.length < 4; h--) {
    if (count % h === 0 && h !== count / h)
      shapes.push({ width: count / h, height: h, channels: 1 });
  }
  return shapes;
}

/**
 * The value range a dataset's pixel columns span (their profiles' min and max), to scale
 * thumbnails; [0, 1] when no column has a numeric profile.
 */
export function pixelRange(image: PixelImage, columns: readonly ColumnInfo[]): [number, number] {
  const wanted = new Set(image.columns);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of columns) {
    if (!wanted.has(c.name) || !c.profile.numeric) continue;
    lo = Math.min(lo, c.profile.numeric.min);
    hi = Math.max(hi, c.profile.numeric.max);
  }
  return Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? [lo, hi] : [0, 1];
}

/**
 * RGBA bytes of an image from its pixel values ([pixels, channels] row-major), each value
 * mapped linearly from [lo, hi] to 0–255 and clamped; grey is copied to R, G and B; a
 * missing value is a transparent pixel.
 */
export function toRgba(
  values: readonly (number | string | null)[],
  pixels: number,
  channels: 1 | 3,
  lo: number,
  hi: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(pixels * 4));
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let p = 0; p < pixels; p++) {
    let missing = false;
    for (let k = 0; k < 3; k++) {
      const v = values[p * channels + (channels === 1 ? 0 : k)];
      if (typeof v !== 'number') {
        missing = true;
        break;
      }
      out[p * 4 + k] = (v - lo) * scale;
    }
    out[p * 4 + 3] = missing ? 0 : 255;
  }
  return out;
}
