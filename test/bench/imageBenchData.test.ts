/**
 * Helpers of the image benchmark sections: the IDX reader of Fashion-MNIST (checked on a
 * hand-written file), the first-n-per-class sample, the PNG folder writer (read back with
 * sharp, labels derived as in the 1 000-image sample), and the /proc memory sampler.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  firstPerClass,
  parseIdx,
  writeFashionFolder,
  type FashionMnist,
} from '../../bench/fashionMnist';
import { sampleTreeMemory } from '../../bench/processTree';
import { makeTempDir } from '../store/helpers';

describe('parseIdx', () => {
  it('reads the dimensions and data of a hand-written IDX file', () => {
    // Magic 00 00 08 03 (uint8, 3 dimensions), dims 2, 1, 3 (big-endian), 6 data bytes.
    const bytes = Uint8Array.from([
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 9, 8, 7, 6, 5, 4,
    ]);
    const { dims, data } = parseIdx(bytes);
    expect(dims).toEqual([2, 1, 3]);
    expect(Array.from(data)).toEqual([9, 8, 7, 6, 5, 4]);
  });

  it('refuses another magic number or a truncated file', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 13, 1, 0, 0, 0, 1, 0]))).toThrow(/not an IDX/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]))).toThrow(
      /needs 11 bytes, has 10/,
    );
  });
});

describe('Fashion-MNIST folders', () => {
  const data: FashionMnist = {
    // Image i: every pixel = 10 · i.
    pixels: Uint8Array.from({ length: 6 * 784 }, (_, p) => 10 * Math.floor(p / 784)),
    labels: Uint8Array.from([8, 0, 8, 5, 8, 0]),
    source: 'test',
  };

  it('takes the first n images of each class, in data order', () => {
    expect(firstPerClass(data, 2)).toEqual([0, 1, 2, 3, 5]);
  });

  it('writes 28×28 grey PNG files and a manifest with label, group and is_footwear', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFashionFolder(dir, data, [3, 1, 4]);
      const manifest = (await readFile(join(dir, 'manifest.csv'), 'utf8')).trim().split('\n');
      // Class 5 Sandal (footwear), 0 T-shirt/top (upper), 8 Bag (bag), as in the shared sample.
      expect(manifest).toEqual([
        'path,label,group,is_footwear',
        'images/fmnist-1.png,Sandal,footwear,yes',
        'images/fmnist-2.png,T-shirt/top,upper,no',
        'images/fmnist-3.png,Bag,bag,no',
      ]);
      // The file's own header says grey (one channel); its decoded pixels are all 30.
      const png = join(dir, 'images/fmnist-1.png');
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([28, 28, 1]);
      const pixels = await sharp(png).extractChannel(0).raw().toBuffer();
      expect(pixels.length).toBe(28 * 28);
      expect(pixels.every((v) => v === 30)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

describe('sampleTreeMemory', () => {
  it.runIf(process.platform === 'linux')('sees this process and its resident memory', async () => {
    const sampler = sampleTreeMemory(process.pid, 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const memory = sampler.stop();
    const self = memory.processes.find((p) => p.pid === process.pid);
    // This process's own high-water mark, as the kernel reports it. Linux updates VmHWM
    // lazily and counts RSS per thread in batches (SPLIT_RSS_COUNTING: up to 64 pages a
    // thread), so a sampled VmRSS may pass the VmHWM read later by a little (83.53 against
    // 83.31 MiB was seen): allow 4 MiB.
    const status = await readFile('/proc/self/status', 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
    expect(self!.peakMiB).toBeGreaterThan(10);
    expect(self!.peakMiB).toBeLessThanOrEqual(Math.max(hwm, rss) / 1024 + 4);
    expect(memory.peakSumMiB).toBeGreaterThanOrEqual(self!.peakMiB * 0.5);
    expect(memory.samples).toBeGreaterThanOrEqual(2);
  });
});
