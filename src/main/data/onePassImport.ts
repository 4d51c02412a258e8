/**
 * The one-pass import of a large UTF-8 CSV file: each batch of rows is profiled
 * (ByteTableScan) and then written as statement text (ByteLiterals) in the same read of
 * the file, so SQLite inserts one batch in its thread while the next one is read and
 * profiled. Rows are written under SPECULATIVE types, inferred from the first batch of
 * the file (about 13 000 rows of a 10-column file); the exact types and the profiles are
 * settled from every row at the end, exactly as the two-pass import settles them, and the
 * dataset's columns are stored only then (NewDataset.completeColumns).
 *
 * The stored values depend only on a column's storage — number (numeric), 0/1 (boolean)
 * or trimmed text (categorical, text) — so the result is the two-pass import's whenever
 * every column's settled storage is its speculative one. When a later row contradicts a
 * speculation (a text in a column of numbers, "007" in one without leading zeros, "maybe"
 * in one of yes/no…), the one pass stops and rolls back ({@link SpeculationMiss}) and the
 * caller imports in two passes, reusing the finished statistics when the contradiction
 * is seen only at the end (a column empty in the first batch, a categorical column
 * becoming text keeps its storage and is no miss).
 */
import { noDataRowsError } from './csvErrors';
import type { ImportReread } from '../../shared/contract/datasets';
import type { ColumnType, DatasetInfo } from '../../shared/domain';
import type { DatasetStore, LiteralBatch, NewColumn, RowSource } from '../store/datasets';
import { throwIfCancelled } from './cancellation';
import { parseBoolean, type CellGrammar } from './cellValues';
import type { CsvFormat } from './csvFormat';
import {
  openCsvByteTable,
  type BadLines,
  type BadLinesSeen,
  type RenamedColumn,
  type UnnamedColumn,
} from './csvTable';
import type { ColumnStats } from './profile';
import {
  ByteTableScan,
  checkColumnNames,
  completeTextSketches,
  settleTypes,
  type ScanResult,
} from './scan';
import { ByteLiterals, LITERAL_BATCH_ROWS } from './typedRows';
import { defaultRole } from './inference';

/**
 * Files of at least this many bytes are imported in one pass (when UTF-8: canReadBytes).
 * Below it the two passes cost well under a second and keep the two-phase progress
 * ('scan', then 'write'); above it the one pass saves a whole read, split and decimal scan
 * of the file and lets SQLite insert while the file is read.
 */
export const ONE_PASS_MIN_BYTES = 8 * 2 ** 20;

/** Distinct texts past which a column cannot be boolean (true/false, yes/no, t/f in any case). */
const MAX_BOOLEAN_TEXTS = 64;

/**
 * The columns of a dataset from finished statistics, settled types, the row count and the
 * header's empty cells (importCsv's datasetColumns with its options and the file's
 * delimiter bound), shared by the one-pass and two-pass imports.
 */
export type ColumnsOf = (
  header: string[],
  stats: ColumnStats[],
  types: ColumnType[],
  rowCount: number,
  unnamed: readonly UnnamedColumn[],
) => NewColumn[];

/** A row contradicted the speculative types: rolled back; import in two passes instead. */
export class SpeculationMiss extends Error {
  /**
   * @param scan the finished statistics of every row, or null when the miss came earlier.
   * @param reread which column was contradicted and how (shown while the file is re-read).
   */
  constructor(
    readonly scan: ScanResult | null,
    readonly reread: ImportReread,
  ) {
    super(`a speculative column type did not hold (column "${reread.column}": ${reread.kind})`);
  }
}

/**
 * Why a one-pass import reads the file again, in English (CLI, logs; the wizard shows
 * its own translation, importReread.ts), e.g. 'column "x" has the text "oops" on line 25002'.
 */
