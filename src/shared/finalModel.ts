/**
 * How a cross-validation's final model (RunInfo.finalOf, services/finalModel.ts) reads in
 * English, for the CLI; the studio words the same in its language (locale keys
 * `finalModel.*`).
 */
import type { CrossValidationSummary } from './evaluation';
import { meanStdText } from './meanStdText';
import type { FinalModelInfo } from './runs';

/**
 * "Final model of cross-validation #3, trained on all 333 labelled rows for 37 epochs"
 * (per task when the tasks trained for different counts: "… for 37 epochs (species 37, sex
 * 12)").
 */
export function finalModelLabel(info: FinalModelInfo): string {
  const counts = Object.entries(info.epochsPerTask);
  const perTask =
    new Set(counts.map(([, n]) => n)).size > 1
      ? ` (${counts.map(([task, n]) => `${task} ${n}`).join(', ')})`
      : '';
  return `Final model of cross-validation #${info.evaluationId}, trained on all ${info.labelledRows} labelled rows for ${info.epochs} epoch${info.epochs === 1 ? '' : 's'}${perTask}`;
}

/**
 * "expected score: the cross-validation's mean ± std, macro-F1 species 0.912 ± 0.031, sex
 * 0.850 ± 0.020 (no test score: every labelled row trained it)".
 * @param summary the cross-validation's summary (compare.crossValidations), or null when
 *   unknown (then only the missing test score is said).
 */
export function finalModelExpectedScore(summary: CrossValidationSummary | null): string {
  const none = 'no test score: every labelled row trained it';
  if (!summary) return `expected score: the cross-validation's mean ± std (${none})`;
  const scores = Object.entries(summary.tasks)
    .map(([task, s]) => `${task} ${meanStdText(s.macroF1)}`)
    .join(', ');
  return `expected score: the cross-validation's mean ± std, macro-F1 ${scores} (${none})`;
}
