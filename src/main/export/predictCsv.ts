/**
 * Predicting the rows of a CSV file with a model ({@link predictCsv}): the file's encoding
 * and dialect settled as an import settles them (data/csvFormat.ts; without `--encoding`,
 * the encoding the model's dataset was imported with), the model's columns found in its
 * header, the cells read with the import's grammar under each column's training type, and
 * the input columns kept in the output ({@link keptColumns}). Streamed in batches through
 * predict.ts's batch predictor: memory stays bounded by one batch.
 */
import { throwIfCancelled } from '../data/cancellation';
import {
  CellTypeError,
  cellGrammar,
  numericCellReader,
  pointDotCellReader,
  toCellValue,
  type CellGrammar,
  type CellGrammarOptions,
  decimalCommaHint,
  trimCell,
} from '../data/cellValues';
import type { ColumnType } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { csvError, noDataRowsError } from '../data/csvErrors';
import { resolveCsvFormat, type CsvFormatOptions } from '../data/csvFormat';
import { encodingNotes, type EncodingNote } from '../data/encodingNotes';
import { openCsvTable, type BadLines } from '../data/csvTable';
import type { EncodingGuess } from '../data/encodingDetect';
import type { KnownRows } from '../data/duplicateRows';
import { resolveEncodingName } from '../data/encodingNames';
import type { RawCell } from '../engine/preprocessing';
import { batchPredictor, refuseImageModel, type Predictor } from './predict';
import type { PredictPassOptions, PredictSummary } from './predictPass';
import { delimiterHint, refuseAmbiguousColumns, similarColumns } from './predictHeader';

// Where tests and callers have imported it from.
export { similarColumns };
import { openOutput, outputGuard, predictionLayout } from './predictOutput';
import { defaultIdColumn } from '../../shared/predictIdColumn';
import { ScoreTally, scoredTasks } from './predictScores';

/** Options of {@link predictCsv}. */
export interface PredictCsvOptions
  extends CsvFormatOptions, CellGrammarOptions, PredictPassOptions {
  /**
   * Column copied to the output as the row's id; null: none; default: the header's column
   * named "id", else the first of `identifierColumns` it has (shared/predictIdColumn.ts).
   */
  idColumn?: string | null;
  /**
   * The run's dataset's identifier columns (shared/predictIdColumn.ts
   * datasetIdentifierColumns), candidates for the default id column; default none.
   */
  identifierColumns?: readonly string[];
  /**
   * Input columns copied as they are into the predictions, after the row and id and before
   * the predictions, in the file's order (whatever order they are named in): names of the
   * header, or 'all' (every column but the id column, written already). One with the name of
   * a column the predictions write (a checking file's task column) is written as
   * `<name> (input)` (predictOutput.ts predictionLayout). Default: none.
   */
  keepColumns?: readonly string[] | 'all';
  /**
   * The model's input columns the file lacks: 'refuse' (default) refuses the file, naming
   * them; 'impute' reads each as missing in every row, so the model imputes it as it
   * imputes a missing cell (the fitted preprocessing: training mean, missing indicator, no
   * category), as Orange does — listed as the summary's `missingColumns`. A file that lacks
   * every input column is refused either way (its predictions would rest on nothing of it).
   */
  missingColumns?: 'refuse' | 'impute';
  /**
   * A data line whose field count differs from the header's: 'error' (default) refuses the
   * file once it is read, naming how many and where (data/csvTable.ts); 'skip' predicts the
   * other rows (those lines are absent from the output, each row keeping its number; the
   * summary's `skippedLines` says which), as `import --bad-lines` does.
   */
  badLines?: BadLines;
  /**
   * Whether the caller offers to skip bad lines (the CLI's `--bad-lines skip`): only then
   * does a bad line's error name that choice and carry its remedy. Default false.
   */
  badLinesSkippable?: boolean;
  /** Rows per forward pass (default 8192). */
  batchRows?: number;
  /**
   * A project run's training rows over the model's input columns (services/exports.ts
   * runTrainingRows), read only when the file has a task's target column: the scores then
   * count the scored rows equal to one of them (TaskScore.trainingRows). Absent (a bundle):
   * not counted.
   */
  trainingRows?: () => Promise<KnownRows>;
  /**
   * Stop after this many rows (the Predict view's preview); a row past them is read, not
   * predicted, and sets the summary's `more`.
   */
  limit?: number;
  onProgress?: (rows: number) => void;
  /**
   * Called once the file's reading is settled, before its header is read, with the remarks
   * on its encoding (data/encodingNotes.ts; `summary.encodingNotes` holds them too).
   */
  onEncoding?: (notes: EncodingNote[], encoding: string) => void;
  /**
   * Called once the header is checked (the model's columns, the id and the kept columns
   * found), before the first row is read: a usage error comes before it.
   */
  onStart?: () => void;
}

