/**
 * The text encodings the studio's import wizard offers, in its order, each with the script or
 * region it is for (the wizard's label: data.import.encodingScript.<script>, en and zh-CN).
 * The CLI's `--encoding` accepts these and every other name iconv-lite knows; an unknown name
 * is answered with the closest of these. Names are iconv-lite's (all decode with it:
 * iconv-lite 0.7, encodings/sbcs-data.js, dbcs-data.js, utf16.js, utf32.js). Nothing here
 * imports Node: the renderer uses the list too.
 */

/** What an offered encoding is for; the key of its label in data.import.encodingScript. */
export type EncodingScript =
  | 'unicode'
  | 'chineseSimplified'
  | 'chineseTraditional'
  | 'japanese'
  | 'western'
  | 'westernEuro'
  | 'centralEuropean'
  | 'turkish';

/** One encoding the wizard offers: its iconv-lite name and what it is for. */
export interface OfferedEncoding {
  name: string;
  script: EncodingScript;
}

/**
 * The encodings offered, most used first. windows-1254 reads Turkish (ş ğ ı İ at FE F0 FD
 * DD, where windows-1252 has þ ð ý Ý); iso-8859-2 Central European (Polish, Czech,
 * Hungarian); iso-8859-15 is Latin-1 with € (A4), Š š Ž ž Œ œ Ÿ.
 */
export const OFFERED_ENCODINGS: readonly OfferedEncoding[] = [
  { name: 'utf-8', script: 'unicode' },
  { name: 'utf-16le', script: 'unicode' },
  { name: 'utf-16be', script: 'unicode' },
  { name: 'utf-32le', script: 'unicode' },
  { name: 'utf-32be', script: 'unicode' },
  { name: 'gb18030', script: 'chineseSimplified' },
  { name: 'gbk', script: 'chineseSimplified' },
  { name: 'big5', script: 'chineseTraditional' },
  { name: 'shift_jis', script: 'japanese' },
  { name: 'windows-1252', script: 'western' },
  { name: 'latin1', script: 'western' },
  { name: 'iso-8859-15', script: 'westernEuro' },
  { name: 'iso-8859-2', script: 'centralEuropean' },
  { name: 'windows-1254', script: 'turkish' },
];

/** The names of {@link OFFERED_ENCODINGS}, in order. */
export const OFFERED_ENCODING_NAMES: readonly string[] = OFFERED_ENCODINGS.map((e) => e.name);

/**
 * A remark on how a CSV file's encoding was read, as `import` and `predict` print it on stderr
 * and list it under `encodingNotes` of --json, and as the Predict view words it
 * (predict.encodingNotes.<kind>, en and zh-CN). Written by src/main/data/encodingNotes.ts.
 * `kind`:
 * - 'contradicted': an `--encoding` that reads a file of a certain encoding otherwise
 *   (`encoding`: what the file is);
 * - 'mixed': UTF-8 mixed with another encoding (`line`: the first line that is not UTF-8);
 * - 'mayBeWindows1254': read as windows-1252, but the text looks Turkish (`encoding`:
 *   'windows-1254'; `line`: the first line that tells);
 * - 'trainingEncoding' (predict): read, with no encoding given, in the encoding the model's
 *   dataset was imported with (`encoding`: that one);
 * - 'notTrainingEncoding' (predict): not read in that encoding (`trainingEncoding`), because
 *   the file is certainly another, a byte-order mark or valid UTF-8 (`encoding`: the one it
 *   was read as).
 * `message`: the line as the CLI prints it, with its `warning:` or `note:` prefix (English).
 */
export interface EncodingNote {
  kind: 'contradicted' | 'mixed' | 'mayBeWindows1254' | 'trainingEncoding' | 'notTrainingEncoding';
  encoding?: string;
  trainingEncoding?: string;
  line?: number;
  message: string;
}
