/**
 * How the Label view (views/LabelView.vue) follows label changes: its own actions from their
 * answers ({@link LabelFollow.apply}), and those of other tabs and programs from their
 * `labels.changed` event (stores/labelSteps.ts onElsewhere) the same way — counts, classes,
 * "changed since run" notice, stacks, Recent edits and the labels of the items shown — with
 * no request. It reads the overview and the items on screen again only when the event lacks
 * a part (an import, more changes than an event carries, a failed read on the server) or a
 * read of this page was in flight when it came (its answer may or may not hold the change).
 * The queue (which rows the filter matches) it reads again on every change heard, keeping the
 * place (LabelQueue.followOrdering).
 */
import { onScopeDispose, type ComputedRef, type Ref } from 'vue';
import type {
  LabelEditResult,
  LabelItem,
  LabelOverview,
  LabelsChangedEvent,
} from '@shared/contract';
import { api } from '../api';
import { tabOrigin } from '../tabOrigin';
import { useLabelSteps } from '../stores/labelSteps';
import { useStudio } from '../stores/studio';
import { applyEditToItems, applyEditToOverview, heardEdits } from './labelEditApply';
import type { LabelQueue } from './labelQueue';

/** What {@link useLabelFollow} returns. */
export interface LabelFollow {
  /**
   * Applies what an action of this page (edit, undo, redo, class added) changed, from its
   * answer alone (composables/labelEditApply.ts): the labels of the items shown, the counts,
   * classes and "changed since run" notice of the tasks it touched, the stacks and Recent
   * edits.
   */
  apply(result: LabelEditResult): void;
  /** Reads everything again (LabelQueue.reload), forgetting the batches applied. */
  reload(): Promise<void>;
  /** Reads again what other pages changed (see the module); one read at a time. */
  followElsewhere(): Promise<void>;
}

/**
 * Follows label changes for the Label view; call in its setup (it listens to the label steps
 * store until the view's scope ends).
 * @param active whether the view is shown: a change heard while it is not is read on its
 *   next activation (which reloads).
 */
export function useLabelFollow(
  queue: LabelQueue,
  context: {
    datasetId: ComputedRef<number | null>;
    runId: Ref<number | null>;
    active: Ref<boolean>;
  },
): LabelFollow {
  const studio = useStudio();
  const steps = useLabelSteps();
  const { overview, items, history } = queue;
  const { datasetId, runId, active } = context;

  /** The newest batch whose answer {@link apply} took (0: none yet). */
  let newestApplied = 0;
  /** Row and task → the batch of the newest answer that set that cell (applyEditToItems). */
  const cellBatches = new Map<string, number>();

  function apply(result: LabelEditResult): void {
    // Batches are numbered in the order the project wrote them: an answer to an earlier action
    // arriving after a later one's (two quick keys) still moves the counts, but what it read
    // (notice figures, classes, stacks, Recent edits) is older than what is shown.
    // An answer that changed nothing (no batch) has nothing to apply.
    const latest = result.batch !== null && result.batch >= newestApplied;
    if (latest) newestApplied = result.batch!;
    for (const change of result.changes) queue.labelledHere.add(change.rowId);
    applyEditToItems(items, result, cellBatches);
    if (overview.value) applyEditToOverview(overview.value, result, latest);
    if (latest) history.value = result.recent;
  }

  async function reload(): Promise<void> {
    // Read afresh (maybe another project: its batches count from 1 again).
    newestApplied = 0;
    cellBatches.clear();
    await queue.reload();
  }

  /** A read of another page's changes is in flight; `elsewhereAgain`: read once more after it. */
  let elsewhereRead: Promise<void> | null = null;
  let elsewhereAgain = false;

  /**
   * Reads again what another tab's (or program's) action changed: the overview (counts,
   * classes, stacks, "changed since run"), Recent edits and the labels of the items on
   * screen. The place (queue, item, page, selection) stays. A write of this page sent
   * meanwhile (its counts follow it by {@link apply}) makes it read again, so the counts
   * shown are the project's. Changes heard while a read is in flight are read once more
   * after it.
   */
  function followElsewhere(): Promise<void> {
    if (elsewhereRead) {
      elsewhereAgain = true;
      return elsewhereRead;
    }
    const read = async (): Promise<void> => {
      do {
        elsewhereAgain = false;
        await readElsewhere();
      } while (elsewhereAgain);
    };
    elsewhereRead = read().finally(() => (elsewhereRead = null));
    return elsewhereRead;
  }

  /** One read for {@link followElsewhere}. */
  async function readElsewhere(): Promise<void> {
    const id = datasetId.value;
    if (id === null || !overview.value) return;
    let fresh: LabelOverview;
    let shown: LabelItem[];
    let writes: number;
    do {
      writes = steps.ownWrites;
      const ids = queue.shownIds();
      [fresh, shown] = await Promise.all([
        api().invoke('labels.overview', { datasetId: id, origin: tabOrigin() }),
        ids.length > 0
          ? api().invoke('labels.items', {
              datasetId: id,
              rowIds: ids,
              runId: runId.value ?? undefined,
            })
          : Promise.resolve([]),
      ]);
      if (id !== datasetId.value) return;
    } while (writes !== steps.ownWrites);
    overview.value = fresh;
    items.clear();
    for (const item of shown) items.set(item.rowId, item);
    await queue.loadSide();
  }

  /** A read of the queue after changes heard is in flight; `queueAgain`: read once more after it. */
  let queueRead: Promise<void> | null = null;
  let queueAgain = false;

  /**
   * Reads the queue again for changes another page or program made (LabelQueue.followOrdering:
   * the rows the filter now matches, the place kept): one read at a time, and once more after
   * it for changes heard meanwhile, so a burst of changes is not a burst of reads.
   */
  function followQueue(): void {
    if (queueRead) {
      queueAgain = true;
      return;
    }
    const read = async (): Promise<void> => {
      do {
        queueAgain = false;
        await queue.followOrdering();
      } while (queueAgain);
    };
    queueRead = read()
      .catch((err: unknown) => studio.notifyError(err, { warning: true }))
      .finally(() => (queueRead = null));
  }

  /**
   * A change another page or program made to the dataset shown: applied from its event when
   * it tells all a page needs and nothing of this page is being read, else read again; the
   * queue is read again either way (which rows a filter matches needs every task's label of
   * rows not fetched here).
   */
  function heard(event: LabelsChangedEvent): void {
    if (!active.value || event.datasetId !== datasetId.value || !overview.value) return;
    followQueue();
    const edits = heardEdits(event, overview.value);
    if (edits === null || queue.reading.value > 0 || elsewhereRead !== null) {
      followElsewhere().catch((err: unknown) => studio.notifyError(err, { warning: true }));
      return;
    }
    for (const answer of edits.items) applyEditToItems(items, answer, cellBatches);
    const latest = edits.overview.batch! >= newestApplied;
    if (latest) newestApplied = edits.overview.batch!;
    applyEditToOverview(overview.value, edits.overview, latest);
    if (latest) history.value = edits.overview.recent;
  }

  onScopeDispose(steps.onElsewhere(heard));

  return { apply, reload, followElsewhere };
}