/**
 * How the cells of an input column are read: numbers through the fast numeric reader,
 * other types as the import reads them (data/cellValues.ts); with `pointDot` (a column of
 * Predictor.pointDotColumns) "1.000" reads as 1 under a decimal comma, as it was imported.
 * @returns raw cell text → stored value; throws CellTypeError for a value of another type.
 */
function cellReader(
  type: ColumnType,
  grammar: CellGrammar,
  pointDot = false,
): (raw: string) => RawCell {
  if (type === 'numeric')
    return pointDot ? pointDotCellReader(grammar) : numericCellReader(grammar);
  return (raw) => toCellValue(raw, type, grammar);
}

/** How many of the model's columns, and of the file's, the refusal below names. */
const NAMED_COLUMNS = { model: 5, file: 8 };

/** `names` quoted, the first `shown` of them, then "…" when there are more. */
function someNames(names: readonly string[], shown: number, quote: (n: string) => string): string {
  const listed = names.slice(0, shown).map(quote).join(', ');
  return names.length > shown ? `${listed}, …` : listed;
}

/**
 * The refusal of a file that has none of the model's input columns although imputing the
 * missing ones was asked (`missingColumns: 'impute'`): MtlError('BAD_REQUEST') of reason
 * PREDICT_NO_INPUT_COLUMNS, naming a few of the model's columns and of the file's.
 * @param inputs the model's input columns (all missing from the file).
 * @param header the file's columns as its header names them.
 * @param delimiter the delimiter hint (predictHeader.ts delimiterHint), '' when none.
 */
function noInputColumnsError(
  file: string,
  inputs: readonly string[],
  header: readonly string[],
  delimiter: string,
): MtlError {
  const quoted = (n: string) => `"${n}"`;
  const reads = someNames(inputs, NAMED_COLUMNS.model, quoted);
  const columns = someNames(header, NAMED_COLUMNS.file, quoted);
  return new MtlError(
    'BAD_REQUEST',
    `${file} has none of the model's ${inputs.length} input columns (it reads ${reads}); its columns are ${columns}. Imputing them all would predict every row from the training data's defaults alone: name the file's columns as in training.${delimiter}`,
    reasonDetails(
      'PREDICT_NO_INPUT_COLUMNS',
      {
        file,
        count: inputs.length,
        reads: someNames(inputs, NAMED_COLUMNS.model, (n) => n),
        header: someNames(header, NAMED_COLUMNS.file, (n) => n),
      },
      { file, missing: [...inputs], delimiterHinted: delimiter !== '' },
    ),
  );
}

