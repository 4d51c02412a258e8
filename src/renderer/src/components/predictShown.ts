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
 * The heading of a table preview's rows.
 * @param preview its rows and whether the file has more (`truncated`)
 */
export function predictShownText(
  preview: Pick<PredictionPreview, 'rows' | 'truncated'>,
  t: Translate,
): string {
  const n = preview.rows.length;
  return t(preview.truncated ? 'predict.shown' : 'predict.shownAll', { n }, n);
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
