/**
 * Who a Recent edits line names as a label event's author: this tab's own edits by their
 * source ("you", "import", "accepted suggestion") or action ("undo", "redo"); an edit another
 * studio tab made as "another tab" (found by a new user: another tab's edit read "(you)").
 */
import type { LabelEvent } from '@shared/domain';

/**
 * The i18n key (`labels.sources.*`) of an event's author as seen from the tab `mine`.
 * @param e the event (its `origin`: the tab that wrote it, null or absent for none).
 * @param mine this tab's origin (tabOrigin.ts).
 */
export function labelEventSourceKey(
  e: Pick<LabelEvent, 'source' | 'action'> & { origin?: string | null },
  mine: string,
): string {
  if (e.origin != null && e.origin !== mine) return 'labels.sources.otherTab';
  return `labels.sources.${e.action === 'edit' ? e.source : e.action}`;
}
