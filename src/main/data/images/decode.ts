/**
 * Decoding of one image file with `sharp` (libvips): format check, the training pixels at
 * the chosen square size and colour, and a small thumbnail — one sharp pipeline per image
 * (two outputs cloned from it). BMP, which sharp's prebuilt libvips does not read, is
 * decoded by `bmp-ts` (the BMP decoder Jimp uses) and handed to sharp as raw pixels.
 *
 * Conventions (as tfjs's `tf.browser.fromPixels`): pixels are uint8 `[height, width,
 * channels]`, row-major, channels interleaved (HWC); channels = 3 (sRGB) or 1 (grey).
 */
import { createHash } from 'node:crypto';
import { decode as decodeBmp } from 'bmp-ts';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { fileKindOf } from '../fileSignature';
import {
  IMAGE_FORMATS,
  type ImageColour,
  type ImageFit,
  type ImageFormat,
  type ImageProblemKind,
  type PixelSettings,
} from '../../../shared/assets';

// The libvips operation cache keys on input buffers: across thousands of distinct images it
// only holds memory, never hits.
sharp.cache(false);

/** Longest side of a thumbnail in pixels (smaller originals keep their size). */
export const THUMBNAIL_SIZE = 96;
/** MIME type of the thumbnails. */
export const THUMBNAIL_MIME = 'image/webp';
/** Input sizes an import accepts, in pixels (square). */
export const MIN_IMAGE_SIZE = 8;
export const MAX_IMAGE_SIZE = 512;
/** Colour the transparent parts of an image are flattened onto (white, as a page). */
const ALPHA_BACKGROUND = { r: 255, g: 255, b: 255 };
/** Colour of the letterbox bars of fit 'contain'. */
const CONTAIN_BACKGROUND = { r: 0, g: 0, b: 0 };

/** MIME type of each accepted format. */
export const FORMAT_MIME: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/**
 * An image file that cannot be decoded; `message` says why in English (no path: callers
 * add it), `kind` and `params` say it for a translated text, `detail` keeps the decoder's
 * own words (see ImageProblem).
 */
export class ImageDecodeError extends Error {
  constructor(
    message: string,
    readonly kind: ImageProblemKind = 'UNREADABLE',
    readonly detail?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/**
 * The kind of a decoder's failure from its message (libvips through sharp, bmp-ts), as
 * sharp 0.34 words them for this repository's broken fixtures: "Input buffer contains
 * unsupported image format" (not an image), "… premature end of JPEG image" / "Unexpected
 * end of GIF source data" (truncated), "Input buffer has corrupt header" (header),
 * "vipspng: libpng read error" (damaged data). Anything else is UNREADABLE.
 */
export function decodeProblemKind(detail: string): ImageProblemKind {
  if (/unsupported image format/i.test(detail)) return 'NOT_AN_IMAGE';
  if (/exceeds pixel limit/i.test(detail)) return 'TOO_LARGE';
  if (/premature end|unexpected end|truncated|end of (stream|file)/i.test(detail)) {
    return 'TRUNCATED';
  }
  if (/corrupt header/i.test(detail)) return 'CORRUPT_HEADER';
  if (/read error|corrupt|invalid|bad /i.test(detail)) return 'CORRUPT_DATA';
  // sharp with failOn 'warning' sometimes reports only this (the decoder's own warning text,
  // e.g. "libpng read error", is lost between libvips' threads): the data are damaged.
  if (/treated as error due to failOn/i.test(detail)) return 'CORRUPT_DATA';
  return 'UNREADABLE';
}

/**
 * Most pixels (width × height) of an image sharp decodes: its default `limitInputPixels`
 * (0x3FFF², 268 402 689), which guards against decompression bombs.
 */
export const PIXEL_LIMIT = 0x3fff * 0x3fff;

/**
 * The TOO_LARGE error of a valid `width` × `height` px image over {@link PIXEL_LIMIT}: too
 * large to decode, not corrupt; params `{ width, height, limit }` for its message, detail the
 * decoder's own error (`cause`) when one came.
 */
function tooLargeError(width: number, height: number, cause?: unknown): ImageDecodeError {
  return new ImageDecodeError(
    `too large: ${width} × ${height} px (limit ${PIXEL_LIMIT} px)`,
    'TOO_LARGE',
    cause === undefined ? undefined : messageOf(cause),
    { width, height, limit: PIXEL_LIMIT },
  );
}

/**
 * The error of an image sharp refused for its pixel limit ("Input image exceeds pixel
 * limit"): {@link tooLargeError} with the size from the header, read without the limit (no
 * pixels are decoded); when even that fails, the decoder's own error.
 */
async function tooLargeFromHeader(bytes: Buffer, cause: unknown): Promise<ImageDecodeError> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    return tooLargeError(width, height, cause);
  } catch {
    return decoderError('not a readable image', cause);
  }
}

