/**
 * Undo and redo of label edits in the Label view (views/LabelView.vue): this tab's own edits
 * only (each request carries the tab's origin, tabOrigin.ts; another tab's edits and a CLI
 * import are never taken back here), a cell another tab or program changed since kept and
 * named in the status bar (LabelEditResult.skipped). Keeps the user's
 * place as Label Studio's undo does: changed rows on screen are highlighted (single mode: the
 * changed task is focused), changed rows elsewhere are named in the status bar with a Show
 * button that goes to the first of them, and classes the step added or removed are named.
 */
import type { ComputedRef, Ref } from 'vue';
import type { LabelEditResult, LabelOrdering, LabelOverview } from '@shared/contract';
import { api } from '../api';
import { tabOrigin } from '../tabOrigin';
import { useLabelSteps, type LabelStep } from '../stores/labelSteps';
import type { Notice, NoticeMessage } from '../stores/notices';
import { useStudio } from '../stores/studio';

/** The Label view's state and actions that undo and redo read and move (its refs). */
export interface LabelUndoView {
  /** The selected dataset's id (null: none, nothing is undone). */
  datasetId: ComputedRef<number | null>;
  /** One item at a time, or a grid of them. */
  mode: Ref<'single' | 'grid'>;
  /** The row shown in single mode, or null. */
  currentId: ComputedRef<number | null>;
  /** The rows of the grid's page. */
  pageIds: ComputedRef<number[]>;
  /** The queue: its row ids in order. */
  ordering: Ref<LabelOrdering>;
  /** The dataset's tasks as the overview lists them. */
  tasks: ComputedRef<LabelOverview['tasks']>;
  /** The queue position shown in single mode (0-based). */
  pos: Ref<number>;
  /** The grid's page (0-based). */
  page: Ref<number>;
  /** Items per page of the grid. */
  pageSize: number;
  /** The grid's selected rows (cleared when Show goes to another page). */
  selected: Ref<number[]>;
  /** The focused task's index. */
  focusedTask: Ref<number>;
  /** Rows highlighted as changed by the latest undo or redo. */
  changedRows: Ref<number[]>;
  /** Fetches the items now on screen. */
  ensureItems: () => Promise<void>;
  /** Applies an action's answer to the shown items, counts, classes and Recent edits. */
  apply: (result: LabelEditResult) => void;
}

/**
 * Undo and redo for the Label view; call in its setup (it uses the i18n and the studio store).
 * @returns `undoOrRedo(which)`: asks `labels.undo` or `labels.redo` and shows what changed;
 *   nothing to undo / redo is a notice, and a failure is told in the status bar (it never throws).
 *   Each step is published to the label steps store (stores/labelSteps.ts), as the edit
 *   batch it reverted or re-applied and which it was, so the labels-file panel of every view
 *   (Label, Export) marks an import it took back.
 */
