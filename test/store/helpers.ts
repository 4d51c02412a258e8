/** Shared fixtures of the store tests: temp folders, a small dataset definition, the raw connection. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnProfile } from '../../src/shared/domain';
import type { Database } from '../../src/main/store/database';
import type { CellValue, NewDataset, ProjectStore } from '../../src/main/store/projectStore';

/** A fresh folder under the OS temp dir; `cleanup` removes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const emptyProfile: ColumnProfile = {
  missing: 0,
  distinct: 0,
  numeric: null,
  topCategories: null,
};

/** Four columns covering every stored SQL type: REAL, INTEGER (boolean), TEXT. */
export function irisLikeDataset(sourceName = 'iris.csv'): NewDataset {
  return {
    name: 'Iris',
    sourceName,
    encoding: 'utf-8',
    delimiter: ',',
    columns: [
      {
        index: 0,
        name: 'sepal length',
        type: 'numeric',
        role: 'input',
        profile: {
          ...emptyProfile,
          numeric: { min: 4.3, max: 7.9, mean: 5.8, std: 0.8, histogram: [] },
        },
      },
      { index: 1, name: 'is big', type: 'boolean', role: 'input', profile: emptyProfile },
      {
        index: 2,
        name: 'species',
        type: 'categorical',
        role: 'input',
        profile: { ...emptyProfile, topCategories: [{ value: 'setosa', count: 2 }] },
      },
      { index: 3, name: 'note', type: 'text', role: 'ignore', profile: emptyProfile },
    ],
  };
}

/** Rows matching {@link irisLikeDataset}. */
export const irisRows: CellValue[][] = [
  [5.1, 0, 'setosa', 'first'],
  [7.0, 1, 'versicolor', null],
  [6.3, 1, 'virginica', 'Big_one 100%'],
  [null, 0, 'setosa', 'tiny'],
  [4.9, 0, null, 'FIRST again'],
];

/** Async iterable over `rows`, throwing `error` before row `failAt` (1-based) if given. */
export async function* rowSource(
  rows: Iterable<CellValue[]>,
  failAt?: number,
  error: Error = new Error('parse error'),
): AsyncGenerator<CellValue[]> {
  let n = 0;
  for (const row of rows) {
    n += 1;
    if (failAt !== undefined && n === failAt) throw error;
    yield row;
  }
}

/** The store's own connection, to look at what the public API does not show. */
export function rawDb(s: ProjectStore): Database {
  return (s as unknown as { db: Database }).db;
}

/** The names of the project file's tables, sorted. */
export async function tableNames(s: ProjectStore): Promise<string[]> {
  const rows = await rawDb(s).all<{ name: string }>(
    "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
  );
  return rows.map((r) => r.name);
}
