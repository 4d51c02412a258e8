/**
 * In-memory stand-in for a project's `datasets.create` and `datasets.list`, for CSV
 * import tests:
 * it collects the rows and keeps the dataset only when the row iterable ends normally
 * (like the real store's transaction, which rolls back when the iterable throws).
 */
import { fileURLToPath } from 'node:url';
import type { DatasetInfo } from '../../src/shared/domain';
import type { CellValue, NewDataset } from '../../src/main/store/projectStore';
import type { DatasetWriter } from '../../src/main/data/importCsv';

export interface StoredDataset {
  dataset: NewDataset;
  rows: CellValue[][];
}

export class FakeStore implements DatasetWriter {
  /** What was stored, oldest first. */
  readonly stored: StoredDataset[] = [];
  /** The part of ProjectStore.datasets an import uses. */
  readonly datasets = {
    create: this.create.bind(this),
    list: this.list.bind(this),
  };

  private async create(
    dataset: NewDataset,
    rows: AsyncIterable<CellValue[]>,
    onRows?: (rowsWritten: number) => void,
  ): Promise<DatasetInfo> {
    const collected: CellValue[][] = [];
    for await (const row of rows) {
      collected.push(row);
      onRows?.(collected.length);
    }
    this.stored.push({ dataset, rows: collected });
    return {
      id: this.stored.length,
      name: dataset.name,
      sourceName: dataset.sourceName,
      encoding: dataset.encoding,
      delimiter: dataset.delimiter,
      rowCount: collected.length,
      columns: dataset.columns,
      importedAt: new Date(0).toISOString(),
      pixelImage: null,
      // A fake's stamp: one per stored dataset (never rewritten here).
      contentVersion: String(this.stored.length),
    };
  }

  /** The stored datasets, oldest first (ids 1, 2, …), like ProjectStore.datasets.list. */
  private async list(): Promise<DatasetInfo[]> {
    return this.stored.map(({ dataset, rows }, i) => ({
      id: i + 1,
      name: dataset.name.trim(),
      sourceName: dataset.sourceName,
      encoding: dataset.encoding,
      delimiter: dataset.delimiter,
      rowCount: rows.length,
      columns: dataset.columns,
      importedAt: new Date(0).toISOString(),
      pixelImage: null,
      contentVersion: String(i + 1),
    }));
  }

  /** Rows of the only stored dataset. */
  onlyRows(): CellValue[][] {
    if (this.stored.length !== 1) throw new Error(`expected 1 dataset, have ${this.stored.length}`);
    return this.stored[0].rows;
  }
}

/** Path of a fixture under test/fixtures/csv (or test/fixtures for the real datasets). */
export function fixture(name: string): string {
  const folder = name === 'penguins.csv' || name === 'income_marketing.csv' ? '' : 'csv/';
  return fileURLToPath(new URL(`../fixtures/${folder}${name}`, import.meta.url));
}