export function useLabelUndo(view: LabelUndoView): {
  undoOrRedo: (which: 'labels.undo' | 'labels.redo') => Promise<void>;
} {
  const studio = useStudio();
  const steps = useLabelSteps();
  const {
    datasetId,
    mode,
    currentId,
    pageIds,
    ordering,
    tasks,
    pos,
    page,
    pageSize: PAGE,
    selected,
    focusedTask,
    changedRows,
    ensureItems,
    apply,
  } = view;

  /** Names classes for a notice: “a”, “b”. */
  function classNames(classes: readonly { className: string }[]): string {
    return classes.map((c) => `“${c.className}”`).join(', ');
  }

  /** Whether a row is on screen: the item shown (single mode) or a tile of the grid's page. */
  function onScreen(rowId: number): boolean {
    return mode.value === 'single' ? currentId.value === rowId : pageIds.value.includes(rowId);
  }

  /**
   * Highlights the rows of `rows` that are on screen and, in single mode, focuses `task` (a
   * task's name; undefined, or a task no longer shown: the focus stays where it is).
   */
  function highlightChanged(rows: readonly number[], task: string | undefined): void {
    changedRows.value = rows.filter(onScreen);
    const taskIndex = tasks.value.findIndex((x) => x.task === task);
    if (taskIndex >= 0 && mode.value === 'single') focusedTask.value = taskIndex;
  }

  /**
   * Shows the item at `index` of the queue (single mode) or its page (grid), highlighting the
   * rows of `rows` on screen there and focusing `task` (single mode).
   */
  async function showChanged(index: number, rows: readonly number[], task: string): Promise<void> {
    if (mode.value === 'single') pos.value = index;
    else page.value = Math.floor(index / PAGE);
    if (mode.value === 'grid') selected.value = [];
    await ensureItems();
    highlightChanged(rows, task);
  }

  /**
   * Undo or redo the latest label edit. The view keeps the user's place (the item shown, the
   * grid's page and selection), as Label Studio's undo does: a long list is not left for the
   * changed row. Changed rows on screen are highlighted (and, in single mode, the changed
   * task is focused); changed rows elsewhere are named in the status bar with a Show button
   * that goes to the first of them.
   */
  async function undoOrRedo(which: 'labels.undo' | 'labels.redo'): Promise<void> {
    const id = datasetId.value;
    if (id === null) return;
    try {
      const result = await steps.own(() =>
        api().invoke(which, { datasetId: id, origin: tabOrigin() }),
      );
      // Nothing of this tab's own to undo or redo (other tabs' and programs' edits are theirs).
      if (result.batch === null) {
        studio.notify('info', [
          { key: which === 'labels.undo' ? 'labels.nothingToUndo' : 'labels.nothingToRedo' },
        ]);
        return;
      }
      apply(result);
      if (result.reverts !== null) {
        const step: LabelStep = {
          batch: result.reverts,
          which: which === 'labels.undo' ? 'undo' : 'redo',
        };
        steps.stepped(id, step);
      }
      // Keys and parameters, translated when shown: the status bar follows a change of language.
      const parts: NoticeMessage[] = [];
      const removed = result.classChanges.filter((c) => c.change === 'removed');
      const added = result.classChanges.filter((c) => c.change === 'added');
      if (removed.length > 0)
        parts.push({ key: 'labels.classesRemoved', params: { classes: classNames(removed) } });
      if (added.length > 0)
        parts.push({ key: 'labels.classesRestored', params: { classes: classNames(added) } });
      // Cells another tab or program changed after this tab's edit keep their later label.
      const kept = [...new Set(result.skipped.map((c) => c.rowId))].sort((a, b) => a - b);
      if (kept.length > 0) {
        const shown = kept.slice(0, 10).join(', ') + (kept.length > 10 ? ', …' : '');
        parts.push({
          key: which === 'labels.undo' ? 'labels.undoSkipped' : 'labels.redoSkipped',
          params: { rows: shown, n: kept.length },
          plural: kept.length,
        });
      }

      const rows = [...new Set(result.changes.map((c) => c.rowId))];
      highlightChanged(rows, result.changes.find((c) => onScreen(c.rowId))?.task);
      // Rows elsewhere in queue order (the first is where Show goes), rows not in it last.
      const place = new Map(
        rows.filter((r) => !onScreen(r)).map((r) => [r, ordering.value.rowIds.indexOf(r)]),
      );
      const rank = (r: number): number => (place.get(r)! < 0 ? Infinity : place.get(r)!);
      const away = [...place.keys()].sort((a, b) => rank(a) - rank(b) || a - b);
      let action: Notice['action'];
      if (away.length > 0) {
        const key = which === 'labels.undo' ? 'labels.undoneAway' : 'labels.redoneAway';
        parts.push({ key, params: { row: away[0], n: away.length }, plural: away.length });
        const index = place.get(away[0])!;
        if (index >= 0) {
          const task = result.changes.find((c) => c.rowId === away[0])!.task;
          action = {
            label: { key: 'labels.showChanged' },
            run: () => showChanged(index, rows, task),
          };
        } else parts.push({ key: 'labels.changedNotListed', plural: away.length });
      }
      // A kept cell is a warning: the user asked for it back and did not get it.
      const kind = kept.length > 0 ? 'warning' : 'info';
      if (parts.length > 0) studio.notify(kind, parts, action ? { action, seconds: 15 } : {});
    } catch (err) {
      studio.notifyError(err);
    }
  }

  return { undoOrRedo };
}
