/**
 * The data table's filter conditions as the user edits them (texts as typed) and as the
 * server takes them (`RowFilter`, evaluated by SQLite): which operators a column type
 * offers, and the conversion both ways. Pure, so it is unit-tested from Node.
 */
// Relative, type-only imports: this module is also unit-tested from Node.
import type { FilterOp, RowFilter } from '../../../shared/contract';
import type { ColumnType } from '../../../shared/domain';

/** A condition being edited: operands as typed. */
export interface FilterDraft {
  column: string;
  op: FilterOp;
  value: string;
  value2: string;
}

/** Operators offered for numbers (and booleans: only =, ≠ and the missing tests). */
const NUMERIC_OPS: FilterOp[] = ['=', '!=', '<', '<=', '>', '>=', 'between', 'missing', 'present'];
const BOOLEAN_OPS: FilterOp[] = ['=', '!=', 'missing', 'present'];
const TEXT_OPS: FilterOp[] = ['contains', 'equals', '!=', 'missing', 'present'];

/** The operators a column of `type` offers, the first being the default. */
export function opsFor(type: ColumnType): FilterOp[] {
  if (type === 'numeric') return NUMERIC_OPS;
  if (type === 'boolean') return BOOLEAN_OPS;
  return TEXT_OPS;
}

/** How many operands an operator takes. */
export function operandCount(op: FilterOp): 0 | 1 | 2 {
  if (op === 'missing' || op === 'present') return 0;
  return op === 'between' ? 2 : 1;
}

/** A new condition on a column: its type's first operator, no operand yet. */
export function newFilter(column: string, type: ColumnType): FilterDraft {
  return { column, op: opsFor(type)[0], value: '', value2: '' };
}

/** A number as the user typed it ("1 000", "2,5" are not numbers here), or null. */
function typedNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** Why a condition is not sent yet. */
export type FilterProblem = 'needs-value' | 'needs-number';

/**
 * The condition the server evaluates, or what is missing. Numbers must read as numbers
 * ("50", "-2.5", "1e3"); a boolean's operand is "true" or "false".
 */
export function toRowFilter(
  draft: FilterDraft,
  type: ColumnType,
): { filter: RowFilter } | { problem: FilterProblem } {
  const { column, op } = draft;
  const count = operandCount(op);
  if (count === 0) return { filter: { column, op } };
  if (type === 'boolean') {
    if (draft.value !== 'true' && draft.value !== 'false') return { problem: 'needs-value' };
    return { filter: { column, op, value: draft.value === 'true' ? 1 : 0 } };
  }
  if (type === 'numeric') {
    if (draft.value.trim() === '' || (count === 2 && draft.value2.trim() === ''))
      return { problem: 'needs-value' };
    const value = typedNumber(draft.value);
    const value2 = count === 2 ? typedNumber(draft.value2) : undefined;
    if (value === null || value2 === null) return { problem: 'needs-number' };
    return { filter: value2 === undefined ? { column, op, value } : { column, op, value, value2 } };
  }
  if (draft.value === '') return { problem: 'needs-value' };
  return { filter: { column, op, value: draft.value } };
}

/** A stored condition back in the editor. */
export function fromRowFilter(filter: RowFilter, type: ColumnType): FilterDraft {
  const text = (v: number | string | undefined): string => {
    if (v === undefined) return '';
    if (type === 'boolean' && typeof v === 'number') return v === 1 ? 'true' : 'false';
    return String(v);
  };
  return {
    column: filter.column,
    op: filter.op,
    value: text(filter.value),
    value2: text(filter.value2),
  };
}
