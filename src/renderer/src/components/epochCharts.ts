/**
 * Chart options of a run's epochs for the Train view (drawn by EChart.vue): per-task
 * curves, the loss weight of each task over the epochs, and how the MMoE / PLE gates
 * spread each task over the experts.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { EpochRecord, TrainConfig } from '../../../shared/domain';
import type { EChartsCoreOption } from './charts';

/** Translates a message key (vue-i18n's `t`). */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

const AXIS_TEXT = { nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } };
const LEGEND = {
  top: 22,
  left: 'center',
  itemWidth: 16,
  itemHeight: 8,
  textStyle: { fontSize: 11 },
};

/**
 * A task's curves keep their legend on one line, paged with arrows when it does not fit
 * (type 'scroll'): wrapped onto a second line (zh-CN in a half-width card), it ran into the
 * axis names ("F1") and the best epoch's marker above the plot.
 */
const CURVE_LEGEND = { ...LEGEND, type: 'scroll' };

function title(text: string) {
  // Cut at the narrowest chart's width (360 px): a 281-character task name ran out of it.
  return {
    text,
    left: 0,
    top: 0,
    textStyle: { fontSize: 13, fontWeight: 600, width: 340, overflow: 'truncate' },
  };
}

function epochAxis(epochs: readonly EpochRecord[], t: Translate) {
  return {
    type: 'category',
    data: epochs.map((e) => e.epoch),
    name: t('train.epoch'),
    nameLocation: 'middle',
    nameGap: 22,
    axisLabel: { fontSize: 10 },
  };
}

/**
 * Most epochs a curve draws. A run of 60 000 epochs drawn point by point froze the page for
 * seconds on every redraw; a strided subset of this many shows the same curve on a chart a
 * few hundred pixels wide (and ECharts' LTTB sampling thins it further to the pixels).
 */
export const MAX_CHART_POINTS = 1_000;

/**
 * The epochs a chart draws: all of them up to {@link MAX_CHART_POINTS}, else every k-th one
 * (k = ⌈n / MAX_CHART_POINTS⌉) with the last epoch and the `keep` epoch (the best one, where
 * the dotted line stands) added, in epoch order.
 * @param epochs the run's epochs, sorted by epoch.
 */
export function chartEpochs(
  epochs: readonly EpochRecord[],
  keep: number | null = null,
): EpochRecord[] {
  if (epochs.length <= MAX_CHART_POINTS) return [...epochs];
  const stride = Math.ceil(epochs.length / MAX_CHART_POINTS);
  const shown: EpochRecord[] = [];
  for (let i = 0; i < epochs.length; i++) {
    if (i % stride === 0 || i === epochs.length - 1 || epochs[i].epoch === keep) {
      shown.push(epochs[i]);
    }
  }
  return shown;
}

/** A plotted value: rounded to 4 decimals, null (a gap) when absent or not finite. */
function plotted(value: number | null | undefined): number | null {
  return value === undefined || value === null || !Number.isFinite(value)
    ? null
    : Number(value.toFixed(4));
}

/**
 * What a run's validation series are: scores of held-out validation rows (`'held-out'`),
 * of rows it also trained on (`'refitted'`: an Auto run refitted on every non-test row), or
 * absent (`'none'`: a cross-validation's final model, trained on every labelled row with no
 * validation split — the scores its epochs record are of its training rows, not shown).
 */
export type CurveValidation = 'held-out' | 'refitted' | 'none';

/**
 * Which validation a run's curves show ({@link CurveValidation}): none for a final model
 * (RunInfo.finalOf: no validation split), rows trained on for a refitted Auto run.
 * @param refitted the run is an Auto run refitted on every non-test row (its refit epochs known).
 */
export function curveValidation(run: { finalOf?: unknown }, refitted: boolean): CurveValidation {
  if (run.finalOf !== undefined) return 'none';
  return refitted ? 'refitted' : 'held-out';
}

/**
 * One task's training curves: train and validation loss (left axis), validation macro-F1
 * (right axis, 0–1) per epoch, and a dotted line at the kept (best) epoch. A run without a
 * validation split (`validation` 'none') shows its training loss only, named "training loss
 * (no validation split)" as the CLI's progress lines say it, with no F1 axis and no best epoch.
 * @param validation what its validation series are ({@link CurveValidation}); 'refitted'
 *   names them as rows trained on.
 */
