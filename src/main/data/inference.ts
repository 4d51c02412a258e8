/**
 * Column type inference from a full scan's statistics, and default column roles.
 *
 * Rules, in order, over the non-missing values of a column:
 * 1. no value at all → 'text' (nothing to learn from; ignored by default);
 * 2. every value is true/false, yes/no or t/f (any case) → 'boolean' (0/1 stay numbers);
 * 3. every value is a finite decimal number (sign, fraction, exponent allowed) and none
 *    is written with a leading zero → 'numeric'. "007", "01234" or "-01" mark codes
 *    (identifiers, zip codes, zero-padded months) whose zeros would be lost as numbers,
 *    so such a column is categorical or text; choose 'numeric' explicitly to override;
 * 4. at most max(20, 5 % of the rows) distinct values → 'categorical';
 * 5. otherwise → 'text'.
 *
 * A column that misses rule 3 only because of a few cells gets a note (see
 * {@link columnNoteReason}), so one stray "oops" does not silently drop a numeric input.
 *
 * Default roles ({@link defaultColumnRole}), in order:
 * 1. a 'text' column → 'ignore' (free text cannot feed the tabular engine);
 * 2. a ROW INDEX → 'ignore', with a note ({@link rowIndexNote}): a 'numeric' column with a
 *    value in every row whose values are distinct integers, one per row, and
 *    - when its header cell was empty (named `Unnamed: N` by the app, as pandas' `to_csv()`
 *      writes its index), in a table of at least {@link MIN_UNNAMED_INDEX_ROWS} rows, any
 *      integers (gaps, any start, any order: the index of `df.dropna()` or of a
 *      `train_test_split` part);
 *    - when named, in a table of at least {@link MIN_INDEX_ROWS} rows, one consecutive run
 *      from 0 or 1 (0…n−1 or 1…n, in any order), none written with a decimal point or an
 *      exponent ("1.0", "1e3"): a named run from elsewhere (years 2000…2024, −12…12) or
 *      of measurements (1.0, 2.0, …) is more likely a feature.
 *    A row number predicts nothing and leaks the file's order into a model. Distinctness is
 *    exact up to DISTINCT_CAP (10 000) distinct numbers; past it the values must run in
 *    order, each the previous plus 1, to be proven distinct (profile.ts distinctIntegers),
 *    so a longer shuffled or gapped index stays an input;
 * 3. anything else → 'input' (targets are chosen as tasks).
 * The user's role always wins (wizard, `--role`).
 */
import { rowIndexIsRun, type ColumnNoteReason } from '../../shared/columnNotes';
import { defaultRole, type ColumnRole, type ColumnType } from '../../shared/domain';
import { shellWord } from '../../shared/shellWord';
import { parseBoolean, parseNumber, thousandsCommaValue, thousandsValue } from './cellValues';
import { buildProfile, shownValue, type CellExample, type ColumnStats } from './profile';

/** Fewest distinct values a categorical column may always have. */
export const MIN_CATEGORICAL_LIMIT = 20;
/** Share of the rows up to which distinct values still make a column categorical. */
export const CATEGORICAL_ROW_SHARE = 0.05;
/** Share of a column's values that must parse as numbers for a "mostly numeric" note. */
export const MOSTLY_NUMERIC_SHARE = 0.95;

/** Fewest rows for a named column of distinct integers 0…n−1 or 1…n to count as a row index. */
export const MIN_INDEX_ROWS = 20;
/** Fewest rows for a column whose header cell was empty (`Unnamed: N`) to count as a row index. */
export const MIN_UNNAMED_INDEX_ROWS = 2;

/** Most distinct values of a categorical column in a table of `rowCount` rows. */
export function categoricalLimit(rowCount: number): number {
  return Math.max(MIN_CATEGORICAL_LIMIT, Math.floor(CATEGORICAL_ROW_SHARE * rowCount));
}

/**
 * Infer the type of a column from its statistics over all `rowCount` data rows
 * (rules in the module comment).
 */
