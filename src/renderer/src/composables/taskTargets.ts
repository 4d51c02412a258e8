/**
 * Which columns the Tasks view's wizard can offer as task targets. A column with no value
 * (all rows missing) or a single value (a constant, or a one-class column) can never be a
 * task: a task needs at least 2 classes (services/tasks.ts defineTasks refuses it), and only
 * a task's column is ever labelled, so its values cannot change. Such a column is shown
 * disabled with the reason instead of being offered.
 */
import { profileValueText, type ColumnInfo } from '../../../shared/domain';

/** Why a column cannot be a task target: `empty` (no value) or `oneValue` (its value). */
export type NotTargetReason = { kind: 'empty' } | { kind: 'oneValue'; value: string };

/**
 * Why `column` can never be a task target, from its profile (distinct values over all its
 * rows), or null when it may be one (the candidate card then checks classes and balance).
 * @returns for one value, the value as shown: a boolean's in the file's spelling
 *   (profile.booleanNames), a number's as its text.
 */
export function notTargetReason(
  column: Pick<ColumnInfo, 'type' | 'profile'>,
): NotTargetReason | null {
  const { profile } = column;
  if (profile.distinct === 0) return { kind: 'empty' };
  if (profile.distinct !== 1) return null;
  const top = profile.topCategories?.[0]?.value;
  if (top !== undefined) return { kind: 'oneValue', value: profileValueText(column, top) };
  return { kind: 'oneValue', value: profile.numeric ? String(profile.numeric.min) : '' };
}

/**
 * The columns the wizard offers, in the dataset's order whether ticked or not (a box never
 * moves when ticked, so clicking by position ticks the column meant). Every ticked column is
 * offered whatever the search; the others only when `matches` says so, up to `max` offered in
 * all (or more, when more than `max` are ticked).
 * @param columns the candidate columns, in dataset order.
 * @param ticked names of ticked columns (names not among `columns` are ignored).
 * @param matches whether an unticked column matches the search.
 * @param max most columns offered (at least all ticked ones).
 * @returns a subsequence of `columns`.
 */
export function offeredColumns<C extends { name: string }>(
  columns: readonly C[],
  ticked: readonly string[],
  matches: (column: C) => boolean,
  max: number,
): C[] {
  const isTicked = new Set(ticked);
  const tickedCount = columns.filter((c) => isTicked.has(c.name)).length;
  let untickedRoom = Math.max(max, tickedCount) - tickedCount;
  return columns.filter((c) => {
    if (isTicked.has(c.name)) return true;
    if (untickedRoom === 0 || !matches(c)) return false;
    untickedRoom -= 1;
    return true;
  });
}
