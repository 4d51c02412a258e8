/**
 * The Predict view's warnings under its scores (components/PredictScores.vue): labels the
 * model does not know, and the caveat of scored rows the run trained on,
 * one line per distinct count naming every task it holds for, as `mtl-studio predict` warns
 * (cli/commands/exports.ts trainingRowsWarnings; found by a new user: "Task “predator”: 90 of
 * 101…" and "Task “type”: 90 of 101…", one sentence per task). Nothing here imports the API:
 * the renderer's unit tests run it in Node.
 */
import type { PredictionScoreView } from '../../../shared/contract';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural?: number) => string;

/**
 * A task's warning of labels the model does not know, e.g. "Task “y”: 3 rows have a label
 * the model does not know (A, zzz), counted as wrong. Did you mean “a” for “A”? …", its two
 * sentences joined as the language writes them (no space after Chinese 。; found by a new
 * user: "计为错误。 是否应为"). '' when the task has no unknown label.
 */
export function unknownLabelsText(s: PredictionScoreView, t: Translate): string {
  if (s.unknownLabelRows === 0) return '';
  const sep = t('predict.listSeparator', {});
  const unknown = t(
    'predict.scoresUnknown',
    { task: s.task, n: s.unknownLabelRows, labels: s.unknownLabels.join(sep) },
    s.unknownLabelRows,
  );
  if (!s.similarLabels || s.similarLabels.length === 0) return unknown;
  const pairs = s.similarLabels
    .map((m) => t('predict.scoresSimilarPair', { label: m.label, known: m.class }))
    .join(sep);
  return [unknown, t('predict.scoresSimilar', { pairs })].join(t('predict.sentenceSeparator', {}));
}

/**
 * The caveat's lines, e.g. "Tasks “predator”, “type”: 90 of 101 scored rows are rows this
 * model was trained on (…): these scores are optimistic. …": the tasks with trainingRows > 0
 * grouped by (trainingRows, rows, heldOutSplit), in the order of `scores`; [] when none.
 */
export function trainingRowsTexts(scores: readonly PredictionScoreView[], t: Translate): string[] {
  const groups = new Map<string, { tasks: string[]; s: PredictionScoreView }>();
  for (const s of scores) {
    if ((s.trainingRows ?? 0) === 0) continue;
    const key = JSON.stringify([s.trainingRows, s.rows, s.heldOutSplit === true]);
    const group = groups.get(key) ?? { tasks: [], s };
    group.tasks.push(s.task);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ tasks, s }) => {
    const named = t(
      'predict.scoresTrainingTasks',
      {
        tasks: tasks
          .map((task) => t('predict.scoresTrainingTask', { task }))
          .join(t('predict.listSeparator', {})),
      },
      tasks.length,
    );
    const n = s.trainingRows ?? 0;
    return t(
      s.heldOutSplit ? 'predict.scoresTrainingRows' : 'predict.scoresTrainingRowsFinal',
      { tasks: named, n, rows: s.rows },
      n,
    );
  });
}
