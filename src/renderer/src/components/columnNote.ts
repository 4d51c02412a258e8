/**
 * The import note of a column (why a column that looks numeric was not read as numbers)
 * in the user's language, naming the import wizard's own controls. Projects imported
 * before notes carried their reason as data show the stored English text as it is.
 */
import type { ColumnProfile, NoteCell } from '../../../shared/domain';

/** vue-i18n's `t` with named values. */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * @param profile the column's profile (`noteReason`, else `note`).
 * @param t vue-i18n's translate function.
 * @returns the note, translated; undefined when the column has none.
 */
export function columnNoteMessage(profile: ColumnProfile, t: Translate): string | undefined {
  const reason = profile.noteReason;
  if (reason === undefined) return profile.note;
  const cell = (c: NoteCell) =>
    c.line === undefined
      ? t('data.noteReason.cell', { text: c.text })
      : t('data.noteReason.cellAtLine', { line: c.line, text: c.text });
  if (reason.kind === 'decimalComma') {
    return t('data.noteReason.decimalComma', { cell: cell(reason.example) });
  }
  const more = reason.nonNumbers > reason.examples.length ? ', …' : '';
  return t('data.noteReason.mostlyNumeric', {
    count: reason.nonNumbers,
    present: reason.present,
    cells: reason.examples.map(cell).join(', ') + more,
  });
}