/** Kinds of a damaged file, worded alike in preview, import and predict. */
export const DAMAGED_KINDS: ReadonlySet<ImageProblemKind> = new Set([
  'TRUNCATED',
  'CORRUPT_HEADER',
  'CORRUPT_DATA',
]);

/** The English reason of a damaged file (truncated, corrupt header or data), as every step words it. */
export const DAMAGED_REASON = 'the image data is damaged or truncated';

/**
 * What a report of one image says of a decoder's damaged-file error: {@link DAMAGED_REASON}
 * alone, without the decoder's own words in parentheses (libvips's internals, which even
 * differ between two reads of the same file: "Warning treated as error due to failOn
 * setting" or "vipspng: libpng read error"; kept in the error's `detail`); null for any
 * other error (another kind, or a damaged BMP, worded by its own reader: "not a readable BMP
 * image (header cut short at 20 bytes)").
 */
export function damagedReason(err: ImageDecodeError): string | null {
  return DAMAGED_KINDS.has(err.kind) && err.message.startsWith(`${DAMAGED_REASON} (`)
    ? DAMAGED_REASON
    : null;
}

/**
 * The ImageDecodeError of a decoder's exception: `${what} (${its message})`, with its kind;
 * a damaged file (truncated, corrupt header or data) always reads "the image data is damaged
 * or truncated (…)", whichever step found it; a TOO_LARGE one (size unknown) carries
 * `{ limit: PIXEL_LIMIT }` for its message. `format`: the file's format when its header was
 * read ({@link ownDecoderLines}).
 */
function decoderError(what: string, error: unknown, format?: string): ImageDecodeError {
  const detail =
    format === undefined ? messageOf(error) : ownDecoderLines(messageOf(error), format);
  const kind = decodeProblemKind(detail);
  if (DAMAGED_KINDS.has(kind)) what = DAMAGED_REASON;
  const params = kind === 'TOO_LARGE' ? { limit: PIXEL_LIMIT } : undefined;
  return new ImageDecodeError(`${what} (${detail})`, kind, detail, params);
}

/** What the header and a full decode say about an original file. */
export interface ImageFileInfo {
  format: ImageFormat;
  /** Size after EXIF orientation, in pixels. */
  width: number;
  height: number;
  /** Channels of the original: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: number;
}

/** One decoded image: its original's facts, training pixels and thumbnail. */
export interface DecodedImage {
  info: ImageFileInfo;
  /** uint8 `[height, width, channels]` (HWC) at the settings' size and colour. */
  pixels: Buffer;
  /** WebP, longest side ≤ THUMBNAIL_SIZE. */
  thumbnail: Buffer;
}

/** Lower-case hex SHA-256 of a file's bytes (duplicates are files with equal hashes). */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The settings of a square input of `size` pixels in `colour`.
 * @throws RangeError when `size` is not a whole number in [MIN_IMAGE_SIZE, MAX_IMAGE_SIZE].
 */
export function pixelSettings(size: number, colour: ImageColour, fit: ImageFit): PixelSettings {
  if (!Number.isInteger(size) || size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE) {
    throw new RangeError(
      `image size must be a whole number from ${MIN_IMAGE_SIZE} to ${MAX_IMAGE_SIZE} pixels, got ${size}`,
    );
  }
  return { height: size, width: size, channels: colour === 'grey' ? 1 : 3, colour, fit };
}

function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d; // "BM"
}

