/**
 * Which column of a file to predict is its id column by default (written beside each row's
 * predictions, so that they can be matched to the file's rows). One rule for the studio's
 * Predict view and `mtl-studio predict` (export/predictCsv.ts).
 */
import type { ColumnInfo } from './datasets';

/**
 * The columns a dataset's import set aside as identifiers: ignored columns (role 'ignore',
 * as the import gives a text column or a row index, src/main/data/inference.ts) that hold a
 * value in every row, each row's its own (exactly counted `profile.distinct` equal to
 * `rowCount`, none missing), e.g. `animal` = aardvark, antelope, … of a zoo table. Text and
 * categorical columns come before numeric ones (a name says more than a row number), each
 * group in the dataset's column order. Image columns never qualify.
 * @param dataset the dataset's row count and columns (ColumnInfo's name, type, role, profile).
 * @returns the names, possibly empty; empty for a dataset of fewer than 2 rows (one value
 *   is distinct in any column).
 */
export function datasetIdentifierColumns(dataset: {
  rowCount: number;
  columns: readonly Pick<ColumnInfo, 'name' | 'type' | 'role' | 'profile'>[];
}): string[] {
  if (dataset.rowCount < 2) return [];
  const found = dataset.columns.filter(
    (c) =>
      c.role === 'ignore' &&
      c.type !== 'image' &&
      c.profile.missing === 0 &&
      c.profile.distinctEstimated !== true &&
      c.profile.distinct === dataset.rowCount,
  );
  return [
    ...found.filter((c) => c.type !== 'numeric'),
    ...found.filter((c) => c.type === 'numeric'),
  ].map((c) => c.name);
}

/**
 * The default id column of a file to predict: a header column named "id" (any case), else
 * the first of `identifiers` (see {@link datasetIdentifierColumns}) the header has, else
 * none. A column named as one the predictions write (`reserved`: `row`, a task's columns)
 * is passed over, as it would be refused as the id (PREDICT_ID_COLUMN_CLASH).
 * @param header the file's column names as read.
 * @param identifiers the run's dataset's identifier columns, in order of preference; empty
 *   when there is no dataset (a bundle predicts alone).
 * @param reserved the column names the predictions write.
 * @returns the column's name as the header writes it, or null for none.
 */
export function defaultIdColumn(
  header: readonly string[],
  identifiers: readonly string[] = [],
  reserved: readonly string[] = [],
): string | null {
  const free = (name: string) => !reserved.includes(name);
  const named = header.find((h) => h.toLowerCase() === 'id' && free(h));
  if (named !== undefined) return named;
  return identifiers.find((name) => header.includes(name) && free(name)) ?? null;
}
