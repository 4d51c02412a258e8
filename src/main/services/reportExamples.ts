/**
 * The report's examples of what a run classified: for an image dataset, test images
 * classified correctly and wrongly (with their thumbnails); for a table, the test rows it
 * classified wrongly with the most confidence, with the input values the model was given.
 * Outcomes come from the run's stored test predictions (services/confusionRows.ts).
 */
import type { ColumnInfo, RunInfo } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { booleanNamesOfColumn } from '../data/cellValues';
import type {
  ReportImage,
  ReportRow,
  ReportTaskImages,
  ReportTaskRows,
} from '../export/reportData';
import type { FittedPreprocessing } from '../engine/preprocessing';
import type { CellValue } from '../store/datasets';
import type { ProjectStore } from '../store/projectStore';
import { dataUrl } from './assets';
import { testOutcomes, type TestOutcome } from './confusionRows';

/** Most confident first, ties by ascending row id. */
const byConfidence = (a: TestOutcome, b: TestOutcome): number =>
  b.confidence - a.confidence || a.rowId - b.rowId;

/**
 * A task's test outcomes split by outcome (each most confident first), or null when the
 * run's predictions or the task's definition are gone (NOT_FOUND from testOutcomes).
 */
async function outcomesOf(
  store: ProjectStore,
  runId: number,
  name: string,
): Promise<{ classes: string[]; correct: TestOutcome[]; wrong: TestOutcome[] } | null> {
  const found = await testOutcomes(store, runId, name).catch((err: unknown) => {
    if (err instanceof MtlError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (!found) return null;
  return {
    classes: found.task.classes,
    correct: found.outcomes.filter((o) => o.trueClass === o.predictedClass).sort(byConfidence),
    wrong: found.outcomes.filter((o) => o.trueClass !== o.predictedClass).sort(byConfidence),
  };
}

/** Test images the report shows per task and outcome (correct, wrong). */
export const REPORT_IMAGES_PER_OUTCOME = 4;

/**
 * For a run on an image dataset: per task, the test images it classified correctly and
 * wrongly, the {@link REPORT_IMAGES_PER_OUTCOME} most confident of each (ties by row id),
 * with their stored thumbnails.
 * A task whose predictions or definition are gone is left out.
 * @param column the dataset's image column.
 */
export async function reportImages(
  store: ProjectStore,
  run: RunInfo,
  column: string,
): Promise<ReportTaskImages[]> {
  const dataset = await store.datasets.get(run.datasetId);
  const pathAt = dataset.columns.findIndex((c) => c.name === column);
  const out: ReportTaskImages[] = [];
  for (const name of run.tasks) {
    const found = await outcomesOf(store, run.id, name);
    if (!found) continue;
    const { classes, correct, wrong } = found;
    const chosen = [
      ...correct.slice(0, REPORT_IMAGES_PER_OUTCOME),
      ...wrong.slice(0, REPORT_IMAGES_PER_OUTCOME),
    ];
    const ids = chosen.map((o) => o.rowId);
    const [thumbnails, rows] =
      ids.length > 0
        ? await Promise.all([
            store.assets.thumbnails(run.datasetId, ids, column),
            store.datasets.readRows(run.datasetId, { offset: 0, limit: ids.length, rowIds: ids }),
          ])
        : [[], { rows: [] }];
    const thumbOf = new Map(thumbnails.map((th) => [th.rowId, dataUrl(th.mime, th.data)]));
    const pathOf = new Map(rows.rows.map((r) => [r.rowId, String(r.values[pathAt] ?? '')]));
    const image = (o: TestOutcome): ReportImage[] => {
      const url = thumbOf.get(o.rowId);
      return url
        ? [
            {
              rowId: o.rowId,
              path: pathOf.get(o.rowId) ?? '',
              trueLabel: classes[o.trueClass],
              predictedLabel: classes[o.predictedClass],
              confidence: o.confidence,
              dataUrl: url,
            },
          ]
        : [];
    };
    out.push({
      task: name,
      correct: correct.slice(0, REPORT_IMAGES_PER_OUTCOME).flatMap(image),
      wrong: wrong.slice(0, REPORT_IMAGES_PER_OUTCOME).flatMap(image),
      correctTotal: correct.length,
      wrongTotal: wrong.length,
    });
  }
  return out;
}

/** Wrongly classified test rows the report shows per task of a table run. */
export const REPORT_WRONG_ROWS = 5;

/** Input values shown per row; the rest are counted ("… and 7 more"). */
export const REPORT_ROW_INPUTS = 12;

/** Characters of a text value shown (longer ones end in "…"). */
const REPORT_TEXT_CHARS = 40;

/**
 * For a run on a table: per task, the {@link REPORT_WRONG_ROWS} test rows it classified
 * wrongly with the highest confidence (ties by row id) — the rows a user looks at first,
 * as Orange's Predictions widget lists rows beside their inputs — each with its true and
 * predicted class and the values of the model's input columns (the stored preprocessing's
 * encoded columns, in the dataset's column order, at most {@link REPORT_ROW_INPUTS}; a
 * pixel image's columns left out).
 * A task whose predictions or definition are gone is left out.
 * @param preprocessing the run's stored model preprocessing (FittedPreprocessing as saved);
 *   without readable encoders no input value is shown.
 */
export async function reportRows(
  store: ProjectStore,
  run: RunInfo,
  preprocessing: unknown,
): Promise<ReportTaskRows[]> {
  const dataset = await store.datasets.get(run.datasetId);
  const encoders = (preprocessing as Partial<FittedPreprocessing> | null | undefined)?.encoders;
  const used = new Set(Array.isArray(encoders) ? encoders.map((e) => e.column) : []);
  // Pixel columns (px0 … px783) say nothing one by one: left out.
  for (const pixel of dataset.pixelImage?.columns ?? []) used.delete(pixel);
  const inputs = dataset.columns
    .map((column, at) => ({ column, at }))
    .filter(({ column }) => used.has(column.name));
  const out: ReportTaskRows[] = [];
  for (const name of run.tasks) {
    const found = await outcomesOf(store, run.id, name);
    if (!found) continue;
    const { classes, correct, wrong } = found;
    const shown = wrong.slice(0, REPORT_WRONG_ROWS);
    const ids = shown.map((o) => o.rowId);
    const page =
      ids.length > 0
        ? await store.datasets.readRows(run.datasetId, {
            offset: 0,
            limit: ids.length,
            rowIds: ids,
            count: false,
            maxTextLength: REPORT_TEXT_CHARS,
          })
        : { rows: [] };
    const rowOf = new Map(page.rows.map((r) => [r.rowId, r]));
    const rows: ReportRow[] = shown.map((o) => {
      const row = rowOf.get(o.rowId);
      return {
        rowId: o.rowId,
        trueLabel: classes[o.trueClass],
        predictedLabel: classes[o.predictedClass],
        confidence: o.confidence,
        inputs: inputs.slice(0, REPORT_ROW_INPUTS).map(({ column, at }) => ({
          column: column.name,
          value: shownValue(row?.values[at] ?? null, column, row?.cut?.includes(at) ?? false),
        })),
        moreInputs: Math.max(0, inputs.length - REPORT_ROW_INPUTS),
      };
    });
    out.push({
      task: name,
      wrong: rows,
      wrongTotal: wrong.length,
      testTotal: correct.length + wrong.length,
    });
  }
  return out;
}

/**
 * A stored cell as the report prints it: null for a missing value; a boolean column's
 * 0/1 as the file spelled it (its profile's names); a number as stored; text as stored,
 * "…" after a value cut to its first characters.
 */
function shownValue(value: CellValue, column: ColumnInfo, cut: boolean): string | null {
  if (value === null) return null;
  if (column.type === 'boolean' && typeof value === 'number') {
    return booleanNamesOfColumn(column)[value === 0 ? 0 : 1];
  }
  return cut ? `${String(value)}…` : String(value);
}
