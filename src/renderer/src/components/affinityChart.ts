/**
 * The Compare view's task-affinity heat-map as an ECharts option (AffinityPanel.vue).
 */
import type { EChartsCoreOption } from 'echarts/core';

/** Width (px) kept right of the heat-map for its vertical colour scale and its labels. */
export const AFFINITY_SCALE_WIDTH = 96;

/**
 * Heat-map of inter-task affinity (Fifty et al., NeurIPS 2021): x = the task helped (j),
 * y = the task stepped on (i), value = 100 × Z_{i→j}, the diagonal left out. The colour scale
 * is symmetric, ±max |value|, and stands vertically at the right, beside the grid, so it
 * never covers the x axis's name (a new user saw "task helped" hidden under a horizontal
 * scale); its end labels show that extreme to two decimals (with none they read "±1" for
 * ±1.303).
 * @param tasks task names, in the order of `affinity`'s rows and columns.
 * @param affinity Z[i][j], the relative loss change of task j after a look-ahead step on task
 *   i (unitless; positive helps).
 * @param names the axis names in the UI's language: `helped` (x) and `stepOn` (y).
 * @returns the chart's option.
 */
export function affinityChartOption(
  tasks: string[],
  affinity: number[][],
  names: { helped: string; stepOn: string },
): EChartsCoreOption {
  const values = affinity.flatMap((row, i) =>
    row.flatMap((z, j) => (i === j ? [] : [[j, i, Number((100 * z).toFixed(3))]])),
  );
  const max = Math.max(1e-6, ...values.map((v) => Math.abs(v[2])));
  return {
    tooltip: { position: 'top' },
    grid: { left: 90, right: AFFINITY_SCALE_WIDTH, top: 16, bottom: 48 },
    xAxis: {
      type: 'category',
      data: tasks,
      name: names.helped,
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: {
      type: 'category',
      data: tasks,
      name: names.stepOn,
      nameLocation: 'middle',
      nameGap: 70,
    },
    visualMap: {
      min: -max,
      max,
      precision: 2,
      calculable: true,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemHeight: 120,
      inRange: { color: ['#dc2626', '#f9fafb', '#059669'] },
    },
    series: [{ type: 'heatmap', data: values, label: { show: true, fontSize: 10 } }],
  };
}