export function inferColumnType(stats: ColumnStats, rowCount: number): ColumnType {
  if (stats.present === 0) return 'text';
  if (!stats.textOverflow && [...stats.texts.keys()].every((t) => parseBoolean(t) !== null)) {
    return 'boolean';
  }
  if (stats.allNumbers && !stats.leadingZero) return 'numeric';
  if (!stats.textOverflow && stats.texts.size <= categoricalLimit(rowCount)) {
    return 'categorical';
  }
  return 'text';
}

/**
 * Default role of a column of a type, by type alone (rules 1 and 3 of the module comment;
 * declared in src/shared/domain.ts so the wizard shares it). Use {@link defaultColumnRole}
 * where the statistics are known.
 */
export { defaultRole };

/**
 * The row-index note of a column (rule 2 of the default roles in the module comment), or
 * undefined when the column is no row index.
 * @param stats the column's statistics over all `rowCount` data rows (or the rows scanned)
 * @param type the column's settled type (only 'numeric' qualifies)
 * @param rowCount the data rows `stats` were gathered over
 * @param unnamed whether its header cell was empty (named `Unnamed: N` by the app)
 * @returns `{ kind: 'rowIndex', min, max, rows }`: the least and greatest of the `rows`
 *   distinct integers (a run min…max for a named column)
 */
export function rowIndexNote(
  stats: ColumnStats,
  type: ColumnType,
  rowCount: number,
  unnamed: boolean,
): Extract<ColumnNoteReason, { kind: 'rowIndex' }> | undefined {
  if (type !== 'numeric') return undefined;
  if (rowCount < (unnamed ? MIN_UNNAMED_INDEX_ROWS : MIN_INDEX_ROWS)) return undefined;
  if (stats.missing !== 0 || stats.present !== rowCount || !stats.distinctIntegers()) {
    return undefined;
  }
  const summary = stats.numericSummary();
  if (summary === null || summary.n !== rowCount) return undefined;
  if (!unnamed) {
    if (summary.min !== 0 && summary.min !== 1) return undefined;
    if (summary.max - summary.min !== rowCount - 1 || stats.pointOrExponent) return undefined;
  }
  return { kind: 'rowIndex', min: summary.min, max: summary.max, rows: rowCount };
}

/**
 * The note on a column that holds one value in every one of `rowCount` rows (at least 2),
 * none missing: it carries no information for any task. Found by a new user: such a column
 * was imported without a word. One value as the column's type reads it, as its profile's
 * `distinct` counts (buildProfile): a text column's one text exactly; a boolean column's
 * one truth value however written ("yes" and "YES"; found by a new user: 29 × yes and
 * 1 × YES, profile "distinct 1", had no note); a numeric column's one number ("5" and
 * "5.0"). The value named is the text written most often.
 * @param stats the column's statistics over all `rowCount` data rows
 * @param type the column's type (default 'text': texts compared exactly)
 * @returns `{ kind: 'constant', value, rows }`, or undefined.
 */
export function constantColumnNote(
  stats: ColumnStats,
  rowCount: number,
  type: ColumnType = 'text',
): Extract<ColumnNoteReason, { kind: 'constant' }> | undefined {
  if (rowCount < 2 || stats.missing !== 0 || stats.present !== rowCount) return undefined;
  if (type === 'numeric' || type === 'boolean') {
    if (buildProfile(stats, type).distinct !== 1) return undefined;
  } else if (stats.textOverflow || stats.texts.size !== 1) {
    return undefined;
  }
  let shown: [string, number] | null = null;
  for (const [key, entry] of stats.texts) {
    if (shown === null || entry.count > shown[1]) shown = [key, entry.count];
  }
  if (shown === null) return undefined;
  return { kind: 'constant', value: shownValue(shown[0]), rows: rowCount };
}

/** Fewest rows for a categorical column of one value per row to get a `onePerRow` note. */
export const MIN_ONE_PER_ROW_ROWS = 3;
/** How many of its values a `onePerRow` note names. */
const ONE_PER_ROW_EXAMPLES = 3;

