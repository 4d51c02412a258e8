/**
 * The task-affinity heat-map's option. A new user's heat-map had its horizontal colour scale
 * drawn over the x axis's name ("task helped") and labelled "-1"/"1" while the extreme cell
 * read 1.303. Expected values computed by hand from the 3 × 3 matrix below.
 */
import { describe, expect, it } from 'vitest';
import {
  AFFINITY_SCALE_WIDTH,
  affinityChartOption,
} from '../../src/renderer/src/components/affinityChart';

const tasks = ['species', 'island', 'sex'];
// Z[i][j]: a step on task i changes task j's loss; the diagonal is not drawn.
const Z = [
  [0, 0.00199, -0.00069],
  [0.01303, 0, -0.00441],
  [0.00519, -0.00082, 0],
];

describe('affinity heat-map option', () => {
  const option = affinityChartOption(tasks, Z, { helped: 'task helped', stepOn: 'step on task' });

  it('draws the six off-diagonal cells as [helped, stepped on, 100 × Z]', () => {
    const data = (option.series as { data: number[][] }[])[0].data;
    expect(data).toEqual([
      [1, 0, 0.199],
      [2, 0, -0.069],
      [0, 1, 1.303],
      [2, 1, -0.441],
      [0, 2, 0.519],
      [1, 2, -0.082],
    ]);
  });

  it('keeps the colour scale beside the grid, symmetric at ±1.303, labelled to 2 decimals', () => {
    const scale = option.visualMap as Record<string, unknown>;
    const grid = option.grid as Record<string, number>;
    expect(scale.orient).toBe('vertical');
    expect(scale.bottom).toBeUndefined();
    expect(grid.right).toBe(AFFINITY_SCALE_WIDTH);
    expect(scale.min).toBe(-1.303);
    expect(scale.max).toBe(1.303);
    expect(scale.precision).toBe(2);
  });
});