/**
 * Predicts every row of a CSV file, streaming: memory stays bounded by one batch.
 * Columns are matched by name (extra columns are ignored).
 * @returns rows predicted, time, and the output's columns.
 * A header name written twice is renamed as an import renames it (`a`, `b`, `a.1`;
 * `renamedColumns`). Without `encoding`, the file is read in the encoding the model's
 * dataset was imported with (`predictor.csvEncoding`) unless it is certainly another (a
 * byte-order mark, valid UTF-8): see data/encodingDetect.ts chooseEncoding; `encodingNotes` say
 * which.
 * @throws MtlError('BAD_REQUEST') naming the model's input columns the file lacks (unless
 *   `missingColumns` is 'impute' and it has one at least; with 'impute' and none, reason
 *   PREDICT_NO_INPUT_COLUMNS names a few of the model's columns and the file's), or one it
 *   reads whose name the header repeats (predictHeader.ts refuseAmbiguousColumns);
 *   MtlError('CSV_PARSE') naming file, line and column of a value that does not parse
 *   under the column's training type; NOT_FOUND for a missing file; IMPORT_CANCELLED
 *   when `signal` aborts.
 */
export async function predictCsv(
  predictor: Predictor,
  path: string,
  options: PredictCsvOptions = {},
): Promise<PredictSummary> {
  const started = performance.now();
  refuseImageModel(predictor, path);
  // Without an encoding given, the one the model's dataset was imported with, unless the
  // file is certainly another (found by a new user: a windows-1254 model read its
  // windows-1254 file as windows-1252 and half of its labels changed, exit 0).
  const defaultEncoding = options.defaultEncoding ?? predictor.csvEncoding;
  const format = await resolveCsvFormat(path, {
    ...options,
    defaultEncoding,
    purpose: 'predict',
  }).catch((error: unknown) => {
    throw undecodableDefault(error, options.encoding, defaultEncoding);
  });
  const notes = encodingNotes(format, options.encoding, 'predict');
  options.onEncoding?.(notes, format.dialect.encoding);
  // The output first: a folder or an unwritable path is refused before any row is read.
  const output = openOutput(options.output, outputGuard(predictor, path));
  let table: Awaited<ReturnType<typeof openCsvTable>>;
  try {
    // A repeated header name is renamed as an import renames it (a, b, a.1), and refused
    // below only when the model reads it.
    table = await openCsvTable(path, format.dialect, format.hasHeader, {
      renameDuplicates: true,
      purpose: 'predict',
      badLines: options.badLines,
      badLinesSkippable: options.badLinesSkippable ?? false,
    });
  } catch (error) {
    await output.discard();
    throw error;
  }
  try {
    const position = new Map(table.header.map((name, i) => [name, i]));
    refuseAmbiguousColumns(table.file, table.renamed, [
      ...predictor.columns.map((c) => c.name),
      ...(options.idColumn == null ? [] : [options.idColumn]),
    ]);
    const missing = predictor.columns.filter((c) => !position.has(c.name)).map((c) => c.name);
    const imputed =
      options.missingColumns === 'impute' && missing.length < predictor.columns.length
        ? missing
        : [];
    if (missing.length > 0 && imputed.length === 0) {
      const similar = similarColumns(missing, table.header);
      const reads = predictor.columns.map((c) => c.name).join(', ');
      const delimiter = delimiterHint(table.header, format.dialect.delimiter);
      const lacks = `${table.file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that the model reads (it reads ${reads}).${delimiter}${otherEncodingHint(format.encodingGuess, defaultEncoding)}`;
      const similarText = similar.map((s) => `"${s.header}" for "${s.column}"`).join(', ');
      if (options.missingColumns === 'impute' && similar.length === 0) {
        // Imputing was asked, but no input column is in the file (found by a new user: the
        // refusal then advised to tick the box already ticked): imputing them all would predict
        // every row from the training data's defaults alone. Likely another file, or another
        // delimiter or header row.
        throw noInputColumnsError(table.file, missing, table.header, delimiter);
      }
      throw new MtlError(
        'BAD_REQUEST',
        similar.length > 0
          ? `${lacks} Did you mean ${similarText}? Columns are matched by their exact name: rename ${similar.length > 1 ? 'them' : 'it'} in the file as in training.`
          : lacks,
        similar.length > 0
          ? reasonDetails(
              'PREDICT_MISSING_COLUMNS_SIMILAR',
              { file: table.file, columns: missing.join(', '), reads, similar: similarText },
              { file: table.file, missing, similar, delimiterHinted: delimiter !== '' },
            )
          : reasonDetails(
              'PREDICT_MISSING_COLUMNS',
              { file: table.file, columns: missing.join(', '), reads, count: missing.length },
              { file: table.file, missing, delimiterHinted: delimiter !== '' },
            ),
      );
    }
    const idColumn =
      options.idColumn !== undefined
        ? options.idColumn
        : defaultIdColumn(
            table.header,
            options.identifierColumns,
            // The names the predictions write, which an id column may not take.
            predictionLayout(predictor, {
              idColumn: null,
              allProbs: options.allProbs,
              inputsMissing: true,
            }).columns,
          );
    if (idColumn !== null && !position.has(idColumn)) {
      throw new MtlError(
        'BAD_REQUEST',
        `${table.file} has no id column "${idColumn}".`,
        reasonDetails('PREDICT_NO_ID_COLUMN', { file: table.file, column: idColumn }),
      );
    }
    const keep = keptColumns(table.file, table.header, idColumn, options.keepColumns);
    // A kept column of a prediction's name (a checking file's answers) as `species (input)`.
    const { columns, kept: keptNames } = predictionLayout(predictor, {
      idColumn,
      allProbs: options.allProbs,
      inputsMissing: true,
      kept: keep.map((k) => k.name),
    });
    options.onStart?.();
    // The header is written with the first batch's rows once they are computed: on stdout
    // (written directly, not through a temporary file) a value that does not parse, or a
    // pass that fails, in the first batch then leaves nothing printed.
    // The import's decimal comma, as the model's columns kept it, unless told otherwise.
    const grammar = cellGrammar({
      ...options,
      decimalComma: options.decimalComma ?? predictor.decimalComma ?? false,
    });
    // An imputed column (not in the file) is missing in every row.
    const inputs = predictor.columns.map((c) => ({
      ...c,
      at: position.get(c.name) ?? -1,
      read: position.has(c.name)
        ? cellReader(c.type, grammar, predictor.pointDotColumns?.includes(c.name))
        : (): RawCell => null,
    }));
    const idAt = idColumn === null ? -1 : position.get(idColumn)!;
    const batchRows = options.batchRows ?? 8192;
    const limit = options.limit ?? Infinity;
    const flush = batchPredictor(predictor, options, output.stream, options.onRows, columns);
    // A task's target column in the file (the training table, a held-out file): scored.
    const scored = scoredTasks(predictor.tasks, predictor.targetColumns, table.header);
    const known =
      scored.length > 0 && options.trainingRows ? await options.trainingRows() : undefined;
    const tally = scored.length > 0 ? new ScoreTally(scored, grammar, known !== undefined) : null;
    const targetAt = scored.map((t) => position.get(t.column)!);

    // One array per input column (by position in `inputs`), refilled for every batch.
    let cells: RawCell[][] = [];
    let values: Record<string, RawCell[]> = {};
    let rows: number[] = [];
    let ids: string[] = [];
    let lines: number[] = [];
    let keptCells: string[][] = [];
    let targetCells: string[][] = [];
    const reset = () => {
      cells = inputs.map(() => []);
      values = Object.fromEntries(inputs.map((c, j) => [c.name, cells[j]]));
      rows = [];
      ids = [];
      lines = [];
      keptCells = keep.map(() => []);
      targetCells = targetAt.map(() => []);
    };
    /** Predicts the batch read, scoring it against the file's labels. */
    const predictBatch = async () => {
      const best = await flush(values, rows, idAt >= 0 ? ids : null, keptBatch(), lines);
      if (tally && best.length > 0) tally.add(targetCells, best, known?.has(values, rows.length));
    };
    const keptBatch = () => (keep.length > 0 ? { names: keptNames, cells: keptCells } : null);
    reset();
    let count = 0;
    let more = false;
    reading: for await (const batch of table.batches) {
      for (const record of batch) {
        // One record past the limit is read, not predicted: it says the file has more (found
        // by a new user: the preview's look-ahead row was counted in its formula cells).
        if (count >= limit) {
          more = true;
          break reading;
        }
        count++;
        const fields = record.fields;
        let j = 0;
        try {
          for (; j < inputs.length; j++) cells[j].push(inputs[j].read(fields[inputs[j].at]));
        } catch (error) {
          if (!(error instanceof CellTypeError)) throw error;
          const commaHint = error.decimalComma ? decimalCommaHint('predict') : '';
          const at = { file: table.file, line: record.line, column: inputs[j].name };
          throw csvError(
            at,
            `${error.message} (the model was trained on it as ${inputs[j].type})${commaHint}`,
            'CSV_PARSE',
            // The studio words it with its own checkbox rather than the CLI's flag; a number
            // beyond the float32 range with the import's reason (found by a new user: English
            // only in the studio's zh-CN Predict view).
            // Any other value with the import's reason too (was English only in the studio).
            commaHint
              ? reasonDetails('PREDICT_DECIMAL_COMMA', { ...at, value: error.value })
              : reasonDetails(
                  error.type !== 'numeric'
                    ? 'CSV_NOT_BOOLEAN'
                    : error.outOfRange
                      ? 'CSV_NUMBER_OUT_OF_RANGE'
                      : 'CSV_NOT_A_NUMBER',
                  { ...at, value: error.value },
                ),
          );
        }
        // Its data row of the file: with skipped bad lines, those keep their numbers.
        rows.push(record.row ?? count);
        if (idAt >= 0) ids.push(trimCell(fields[idAt]));
        lines.push(record.line);
        // As written in the file (a short row's missing cells: empty); a cell a spreadsheet
        // would run as a formula is kept too, but warned of (predict.ts batchPredictor).
        for (let k = 0; k < keep.length; k++) keptCells[k].push(fields[keep[k].at] ?? '');
        for (let t = 0; t < targetAt.length; t++) targetCells[t].push(fields[targetAt[t]] ?? '');
        if (rows.length >= batchRows) {
          throwIfCancelled(options.signal);
          await predictBatch();
          options.onProgress?.(count);
          reset();
        }
      }
    }
    const skipped = table.badLines();
    // Every data line skipped: refused as import refuses it, before a header-only output is
    // written (found by a new user: "Predicted 0 rows", exit 0).
    if (count === 0 && !more && skipped.count > 0) {
      throw noDataRowsError(table.file, table.headerLine, skipped, 'predict');
    }
    await predictBatch();
    await flush.writeHeader();
    options.onProgress?.(count);
    return {
      ...flush.summary(count, started, idColumn),
      header: [...table.header],
      kept: keptNames,
      renamedColumns: table.renamed,
      encoding: format.dialect.encoding,
      encodingNotes: notes,
      ...(imputed.length > 0 ? { missingColumns: imputed } : {}),
      ...(skipped.count > 0 ? { skippedLines: skipped } : {}),
      ...(more ? { more } : {}),
      ...(tally ? { scores: tally.result() } : {}),
    };
  } catch (error) {
    await output.discard();
    throw error;
  } finally {
    await table.close();
    await output.close();
  }
}