export function describeReread(reread: ImportReread): string {
  const column = `column "${reread.column}"`;
  switch (reread.kind) {
    case 'text':
      return `${column} has the text "${reread.value}" on line ${reread.line}`;
    case 'leadingZero':
      return `${column} has a number written with a leading zero`;
    case 'notBoolean':
      return `${column} has "${reread.value}", which is not a yes/no value`;
    case 'type':
      return `${column} turned out to be ${reread.type} in its later rows`;
  }
}

/** Storage of a column type in the rows table: what decides its stored values. */
function storageOf(type: ColumnType): 'number' | 'boolean' | 'text' {
  return type === 'numeric' ? 'number' : type === 'boolean' ? 'boolean' : 'text';
}

/**
 * Null while the rows so far still allow `type`'s storage for a column whose type is
 * inferred: numbers without a leading zero for numeric, boolean words for boolean (text
 * storage holds anything); else what contradicted it. A column that fails can never turn back.
 */
function contradiction(column: string, stats: ColumnStats, type: ColumnType): ImportReread | null {
  if (type === 'numeric') {
    const example = stats.nonNumberExamples[0];
    // The byte scan records every non-number with its line (ByteTableScan.add).
    if (!stats.allNumbers && example !== undefined)
      return { column, kind: 'text', value: example.text, line: example.line ?? 0 };
    if (!stats.allNumbers) return { column, kind: 'type', type: 'categorical' };
    if (stats.leadingZero) return { column, kind: 'leadingZero' };
  }
  if (type === 'boolean') {
    for (const text of stats.texts.keys())
      if (parseBoolean(text) === null) return { column, kind: 'notBoolean', value: text };
    if (stats.textOverflow || stats.texts.size > MAX_BOOLEAN_TEXTS)
      return { column, kind: 'type', type: 'categorical' };
  }
  return null;
}

/**
 * Import a UTF-8 CSV file in one pass (module comment).
 * @param name the dataset's name (already checked free)
 * @param grammar the cell grammar of `options`
 * @param columnsOf the dataset's columns from finished statistics, settled types, the row
 *   count and the unnamed header cells (importCsv's, so both paths give the same profiles,
 *   notes and default roles)
 * @param load progress: rows written into statements so far (every PROGRESS_EVERY_ROWS
 *   rows, and all of them at the end) and file bytes read
 * @returns the stored dataset
 * @throws SpeculationMiss (nothing stored: import in two passes); otherwise as importCsv.
 */
