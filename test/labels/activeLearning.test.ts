/**
 * The active-labelling queue on hand-made predictions: the three confidence measures of
 * one prediction, and the queue order per task and summed over the tasks an item lacks (or,
 * under the disagreement filter, the tasks on which its label differs from the model's).
 * Expected values are computed by hand from the formulas (entropy values with Python's
 * math.log, printed to 6 decimals), not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  itemConfidence,
  taskConfidence,
  topClass,
  uncertaintyOrder,
} from '../../src/main/engine/activeLearning';
import {
  disagreeingTasks,
  rankDisagreements,
  rankRows,
  type RunPredictions,
} from '../../src/main/services/labelQueue';
import type { RunInfo } from '../../src/shared/domain';

describe('confidence of one prediction', () => {
  it('least confidence, margin and normalised entropy', () => {
    const p = [0.5, 0.49, 0.01];
    expect(taskConfidence(p, 'least-confidence')).toBeCloseTo(0.5, 12);
    expect(taskConfidence(p, 'margin')).toBeCloseTo(0.01, 12);
    // H = −(0.5 ln 0.5 + 0.49 ln 0.49 + 0.01 ln 0.01) = 0.742202…; 1 − H / ln 3 = 0.324451
    expect(taskConfidence(p, 'entropy')).toBeCloseTo(0.324451, 6);
    // Uniform: no confidence at all; certain: full confidence (0 · ln 0 = 0).
    expect(taskConfidence([0.25, 0.25, 0.25, 0.25], 'entropy')).toBeCloseTo(0, 12);
    expect(taskConfidence([0, 1], 'entropy')).toBe(1);
    expect(taskConfidence([0.3, 0.7], 'margin')).toBeCloseTo(0.4, 12);
  });

  it('sums the uncertainties of several tasks: 1 − Σ (1 − c_t)', () => {
    // 1 − [(1 − 0.5) + (1 − 0.85)] = 0.35
    expect(
      itemConfidence(
        [
          [0.5, 0.49, 0.01],
          [0.85, 0.15],
        ],
        'least-confidence',
      ),
    ).toBeCloseTo(0.35, 12);
    expect(itemConfidence([[0.3, 0.7]], 'least-confidence')).toBeCloseTo(0.7, 12);
  });

  it('refuses fewer than two classes, non-finite probabilities and no task', () => {
    expect(() => taskConfidence([1], 'margin')).toThrow(/at least 2/);
    expect(() => taskConfidence([NaN, 1], 'margin')).toThrow(/NaN/);
    expect(() => itemConfidence([], 'entropy')).toThrow(/at least one/);
  });

  it('orders least confident first, ties by row id; top class takes the first on ties', () => {
    const order = uncertaintyOrder(
      [
        { rowId: 9, predictions: [[0.5, 0.5]] },
        { rowId: 3, predictions: [[0.9, 0.1]] },
        { rowId: 4, predictions: [[0.5, 0.5]] },
      ],
      'least-confidence',
    );
    expect(order.map((o) => o.rowId)).toEqual([4, 9, 3]);
    expect(topClass([0.2, 0.4, 0.4])).toEqual({ index: 1, probability: 0.4 });
  });
});

/**
 * Two tasks, A (3 classes) and B (2 classes); rows 1–5 with these predictions:
 *   row 1: A [0.5, 0.49, 0.01], B [0.85, 0.15] — lacks A and B
 *   row 2: A [0.4, 0.3, 0.3],   B [0.6, 0.4]   — lacks A only
 *   row 3: A [0.6, 0.3, 0.1],   B [0.6, 0.4]   — lacks B only
 *   row 4: A [0.4, 0.3, 0.3],   B [0.5, 0.5]   — labelled on both: never queued
 *   row 5: A [0.6, 0.3, 0.1],   B [0.7, 0.3]   — lacks A and B
 */
function scenario(): { predictions: RunPredictions; labels: Parameters<typeof rankRows>[1] } {
  const a = [
    [0.5, 0.49, 0.01],
    [0.4, 0.3, 0.3],
    [0.6, 0.3, 0.1],
    [0.4, 0.3, 0.3],
    [0.6, 0.3, 0.1],
  ];
  const b = [
    [0.85, 0.15],
    [0.6, 0.4],
    [0.6, 0.4],
    [0.5, 0.5],
    [0.7, 0.3],
  ];
  const rowIds = [1, 2, 3, 4, 5];
  return {
    predictions: {
      run: { id: 7, datasetId: 1 } as RunInfo,
      index: new Map(rowIds.map((id, i) => [id, i])),
      tasks: new Map([
        ['A', { classes: ['x', 'y', 'z'], probs: Float32Array.from(a.flat()) }],
        ['B', { classes: ['no', 'yes'], probs: Float32Array.from(b.flat()) }],
      ]),
    },
    labels: {
      rowIds,
      labels: new Map<string, (string | null)[]>([
        ['A', [null, null, 'x', 'y', null]],
        ['B', [null, 'no', null, 'yes', null]],
      ]),
    },
  };
}

