/**
 * The Predict view's default id column (shared/predictIdColumn.ts) and the wording a new user
 * met beside it: a missing input column and a class under the folds, in the singular and the
 * plural. Expected values are written by hand from the zoo table described in each case and
 * from the English strings of src/renderer/src/i18n.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/shared/datasets';
import { MtlError, reasonDetails } from '../../src/shared/errors';
import { datasetIdentifierColumns, defaultIdColumn } from '../../src/shared/predictIdColumn';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';

const { t, te } = i18n.global;

afterEach(() => {
  i18n.global.locale.value = 'en';
});

/** A column of a 6-row dataset: `distinct` values, `missing` cells. */
function column(
  name: string,
  type: ColumnInfo['type'],
  role: ColumnInfo['role'],
  distinct: number,
  missing = 0,
): Pick<ColumnInfo, 'name' | 'type' | 'role' | 'profile'> {
  return {
    name,
    type,
    role,
    profile: { missing, distinct, numeric: null, topCategories: null },
  };
}

// The new user's zoo table, 6 rows: `animal` one name per row (imported as text, ignored),
// `legs` and `tail` inputs, `type`/`aquatic`/`predator` tasks' targets, `n` a row index
// (ignored numeric, 6 distinct), `habitat` ignored text with 3 values.
const zoo = {
  rowCount: 6,
  columns: [
    column('n', 'numeric', 'ignore', 6),
    column('animal', 'text', 'ignore', 6),
    column('legs', 'numeric', 'input', 4),
    column('tail', 'boolean', 'input', 2),
    column('habitat', 'text', 'ignore', 3),
    column('type', 'categorical', 'target', 4),
    column('aquatic', 'boolean', 'target', 2),
    column('predator', 'boolean', 'target', 2),
  ],
};

describe('datasetIdentifierColumns', () => {
  it('lists the ignored columns of one value per row, names before numbers', () => {
    // animal (text, 6 of 6) before n (numeric, 6 of 6); habitat (3 of 6) and the inputs and
    // targets are not identifiers.
    expect(datasetIdentifierColumns(zoo)).toEqual(['animal', 'n']);
  });

  it('passes over a column with a missing cell, an estimated count or too few rows', () => {
    // 6 distinct values but 1 missing cell: 7 rows, so not one per row.
    const gappy = { rowCount: 7, columns: [column('animal', 'text', 'ignore', 6, 1)] };
    expect(datasetIdentifierColumns(gappy)).toEqual([]);
    const estimated = {
      rowCount: 6,
      columns: [
        {
          ...column('animal', 'text', 'ignore', 6),
          profile: { ...column('animal', 'text', 'ignore', 6).profile, distinctEstimated: true },
        },
      ] as Pick<ColumnInfo, 'name' | 'type' | 'role' | 'profile'>[],
    };
    expect(datasetIdentifierColumns(estimated)).toEqual([]);
    // One row: every column has one value per row.
    expect(
      datasetIdentifierColumns({ rowCount: 1, columns: [column('a', 'text', 'ignore', 1)] }),
    ).toEqual([]);
  });
});

describe('defaultIdColumn', () => {
  const header = ['animal', 'legs', 'tail'];

  it('preselects the dataset’s identifier the file has', () => {
    expect(defaultIdColumn(header, ['animal', 'n'])).toBe('animal');
    // The file lacks animal: the next identifier it has, else none.
    expect(defaultIdColumn(['n', 'legs', 'tail'], ['animal', 'n'])).toBe('n');
    expect(defaultIdColumn(['legs', 'tail'], ['animal', 'n'])).toBeNull();
  });

  it('keeps a column named "id" (any case) first, as `mtl-studio predict` always did', () => {
    expect(defaultIdColumn(['legs', 'ID', 'animal'], ['animal'])).toBe('ID');
    // No dataset (a bundle predicting alone): only "id".
    expect(defaultIdColumn(header)).toBeNull();
  });

  it('passes over a column named as one the predictions write', () => {
    // A file whose `type` column is an identifier of its dataset: `type` is a task's column.
    expect(defaultIdColumn(['type', 'animal'], ['type', 'animal'], ['row', 'type'])).toBe('animal');
    expect(defaultIdColumn(['row'], ['row'], ['row', 'type'])).toBeNull();
  });
});

describe('the wording around Predict', () => {
  it('says "add it" for one missing column and "add them" for two', () => {
    const missing = (columns: string[]) =>
      describeError(
        new MtlError(
          'BAD_REQUEST',
          'lacks',
          reasonDetails('PREDICT_MISSING_COLUMNS', {
            file: 'predict-nolegs.csv',
            columns: columns.join(', '),
            reads: 'legs, tail',
            count: columns.length,
          }),
        ),
        t,
        te,
      ).headline;
    expect(missing(['tail'])).toBe(
      'The model reads legs, tail; “predict-nolegs.csv” lacks the column tail: add it, named as in training, or tick “Impute input columns the file lacks” to read it as missing in every row',
    );
    expect(missing(['legs', 'tail'])).toBe(
      'The model reads legs, tail; “predict-nolegs.csv” lacks the 2 columns legs, tail: add them, named as in training, or tick “Impute input columns the file lacks” to read them as missing in every row',
    );
  });

  it('names both sides, not the box, when imputing finds none of the model’s columns', () => {
    // Found by a new user: with "Impute input columns the file lacks" ticked, the refusal of a
    // file with none of the 11 columns advised to tick it. Expected sentences by hand.
    const none = (count: number, reads: string) =>
      describeError(
        new MtlError(
          'BAD_REQUEST',
          'none',
          reasonDetails('PREDICT_NO_INPUT_COLUMNS', {
            file: 'visits.csv',
            count,
            reads,
            header: 'id, date, ward',
          }),
        ),
        t,
        te,
      ).headline;
    expect(none(11, 'SEX, AGE, BMI, BP, S1, …')).toBe(
      'No input column of the model is in “visits.csv”: the model reads 11 columns (SEX, AGE, BMI, BP, S1, …); the file’s columns are id, date, ward. Imputing them all would predict every row from the training data’s defaults alone: name the file’s columns as in training.',
    );
    expect(none(1, 'AGE')).toBe(
      'No input column of the model is in “visits.csv”: the model reads the column AGE; the file’s columns are id, date, ward. Imputing it would predict every row from the training data’s defaults alone: name the file’s column as in training.',
    );
    expect(none(11, 'SEX')).not.toContain('tick');
  });

  it('says "1 fold tests" and "2 of the folds test" under the folds', () => {
    const warning = (rows: number, folds: number) =>
      t(
        'train.classBelowFolds',
        {
          task: 'type',
          cls: 'bird',
          n: rows,
          folds,
          testless: t('train.classBelowFoldsTestless', { without: folds - rows }, folds - rows),
        },
        rows,
      );
    // 1 row of bird, 2 folds: 2 − 1 = 1 fold without it.
    expect(warning(1, 2)).toBe(
      '“type”: its smallest class “bird” has 1 labelled row, fewer than the 2 folds: at least 1 fold tests on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores.',
    );
    // 3 rows, 5 folds: 2 folds without it.
    expect(warning(3, 5)).toContain('fewer than the 5 folds: at least 2 of the folds test on no');
  });
});