export async function importOnePass(
  store: { datasets: Pick<DatasetStore, 'create'> },
  path: string,
  format: CsvFormat,
  name: string,
  grammar: CellGrammar,
  options: {
    signal?: AbortSignal;
    /** Types chosen by the user, by column name. */
    columnTypes?: Record<string, ColumnType>;
    /** Roles chosen by the user, by column name (only checked to name columns). */
    columnRoles?: Record<string, unknown>;
    /** Told the header's empty cells and their names (importCsv's onUnnamedColumns). */
    onUnnamedColumns?: (columns: UnnamedColumn[]) => void;
    /** Told the header's repeated names and their new names (importCsv's onRenamedColumns). */
    onRenamedColumns?: (columns: RenamedColumn[]) => void;
    /** Lines with a wrong field count: fail (default) or skip (importCsv's badLines). */
    badLines?: BadLines;
    /** Told the lines skipped, once the dataset is stored (importCsv's onSkippedLines). */
    onSkippedLines?: (skipped: BadLinesSeen) => void;
  },
  columnsOf: ColumnsOf,
  load?: (progress: { rows: number; bytes: number }) => void,
): Promise<DatasetInfo> {
  const { signal, columnTypes } = options;
  const table = await openCsvByteTable(path, format.dialect, format.hasHeader, {
    forDataset: true,
    badLines: options.badLines,
  });
  try {
    const { header, headerLine } = table;
    options.onUnnamedColumns?.(table.unnamed);
    options.onRenamedColumns?.(table.renamed);
    checkColumnNames(header, options.columnRoles, 'columnRoles', table.file);
    const scan = new ByteTableScan(table, { columnTypes, grammar, signal }, true);
    throwIfCancelled(signal);
    const first = await table.batches.next();
    if (first.done) {
      throw noDataRowsError(format.file, headerLine, table.badLines());
    }
    const firstBatch = first.value;
    scan.add(firstBatch, table.bytesRead);
    const speculative = settleTypes(header, scan.stats, scan.rowCount, columnTypes);
    const inferred = header.map((column) => columnTypes?.[column] === undefined);
    const literals = new ByteLiterals(table, speculative, grammar, signal, load);
    let completed: NewColumn[] | null = null;

    const checkSpeculation = (): void => {
      for (let i = 0; i < header.length; i++) {
        const reread = inferred[i] ? contradiction(header[i], scan.stats[i], speculative[i]) : null;
        if (reread !== null) throw new SpeculationMiss(null, reread);
      }
    };

    async function* literalBatches(): AsyncGenerator<LiteralBatch, void, undefined> {
      // The scan's marks are still the first batch's: nothing was scanned since.
      yield* literals.batch(firstBatch, table.bytesRead, scan.exactDecimals);
      for (;;) {
        const next = await table.batches.next();
        if (next.done) break;
        const batch = next.value;
        // Statement by statement, each profiled before it is written: errors come in the
        // two-pass import's order, a contradicted speculation stops before a cell is
        // written under it, and the store gets a statement every few hundred rows.
        for (let from = 0; from < batch.count; from += LITERAL_BATCH_ROWS) {
          const to = Math.min(batch.count, from + LITERAL_BATCH_ROWS);
          scan.add(batch, table.bytesRead, from, to);
          checkSpeculation();
          yield* literals.batch(batch, table.bytesRead, scan.exactDecimals, from, to);
        }
      }
      throwIfCancelled(signal);
      const types = settleTypes(header, scan.stats, scan.rowCount, columnTypes);
      const result: ScanResult = { rowCount: scan.rowCount, truncated: false, stats: scan.stats };
      const changed = types.findIndex((type, i) => storageOf(type) !== storageOf(speculative[i]));
      if (changed >= 0) {
        throw new SpeculationMiss(result, {
          column: header[changed],
          kind: 'type',
          type: types[changed],
        });
      }
      await completeTextSketches(
        () =>
          openCsvByteTable(path, format.dialect, format.hasHeader, {
            forDataset: true,
            badLines: options.badLines,
          }),
        scan.stats,
        types,
        { signal },
      );
      // Roles too are settled only now: a row index (inference.ts) needs every row.
      completed = columnsOf(header, scan.stats, types, scan.rowCount, table.unnamed);
      load?.({ rows: scan.rowCount, bytes: table.bytesRead() });
    }

    const batches = literalBatches();
    const rows: RowSource = {
      literalBatches: batches,
      [Symbol.asyncIterator]() {
        throw new Error('the one-pass import gives its rows as statement text only');
      },
    };
    try {
      const stored = await store.datasets.create(
        {
          name,
          sourceName: format.file,
          encoding: format.dialect.encoding,
          delimiter: format.dialect.delimiter,
          // The speculative types decide the rows table's storage; the rest (profiles,
          // notes, default roles such as a row index's 'ignore') is completed after the
          // last row, in the same transaction.
          columns: header.map((column, index) => ({
            index,
            name: column,
            type: speculative[index],
            role: defaultRole(speculative[index]),
            profile: { missing: 0, distinct: 0, numeric: null, topCategories: null },
          })),
          completeColumns: () => {
            if (completed === null) throw new Error('columns completed before the last row');
            return completed;
          },
        },
        rows,
      );
      const skipped = table.badLines();
      if (skipped.count > 0) options.onSkippedLines?.(skipped);
      return stored;
    } finally {
      await batches.return();
    }
  } finally {
    await table.close();
  }
}
