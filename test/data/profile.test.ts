import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { DISTINCT_CAP, NumericHistogram } from '../../src/main/data/profile';
import { FakeStore, fixture } from './fakeStore';

describe('column profiles', () => {
  it('matches a hand computation on profile.csv', async () => {
    const info = await importCsv(new FakeStore(), fixture('profile.csv'));
    const [x, c] = info.columns;
    // x = 2, 4, 4, 4, 5, 5, 7, 9 and one NA.
    // mean = 40 / 8 = 5
    // squared deviations: 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32
    // sample variance = 32 / (8 − 1) = 4.571428…, std = √(32/7) = 2.1380899…
    expect(x.type).toBe('numeric');
    expect(x.profile.missing).toBe(1);
    expect(x.profile.distinct).toBe(5);
    expect(x.profile.topCategories).toBeNull();
    const numeric = x.profile.numeric!;
    expect(numeric.min).toBe(2);
    expect(numeric.max).toBe(9);
    expect(numeric.mean).toBeCloseTo(5, 12);
    expect(numeric.std).toBeCloseTo(2.1380899352993947, 12);
    // 20 bins of width (9 − 2) / 20 = 0.35: 2 → bin 0; 4 → ⌊2/0.35⌋ = 5; 5 → ⌊3/0.35⌋ = 8;
    // 7 → ⌊5/0.35⌋ = 14; 9 = max → last bin (closed).
    const counts = numeric.histogram.map((bin) => bin.count);
    const expected = new Array(20).fill(0);
    expected[0] = 1;
    expected[5] = 3;
    expected[8] = 2;
    expected[14] = 1;
    expected[19] = 1;
    expect(counts).toEqual(expected);
    expect(numeric.histogram[0].lo).toBe(2);
    expect(numeric.histogram[0].hi).toBeCloseTo(2.35, 12);
    expect(numeric.histogram[19].hi).toBe(9);

    // c = b, a, b, NA, b, a, c, b, b → b 5, a 2, c 1, missing 1.
    expect(c.type).toBe('categorical');
    expect(c.profile).toEqual({
      missing: 1,
      distinct: 3,
      numeric: null,
      topCategories: [
        { value: 'b', count: 5 },
        { value: 'a', count: 2 },
        { value: 'c', count: 1 },
      ],
    });
  });

  it('profiles booleans as true/false counts', async () => {
    const info = await importCsv(new FakeStore(), fixture('types.csv'));
    // yes, No, TRUE, false, t, F repeated over 30 rows: 15 true, 15 false.
    expect(info.columns[1].profile).toEqual({
      missing: 0,
      distinct: 2,
      numeric: null,
      topCategories: [
        { value: 'false', count: 15 },
        { value: 'true', count: 15 },
      ],
    });
  });

  it('puts a constant column in one bin and treats a single value as std 0', () => {
    const h = new NumericHistogram(3, 3);
    h.add(3, 4);
    expect(h.toBins()).toEqual([{ lo: 3, hi: 3, count: 4 }]);
  });

  it('bins a column with more distinct numbers than the cap in an extra pass, exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtl-profile-'));
    try {
      const n = DISTINCT_CAP + 2000; // 12 000 distinct values 0 … 11 999
      const lines = ['v'];
      for (let i = 0; i < n; i++) lines.push(String(i));
      const path = join(dir, 'wide.csv');
      await writeFile(path, lines.join('\n') + '\n');
      const events: { phase: string; rows: number }[] = [];
      const info = await importCsv(new FakeStore(), path, {
        onProgress: (p) => events.push({ phase: p.phase, rows: p.rows }),
      });
      const numeric = info.columns[0].profile.numeric!;
      // Width 11 999 / 20 = 599.95: bin k holds the integers in [599.95k, 599.95(k+1)).
      const expected = Array.from({ length: 20 }, (_, k) => {
        const lo = Math.ceil(599.95 * k);
        const hi = k === 19 ? n : Math.ceil(599.95 * (k + 1));
        return hi - lo;
      });
      expect(numeric.histogram.map((b) => b.count)).toEqual(expected);
      expect(numeric.mean).toBeCloseTo((n - 1) / 2, 9);
      expect(info.columns[0].profile.distinct).toBe(DISTINCT_CAP); // capped: "at least"
      // Two scans (statistics, then histogram) before the write: the scan's row count
      // reaches n, then starts again.
      const endOfFirstScan = events.findIndex((e) => e.phase === 'scan' && e.rows === n);
      const restart = events.slice(endOfFirstScan).find((e) => e.rows < n);
      expect(restart).toEqual({ phase: 'scan', rows: 1000 });
      expect(events.at(-1)).toEqual({ phase: 'write', rows: n });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
