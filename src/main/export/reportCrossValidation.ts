/**
 * The report's cross-validation section: each cross-validated evaluation of a dataset with
 * per task mean ± std over its folds, Δm against its baseline with the paired tests'
 * p-values, and a stopped one's state, as the Compare view shows them.
 */
import type { CrossValidationSummary, MeanStd } from '../../shared/domain';
import { isContinuable } from '../../shared/domain';
import { meanStdText } from '../../shared/meanStdText';
import { esc, fill, nameOf, type REPORT_TEXT } from './reportText';

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
 * The cross-validation section: one row per evaluation with its folds, per task macro-F1
 * mean ± std, Δm mean ± std (coloured only when a paired test rejects Δm = 0 at
 * {@link REPORT_ALPHA}) and the tests' p-values; then accuracy and balanced accuracy.
 * A stopped evaluation (cancelled, interrupted, failed) says so in its folds cell; the second
 * table is left out when no evaluation has a finished fold.
 * @param rows the dataset's cross-validation summaries, in the order shown.
 * @param t the report's strings in its language.
 * @returns an HTML `<section class="cv">`, every value escaped; Δm in percent.
 */
export function crossValidationSection(
  rows: CrossValidationSummary[],
  t: typeof REPORT_TEXT.en,
): string {
  const tasks = [...new Set(rows.flatMap((s) => s.evaluation.tasks))];
  const head = `<tr><th>${esc(t.evaluation)}</th><th>${esc(t.method)}</th><th class="num">${esc(t.folds)}</th>${tasks.map((task) => `<th class="num">${esc(task)} · ${esc(t.macroF1)}</th>`).join('')}<th class="num">${esc(t.deltaM)} (%)</th><th>${esc(t.tests)}</th></tr>`;
  const body = rows
    .map((s) => {
      const d = s.deltaM;
      const significant = d?.tests.some((x) => x.p !== null && x.p < REPORT_ALPHA) ?? false;
      const tone = d && significant ? (d.summary.mean >= 0 ? 'good' : 'bad') : '';
      const delta = d
        ? `<span class="${tone}">${esc(meanStd(d.summary, 2))}</span> <span class="muted">(${esc(fill(t.cvVs, { id: d.baselineEvaluationId }))})</span>`
        : s.folds === 0 ||
            (s.evaluation.method.kind === 'fixed' &&
              s.evaluation.method.config.arch === 'single-task')
          ? '–'
          : esc(t.noBaseline);
      const tests = (d?.tests ?? [])
        .map(
          (x) =>
            `${esc(x.name === 'Wilcoxon signed-rank' ? t.wilcoxon : t.ttest)} p = ${x.p === null ? '–' : x.p.toFixed(3)}`,
        )
        .join('<br>');
      // A stopped one says so, as the studio does: "stopped (cancelled) — 0 of 5 folds finished".
      const folds = isContinuable(s.evaluation)
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
      return `<tr><td>CV${s.evaluation.id}</td><td>${esc(cvMethod(s, t))}</td><td class="num">${esc(folds)}</td>${tasks.map((task) => `<td class="num">${meanStd(s.tasks[task]?.macroF1)}</td>`).join('')}<td class="num delta">${delta}</td><td>${tests || '–'}</td></tr>`;
    })
    .join('');
  // One stopped before any fold finished has no metric to list (its row above says so).
  const metrics = rows
    .filter((s) => s.folds > 0)
    .flatMap((s) =>
      s.evaluation.tasks.map(
        (task, i) =>
          `<tr><td>${i === 0 ? `CV${s.evaluation.id} ${esc(cvMethod(s, t))}` : ''}</td><td>${esc(task)}</td><td class="num">${meanStd(s.tasks[task]?.accuracy)}</td><td class="num">${meanStd(s.tasks[task]?.balancedAccuracy)}</td><td class="num">${meanStd(s.tasks[task]?.macroF1)}</td></tr>`,
      ),
    )
    .join('');
  return [
    `<section class="cv"><h3>${esc(t.crossValidation)}</h3>`,
    `<table><thead>${head}</thead><tbody>${body}</tbody></table>`,
    `<p class="muted">${esc(t.cvNote)}</p>`,
    // With no fold finished anywhere the metrics table would be a header alone: left out.
    metrics
      ? `<h4>${esc(t.cvMetrics)}</h4><table><thead><tr><th>${esc(t.evaluation)}</th><th>${esc(t.task)}</th><th class="num">${esc(t.accuracy)}</th><th class="num">${esc(t.balancedAccuracy)}</th><th class="num">${esc(t.macroF1)}</th></tr></thead><tbody>${metrics}</tbody></table>`
      : '',
    '</section>',
  ].join('');
}
