/**
 * The report's charts: inline SVG rendered on the main side by ECharts' server-side SVG
 * renderer (no DOM, no script in the HTML), in the report's fonts and palette — each task's
 * class balance, each run's learning curves and a dataset's task affinity.
 */
import * as echarts from 'echarts';
import { affinityChartOption } from '../../shared/affinityChart';
import type { EpochRecord } from '../../shared/domain';
import type { ReportTask } from './reportData';
import { fill, labelWidth, type REPORT_TEXT } from './reportText';

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

/** The part of zrender's SVG painter that {@link svgChart} calls (zrender's svg/Painter.ts). */
interface SvgPainter {
  renderToString(opts: { cssEmphasis?: boolean; cssAnimation?: boolean }): string;
}

/**
 * Renders an ECharts option to an SVG string (server side, no DOM), without hover styles:
 * ECharts' own `renderToSVGString` leaves zrender's `cssEmphasis` on, which writes a
 * `.zr…-cls-N:hover { cursor:pointer; fill:… }` rule per element — for the affinity scale's
 * gradient bar a gradient object, printed as `fill:[object Object]` (invalid CSS, found by a
 * new user) — and a pointer cursor means nothing in a static file. So the painter renders it.
 * @throws Error when the renderer is not zrender's SVG painter (an ECharts upgrade moved it).
 */
function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: REPORT_FONTS },
      ...option,
    });
    const painter = chart.getZr().painter as Partial<SvgPainter>;
    if (typeof painter.renderToString !== 'function') {
      throw new Error("Report chart: ECharts' SVG painter has no renderToString.");
    }
    return painter.renderToString({ cssEmphasis: false, cssAnimation: false });
  } finally {
    chart.dispose();
  }
}

/** A generous width of one {@link labelWidth} unit in an axis label (12 px), in px. */
const AXIS_UNIT_PX = 7;

/** Label area of a class-balance chart of short names, and the most a wide chart gives. */
const NARROW_LABELS_PX = 100;
const WIDE_LABELS_PX = 330;

/** The first (or, `fromEnd`, last) characters of `text` that fit in `units` units. */
function fitUnits(text: string, units: number, fromEnd = false): string {
  const chars = [...text];
  if (fromEnd) chars.reverse();
  const kept: string[] = [];
  let used = 0;
  for (const ch of chars) {
    used += labelWidth(ch);
    if (used > units) break;
    kept.push(ch);
  }
  if (fromEnd) kept.reverse();
  return kept.join('');
}

/**
 * The longest start (or, `fromEnd`, end) of `label` that some other label shares, cut at a
 * space, the space kept: the words that do not tell it apart from that label.
 */
function sharedWords(label: string, labels: readonly string[], fromEnd: boolean): string {
  const turn = (x: string) => (fromEnd ? [...x].reverse().join('') : x);
  const own = turn(label);
  let best = '';
  for (const other of labels) {
    if (other === label) continue;
    const text = turn(other);
    let n = 0;
    while (n < own.length && n < text.length && own[n] === text[n]) n += 1;
    const cut = own.slice(0, n).lastIndexOf(' ');
    if (cut + 1 > best.length) best = own.slice(0, cut + 1);
  }
  return turn(best);
}

/**
 * The class names as a class-balance chart's axis shows them, each at most `maxUnits` units
 * wide ({@link labelWidth}) and told apart: a name that fits is shown whole; else the words
 * it shares with another name at its start or end give way first, so that the part that differs stays
 * ("Category number 14 with a rather long descriptive label" → "Category number 14 with a
 * rath…"; "Agricultural and fishery workers" → "…fishery workers"), and a part that differs
 * but does not fit is cut in its middle (its start and end kept). Names that would still read
 * the same are numbered ("3 Agric…kers"), as the confusion matrices number them.
 * @param labels the task's classes, in order.
 * @param maxUnits the label area's width in units (≥ 4).
 * @returns one label per class, in order.
 */
