/**
 * The words of `mtl-studio predict` beside its predictions (cli/commands/exports.ts): the
 * scores against a file's labels, and the warnings and notes on stderr (and `warnings` /
 * `notes` with --json) — unknown labels, rows the run trained on, inputs missing, unseen
 * categories, values far outside the training range.
 */
import { UNSEEN_EXAMPLES, type UnseenCategories } from '../../engine/preprocessing';
import { FAR_OUTSIDE_STDS, shortNumber, type FarOutsideValues } from '../../export/predictRange';
import type { TaskScore } from '../../export/predictScores';
import { INPUTS_MISSING_COLUMN } from '../../export/predictionCsv';
import { shellWord } from '../../../shared/shellWord';
import { score, table } from '../output';

/**
 * The text of `predict`'s scores against the labels of a CSV file (export/predictScores.ts):
 * a line saying what they are, then a table of task, column, rows with a label, accuracy and
 * macro-F1 (three decimals; – for a task without a labelled row).
 */
export function scoresText(scores: readonly TaskScore[]): string {
  const head =
    "Scores against the file's labels (rows with a label in the task's target column; a missing label is skipped, one the model does not know counts as wrong):";
  return `${head}\n${table(
    ['task', 'column', 'rows', 'accuracy', 'macro-F1'],
    scores.map((s) => [s.task, s.column, s.rows, score(s.accuracy), score(s.macroF1)]),
  )}`;
}

/**
 * The warning for a task's labels in the file that are none of its classes, e.g. `task
 * "species": 2 rows have a label the model does not know ("unicorn") in column "species":
 * counted as wrong in its scores`.
 */
export function unknownLabelsWarning(s: TaskScore): string {
  const shown = s.unknownLabels.map((l) => JSON.stringify(l)).join(', ');
  const rows = s.unknownLabelRows;
  const more = s.unknownLabelsDistinct > s.unknownLabels.length ? ', …' : '';
  const similar = s.similarLabels ?? [];
  const meant =
    similar.length > 0
      ? `; did you mean ${similar.map((m) => `${JSON.stringify(m.class)} for ${JSON.stringify(m.label)}`).join(', ')}? Labels are matched by their exact text`
      : '';
  return `task "${s.task}": ${rows} ${rows === 1 ? 'row has' : 'rows have'} a label the model does not know (${shown}${more}) in column "${s.column}": counted as wrong in its scores${meant}`;
}

/**
 * The warnings for scored rows that the run trained on (TaskScore.trainingRows > 0): one per
 * distinct count, naming every task it holds for (found by a new user: the same sentence was
 * printed once per task), e.g. `tasks "species", "sex": 230 of 344 scored rows are rows this
 * model was trained on (their inputs equal a training row's): these scores are optimistic;
 * score rows it did not see, e.g. the test split: mtl-studio predict -p p.mtlproj --run 2
 * --dataset 1 -o out.csv writes each row's split, keep those with split = test`. For a model
 * trained on every labelled row (`heldOut` false) the advice names its cross-validation
 * estimate instead.
 * @param scores the file's scores per task, in task order.
 * @returns the warnings, in the order of their first task; none when no scored row was trained on.
 */
export function trainingRowsWarnings(
  scores: readonly TaskScore[],
  run: { project: string; run: number; dataset: number; heldOut: boolean },
): string[] {
  const groups = new Map<string, { tasks: string[]; n: number; rows: number }>();
  for (const s of scores) {
    const n = s.trainingRows ?? 0;
    if (n === 0) continue;
    const key = `${n}/${s.rows}`;
    const group = groups.get(key) ?? { tasks: [], n, rows: s.rows };
    group.tasks.push(s.task);
    groups.set(key, group);
  }
  const advice = run.heldOut
    ? `score rows it did not see, e.g. the test split: mtl-studio predict -p ${shellWord(run.project)} --run ${run.run} --dataset ${run.dataset} -o out.csv writes each row's split, keep those with split = test`
    : 'score rows it did not see (this model trained on every labelled row of its dataset: its cross-validation estimate is the held-out score)';
  return [...groups.values()].map(({ tasks, n, rows }) => {
    const named = `${tasks.length === 1 ? 'task' : 'tasks'} ${tasks.map((t) => JSON.stringify(t)).join(', ')}`;
    return `${named}: ${n} of ${rows} scored ${rows === 1 ? 'row is a row' : 'rows are rows'} this model was trained on (${n === 1 ? 'its inputs equal' : 'their inputs equal'} a training row's): these scores are optimistic; ${advice}`;
  });
}

/**
 * The stderr note of `predict --dataset` with an Auto run that refitted on every non-test row
 * (services/exports.ts modelRowSplit): its `split` column says train for the split's
 * validation rows, which the final model trained on.
 * @param runId the run (`--run`).
 */
export function refitSplitNote(runId: number): string {
  return `run ${runId} refitted its chosen configuration on every non-test row, so the split's validation rows are written as split train (its model trained on them; scoring them would be optimistic); its test rows stay held out.`;
}