/**
 * A sharp pipeline reading `bytes`, and the original's facts from its header.
 * @throws ImageDecodeError for empty, unknown, unaccepted (e.g. TIFF, SVG) or unreadable content.
 */
async function openImage(bytes: Buffer): Promise<{ image: Sharp; info: ImageFileInfo }> {
  // sharp's constructor throws (not rejects) on an empty buffer: checked before it.
  if (bytes.length === 0) throw new ImageDecodeError('empty file (0 bytes)', 'EMPTY_FILE');
  if (isBmp(bytes)) return openBmp(bytes);
  let metadata: Metadata;
  let image: Sharp;
  try {
    // failOn 'warning': a truncated PNG or JPEG is an error, not a grey-padded image.
    image = sharp(bytes, { failOn: 'warning', pages: 1, page: 0 });
    metadata = await image.metadata();
  } catch (error) {
    if (decodeProblemKind(messageOf(error)) === 'TOO_LARGE')
      throw await tooLargeFromHeader(bytes, error);
    throw decoderError('not a readable image', error, signatureFormat(bytes));
  }
  const format = metadata.format as string;
  if (metadata.width * metadata.height > PIXEL_LIMIT)
    throw tooLargeError(metadata.width, metadata.height);
  if (!(IMAGE_FORMATS as readonly string[]).includes(format)) {
    throw new ImageDecodeError(
      `unsupported format ${format} (accepted: ${IMAGE_FORMATS.join(', ')})`,
      'UNSUPPORTED_FORMAT',
      undefined,
      { format, accepted: IMAGE_FORMATS.join(', ') },
    );
  }
  const oriented = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
  return {
    image: image.autoOrient(),
    info: {
      format: format as ImageFormat,
      width: oriented.width,
      height: oriented.height,
      channels: metadata.channels,
    },
  };
}

/**
 * Checks a BMP's header before bmp-ts allocates width × height × 4 bytes from it (a 60-byte
 * file claiming 17 000 × 17 000 px would take 1.2 GB): the size from the DIB header (int32 LE
 * at offsets 18 and 22, |height| as a negative one means top-down; uint16 at 18 and 20 in
 * a 12-byte OS/2 core header), at most PIXEL_LIMIT pixels, and for an uncompressed image
 * (compression 0 or 3, bit fields) the pixel array (rows padded to 4 bytes, from the offset
 * at byte 10) within the file.
 * @throws ImageDecodeError CORRUPT_HEADER (header cut short, size ≤ 0), TOO_LARGE (with
 *   {width, height, limit}) or TRUNCATED (pixel array past the end of the file).
 */
function checkBmpHeader(bytes: Buffer): void {
  const corrupt = (why: string): ImageDecodeError =>
    new ImageDecodeError(`not a readable BMP image (${why})`, 'CORRUPT_HEADER', why);
  if (bytes.length < 26) throw corrupt(`header cut short at ${bytes.length} bytes`);
  const dibSize = bytes.readUInt32LE(14);
  const core = dibSize === 12;
  const width = core ? bytes.readUInt16LE(18) : bytes.readInt32LE(18);
  const height = Math.abs(core ? bytes.readUInt16LE(20) : bytes.readInt32LE(22));
  if (!(width > 0 && height > 0)) throw corrupt(`size ${width}×${height}`);
  if (width * height > PIXEL_LIMIT) throw tooLargeError(width, height);
  const fields = core ? 26 : 34;
  if (bytes.length < fields) throw corrupt(`header cut short at ${bytes.length} bytes`);
  const bitCount = bytes.readUInt16LE(core ? 24 : 28);
  const compression = core ? 0 : bytes.readUInt32LE(30);
  if (compression !== 0 && compression !== 3) return;
  const offset = bytes.readUInt32LE(10);
  const rowBytes = Math.floor((bitCount * width + 31) / 32) * 4;
  const end = offset + rowBytes * height;
  if (end > bytes.length) {
    const why = `pixel array ends at byte ${end}, file has ${bytes.length}`;
    throw new ImageDecodeError(`not a readable BMP image (${why})`, 'TRUNCATED', why);
  }
}

