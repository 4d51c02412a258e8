/**
 * The task-affinity heat-map as an ECharts option: one option for the Compare view
 * (AffinityPanel.vue, drawn in the window) and the report (export/reportCharts.ts, rendered to
 * SVG on the main side), so both draw the same cells, scale and colours. Type-only echarts
 * import: nothing here loads a renderer.
 */
import type { EChartsCoreOption } from 'echarts/core';

/**
 * Width (px) kept right of the heat-map for its vertical colour scale: its bar, its handles
 * and their labels ("-1.30 %"; ECharts lays the scale out about 110 px wide, 8 px from the
 * edge), with a gap before the last column (found by a new user: at 96 px the label "1.30 %"
 * touched the last column).
 */
export const AFFINITY_SCALE_WIDTH = 136;

/** The words of the heat-map in the UI's language. */
export interface AffinityChartWords {
  /** The x axis's name (the task helped, j), its unit included. */
  helped: string;
  /** The y axis's name (the task stepped on, i). */
  stepOn: string;
  /** A value with its unit on the colour scale, e.g. "1.30 %". */
  percent: (value: string) => string;
  /** A cell's tooltip: a step on `stepOn` lowers `helped`'s loss by `value` % (negative: raises). */
  cell: (stepOn: string, helped: string, value: number) => string;
}

/**
 * Heat-map of inter-task affinity (Fifty et al., NeurIPS 2021): x = the task helped (j),
 * y = the task stepped on (i), value = 100 × Z_{i→j}, the % of task j's loss a step on task i
 * lowers (the CLI's `affinity` table: "% of its loss lowered"), the diagonal left out. The
 * rows run top to bottom in `tasks` order, as the CLI's table lists them (ECharts draws a
 * category y axis bottom up unless inverted). The colour scale is symmetric, ±max |value|,
 * and stands vertically at the right, beside the grid, so it never covers the x axis's name
 * (a new user saw "task helped" hidden under a horizontal scale); its end labels show that
 * extreme to two decimals with the unit (with none they read "±1" for ±1.303). Cells show two
 * decimals, as the CLI, with the unit as the scale has it; the tooltip says the value in
 * words, to three.
 * @param tasks task names, in the order of `affinity`'s rows and columns.
 * @param affinity Z[i][j], the relative loss change of task j after a look-ahead step on task
 *   i (unitless ratio; positive helps).
 * @param words the axis names, unit and tooltip in the UI's language.
 * @returns the chart's option.
 */
export function affinityChartOption(
  tasks: string[],
  affinity: number[][],
  words: AffinityChartWords,
): EChartsCoreOption {
  const values = affinity.flatMap((row, i) =>
    row.flatMap((z, j) => (i === j ? [] : [[j, i, Number((100 * z).toFixed(3))]])),
  );
  const max = Math.max(1e-6, ...values.map((v) => Math.abs(v[2])));
  type Cell = { value: [number, number, number] };
  return {
    tooltip: {
      position: 'top',
      // ECharts puts a tooltip's text in as HTML: a task's name is the user's text.
      formatter: ({ value: [j, i, v] }: Cell) => escapeHtml(words.cell(tasks[i], tasks[j], v)),
    },
    grid: { left: 90, right: AFFINITY_SCALE_WIDTH, top: 16, bottom: 48 },
    xAxis: {
      type: 'category',
      data: tasks,
      name: words.helped,
      nameLocation: 'middle',
      nameGap: 28,
      // A long task name is cut to its cell's width (the tooltip names it whole).
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    yAxis: {
      type: 'category',
      data: tasks,
      inverse: true,
      name: words.stepOn,
      nameLocation: 'middle',
      nameGap: 70,
      // Within the grid's 90 px left margin, beside the axis name.
      axisLabel: { width: 60, overflow: 'truncate' },
    },
    visualMap: {
      min: -max,
      max,
      precision: 2,
      formatter: (value: number) => words.percent(value.toFixed(2)),
      calculable: true,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemHeight: 120,
      inRange: { color: ['#dc2626', '#f9fafb', '#059669'] },
    },
    series: [
      {
        type: 'heatmap',
        data: values,
        // 12 px: at 10 px a new user found the cells' numbers hard to read.
        label: {
          show: true,
          fontSize: 12,
          formatter: ({ value: [, , v] }: Cell) => words.percent(v.toFixed(2)),
        },
      },
    ],
  };
}

/** `text` with &, <, >, " and ' written as HTML entities. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