/**
 * Checks the queue of a strategy (and task): row ids in order, and each confidence within
 * 5e-6 of the hand-computed value (the predictions are float32).
 */
function expectQueue(
  strategy: 'least-confidence' | 'margin' | 'entropy',
  task: string | undefined,
  expected: [number, number][],
): void {
  const { predictions, labels } = scenario();
  const queue = rankRows(predictions, labels, [0, 1, 2, 3, 4], strategy, task);
  expect(queue.map((r) => r.rowId)).toEqual(expected.map(([id]) => id));
  queue.forEach((r, i) => expect(r.confidence).toBeCloseTo(expected[i][1], 5));
}

describe('queue order over tasks', () => {
  it('least confidence, summed over the tasks each item lacks', () => {
    // row 5: 1 − [(1 − 0.6) + (1 − 0.7)] = 0.3; row 1: 1 − [0.5 + 0.15] = 0.35;
    // row 2: 1 − (1 − 0.4) = 0.4; row 3: 1 − (1 − 0.6) = 0.6.
    expectQueue('least-confidence', undefined, [
      [5, 0.3],
      [1, 0.35],
      [2, 0.4],
      [3, 0.6],
    ]);
  });

  it('margin, summed over the tasks each item lacks', () => {
    // row 5: 1 − [(1 − 0.3) + (1 − 0.4)] = −0.3; row 1: 1 − [(1 − 0.01) + (1 − 0.7)] = −0.29;
    // row 2: 1 − (1 − 0.1) = 0.1; row 3: 1 − (1 − 0.2) = 0.2.
    expectQueue('margin', undefined, [
      [5, -0.3],
      [1, -0.29],
      [2, 0.1],
      [3, 0.2],
    ]);
  });

  it('entropy, summed over the tasks each item lacks', () => {
    // Per task 1 − H/ln K: A(row1) 0.324451, A(row2) 0.008841, A(rows 3, 5) 0.182655,
    // B(row1) 0.390160, B(rows 2, 3) 0.029049, B(row5) 0.118709.
    // row 5: 1 − [(1 − 0.182655) + (1 − 0.118709)] = −0.698636;
    // row 1: 1 − [(1 − 0.324451) + (1 − 0.390160)] = −0.285389.
    expectQueue('entropy', undefined, [
      [5, -0.698636],
      [1, -0.28539],
      [2, 0.008841],
      [3, 0.029049],
    ]);
  });

  it('per task: only the items lacking that task, ranked on it', () => {
    expectQueue('least-confidence', 'A', [
      [2, 0.4],
      [1, 0.5],
      [5, 0.6],
    ]);
    expectQueue('margin', 'A', [
      [1, 0.01],
      [2, 0.1],
      [5, 0.3],
    ]);
    expectQueue('entropy', 'A', [
      [2, 0.008841],
      [5, 0.182655],
      [1, 0.324451],
    ]);
    expectQueue('least-confidence', 'B', [
      [3, 0.6],
      [5, 0.7],
      [1, 0.85],
    ]);
    expectQueue('margin', 'B', [
      [3, 0.2],
      [5, 0.4],
      [1, 0.7],
    ]);
    expectQueue('entropy', 'B', [
      [3, 0.029049],
      [5, 0.118709],
      [1, 0.39016],
    ]);
  });

  it('refuses a task the run did not train', () => {
    const { predictions, labels } = scenario();
    expect(() => rankRows(predictions, labels, [0], 'margin', 'C')).toThrow(
      /did not train task "C"/,
    );
  });
});

/**
 * The disagreement filter's rows, all labelled on A (3 classes) and B (2 classes):
 *   row 1: A [0.5, 0.49, 0.01] label y (model x: disagrees), B [0.85, 0.15] label no (agrees)
 *   row 2: A [0.4, 0.3, 0.3]   label x (agrees),             B [0.6, 0.4]   label yes (disagrees)
 *   row 3: A [0.6, 0.3, 0.1]   label z (disagrees),          B [0.8, 0.2]   label yes (disagrees)
 *   row 4: A [0.7, 0.2, 0.1]   label x (agrees),             B [0.55, 0.45] label no (agrees)
 *   row 5: A [0.2, 0.7, 0.1]   label x (model y: disagrees), B [0.3, 0.7]   label yes (agrees)
 * A new user saw this order ranked on the tasks each item lacks: none, so row order and no
 * confidence (but for an item lacking another task, ranked on that one).
 */
