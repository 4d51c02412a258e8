/**
 * The latest undo or redo of label edits, per dataset, for every view that shows something an
 * edit batch did: the Label view's undo (composables/labelUndo.ts) publishes it here, and the
 * labels-file panel (components/LabelFiles.vue), shown in the Label and the Export views, marks
 * an import it took back (or brought back) wherever it is shown. Kept apart from the studio
 * store: only the label views read it.
 *
 * It also hears label changes made in other tabs (or windows) and by other programs on the
 * project file: the server tells every page `labels.changed` for each edit, undo, redo,
 * import and class added (origin 'studio'), and for the batches another program wrote (origin
 * 'elsewhere': one event per dataset and check of the file). This page's own writes are told
 * too; they go through {@link own}, which learns their batches, so only the others count in
 * `elsewhere` and reach the listeners of {@link onElsewhere} (an undo or redo done elsewhere
 * is recorded as a step here as well); every event counts in `heard`. An event heard while a
 * write of this page is in flight waits for it: until its answer comes, the page cannot tell
 * whether the batch is its own.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LabelsChangedEvent } from '@shared/contract';
import { api } from '../api';

/** An undo or redo: the edit batch it reverted or re-applied, and which it was. */
export interface LabelStep {
  batch: number;
  which: 'undo' | 'redo';
}

/** The label steps store: the latest undo or redo of each dataset, and changes made elsewhere. */
export const useLabelSteps = defineStore('labelSteps', () => {
  /** Dataset id → its latest undo or redo (absent: none since the page loaded). */
  const latest = ref<Record<number, LabelStep>>({});
  /**
   * Dataset id → how many label changes other pages (or programs) made since this page
   * loaded: a page showing them reads them again.
   */
  const elsewhere = ref<Record<number, number>>({});
  /**
   * Dataset id → how many label changes were heard since this page loaded, its own
   * included: a page showing something they may change (counts, a check of a file) knows it
   * is out of date.
   */
  const heard = ref<Record<number, number>>({});
  /** This page's label writes (set, undo, redo, import) sent and not answered yet. */
  let inFlight = 0;
  /** How many label writes this page has sent (a read can tell whether one came meanwhile). */
  const ownWrites = ref(0);
  /** Batches this page wrote whose event was not heard yet. */
  const ownBatches = new Set<number>();
  /** Events heard while a write of this page was in flight. */
  const waiting: LabelsChangedEvent[] = [];
  /** Told each change made elsewhere, before `elsewhere` counts it (see {@link onElsewhere}). */
  const listeners = new Set<(event: LabelsChangedEvent) => void>();

  /** Records an undo or redo of `datasetId` that reverted or re-applied `step.batch`. */
  function stepped(datasetId: number, step: LabelStep): void {
    latest.value = { ...latest.value, [datasetId]: { ...step } };
  }

  /** The latest undo or redo of `datasetId` (null: none since the page loaded). */
  function latestOf(datasetId: number | null): LabelStep | null {
    return datasetId === null ? null : (latest.value[datasetId] ?? null);
  }

  /** How many label changes of `datasetId` other pages made since this one loaded (0: none). */
  function elsewhereOf(datasetId: number | null): number {
    return datasetId === null ? 0 : (elsewhere.value[datasetId] ?? 0);
  }

  /** How many label changes of `datasetId` were heard since this page loaded (0: none). */
  function heardOf(datasetId: number | null): number {
    return datasetId === null ? 0 : (heard.value[datasetId] ?? 0);
  }

  /** Takes the events heard, once no write of this page is in flight. */
  function flush(): void {
    if (inFlight > 0) return;
    for (const event of waiting.splice(0)) {
      heard.value = { ...heard.value, [event.datasetId]: heardOf(event.datasetId) + 1 };
      // A write through the studio is one batch: this page's own when it sent it.
      if (event.origin === 'studio' && event.batches.some((b) => ownBatches.delete(b.batch))) {
        continue;
      }
      for (const b of event.batches) {
        if ((b.kind === 'undo' || b.kind === 'redo') && b.reverts !== null) {
          stepped(event.datasetId, { batch: b.reverts, which: b.kind });
        }
      }
      for (const listener of listeners) listener(event);
      elsewhere.value = {
        ...elsewhere.value,
        [event.datasetId]: (elsewhere.value[event.datasetId] ?? 0) + 1,
      };
    }
  }

  /**
   * Sends a label write of this page (`labels.set`, `labels.undo`, `labels.redo`,
   * `labels.import`, `labels.addClass`): its batch (when it wrote one) is known as this page's, so its event
   * does not count as a change made elsewhere.
   * @returns what `write` answers (its rejection too).
   */
  async function own<T extends { batch: number | null }>(write: () => Promise<T>): Promise<T> {
    inFlight++;
    ownWrites.value++;
    try {
      const result = await write();
      if (result.batch !== null) ownBatches.add(result.batch);
      return result;
    } finally {
      inFlight--;
      flush();
    }
  }

  /**
   * Tells `listener` each label change another page or program made (an event of this page's
   * own writes never), once no write of this page is in flight, in the order heard.
   * @returns a function that stops telling it.
   */
  function onElsewhere(listener: (event: LabelsChangedEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  api().on('labels.changed', (event) => {
    waiting.push(event);
    flush();
  });

  return {
    latest,
    elsewhere,
    heard,
    ownWrites,
    stepped,
    latestOf,
    elsewhereOf,
    heardOf,
    own,
    onElsewhere,
  };
});
