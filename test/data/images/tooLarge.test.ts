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