export function taskCurvesChart(
  epochs: EpochRecord[],
  task: string,
  bestEpoch: number | null,
  t: Translate,
  validation: CurveValidation = 'held-out',
): EChartsCoreOption {
  const shown = chartEpochs(epochs, bestEpoch);
  const pick = (key: 'trainLoss' | 'valLoss' | 'valMacroF1') =>
    shown.map((e) => plotted(e.tasks[task]?.[key]));
  const refitted = validation === 'refitted';
  const trainSeries = {
    name: t(validation === 'none' ? 'train.trainLossOnly' : 'train.trainLoss'),
    type: 'line',
    data: pick('trainLoss'),
    showSymbol: false,
    sampling: 'lttb',
  };
  const lossAxis = { type: 'value', name: t('train.loss'), scale: true, ...AXIS_TEXT };
  if (validation === 'none')
    return {
      title: title(task),
      tooltip: { trigger: 'axis' },
      legend: CURVE_LEGEND,
      grid: { left: 48, right: 20, top: 68, bottom: 36 },
      xAxis: epochAxis(shown, t),
      yAxis: [lossAxis],
      series: [trainSeries],
    };
  return {
    title: title(task),
    tooltip: { trigger: 'axis' },
    legend: CURVE_LEGEND,
    // 8 px more above the plot than the other charts: the best epoch's marker, drawn above
    // the plot's top edge, stays under the "F1" axis name when the best epoch is the last.
    grid: { left: 48, right: 44, top: 76, bottom: 36 },
    xAxis: epochAxis(shown, t),
    yAxis: [
      lossAxis,
      {
        type: 'value',
        name: 'F1',
        min: 0,
        max: 1,
        ...AXIS_TEXT,
        nameGap: 22,
        splitLine: { show: false },
      },
    ],
    series: [
      trainSeries,
      {
        name: t(refitted ? 'train.valLossRefit' : 'train.valLoss'),
        type: 'line',
        data: pick('valLoss'),
        showSymbol: false,
        sampling: 'lttb',
        // The kept weights are those of the best validation epoch.
        markLine:
          bestEpoch !== null
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#9ca3af', type: 'dotted' },
                label: { formatter: t('train.best'), fontSize: 10 },
                data: [{ xAxis: String(bestEpoch) }],
              }
            : undefined,
      },
      {
        name: t(refitted ? 'train.valMacroF1Refit' : 'train.valMacroF1'),
        type: 'line',
        yAxisIndex: 1,
        data: pick('valMacroF1'),
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { type: 'dashed' },
      },
    ],
  };
}

/** True when some epoch records the tasks' loss weights (shared architectures). */
export function hasTaskWeights(epochs: EpochRecord[]): boolean {
  return epochs.some((e) => e.taskWeights !== undefined);
}

/**
 * The common weight when every task has the same loss weight at every epoch that records
 * weights (equal weighting: flat, overlapping lines, so the view says it in words instead);
 * null when weights differ somewhere or no epoch records them.
 */
export function equalTaskWeight(epochs: EpochRecord[], tasks: string[]): number | null {
  let common: number | null = null;
  for (const e of epochs) {
    if (!e.taskWeights) continue;
    for (const task of tasks) {
      const w = e.taskWeights[task];
      if (w === undefined || !Number.isFinite(w)) return null;
      if (common === null) common = w;
      else if (Math.abs(w - common) > 1e-9 * Math.max(1, Math.abs(common))) return null;
    }
  }
  return common;
}

/**
 * The sentence shown instead of the task-weights chart when every task weighs the same at
 * every epoch ({@link equalTaskWeight}), naming the method that kept them so: a loss
 * weighting ("… (equal weighting)", "… (static weights)"), or PCGrad, a gradient method
 * (Yu et al., NeurIPS 2020) that weighs every loss 1 and projects conflicting gradients
 * instead — not "equal weighting".
 * @param weighting the run's TrainConfig.weighting (runs older than weightings have none: equal).
 * @param weight the common weight.
 */
export function constantWeightsCaption(
  weighting: TrainConfig['weighting'] | undefined,
  weight: number,
  t: Translate,
): string {
  const method = weighting ?? 'equal';
  const named = { weight: Number(weight.toFixed(4)), method: t(`train.weightingKinds.${method}`) };
  return method === 'pcgrad'
    ? t('train.gradientMethodWeights', named)
    : t('train.equalWeights', named);
}

/** Largest over smallest weight beyond which a linear axis hides the small ones. */
export const LOG_WEIGHT_RATIO = 100;

/**
 * Whether the task weights span too many orders of magnitude for a linear axis: every
 * recorded weight positive and the largest more than {@link LOG_WEIGHT_RATIO} times the
 * smallest (uncertainty weighting's 1 / (2σ²) can reach thousands for one task while the
 * others stay near 1).
 */
