/**
 * The image-import section of `npm run bench` in its tiny configuration (200 cards): it
 * runs from a clean clone and reports. Its numbers mean nothing; speed is never a unit test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run';
import { makeTempDir } from '../store/helpers';

describe('npm run bench -- --tiny --only images', () => {
  it('imports the generated cards and writes the Image import section', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const { report, files } = await runBench({
        tiny: true,
        sections: ['images'],
        seeds: 1,
        outDir: dir,
        log: () => {},
      });
      const images = report.images!;
      expect(images).toMatchObject({ images: 200, sourceSize: 128, size: 64, colour: 'rgb' });
      expect(images.imagesPerSecond).toBeGreaterThan(0);
      expect(images.readPixels.rowsPerSecond).toBeGreaterThan(0);
      expect(images.sourceBytes).toBeGreaterThan(200 * 1000);
      expect(files.latest).toBeNull();
      expect(readFileSync(files.markdown, 'utf8')).toMatch(
        /## Image import\n\n200 synthetic card PNG files \(128×128/,
      );
    } finally {
      await cleanup();
    }
  });
});