/**
 * A refusal of text the encoding cannot decode (reason PREDICT_UNDECODABLE_TEXT) when that encoding
 * was the model's dataset's, taken because none was given: the message says so, as the note
 * that would have said it comes only once the file's reading is settled. Any other error, or
 * one of an encoding given, is returned as it is.
 */
function undecodableDefault(
  error: unknown,
  given: string | undefined,
  defaultEncoding: string | undefined,
): unknown {
  const taken = (given === undefined || given.trim() === '') && defaultEncoding !== undefined;
  if (
    !taken ||
    !(error instanceof MtlError) ||
    error.details?.reason !== 'PREDICT_UNDECODABLE_TEXT'
  ) {
    return error;
  }
  const params = error.details.params as { encoding?: string } | undefined;
  return new MtlError(
    error.code,
    `${error.message} (${params?.encoding ?? defaultEncoding} is the encoding the model's dataset was imported with, which a file is read in when none is given)`,
    error.details,
  );
}

/**
 * The input columns a predictions CSV keeps ({@link PredictCsvOptions.keepColumns}), in the
 * file's order, each with its position in the header.
 * @param file the file's base name, for messages; @param header its column names (a
 *   repeated name as renamed, `a.1`); @param idColumn the id column (left out of 'all').
 * @throws MtlError('BAD_REQUEST') naming the columns the header lacks and listing those it has,
 *   with the header's names that differ from one only in case or surrounding spaces
 *   ({@link similarColumns}: "did you mean "Sex" for "sex"?").
 */
