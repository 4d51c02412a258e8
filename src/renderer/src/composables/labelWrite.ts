/**
 * Labelling in the Label view (views/LabelView.vue): a class (or missing) chosen for the
 * current item or the grid's selection, the model's suggestions accepted, a class typed new
 * — each one `labels.set` (or `labels.addClass`) sent through the label steps store, shown at
 * once and applied from its answer (composables/labelFollow.ts); a failure is told in the
 * status bar and what was shown put back.
 */
import { ref, type ComputedRef } from 'vue';
import type { LabelItem } from '@shared/contract';
import { api } from '../api';
import { tabOrigin } from '../tabOrigin';
import { useLabelSteps } from '../stores/labelSteps';
import { useStudio } from '../stores/studio';
import type { LabelFollow } from './labelFollow';
import type { LabelQueue } from './labelQueue';

/**
 * Labelling for the Label view; call in its setup (it uses the i18n and the studio store).
 * @returns the task whose new-class field is open (`adding`), and the actions.
 */
export function useLabelWrite(
  queue: LabelQueue,
  follow: Pick<LabelFollow, 'apply'>,
  datasetId: ComputedRef<number | null>,
) {
  const studio = useStudio();
  const steps = useLabelSteps();
  const { mode, items, selected, current, tasks, focusedTask, changedRows } = queue;
  /** The task whose new-class field is open (null: none). */
  const adding = ref<string | null>(null);

  /** Sends one `labels.set` and applies its answer. @returns whether it was written. */
  async function write(
    changes: { rowId: number; task: string; label: string | null }[],
    source: 'user' | 'suggestion',
    newClasses?: { task: string; className: string }[],
  ): Promise<boolean> {
    if (changes.length === 0 || datasetId.value === null) return false;
    changedRows.value = [];
    try {
      const id = datasetId.value;
      const result = await steps.own(() =>
        api().invoke('labels.set', {
          datasetId: id,
          changes,
          source,
          ...(newClasses ? { newClasses } : {}),
          origin: tabOrigin(),
        }),
      );
      follow.apply(result);
      studio.resolved('labels.set');
      return true;
    } catch (err) {
      studio.notifyError(err, { source: 'labels.set' });
      return false;
    }
  }

  /** The items a key acts on: the current one, or the grid's selection. */
  function targets(): LabelItem[] {
    if (mode.value === 'grid')
      return selected.value.flatMap((id) => (items.has(id) ? [items.get(id)!] : []));
    return current.value ? [current.value] : [];
  }

  /**
   * Labels the current item (or the grid's selection) for a task.
   * @param newClass `label` is a class typed new: created with the label, as one undoable edit.
   * @returns whether the labels were written.
   */
  async function choose(
    taskIndex: number,
    label: string | null,
    newClass = false,
  ): Promise<boolean> {
    const task = tasks.value[taskIndex];
    const chosen = targets();
    if (!task) return false;
    if (chosen.length === 0) {
      if (mode.value === 'grid') studio.notify('info', [{ key: 'labels.selectFirst' }]);
      return false;
    }
    // Focus moves on at once: the next key press may come before the write returns.
    focusedTask.value =
      mode.value === 'single' && taskIndex < tasks.value.length - 1 ? taskIndex + 1 : taskIndex;
    // Shown (and known to the next key: whether it finishes the item) at once too; put back
    // if the write fails, unless something else changed it meanwhile.
    const before = chosen.map((item) => item.labels[task.task]);
    for (const item of chosen) item.labels[task.task] = label;
    const written = await write(
      chosen.map((item) => ({ rowId: item.rowId, task: task.task, label })),
      'user',
      newClass && label !== null ? [{ task: task.task, className: label }] : undefined,
    );
    if (!written) {
      chosen.forEach((item, i) => {
        if (item.labels[task.task] === label) item.labels[task.task] = before[i];
      });
    }
    return written;
  }

  /**
   * Whether a key on task `taskIndex` finishes the item shown (single mode), so the view goes
   * on to the next, as Label Studio and Prodigy do: a class (`label`) for the item's last
   * unlabelled task, or missing / skip (`label` null) on the last task. A class that corrects
   * an item already complete does not: the user is fixing it.
   */
  function finishesItem(taskIndex: number, label: string | null): boolean {
    const item = current.value;
    const task = tasks.value[taskIndex];
    if (mode.value !== 'single' || !item || !task) return false;
    if (label === null) return taskIndex === tasks.value.length - 1;
    return (
      item.labels[task.task] === null &&
      tasks.value.every((other, i) => i === taskIndex || item.labels[other.task] !== null)
    );
  }

  /**
   * A class key or missing / skip (0): labels the focused task and, when that finishes the
   * item ({@link finishesItem}), goes to the next item at once (the next key may come before
   * the write returns; a failed write is told in the status bar).
   */
  async function chooseByKey(taskIndex: number, label: string | null): Promise<void> {
    const finishes = finishesItem(taskIndex, label);
    const written = choose(taskIndex, label);
    if (finishes) await queue.move(1);
    await written;
  }

  /** Enter: accept the model's suggestion for every task still unlabelled, then move on. */
  async function accept(): Promise<void> {
    const changes = targets().flatMap((item) =>
      tasks.value.flatMap((task) => {
        const suggestion = item.suggestions?.[task.task];
        return item.labels[task.task] === null &&
          suggestion &&
          task.classes.includes(suggestion.label)
          ? [{ rowId: item.rowId, task: task.task, label: suggestion.label }]
          : [];
      }),
    );
    await write(changes, 'suggestion');
    if (mode.value === 'single') await queue.move(1);
  }

  /**
   * A class typed new: with an item (or a selection) to label, created together with its
   * label as one edit, so Undo takes both back; with nothing to label, added on its own.
   */
  async function addClass(taskName: string, className: string): Promise<void> {
    if (datasetId.value === null) return;
    const index = tasks.value.findIndex((x) => x.task === taskName);
    const name = className.trim();
    if (index >= 0 && targets().length > 0) {
      // The field stays open (with the name typed) when the class is refused.
      if (await choose(index, name, true)) adding.value = null;
      return;
    }
    try {
      const id = datasetId.value;
      const result = await steps.own(() =>
        api().invoke('labels.addClass', {
          datasetId: id,
          task: taskName,
          className: name,
          origin: tabOrigin(),
        }),
      );
      adding.value = null;
      follow.apply(result);
      studio.resolved('labels.addClass');
    } catch (err) {
      studio.notifyError(err, { source: 'labels.addClass' });
    }
  }

  /**
   * The label a task's choice group shows as chosen: the current item's (single mode), or the
   * selection's when all selected items share it; undefined when none (or they differ).
   */
  function groupLabel(task: string): string | null | undefined {
    if (mode.value === 'single') return current.value ? current.value.labels[task] : undefined;
    const chosen = targets();
    if (chosen.length === 0) return undefined;
    const first = chosen[0].labels[task];
    return chosen.every((item) => item.labels[task] === first) ? first : undefined;
  }

  return { adding, choose, chooseByKey, accept, addClass, groupLabel };
}
