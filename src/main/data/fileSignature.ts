import { shellWord } from '../../shared/shellWord';

/**
 * What a file that is not a text table is, from its first bytes (its "magic number"): a
 * PNG renamed .csv, a gzip, a spreadsheet. Found by new users: such a file got encoding
 * advice (binary → try utf-16le → try latin1 → binary), which no encoding can answer.
 */

/** Kinds of non-text file recognised by their signature. */
export type FileKind =
  'png' | 'jpeg' | 'gif' | 'gzip' | 'xlsx' | 'zip' | 'xls' | 'pdf' | 'sqlite' | 'mtlproj';

/** Whether `bytes` starts with `signature` (bytes, or an ASCII text). */
function startsWith(bytes: Uint8Array, signature: readonly number[] | string): boolean {
  const expected =
    typeof signature === 'string' ? [...signature].map((c) => c.charCodeAt(0)) : signature;
  if (bytes.length < expected.length) return false;
  return expected.every((b, i) => bytes[i] === b);
}

/** Whether the ASCII text `needle` occurs in `bytes`. */
function holds(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes(needle, 0, 'latin1');
}

/**
 * The kind of file `bytes` (its first bytes, e.g. a 64 KiB sample) start like, or null for
 * none known (text, or binary of another kind). `fileName` tells an MTL Studio project
 * (.mtlproj) from another SQLite database when its schema is not in the bytes.
 * Signatures: PNG 89 50 4E 47 0D 0A 1A 0A; JPEG FF D8 FF; GIF "GIF87a"/"GIF89a"; gzip 1F 8B;
 * ZIP "PK" 03 04 (or 05 06, an empty archive), an .xlsx when it names "xl/" or the file ends
 * .xlsx; OLE2 (.xls) D0 CF 11 E0 A1 B1 1A E1; PDF "%PDF-"; SQLite "SQLite format 3" 00,
 * an MTL Studio project when its schema names the table project_meta or the file ends .mtlproj.
 */
export function fileKindOf(bytes: Uint8Array, fileName = ''): FileKind | null {
  const name = fileName.toLowerCase();
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return holds(bytes, 'xl/') || name.endsWith('.xlsx') ? 'xlsx' : 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (startsWith(bytes, 'SQLite format 3\0')) {
    return holds(bytes, 'project_meta') || name.endsWith('.mtlproj') ? 'mtlproj' : 'sqlite';
  }
  return null;
}

/** What a file of each kind is, in English (the CLI's message; the studio words it by kind). */
export const FILE_KIND_NAMES: Readonly<Record<FileKind, string>> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  gzip: 'a gzip-compressed file',
  xlsx: 'an Excel workbook (.xlsx)',
  zip: 'a ZIP archive (or a spreadsheet such as .xlsx or .ods, which is one)',
  xls: 'an Excel 97–2003 workbook (.xls) or another Microsoft Office file',
  pdf: 'a PDF document',
  sqlite: 'an SQLite database',
  mtlproj: 'an MTL Studio project (.mtlproj)',
};

/**
 * What to do with a file of `kind` instead of importing it, in English (the CLI's);
 * `path`: the file as the user gave it (a project's advice names it).
 */
export function fileKindAdvice(kind: FileKind, path: string): string {
  if (kind === 'mtlproj') {
    return `it is a project, not a table: give it with -p (e.g. mtl-studio columns -p ${shellWord(path)})`;
  }
  return FILE_KIND_ADVICE[kind];
}

const FILE_KIND_ADVICE: Readonly<Record<Exclude<FileKind, 'mtlproj'>, string>> = {
  png: 'to import images, import their folder with import-images',
  jpeg: 'to import images, import their folder with import-images',
  gif: 'to import images, import their folder with import-images',
  gzip: 'decompress it first (e.g. gunzip) and import the CSV file inside',
  xlsx: 'save it as CSV from the spreadsheet program (Save As › CSV) and import that file',
  zip: 'for a spreadsheet, save it as CSV from the spreadsheet program (Save As › CSV); for an archive, extract the CSV file from it; then import that file',
  xls: 'save it as CSV from the spreadsheet program (Save As › CSV) and import that file',
  pdf: 'export the table as CSV from the program that made it, and import that file',
  sqlite:
    'export the table as CSV (e.g. sqlite3 -header -csv <file> "SELECT * FROM <table>") and import that file',
};
