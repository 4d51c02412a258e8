/**
 * The synthetic card generator: determinism (same seed → byte-identical PNG files and
 * manifest; another seed → other files), the manifest's shape, and label frequencies
 * against the specified probabilities (CARD_CLASS_PROBABILITIES, CARD_MISSING_RATE) within
 * 4 binomial standard deviations.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  CARD_CLASS_PROBABILITIES,
  CARD_MISSING_RATE,
  CARD_TASKS,
  cardLabels,
  generateCards,
} from '../../../src/main/data/images/cards';

const folders: string[] = [];
async function generated(seed: number, count: number, concurrency: number) {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-cards-'));
  folders.push(dir);
  const cards = await generateCards(dir, { count, seed, size: 64, concurrency });
  const files = await Promise.all(cards.map((c) => readFile(join(dir, c.path))));
  const manifest = await readFile(join(dir, 'manifest.csv'), 'utf8');
  return { cards, files, manifest };
}

afterAll(async () => {
  await Promise.all(folders.map((d) => rm(d, { recursive: true, force: true })));
});

describe('generateCards', () => {
  it('is deterministic: the same seed gives byte-identical files at any concurrency', async () => {
    const a = await generated(11, 8, 1);
    const b = await generated(11, 8, 3);
    expect(b.manifest).toBe(a.manifest);
    a.files.forEach((file, i) => expect(file.equals(b.files[i])).toBe(true));
    const c = await generated(12, 8, 2);
    expect(c.manifest).not.toBe(a.manifest);
    expect(c.files.filter((file, i) => file.equals(a.files[i]))).toHaveLength(0);
  });

  it('writes 64×64 RGB PNG files and a manifest with path and the four labels', async () => {
    const { cards, files, manifest } = await generated(3, 6, 2);
    const lines = manifest.trim().split('\n');
    expect(lines[0]).toBe('path,colour,points,pattern,texture');
    expect(lines).toHaveLength(7);
    expect(lines[1].split(',')[0]).toBe('images/card-00001.png');
    cards.forEach((card, i) => {
      const cells = lines[i + 1].split(',');
      CARD_TASKS.forEach((task, k) => expect(cells[k + 1]).toBe(card.labels[task] ?? ''));
    });
    const meta = await sharp(files[0]).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 64, 64, 3]);
    // Not a blank image: a real picture has many distinct colours.
    const { data } = await sharp(files[0]).raw().toBuffer({ resolveWithObject: true });
    const colours = new Set<number>();
    for (let p = 0; p < data.length; p += 3)
      colours.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
    expect(colours.size).toBeGreaterThan(200);
  });

  it('refuses a bad count or size', async () => {
    await expect(generateCards(tmpdir(), { count: 0, seed: 1 })).rejects.toThrow(
      'card count must be a whole number ≥ 1, got 0',
    );
    // 9007199254740991 = 2^53 − 1 (Number.MAX_SAFE_INTEGER): 1e20 is past the safe integers.
    await expect(generateCards(tmpdir(), { count: 1, seed: 1e20 })).rejects.toThrow(
      'seed must be a whole number from -9007199254740991 to 9007199254740991, got 100000000000000000000',
    );
    await expect(generateCards(tmpdir(), { count: 1, seed: 1, size: 16 })).rejects.toThrow(
      /32–1024/,
    );
  });
});

describe('cardLabels', () => {
  it('draws classes and missing labels with the specified frequencies', () => {
    const n = 20_000;
    const counts = new Map<string, number>();
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const { attributes, labels } = cardLabels(5, i);
      for (const task of CARD_TASKS) {
        const key = `${task}=${attributes[task]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (labels[task] === null) missing++;
        else expect(labels[task]).toBe(attributes[task]);
      }
    }
    const within = (observed: number, p: number, trials: number) =>
      Math.abs(observed - p * trials) <= 4 * Math.sqrt(trials * p * (1 - p));
    for (const task of CARD_TASKS) {
      for (const { value, p } of CARD_CLASS_PROBABILITIES[task]) {
        expect(within(counts.get(`${task}=${value}`) ?? 0, p, n), `${task}=${value}`).toBe(true);
      }
    }
    expect(within(missing, CARD_MISSING_RATE, n * CARD_TASKS.length)).toBe(true);
    // Not balanced: the majority colour is clearly more frequent.
    expect(counts.get('colour=red')! / n).toBeGreaterThan(0.52);
  });
});