/**
 * BMP through bmp-ts. Its RGBA output has alpha 0 for formats without alpha, so alpha is
 * kept only for 32-bit files whose alpha is not all zero (many 32-bit BMPs leave it unused).
 */
function openBmp(bytes: Buffer): { image: Sharp; info: ImageFileInfo } {
  checkBmpHeader(bytes);
  let decoded: ReturnType<typeof decodeBmp>;
  try {
    decoded = decodeBmp(bytes, { toRGBA: true });
  } catch (error) {
    const detail = messageOf(error);
    throw new ImageDecodeError(`not a readable BMP image (${detail})`, 'CORRUPT_DATA', detail);
  }
  const { width, height, data } = decoded;
  const pixelCount = width * height;
  if (!(width > 0 && height > 0) || data.length < pixelCount * 4) {
    throw new ImageDecodeError(
      `not a readable BMP image (size ${width}×${height})`,
      'CORRUPT_DATA',
      `size ${width}×${height}`,
    );
  }
  let withAlpha = false;
  if (decoded.bitPP === 32) {
    for (let i = 3; i < pixelCount * 4; i += 4) {
      if (data[i] !== 0) {
        withAlpha = true;
        break;
      }
    }
  }
  const channels = withAlpha ? 4 : 3;
  let raw: Buffer = data;
  if (!withAlpha) {
    raw = Buffer.alloc(pixelCount * 3);
    for (let p = 0; p < pixelCount; p++) {
      raw[p * 3] = data[p * 4];
      raw[p * 3 + 1] = data[p * 4 + 1];
      raw[p * 3 + 2] = data[p * 4 + 2];
    }
  }
  return {
    image: sharp(raw, { raw: { width, height, channels } }),
    info: { format: 'bmp', width, height, channels },
  };
}

/**
 * The format a file's first bytes name (PNG, JPEG, GIF: fileSignature.ts), for
 * {@link ownDecoderLines} when sharp could not read its header (a truncated JPEG fails
 * there, and a CI run found another decode's "vipspng: …" line before its own); undefined for
 * others.
 */
function signatureFormat(bytes: Buffer): string | undefined {
  const kind = fileKindOf(bytes);
  return kind !== null && kind in LOADER_LINES ? kind : undefined;
}

/** The libvips loaders' own words, by the format each reads (their line prefixes). */
const LOADER_LINES: Readonly<Record<string, RegExp>> = {
  png: /^(vipspng|spng|libpng|VipsForeignLoadPng)/i,
  jpeg: /^(VipsJpeg|VipsForeignLoadJpeg|jpeg2vips)/i,
  gif: /^(gifload|cgif|nsgif|VipsForeignLoadGif|VipsForeignLoadNsgif)/i,
  webp: /^(webp2vips|VipsForeignLoadWebp|webp)/i,
};

/**
 * `detail` (lines joined by "; ", as messageOf writes them) without the lines of other
 * formats' loaders: libvips's error buffer may still hold a line of another decode (found in
 * a test run: a truncated JPEG's error began "vipspng: libpng read error", the PNG decoded
 * just before), which would name the wrong damage and could pick the wrong kind.
 * @param format the file's format from its header (png, jpeg, gif, webp; others unchanged).
 */
export function ownDecoderLines(detail: string, format: string): string {
  const own = LOADER_LINES[format];
  if (own === undefined) return detail;
  const others = Object.entries(LOADER_LINES).filter(([f]) => f !== format);
  const foreign = (text: string): boolean =>
    !own.test(text) && others.some(([, other]) => other.test(text));
  const kept: string[] = [];
  // sharp puts its own words before the buffer's first line ("Input buffer has corrupt
  // header: vipspng: …"): a foreign first line leaves them to the next line kept, as a clean
  // buffer reads ("Input buffer has corrupt header: VipsJpeg: …").
  let prefix = '';
  for (const line of detail.split('; ')) {
    const at = line.indexOf(': ');
    if (foreign(line)) continue;
    if (at > 0 && foreign(line.slice(at + 2))) {
      prefix = `${line.slice(0, at)}: `;
      continue;
    }
    kept.push(prefix + line);
    prefix = '';
  }
  return kept.length > 0 ? kept.join('; ') : detail;
}

