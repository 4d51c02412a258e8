/**
 * The report's cross-validation section: each cross-validated evaluation of a dataset with
 * per task mean ± std over its folds, Δm against its baseline with the paired tests'
 * p-values, and a stopped one's state, as the Compare view shows them.
 */
import type { CrossValidationSummary, MeanStd } from '../../shared/domain';
import { isContinuable } from '../../shared/domain';
import { meanStdText, signedMeanStdText } from '../../shared/meanStdText';
import { reportBaselineReasonNote } from './reportBaselineReason';
import { crossValidationCaveatsSection } from './reportCaveats';
import type { ReportCrossValidationCaveats } from './reportData';
import { breakableName, esc, fill, nameCell, nameOf, type REPORT_TEXT } from './reportText';

/** "0.912 ± 0.031" ("0.912 ± –" over one fold, – without values): {@link meanStdText}. */
function meanStd(m: MeanStd | undefined, digits = 3): string {
  return meanStdText(m, digits);
}

/** Significance level of the paired tests on Δm over the folds. */
export const REPORT_ALPHA = 0.05;

/** The method a cross-validation evaluated, as report.ts's `methodOf` names a run's. */
export function cvMethod(s: CrossValidationSummary, t: typeof REPORT_TEXT.en): string {
  const m = s.evaluation.method;
  if (m.kind === 'auto') return t.cvAuto;
  const arch = m.config.arch ?? 'hard-sharing';
  return arch === 'single-task'
    ? nameOf(arch, t)
    : `${nameOf(arch, t)} · ${nameOf(m.config.weighting ?? 'equal', t)}`;
}

/**
 * The most per-task macro-F1 columns the cross-validation table sets side by side. Each holds
 * an unbreakable "0.912 ± 0.031" (about 88 px at the report's 13 px), next to the evaluation,
 * method, folds ("6 (3 × 2)"), Δm ("-34.63 ± 13.08") and tests columns: at 3 tasks the
 * table's narrowest layout already reached the A4 text area (186 mm, about 703 px) and the
 * printed PDF lost its right border; at 4 and more it cut whole columns off. With more tasks
 * the table lists one row per task instead ({@link crossValidationSection}). Decided by
 * count, the same on screen and on paper, never by measuring in a browser.
 */
export const CV_MAX_TASK_COLUMNS = 2;

/** What a row of the table says about an evaluation as a whole (HTML, escaped). */
interface EvaluationCells {
  id: string;
  method: string;
  /** The folds cell: "5 (5 × 1)", or a stopped one's state (a sentence: it may wrap). */
  folds: string;
  stopped: boolean;
  delta: string;
  tests: string;
}

/** The cells of an evaluation that are not per task: its folds, Δm and paired tests. */
function evaluationCells(s: CrossValidationSummary, t: typeof REPORT_TEXT.en): EvaluationCells {
  const d = s.deltaM;
  const significant = d?.tests.some((x) => x.p !== null && x.p < REPORT_ALPHA) ?? false;
  const tone = d && significant ? (d.summary.mean >= 0 ? 'good' : 'bad') : '';
  const delta = d
    ? `<span class="${tone}">${esc(signedMeanStdText(d.summary, 2))}</span> <span class="muted">(${esc(fill(t.cvVs, { id: d.baselineEvaluationId }))})</span>`
    : s.folds === 0 ||
        (s.evaluation.method.kind === 'fixed' && s.evaluation.method.config.arch === 'single-task')
      ? '–'
      : esc(t.noBaseline);
  const tests = (d?.tests ?? [])
    .map(
      (x) =>
        `${esc(x.name === 'Wilcoxon signed-rank' ? t.wilcoxon : t.ttest)} p = ${x.p === null ? '–' : x.p.toFixed(3)}`,
    )
    .join('<br>');
  // A stopped one says so, as the studio does: "stopped (cancelled) — 0 of 5 folds finished".
  const stopped = isContinuable(s.evaluation);
  const folds = stopped
    ? fill(t.cvStopped, {
        status: t.status[s.evaluation.status] ?? s.evaluation.status,
        done: s.folds,
        total: s.scheme.k * s.scheme.repeats,
      })
    : fill(t.cvFolds, {
        n: s.folds,
        k: s.scheme.k,
        repeats: s.scheme.repeats,
      });
  return {
    id: `CV${s.evaluation.id}`,
    method: esc(cvMethod(s, t)),
    folds: esc(folds),
    stopped,
    delta,
    tests: tests || '–',
  };
}

