/**
 * Import notes on columns (ColumnProfile.note / noteReason in datasets.ts): why a column that
 * looks numeric was not read as numbers, or why a row index starts ignored, as data the
 * main process, the CLI and the renderer word alike; and whether a note still holds under
 * the column's role. Nothing here imports Node or Electron (the renderer compiles it);
 * datasets.ts is imported for its types only (it imports this module's ColumnNoteReason, also
 * as a type), so there is no import cycle at run time.
 */

import type { ColumnRole } from './datasets';

/**
 * Whether a column's import note (ColumnProfile.note) still holds under its current role
 * and values: a row-index note says the column is ignored, so it holds only while the role
 * is 'ignore'; a note of one value in every row only while the profile still counts one
 * distinct value and no missing one (label edits change a column's cells); any other note
 * always holds. False when there is no note.
 * @param column the column's role and profile
 */
export function columnNoteHolds(column: {
  role: ColumnRole;
  profile: { note?: string; noteReason?: ColumnNoteReason; distinct?: number; missing?: number };
}): boolean {
  const { profile } = column;
  if (profile.note === undefined) return false;
  if (profile.noteReason?.kind === 'constant') {
    return profile.distinct === 1 && profile.missing === 0;
  }
  // One value per row said of an input: holds while the column is no ignored one.
  if (profile.noteReason?.kind === 'onePerRow') return column.role !== 'ignore';
  return profile.noteReason?.kind !== 'rowIndex' || column.role === 'ignore';
}

/** A cell quoted in an import note: its text and, when known, its file line (1-based). */
export interface NoteCell {
  text: string;
  line?: number;
}

/**
 * An import remark on a column (ColumnProfile.noteReason): why a column that looks numeric
 * was not imported as numbers, or why a column starts ignored:
 * - `decimalComma`: its numbers are written with a decimal comma ("0,5"), `example` being
 *   the first one;
 * - `thousandsComma`: its numbers are written with commas grouping thousands ("1,234",
 *   "10,000", as en-US writes them), which no import option reads: `cells` of them,
 *   `example` being the first and `value` (1234) the number it writes;
 * - `mostlyNumeric`: `nonNumbers` of its `present` values do not parse as numbers,
 *   `examples` being the first few of them;
 * - `rowIndex`: its values are `rows` distinct integers from `min` to `max`, one per row
 *   (a run min…max for a named column): a row index, e.g. the one pandas' `to_csv()`
 *   writes, so it starts with the role 'ignore' (src/main/data/inference.ts, default roles);
 * - `dotThousands`: a numeric column imported with the decimal-comma option that also holds
 *   `cells` numbers with one dot before three digits, `example` ("1.000") being the first:
 *   each was read with the dot as a decimal point (`read`, 1), though the dot may group
 *   thousands (`thousands`, 1000). `comma` is the column's first number read with the
 *   decimal comma, a number whose dots group thousands ("1.234,5") when `grouped` is true
 *   (then the dot almost surely groups thousands here too). Written by imports before such a
 *   dot was read as grouping thousands; now `thousandsDot`;
 * - `thousandsDot`: a numeric column imported with the decimal-comma option holds `cells`
 *   numbers with one dot before exactly three digits, `example` ("1.000") being the first:
 *   each was read with the dot grouping thousands (`read`, 1000), as de-DE or fr-FR number
 *   formats write them, though the dot may be a decimal point (`point`, 1);
 * - `pointDecimal`: a numeric column imported with the decimal-comma option whose numbers
 *   have decimal points ("1.5", `example` being the first), read as decimal points (1.5),
 *   and none a decimal comma: the file most likely writes decimal points, and the option
 *   was probably not meant (with it, a dot before three digits, "1.000", reads as 1000);
 * - `constant`: the column holds one value, `value` (its text as the file writes it), in
 *   every one of its `rows` rows, none missing: it carries no information for any task (an
 *   input that never changes, a target with one class);
 * - `onePerRow`: a categorical input whose `rows` rows (a small table) each hold a value of
 *   their own, none missing, like a name or an identifier (`examples`, the first few): one
 *   class per row only memorises the rows. On a table of more than MIN_CATEGORICAL_LIMIT
 *   rows such a column is typed text and ignored (inference.ts categoricalLimit), so the
 *   note is said where that rule leaves it an input.
 */
export type ColumnNoteReason =
  | { kind: 'decimalComma'; example: NoteCell }
  | {
      kind: 'dotThousands';
      example: NoteCell;
      read: number;
      thousands: number;
      cells: number;
      comma: NoteCell;
      grouped: boolean;
    }
  | { kind: 'thousandsDot'; example: NoteCell; read: number; point: number; cells: number }
  | { kind: 'pointDecimal'; example: NoteCell }
  | { kind: 'thousandsComma'; example: NoteCell; value: number; cells: number }
  | { kind: 'mostlyNumeric'; examples: NoteCell[]; nonNumbers: number; present: number }
  | { kind: 'rowIndex'; min: number; max: number; rows: number }
  | { kind: 'constant'; value: string; rows: number }
  | { kind: 'onePerRow'; rows: number; examples: string[] };

/**
 * Whether a `rowIndex` note's `rows` distinct integers are a full run min…max
 * (`max - min + 1 === rows`): always for a named column; under an empty header cell there
 * may be gaps, and the note then words them as distinct (not as a run).
 */
export function rowIndexIsRun(reason: { min: number; max: number; rows: number }): boolean {
  return reason.max - reason.min + 1 === reason.rows;
}
