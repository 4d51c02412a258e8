import { describe, it, expect } from 'vitest';
import {
  accuracyAndMacroF1,
  argmaxRows,
  balancedAccuracyFromConfusion,
  binaryRocAuc,
  computeTaskMetrics,
  confusionMatrix,
  logLoss,
  rocAuc,
} from '../../src/main/engine/metrics';

/**
 * Expected numbers come from scikit-learn 1.2.1 (numpy 1.24.2, Debian python3-sklearn)
 * via `/usr/bin/python3 test/reference/metrics_reference.py`; the inputs below are the
 * script's CASES, copied verbatim. The test never runs Python.
 */
interface Reference {
  yTrue: number[];
  probs: number[][];
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  confusion: number[][];
  logLoss: number;
  rocAuc: number | null;
}

const binaryP1 = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.35, 0.6, 0.5];

const REFERENCE: Record<string, Reference> = {
  // Binary with tied scores (0.4 ×3, 0.35 ×2) and a [0.5, 0.5] row (argmax tie → class 0).
  binaryTies: {
    yTrue: [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1],
    probs: binaryP1.map((p) => [1 - p, p]),
    accuracy: 0.5454545454545454,
    balancedAccuracy: 0.5666666666666667,
    macroF1: 0.5299145299145299,
    precision: [0.5, 0.6666666666666666],
    recall: [0.8, 0.3333333333333333],
    f1: [0.6153846153846154, 0.4444444444444444],
    support: [5, 6],
    confusion: [
      [4, 1],
      [4, 2],
    ],
    logLoss: 0.5730938431619695,
    rocAuc: 0.7,
  },
  // 3 classes; class 2 is present in yTrue but never predicted.
  threeNeverPredicted: {
    yTrue: [0, 1, 2, 0, 1, 2, 0, 1, 2],
    probs: [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
      [0.5, 0.2, 0.3],
      [0.3, 0.4, 0.3],
      [0.2, 0.5, 0.3],
      [0.1, 0.45, 0.45],
      [0.6, 0.1, 0.3],
      [0.25, 0.5, 0.25],
      [0.4, 0.3, 0.3],
    ],
    accuracy: 0.5555555555555556,
    balancedAccuracy: 0.5555555555555555,
    macroF1: 0.44047619047619047,
    precision: [0.5, 0.6, 0.0],
    recall: [0.6666666666666666, 1.0, 0.0],
    f1: [0.5714285714285715, 0.7499999999999999, 0.0],
    support: [3, 3, 3],
    confusion: [
      [2, 1, 0],
      [0, 3, 0],
      [2, 1, 0],
    ],
    logLoss: 0.7972274068651315,
    rocAuc: 0.8888888888888888,
  },
  // 4 classes, imbalanced 6/3/2/1; row 4 gives its true class probability 0 (clipping).
  fourImbalanced: {
    yTrue: [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3],
    probs: [
      [0.9, 0.05, 0.03, 0.02],
      [0.6, 0.2, 0.1, 0.1],
      [0.4, 0.4, 0.1, 0.1],
      [0.2, 0.5, 0.2, 0.1],
      [0.0, 0.7, 0.2, 0.1],
      [0.55, 0.15, 0.15, 0.15],
      [0.1, 0.8, 0.05, 0.05],
      [0.3, 0.3, 0.3, 0.1],
      [0.25, 0.25, 0.25, 0.25],
      [0.1, 0.1, 0.7, 0.1],
      [0.3, 0.1, 0.2, 0.4],
      [0.2, 0.2, 0.2, 0.4],
    ],
    accuracy: 0.5833333333333334,
    balancedAccuracy: 0.625,
    macroF1: 0.5833333333333333,
    precision: [0.6666666666666666, 0.3333333333333333, 1.0, 0.5],
    recall: [0.6666666666666666, 0.3333333333333333, 0.5, 1.0],
    f1: [0.6666666666666666, 0.3333333333333333, 0.6666666666666666, 0.6666666666666666],
    support: [6, 3, 2, 1],
    confusion: [
      [4, 2, 0, 0],
      [2, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 0, 1],
    ],
    logLoss: 3.6645285403671166,
    rocAuc: 0.8233585858585858,
  },
  // 3 classes, class 2 absent from yTrue but predicted once: sklearn's roc_auc_score
  // raises "Only one class present in y_true", so rocAuc is null; balanced accuracy
  // averages over classes 0 and 1 only.
  aucUndefined: {
    yTrue: [0, 1, 0, 1, 0, 1],
    probs: [
      [0.8, 0.1, 0.1],
      [0.3, 0.6, 0.1],
      [0.2, 0.2, 0.6],
      [0.4, 0.5, 0.1],
      [0.5, 0.4, 0.1],
      [0.6, 0.3, 0.1],
    ],
    accuracy: 0.6666666666666666,
    balancedAccuracy: 0.6666666666666666,
    macroF1: 0.48888888888888893,
    precision: [0.6666666666666666, 1.0, 0.0],
    recall: [0.6666666666666666, 0.6666666666666666, 0.0],
    f1: [0.6666666666666666, 0.8, 0.0],
    support: [3, 3, 0],
    confusion: [
      [2, 0, 1],
      [1, 2, 0],
      [0, 0, 0],
    ],
    logLoss: 0.8222790421600212,
    // Class 2 is never true: the macro OvR mean is over classes 0 and 1 (the reference script
    // averages sklearn's binary roc_auc_score over the classes present).
    rocAuc: 0.7222222222222223,
  },
};

