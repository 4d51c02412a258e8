/**
 * Evaluation metrics of one classification task, computed from predictions in plain
 * TypeScript (never from tfjs metric strings). Definitions follow scikit-learn 1.2 so
 * that numbers match what a data scientist would get from `sklearn.metrics`; the tests
 * pin them to values printed by `test/reference/metrics_reference.py`.
 *
 * Conventions: `yTrue` is `[n]` class indices in `[0, k)`; `probs` is row-major
 * `[n, k]` class probabilities; the predicted class is the row-wise argmax, ties going
 * to the lowest index (as `numpy.argmax`). All arithmetic is in float64.
 */
import type { ClassMetrics, TaskMetrics } from '../../shared/domain';

/** Probabilities are clipped to [LOG_LOSS_EPS, 1 − LOG_LOSS_EPS] before the log. */
export const LOG_LOSS_EPS = 1e-15;

/** Slack allowed on a probability outside [0, 1] (float32 softmax rounding). */
const PROBABILITY_SLACK = 1e-6;

function checkClassCount(k: number): void {
  if (!Number.isInteger(k) || k < 2) {
    throw new Error(`A task needs at least 2 classes (k ≥ 2), got k = ${k}`);
  }
}

function checkLabels(name: string, labels: ArrayLike<number>, k: number): void {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new Error(`${name}[${i}] = ${c} is not a class index in [0, ${k})`);
    }
  }
}

function checkPaired(yTrue: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (yTrue.length === 0) throw new Error('Cannot score an empty set of rows (n = 0)');
  if (predicted.length !== yTrue.length) {
    throw new Error(
      `predicted has length ${predicted.length} but yTrue has length ${yTrue.length}`,
    );
  }
}

/**
 * Row-wise argmax of a probability matrix.
 *
 * @param probs row-major `[n, k]` scores; length must be a multiple of `k`.
 * @param k number of classes (≥ 2).
 * @returns `[n]` predicted class indices; ties go to the lowest index (as `numpy.argmax`).
 * @throws Error when `k < 2` or `probs.length` is not a multiple of `k`.
 */
export function argmaxRows(probs: ArrayLike<number>, k: number): Int32Array {
  checkClassCount(k);
  if (probs.length % k !== 0) {
    throw new Error(`probs has length ${probs.length}, not a multiple of k = ${k}`);
  }
  const n = probs.length / k;
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = probs[i * k];
    for (let c = 1; c < k; c++) {
      // Strictly greater: on a tie the earlier (lower) class index stays.
      if (probs[i * k + c] > bestScore) {
        best = c;
        bestScore = probs[i * k + c];
      }
    }
    predicted[i] = best;
  }
  return predicted;
}

/**
 * Confusion matrix, as `sklearn.metrics.confusion_matrix(yTrue, predicted, labels=range(k))`.
 *
 * @param yTrue `[n]` true class indices in `[0, k)`.
 * @param predicted `[n]` predicted class indices in `[0, k)`.
 * @param k number of classes (≥ 2).
 * @returns `[k][k]` counts; `confusion[i][j]` = rows of true class i predicted as class j.
 * @throws Error on n = 0, mismatched lengths, `k < 2` or an index outside `[0, k)`.
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): number[][] {
  checkClassCount(k);
  checkPaired(yTrue, predicted);
  checkLabels('yTrue', yTrue, k);
  checkLabels('predicted', predicted, k);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) confusion[yTrue[i]][predicted[i]] += 1;
  return confusion;
}

/** Per-class precision, recall, F1 (zero_division = 0) and support from a confusion matrix. */
function perClassFromConfusion(
  confusion: number[][],
): { precision: number; recall: number; f1: number; support: number }[] {
  const k = confusion.length;
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((sum, v) => sum + v, 0);
    let predictedAsC = 0;
    for (let r = 0; r < k; r++) predictedAsC += confusion[r][c];
    const fp = predictedAsC - tp;
    const fn = support - tp;
    // Zero denominators give 0, as sklearn with zero_division=0. F1 = 2tp/(2tp+fp+fn)
    // equals 2PR/(P+R) whenever tp > 0 and is 0 (like sklearn) when tp = 0.
    const precision = predictedAsC === 0 ? 0 : tp / predictedAsC;
    const recall = support === 0 ? 0 : tp / support;
    const f1Denominator = 2 * tp + fp + fn;
    const f1 = f1Denominator === 0 ? 0 : (2 * tp) / f1Denominator;
    return { precision, recall, f1, support };
  });
}

/**
 * Accuracy and macro-F1 only: the cheap pair the training loop logs every epoch.
 *
 * Macro-F1 is the unweighted mean of the per-class F1 over the classes that are true or
 * predicted at least once — `sklearn.metrics.f1_score(average='macro', zero_division=0)`
 * with its default labels (see {@link macroF1FromConfusion}).
 *
 * @param yTrue `[n]` true class indices in `[0, k)`.
 * @param predicted `[n]` predicted class indices in `[0, k)` (e.g. from {@link argmaxRows}).
 * @param k number of classes (≥ 2).
 * @returns fractions in [0, 1].
 * @throws Error on n = 0, mismatched lengths, `k < 2` or an index outside `[0, k)`.
 */