/** The folds cell's classes: a stopped one's sentence may wrap (kept on one line it was wide). */
function foldsClass(c: EvaluationCells): string {
  return c.stopped ? 'num stopped' : 'num';
}

/**
 * The evaluations with one column per task: "Evaluation | Method | Folds | species · Macro-F1
 * | … | Δm (%) | Paired tests", for at most {@link CV_MAX_TASK_COLUMNS} tasks.
 */
function taskColumnsTable(
  rows: CrossValidationSummary[],
  tasks: string[],
  t: typeof REPORT_TEXT.en,
): string {
  const head = `<tr><th>${esc(t.evaluation)}</th><th>${esc(t.method)}</th><th class="num">${esc(t.folds)}</th>${tasks.map((task) => `<th class="num">${breakableName(task)} · ${esc(t.macroF1)}</th>`).join('')}<th class="num">${esc(t.deltaM)} (%)</th><th>${esc(t.tests)}</th></tr>`;
  const body = rows
    .map((s) => {
      const c = evaluationCells(s, t);
      return `<tr><td>${c.id}</td><td>${c.method}</td><td class="${foldsClass(c)}">${c.folds}</td>${tasks.map((task) => `<td class="num">${meanStd(s.tasks[task]?.macroF1)}</td>`).join('')}<td class="num delta">${c.delta}</td><td>${c.tests}</td></tr>`;
    })
    .join('');
  return `<table class="cv-table"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/**
 * The evaluations with one row per task: "Evaluation | Method | Folds | Task | Macro-F1 | Δm (%)
 * | Paired tests", an evaluation's own cells spanning its task rows, each evaluation a
 * `<tbody>` kept on one page. An evaluation lists its own tasks (in the order of `tasks`),
 * the cells the task-column table fills; a task it did not train had "–" there.
 */
function taskRowsTable(
  rows: CrossValidationSummary[],
  tasks: string[],
  t: typeof REPORT_TEXT.en,
): string {
  const head = `<tr><th>${esc(t.evaluation)}</th><th>${esc(t.method)}</th><th class="num">${esc(t.folds)}</th><th>${esc(t.task)}</th><th class="num">${esc(t.macroF1)}</th><th class="num">${esc(t.deltaM)} (%)</th><th>${esc(t.tests)}</th></tr>`;
  const bodies = rows
    .map((s) => {
      const c = evaluationCells(s, t);
      const own = tasks.filter((task) => s.evaluation.tasks.includes(task));
      const span = Math.max(1, own.length);
      const rs = span > 1 ? ` rowspan="${span}"` : '';
      const taskCells = (task: string | undefined): string =>
        task === undefined
          ? '<td>–</td><td class="num">–</td>'
          : `${nameCell(task)}<td class="num">${meanStd(s.tasks[task]?.macroF1)}</td>`;
      const first = `<tr><td${rs}>${c.id}</td><td${rs}>${c.method}</td><td class="${foldsClass(c)}"${rs}>${c.folds}</td>${taskCells(own[0])}<td class="num delta"${rs}>${c.delta}</td><td${rs}>${c.tests}</td></tr>`;
      const rest = own
        .slice(1)
        .map((task) => `<tr>${taskCells(task)}</tr>`)
        .join('');
      return `<tbody class="cv-evaluation">${first}${rest}</tbody>`;
    })
    .join('');
  return `<table class="cv-table task-rows"><thead>${head}</thead>${bodies}</table>`;
}

/**
 * The cross-validation section: one row per evaluation with its folds, per task macro-F1
 * mean ± std, Δm mean ± std (coloured only when a paired test rejects Δm = 0 at
 * {@link REPORT_ALPHA}) and the tests' p-values; then accuracy and balanced accuracy.
 * With more than {@link CV_MAX_TASK_COLUMNS} tasks the first table has one row per task of
 * an evaluation instead of one column per task, so that it fits a printed page (the same
 * cells, laid out otherwise).
 * Under the table, for each evaluation without Δm, why (reportBaselineReason.ts: what the
 * newest single-task cross-validation differs in), as the studio's Compare view says it.
 * A stopped evaluation (cancelled, interrupted, failed) says so in its folds cell; the second
 * table is left out when no evaluation has a finished fold.
 * @param rows the dataset's cross-validation summaries, in the order shown.
 * Under the first table and its note, the caveats on these scores `train --evaluation cv`
 * warns of (reportCaveats.ts crossValidationCaveatsSection), when there are any.
 * @param t the report's strings in its language.
 * @param caveats the evaluations' gathered caveats (reportData.ts); none by default.
 * @returns an HTML `<section class="cv">`, every value escaped; Δm in percent.
 */
export function crossValidationSection(
  rows: CrossValidationSummary[],
  t: typeof REPORT_TEXT.en,
  caveats: readonly ReportCrossValidationCaveats[] = [],
): string {
  const tasks = [...new Set(rows.flatMap((s) => s.evaluation.tasks))];
  const table =
    tasks.length > CV_MAX_TASK_COLUMNS
      ? taskRowsTable(rows, tasks, t)
      : taskColumnsTable(rows, tasks, t);
  // One stopped before any fold finished has no metric to list (its row above says so).
  const metrics = rows
    .filter((s) => s.folds > 0)
    // An evaluation's rows are one <tbody>, kept on one page with its name in the first row.
    .map(
      (s) =>
        `<tbody class="cv-evaluation">${s.evaluation.tasks
          .map(
            (task, i) =>
              `<tr><td>${i === 0 ? `CV${s.evaluation.id} ${esc(cvMethod(s, t))}` : ''}</td>${nameCell(task)}<td class="num">${meanStd(s.tasks[task]?.accuracy)}</td><td class="num">${meanStd(s.tasks[task]?.balancedAccuracy)}</td><td class="num">${meanStd(s.tasks[task]?.macroF1)}</td></tr>`,
          )
          .join('')}</tbody>`,
    )
    .join('');
  return [
    `<section class="cv"><h3>${esc(t.crossValidation)}</h3>`,
    table,
    // Why Δm is "no baseline", as the studio's Compare view says it under its table (found by
    // a new user: the report said only "no baseline" where the studio named what differs).
    ...rows
      .filter((s) => s.baselineReason)
      .map(
        (s) =>
          `<p class="muted cv-why" data-evaluation="${s.evaluation.id}">${esc(reportBaselineReasonNote(s.baselineReason!, `CV${s.evaluation.id} ${cvMethod(s, t)}`, t))}</p>`,
      ),
    `<p class="muted">${esc(t.cvNote)}</p>`,
    // Beside the scores they qualify, as `train --evaluation cv` warns of them.
    crossValidationCaveatsSection(rows, caveats, t),
    // With no fold finished anywhere the metrics table would be a header alone: left out.
    metrics
      ? `<h4>${esc(t.cvMetrics)}</h4><table><thead><tr><th>${esc(t.evaluation)}</th><th>${esc(t.task)}</th><th class="num">${esc(t.accuracy)}</th><th class="num">${esc(t.balancedAccuracy)}</th><th class="num">${esc(t.macroF1)}</th></tr></thead>${metrics}</table>`
      : '',
    '</section>',
  ].join('');
}
