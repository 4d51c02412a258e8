/**
 * "Train these tasks" from the Compare view: the affinity panel's recommended groups ("Train
 * this group" / "Train alone") and the cross-validation panel's negative-transfer warnings
 * ("Train it alone", "Train with its group") all take the user to the Train view with exactly
 * those tasks ticked and the architecture that fits them (one task: single-task; a group:
 * hard sharing), the rest of the form as last left for the dataset. One way, through the
 * dataset's stored Train draft (`session.update`), which the Train view shows when it opens and
 * follows while it is open (composables/trainDraftFollow.ts); the user then presses Start.
 */
import type { TrainDraft } from '@shared/contract';
import type { ViewName } from '../stores/route';

/** The architecture the Train form gets for `tasks`: 'single-task' for one, else hard sharing. */
export function archForTasks(tasks: readonly string[]): 'single-task' | 'hard-sharing' {
  return tasks.length === 1 ? 'single-task' : 'hard-sharing';
}

/**
 * The Train draft with `tasks` ticked and {@link archForTasks}'s architecture; every other
 * value and list of `current` (the dataset's draft, null: none, the engine's defaults) kept.
 * No `knownTasks`: the draft names exactly the tasks to train ({@link restoredTicks} then
 * ticks no other).
 * @throws Error when `tasks` is empty (nothing to train).
 */
export function draftWithTasks(current: TrainDraft | null, tasks: readonly string[]): TrainDraft {
  if (tasks.length === 0) throw new Error('draftWithTasks: no task given (tasks = [])');
  return {
    values: { ...(current?.values ?? {}), arch: archForTasks(tasks) },
    lists: { ...(current?.lists ?? {}) },
    tasks: [...tasks],
  };
}

/**
 * The tasks of `picked` that the dataset has, in the dataset's order (`taskNames`), whatever
 * order they were ticked or given in (a group of the affinity, a duplicated run): a run lists
 * its tasks as earlier runs of the dataset do ("type, predator", never "predator, type").
 * Names not in `taskNames` are left out, each name once.
 */
export function inTaskOrder(picked: readonly string[], taskNames: readonly string[]): string[] {
  const wanted = new Set(picked);
  return taskNames.filter((name, i) => wanted.has(name) && taskNames.indexOf(name) === i);
}

/**
 * The tasks the Train form ticks when it shows a stored draft, in the dataset's order
 * (`taskNames`): the draft's ticked tasks that the dataset still has (a deleted task is
 * dropped), and every task of the dataset the draft did not know (`knownTasks`: the dataset's
 * tasks when it was saved). A new user defined `island`, opened Train, then added `species`
 * and `sex`: the form ticked island alone ("hard parameter sharing has nothing to share").
 * A task the user unticked is among `knownTasks`, so it stays unticked.
 *
 * A draft without `knownTasks` (stored before they were recorded, or made by
 * {@link draftWithTasks}, which names exactly the tasks to train) ticks nothing new: which
 * tasks existed when it was saved is not known, and ticking one the user had unticked would
 * silently change what trains, while a task left unticked is in plain view (and the form's
 * next save records `knownTasks`).
 * @param draft the stored draft's ticked tasks and, if recorded, the tasks it knew
 * @param taskNames the dataset's task names now, in its order
 */
export function restoredTicks(
  draft: Pick<TrainDraft, 'tasks' | 'knownTasks'>,
  taskNames: readonly string[],
): string[] {
  const known = draft.knownTasks === undefined ? null : new Set(draft.knownTasks);
  const ticked = new Set(draft.tasks);
  return inTaskOrder(
    taskNames.filter((name) => ticked.has(name) || (known !== null && !known.has(name))),
    taskNames,
  );
}

/** What {@link trainTasks} uses of the studio store (stores/studio.ts). */
export interface TrainTasksStudio {
  datasetId: number | null;
  trainDraft: (datasetId: number) => TrainDraft | null;
  saveTrainDraft: (datasetId: number, draft: TrainDraft | null) => Promise<void>;
  pickView: (view: ViewName) => void;
}

/**
 * Takes the user to the Train view with `tasks` ticked (see the module comment): stores
 * {@link draftWithTasks} as the open dataset's draft, then shows the Train view. Nothing
 * happens without an open dataset.
 * @throws whatever the draft's save throws (`session.update`); the view is then not changed.
 */
export async function trainTasks(
  studio: TrainTasksStudio,
  tasks: readonly string[],
): Promise<void> {
  const datasetId = studio.datasetId;
  if (datasetId === null) return;
  await studio.saveTrainDraft(datasetId, draftWithTasks(studio.trainDraft(datasetId), tasks));
  studio.pickView('train');
}