export function accuracyAndMacroF1(
  yTrue: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): { accuracy: number; macroF1: number } {
  const confusion = confusionMatrix(yTrue, predicted, k);
  return {
    accuracy: accuracyFromConfusion(confusion),
    macroF1: macroF1FromConfusion(confusion),
  };
}

/**
 * Accuracy from a confusion matrix: its diagonal over its total
 * (`sklearn.metrics.accuracy_score`); a square matrix of any size, so rows of true classes
 * the model has no output for (never predicted, never right) count as wrong.
 * @param confusion `[m][m]` counts, rows true, columns predicted.
 * @returns a fraction in [0, 1].
 * @throws Error when the matrix counts no row.
 */
export function accuracyFromConfusion(confusion: number[][]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, c) => {
    correct += row[c];
    for (const v of row) total += v;
  });
  if (total === 0) throw new Error('Accuracy of an empty confusion matrix (n = 0)');
  return correct / total;
}

/**
 * Balanced accuracy: the mean recall over the classes that occur in `yTrue`
 * (`sklearn.metrics.balanced_accuracy_score`, adjusted=False; sklearn drops classes
 * with no true rows too, after a warning).
 *
 * @param confusion `[k][k]` confusion matrix, rows = true class.
 * @returns a fraction in [0, 1].
 * @throws Error when no row has a true label (empty matrix).
 */
export function balancedAccuracyFromConfusion(confusion: number[][]): number {
  let recallSum = 0;
  let present = 0;
  confusion.forEach((row, c) => {
    const support = row.reduce((sum, v) => sum + v, 0);
    if (support > 0) {
      recallSum += row[c] / support;
      present += 1;
    }
  });
  if (present === 0) throw new Error('Balanced accuracy of an empty confusion matrix');
  return recallSum / present;
}

/**
 * Binary ROC-AUC from scores, the Mann–Whitney U statistic with average ranks for ties
 * (a tied positive/negative pair counts 1/2). Equal to `sklearn.metrics.roc_auc_score`,
 * which integrates the ROC curve by trapezoids (ties give diagonal segments).
 *
 * @param isPositive `[n]` true where the row belongs to the positive class.
 * @param scores `[n]` scores, higher = more positive (e.g. a probability).
 * @param stride read `scores[i * stride + offset]` so a column of a `[n, k]` matrix can be
 *   passed without copying; defaults 1 and 0.
 * @returns AUC in [0, 1], or null when there is no positive or no negative row (undefined).
 * @throws Error when `scores` is too short for `n` rows or a score is NaN.
 */
export function binaryRocAuc(
  isPositive: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  stride = 1,
  offset = 0,
): number | null {
  const n = isPositive.length;
  if ((n - 1) * stride + offset >= scores.length && n > 0) {
    throw new Error(
      `scores has length ${scores.length}, too short for ${n} rows (stride ${stride}, offset ${offset})`,
    );
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i * stride + offset];
    if (Number.isNaN(s)) throw new Error(`scores[${i * stride + offset}] (row ${i}) is NaN`);
    if (isPositive[i]) positives += 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;

  const score = (i: number): number => scores[i * stride + offset];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b));
  // Sum of the 1-based ranks of positive rows, tied scores sharing their mean rank.
  let positiveRankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && score(order[end]) === score(order[start])) end += 1;
    const meanRank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) if (isPositive[order[j]]) positiveRankSum += meanRank;
    start = end;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/**
 * ROC-AUC of a task: for k = 2 the AUC of the positive class (index 1) scored by
 * `probs[:, 1]` (`roc_auc_score(yTrue, probs[:, 1])`); for k > 2 the unweighted mean of
 * the one-vs-rest AUCs of the classes present in `yTrue` (as `roc_auc_score(multi_class=
 * 'ovr', average='macro')` when every class is present; sklearn raises when one is
 * absent, e.g. a rare class missing from a small test split, where we leave it out).
 *
 * Undefined, returned as null: k = 2 with one class absent, or k > 2 with fewer than two
 * classes present.
 *
 * @param yTrue `[n]` class indices in `[0, k)` (not re-validated here).
 * @param probs row-major `[n, k]` probabilities.
 * @param k number of classes (≥ 2).
 */
export function rocAuc(
  yTrue: ArrayLike<number>,
  probs: ArrayLike<number>,
  k: number,
): number | null {
  const n = yTrue.length;
  if (k === 2) {
    const isPositive = Array.from({ length: n }, (_, i) => yTrue[i] === 1);
    return binaryRocAuc(isPositive, probs, 2, 1);
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const isPositive = Array.from({ length: n }, (_, i) => yTrue[i] === c);
    const auc = binaryRocAuc(isPositive, probs, k, c);
    // A class absent from the split has no positive row: it is left out of the mean.
    if (auc === null) continue;
    sum += auc;
    present++;
  }
  return present >= 2 ? sum / present : null;
}

