/**
 * Who a Recent edits line names as a label event's author: this tab's own edits by their
 * source ("you", "import", "accepted suggestion") or action ("undo", "redo"); what another
 * studio tab did as "another tab", "undo in another tab", "redo in another tab" (found by a
 * new user: another tab's edit read "(you)").
 */
import type { LabelEvent } from '../../shared/domain';

/**
 * The i18n key (`labels.sources.*`) of an event's author as seen from the tab `mine`.
 * @param e the event (its `origin`: the tab that wrote it, null or absent for none).
 * @param mine this tab's origin (tabOrigin.ts).
 */
export function labelEventSourceKey(
  e: Pick<LabelEvent, 'source' | 'action'> & { origin?: string | null },
  mine: string,
): string {
  if (e.origin != null && e.origin !== mine) {
    return e.action === 'edit' ? 'labels.sources.otherTab' : `labels.sources.otherTab_${e.action}`;
  }
  return `labels.sources.${e.action === 'edit' ? e.source : e.action}`;
}