const classNames = (k: number): string[] => Array.from({ length: k }, (_, c) => `c${c}`);

describe('computeTaskMetrics against scikit-learn 1.2.1', () => {
  for (const [name, ref] of Object.entries(REFERENCE)) {
    it(`matches sklearn on ${name}`, () => {
      const k = ref.probs[0].length;
      const m = computeTaskMetrics(ref.yTrue, Float64Array.from(ref.probs.flat()), classNames(k));
      expect(m.n).toBe(ref.yTrue.length);
      expect(m.accuracy).toBeCloseTo(ref.accuracy, 10);
      expect(m.balancedAccuracy).toBeCloseTo(ref.balancedAccuracy, 10);
      expect(m.macroF1).toBeCloseTo(ref.macroF1, 10);
      expect(m.logLoss).toBeCloseTo(ref.logLoss, 10);
      if (ref.rocAuc === null) expect(m.rocAuc).toBeNull();
      else expect(m.rocAuc).toBeCloseTo(ref.rocAuc, 10);
      expect(m.confusion).toEqual(ref.confusion);
      expect(m.perClass.map((c) => c.label)).toEqual(classNames(k));
      expect(m.perClass.map((c) => c.support)).toEqual(ref.support);
      m.perClass.forEach((c, i) => {
        expect(c.precision).toBeCloseTo(ref.precision[i], 10);
        expect(c.recall).toBeCloseTo(ref.recall[i], 10);
        expect(c.f1).toBeCloseTo(ref.f1[i], 10);
      });
    });
  }

  it('gives the same numbers for float32 probabilities (to float32 precision)', () => {
    const ref = REFERENCE.fourImbalanced;
    const m = computeTaskMetrics(ref.yTrue, Float32Array.from(ref.probs.flat()), classNames(4));
    expect(m.confusion).toEqual(ref.confusion);
    expect(m.macroF1).toBeCloseTo(ref.macroF1, 10);
    expect(m.logLoss).toBeCloseTo(ref.logLoss, 5);
    expect(m.rocAuc).toBeCloseTo(ref.rocAuc as number, 6);
  });
});