/**
 * The warning on stderr for rows with more than half of the model's inputs missing
 * (export/predict.ts mostInputsMissing), e.g. `2 rows had more than half of the model's
 * inputs missing (rows 3, 9): …`.
 * @param rows how many rows (≥ 1); @param listed the first of them by row number.
 */
export function mostInputsMissingWarning(rows: number, listed: readonly number[]): string {
  const more = rows - listed.length;
  const named = `${listed.length === 1 && rows === 1 ? 'row' : 'rows'} ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return `${rows} ${rows === 1 ? 'row' : 'rows'} had more than half of the model's inputs missing (${named}): the model filled them in with its imputation (training means, no category), so ${rows === 1 ? 'its prediction rests' : 'their predictions rest'} mostly on those defaults; column ${INPUTS_MISSING_COLUMN} counts each row's missing inputs`;
}

/**
 * The warning for the input columns a file lacks, predicted with `--missing-columns impute`,
 * e.g. `new.csv lacks the column "year" that the model reads: read as missing in every row
 * and imputed as the model imputes a missing cell (--missing-columns impute); the
 * predictions rest on the other columns`.
 * @param file the file's name; `columns` the model's columns it lacks, in the model's order.
 */
export function imputedColumnsWarning(file: string, columns: readonly string[]): string {
  const names = columns.map((c) => `"${c}"`).join(', ');
  return `${file} lacks the column${columns.length > 1 ? 's' : ''} ${names} that the model reads: read as missing in every row and imputed as the model imputes a missing cell (--missing-columns impute); the predictions rest on the other columns`;
}

/**
 * The warning for a categorical input with values the model has no category for, e.g.
 * `column "workclass": 3 rows have a value the model never saw as a category ("Martian");
 * predicted as all zeros over its 8 one-hot categories, like a category too rare in training`,
 * ending `; did you mean "Married" for "married"? Categories are matched by their exact text`
 * for values that differ from a known category only by letter case or spaces. Where the
 * model kept only its most frequent categories (`capped`), `column "cat": 1 row has a value
 * not among the 64 categories the model keeps ("k477"); it keeps a column's 64 most frequent
 * training categories, and reads rarer ones, like ones never seen, as other: …`.
 */
export function unseenWarning(u: UnseenCategories): string {
  const shown = u.values.map((v) => JSON.stringify(v)).join(', ');
  const more = u.values.length < u.rows && u.values.length >= UNSEEN_EXAMPLES ? ', …' : '';
  const similar = u.similar ?? [];
  // As a column named only by case apart gets "did you mean" (export/predictCsv.ts).
  const hint =
    similar.length > 0
      ? `; did you mean ${similar.map((x) => `${JSON.stringify(x.category)} for ${JSON.stringify(x.value)}`).join(', ')}? Categories are matched by their exact text`
      : '';
  if (u.capped) {
    // Found by a new user: "never saw" for a value in the imported data, one of the rarer
    // categories the fit left out.
    return `column "${u.column}": ${u.rows} row${u.rows === 1 ? ' has a value' : 's have values'} not among the ${u.known} categories the model keeps (${shown}${more}); it keeps a column's ${u.known} most frequent training categories, and reads rarer ones, like ones never seen, as other: all zeros over its ${u.known} one-hot categories, neither a kept category nor missing${hint}`;
  }
  return `column "${u.column}": ${u.rows} row${u.rows === 1 ? ' has a value' : 's have values'} the model never saw as a category (${shown}${more}); predicted as the preprocessing encodes ${u.rows === 1 ? 'it' : 'them'}: all zeros over its ${u.known} one-hot categories, like a category too rare in training to get its own${hint}`;
}

/**
 * The warning for a numeric input with values far outside its training data (export/
 * predictRange.ts), e.g. `column "legs": 1 row (row 101) far outside the training range 0–8
 * (largest 400000): predictions for such rows are extrapolations`; for a run or bundle fitted
 * before the range was kept, `… far outside the training data, more than 10 std from its mean
 * 2.84 (std 2.03; largest 400000): …`. "smallest" for a most extreme value below the range.
 * The rows are named by their `row` (1-based data row, as the most-inputs-missing warning
 * names them): the first few, then "…" (`rows 1, 2, 3, 4, 5, …`).
 */
export function farOutsideWarning(f: FarOutsideValues): string {
  const more = f.rows > f.firstRows.length ? ', …' : '';
  const named = `${f.rows === 1 ? 'row' : 'rows'} ${f.firstRows.join(', ')}${more}`;
  const rows = `${f.rows} ${f.rows === 1 ? 'row' : 'rows'} (${named})`;
  const high =
    f.training.kind === 'range' ? f.extreme > f.training.max : f.extreme > f.training.mean;
  const extreme = `${high ? 'largest' : 'smallest'} ${shortNumber(f.extreme)}`;
  const where =
    f.training.kind === 'range'
      ? `far outside the training range ${shortNumber(f.training.min)}–${shortNumber(f.training.max)} (${extreme})`
      : `far outside the training data, more than ${FAR_OUTSIDE_STDS} std from its mean ${shortNumber(f.training.mean)} (std ${shortNumber(f.training.std)}; ${extreme})`;
  return `column "${f.column}": ${rows} ${where}: predictions for such rows are extrapolations`;
}
