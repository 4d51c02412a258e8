/**
 * The report's caveats on runs' test scores, the warnings the Train view and `train` give
 * beside those scores: test rows that repeat a training row's inputs (leakage, counted by
 * services/splits.ts describeSplit), a table so small that one test split cannot tell
 * methods apart (services/crossValidation.ts autoCrossValidates), and a task scored on fewer
 * than MIN_FOLD_TEST_ROWS labelled test rows (shared/evaluation.ts smallTestSplit). The rules
 * live there; this file only words them, in one section under the runs table (the scores
 * and Δm people share), each caveat once with the runs it holds for.
 * Cross-validations get theirs under their table, as `train --evaluation cv` warns of them:
 * test rows repeating their fold's training rows (services/splits.ts foldSchemeLeakage), a
 * task scored on fewer than MIN_FOLD_TEST_ROWS labelled test rows in some fold (the summary's
 * smallTestFolds, services/evaluation.ts) and a class with fewer labelled rows than the folds
 * (shared/foldClasses.ts classesBelowFolds).
 */
import { MIN_FOLD_TEST_ROWS, smallTestSplit } from '../../shared/evaluation';
import type { CrossValidationSummary } from '../../shared/domain';
import type { ReportCaveats, ReportCrossValidationCaveats, ReportRun } from './reportData';
import { esc, fill, type REPORT_TEXT } from './reportText';

type Text = typeof REPORT_TEXT.en;

/**
 * The leakage caveat: "10 of 14 test rows have an identical input row among the training
 * rows (duplicate rows in the file): …", its cause and advice chosen as the studio's
 * leakageWords and the CLI's leakageCause choose them; null when no test row leaks.
 * @param words the sentence for one leaked row and for more (a split's or the folds').
 * @param extra further values the sentence names (the folds of a cross-validation).
 */
function leakageCaveat(
  leakage: ReportCaveats['leakage'],
  t: Text,
  words: { one: string; many: string } = { one: t.leakageOne, many: t.leakageMany },
  extra: Record<string, number> = {},
): string | null {
  const { leaked, test, exact } = leakage;
  if (leaked === 0) return null;
  const inputsOnly = leaked - exact;
  const kind = inputsOnly === 0 ? 'Exact' : exact === 0 ? 'Inputs' : 'Mixed';
  return fill(leaked === 1 ? words.one : words.many, {
    ...extra,
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

/**
 * The caveats of one cross-validation, in the report's language: leakage over its folds,
 * then per task a class with fewer labelled rows than its folds, then per task folds scoring
 * it on fewer than MIN_FOLD_TEST_ROWS labelled test rows (`s.smallTestFolds`). None for one
 * without a finished fold (no score to qualify).
 * @param caveats its gathered caveats (reportData.ts), or undefined: those two left out.
 * @returns plain text sentences (not escaped).
 */
export function crossValidationCaveats(
  s: CrossValidationSummary,
  caveats: ReportCrossValidationCaveats | undefined,
  t: Text,
): string[] {
  if (s.folds === 0) return [];
  const out: string[] = [];
  if (caveats) {
    const { leakage } = caveats;
    const leak = leakageCaveat(
      leakage,
      t,
      { one: t.cvLeakageOne, many: t.cvLeakageMany },
      { folds: leakage.folds },
    );
    if (leak) out.push(leak);
    for (const x of caveats.classesBelowFolds) {
      const without = x.folds - x.rows;
      out.push(
        fill(x.rows === 1 ? t.classBelowFoldsOne : t.classBelowFoldsMany, {
          task: x.task,
          cls: x.className,
          n: x.rows,
          folds: x.folds,
          testless: fill(
            without === 1 ? t.classBelowFoldsTestlessOne : t.classBelowFoldsTestlessMany,
            { without },
          ),
        }),
      );
    }
  }
  for (const x of s.smallTestFolds) {
    out.push(
      fill(x.folds === 1 ? t.smallTestFoldsOne : t.smallTestFoldsMany, {
        task: x.task,
        small: x.folds,
        folds: s.folds,
        min: MIN_FOLD_TEST_ROWS,
        fewest: x.fewest,
      }),
    );
  }
  return out;
}

/**
 * The caveats block of a dataset's cross-validations: a heading and one item per distinct
 * caveat, prefixed with the evaluations it holds for ("Evaluations CV1, CV2: …"), in the
 * order first met; '' when none has one.
 * @param rows the cross-validation summaries, in the order the section shows them.
 * @param caveats their gathered caveats (by evaluation id; one missing has only its
 *   smallTestFolds caveats).
 * @returns HTML, every text escaped.
 */
export function crossValidationCaveatsSection(
  rows: CrossValidationSummary[],
  caveats: readonly ReportCrossValidationCaveats[],
  t: Text,
): string {
  const byText = new Map<string, number[]>();
  for (const s of rows) {
    const own = caveats.find((c) => c.evaluationId === s.evaluation.id);
    for (const text of crossValidationCaveats(s, own, t)) {
      const ids = byText.get(text) ?? [];
      ids.push(s.evaluation.id);
      byText.set(text, ids);
    }
  }
  if (byText.size === 0) return '';
  const items = [...byText].map(([text, ids]) => {
    const line = fill(ids.length === 1 ? t.cvCaveatOne : t.cvCaveatMany, {
      ids: ids.map((id) => `CV${id}`).join(', '),
      text,
    });
    return `<li>${esc(line)}</li>`;
  });
  return `<div class="caveats"><h4>${esc(t.cvCaveats)}</h4><ul>${items.join('')}</ul></div>`;
}
