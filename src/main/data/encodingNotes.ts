/**
 * Remarks on the text encoding a CSV file is read with, as `import` and `predict` print them
 * on stderr and list them under `encodingNotes` of --json. One source for both commands: the
 * reading is settled by csvFormat.ts (resolveCsvFormat), these words only describe it.
 */
import type { EncodingNote } from '../../shared/encodings';
import type { CsvFormat } from './csvFormat';

// The type lives beside the encodings the studio offers: the Predict view words the notes.
export type { EncodingNote } from '../../shared/encodings';

/** The command whose flags the notes name ("import it with --encoding …"). */
export type EncodingNoteCommand = 'import' | 'predict';

/**
 * The remarks on the encoding a file is read with (see {@link EncodingNote}): when
 * `--encoding` contradicts what the file certainly is (a byte-order mark, or valid UTF-8
 * that reads otherwise: an import then reads garbled text, or fails with an error about its
 * shape, "a header but no data rows", that does not say why); when, with no `--encoding`,
 * the file mixes UTF-8 with another encoding (part of it is garbled either way); when
 * detection reads it as windows-1252 but its text looks like Turkish windows-1254 (þ for ş);
 * and for `predict`, which encoding of the model's dataset (`CsvFormatOptions.
 * defaultEncoding`) was used, or why not.
 * @param format the file's reading, as resolveCsvFormat settled it.
 * @param encoding the `--encoding` given, if any (named in the 'contradicted' warning).
 * @param command the command the notes suggest flags of.
 */
export function encodingNotes(
  format: Pick<CsvFormat, 'file' | 'encodingGuess'>,
  encoding: string | undefined,
  command: EncodingNoteCommand,
): EncodingNote[] {
  const { file, encodingGuess: guess } = format;
  const notes: EncodingNote[] = [];
  if (guess.detected && encoding !== undefined) {
    notes.push({
      kind: 'contradicted',
      encoding: guess.detected,
      message: `warning: ${file} is ${guess.detected} text, but --encoding ${encoding} reads it otherwise (garbled); leave --encoding out to read it as ${guess.detected}`,
    });
  }
  if (guess.source === 'default') {
    notes.push({
      kind: 'trainingEncoding',
      encoding: guess.encoding,
      message: `note: reading ${file} as ${guess.encoding}, the encoding the model's dataset was imported with (override with --encoding)`,
    });
  }
  if (guess.overruled !== undefined) {
    const certain =
      guess.source === 'bom'
        ? `starts with a ${guess.encoding.toUpperCase()} byte-order mark`
        : 'is valid UTF-8 text';
    notes.push({
      kind: 'notTrainingEncoding',
      encoding: guess.encoding,
      trainingEncoding: guess.overruled,
      message: `note: ${file} ${certain}: read as ${guess.encoding}, not as ${guess.overruled}, the encoding the model's dataset was imported with (override with --encoding)`,
    });
  }
  if (guess.mixedUtf8Line !== undefined) {
    notes.push({
      kind: 'mixed',
      line: guess.mixedUtf8Line,
      message: `warning: ${file} mixes two encodings: it holds UTF-8 characters, but line ${guess.mixedUtf8Line} is not UTF-8; read as ${guess.encoding}, its UTF-8 characters are garbled (choose one with --encoding, or fix the file)`,
    });
  }
  if (guess.alternative !== undefined) {
    const { encoding: alternative, line } = guess.alternative;
    notes.push({
      kind: 'mayBeWindows1254',
      encoding: alternative,
      line,
      message: `note: ${file} is read as ${guess.encoding}, but line ${line} has þ, ð or ý between letters, which ${alternative} reads as Turkish ş, ğ, ı (and Ý as İ): it may be ${alternative} text; if the names read wrong, ${command} it with --encoding ${alternative}`,
    });
  }
  return notes;
}