function disagreements(): {
  predictions: RunPredictions;
  labels: Parameters<typeof rankRows>[1];
} {
  const a = [
    [0.5, 0.49, 0.01],
    [0.4, 0.3, 0.3],
    [0.6, 0.3, 0.1],
    [0.7, 0.2, 0.1],
    [0.2, 0.7, 0.1],
  ];
  const b = [
    [0.85, 0.15],
    [0.6, 0.4],
    [0.8, 0.2],
    [0.55, 0.45],
    [0.3, 0.7],
  ];
  const rowIds = [1, 2, 3, 4, 5];
  return {
    predictions: {
      run: { id: 7, datasetId: 1 } as RunInfo,
      index: new Map(rowIds.map((id, i) => [id, i])),
      tasks: new Map([
        ['A', { classes: ['x', 'y', 'z'], probs: Float32Array.from(a.flat()) }],
        ['B', { classes: ['no', 'yes'], probs: Float32Array.from(b.flat()) }],
      ]),
    },
    labels: {
      rowIds,
      labels: new Map<string, (string | null)[]>([
        ['A', ['y', 'x', 'z', 'x', 'x']],
        ['B', ['no', 'yes', 'yes', 'no', 'yes']],
      ]),
    },
  };
}

describe('order of the rows that disagree with the model', () => {
  /** Ranks rows 1–5 as the disagreement filter keeps them; row ids and confidences (±5e-6). */
  function expectDisagreements(
    strategy: 'least-confidence' | 'margin' | 'entropy',
    checked: string[],
    task: string | undefined,
    expected: [number, number][],
  ): void {
    const { predictions, labels } = disagreements();
    const kept = [0, 1, 2, 3, 4].filter(
      (r) => disagreeingTasks(predictions, labels, r, checked).length > 0,
    );
    const ranked = rankDisagreements(predictions, labels, kept, strategy, checked, task);
    expect(ranked.map((r) => r.rowId)).toEqual(expected.map(([id]) => id));
    ranked.forEach((r, i) => expect(r.confidence).toBeCloseTo(expected[i][1], 5));
  }

  it('finds the tasks each row disagrees on', () => {
    const { predictions, labels } = disagreements();
    const on = [0, 1, 2, 3, 4].map((r) => disagreeingTasks(predictions, labels, r, ['A', 'B']));
    expect(on).toEqual([['A'], ['B'], ['A', 'B'], [], ['A']]);
    // Only the tasks checked (the filter's task) count.
    expect(disagreeingTasks(predictions, labels, 1, ['A'])).toEqual([]);
  });

  it('summed over the tasks each row disagrees on, least confident first', () => {
    // least confidence: row 3: 1 − [(1 − 0.6) + (1 − 0.8)] = 0.4; row 1: 0.5 (A);
    // row 2: 0.6 (B); row 5: 0.7 (A). Row 4 agrees on both: not kept.
    expectDisagreements('least-confidence', ['A', 'B'], undefined, [
      [3, 0.4],
      [1, 0.5],
      [2, 0.6],
      [5, 0.7],
    ]);
    // margin: row 3: 1 − [(1 − 0.3) + (1 − 0.6)] = −0.1; row 1: 0.5 − 0.49 = 0.01;
    // row 2: 0.6 − 0.4 = 0.2; row 5: 0.7 − 0.2 = 0.5.
    expectDisagreements('margin', ['A', 'B'], undefined, [
      [3, -0.1],
      [1, 0.01],
      [2, 0.2],
      [5, 0.5],
    ]);
  });

  it('with the filter on one task, ranked on that task alone', () => {
    // Disagreeing on A: rows 1 (0.5), 3 (0.6, its B not counted) and 5 (0.7).
    expectDisagreements('least-confidence', ['A'], undefined, [
      [1, 0.5],
      [3, 0.6],
      [5, 0.7],
    ]);
  });

  it('with the order on one task, every kept row ranked on it', () => {
    // B's top probability: row 2 0.6, row 5 0.7, row 3 0.8, row 1 0.85.
    expectDisagreements('least-confidence', ['A', 'B'], 'B', [
      [2, 0.6],
      [5, 0.7],
      [3, 0.8],
      [1, 0.85],
    ]);
    const { predictions, labels } = disagreements();
    expect(() => rankDisagreements(predictions, labels, [0], 'margin', ['A'], 'C')).toThrow(
      /did not train task "C"/,
    );
  });
});