export function taskWeightsNeedLog(epochs: EpochRecord[], tasks: string[]): boolean {
  let lo = Infinity;
  let hi = 0;
  for (const e of epochs) {
    for (const task of tasks) {
      const w = e.taskWeights?.[task];
      if (w === undefined || !Number.isFinite(w)) continue;
      if (w <= 0) return false;
      lo = Math.min(lo, w);
      hi = Math.max(hi, w);
    }
  }
  return hi > 0 && hi / lo > LOG_WEIGHT_RATIO;
}

/**
 * The loss weight of each task at the end of each epoch (EpochRecord.taskWeights), one
 * line per task; epochs without weights are gaps. A log axis when the weights span more
 * than two orders of magnitude (taskWeightsNeedLog), so no task's line is flattened.
 */
export function taskWeightsChart(
  epochs: EpochRecord[],
  tasks: string[],
  t: Translate,
): EChartsCoreOption {
  const log = taskWeightsNeedLog(epochs, tasks);
  const shown = chartEpochs(epochs);
  return {
    title: title(t('train.taskWeights')),
    tooltip: { trigger: 'axis' },
    legend: LEGEND,
    grid: { left: 48, right: 20, top: 68, bottom: 36 },
    xAxis: epochAxis(shown, t),
    yAxis: log
      ? { type: 'log', logBase: 10, name: t('train.weightLog'), ...AXIS_TEXT }
      : { type: 'value', name: t('train.weight'), scale: true, ...AXIS_TEXT },
    series: tasks.map((task) => ({
      name: task,
      type: 'line',
      showSymbol: false,
      sampling: 'lttb',
      data: shown.map((e) => plotted(e.taskWeights?.[task])),
    })),
  };
}

/** The latest epoch that records gate weights (MMoE, PLE), or null. */
function latestGates(epochs: EpochRecord[]): EpochRecord | null {
  for (let i = epochs.length - 1; i >= 0; i--) if (epochs[i].gates) return epochs[i];
  return null;
}

/**
 * Names of the gate slots in the architecture's expert order: PLE's task gates mix the
 * task's own experts first, then the shared ones; MMoE's mix the shared experts.
 */
function expertNames(
  count: number,
  config: Pick<TrainConfig, 'arch' | 'specificExperts'>,
  t: Translate,
): string[] {
  const own = config.arch === 'ple' ? Math.min(config.specificExperts, count) : 0;
  return Array.from({ length: count }, (_, i) =>
    i < own
      ? t('train.ownExpert', { n: i + 1 })
      : t(own > 0 ? 'train.sharedExpert' : 'train.expert', { n: i - own + 1 }),
  );
}

/**
 * Gate usage of the latest epoch with gates: per task (x axis) one bar per expert with the
 * task gate's mean weight on the validation split (each task's bars sum to 1), and a
 * dashed line at the uniform weight 1 / experts. Null when no epoch records gates.
 */
export function gateUsageChart(
  epochs: EpochRecord[],
  tasks: string[],
  config: Pick<TrainConfig, 'arch' | 'specificExperts'>,
  t: Translate,
  keptEpoch: number | null = null,
): EChartsCoreOption | null {
  // A finished run shows the gates of the model it kept (its best epoch), not the last.
  const kept = keptEpoch ? epochs.find((e) => e.epoch === keptEpoch && e.gates) : undefined;
  const record = kept ?? latestGates(epochs);
  if (!record?.gates) return null;
  const gates = record.gates;
  const shown = tasks.filter((task) => gates[task] !== undefined);
  const experts = Math.max(0, ...shown.map((task) => gates[task].length));
  if (experts === 0) return null;
  return {
    title: title(t(kept ? 'train.gateUsageKept' : 'train.gateUsage', { epoch: record.epoch })),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: LEGEND,
    // Many experts (PLE) wrap the legend onto a second line: leave room above the axis.
    grid: { left: 48, right: 20, top: experts > 4 ? 92 : 68, bottom: 28 },
    xAxis: { type: 'category', data: shown, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', name: t('train.gateWeight'), min: 0, max: 1, ...AXIS_TEXT },
    series: expertNames(experts, config, t).map((name, e) => ({
      name,
      type: 'bar',
      data: shown.map((task) => plotted(gates[task][e])),
      markLine:
        e === 0
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#6b7280', type: 'dashed' },
              label: { formatter: t('train.uniform'), fontSize: 10, position: 'insideEndTop' },
              data: [{ yAxis: Number((1 / experts).toFixed(4)) }],
            }
          : undefined,
    })),
  };
}
