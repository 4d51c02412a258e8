/**
 * Live preview for the import wizard: how the file will be read (encoding, delimiter,
 * header), its first rows and the types inferred from a leading sample of rows.
 */
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { CsvPreviewResult } from '../../shared/contract';
import { resolveCsvFormat, type CsvFormat, type CsvFormatOptions } from './csvFormat';
import { isBlankRecord } from './csvStream';
import { openCsvTable, type BadLines } from './csvTable';
import { refuseDelimiterNotInHeader, withDelimiterHint } from './delimiterHint';
import { cellGrammar, isMissingToken, trimCell, type CellGrammarOptions } from './cellValues';
import {
  columnNoteReason,
  constantColumnNote,
  defaultColumnRole,
  onePerRowNote,
  rowIndexNote,
} from './inference';
import { scanTable, settleTypes } from './scan';

/** Rows shown by default. */
export const PREVIEW_ROWS = 20;
/** Rows scanned to infer the preview's types (the import scans every row). */
export const PREVIEW_INFERENCE_ROWS = 1000;
/**
 * Longest text of a preview cell sent to the page (characters: Unicode code points); a
 * longer one is cut to this many (the wizard shows it shortened, with this much on hover),
 * so a 5 MB cell does not cross the WebSocket whole.
 */
export const PREVIEW_CELL_CHARS = 1000;
/**
 * Largest file whose data rows the preview counts exactly (bytes): it reads on past the rows
 * it scans to the end of the file (about a tenth of a second for 8 MiB of a plain table),
 * where a larger one gets an estimate from the first 64 KiB (found by a new user: a
 * 1,500-row file previewed "about 1,534 rows").
 */
export const PREVIEW_EXACT_COUNT_BYTES = 8 * 1024 * 1024;

/** Options of {@link previewCsv} (missing tokens and decimal comma as for the import). */
export interface PreviewCsvOptions extends CsvFormatOptions, CellGrammarOptions {
  /** Lines with a wrong field count: refuse (default; the error offers to skip) or skip. */
  badLines?: BadLines;
  /** Rows to return (default PREVIEW_ROWS). */
  rows?: number;
}

/**
 * What the wizard shows before importing: the contract's response type of
 * `datasets.preview`, declared once in src/shared/contract.ts so the renderer can use it.
 */
export type CsvPreview = CsvPreviewResult;

/**
 * Preview a CSV file.
 * @throws MtlError 'NOT_FOUND', 'CSV_ENCODING', 'BAD_REQUEST' (bad options), 'CSV_PARSE'
 *   (empty file, invalid header, or a malformed row among the rows scanned — naming the
 *   file, line and column; a chosen delimiter that would read the header as one column of
 *   a file detection finds delimited otherwise: reason CSV_DELIMITER_NOT_IN_HEADER). A
 *   header without data rows is not an error here.
 */