/**
 * The note on a categorical input whose every row holds a value of its own, none missing
 * (a column of names or identifiers in a small table, e.g. `name` = Ann, Bob, Cid, Dee):
 * one class per row only memorises the rows. Found by a new user: in a table of 4 rows
 * such a column was a categorical input without a word. On larger tables the typing rule
 * already handles it: one value per row is more than {@link categoricalLimit} once the
 * table has more than {@link MIN_CATEGORICAL_LIMIT} rows, so the column is typed text and
 * ignored; this note covers, with that same rule, exactly the tables it leaves such a
 * column categorical. The role is not changed (the user decides). Not in tables of fewer
 * than {@link MIN_ONE_PER_ROW_ROWS} rows (two rows of two values are any binary column).
 * @param stats the column's statistics over all `rowCount` data rows
 * @param type the column's type (only 'categorical' qualifies)
 * @param role the column's role (only 'input' qualifies)
 * @returns `{ kind: 'onePerRow', rows, examples }` (the first few values met), or undefined.
 */
export function onePerRowNote(
  stats: ColumnStats,
  type: ColumnType,
  rowCount: number,
  role: ColumnRole,
): Extract<ColumnNoteReason, { kind: 'onePerRow' }> | undefined {
  if (type !== 'categorical' || role !== 'input' || rowCount < MIN_ONE_PER_ROW_ROWS) {
    return undefined;
  }
  if (stats.missing !== 0 || stats.present !== rowCount || stats.textOverflow) return undefined;
  if (stats.texts.size !== rowCount) return undefined;
  const examples = [...stats.texts.keys()].slice(0, ONE_PER_ROW_EXAMPLES).map(shownValue);
  return { kind: 'onePerRow', rows: rowCount, examples };
}

/**
 * Default role of a column from its statistics (rules in the module comment): 'ignore'
 * for text and for a row index ({@link rowIndexNote}), else 'input'.
 * @param stats the column's statistics over all `rowCount` data rows (or the rows scanned)
 * @param type the column's settled type
 * @param rowCount the data rows `stats` were gathered over
 * @param unnamed whether its header cell was empty (named `Unnamed: N` by the app)
 */
export function defaultColumnRole(
  stats: ColumnStats,
  type: ColumnType,
  rowCount: number,
  unnamed: boolean,
): ColumnRole {
  return rowIndexNote(stats, type, rowCount, unnamed) ? 'ignore' : defaultRole(type);
}

/** `line 12 has "x"` (or just `"x"` when the line is unknown). */
function describeCell(cell: CellExample): string {
  const text = JSON.stringify(cell.text);
  return cell.line === undefined ? text : `line ${cell.line} has ${text}`;
}

/**
 * Why a column inferred as non-numeric although nearly all its values are numbers (at
 * least {@link MOSTLY_NUMERIC_SHARE} of them) was not read as numbers, or undefined:
 * - numbers written with a decimal comma ("0,5") in a file not delimited by commas
 *   (`decimalComma`, with the first such cell);
 * - numbers written with commas grouping thousands ("1,234", "10,000": `thousandsComma`,
 *   with the first such cell and their count);
 * - otherwise a few cells that do not parse (`mostlyNumeric`, with the first few of them,
 *   their count and the count of present values).
 * Columns whose numbers have leading zeros (codes) get none: they would not be numeric
 * anyway. A numeric column may get {@link dotThousandsNote}. Call it only for inferred
 * types, not for types the user chose (call dotThousandsNote for those).
 * @param delimiter the file's field delimiter
 */
export function columnNoteReason(
  stats: ColumnStats,
  type: ColumnType,
  delimiter: string,
): ColumnNoteReason | undefined {
  if (type === 'numeric') return dotThousandsNote(stats, type);
  if (stats.present === 0 || stats.leadingZero) return undefined;
  const needed = MOSTLY_NUMERIC_SHARE * stats.present;
  const comma = stats.commaExample;
  if (comma && delimiter !== ',' && stats.numbers + stats.commaNumbers >= needed) {
    return { kind: 'decimalComma', example: { ...comma } };
  }
  // Found by a new user: "1,234" and "10,000" made a column categorical without a word.
  const grouped = stats.thousandsCommaExample;
  if (grouped && stats.numbers + stats.thousandsCommas >= needed) {
    return {
      kind: 'thousandsComma',
      example: { ...grouped },
      value: thousandsCommaValue(grouped.text) ?? NaN,
      cells: stats.thousandsCommas,
    };
  }
  if (stats.nonNumbers === 0 || stats.numbers < needed) return undefined;
  return {
    kind: 'mostlyNumeric',
    examples: stats.nonNumberExamples.map((c) => ({ ...c })),
    nonNumbers: stats.nonNumbers,
    present: stats.present,
  };
}

