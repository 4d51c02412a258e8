/**
 * Task affinity (Fifty et al., NeurIPS 2021) and the recommended grouping. The grouping's
 * expected partitions are worked out by hand; the affinity pass is checked on a table whose
 * relations are known by construction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { mulberry32 } from '../../src/main/engine/random';
import { bestGrouping, taskAffinity } from '../../src/main/engine/taskAffinity';
import { testConfig } from './synthetic';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('bestGrouping', () => {
  it('groups tasks that help each other and leaves a harmful one alone (by hand)', () => {
    // 0 ↔ 1 help each other (+0.2), 2 hurts and is hurt by both (−0.1).
    // {0,1},{2}: 0.2 + 0.2 + 0 = 0.4; {0,1,2}: (0.2−0.1)/2·2 + (−0.1−0.1)/2 = −0.1 + … < 0.4.
    const z = [
      [0, 0.2, -0.1],
      [0.2, 0, -0.1],
      [-0.1, -0.1, 0],
    ];
    expect(bestGrouping(z)).toEqual([[0, 1], [2]]);
  });

  it('keeps everything together when all affinities are positive, apart when all negative', () => {
    const pos = [
      [0, 0.1, 0.1],
      [0.1, 0, 0.1],
      [0.1, 0.1, 0],
    ];
    expect(bestGrouping(pos)).toEqual([[0, 1, 2]]);
    const neg = pos.map((r) => r.map((v) => -v));
    expect(bestGrouping(neg)).toEqual([[0], [1], [2]]);
  });
});

describe('taskAffinity', () => {
  it('finds that a task and its noisy copy help each other more than an unrelated task', async () => {
    // a = x0 > 0; b = a with 10 % flipped; c = x3 > 0 (unrelated to a and b).
    const r = mulberry32(2);
    const n = 400;
    const features = new Float32Array(n * 4);
    const labels = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 4; f++) features[4 * i + f] = r() * 2 - 1;
      labels[0][i] = features[4 * i] > 0 ? 1 : 0;
      labels[1][i] = r() < 0.1 ? 1 - labels[0][i] : labels[0][i];
      labels[2][i] = features[4 * i + 3] > 0 ? 1 : 0;
    }
    const tasks = ['a', 'b', 'c'].map((name) => ({ name, classes: ['0', '1'] }));
    const out = await taskAffinity(
      features,
      4,
      labels,
      Int32Array.from({ length: n }, (_, i) => i),
      { tasks, config: testConfig({ hiddenUnits: [16], seed: 4 }), steps: 120, every: 2 },
    );
    const z = out.affinity;
    expect(out.samples).toBe(60);
    expect(z[0][1]).toBeGreaterThan(z[2][1]);
    expect(z[1][0]).toBeGreaterThan(z[2][0]);
    expect(out.groups.find((g) => g.includes('a'))).toContain('b');
  });
});