export async function previewCsv(
  path: string,
  options: PreviewCsvOptions = {},
): Promise<CsvPreview> {
  const grammar = cellGrammar(options);
  const format = await resolveCsvFormat(path, options);
  refuseDelimiterNotInHeader(format, options.delimiter);
  const hinted = (error: unknown): never => {
    throw withDelimiterHint(error, format, options.delimiter);
  };
  const table = await openCsvTable(path, format.dialect, format.hasHeader, {
    forDataset: true,
    badLines: options.badLines,
  }).catch(hinted);
  const wanted = options.rows ?? PREVIEW_ROWS;
  const detected = format.encodingGuess.detected;
  const misread = detected ? new MisreadCellFinder(format.dialect.encoding, detected) : null;
  misread?.record(table.header, table.headerLine, null);
  const rows: (string | null)[][] = [];
  const cutCells: CsvPreview['cutCells'] = [];
  const scan = await scanTable(table, {
    maxRows: Math.max(wanted, PREVIEW_INFERENCE_ROWS),
    countToEnd: format.totalBytes <= PREVIEW_EXACT_COUNT_BYTES,
    grammar,
    onRecord: (record) => {
      if (rows.length < wanted) {
        const row = rows.length;
        misread?.record(record.fields, record.line, table.header);
        rows.push(
          record.fields.map((f, column) => {
            if (isMissingToken(trimCell(f), grammar)) return null;
            const cut = cutText(f, PREVIEW_CELL_CHARS);
            if (cut === null) return f;
            cutCells.push({ row, column, length: cut.length });
            return cut.text;
          }),
        );
      }
    },
  }).catch(hinted);
  const inferredTypes = settleTypes(table.header, scan.stats, scan.rowCount);
  const unnamed = new Set(table.unnamed.map((c) => c.index));
  // The rows scanned stand for the table (a row index over the first rows of a long file).
  const rowIndex = (i: number) =>
    rowIndexNote(scan.stats[i], inferredTypes[i], scan.rowCount, unnamed.has(i));
  return {
    encoding: format.dialect.encoding,
    encodingConfidence: format.encodingGuess.confidence,
    detectedEncoding: format.encodingGuess.detected ?? null,
    mixedUtf8Line: format.encodingGuess.mixedUtf8Line ?? null,
    alternativeEncoding: format.encodingGuess.alternative ?? null,
    misreadCell: misread?.first ?? null,
    delimiter: format.dialect.delimiter,
    hasHeader: format.hasHeader,
    header: table.header,
    unnamed: table.unnamed.map((c) => ({ ...c })),
    renamed: table.renamed.map((c) => ({ ...c })),
    rows,
    cutCells,
    inferredTypes,
    inferredRoles: inferredTypes.map((type, i) =>
      defaultColumnRole(scan.stats[i], type, scan.rowCount, unnamed.has(i)),
    ),
    notes: inferredTypes.map(
      (type, i) =>
        columnNoteReason(scan.stats[i], type, format.dialect.delimiter) ??
        rowIndex(i) ??
        // One value in the rows scanned says nothing of the rest of a longer file.
        (scan.truncated ? undefined : constantColumnNote(scan.stats[i], scan.rowCount, type)) ??
        // Every row's own value, in the rows scanned only, says nothing of a longer file either.
        (scan.truncated
          ? undefined
          : onePerRowNote(
              scan.stats[i],
              type,
              scan.rowCount,
              defaultColumnRole(scan.stats[i], type, scan.rowCount, unnamed.has(i)),
            )) ??
        null,
    ),
    rowCountEstimate: scan.truncated ? (scan.rowsToEnd ?? estimateRowCount(format)) : scan.rowCount,
    rowCountExact: !scan.truncated || scan.rowsToEnd !== undefined,
  };
}

/**
 * `text` cut to its first `max` characters (code points: a surrogate pair is never split),
 * with its whole length in characters; null when it has no more than `max`.
 */
export function cutText(text: string, max: number): { text: string; length: number } | null {
  if (text.length <= max) return null;
  let points = 0;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    points++;
    if (points === max) end = i + 1;
  }
  return points <= max ? null : { text: text.slice(0, end), length: points };
}

/**
 * Estimate the data rows of a large file: records per byte in the decoded sample
 * (its last, probably cut, record dropped) times the file size.
 */
function estimateRowCount(format: CsvFormat): number {
  const parsed = Papa.parse<string[]>(format.sampleText, {
    delimiter: format.dialect.delimiter,
    quoteChar: format.dialect.quoteChar,
    escapeChar: format.dialect.quoteChar,
    skipEmptyLines: false,
  });
  const records = parsed.data.filter((fields) => !isBlankRecord(fields)).length - 1;
  const dataRecords = Math.max(1, records - (format.hasHeader ? 1 : 0));
  return Math.round((dataRecords / format.sampleBytes) * format.totalBytes);
}

/**
 * Finds the first cell of the preview (header, then rows) that a chosen encoding reads
 * otherwise than the encoding the file certainly is (`detected`: a contradicted choice), so
 * the wizard names where the garbling shows: UTF-8 "José" chosen as GBK is "Jos茅", every
 * byte decoded, and no check refuses it (encodingChecks.ts findUtf8MisreadingAsGb: Latin
 * text reads as common hanzi). A cell is encoded back to the file's bytes with the chosen
 * encoding (which decoded it) and read with the detected one.
 */
class MisreadCellFinder {
  /** The first such cell: CsvPreviewResult.misreadCell. */
  first: NonNullable<CsvPreviewResult['misreadCell']> | null = null;

  constructor(
    private readonly chosen: string,
    private readonly detected: string,
  ) {}

  /**
   * One record's cells at file line `line`; `header`: the column names (null for the
   * header itself, whose cells are named by position).
   */
  record(fields: readonly string[], line: number, header: readonly string[] | null): void {
    if (this.first !== null) return;
    for (let i = 0; i < fields.length; i++) {
      const shown = fields[i].trim();
      if (!/[^\p{ASCII}]/u.test(shown)) continue;
      const text = iconv.decode(iconv.encode(shown, this.chosen), this.detected);
      if (text === shown) continue;
      this.first = { line, column: header?.[i] || i + 1, shown, detected: text };
      return;
    }
  }
}
