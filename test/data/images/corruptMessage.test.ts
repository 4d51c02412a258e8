/**
 * The reason given for a corrupt image. Found by a new user: a PNG cut to its first 60
 * bytes was listed as "not a readable image (Input buffer has corrupt header:)", libvips's
 * message with its empty detail. Expected text: sharp 0.34's message for that file, without
 * the dangling colon.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../../src/main/data/images/decode';

describe('corrupt image message', () => {
  it('has no dangling colon', async () => {
    const png = await sharp({
      create: { width: 20, height: 16, channels: 3, background: { r: 200, g: 10, b: 10 } },
    })
      .png()
      .toBuffer();
    const cut = png.subarray(0, 60);
    await expect(inspectImage(cut)).rejects.toThrow(
      /^the image data is damaged or truncated \(Input buffer has corrupt header\)$/,
    );
  });
});
