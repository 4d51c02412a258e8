/**
 * The series of the Label view's "Macro-F1 against labels" chart. A new user's chart drew
 * one line per task through runs of different methods (single-task and hard sharing), so
 * two runs at the same label count were joined by a vertical line. Expected series written
 * by hand from the four hand-made runs below.
 */
import { describe, expect, it } from 'vitest';
import type { LabelRound } from '../../src/shared/contract';
import { labelRoundSeries } from '../../src/renderer/src/components/labelRoundSeries';

const round = (
  runId: number,
  arch: string,
  weighting: string,
  tasks: Record<string, [labelled: number, macroF1: number | null]>,
): LabelRound => ({
  runId,
  arch,
  weighting,
  finishedAt: null,
  tasks: Object.fromEntries(
    Object.entries(tasks).map(([task, [labelled, macroF1]]) => [
      task,
      { labelled, hash: 'h', macroF1 },
    ]),
  ),
});

const rounds: LabelRound[] = [
  round(1, 'single-task', 'equal', { shape: [221, 0.8], colour: [221, 1] }),
  round(2, 'hard-sharing', 'equal', { shape: [221, 0.9], colour: [221, null] }),
  round(3, 'single-task', 'equal', { shape: [100, 0.6] }),
  // The same method again at 221 labels: the latest run is on the line.
  round(4, 'single-task', 'equal', { shape: [221, 0.85] }),
];

describe('labelRoundSeries', () => {
  const series = labelRoundSeries(rounds);

  it('draws one line per task and method, the earlier run at a label count beside it', () => {
    expect(series.map((s) => [s.name, s.type, s.data])).toEqual([
      [
        'shape · Single-task (baseline)',
        'line',
        [
          [100, 0.6, 3],
          [221, 0.85, 4],
        ],
      ],
      ['shape · Single-task (baseline)', 'scatter', [[221, 0.8, 1]]],
      ['colour · Single-task (baseline)', 'line', [[221, 1, 1]]],
      // Run 2's colour has no macro-F1 (no test labels): no point, no series.
      ['shape · Hard parameter sharing · Equal', 'line', [[221, 0.9, 2]]],
    ]);
  });

  it('never joins two points at the same label count', () => {
    for (const s of series.filter((x) => x.type === 'line')) {
      const counts = s.data.map((p) => p[0]);
      expect(new Set(counts).size, s.name).toBe(counts.length);
    }
  });

  it('gives a line and its extra points one colour, other lines others', () => {
    const [line, extra, colour, hps] = series;
    expect(extra!.color).toBe(line!.color);
    expect(new Set([line!.color, colour!.color, hps!.color]).size).toBe(3);
  });
});
