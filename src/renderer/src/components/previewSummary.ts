/**
 * The import wizard's summary of a CSV preview: how the file was read and about how many
 * rows it has, with the row count's plural form (found by a new user: a 1-row file was
 * "about 1 rows"). Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { CsvPreviewResult } from '../../../shared/contract';

/** vue-i18n's `t` with named values and a plural count. */
type TranslatePlural = (key: string, values: Record<string, unknown>, plural: number) => string;

/**
 * "Read as utf-8 (99 % sure), delimiter “,”, about 1 row." (en: 1 row, 2 rows; zh-CN has
 * one form); "Read as windows-1252 (your choice), …" when the user chose the encoding: a
 * confidence belongs to a detection only (found by a new user: a chosen windows-1252 read
 * "100 % sure"). Without "about" when the preview counted the rows exactly (a file read
 * whole; found by a new user: a 1,500-row file was "about 1,534 rows").
 * @param preview the preview as `datasets.preview` answers it.
 * @param encodingChosen the preview was asked with an encoding the user chose (not `auto`).
 */
export function previewSummary(
  preview: Pick<
    CsvPreviewResult,
    'encoding' | 'encodingConfidence' | 'delimiter' | 'rowCountEstimate' | 'rowCountExact'
  >,
  t: TranslatePlural,
  encodingChosen = false,
): string {
  const key = encodingChosen ? 'data.import.chosen' : 'data.import.detected';
  return t(
    preview.rowCountExact ? `${key}Exact` : key,
    {
      encoding: preview.encoding,
      confidence: Math.round(preview.encodingConfidence * 100),
      delimiter: preview.delimiter === '\t' ? 'Tab' : preview.delimiter,
      rows: preview.rowCountEstimate.toLocaleString(),
    },
    preview.rowCountEstimate,
  );
}

/**
 * Whether the previewed file has a header and no data row (found by a new user: the preview
 * said "about 0 rows" and Import stayed enabled, to refuse once clicked; a 0-byte file is
 * refused by the preview itself). The preview read such a file to its end, so its count is
 * exact.
 * @param preview the preview as `datasets.preview` answers it.
 */
export function previewHasNoRows(
  preview: Pick<CsvPreviewResult, 'rows' | 'rowCountEstimate'>,
): boolean {
  return preview.rows.length === 0 && preview.rowCountEstimate === 0;
}

/** vue-i18n's `t` with named values. */
type Translate = (key: string, values: Record<string, unknown>) => string;

/**
 * Where a contradicted encoding choice garbles the preview, under its warning: "Line 2,
 * column “name”: read as gbk, “Jos茅”; as utf-8, “José”." (UTF-8 Latin text chosen as GBK
 * decodes without a replacement character, so no check refuses it: the place and both
 * readings show what the warning means). Null when the preview names no such cell.
 * @param preview the preview as `datasets.preview` answers it.
 */
export function misreadCellText(
  preview: Pick<CsvPreviewResult, 'encoding' | 'detectedEncoding' | 'misreadCell'>,
  t: Translate,
): string | null {
  const cell = preview.misreadCell;
  if (cell === null || preview.detectedEncoding === null) return null;
  const columnAt =
    typeof cell.column === 'number'
      ? t('errors.columnNumber', { column: cell.column })
      : t('errors.columnNamed', { column: cell.column });
  return t('data.import.encodingDoubtCell', {
    line: cell.line,
    columnAt,
    encoding: preview.encoding,
    shown: cell.shown,
    detected: preview.detectedEncoding,
    text: cell.detected,
  });
}