/**
 * The note on a numeric column read with the decimal-comma option that holds numbers with
 * one dot before exactly three digits ("1.000", "12.500"), or undefined. Such a dot is
 * ambiguous: a dot grouping thousands (1000, 12500: how the option reads it, parseNumber,
 * as de-DE and fr-FR number formats write it) or a decimal point (1, 12.5). A cell's value
 * never depends on other rows (the one-pass import writes rows as it reads them, and
 * predictions read rows alone), so the note names the first such cell and says how to read
 * it the other way.
 * Without such a cell, a column whose numbers have decimal points ("1.5", read as 1.5: a
 * point still reads as one) and none a decimal comma gets a `pointDecimal` note: the option
 * was probably not meant for this file (found by a new user: `import --decimal-comma` on a
 * file of decimal points said nothing).
 * @param stats the column's statistics (counters kept while scanning: no second pass)
 * @param type the column's type (only 'numeric' qualifies)
 */
export function dotThousandsNote(
  stats: ColumnStats,
  type: ColumnType,
): Extract<ColumnNoteReason, { kind: 'thousandsDot' | 'pointDecimal' }> | undefined {
  if (type !== 'numeric' || !stats.grammar.decimalComma) return undefined;
  const example = stats.ambiguousDotExample;
  if (!example) {
    const point = stats.pointDecimalExample;
    return point && stats.commaReads === 0
      ? { kind: 'pointDecimal', example: { ...point } }
      : undefined;
  }
  return {
    kind: 'thousandsDot',
    example: { ...example },
    read: thousandsValue(example.text),
    point: parseNumber(example.text) ?? NaN,
    cells: stats.ambiguousDots,
  };
}

/** "one per row" for a full run, else "distinct, one per row" (the CLI's wording). */
const rowIndexSpread = (reason: { min: number; max: number; rows: number }): string =>
  rowIndexIsRun(reason) ? 'one per row' : 'distinct, one per row';

/**
 * The command line's text of a {@link columnNoteReason}, {@link rowIndexNote} or
 * {@link constantColumnNote} (English,
 * naming the CLI's options), e.g. `mostly numeric; line 30002 has "oops" (1 of 30011 values does not
 * parse); …`, or undefined when there is no reason. A row index's note names the command
 * that takes it back after the import, with the column's own name quoted for a POSIX shell
 * when needed: where the project is known (the CLI), runnable as shown, e.g.
 * `mtl-studio columns -p p.mtlproj -d 1 --role 'Unnamed: 0'=input`; else (the note stored at
 * import) `(in the studio's column panel, or mtl-studio columns --role 'Unnamed: 0'=input)`.
 * The studio words notes from their reason with its own i18n texts (renderer columnNote.ts).
 * @param column the column's name (`<column>` when not given, never quoted)
 * @param at the project file and dataset id the command is for, when known
 */
