/**
 * The latest undo or redo of label edits, per dataset, for every view that shows something an
 * edit batch did: the Label view's undo (composables/labelUndo.ts) publishes it here, and the
 * labels-file panel (components/LabelFiles.vue), shown in the Label and the Export views, marks
 * an import it took back (or brought back) wherever it is shown. Kept apart from the studio
 * store: only the label views read it.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

/** An undo or redo: the edit batch it reverted or re-applied, and which it was. */
export interface LabelStep {
  batch: number;
  which: 'undo' | 'redo';
}

/** The label steps store: the latest undo or redo of each dataset this page did. */
export const useLabelSteps = defineStore('labelSteps', () => {
  /** Dataset id → its latest undo or redo (absent: none since the page loaded). */
  const latest = ref<Record<number, LabelStep>>({});

  /** Records an undo or redo of `datasetId` that reverted or re-applied `step.batch`. */
  function stepped(datasetId: number, step: LabelStep): void {
    latest.value = { ...latest.value, [datasetId]: { ...step } };
  }

  /** The latest undo or redo of `datasetId` (null: none since the page loaded). */
  function latestOf(datasetId: number | null): LabelStep | null {
    return datasetId === null ? null : (latest.value[datasetId] ?? null);
  }

  return { latest, stepped, latestOf };
});
