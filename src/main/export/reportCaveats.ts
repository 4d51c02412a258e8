/**
 * The report's caveats on runs' test scores, the warnings the Train view and `train` give
 * beside those scores: test rows that repeat a training row's inputs (leakage, counted by
 * services/splits.ts describeSplit), a table so small that one test split cannot tell
 * methods apart (services/crossValidation.ts autoCrossValidates), and a task scored on fewer
 * than MIN_FOLD_TEST_ROWS labelled test rows (shared/evaluation.ts smallTestSplit). The rules
 * live there; this file only words them, in one section under the runs table (the scores
 * and Δm people share), each caveat once with the runs it holds for.
 */
import { MIN_FOLD_TEST_ROWS, smallTestSplit } from '../../shared/evaluation';
import type { ReportCaveats, ReportRun } from './reportData';
import { esc, fill, type REPORT_TEXT } from './reportText';

type Text = typeof REPORT_TEXT.en;

/**
 * The leakage caveat: "10 of 14 test rows have an identical input row among the training
 * rows (duplicate rows in the file): …", its cause and advice chosen as the studio's
 * leakageWords and the CLI's leakageCause choose them; null when no test row leaks.
 */
function leakageCaveat(leakage: ReportCaveats['leakage'], t: Text): string | null {
  const { leaked, test, exact } = leakage;
  if (leaked === 0) return null;
  const inputsOnly = leaked - exact;
  const kind = inputsOnly === 0 ? 'Exact' : exact === 0 ? 'Inputs' : 'Mixed';
  return fill(leaked === 1 ? t.leakageOne : t.leakageMany, {
    leaked,
    test,
    cause: fill(t[`cause${kind}`], { exact, inputsOnly }),
    advice: t[`advice${kind}`],
  });
}

/**
 * The caveats of one run, in the report's language: leakage, small table, then one per task
 * scored on fewer than MIN_FOLD_TEST_ROWS labelled test rows. None for a final model (no
 * test split) or a run without caveats gathered.
 * @returns plain text sentences (not escaped).
 */
export function runCaveats(r: ReportRun, t: Text): string[] {
  if (r.final || !r.caveats) return [];
  const { leakage, smallTableRows } = r.caveats;
  const out: string[] = [];
  const leak = leakageCaveat(leakage, t);
  if (leak) out.push(leak);
  if (smallTableRows !== null) out.push(fill(t.smallTable, { n: smallTableRows }));
  for (const { task, n } of smallTestSplit(r.run.results)) {
    out.push(
      fill(n === 1 ? t.smallTestSplitOne : t.smallTestSplitMany, {
        task,
        n,
        min: MIN_FOLD_TEST_ROWS,
      }),
    );
  }
  return out;
}

/**
 * The caveats section of a dataset's runs: a heading and one item per distinct caveat,
 * prefixed with the runs it holds for ("Runs #1, #2: …"), in the order first met; '' when
 * no run has one.
 * @returns HTML, every text escaped.
 */
export function caveatsSection(runs: ReportRun[], t: Text): string {
  const byText = new Map<string, number[]>();
  for (const r of runs) {
    for (const text of runCaveats(r, t)) {
      const ids = byText.get(text) ?? [];
      ids.push(r.run.id);
      byText.set(text, ids);
    }
  }
  if (byText.size === 0) return '';
  const items = [...byText].map(([text, ids]) => {
    const line = fill(ids.length === 1 ? t.caveatRun : t.caveatRuns, {
      runs: ids.map((id) => `#${id}`).join(', '),
      text,
    });
    return `<li>${esc(line)}</li>`;
  });
  return `<div class="caveats"><h4>${esc(t.caveats)}</h4><ul>${items.join('')}</ul></div>`;
}
