/**
 * How the Label view follows its own label action (an edit, undo, redo or class added) from
 * the action's answer alone, without reading the overview again: class counts and labelled
 * rows from the changes, each touched task's classes and "changed since run" figures from
 * the result (LabelEditResult.tasks), the undo and redo depths. Actions of other pages or
 * programs are applied the same way from their `labels.changed` event ({@link heardEdits}),
 * and read again only when the event lacks a part (composables/labelFollow.ts). Plain
 * functions over the contract's types, so a unit test can check them by hand.
 */
import type {
  LabelEditResult,
  LabelItem,
  LabelOverview,
  LabelsChangedEvent,
} from '@shared/contract';

/**
 * Brings `overview` in step with an action this page sent, in place: per touched task its
 * classes (added ones count 0, removed ones go), its class counts moved by each changed
 * label (−1 for the old class, +1 for the new one; missing counts nothing), `labelled` as
 * the sum of its counts (as the server's overview has it), its `lastRun`; and the stacks.
 * A change of a task the overview does not show is skipped.
 * @param latest false for an answer that came after the answer to a later action (two keys
 *   pressed quickly): its counts still move (they add up in any order), but the classes,
 *   `lastRun` and stacks it read are older than those shown, so they are kept.
 */
export function applyEditToOverview(
  overview: LabelOverview,
  result: LabelEditResult,
  latest = true,
): void {
  const byTask = new Map(overview.tasks.map((task) => [task.task, task]));
  const counts = new Map<string, Map<string, number>>();
  const countsOf = (name: string): Map<string, number> | null => {
    const task = byTask.get(name);
    if (!task) return null;
    let map = counts.get(name);
    if (!map) {
      map = new Map(task.classes.map((c, k) => [c, task.classCounts[k] ?? 0]));
      counts.set(name, map);
    }
    return map;
  };
  for (const change of result.changes) {
    const map = countsOf(change.task);
    if (!map) continue;
    if (change.oldLabel !== null) map.set(change.oldLabel, (map.get(change.oldLabel) ?? 0) - 1);
    if (change.newLabel !== null) map.set(change.newLabel, (map.get(change.newLabel) ?? 0) + 1);
  }
  const touched = new Map(result.tasks.map((t) => [t.task, t]));
  for (const name of new Set([...counts.keys(), ...touched.keys()])) {
    const task = byTask.get(name);
    if (!task) continue;
    const map = countsOf(name)!;
    const now = latest ? touched.get(name) : undefined;
    if (now) {
      task.classes = [...now.classes];
      task.lastRun = now.lastRun;
    }
    task.classCounts = task.classes.map((c) => Math.max(0, map.get(c) ?? 0));
    task.labelled = task.classCounts.reduce((a, b) => a + b, 0);
  }
  if (latest) {
    overview.undo = result.undo;
    overview.redo = result.redo;
  }
}

/**
 * Sets each changed label on the items shown (an item not shown is skipped), in place.
 * @param cellBatches row and task → the batch of the newest answer that set that cell here,
 *   kept by the caller across answers: a cell a later action (a higher batch) already set
 *   keeps that label when an earlier action's answer comes after it (two keys pressed
 *   quickly on one item).
 */
export function applyEditToItems(
  items: Map<number, LabelItem>,
  result: LabelEditResult,
  cellBatches: Map<string, number>,
): void {
  for (const change of result.changes) {
    const cell = `${change.rowId}\u0000${change.task}`;
    if (result.batch !== null) {
      if ((cellBatches.get(cell) ?? 0) > result.batch) continue;
      cellBatches.set(cell, result.batch);
    }
    const item = items.get(change.rowId);
    if (item) item.labels[change.task] = change.newLabel;
  }
}

/**
 * A `labels.changed` event of another page or program as answers {@link applyEditToOverview}
 * and {@link applyEditToItems} take: `overview`, one answer of every change of the event (the
 * counts add up over all its batches; the classes, "changed since run" figures and Recent
 * edits are those after its last batch), and `items`, one answer per batch with that batch's
 * changes (a cell a later batch of this page set keeps its label).
 * @param stacks this page's own undo and redo stacks, as shown: carried through unchanged, since
 *   another tab's or program's batches are never on them (labels.undo `origin`).
 * @returns null when the event lacks a part a page needs (its changes, tasks or Recent edits
 *   were not told: too many changes, an import, a failed read) or tells no batch: the page
 *   reads again.
 */
export function heardEdits(
  event: LabelsChangedEvent,
  stacks: { undo: number; redo: number },
): { overview: LabelEditResult; items: LabelEditResult[] } | null {
  const { changes, tasks, recent } = event;
  const last = event.batches.at(-1);
  if (!changes || !tasks || !recent || !last) return null;
  const answer = (batch: number, reverts: number | null): LabelEditResult => ({
    batch,
    reverts,
    source: 'user',
    changes: [],
    skipped: [],
    classChanges: [],
    tasks: [],
    recent: [],
    undo: stacks.undo,
    redo: stacks.redo,
  });
  const view = ({ rowId, task, oldLabel, newLabel }: (typeof changes)[number]) => ({
    rowId,
    task,
    oldLabel,
    newLabel,
  });
  return {
    overview: {
      ...answer(last.batch, last.reverts),
      changes: changes.map(view),
      classChanges: event.classChanges ?? [],
      tasks,
      recent,
    },
    items: event.batches.map((b) => ({
      ...answer(b.batch, b.reverts),
      changes: changes.filter((c) => c.batch === b.batch).map(view),
    })),
  };
}
