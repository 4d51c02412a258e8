/**
 * How the Predict view heads the rows of a CSV it predicted: "First 20 rows of the file"
 * when the file has more, "All 69 rows of the file" when the preview holds every row (found
 * by a new user: a 69-row file was headed "First 69 rows of the file").
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
