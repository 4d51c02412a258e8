/**
 * `npm run bench` must run from a clean clone: this runs its tiny configuration (seconds)
 * and checks the report it writes. The numbers of a tiny run mean nothing; the full
 * benchmark is never a timed unit test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run';
import { makeTempDir } from '../store/helpers';

describe('npm run bench --tiny', () => {
  it('writes JSON and Markdown with the accuracy, speed, scale, import and start-up sections', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const { report, files } = await runBench({
        tiny: true,
        sections: ['accuracy', 'speed', 'scale', 'import', 'startup'],
        seeds: 1,
        outDir: dir,
        log: () => {},
      });
      expect(existsSync(files.json) && existsSync(files.markdown)).toBe(true);
      // A tiny run never replaces latest.md (the last full run).
      expect(files.latest).toBeNull();
      expect(JSON.parse(readFileSync(files.json, 'utf8')).startedAt).toBe(report.startedAt);
      const [penguins] = report.accuracy;
      expect(penguins.dataset).toBe('penguins');
      expect(penguins.points[0].arch).toBe('single-task');
      for (const p of penguins.points) {
        for (const task of ['species', 'island', 'sex']) {
          expect(p.macroF1[task].mean).toBeGreaterThanOrEqual(0);
          expect(p.macroF1[task].mean).toBeLessThanOrEqual(1);
        }
      }
      expect(report.speed!.ours.samplesPerSecond).toBeGreaterThan(0);
      expect(report.speed!.profile.kernelsPerStep).toBeGreaterThan(0);
      expect(report.speed!.kernelProfile.kernelsPerStep).toBeGreaterThan(0);
      // The fused kernel runs on the wasm and cpu backends (tfjs-node, where it installs, runs tfjs).
      if (/^(wasm|cpu)/.test(report.speed!.ours.backend))
        expect(report.speed!.ours.stepEngine).toBe('fused-kernel');
      expect(report.speed!.tfjsPath.samplesPerSecond).toBeGreaterThan(0);
      expect(report.scale!.rows).toBe(5_000);
      expect(report.scale!.peakRssMiB).toBeGreaterThan(0);
      expect(report.importSpeed!.rows).toBe(5_000);
      expect(report.importSpeed!.ours.peakRssMiB).toBeGreaterThan(0);
      expect(report.startup!.runs).toBe(3);
      expect(report.startup!.medianSeconds).toBeGreaterThan(0);
      const md = readFileSync(files.markdown, 'utf8');
      expect(md).toMatch(/## Accuracy/);
      expect(md).toMatch(/## Speed/);
      expect(md).toMatch(/## Scale/);
      expect(md).toMatch(/## Import/);
      expect(md).toMatch(/sqlite3 .* shell|sqlite3 reference skipped/);
      expect(md).toMatch(/## Start-up/);
      // The reference libraries either ran or the report says why not.
      expect(md).toMatch(/sklearn logistic regression|scikit-learn reference skipped/);
      expect(md).toMatch(/PyTorch .* thread|PyTorch reference skipped/);
    } finally {
      await cleanup();
    }
    // Seconds on an idle machine; minutes when other jobs share its two cores. Only that it
    // completes and what it writes are checked, never how fast.
  }, 900_000);
});