export function columnNoteText(
  reason: ColumnNoteReason | undefined,
  column?: string,
  at?: { project: string; datasetId: number },
): string | undefined {
  if (reason === undefined) return undefined;
  if (reason.kind === 'rowIndex') {
    const role = `--role ${column === undefined ? '<column>' : shellWord(column)}=input`;
    const how = at
      ? `mtl-studio columns -p ${shellWord(at.project)} -d ${at.datasetId} ${role}`
      : `in the studio's column panel, or mtl-studio columns ${role}`;
    return (
      `looks like a row index (${reason.min}…${reason.max}, ${rowIndexSpread(reason)}) and is ignored; ` +
      `set its role to input (${how}) to use it`
    );
  }
  if (reason.kind === 'decimalComma') {
    return (
      `numbers written with a decimal comma (${describeCell(reason.example)}); ` +
      `import with the decimal-comma option (--decimal-comma) to read them as numbers`
    );
  }
  if (reason.kind === 'dotThousands') return dotThousandsText(reason);
  if (reason.kind === 'thousandsDot') return thousandsDotText(reason);
  if (reason.kind === 'pointDecimal') {
    return (
      `decimal points read under --decimal-comma: ${describeCell(reason.example)}, read as ` +
      `${parseNumber(reason.example.text) ?? reason.example.text} (a point still reads as a decimal point), and no number ` +
      `of the column has a decimal comma: if the file writes decimal points, import it without ` +
      `--decimal-comma (with it, a dot before three digits such as "1.000" reads as 1000)`
    );
  }
  if (reason.kind === 'thousandsComma') {
    const cells = reason.cells === 1 ? '1 cell is' : `${reason.cells} cells are`;
    return (
      `numbers written with commas grouping thousands (${describeCell(reason.example)}; ` +
      `${cells} written so), which no import option reads, so the column is not numeric; ` +
      `write them without the commas (${reason.value}) and import again to read them as numbers`
    );
  }
  if (reason.kind === 'onePerRow') {
    const role = `--role ${column === undefined ? '<column>' : shellWord(column)}=ignore`;
    const how = at
      ? `mtl-studio columns -p ${shellWord(at.project)} -d ${at.datasetId} ${role}`
      : `in the studio's column panel, or mtl-studio columns ${role}`;
    const shown = reason.examples.map((v) => JSON.stringify(v)).join(', ');
    const more = reason.rows > reason.examples.length ? ', …' : '';
    return (
      `a different value in every row (${shown}${more}: ${reason.rows} values in ${reason.rows} rows), like a name or an identifier: ` +
      `as a categorical input it only memorises the rows; set its role to ignore (${how})`
    );
  }
  if (reason.kind === 'constant') {
    return `one value in every row (${JSON.stringify(reason.value)}, all ${reason.rows} rows): it carries no information for any task`;
  }
  const examples = reason.examples.map(describeCell).join(', ');
  const more = reason.nonNumbers > reason.examples.length ? ', …' : '';
  const verb = reason.nonNumbers === 1 ? 'does' : 'do';
  const them = reason.nonNumbers === 1 ? 'it' : 'them';
  return (
    `mostly numeric; ${examples}${more} (${reason.nonNumbers} of ${reason.present} values ${verb} not parse); ` +
    `fix ${them} or add ${them} to the missing-value tokens (--na) to import the column as numbers`
  );
}

/**
 * The CLI's text of a {@link dotThousandsNote}, e.g. `dot read as a thousands separator: line
 * 2 has "1.000", read as 1000 (--decimal-comma reads a dot before three digits so, as
 * de-DE and fr-FR write numbers); 3 cells are written so: if the dot is a decimal point
 * (1), import without --decimal-comma, or write a decimal comma there ("1,000")`.
 */
function thousandsDotText(reason: Extract<ColumnNoteReason, { kind: 'thousandsDot' }>): string {
  const cells = reason.cells === 1 ? '1 cell is' : `${reason.cells} cells are`;
  const comma = reason.example.text.replace('.', ',');
  return (
    `dot read as a thousands separator: ${describeCell(reason.example)}, read as ${reason.read} ` +
    `(--decimal-comma reads a dot before three digits so, as de-DE and fr-FR write numbers); ` +
    `${cells} written so: if the dot is a decimal point (${reason.point}), import without ` +
    `--decimal-comma, or write a decimal comma there (${JSON.stringify(comma)})`
  );
}

/**
 * The CLI's text of a stored note of an import before 1.000 read as 1000, e.g. `ambiguous dot: line 5 has "1.000", read
 * as 1 (a decimal point), but the column writes decimal commas (line 2 has "0,5"), so the
 * dot may group thousands (1000); 1 cell is written so: remove the dot …`.
 */
function dotThousandsText(reason: Extract<ColumnNoteReason, { kind: 'dotThousands' }>): string {
  const how = reason.grouped
    ? `the column groups thousands with dots (${describeCell(reason.comma)}), so it probably means ${reason.thousands}`
    : `the column writes decimal commas (${describeCell(reason.comma)}), so the dot may group thousands (${reason.thousands})`;
  const cells = reason.cells === 1 ? '1 cell is' : `${reason.cells} cells are`;
  return (
    `ambiguous dot: ${describeCell(reason.example)}, read as ${reason.read} (a decimal point), but ${how}; ` +
    `${cells} written so: remove the dot where it groups thousands, ` +
    `or write a decimal comma where it is a decimal point, and import again`
  );
}