export function balanceLabels(labels: readonly string[], maxUnits: number): string[] {
  const middle = (text: string, units: number) =>
    labelWidth(text) <= units
      ? text
      : `${fitUnits(text, Math.ceil((units - 1) / 2))}…${fitUnits(text, Math.floor((units - 1) / 2), true)}`;
  const shown = labels.map((label) => {
    if (labelWidth(label) <= maxUnits) return label;
    const head = sharedWords(label, labels, false);
    const tail = sharedWords(label, labels, true);
    const start = label.length >= head.length + tail.length ? head : '';
    const end = label.length >= head.length + tail.length ? tail : '';
    const differs = label.slice(start.length, label.length - end.length);
    const rest = maxUnits - labelWidth(start + differs) - 1;
    if (rest >= 0) return `${start}${differs}${fitUnits(end, rest).trimEnd()}…`;
    const lead = start ? '…' : '';
    const room = maxUnits - lead.length - (end ? 1 : 0);
    if (labelWidth(differs) <= room) {
      return `${lead}${differs}${end ? `${fitUnits(end, room - labelWidth(differs)).trimEnd()}…` : ''}`;
    }
    return `${lead}${middle(differs, maxUnits - lead.length)}`;
  });
  if (new Set(shown).size === shown.length) return shown;
  return labels.map((label, i) => middle(`${i + 1} ${label}`, maxUnits));
}

/**
 * A horizontal bar chart of a task's rows per class, in class order. Short class names get
 * a 320 px chart (two side by side on a page); a name longer than its 100 px label area
 * widens the chart to 680 px, its labels up to 330 px, shortened by {@link balanceLabels}
 * beyond that (a cut at the end made 30 names all read "Category numb…").
 * @param task the task; `classes` and `classCounts` are parallel arrays.
 * @returns an SVG string, 320 or 680 px wide and 40 + 22 px per class high.
 */
export function classBalanceChart(task: ReportTask): string {
  const height = 40 + task.classes.length * 22;
  const widest = AXIS_UNIT_PX * Math.max(0, ...task.classes.map(labelWidth));
  const labelsPx = widest <= NARROW_LABELS_PX ? NARROW_LABELS_PX : Math.min(WIDE_LABELS_PX, widest);
  const width = labelsPx === NARROW_LABELS_PX ? 320 : 680;
  return svgChart(
    {
      grid: { left: labelsPx + 10, right: 50, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: balanceLabels(task.classes, Math.floor(labelsPx / AXIS_UNIT_PX)),
        inverse: true,
        axisLabel: { width: labelsPx, overflow: 'truncate' },
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
    width,
    height,
  );
}

/**
 * Training and validation loss per epoch (left axis), and each task's validation macro-F1
 * (right axis, 0–1, dashed; an epoch without a task's value leaves a gap).
 * @param epochs the run's epoch records, in epoch order.
 * @param tasks the run's task names, one macro-F1 line each.
 * @param t the report's strings in its language (series and axis names).
 * @param trainingOnly the training loss only, on one axis: a cross-validation's final model
 *   has no validation rows (listing validation series in the legend read as missing data).
 * @returns an SVG string, 680 px wide and 260 px plus 14 px per legend row high.
 */
export function curvesChart(
  epochs: EpochRecord[],
  tasks: string[],
  t: typeof REPORT_TEXT.en,
  trainingOnly = false,
): string {
  const x = epochs.map((e) => e.epoch);
  const trainLoss = {
    name: t.trainLoss,
    type: 'line',
    showSymbol: false,
    data: epochs.map((e) => e.trainLoss),
    yAxisIndex: 0,
  };
  if (trainingOnly) {
    return svgChart(
      {
        legend: { top: 0, textStyle: { fontSize: 10 } },
        grid: { left: 50, right: 50, top: 44, bottom: 30 },
        xAxis: { type: 'category', data: x, name: t.epoch, nameLocation: 'middle', nameGap: 22 },
        yAxis: [{ type: 'value', name: t.loss, nameTextStyle: { fontSize: 10 } }],
        series: [trainLoss],
      },
      680,
      274,
    );
  }
  const series: object[] = [
    trainLoss,
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
