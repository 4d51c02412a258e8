/**
 * Texts of the Predict view. How it heads the rows of a CSV it predicted: "First 20 rows of
 * the file" when the file has more, "All 69 rows of the file" when the preview holds every
 * row (found by a new user: a 69-row file was headed "First 69 rows of the file"); and the
 * "did you mean" after an unseen category that differs from a known one only by case.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { PredictionPreview } from '../../../shared/contract';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural: number) => string;

/**
 * The heading of a table preview's rows; with lines skipped ("skip bad lines") and the whole
 * file read, how many of the file's rows it holds: "4 of 6 rows of the file; 2 lines
 * skipped", or "No row of the file: all 3 lines were skipped" (found by a new user: a 6-line
 * file with 2 ragged lines was headed "All 4 rows of the file").
 * @param preview its rows, whether the file has more (`truncated`) and the lines skipped
 */
export function predictShownText(
  preview: Pick<PredictionPreview, 'rows' | 'truncated' | 'skippedLines'>,
  t: Translate,
): string {
  const n = preview.rows.length;
  const skipped = preview.skippedLines?.count ?? 0;
  if (preview.truncated) return t('predict.shown', { n }, n);
  if (skipped === 0) return t('predict.shownAll', { n }, n);
  if (n === 0) return t('predict.shownNoneSkipped', { n: skipped }, skipped);
  return t('predict.shownAllSkipped', { rows: n, total: n + skipped, n: skipped }, skipped);
}

/**
 * "Did you mean “Married” for “married”?" after a column's unseen-categories warning, for
 * its values that differ from a known category only by letter case or spaces; '' for none
 * (found by a new user: "married" was warned about with no word of "Married").
 * @param similar UnseenCategoriesView's `similar` (absent when none)
 */
export function unseenSimilarText(
  similar: readonly { value: string; category: string }[] | undefined,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  if (!similar || similar.length === 0) return '';
  const pairs = similar
    .map((x) => t('predict.unseenSimilarPair', { category: x.category, value: x.value }))
    .join(t('predict.listSeparator'));
  return t('predict.unseenSimilar', { pairs });
}
