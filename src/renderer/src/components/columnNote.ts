/**
 * The import note of a column (why a column that looks numeric was not read as numbers,
 * why a row index starts ignored, or that it holds one value in every row) in the user's language, naming the import wizard's
 * own controls. Projects imported before notes carried their reason as data show the
 * stored English text as it is.
 */
import { rowIndexIsRun, type ColumnNoteReason, type NoteCell } from '../../../shared/columnNotes';
import type { ColumnProfile } from '../../../shared/domain';

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
  return reasonMessage('data.noteReason', reason, t);
}

/**
 * The import wizard's hint for a column of the preview, before anything is imported
 * (the preview's `notes`): e.g. Column “a”: numbers written with a decimal comma (line 2
 * has “1,5”); tick “Decimal comma (0,5 = 0.5)” to read them as numbers.
 * @param column the column's name; @param reason the preview's note for it.
 * @param t vue-i18n's translate function.
 */
export function previewNoteMessage(column: string, reason: ColumnNoteReason, t: Translate): string {
  return t('data.import.previewNote', {
    column,
    note: reasonMessage('data.import.previewNoteReason', reason, t),
  });
}

/**
 * The import wizard's note on header cells that were empty and were named as pandas names
 * them, e.g. No name in the header for column 1 → “Unnamed: 0”: named as pandas names it.
 * @param unnamed the preview's `unnamed` (0-based index, given name), in header order
 * @param t vue-i18n's translate function (with a plural count)
 * @returns the note, or null when no cell was empty
 */
export function unnamedColumnsMessage(
  unnamed: { index: number; name: string }[],
  t: (key: string, values: Record<string, unknown>, plural?: number) => string,
): string | null {
  if (unnamed.length === 0) return null;
  const columns = unnamed
    .map((c) => t('data.import.unnamedColumn', { position: c.index + 1, name: c.name }))
    .join(', ');
  return t('data.import.unnamedColumns', { columns }, unnamed.length);
}

/**
 * The import wizard's note on header names written twice, in the user's language, naming
 * each renamed column, its position and its new name, e.g. Column 3 “a” (as column 1) →
 * “a.1”: renamed as pandas renames it.
 * @param renamed the preview's `renamed` (0-based positions), in header order
 * @param t vue-i18n's translate function (with a plural count)
 * @returns the note, or null when every name is written once
 */
export function renamedColumnsMessage(
  renamed: { index: number; original: string; first: number; name: string }[],
  t: (key: string, values: Record<string, unknown>, plural?: number) => string,
): string | null {
  if (renamed.length === 0) return null;
  const columns = renamed
    .map((c) =>
      t('data.import.renamedColumn', {
        position: c.index + 1,
        original: c.original,
        first: c.first + 1,
        name: c.name,
      }),
    )
    .join(', ');
  return t('data.import.renamedColumns', { columns }, renamed.length);
}

/**
 * A note's reason worded with the messages under `prefix` (decimalComma, thousandsDot, pointDecimal,
 * thousandsComma, dotThousands,
 * dotThousandsGrouped, mostlyNumeric, rowIndex, rowIndexDistinct, constant, onePerRow).
 */
function reasonMessage(prefix: string, reason: ColumnNoteReason, t: Translate): string {
  const cell = (c: NoteCell) =>
    c.line === undefined
      ? t('data.noteReason.cell', { text: c.text })
      : t('data.noteReason.cellAtLine', { line: c.line, text: c.text });
  if (reason.kind === 'decimalComma') {
    return t(`${prefix}.decimalComma`, { cell: cell(reason.example) });
  }
  if (reason.kind === 'thousandsDot') {
    return t(`${prefix}.thousandsDot`, {
      cell: cell(reason.example),
      read: reason.read,
      point: reason.point,
      count: reason.cells,
    });
  }
  if (reason.kind === 'pointDecimal') {
    return t(`${prefix}.pointDecimal`, { cell: cell(reason.example) });
  }
  if (reason.kind === 'thousandsComma') {
    return t(`${prefix}.thousandsComma`, {
      cell: cell(reason.example),
      value: reason.value,
      count: reason.cells,
    });
  }
  if (reason.kind === 'dotThousands') {
    // Where the column groups thousands with dots elsewhere ("1.234,5"), the note is surer.
    return t(`${prefix}.${reason.grouped ? 'dotThousandsGrouped' : 'dotThousands'}`, {
      cell: cell(reason.example),
      read: reason.read,
      thousands: reason.thousands,
      comma: cell(reason.comma),
      count: reason.cells,
    });
  }
  if (reason.kind === 'constant') {
    return t(`${prefix}.constant`, { value: reason.value, rows: reason.rows });
  }
  if (reason.kind === 'onePerRow') {
    const more = reason.rows > reason.examples.length ? ', …' : '';
    return t(`${prefix}.onePerRow`, {
      values: reason.examples.map((text) => cell({ text })).join(', ') + more,
      rows: reason.rows,
    });
  }
  if (reason.kind === 'rowIndex') {
    // Integers with gaps (only under an empty header cell) are worded "distinct", not as a run.
    return t(`${prefix}.${rowIndexIsRun(reason) ? 'rowIndex' : 'rowIndexDistinct'}`, {
      min: reason.min,
      max: reason.max,
      rows: reason.rows,
    });
  }
  const more = reason.nonNumbers > reason.examples.length ? ', …' : '';
  return t(`${prefix}.mostlyNumeric`, {
    count: reason.nonNumbers,
    present: reason.present,
    cells: reason.examples.map(cell).join(', ') + more,
  });
}
