/**
 * The data table's filter conditions as SQL (part of the datasets domain: it reads a
 * dataset's rows table). Each condition becomes one parameterised `WHERE` term on the
 * column's positional name; user text never reaches SQL text.
 */
import type { RowFilter } from '../../shared/contract';
import type { ColumnType } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { SqlValue } from './database';

/** What the compiler needs to know about a filtered column. */
export interface FilteredColumn {
  name: string;
  type: ColumnType;
  /** SQL name of its cell, e.g. `c3`. */
  cell: string;
}

const NUMERIC_OPS = new Set(['<', '<=', '>', '>=', 'between']);
const COMPARISON_SQL: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** "price > 50": a condition as the user wrote it, for error messages. */
function describe(filter: RowFilter): string {
  const operand =
    filter.op === 'between'
      ? ` ${JSON.stringify(filter.value)} and ${JSON.stringify(filter.value2)}`
      : filter.value === undefined
        ? ''
        : ` ${JSON.stringify(filter.value)}`;
  return `"${filter.column} ${filter.op}${operand}"`;
}

/**
 * The numeric operand of a condition: a number, or a text that reads as one ("50",
 * " 2.5e3 "). Boolean columns also take true/false (stored 1/0).
 * @throws MtlError('BAD_REQUEST') naming the condition when it is not a finite number.
 */
function numberOperand(filter: RowFilter, value: unknown, column: FilteredColumn): number {
  if (column.type === 'boolean' && typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return 1;
    if (lower === 'false') return 0;
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) {
    throw new MtlError(
      'BAD_REQUEST',
      `Filter ${describe(filter)} needs a number, got ${JSON.stringify(value ?? null)}`,
      { column: filter.column, op: filter.op },
    );
  }
  return n;
}

/** True for columns stored as numbers (numeric REAL, boolean INTEGER 0/1). */
function storedAsNumber(type: ColumnType): boolean {
  return type === 'numeric' || type === 'boolean';
}

/**
 * One condition as an SQL term with its parameters.
 * - numeric columns: =, ≠ (missing cells count as "not equal", as in a spreadsheet),
 *   <, ≤, >, ≥, between (inclusive; bounds in either order);
 * - text columns: equals / = (exact), ≠, contains (substring; SQLite's LIKE, so ASCII
 *   letters match in any case);
 * - any column: missing (IS NULL), present (IS NOT NULL).
 * @throws MtlError('BAD_REQUEST') naming the condition for a comparison on a text column,
 *   a missing or non-numeric operand, or contains without text.
 */
export function filterTerm(
  filter: RowFilter,
  column: FilteredColumn,
): { sql: string; params: SqlValue[] } {
  const cell = column.cell;
  const { op } = filter;
  if (op === 'missing') return { sql: `${cell} IS NULL`, params: [] };
  if (op === 'present') return { sql: `${cell} IS NOT NULL`, params: [] };
  if (op === 'contains') {
    if (typeof filter.value !== 'string' || filter.value === '') {
      throw new MtlError('BAD_REQUEST', `Filter ${describe(filter)} needs a text to look for`, {
        column: filter.column,
        op,
      });
    }
    const pattern = `%${filter.value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return { sql: `${cell} LIKE ? ESCAPE '\\'`, params: [pattern] };
  }
  const numeric = storedAsNumber(column.type);
  if (NUMERIC_OPS.has(op) && !numeric) {
    throw new MtlError(
      'BAD_REQUEST',
      `Filter ${describe(filter)}: column "${filter.column}" holds ${column.type} values, which have no order here; use contains or equals`,
      { column: filter.column, op },
    );
  }
  if (op === 'between') {
    const a = numberOperand(filter, filter.value, column);
    const b = numberOperand(filter, filter.value2, column);
    return { sql: `${cell} BETWEEN ? AND ?`, params: [Math.min(a, b), Math.max(a, b)] };
  }
  if (op in COMPARISON_SQL) {
    return {
      sql: `${cell} ${COMPARISON_SQL[op]} ?`,
      params: [numberOperand(filter, filter.value, column)],
    };
  }
  // =, equals, !=: numbers compare as numbers, texts exactly.
  if (filter.value === undefined) {
    throw new MtlError('BAD_REQUEST', `Filter ${describe(filter)} needs a value`, {
      column: filter.column,
      op,
    });
  }
  const value: SqlValue = numeric
    ? numberOperand(filter, filter.value, column)
    : String(filter.value);
  return op === '!='
    ? { sql: `(${cell} IS NULL OR ${cell} != ?)`, params: [value] }
    : { sql: `${cell} = ?`, params: [value] };
}
