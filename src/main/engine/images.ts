/**
 * Image inputs of the engine: their shape, the per-channel scaling fitted on the training
 * split (saved with the model), and seeded light augmentation of training batches.
 *
 * How images reach the engine: as uint8 pixels, one image per row, NHWC — a buffer of
 * [rows, height, width, channels] bytes (0…255; channels 1 = grey, 3 = RGB), the layout of
 * tf.browser.fromPixels and of sharp's `.raw()` output. The engine turns a batch of them into
 * network input, float32 [rows, height · width · channels] (the same NHWC order, flattened),
 * with x = (pixel / 255 − mean_c) / std_c: a standardisation per channel whose mean and
 * standard deviation come from the training images only. Pixels stay uint8 until a batch
 * is made, so a data set costs 1 byte per pixel in memory.
 */
import type { TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';

/** The shape of one image: [height, width, channels] (NHWC without the batch). */
export interface ImageShape {
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
}

/**
 * Fitted image preprocessing, JSON-serialisable and saved with the model: the image
 * shape and, per channel c, the mean and population standard deviation of pixel / 255 over
 * the training images (a constant channel gets std 1).
 */
export interface ImagePreprocessing extends ImageShape {
  version: 1;
  mean: number[];
  std: number[];
}

/** Light augmentation of training images (all off: none). */
export interface ImageAugmentation {
  /** Mirror left–right with probability ½. */
  flip: boolean;
  /** Largest shift in pixels along each axis (uniform integer in [−shift, shift]; edges repeat). */
  shift: number;
  /** Largest relative brightness change b: pixels × (1 + U(−b, b)), clipped at 255. */
  brightness: number;
}

/** Floats per image row of network input. */
export function imageSize(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

/**
 * Checks an image shape: 1…4096 pixels each way, 1 or 3 channels.
 * @throws MtlError('BAD_REQUEST') naming the size or channel count that is wrong.
 */
export function checkImageShape(shape: ImageShape): void {
  const { height, width, channels } = shape;
  if (![height, width].every((v) => Number.isInteger(v) && v >= 1 && v <= 4096))
    throw new MtlError('BAD_REQUEST', `Image size ${width}×${height} is not 1…4096 pixels.`);
  if (channels !== 1 && channels !== 3)
    throw new MtlError('BAD_REQUEST', `Images need 1 (grey) or 3 (RGB) channels, not ${channels}.`);
}

/**
 * Checks an image shape and a pixel buffer against each other.
 * @param pixels [rows, height, width, channels] bytes; @returns the number of rows.
 * @throws MtlError('BAD_REQUEST') naming the shape or the buffer length that is wrong.
 */
export function imageRows(pixels: Uint8Array, shape: ImageShape): number {
  checkImageShape(shape);
  const { height, width, channels } = shape;
  const size = imageSize(shape);
  if (pixels.length % size !== 0) {
    throw new MtlError(
      'BAD_REQUEST',
      `Pixel buffer of ${pixels.length} bytes is not a whole number of ${height}×${width}×${channels} images.`,
    );
  }
  return pixels.length / size;
}

/**
 * Fits the per-channel scaling over training images incrementally (chunks of rows, so
 * images streamed from the store need not all be in memory). Sums are exact: pixels are
 * integers and their squares' sums stay below 2^53 for any data set this studio holds.
 */
export class ImageStatsFitter {
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;
  private pixelsSeen = 0;

  constructor(private readonly shape: ImageShape) {
    this.sum = new Float64Array(shape.channels);
    this.squares = new Float64Array(shape.channels);
  }

  /**
   * Adds training images.
   * @param pixels [n, height, width, channels] bytes; @param rows which of the n images
   *   (default: all).
   */
  update(pixels: Uint8Array, rows?: ArrayLike<number>): void {
    const C = this.shape.channels;
    const size = imageSize(this.shape);
    const n = rows ? rows.length : pixels.length / size;
    for (let i = 0; i < n; i++) {
      const from = (rows ? rows[i] : i) * size;
      for (let p = 0; p < size; p += C) {
        for (let c = 0; c < C; c++) {
          const v = pixels[from + p + c];
          this.sum[c] += v;
          this.squares[c] += v * v;
        }
      }
      this.pixelsSeen += size / C;
    }
  }

  /**
   * @returns the fitted preprocessing.
   * @throws MtlError('BAD_REQUEST') when no training image was seen.
   */
  finish(): ImagePreprocessing {
    if (this.pixelsSeen === 0)
      throw new MtlError(
        'BAD_REQUEST',
        'Cannot fit image scaling: the training split has no image.',
      );
    const n = this.pixelsSeen;
    const mean = Array.from(this.sum, (s) => s / n);
    const std = Array.from(this.squares, (q, c) => {
      const variance = Math.max(0, q / n - mean[c] * mean[c]);
      return Math.sqrt(variance) / 255;
    });
    return {
      version: 1,
      height: this.shape.height,
      width: this.shape.width,
      channels: this.shape.channels,
      mean: mean.map((m) => m / 255),
      std: std.map((s) => (s > 1e-6 ? s : 1)),
    };
  }
}

/**
 * Fits the per-channel scaling on the training images only.
 * @param pixels [n, height, width, channels] bytes; @param trainRows indices of the
 *   training images. @throws MtlError('BAD_REQUEST') for a bad shape or no training image.
 */
export function fitImagePreprocessing(
  pixels: Uint8Array,
  shape: ImageShape,
  trainRows: ArrayLike<number>,
): ImagePreprocessing {
  imageRows(pixels, shape);
  const fitter = new ImageStatsFitter(shape);
  fitter.update(pixels, trainRows);
  return fitter.finish();
}

/** The augmentation a training configuration asks for, or null when it asks for none. */
export function augmentationOf(config: TrainConfig): ImageAugmentation | null {
  const a: ImageAugmentation = {
    flip: config.augmentFlip === 'horizontal',
    shift: config.augmentShift,
    brightness: config.augmentBrightness,
  };
  return a.flip || a.shift > 0 || a.brightness > 0 ? a : null;
}

/** Per channel, value = pixel · scale + offset (= (pixel / 255 − mean) / std). */
function affine(prep: ImagePreprocessing): { scale: Float32Array; offset: Float32Array } {
  return {
    scale: Float32Array.from(prep.std, (s) => 1 / (255 * s)),
    offset: Float32Array.from(prep.mean, (m, c) => -m / prep.std[c]),
  };
}

const tables = new WeakMap<ImagePreprocessing, Float32Array>();

/** Per channel, the 256 values of pixel → network input (built once per preprocessing). */
function lookupTable(prep: ImagePreprocessing): Float32Array {
  let table = tables.get(prep);
  if (!table) {
    const { scale, offset } = affine(prep);
    table = new Float32Array(256 * prep.channels);
    for (let c = 0; c < prep.channels; c++)
      for (let v = 0; v < 256; v++) table[c * 256 + v] = v * scale[c] + offset[c];
    tables.set(prep, table);
  }
  return table;
}

/**
 * Network input of some images: float32 [rows, height · width · channels], NHWC, scaled
 * per channel with the fitted preprocessing; with `augment`, each image is first flipped,
 * shifted and brightened at random (draws from `augment.random`, in row order: flip,
 * shift y, shift x, brightness), for training batches only.
 * @param pixels [n, height, width, channels] bytes (the image shape of `prep`).
 * @param rows which of the n images, in output order (default: all).
 * @param out reused output buffer (at least rows · size floats); allocated when absent.
 * @returns `out` (or a new array) holding the rows.
 */
export function encodeImages(
  pixels: Uint8Array,
  prep: ImagePreprocessing,
  rows?: ArrayLike<number> | null,
  out?: Float32Array,
  augment?: { settings: ImageAugmentation; random: () => number } | null,
): Float32Array {
  const { height: H, width: W, channels: C } = prep;
  const size = H * W * C;
  const n = rows ? rows.length : pixels.length / size;
  const result = out ?? new Float32Array(n * size);
  const table = lookupTable(prep);
  const { scale, offset } = augment ? affine(prep) : { scale: null, offset: null };
  for (let i = 0; i < n; i++) {
    const from = (rows ? rows[i] : i) * size;
    const to = i * size;
    if (!augment) {
      if (C === 1) for (let p = 0; p < size; p++) result[to + p] = table[pixels[from + p]];
      else
        for (let p = 0; p < size; p += C)
          for (let c = 0; c < C; c++) result[to + p + c] = table[c * 256 + pixels[from + p + c]];
      continue;
    }
    const { settings, random } = augment;
    const flip = settings.flip && random() < 0.5;
    const s = settings.shift;
    const dy = s > 0 ? Math.floor(random() * (2 * s + 1)) - s : 0;
    const dx = s > 0 ? Math.floor(random() * (2 * s + 1)) - s : 0;
    const factor = settings.brightness > 0 ? 1 + settings.brightness * (2 * random() - 1) : 1;
    for (let y = 0; y < H; y++) {
      const sy = Math.min(H - 1, Math.max(0, y - dy));
      for (let x = 0; x < W; x++) {
        let sx = Math.min(W - 1, Math.max(0, x - dx));
        if (flip) sx = W - 1 - sx;
        const src = from + (sy * W + sx) * C;
        const dst = to + (y * W + x) * C;
        for (let c = 0; c < C; c++) {
          const v = Math.min(255, pixels[src + c] * factor);
          result[dst + c] = v * scale![c] + offset![c];
        }
      }
    }
  }
  return result;
}
