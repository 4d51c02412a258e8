/**
 * The report's parts for a cross-validation's final model (RunInfo.finalOf): it trained on
 * every labelled row, so it has no test scores, no validation rows and no best epoch; what
 * it does have is its cross-validation's estimate (mean ± std over the folds) and Δm, as
 * `evaluate` prints them (cli/commands/evaluation.ts finalModelLine) from the same data
 * (services/finalModelEstimate.ts).
 */
import { meanStdText, signedMeanStdText } from '../../shared/meanStdText';
import type { ReportFinalModel, ReportRun } from './reportData';
import { esc, fill, nameCell, type REPORT_TEXT } from './reportText';

/** Significance level of the paired tests on Δm over the folds (as reportCrossValidation.ts). */
const ALPHA = 0.05;

/**
 * The rows a final model trained on, in the report's language: "all 333 labelled rows" when
 * each task has the same labelled rows (or it has one task), else "344 rows with at least
 * one label (species 344, sex 333)" — as shared/finalModel.ts finalModelRows words them.
 */
function rowsText(f: ReportFinalModel, t: typeof REPORT_TEXT.en): string {
  const n = f.info.labelledRows;
  const counts = f.perTask ? Object.entries(f.perTask) : [];
  const same = f.perTask
    ? counts.every(([, c]) => c === n)
    : Object.keys(f.info.epochsPerTask).length === 1;
  if (same) return fill(t.finalRowsAll, { n });
  return fill(t.finalRowsSome, { n, list: counts.map(([task, c]) => `${task} ${c}`).join(', ') });
}

/** "37 epochs", with each task's count when they differ: "37 epochs (species 37, sex 12)". */
function epochsText(f: ReportFinalModel, t: typeof REPORT_TEXT.en): string {
  const n = f.info.epochs;
  const counts = Object.entries(f.info.epochsPerTask);
  const each =
    new Set(counts.map(([, c]) => c)).size > 1
      ? ` (${counts.map(([task, c]) => `${task} ${c}`).join(', ')})`
      : '';
  return (n === 1 ? t.finalEpochsOne : fill(t.finalEpochsMany, { n })) + each;
}

/**
 * The paragraph under a final model's heading: "Final model of cross-validation 1, trained
 * on all 333 labelled rows for 18 epochs (median of the folds' best epochs), …" and where
 * its expected score is, or that there is none.
 * @returns a `<p class="final-model">` element, every value escaped.
 */
export function finalModelParagraph(f: ReportFinalModel, t: typeof REPORT_TEXT.en): string {
  const cv = f.info.evaluationId;
  const line = fill(t.finalLine, {
    cv,
    rows: rowsText(f, t),
    epochs: epochsText(f, t),
    how: f.allFoldsAtMax ? t.finalHowMax : t.finalHowMedian,
  });
  const estimate = f.estimate
    ? fill(t.finalEstimate, { cv, folds: f.estimate.folds, title: t.finalEstimateTitle })
    : fill(t.finalNoEstimate, { cv });
  return `<p class="final-model">${esc(line)} ${esc(estimate)}</p>`;
}

/**
 * A final model's Δm cell of the Runs table: its cross-validation's Δm, mean ± std over the
 * folds against the single-task cross-validation of the same folds (coloured only when a
 * paired test rejects Δm = 0, as the cross-validation section does), or why there is none;
 * "–" for the final model of a single-task cross-validation (the baseline itself).
 * @returns the cell's inner HTML, escaped.
 */
export function finalDeltaCell(f: ReportFinalModel, t: typeof REPORT_TEXT.en): string {
  const cv = f.info.evaluationId;
  const s = f.summary;
  if (
    s &&
    s.evaluation.method.kind === 'fixed' &&
    s.evaluation.method.config.arch === 'single-task'
  )
    return '–';
  if (!s || s.folds === 0) return esc(fill(t.finalNoDeltaMCv, { cv }));
  const d = s.deltaM;
  if (!d) return esc(fill(t.finalNoDeltaM, { cv }));
  const significant = d.tests.some((x) => x.p !== null && x.p < ALPHA);
  const tone = significant ? (d.summary.mean >= 0 ? 'good' : 'bad') : '';
  return `<span class="${tone}">${esc(signedMeanStdText(d.summary, 2))} %</span> <span class="muted">(${esc(fill(t.finalDeltaMVs, { cv, id: d.baselineEvaluationId }))})</span>`;
}

/**
 * The table of the final models' expected scores: per task the cross-validation's mean ±
 * std of accuracy, balanced accuracy and macro-F1 and its folds, under a heading and a note
 * that say they are the cross-validation's estimate, not test scores.
 * @param runs the report's runs of one dataset; only final models are shown.
 * @param method a run's method as the report names it.
 * @returns '' when none of `runs` is a final model.
 */
export function finalEstimateTable(
  runs: ReportRun[],
  method: (r: ReportRun) => string,
  t: typeof REPORT_TEXT.en,
): string {
  const finals = runs.filter((r) => r.final);
  if (finals.length === 0) return '';
  const rows = finals.flatMap((r) => {
    const head = esc(fill(t.finalEstimateRun, { id: r.run.id, method: method(r) }));
    const estimate = r.final!.estimate;
    if (!estimate)
      return [
        `<tr><td>${head}</td><td colspan="5" class="muted">${esc(fill(t.finalNoEstimate, { cv: r.final!.info.evaluationId }))}</td></tr>`,
      ];
    return Object.entries(estimate.metrics).map(
      ([task, m], i) =>
        `<tr><td>${i === 0 ? head : ''}</td>${nameCell(task)}<td class="num">${esc(meanStdText(m.accuracy))}</td><td class="num">${esc(meanStdText(m.balancedAccuracy))}</td><td class="num">${esc(meanStdText(m.macroF1))}</td><td class="num">${estimate.folds}</td></tr>`,
    );
  });
  return `<h3>${esc(t.finalEstimateTitle)}</h3><p class="muted">${esc(t.finalEstimateNote)}</p><table class="final-estimate"><thead><tr><th>${esc(t.run)}</th><th>${esc(t.task)}</th><th class="num">${esc(t.accuracy)}</th><th class="num">${esc(t.balancedAccuracy)}</th><th class="num">${esc(t.macroF1)}</th><th class="num">${esc(t.folds)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
