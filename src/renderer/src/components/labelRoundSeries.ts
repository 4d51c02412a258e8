/**
 * The series of the Label view's "Macro-F1 against labels" chart (LabelRounds.vue): one
 * line per task and method, so runs of different methods (single-task, hard sharing) at the
 * same label count are never joined by a vertical line, as a new user's chart joined them.
 */
// Relative, type-only import: this module is unit-tested from Node.
import type { LabelRound } from '../../../shared/contract';
import type { TrainConfig } from '../../../shared/domain';
import { methodLabel } from './methodLabels';
import { PALETTE } from './charts';

/** One point: [labelled rows of the task when the run trained, its test macro-F1, run id]. */
export type RoundPoint = [labelled: number, macroF1: number, runId: number];

/** An ECharts series of the chart: a line, or the unjoined extra runs of a line. */
export interface RoundSeries {
  /** "task · method", shared by a line and its extra points (one legend entry). */
  name: string;
  type: 'line' | 'scatter';
  color: string;
  symbolSize: number;
  data: RoundPoint[];
}

/**
 * Builds the chart's series from the rounds: per task (in order of first appearance) and
 * method (methodLabel of the run's architecture and weighting), a line through the points
 * sorted by label count. A method trained more than once at the same label count keeps
 * the latest run (highest id) on its line; the earlier ones are drawn as unjoined points of
 * the same name and colour (a 'scatter' series), so no line runs vertically.
 * Runs without a macro-F1 for a task (none on its test split) give no point.
 * @param rounds completed runs as rounds of labelling (`labels.rounds`).
 * @returns the line series, each followed by its scatter series when it has extra points.
 */
export function labelRoundSeries(rounds: readonly LabelRound[]): RoundSeries[] {
  const groups = new Map<string, RoundPoint[]>();
  for (const round of rounds) {
    // A stored run's names as strings; one the UI does not know is shown as it is.
    const method = methodLabel({
      arch: round.arch as TrainConfig['arch'],
      weighting: round.weighting as TrainConfig['weighting'],
    });
    for (const [task, m] of Object.entries(round.tasks)) {
      if (m.macroF1 === null) continue;
      const name = `${task} · ${method}`;
      let points = groups.get(name);
      if (!points) groups.set(name, (points = []));
      points.push([m.labelled, m.macroF1, round.runId]);
    }
  }
  const series: RoundSeries[] = [];
  [...groups].forEach(([name, points], i) => {
    const color = PALETTE[i % PALETTE.length]!;
    // The latest run per label count on the line; earlier ones beside it.
    const latest = new Map<number, RoundPoint>();
    for (const p of points) {
      const held = latest.get(p[0]);
      if (!held || p[2] > held[2]) latest.set(p[0], p);
    }
    const line = [...latest.values()].sort((a, b) => a[0] - b[0]);
    const extra = points
      .filter((p) => latest.get(p[0]) !== p)
      .sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    series.push({ name, type: 'line', color, symbolSize: 7, data: line });
    if (extra.length > 0) series.push({ name, type: 'scatter', color, symbolSize: 7, data: extra });
  });
  return series;
}
