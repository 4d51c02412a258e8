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
 */
import type { ColumnRole, ColumnType } from '../../shared/domain';
import { parseBoolean } from './cellValues';
import type { ColumnStats } from './profile';

/** Fewest distinct values a categorical column may always have. */
export const MIN_CATEGORICAL_LIMIT = 20;
/** Share of the rows up to which distinct values still make a column categorical. */
export const CATEGORICAL_ROW_SHARE = 0.05;

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
  if (!stats.textOverflow && [...stats.textCounts.keys()].every((t) => parseBoolean(t) !== null)) {
    return 'boolean';
  }
  if (stats.allNumbers && !stats.leadingZero) return 'numeric';
  if (!stats.textOverflow && stats.textCounts.size <= categoricalLimit(rowCount)) {
    return 'categorical';
  }
  return 'text';
}

/**
 * Default role of a column of a type: free text cannot feed the tabular engine, so it
 * starts as 'ignore'; everything else starts as 'input' (targets are chosen as tasks).
 */
export function defaultRole(type: ColumnType): ColumnRole {
  return type === 'text' ? 'ignore' : 'input';
}
