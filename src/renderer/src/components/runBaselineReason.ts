/**
 * Why a run on a fixed split has no Δm, in the studio's language (Compare's runs table): the
 * service gives a code and its parameters (shared/evaluation.ts RunBaselineMissingReason),
 * worded here through vue-i18n as `mtl-studio evaluate` words it in English
 * (cli/commands/evaluation.ts runBaselineMissingText), but with what to train in the studio
 * instead of a command. Found by a new user: the Δm cell said only "needs a single-task run on
 * the same tasks" while the CLI named the single-task run that did not fit and why. Unlike
 * the CLI, the newest split does not matter: the studio's Train view trains on any split.
 * The input-column pieces (restore, drop, and, none) and the joiner are the cross-validation
 * panel's (compare.cv.why.*, components/cvBaselineReason.ts).
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { RunBaselineMissingReason, RunInfo, RunInputsChanged } from '@shared/domain';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural?: number) => string;

/** The run the reason is about: its id, tasks and split. */
type ReasonRun = Pick<RunInfo, 'id' | 'tasks' | 'splitId'>;

/** Names joined by the language's list separator (common.listSeparator). */
const listed = (names: readonly string[], t: Translate): string =>
  names.join(t('common.listSeparator', {}));

/**
 * The sentences that say why, in order: what is missing (no single-task run on the run's
 * split, or what the newest one there differs in: one sentence per difference), then what to
 * train in the studio: a single-task run on the run's split with the run's tasks; or, when
 * the dataset's input columns changed since the run, that one trained now cannot be its
 * baseline (which columns would have to change back) and that the run's method trained again
 * beside one on that split would pair.
 * @param reason the comparison's `baselineReason`
 * @param run the run without Δm (`run.splitId` is the split to train on, `run.tasks` the tasks)
 */
export function runBaselineReasonLines(
  reason: RunBaselineMissingReason,
  run: ReasonRun,
  t: Translate,
): string[] {
  switch (reason.code) {
    case 'baselineScoresZero':
      return [t('compare.why.scoresZero', { id: reason.baselineRunId })];
    case 'autoSingleTaskNotBaseline':
      return [t('compare.why.autoSingle', { id: reason.runId }), trainLine('trainPlain', run, t)];
    case 'noSingleTaskRun':
      return [
        t('compare.why.noSingleTask', { split: reason.splitId }),
        ...toTrainLines(reason.inputsChanged, run, t),
      ];
    case 'singleTaskRunDiffers': {
      const id = reason.runId;
      const named = (key: string, names: readonly string[]): string[] =>
        names.length === 0
          ? []
          : [t(`compare.why.${key}`, { id, names: listed(names, t) }, names.length)];
      const differs = [
        ...named('lacksTasks', reason.lacksTasks),
        ...named('inputsWith', reason.inputsWith),
        ...named('inputsWithout', reason.inputsWithout),
      ];
      return [
        ...(differs.length > 0 ? differs : [t('compare.why.differsOther', { id })]),
        ...toTrainLines(reason.inputsChanged, run, t),
      ];
    }
  }
}

/** "Train a single-task run on split #2 with the tasks species, island." (`key`: train or trainPlain). */
function trainLine(key: 'train' | 'trainPlain', run: ReasonRun, t: Translate): string {
  return t(
    `compare.why.${key}`,
    { split: run.splitId, tasks: listed(run.tasks, t) },
    run.tasks.length,
  );
}

/**
 * What to train: with the same input columns, the single-task run; with the dataset's input
 * columns changed since the run, why one trained now would not pair and what would.
 */
function toTrainLines(changed: RunInputsChanged | null, run: ReasonRun, t: Translate): string[] {
  if (!changed) return [trainLine('train', run, t)];
  const only = [
    ...(changed.restore.length > 0
      ? [t('compare.cv.why.restore', { names: listed(changed.restore, t) }, changed.restore.length)]
      : []),
    ...(changed.drop.length > 0
      ? [t('compare.cv.why.drop', { names: listed(changed.drop, t) }, changed.drop.length)]
      : []),
  ].join(t('compare.cv.why.and', {}));
  return [
    t('compare.why.inputsChanged', {
      id: run.id,
      given:
        changed.given.length > 0 ? listed(changed.given, t) : t('compare.cv.why.noColumns', {}),
      now: changed.now.length > 0 ? listed(changed.now, t) : t('compare.cv.why.noColumns', {}),
      only,
    }),
    t(
      'compare.why.trainBoth',
      { split: run.splitId, tasks: listed(run.tasks, t) },
      run.tasks.length,
    ),
  ];
}

/**
 * The note under the runs table for a run without Δm: its label and
 * {@link runBaselineReasonLines} as one text (sentences joined by compare.cv.why.joiner).
 * @param label the run's label in the table (e.g. "#4 MMoE · Equal")
 */
export function runBaselineReasonNote(
  reason: RunBaselineMissingReason,
  run: ReasonRun,
  label: string,
  t: Translate,
): string {
  const why = runBaselineReasonLines(reason, run, t).join(t('compare.cv.why.joiner', {}));
  return t('compare.why.note', { run: label, why });
}
