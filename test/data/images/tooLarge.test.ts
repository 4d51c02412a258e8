/**
 * A valid image larger than sharp's pixel limit (20 000 × 15 000 px = 3e8 > 0x3FFF² =
 * 268 402 689) is "too large", not corrupt: its size is read from the header without a
 * decode, and the preview lists it apart from the readable images. The file is a PNG header
 * (signature, IHDR, one scanline, IEND) written here by hand, so its size is known independently of sharp.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ImageDecodeError,
  PIXEL_LIMIT,
  decodeProblemKind,
  inspectImage,
} from '../../../src/main/data/images/decode';
import { previewImages } from '../../../src/main/data/images/preview';
import { makeTempDir } from '../../store/helpers';
import { encodePng, pngWithFirstRow } from './handPng';

const pngHeader = pngWithFirstRow;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await mkdir(join(dir, 'pics'));
  await writeFile(join(dir, 'pics', 'big.png'), pngHeader(20000, 15000));
  await writeFile(
    join(dir, 'pics', 'small.png'),
    encodePng(2, 2, 1, () => [7]),
  );
});
afterAll(() => cleanup());

describe('an image over the pixel limit', () => {
  it('is sharp’s default limit, 16383 × 16383 px', () => {
    expect(PIXEL_LIMIT).toBe(268_402_689);
  });

  it('is too large, with its size from the header, not corrupt', async () => {
    const error = await inspectImage(pngHeader(20000, 15000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({
      kind: 'TOO_LARGE',
      message: 'too large: 20000 × 15000 px (limit 268402689 px)',
      detail: 'Input image exceeds pixel limit',
      params: { width: 20000, height: 15000, limit: 268_402_689 },
    });
  });

  it('reads libvips’ own pixel-limit message as too large', () => {
    expect(decodeProblemKind('Input image exceeds pixel limit')).toBe('TOO_LARGE');
  });

  it('reads sharp’s bare failOn message as damaged data (its decoder warning was lost)', () => {
    // Seen on the same truncated PNG, run to run: "vipspng: libpng read error" or only this.
    expect(decodeProblemKind('Warning treated as error due to failOn setting')).toBe(
      'CORRUPT_DATA',
    );
    expect(decodeProblemKind('vipspng: libpng read error')).toBe('CORRUPT_DATA');
  });

  it('is listed by the preview as too large, and not counted as a readable image', async () => {
    const preview = await previewImages(join(dir, 'pics'));
    expect(preview.images).toBe(1);
    expect(preview.corrupt).toEqual([
      {
        path: 'big.png',
        reason: 'too large: 20000 × 15000 px (limit 268402689 px)',
        kind: 'TOO_LARGE',
        params: { width: 20000, height: 15000, limit: 268_402_689 },
        detail: 'Input image exceeds pixel limit',
      },
    ]);
  });
});

/**
 * A BMP header written here by hand (BITMAPFILEHEADER, 14 bytes, then a 40-byte
 * BITMAPINFOHEADER; 24 bits per pixel, uncompressed), followed by `pixelBytes` zero bytes.
 * bmp-ts would allocate width × height × 4 bytes from it before reading a pixel.
 */
function bmpHeader(width: number, height: number, pixelBytes = 6): Buffer {
  const bytes = Buffer.alloc(54 + pixelBytes);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(54, 10); // pixel array offset
  bytes.writeUInt32LE(40, 14); // DIB header size
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26); // planes
  bytes.writeUInt16LE(24, 28); // bits per pixel
  bytes.writeUInt32LE(0, 30); // BI_RGB
  return bytes;
}

describe('a BMP header checked before bmp-ts allocates its pixels', () => {
  it('is too large at 17000 × 17000 px (2.89e8 > 268 402 689) in a 60-byte file', async () => {
    const file = bmpHeader(17000, 17000);
    expect(file.length).toBe(60);
    const error = await inspectImage(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({
      kind: 'TOO_LARGE',
      message: 'too large: 17000 × 17000 px (limit 268402689 px)',
      params: { width: 17000, height: 17000, limit: 268_402_689 },
    });
  });

  it('reads a negative (top-down) height by its magnitude', async () => {
    const error = await inspectImage(bmpHeader(17000, -17000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'TOO_LARGE', params: { height: 17000 } });
  });

  it('is a corrupt header at width 0 or a header cut short', async () => {
    const zero = await inspectImage(bmpHeader(0, 5)).catch((e: unknown) => e);
    expect(zero).toMatchObject({ kind: 'CORRUPT_HEADER', detail: 'size 0×5' });
    const short = await inspectImage(bmpHeader(2, 2).subarray(0, 20)).catch((e: unknown) => e);
    expect(short).toMatchObject({ kind: 'CORRUPT_HEADER', detail: 'header cut short at 20 bytes' });
  });

  it('is truncated when the pixel array is past the end of the file', async () => {
    // 100 × 100 px at 24 bits: rows of 300 bytes (already a multiple of 4), 30 000 bytes
    // from offset 54, so the array ends at byte 30 054; the file has 54 + 6 = 60.
    const error = await inspectImage(bmpHeader(100, 100)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'TRUNCATED',
      detail: 'pixel array ends at byte 30054, file has 60',
    });
  });

  it('still decodes a whole 2 × 1 BMP (one row of 6 bytes + 2 padding)', async () => {
    expect(await inspectImage(bmpHeader(2, 1, 8))).toEqual({
      format: 'bmp',
      width: 2,
      height: 1,
      channels: 3,
    });
  });
});
