/**
 * Synthetic image data for engine tests: noisy dark images with one bright square.
 * Task "side": the square is in the left (0) or right (1) half. Task "height": in the top
 * (0) or bottom (1) half; every 5th label missing. Task "shade": the square is pale (0),
 * middle (1) or full white (2). A CNN learns all three; none is readable from one pixel.
 */
import { fitImagePreprocessing, type ImageShape } from '../../src/main/engine/images';
import { mulberry32 } from '../../src/main/engine/random';
import type { TrainingData } from '../../src/main/engine/trainer';

export const IMAGE_TASKS = [
  { name: 'side', classes: ['left', 'right'] },
  { name: 'height', classes: ['top', 'bottom'] },
  { name: 'shade', classes: ['pale', 'middle', 'white'] },
];

/**
 * @param n images; 60 % train, 20 % validation, the last 20 % for testing (`test`).
 * @param shape image size (the square's side is about a quarter of the smaller side).
 */
export function squares(
  n: number,
  shape: ImageShape,
  seed: number,
): TrainingData<Uint8Array> & { test: Int32Array } {
  const r = mulberry32(seed);
  const { height: H, width: W, channels: C } = shape;
  const pixels = new Uint8Array(n * H * W * C);
  const side = new Int32Array(n);
  const vertical = new Int32Array(n);
  const shade = new Int32Array(n);
  const s = Math.max(2, Math.floor(Math.min(H, W) / 4));
  for (let i = 0; i < n; i++) {
    const base = i * H * W * C;
    for (let p = 0; p < H * W * C; p++) pixels[base + p] = Math.floor(r() * 70);
    side[i] = r() < 0.5 ? 0 : 1;
    vertical[i] = r() < 0.5 ? 0 : 1;
    shade[i] = Math.floor(r() * 3);
    const x0 = side[i] * Math.ceil(W / 2) + Math.floor(r() * (Math.floor(W / 2) - s + 1));
    const y0 = vertical[i] * Math.ceil(H / 2) + Math.floor(r() * (Math.floor(H / 2) - s + 1));
    const value = [130, 190, 255][shade[i]];
    for (let y = y0; y < y0 + s; y++)
      for (let x = x0; x < x0 + s; x++)
        for (let c = 0; c < C; c++) pixels[base + (y * W + x) * C + c] = value;
    if (i % 5 === 0) vertical[i] = -1;
  }
  const idx = (from: number, to: number) =>
    Int32Array.from({ length: to - from }, (_, i) => from + i);
  const train = idx(0, Math.round(0.6 * n));
  return {
    features: pixels,
    numFeatures: H * W * C,
    image: fitImagePreprocessing(pixels, shape, train),
    labels: [side, vertical, shade],
    train,
    validation: idx(Math.round(0.6 * n), Math.round(0.8 * n)),
    test: idx(Math.round(0.8 * n), n),
  };
}