describe('hand-checked values', () => {
  it('binaryTies confusion matrix and AUC by hand', () => {
    // p1 > 0.5 strictly predicts 1 (the 0.5 row ties and goes to class 0):
    //   predicted = [0,0,0,1,0,0,1,0,0,1,0]
    //   true 0 (rows 0,1,4,7,9)    → predicted 0,0,0,0,1 → [4, 1]
    //   true 1 (rows 2,3,5,6,8,10) → predicted 0,1,0,1,0,0 → [4, 2]
    // AUC, pairs (pos, neg) won + ½ tied, out of 6 × 5 = 30:
    //   0.35→2, 0.8→5, 0.4→2+½·2=3, 0.9→5, 0.35→2, 0.5→4; sum 21 → 21/30 = 0.7.
    const ref = REFERENCE.binaryTies;
    const predicted = argmaxRows(Float64Array.from(ref.probs.flat()), 2);
    expect(Array.from(predicted)).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(confusionMatrix(ref.yTrue, predicted, 2)).toEqual([
      [4, 1],
      [4, 2],
    ]);
    const isPositive = ref.yTrue.map((y) => y === 1);
    expect(binaryRocAuc(isPositive, binaryP1)).toBeCloseTo(21 / 30, 12);
  });

  it('argmax ties go to the lowest class index', () => {
    // Rows [0.5, 0.5, 0.2] → 0, [0.4, 0.4, 0.1] → 0, [0.1, 0.4, 0.4] → 1.
    const rows = [0.5, 0.5, 0.2, 0.4, 0.4, 0.1, 0.1, 0.4, 0.4];
    expect(Array.from(argmaxRows(rows, 3))).toEqual([0, 0, 1]);
    expect(Array.from(argmaxRows([0.1, 0.3, 0.3, 0.3], 4))).toEqual([1]);
  });

  it('binary AUC is 1 when ranked perfectly, 0 when reversed, 0.5 when all tied', () => {
    const isPositive = [false, false, true, true];
    expect(binaryRocAuc(isPositive, [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(binaryRocAuc(isPositive, [0.4, 0.3, 0.2, 0.1])).toBe(0);
    expect(binaryRocAuc(isPositive, [0.7, 0.7, 0.7, 0.7])).toBe(0.5);
  });

  it('AUC is null when the binary split holds a single class', () => {
    const probs = Float64Array.from([0.9, 0.1, 0.3, 0.7, 0.6, 0.4]);
    expect(computeTaskMetrics([0, 0, 0], probs, ['no', 'yes']).rocAuc).toBeNull();
    expect(rocAuc([1, 1, 1], probs, 2)).toBeNull();
    expect(binaryRocAuc([true, true], [0.2, 0.8])).toBeNull();
  });

  it('log-loss clips a zero probability of the true class to 1e-15', () => {
    // clip(0) = 1e-15, clip(1) = 1 − 1e-15, row sum 1 → −ln(1e-15) = 15 ln 10.
    expect(logLoss([0], [0, 1], 2)).toBeCloseTo(15 * Math.LN10, 6);
    expect(Number.isFinite(logLoss([0], [0, 1], 2))).toBe(true);
    // A certain, correct prediction costs ≈ 1e-15 nats, not exactly 0 and not negative.
    const certain = logLoss([1], [0, 1], 2);
    expect(certain).toBeGreaterThanOrEqual(0);
    expect(certain).toBeLessThan(1e-12);
  });

  it('balanced accuracy ignores classes absent from yTrue', () => {
    // Class 2 only predicted: recalls 2/3 and 2/3 → 2/3 (not (2/3 + 2/3 + 0)/3).
    expect(balancedAccuracyFromConfusion(REFERENCE.aucUndefined.confusion)).toBeCloseTo(2 / 3, 12);
  });
});

describe('accuracyAndMacroF1', () => {
  it('agrees with computeTaskMetrics on every reference case', () => {
    for (const ref of Object.values(REFERENCE)) {
      const k = ref.probs[0].length;
      const predicted = argmaxRows(Float64Array.from(ref.probs.flat()), k);
      const quick = accuracyAndMacroF1(ref.yTrue, predicted, k);
      expect(quick.accuracy).toBeCloseTo(ref.accuracy, 10);
      expect(quick.macroF1).toBeCloseTo(ref.macroF1, 10);
    }
  });

  it('leaves a class with no true and no predicted rows out of the macro mean (sklearn default labels)', () => {
    // Classes 0 and 1 perfect, class 2 absent everywhere: f1_score(average='macro') = (1 + 1) / 2.
    const m = accuracyAndMacroF1([0, 1, 0, 1], [0, 1, 0, 1], 3);
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    // A class predicted but never true still counts, with F1 = 0: (1 + 0.8 + 0) / 3 by hand
    // (class 1: precision 1, recall 2/3 → F1 0.8; class 2 predicted once, never true).
    expect(accuracyAndMacroF1([0, 1, 1, 1], [0, 1, 1, 2], 3).macroF1).toBeCloseTo(0.6, 12);
  });

  it('rejects mismatched lengths, empty input and out-of-range predictions', () => {
    expect(() => accuracyAndMacroF1([0, 1], [0], 2)).toThrow(/length 1.*length 2/);
    expect(() => accuracyAndMacroF1([], [], 2)).toThrow(/n = 0/);
    expect(() => accuracyAndMacroF1([0, 1], [0, 2], 2)).toThrow(/predicted\[1\] = 2/);
  });
});

describe('computeTaskMetrics input validation', () => {
  const probs = Float64Array.from([0.9, 0.1, 0.3, 0.7]);

  it('rejects n = 0', () => {
    expect(() => computeTaskMetrics([], new Float64Array(0), ['a', 'b'])).toThrow(/n = 0/);
  });

  it('rejects fewer than 2 classes', () => {
    expect(() => computeTaskMetrics([0, 0], Float64Array.from([1, 1]), ['only'])).toThrow(/k = 1/);
  });

  it('rejects a probs length that is not n·k', () => {
    expect(() => computeTaskMetrics([0, 1, 1], probs, ['a', 'b'])).toThrow(/length 4.*= 6/);
  });

  it('rejects a label outside [0, k) or not an integer, naming its index', () => {
    expect(() => computeTaskMetrics([0, 2], probs, ['a', 'b'])).toThrow(/yTrue\[1\] = 2/);
    expect(() => computeTaskMetrics([-1, 1], probs, ['a', 'b'])).toThrow(/yTrue\[0\] = -1/);
    expect(() => computeTaskMetrics([0, 0.5], probs, ['a', 'b'])).toThrow(/yTrue\[1\] = 0\.5/);
  });

  it('rejects NaN and out-of-range probabilities, naming index and value', () => {
    const withNaN = Float64Array.from([0.9, 0.1, NaN, 0.7]);
    expect(() => computeTaskMetrics([0, 1], withNaN, ['a', 'b'])).toThrow(
      /probs\[2\] \(row 1, class 0 'a'\) = NaN/,
    );
    const negative = Float64Array.from([0.9, 0.1, -0.5, 1.5]);
    expect(() => computeTaskMetrics([0, 1], negative, ['a', 'b'])).toThrow(/probs\[2\].*-0\.5/);
  });

  it('rejects NaN scores in binaryRocAuc', () => {
    expect(() => binaryRocAuc([true, false], [0.3, NaN])).toThrow(/scores\[1\]/);
  });
});
