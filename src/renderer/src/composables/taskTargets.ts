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
