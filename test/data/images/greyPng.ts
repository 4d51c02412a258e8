/**
 * Test images for the folder-layout tests: an 8×8 PNG of one grey, written with sharp
 * (each file a distinct grey, so no two are duplicates).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';

/**
 * Writes an 8×8 RGB PNG of grey level `grey` (0–255) at `path`, creating its folders.
 * @throws sharp's or the file system's error when it cannot be written.
 */
export async function greyPng(path: string, grey: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const background = { r: grey, g: grey, b: grey };
  await sharp({ create: { width: 8, height: 8, channels: 3, background } })
    .png()
    .toFile(path);
}
