/**
 * Spreadsheet formula injection ("CSV Injection", OWASP): a cell that a spreadsheet opening
 * a CSV file would run as a formula. A predictions CSV writes text that came from the user's
 * data (the header's names, the id column, kept input columns, predicted class names, image
 * paths) as it is, never altered; such a cell is warned of instead (the CLI's stderr, the
 * Predict view). One scan ({@link FormulaCellScan}) covers every such cell.
 */

/** How many formula-like cells a warning lists (the rest are counted). */
export const FORMULA_CELLS_LISTED = 3;

/** One cell of the predictions that a spreadsheet would run as a formula. */
export interface FormulaCell {
  /** The output column, as the predictions CSV names it. */
  column: string;
  /** The output's `row` (1-based data row of a file, a row id); null for a header name. */
  row: number | null;
  /** CSV input: the 1-based line of the input file; absent for a header name or other input. */
  line?: number;
  /** The cell's text (cut to 40 characters). */
  value: string;
}

/** The predictions' cells that look like formulas: how many, in which columns, the first few. */
export interface FormulaCells {
  /** Cells that look like formulas (header names included, every column, every row). */
  count: number;
  /**
   * The output columns that hold one (header included), in the output's column order (the
   * header given to {@link FormulaCellScan.header}; a column not in it after those).
   */
  columns: string[];
  /** The first {@link FORMULA_CELLS_LISTED} of them: the header's first, then by row. */
  cells: FormulaCell[];
  /**
   * Class names of the model that look like formulas and were predicted (INCOME's
   * "-10.000)"): named once each, in the order first predicted, instead of counting every
   * predicted cell (`count` leaves them out). Absent when none.
   */
  classLabels?: { task: string; label: string }[];
}

/** A signed number, with a decimal point or comma and digit grouping ("-1.5", "-1,5", "-1.000,5"). */
const NUMBER = /^[-+](\d[\d.,]*|[.,]\d+)([eE][-+]?\d+)?$/;

/**
 * True when a spreadsheet may read `text` as a formula: it starts with = + - @, a tab or a
 * carriage return (OWASP's list), other than a signed number ("-1.5", "+3e2", decimal-comma "-1,5") or a lone
 * sign ("-", a common mark of a missing value).
 */
export function looksLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  // = 61, @ 64, tab 9, CR 13; + 43, - 45.
  if (c === 61 || c === 64 || c === 9 || c === 13) return true;
  if (c !== 43 && c !== 45) return false;
  return text.length > 1 && !NUMBER.test(text);
}

/**
 * Collects the formula-like cells of a predictions CSV as it is written: the header once,
 * then cells by row. Memory is bounded: a count, the columns, the first few cells.
 */
export class FormulaCellScan {
  private count = 0;
  private readonly columns: string[] = [];
  private readonly cells: FormulaCell[] = [];
  /** The output's columns by name → position (the header's), to list `columns` in order. */
  private readonly order = new Map<string, number>();

  private readonly classes: { task: string; label: string }[] = [];

  /**
   * Notes a predicted class name of `task` that looks like a formula, once (the scan's
   * `classLabels`); other names are ignored.
   */
  classLabel(task: string, label: string): void {
    if (label.length === 0 || !looksLikeFormula(label)) return;
    if (this.classes.some((c) => c.task === task && c.label === label)) return;
    this.classes.push({ task, label });
  }

  /** Scans the header's names (`row` null), the output's columns in order. */
  header(names: readonly string[]): void {
    names.forEach((name, i) => {
      if (!this.order.has(name)) this.order.set(name, i);
    });
    for (const name of names) this.cell(name, null, undefined, name);
  }

