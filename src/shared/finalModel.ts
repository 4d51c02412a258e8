/**
 * How a cross-validation's final model (RunInfo.finalOf, services/finalModel.ts) reads in
 * English, for the CLI; the studio words the same in its language (locale keys
 * `finalModel.*`).
 */
import type { ErrorPayload } from './errors';
import type { CrossValidationSummary } from './evaluation';
import { meanStdText } from './meanStdText';
import type { FinalModelInfo } from './runs';

/**
 * Whether a cross-validation's final model can be trained now (services/finalModel.ts
 * finalModelAvailability, `training.finalModelAvailability`): allowed, with the run id of the
 * final model whose labels changed since it trained (null when there is none), or refused
 * with the service's error (its reason, e.g. FINAL_MODEL_EXISTS with details.runId).
 */
export type FinalModelAvailability =
  { allowed: true; labelsChangedSince: number | null } | { allowed: false; error: ErrorPayload };

/**
 * The rows a final model trained on: "all 27 labelled rows" when each of its tasks has the
 * same labelled rows (or it has one task), else "344 rows with at least one label (sex 333,
 * species 344, island 344)" — a task trains only on its own labelled rows, so "all 344"
 * would overstate `sex`.
 * @param info its labelledRows (rows labelled for at least one task) and tasks (the keys of
 *   epochsPerTask).
 * @param perTask each task's labelled rows among them (the run's label versions,
 *   RunLabelVersion.labelled), or null when unknown (a bundle): then, for several tasks,
 *   "344 rows with at least one label".
 */
export function finalModelRows(
  info: Pick<FinalModelInfo, 'labelledRows' | 'epochsPerTask'>,
  perTask: Record<string, number> | null,
): string {
  const n = info.labelledRows;
  const tasks = Object.keys(info.epochsPerTask);
  const counts = perTask ? Object.entries(perTask) : [];
  const same = perTask ? counts.every(([, c]) => c === n) : tasks.length === 1;
  if (same) return `all ${n} labelled row${n === 1 ? '' : 's'}`;
  const which = counts.length > 0 ? ` (${counts.map(([t, c]) => `${t} ${c}`).join(', ')})` : '';
  return `${n} row${n === 1 ? '' : 's'} with at least one label${which}`;
}

/**
 * "Final model of cross-validation #3, trained on all 333 labelled rows for 37 epochs"
 * (per task when the tasks trained for different counts: "… for 37 epochs (species 37, sex
 * 12)"; the rows as {@link finalModelRows} words them).
 * @param perTask each task's labelled rows, or null when unknown ({@link finalModelRows}).
 */
export function finalModelLabel(
  info: FinalModelInfo,
  perTask: Record<string, number> | null,
): string {
  const counts = Object.entries(info.epochsPerTask);
  const perTaskEpochs =
    new Set(counts.map(([, n]) => n)).size > 1
      ? ` (${counts.map(([task, n]) => `${task} ${n}`).join(', ')})`
      : '';
  return `Final model of cross-validation #${info.evaluationId}, trained on ${finalModelRows(info, perTask)} for ${info.epochs} epoch${info.epochs === 1 ? '' : 's'}${perTaskEpochs}`;
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
