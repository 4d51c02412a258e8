/**
 * CSV import for the main process: preview a file for the import wizard, then import it
 * as a dataset. Everything else in this folder is an implementation detail.
 */
export { previewCsv, PREVIEW_ROWS, type CsvPreview, type PreviewCsvOptions } from './preview';
export {
  importCsv,
  type DatasetWriter,
  type ImportCsvOptions,
  type ImportProgress,
} from './importCsv';
export type { CsvFormatOptions } from './csvFormat';
export { MISSING_TOKENS, type CellGrammarOptions } from './cellValues';