/**
 * Macro-F1 from a confusion matrix, as sklearn's `f1_score(average='macro',
 * zero_division=0)` with its default labels: the mean F1 over the classes that are true or
 * predicted at least once; a class neither true nor predicted in the split is left out
 * (its F1 would be 0/0, not a failure of the model).
 * @param confusion [k][k], rows true, columns predicted.
 */
export function macroF1FromConfusion(confusion: number[][]): number {
  const perClass = perClassFromConfusion(confusion);
  let sum = 0;
  let used = 0;
  perClass.forEach((m, c) => {
    const predicted = confusion.reduce((s, row) => s + row[c], 0);
    if (m.support === 0 && predicted === 0) return;
    sum += m.f1;
    used++;
  });
  return used > 0 ? sum / used : 0;
}

/**
 * Mean log-loss (cross-entropy) in nats per row, as
 * `sklearn.metrics.log_loss(yTrue, probs, eps=1e-15, labels=range(k))`: each probability
 * is clipped to [1e-15, 1 − 1e-15], each row is renormalised to sum 1 (sklearn does this
 * after clipping), and the loss is the mean of −ln p(true class).
 *
 * Why eps = 1e-15: scikit-learn 1.2 changed its default to eps="auto", the machine
 * epsilon of the input dtype (2.2e-16 for float64, 1.2e-7 for float32), so the same
 * model would score differently depending on the array type. We keep the fixed 1e-15
 * (sklearn's default before 1.2, and the value documented in `TaskMetrics.logLoss`);
 * the reference script passes eps=1e-15 explicitly. The two only differ when a true
 * class gets probability below 1e-15.
 *
 * @param yTrue `[n]` class indices in `[0, k)` (not re-validated here).
 * @param probs row-major `[n, k]` probabilities.
 * @param k number of classes (≥ 2).
 * @returns mean loss in nats, ≥ 0 (at most about 34.5 per row).
 */
export function logLoss(yTrue: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  const n = yTrue.length;
  const clip = (p: number): number => Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p));
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(probs[i * k + c]);
    total -= Math.log(clip(probs[i * k + yTrue[i]]) / rowSum);
  }
  return total / n;
}

/**
 * All metrics of one task on one split, matching scikit-learn 1.2:
 * - `accuracy` — `accuracy_score`;
 * - `balancedAccuracy` — `balanced_accuracy_score` (mean recall over classes present in `yTrue`);
 * - `macroF1` — `f1_score(average='macro', zero_division=0)` (classes true or predicted);
 * - `perClass` — `precision_recall_fscore_support(labels=range(k), zero_division=0)`, one
 *   entry per class in `classes` order;
 * - `confusion` — `confusion_matrix(labels=range(k))`, `[k][k]`, rows = true, cols = predicted;
 * - `logLoss` — see {@link logLoss} (nats, clip 1e-15, rows renormalised);
 * - `rocAuc` — see {@link rocAuc}; **null** when some class has no positive or no negative
 *   row in `yTrue` (e.g. a class missing from the test split), where sklearn raises.
 *
 * Predicted class = row-wise argmax of `probs`, ties to the lowest index.
 *
 * @param yTrue `[n]` true class indices in `[0, k)`.
 * @param probs row-major `[n, k]` class probabilities (rows should sum to 1; each value
 *   must be finite and within [0, 1] up to 1e-6).
 * @param classes `[k]` class names, k ≥ 2; they label `perClass`.
 * @throws Error naming the bad value and its index when n = 0, k < 2,
 *   `probs.length ≠ n·k`, a label is not an integer in `[0, k)`, or a probability is
 *   NaN, infinite or outside [0, 1].
 */
export function computeTaskMetrics(
  yTrue: ArrayLike<number>,
  probs: Float32Array | Float64Array,
  classes: string[],
): TaskMetrics {
  const k = classes.length;
  checkClassCount(k);
  const n = yTrue.length;
  if (n === 0) throw new Error('Cannot score an empty set of rows (n = 0)');
  if (probs.length !== n * k) {
    throw new Error(
      `probs has length ${probs.length}, expected n·k = ${n}·${k} = ${n * k} (row-major [n, k])`,
    );
  }
  checkLabels('yTrue', yTrue, k);
  for (let j = 0; j < probs.length; j++) {
    const p = probs[j];
    if (!Number.isFinite(p) || p < -PROBABILITY_SLACK || p > 1 + PROBABILITY_SLACK) {
      const row = Math.floor(j / k);
      throw new Error(
        `probs[${j}] (row ${row}, class ${j % k} '${classes[j % k]}') = ${p} is not a probability`,
      );
    }
  }

  const predicted = argmaxRows(probs, k);
  const confusion = confusionMatrix(yTrue, predicted, k);
  const perClassRaw = perClassFromConfusion(confusion);
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  const perClass: ClassMetrics[] = perClassRaw.map((m, c) => ({ label: classes[c], ...m }));

  return {
    n,
    accuracy: correct / n,
    balancedAccuracy: balancedAccuracyFromConfusion(confusion),
    macroF1: macroF1FromConfusion(confusion),
    rocAuc: rocAuc(yTrue, probs, k),
    logLoss: logLoss(yTrue, probs, k),
    perClass,
    confusion,
  };
}