function messageOf(error: unknown): string {
  // libvips ends some messages with ": " and no detail ("Input buffer has corrupt header: "),
  // and its error buffer repeats lines (one per attempt, and from decodes running at the
  // same time): each distinct line once.
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.replace(/[\s:]+$/, ''));
  return [...new Set(lines.filter((line) => line !== ''))].join('; ');
}

/**
 * Read an image's header and decode it fully once (a truncated file fails only then),
 * without keeping any pixels: what a preview needs.
 * @param bytes the file's bytes
 * @throws ImageDecodeError when the content is not an accepted, readable image.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageFileInfo> {
  const { image, info } = await openImage(bytes);
  try {
    // A tiny output still reads every byte of the input (the decoder runs to the end).
    await image.resize(4, 4, { fit: 'fill' }).raw().toBuffer();
  } catch (error) {
    throw decoderError('cannot be decoded', error, info.format);
  }
  return info;
}

/** The thumbnail of an image: WebP, longest side ≤ THUMBNAIL_SIZE, never enlarged. */
function thumbnailPipeline(image: Sharp): Sharp {
  return image
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 });
}

/**
 * Only the thumbnail of an image file, made exactly as {@link decodeImage} makes it (EXIF
 * orientation, transparency on white): what a list of files to predict shows.
 * @param bytes the original file's bytes
 * @returns WebP bytes, longest side ≤ THUMBNAIL_SIZE pixels.
 * @throws ImageDecodeError when the content is not an accepted, readable image.
 */
export async function thumbnailImage(bytes: Buffer): Promise<Buffer> {
  const { image, info } = await openImage(bytes);
  try {
    return await thumbnailPipeline(image.flatten({ background: ALPHA_BACKGROUND })).toBuffer();
  } catch (error) {
    throw decoderError('cannot be decoded', error, info.format);
  }
}

/**
 * Decode an image into training pixels and a thumbnail. Steps: EXIF orientation;
 * transparency flattened onto white; resize to `settings.width × settings.height` with
 * `settings.fit` (sharp's default Lanczos-3 kernel; 'cover' crops around the centre,
 * 'contain' letterboxes in black); colour to sRGB (3 channels) or grey (1 channel: libvips
 * 'b-w', the luminance Y = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB values,
 * re-encoded with the sRGB curve — ITU-R BT.709 weights).
 *
 * @param bytes the original file's bytes (PNG, JPEG, WebP, GIF — first frame — or BMP)
 * @param settings target shape, colour and fit (see {@link pixelSettings})
 * @returns pixels uint8 `[height, width, channels]` (HWC, row-major) and a WebP thumbnail
 * @throws ImageDecodeError when the content is not an accepted, readable image.
 */
export async function decodeImage(bytes: Buffer, settings: PixelSettings): Promise<DecodedImage> {
  const { image, info } = await openImage(bytes);
  const base = image.flatten({ background: ALPHA_BACKGROUND });
  try {
    const [pixels, thumbnail] = await Promise.all([
      base
        .clone()
        .resize(settings.width, settings.height, {
          fit: settings.fit,
          position: 'centre',
          background: CONTAIN_BACKGROUND,
        })
        .toColourspace(settings.colour === 'grey' ? 'b-w' : 'srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
      thumbnailPipeline(base.clone()).toBuffer(),
    ]);
    const expected = settings.width * settings.height * settings.channels;
    if (pixels.data.length !== expected || pixels.info.channels !== settings.channels) {
      const detail = `decoded to ${pixels.info.width}×${pixels.info.height}×${pixels.info.channels}, expected ${settings.width}×${settings.height}×${settings.channels}`;
      throw new ImageDecodeError(detail, 'UNREADABLE', detail);
    }
    return { info, pixels: pixels.data, thumbnail };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw decoderError('cannot be decoded', error, info.format);
  }
}
