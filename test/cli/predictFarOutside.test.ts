/**
 * `predict` warns of numeric input cells far outside the training data (found by a new user:
 * a zoo animal with `legs = 400000` got a confident prediction and no word of it). Expected
 * values are computed by hand in this file: the training range is read off the training rows
 * that `predict --dataset` marks `train` in its split column (x = row_id mod 7, as
 * test/cli/xyProject.ts writes row i = row_id − 1), and a value is far outside below
 * min − (max − min) or above max + (max − min).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictPreview } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
/** The training split's smallest and largest x, by hand from the split column. */
let min: number;
let max: number;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = await trainXyProject(dir);
  // Row 1 far outside (400000), row 2 an ordinary value.
  writeFileSync(`${dir}/new.csv`, 'x,y\n400000,a\n3,b\n');
  writeFileSync(`${dir}/normal.csv`, 'x,y\n3,b\n0,a\n');
  const split = await cli('predict', '-p', project, '--run', '1', '--dataset', '1');
  if (split.code !== 0) throw new Error(split.stderr);
  const [header, ...lines] = split.stdout.trim().split('\n');
  expect(header.split(',').slice(0, 2)).toEqual(['row_id', 'split']);
  const cells = lines.map((l) => l.split(','));
  expect(cells.map((c) => Number(c[0]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  const trainX = cells.filter((c) => c[1] === 'train').map((c) => Number(c[0]) % 7);
  expect(trainX.length).toBeGreaterThan(5);
  min = Math.min(...trainX);
  max = Math.max(...trainX);
}, 120_000);
afterAll(() => cleanup());

/** The line the hand rule expects for new.csv (1 row, 400000 > max + (max − min)). */
const expectedLine = () =>
  `warning: column "x": 1 row (row 1) far outside the training range ${min}–${max} (largest 400000): predictions for such rows are extrapolations`;

describe('predict warns of values far outside the training range', () => {
  it('text output: one warning line for the column on stderr', async () => {
    // By hand: 400000 is far above max + (max − min) ≤ 12; 3 lies within [min, max] widened.
    expect(400000).toBeGreaterThan(max + (max - min));
    expect(3).toBeLessThanOrEqual(max + (max - min));
    expect(3).toBeGreaterThanOrEqual(min - (max - min));
    const done = await cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(done.code, done.stderr).toBe(0);
    const lines = done.stderr.split('\n').filter((l) => l.includes('far outside'));
    expect(lines).toEqual([expectedLine()]);
    // The predictions themselves are still written, one per row.
    expect(done.stdout.trim().split('\n')).toHaveLength(3);
  }, 60_000);

  it('--json: the warning in `warnings` and the structured `farOutside`', async () => {
    const done = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    expect(json.warnings).toContain(expectedLine().slice('warning: '.length));
    expect(json.farOutside).toEqual([
      {
        column: 'x',
        rows: 1,
        firstRows: [1],
        extreme: 400000,
        training: { kind: 'range', min, max },
      },
    ]);
  }, 60_000);

  it('no warning and no farOutside for a file within the training range', async () => {
    const done = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/normal.csv`);
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    expect(json).not.toHaveProperty('farOutside');
    expect(JSON.stringify(json.warnings ?? [])).not.toContain('far outside');
  }, 60_000);

  it('a bundle keeps the range, still verifies its checksums, and warns alike', async () => {
    const exported = await cli('export', 'model', '-p', project, '--run', '1', '-o', `${dir}/b`);
    expect(exported.code, exported.stderr).toBe(0);
    const metadata = JSON.parse(readFileSync(`${dir}/b/metadata.json`, 'utf8'));
    const [x] = metadata.input.columns;
    expect(x.encoding).toMatchObject({ kind: 'numeric', column: 'x', min, max });
    const done = await cli('predict', '--model', `${dir}/b`, `${dir}/new.csv`);
    expect(done.code, done.stderr).toBe(0);
    // No note of unchecked files: the checksums were recorded and matched.
    expect(done.stderr).not.toMatch(/unchecked|checksum/i);
    expect(done.stderr.split('\n').filter((l) => l.includes('far outside'))).toEqual([
      expectedLine(),
    ]);
  }, 60_000);

  it('the Predict view’s preview carries the same farOutside', async () => {
    const store = await ProjectStore.open(project, { create: false });
    try {
      const preview = await predictPreview(store, 1, `${dir}/new.csv`);
      expect(preview.farOutside).toEqual([
        {
          column: 'x',
          rows: 1,
          firstRows: [1],
          extreme: 400000,
          training: { kind: 'range', min, max },
        },
      ]);
      // Row 1 (400000) is marked with its column in the table; row 2 (3) is not.
      expect(preview.rows.map((r) => r.farOutside)).toEqual([['x'], undefined]);
      const normal = await predictPreview(store, 1, `${dir}/normal.csv`);
      expect(normal).not.toHaveProperty('farOutside');
    } finally {
      await store.close();
    }
  }, 60_000);
});
