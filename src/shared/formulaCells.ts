/**
 * Spreadsheet formula injection ("CSV Injection", OWASP): a cell that a spreadsheet opening
 * a CSV file would run as a formula. Predictions copy kept input columns as the file writes
 * them, never altered; such a cell is warned of instead (the CLI's stderr, the Predict view).
 */

/** The first kept cell that looks like a formula, and how many kept cells do. */
export interface FormulaCells {
  /** The kept column, as the output names it. */
  column: string;
  /** 1-based data row of the input file (the output's `row`). */
  row: number;
  /** 1-based line of the input file. */
  line: number;
  /** The cell's text (cut to 40 characters). */
  value: string;
  /** Kept cells that look like formulas (every kept column, every row). */
  count: number;
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
 * The CLI's warning, e.g. `the kept column "cmd" holds a cell that a spreadsheet would run as
 * a formula (row 2, line 3: "=cmd()"); 1 kept cell starts with = + - @, a tab or a carriage return: it is written as
 * the file has it, so open the predictions as text, or clean these cells first`.
 */
export function formulaCellsWarning(cells: FormulaCells): string {
  const more = cells.count === 1 ? '1 kept cell starts' : `${cells.count} kept cells start`;
  return (
    `the kept column "${cells.column}" holds a cell that a spreadsheet would run as a formula ` +
    `(row ${cells.row}, line ${cells.line}: ${JSON.stringify(cells.value)}); ${more} with = + - @, a tab or a carriage return: ` +
    `written as the file has it, so import the predictions into a spreadsheet as text, or clean these cells first`
  );
}