export function keptColumns(
  file: string,
  header: readonly string[],
  idColumn: string | null,
  keep: readonly string[] | 'all' | undefined,
): { name: string; at: number }[] {
  if (keep === undefined) return [];
  const all = header.map((name, at) => ({ name, at }));
  // 'ALL', 'All': the keyword in any case, unless the file has a column of that very name.
  const keyword =
    keep !== 'all' &&
    keep.length === 1 &&
    keep[0].toLowerCase() === 'all' &&
    !header.includes(keep[0]);
  if (keep === 'all' || keyword) return all.filter((c) => c.name !== idColumn);
  const unknown = keep.filter((name) => !header.includes(name));
  if (unknown.length > 0) {
    const list = unknown.map((u) => `"${u}"`).join(', ');
    // `sex` for the file's `Sex`: the names are matched exactly, as the model's inputs are.
    const similar = similarColumns(unknown, header);
    const hint =
      similar.length > 0
        ? ` Did you mean ${similar.map((s) => `"${s.header}" for "${s.column}"`).join(', ')}? Columns are matched by their exact name.`
        : '';
    const quoted = (names: readonly string[]) => names.map((n) => `“${n}”`).join(', ');
    throw new MtlError(
      'BAD_REQUEST',
      `${file} has no column${unknown.length > 1 ? 's' : ''} ${list} to keep (--keep-columns); its columns are ${header.map((h) => `"${h}"`).join(', ')}.${hint}`,
      similar.length > 0
        ? reasonDetails(
            'KEEP_COLUMNS_UNKNOWN_SIMILAR',
            {
              file,
              columns: quoted(unknown),
              count: unknown.length,
              similar: quoted(similar.map((s) => s.header)),
            },
            { file, columns: unknown, similar },
          )
        : reasonDetails(
            'KEEP_COLUMNS_UNKNOWN',
            { file, columns: quoted(unknown), count: unknown.length, header: quoted(header) },
            { file, columns: unknown },
          ),
    );
  }
  const wanted = new Set(keep);
  return all.filter((c) => wanted.has(c.name));
}

/**
 * For a file read with an `--encoding` other than the one the model's dataset was imported
 * with (`defaultEncoding`), when it then lacks the model's columns: that the names may read
 * otherwise in the dataset's encoding (found by a new user: `--encoding windows-1252` on a
 * windows-1254 file read "ağırlık" as "aðýrlýk" and said only that the column was missing).
 * Empty when the encoding was not given, or is the dataset's.
 */
function otherEncodingHint(guess: EncodingGuess, defaultEncoding: string | undefined): string {
  if (guess.source !== 'user' || defaultEncoding === undefined) return '';
  let dataset: string;
  try {
    dataset = resolveEncodingName(defaultEncoding);
  } catch {
    return '';
  }
  if (dataset === guess.encoding) return '';
  return ` It was read as ${guess.encoding} (--encoding); the model's dataset was imported as ${dataset}: try --encoding ${dataset}, or leave --encoding out.`;
}
