/**
 * The Predict view's words for a remark on the encoding a CSV file was read with
 * (`EncodingNote`, as `mtl-studio predict` prints it in English). Nothing here imports the
 * API: the renderer's unit tests run it in Node.
 */
import type { EncodingNote } from '../../../shared/encodings';

/** vue-i18n's `t` with named values. */
type Translate = (key: string, values: Record<string, unknown>) => string;

/**
 * The note in the user's language: predict.encodingNotes.<kind>, or for Turkish-looking text
 * read as windows-1252 the import wizard's own words (data.import.encodingTurkish: the
 * Predict view offers the same encodings to choose from).
 * @param read the encoding the file was read with (`PredictionPreview.encoding`).
 */
export function encodingNoteText(
  note: EncodingNote,
  read: string | undefined,
  t: Translate,
): string {
  if (note.kind === 'mayBeWindows1254') {
    return t('data.import.encodingTurkish', {
      encoding: read,
      line: note.line,
      alternative: note.encoding,
    });
  }
  return t(`predict.encodingNotes.${note.kind}`, {
    encoding: note.encoding,
    training: note.trainingEncoding,
    line: note.line,
    read,
  });
}
