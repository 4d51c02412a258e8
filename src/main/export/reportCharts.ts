/**
 * The report's charts: inline SVG rendered on the main side by ECharts' server-side SVG
 * renderer (no DOM, no script in the HTML), in the report's fonts and palette — each task's
 * class balance, each run's learning curves and a dataset's task affinity.
 */
import * as echarts from 'echarts';
import { affinityChartOption } from '../../shared/affinityChart';
import type { EpochRecord } from '../../shared/domain';
import type { ReportTask } from './reportData';
import { fill, type REPORT_TEXT } from './reportText';

/**
 * Fonts with Latin and Simplified Chinese glyphs on each system, in order: Noto/Source Han
 * (Linux, fonts-noto-cjk), PingFang (macOS), Microsoft YaHei (Windows), WenQuanYi (older
 * Linux). The HTML embeds no font: every desktop system ships one of these for Chinese.
 */
export const REPORT_FONTS =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif';

const PALETTE = [
  '#2f6fde',
  '#e0793a',
  '#3a9d5d',
  '#b5489c',
  '#8a6d3b',
  '#4aa3b5',
  '#c0392b',
  '#7f8c8d',
];

/** Renders an ECharts option to an SVG string (server side, no DOM). */
function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: REPORT_FONTS },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A horizontal bar chart of a task's rows per class, in class order.
 * @param task the task; `classes` and `classCounts` are parallel arrays.
 * @returns an SVG string, 320 px wide and 40 + 22 px per class high.
 */
export function classBalanceChart(task: ReportTask): string {
  const height = 40 + task.classes.length * 22;
  return svgChart(
    {
      grid: { left: 110, right: 50, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: task.classes,
        inverse: true,
        axisLabel: { width: 100, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: task.classCounts,
          barMaxWidth: 16,
          label: { show: true, position: 'right', fontSize: 10 },
        },
      ],
    },
    320,
    height,
  );
}

/**
 * Training and validation loss per epoch (left axis), and each task's validation macro-F1
 * (right axis, 0–1, dashed; an epoch without a task's value leaves a gap).
 * @param epochs the run's epoch records, in epoch order.
 * @param tasks the run's task names, one macro-F1 line each.
 * @param t the report's strings in its language (series and axis names).
 * @returns an SVG string, 680 px wide and 260 px plus 14 px per legend row high.
 */
export function curvesChart(
  epochs: EpochRecord[],
  tasks: string[],
  t: typeof REPORT_TEXT.en,
): string {
  const x = epochs.map((e) => e.epoch);
  const series: object[] = [
    {
      name: t.trainLoss,
      type: 'line',
      showSymbol: false,
      data: epochs.map((e) => e.trainLoss),
      yAxisIndex: 0,
    },
    {
      name: t.valLoss,
      type: 'line',
      showSymbol: false,
      data: epochs.map((e) => e.valLoss),
      yAxisIndex: 0,
    },
    ...tasks.map((task) => ({
      name: fill(t.valMacroF1, { task }),
      type: 'line',
      showSymbol: false,
      lineStyle: { type: 'dashed' },
      data: epochs.map((e) => e.tasks[task]?.valMacroF1 ?? null),
      yAxisIndex: 1,
    })),
  ];
  return svgChart(
    {
      legend: { top: 0, textStyle: { fontSize: 10 } },
      grid: { left: 50, right: 50, top: 30 + 14 * Math.ceil((tasks.length + 2) / 3), bottom: 30 },
      xAxis: { type: 'category', data: x, name: t.epoch, nameLocation: 'middle', nameGap: 22 },
      yAxis: [
        { type: 'value', name: t.loss, nameTextStyle: { fontSize: 10 } },
        { type: 'value', min: 0, max: 1, name: t.macroF1, nameTextStyle: { fontSize: 10 } },
      ],
      series,
    },
    680,
    260 + 14 * Math.ceil((tasks.length + 2) / 3),
  );
}

/**
 * The task-affinity heat-map, the Compare view's own option (shared/affinityChart.ts): x = the
 * task helped (j), y = the task stepped on (i, top to bottom in `tasks` order), cell =
 * 100 × Z_{i→j} to two decimals with its unit, the diagonal left out; colour scale ±max |cell|.
 * @param tasks task names in the order of `affinity`'s rows and columns.
 * @param affinity Z[i][j] (T × T, unitless; positive: a step on i lowers j's loss).
 * @param t the report's strings in its language (axis names, unit).
 * @returns an SVG string, 640 px wide and 110 + 44 px per task high (at least 240).
 */
export function affinityChart(
  tasks: string[],
  affinity: number[][],
  t: typeof REPORT_TEXT.en,
): string {
  const option = affinityChartOption(tasks, affinity, {
    helped: t.affinityHelped,
    stepOn: t.affinityStepOn,
    percent: (value) => fill(t.affinityPercent, { value }),
    // No tooltip in a file: the cells and the listed negative ones say the values.
    cell: () => '',
  });
  return svgChart({ ...option, tooltip: undefined }, 640, Math.max(240, 110 + 44 * tasks.length));
}