  /**
   * Scans one cell of `column`: counted when it looks like a formula ({@link looksLikeFormula}).
   * @param row the output's `row`, null for a header name; @param line the input file's line.
   */
  cell(column: string, row: number | null, line: number | undefined, text: string): void {
    if (text.length === 0 || !looksLikeFormula(text)) return;
    this.count++;
    if (!this.columns.includes(column)) this.columns.push(column);
    if (this.cells.length < FORMULA_CELLS_LISTED) {
      const value = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      this.cells.push({ column, row, ...(line === undefined ? {} : { line }), value });
    }
  }

  /** What was found; undefined when no cell looks like a formula. */
  result(): FormulaCells | undefined {
    if (this.count === 0 && this.classes.length === 0) return undefined;
    return {
      ...(this.classes.length > 0 ? { classLabels: this.classes.map((c) => ({ ...c })) } : {}),
      count: this.count,
      // In the output's column order (found by a new user: listed as first met, "=cls",
      // "note", "id"); a stable sort keeps columns outside the header as met, after them.
      columns: [...this.columns].sort(
        (a, b) => (this.order.get(a) ?? this.order.size) - (this.order.get(b) ?? this.order.size),
      ),
      cells: this.cells.map((c) => ({ ...c })),
    };
  }
}

/** `column "id", row 2 (line 3): "=cmd()"` or `the header's "=x"`, as the CLI lists a cell. */
function cellText(cell: FormulaCell): string {
  if (cell.row === null) return `the header's ${JSON.stringify(cell.value)}`;
  const line = cell.line === undefined ? '' : ` (line ${cell.line})`;
  return `column "${cell.column}", row ${cell.row}${line}: ${JSON.stringify(cell.value)}`;
}

/**
 * The CLI's warning, e.g. `2 cells of the predictions would run as formulas in a spreadsheet
 * (they start with = + - @, a tab or a carriage return), in the columns "id", "species":
 * column "id", row 2 (line 3): "=cmd()"; column "species", row 4: "=x"; they are written as
 * the data has them, so import the predictions into a spreadsheet as text, or clean these
 * cells first`.
 */
export function formulaCellsWarning(found: FormulaCells): string {
  const cells = found.count === 1 ? '1 cell' : `${found.count} cells`;
  const columns = found.columns.map((c) => JSON.stringify(c)).join(', ');
  const more = found.count > found.cells.length ? '; …' : '';
  return (
    `${cells} of the predictions would run as ${found.count === 1 ? 'a formula' : 'formulas'} in a spreadsheet ` +
    `(starting with = + - @, a tab or a carriage return), in the column${found.columns.length === 1 ? '' : 's'} ${columns}: ` +
    `${found.cells.map(cellText).join('; ')}${more}; ` +
    `written as the data has them, so import the predictions into a spreadsheet as text, or clean these cells first`
  );
}

/**
 * The warning for one predicted class name that looks like a formula, e.g. `class
 * "-10.000)" of task "INCOME" starts with "-": a spreadsheet would run it as a formula in
 * every row predicted as it (column "INCOME"); predictions write class names unescaped (there
 * is no option to escape them), so import the predictions into a spreadsheet as text, or
 * rename the class in the data and train again`.
 */
export function formulaClassWarning(c: { task: string; label: string }): string {
  return (
    `class ${JSON.stringify(c.label)} of task ${JSON.stringify(c.task)} starts with ${JSON.stringify(c.label.charAt(0))}: ` +
    `a spreadsheet would run it as a formula in every row predicted as it (column ${JSON.stringify(c.task)}); ` +
    'predictions write class names unescaped (there is no option to escape them), so import the predictions into a spreadsheet as text, or rename the class in the data and train again'
  );
}

/**
 * The CLI's warnings of formula-like cells: {@link formulaCellsWarning} when cells other than
 * predicted class names look like formulas, then one {@link formulaClassWarning} per class.
 */
export function formulaCellsWarnings(found: FormulaCells): string[] {
  return [
    ...(found.count > 0 ? [formulaCellsWarning(found)] : []),
    ...(found.classLabels ?? []).map(formulaClassWarning),
  ];
}
