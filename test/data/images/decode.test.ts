/**
 * Decoding one image: pixel values against files whose pixels are known independently
 * (PNG and BMP encoded by hand, see handPng.ts and test/fixtures/images-odd), grey values
 * against the BT.709 luminance formula computed here, GIF first frame, fits, alpha, and
 * corrupt or foreign content.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  ImageDecodeError,
  inspectImage,
  pixelSettings,
  THUMBNAIL_SIZE,
} from '../../../src/main/data/images/decode';
import sharp from 'sharp';
import { encodePng, gridPixel, luminanceGrey } from './handPng';

const odd = (name: string) =>
  readFile(fileURLToPath(new URL(`../../fixtures/images-odd/${name}`, import.meta.url)));

/** Pixel (x, y) of an HWC buffer. */
function at(pixels: Uint8Array, width: number, channels: number, x: number, y: number): number[] {
  const i = (y * width + x) * channels;
  return [...pixels.subarray(i, i + channels)];
}

describe('decodeImage', () => {
  const rgb8 = pixelSettings(8, 'rgb', 'cover');

  it('returns the exact RGB pixels of a hand-encoded PNG at its own size, in HWC order', async () => {
    const { pixels, info } = await decodeImage(await odd('grid.png'), rgb8);
    expect(info).toEqual({ format: 'png', width: 8, height: 8, channels: 3 });
    expect(pixels.length).toBe(8 * 8 * 3);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) expect(at(pixels, 8, 3, x, y)).toEqual(gridPixel(x, y));
    }
  });

  it('decodes a 24-bit BMP (bmp-ts) to the same pixels as the PNG of the same grid', async () => {
    const { pixels, info } = await decodeImage(await odd('grid.bmp'), rgb8);
    expect(info).toEqual({ format: 'bmp', width: 8, height: 8, channels: 3 });
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) expect(at(pixels, 8, 3, x, y)).toEqual(gridPixel(x, y));
    }
  });

  it('grey is the BT.709 luminance of the linear sRGB values, within one level', async () => {
    const { pixels } = await decodeImage(await odd('grid.png'), pixelSettings(8, 'grey', 'cover'));
    expect(pixels.length).toBe(64);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        // Expected from the formula (hand computation), not from sharp.
        expect(Math.abs(pixels[y * 8 + x] - luminanceGrey(gridPixel(x, y)))).toBeLessThanOrEqual(1);
      }
    }
    // Pure red: Y = 0.2126 → sRGB 0.4985 → 127 (hand computation).
    const red = encodePng(8, 8, 3, () => [255, 0, 0]);
    const grey = await decodeImage(red, pixelSettings(8, 'grey', 'cover'));
    expect([...new Set(grey.pixels)]).toEqual([127]);
  });

  it('reads the first frame of an animated GIF', async () => {
    const { pixels, info } = await decodeImage(await odd('anim.gif'), rgb8);
    expect(info.format).toBe('gif');
    for (let p = 0; p < 64; p++) expect(at(pixels, 8, 3, p % 8, p >> 3)).toEqual([0, 0, 255]);
  });

  it('reads JPEG (within JPEG loss) and lossless WebP', async () => {
    const jpeg = await decodeImage(await odd('photo.jpg'), rgb8);
    expect(jpeg.info.format).toBe('jpeg');
    for (const [i, v] of [40, 160, 90].entries()) {
      expect(Math.abs(jpeg.pixels[27 * 3 + i] - v)).toBeLessThanOrEqual(4);
    }
    const webp = await decodeImage(await odd('pic.webp'), rgb8);
    expect(webp.info.format).toBe('webp');
    expect(at(webp.pixels, 8, 3, 3, 5)).toEqual([200, 120, 30]);
  });

  it('up-scales a grey original to RGB with R = G = B', async () => {
    const grey = encodePng(4, 4, 1, (x, y) => [x * 60 + y]);
    const { pixels, info } = await decodeImage(grey, pixelSettings(16, 'rgb', 'fill'));
    expect(info.channels).toBe(1);
    expect(pixels.length).toBe(16 * 16 * 3);
    for (let p = 0; p < 256; p++) {
      expect(pixels[p * 3]).toBe(pixels[p * 3 + 1]);
      expect(pixels[p * 3 + 1]).toBe(pixels[p * 3 + 2]);
    }
  });

  it('flattens transparency onto white', async () => {
    // Left half opaque black, right half fully transparent (its RGB says green).
    const png = encodePng(8, 8, 4, (x) => (x < 4 ? [0, 0, 0, 255] : [0, 255, 0, 0]));
    const { pixels, info } = await decodeImage(png, rgb8);
    expect(info.channels).toBe(4);
    expect(at(pixels, 8, 3, 1, 1)).toEqual([0, 0, 0]);
    expect(at(pixels, 8, 3, 6, 1)).toEqual([255, 255, 255]);
  });

  it("fits a 16×8 white image: 'contain' letterboxes in black, 'cover' and 'fill' do not", async () => {
    const wide = encodePng(16, 8, 3, () => [255, 255, 255]);
    const contain = await decodeImage(wide, pixelSettings(8, 'grey', 'contain'));
    // Scaled to 8×4, centred: rows 0–1 and 6–7 are bars.
    const rows = Array.from({ length: 8 }, (_, y) => [
      ...new Set(contain.pixels.subarray(y * 8, y * 8 + 8)),
    ]);
    expect(rows).toEqual([[0], [0], [255], [255], [255], [255], [0], [0]]);
    for (const fit of ['cover', 'fill'] as const) {
      const { pixels } = await decodeImage(wide, pixelSettings(8, 'grey', fit));
      expect([...new Set(pixels)]).toEqual([255]);
    }
  });

  it("'cover' crops around the centre", async () => {
    // 24×8: left third red, middle green, right third blue → the 8×8 cover is the green middle.
    const png = encodePng(24, 8, 3, (x) =>
      x < 8 ? [255, 0, 0] : x < 16 ? [0, 255, 0] : [0, 0, 255],
    );
    const { pixels } = await decodeImage(png, rgb8);
    expect(at(pixels, 8, 3, 4, 4)).toEqual([0, 255, 0]);
  });

  it('makes a WebP thumbnail no larger than THUMBNAIL_SIZE, keeping the aspect ratio', async () => {
    const png = encodePng(400, 200, 3, (x, y) => [x % 256, y % 256, 0]);
    const { thumbnail } = await decodeImage(png, pixelSettings(32, 'rgb', 'cover'));
    const meta = await sharp(thumbnail).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([THUMBNAIL_SIZE, THUMBNAIL_SIZE / 2]);
    // A small original keeps its size (no enlargement).
    const small = await decodeImage(await odd('grid.png'), rgb8);
    expect((await sharp(small.thumbnail).metadata()).width).toBe(8);
  });

  it('throws ImageDecodeError for truncated, foreign or unaccepted content', async () => {
    await expect(decodeImage(await odd('broken.png'), rgb8)).rejects.toBeInstanceOf(
      ImageDecodeError,
    );
    await expect(decodeImage(await odd('notes.txt'), rgb8)).rejects.toThrow(/not a readable image/);
    const tiff = await sharp(await odd('grid.png'))
      .tiff()
      .toBuffer();
    await expect(decodeImage(tiff, rgb8)).rejects.toThrow(/unsupported format tiff/);
    await expect(decodeImage(Buffer.from('BM not really'), rgb8)).rejects.toThrow(/BMP/);
  });

  it('an empty (0-byte) file is an ImageDecodeError, not sharp\'s own "Input Buffer is empty"', async () => {
    // sharp's constructor throws synchronously on an empty buffer: it must still become a
    // corrupt image the caller can skip or refuse.
    const empty = Buffer.alloc(0);
    await expect(decodeImage(empty, rgb8)).rejects.toThrow(
      new ImageDecodeError('empty file (0 bytes)', 'EMPTY_FILE'),
    );
    await expect(inspectImage(empty)).rejects.toBeInstanceOf(ImageDecodeError);
  });
});

describe('inspectImage', () => {
  it('finds truncation that the header alone does not show', async () => {
    const noise = encodePng(128, 128, 3, (x, y) => [
      (x * 37 + y * 11) % 256,
      (x * y) % 256,
      (x ^ y) % 256,
    ]);
    const jpeg = await sharp(noise).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, jpeg.length >> 1);
    // The header is intact: sharp reads its metadata …
    expect((await sharp(truncated).metadata()).format).toBe('jpeg');
    // … but a full decode fails.
    await expect(inspectImage(truncated)).rejects.toBeInstanceOf(ImageDecodeError);
    expect(await inspectImage(await odd('grid.bmp'))).toEqual({
      format: 'bmp',
      width: 8,
      height: 8,
      channels: 3,
    });
  });
});

describe('pixelSettings', () => {
  it('gives channels by colour and refuses sizes out of range', () => {
    expect(pixelSettings(64, 'grey', 'contain')).toEqual({
      height: 64,
      width: 64,
      channels: 1,
      colour: 'grey',
      fit: 'contain',
    });
    expect(() => pixelSettings(4, 'rgb', 'cover')).toThrow(RangeError);
    expect(() => pixelSettings(64.5, 'rgb', 'cover')).toThrow(RangeError);
  });
});
