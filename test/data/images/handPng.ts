/**
 * A PNG encoder written from the specification (RFC 2083: signature, IHDR, one IDAT with
 * zlib-deflated scanlines of filter type 0, IEND, CRC-32 per chunk) — independent of sharp,
 * so tests know the exact pixels of the files the decoder under test reads.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Colour type of a PNG by channel count: 1 grey, 3 RGB, 4 RGBA. */
const COLOUR_TYPE: Record<1 | 3 | 4, number> = { 1: 0, 3: 2, 4: 6 };

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
  return out;
}

/**
 * Encode an 8-bit PNG.
 * @param pixel channel values of pixel (x, y), `channels` numbers in 0–255
 */
export function encodePng(
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  pixel: (x: number, y: number) => number[],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, COLOUR_TYPE[channels], 0, 0, 0], 8);
  const stride = 1 + width * channels;
  const raw = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * stride + 1 + x * channels);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The grid of test/fixtures/images-odd: pixel (x, y) = (32·x, 32·y, 255 − 16·(x + y)). */
export function gridPixel(x: number, y: number): [number, number, number] {
  return [32 * x, 32 * y, 255 - 16 * (x + y)];
}

/** sRGB value (0–255) to linear light (IEC 61966-2-1). */
export function srgbToLinear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light to sRGB value (0–255, not rounded). */
export function linearToSrgb(l: number): number {
  const c = l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055;
  return 255 * c;
}

/** Grey of an sRGB colour: BT.709 luminance of the linear values, re-encoded as sRGB. */
export function luminanceGrey([r, g, b]: number[]): number {
  return linearToSrgb(
    0.2126 * srgbToLinear(r) + 0.7152 * srgbToLinear(g) + 0.0722 * srgbToLinear(b),
  );
}

/**
 * An 8-bit grey PNG of `width` × `height` (RFC 2083 IHDR) whose IDAT holds only its first
 * scanline: the header is whole (a decoder reads the size), the pixels are never decoded.
 * For sizes too large to write out (20 000 × 15 000 px).
 */
export function pngWithFirstRow(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 + width))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
