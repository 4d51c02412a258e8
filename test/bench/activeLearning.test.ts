/**
 * The active-labelling section of `npm run bench` in its tiny configuration (seconds): both
 * strategies produce a learning curve on the same label counts, and the report shows them.
 * The numbers of a tiny run mean nothing; the real curves come from `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run';
import { makeTempDir } from '../store/helpers';

describe('npm run bench --tiny --only active', () => {
  it('writes both learning curves and the labels each needs to reach 95 % of the ceiling', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const { report, files } = await runBench({
        tiny: true,
        sections: ['active'],
        seeds: 1,
        outDir: dir,
        log: () => {},
      });
      const a = report.activeLearning!;
      expect(a.tasks).toEqual(['digit', 'parity', 'ge5', 'is_prime', 'has_loop']);
      // 300 rows: 30 % fixed test set (stratified on the digit), the rest is the pool.
      expect(a.test + a.pool).toBe(300);
      for (const strategy of ['least-confidence', 'random'] as const) {
        expect(a.curves[strategy].map((p) => p.labels)).toEqual([20, 40]);
        for (const p of a.curves[strategy]) {
          expect(p.meanMacroF1.mean).toBeGreaterThanOrEqual(0);
          expect(p.meanMacroF1.mean).toBeLessThanOrEqual(1);
        }
      }
      // Both strategies start from the same random labels: the same first model.
      expect(a.curves['least-confidence'][0].meanMacroF1.mean).toBe(
        a.curves.random[0].meanMacroF1.mean,
      );
      const md = readFileSync(files.markdown, 'utf8');
      expect(md).toMatch(/## Active labelling/);
      expect(md).toMatch(/\| labelled items \| least confidence \| random \|/);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
