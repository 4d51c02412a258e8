/**
 * The Train view's charts of a cross-validation's final model (RunInfo.finalOf): it has no
 * validation split, so its per-task curves show the training loss only, named "training loss
 * (no validation split)" as the CLI's progress lines say it (no validation series, no F1
 * axis); its gate-usage and task-weight charts show the gates and weights its epochs record
 * (of its training rows), with no empty or NaN bars. The epoch records below are copied from
 * the project store of real CLI runs (`train --evaluation cv --folds 2 --final`, 24 rows, tasks
 * y and w, `--arch ple --weighting dwa` and `--arch mmoe --weighting uncertainty`, 2026-12-06);
 * expected names are the en and zh-CN strings of src/renderer/src/i18n written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/shared/domain';
import {
  curveValidation,
  gateUsageChart,
  taskCurvesChart,
  taskWeightsChart,
} from '../../src/renderer/src/components/epochCharts';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
const t = (key: string, params: Record<string, unknown> = {}): string => i18n.global.t(key, params);

/** PLE (1 own expert per task and 4 shared: 5 gate slots), DWA, final model of CV2. */
const PLE_FINAL: EpochRecord = {
  epoch: 1,
  trainLoss: 1.4052589887089986,
  valLoss: 1.3824966439415747,
  tasks: {
    y: {
      trainLoss: 0.7065168154328211,
      valLoss: 0.6944440551124423,
      valAccuracy: 0.4583333333333333,
      valMacroF1: 0.45739130434782604,
    },
    w: {
      trainLoss: 0.6987421732761775,
      valLoss: 0.6880525888291323,
      valAccuracy: 0.5833333333333334,
      valMacroF1: 0.4957983193277311,
    },
  },
  seconds: 0.04565796899999987,
  taskWeights: { y: 1, w: 1 },
  gates: {
    y: [
      0.18598061800003052, 0.1871046225229899, 0.2252891461054484, 0.22653913497924805,
      0.17508649826049805,
    ],
    w: [
      0.19044832388559976, 0.18402600288391113, 0.22003289063771567, 0.1810630758603414,
      0.22442970673243204,
    ],
  },
};

/** MMoE (4 experts), uncertainty weighting, final model of CV1. */
const MMOE_FINAL: EpochRecord = {
  epoch: 1,
  trainLoss: 1.398988267367407,
  valLoss: 1.3794998486934174,
  tasks: {
    y: {
      trainLoss: 0.7041281505845077,
      valLoss: 0.6836337289812146,
      valAccuracy: 0.5,
      valMacroF1: 0.3333333333333333,
    },
    w: {
      trainLoss: 0.6948601167828992,
      valLoss: 0.6958661197122029,
      valAccuracy: 0.4583333333333333,
      valMacroF1: 0.45739130434782604,
    },
  },
  seconds: 0.030066057,
  taskWeights: { y: 0.501502252031236, w: 0.501502252031236 },
  gates: {
    y: [0.24664105971654257, 0.26016026735305786, 0.2640504837036133, 0.22914820909500122],
    w: [0.24849156538645426, 0.23342078924179077, 0.26144911845525104, 0.2566385269165039],
  },
};

type Series = { name: string; data: (number | null)[]; yAxisIndex?: number };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;
const final = { finalOf: { evaluationId: 1, labelledRows: 24, epochs: 1 } };

describe("a final model's curves", () => {
  it('show the training loss only, said to have no validation split, in both languages', () => {
    const kind = curveValidation(final, false);
    expect(kind).toBe('none');
    const option = taskCurvesChart([MMOE_FINAL], 'y', 1, t, kind) as { yAxis: unknown[] };
    expect(seriesOf(option).map((s) => s.name)).toEqual(['training loss (no validation split)']);
    // y's training loss of the stored epoch, rounded to 4 decimals as plotted.
    expect(seriesOf(option)[0].data).toEqual([0.7041]);
    // No macro-F1 axis: the loss axis only.
    expect(option.yAxis).toHaveLength(1);
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(seriesOf(taskCurvesChart([MMOE_FINAL], 'y', 1, t, kind)).map((s) => s.name)).toEqual([
        '训练损失（无验证集）',
      ]);
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('differ from a run with a validation split, which keeps its three series', () => {
    expect(curveValidation({}, false)).toBe('held-out');
    expect(curveValidation({}, true)).toBe('refitted');
    const names = seriesOf(taskCurvesChart([MMOE_FINAL], 'y', 1, t, 'held-out')).map((s) => s.name);
    expect(names).toEqual(['train loss', 'validation loss', 'validation macro-F1']);
  });
});

describe("a final model's gate usage and task weights", () => {
  for (const [name, record, arch, experts] of [
    ['PLE', PLE_FINAL, 'ple', 5],
    ['MMoE', MMOE_FINAL, 'mmoe', 4],
  ] as const) {
    it(`${name}: every bar a finite weight, each task's summing to 1`, () => {
      const option = gateUsageChart([record], ['y', 'w'], { arch, specificExperts: 1 }, t, 1);
      expect(option).not.toBeNull();
      const bars = seriesOf(option);
      expect(bars).toHaveLength(experts);
      for (const [i, task] of (['y', 'w'] as const).entries()) {
        const column = bars.map((b) => b.data[i]);
        expect(column.every((v) => v !== null && Number.isFinite(v))).toBe(true);
        // A gate is a softmax: its mean weights sum to 1 (up to the 4-decimal rounding).
        expect(column.reduce<number>((a, v) => a + v!, 0)).toBeCloseTo(1, 3);
        expect(column[0]).toBe(Number(record.gates![task][0].toFixed(4)));
      }
    });
  }

  it("plots the stored task weights (MMoE's uncertainty weights), none NaN", () => {
    const lines = seriesOf(taskWeightsChart([MMOE_FINAL], ['y', 'w'], t));
    expect(lines.map((l) => [l.name, l.data])).toEqual([
      ['y', [0.5015]],
      ['w', [0.5015]],
    ]);
  });
});
