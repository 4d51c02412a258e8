/**
 * The task affinity shown for the open dataset (AffinityPanel.vue): the stored one read on
 * open and the one a measure returns, each kept only while its dataset is still open. A
 * measure of dataset A that ends after the user switched to B neither shows A's result (or
 * grouping, or error) under B nor hides B's stored result; a stored read is skipped only
 * while a measure of the same dataset runs.
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue';
import type { TaskAffinityView } from '@shared/contract';

/** What the panel reads: the open dataset's stored result and a new measure of it. */
export interface AffinitySource {
  /** The open dataset id (null: none). */
  datasetId: () => number | null;
  stored: (datasetId: number) => Promise<TaskAffinityView | null>;
  measure: (datasetId: number) => Promise<TaskAffinityView>;
  /** The recommended grouping shown (empty: none). */
  onGroups: (groups: string[][]) => void;
}

/** State and actions of the panel; see the module comment for the dataset rules. */
export interface AffinityLoads {
  result: Ref<TaskAffinityView | null>;
  error: Ref<unknown>;
  /** A measure of the open dataset runs. */
  measuring: ComputedRef<boolean>;
  loadStored: () => Promise<void>;
  measure: () => Promise<void>;
}

/** The panel's state over `source` (see {@link AffinitySource}). */
export function useAffinityLoads(source: AffinitySource): AffinityLoads {
  const result = ref<TaskAffinityView | null>(null);
  const error = ref<unknown>(null);
  /** Datasets with a measure running. */
  const running = ref<number[]>([]);
  const measuring = computed(() => {
    const id = source.datasetId();
    return id !== null && running.value.includes(id);
  });

  async function loadStored(): Promise<void> {
    result.value = null;
    error.value = null;
    source.onGroups([]);
    const datasetId = source.datasetId();
    if (datasetId === null) return;
    try {
      const stored = await source.stored(datasetId);
      // Another dataset opened while reading (its own load shows its result), or a measure
      // of this one runs (its result is newer).
      if (source.datasetId() !== datasetId || running.value.includes(datasetId)) return;
      result.value = stored;
      if (stored) source.onGroups(stored.groups);
    } catch (err) {
      if (source.datasetId() === datasetId) error.value = err;
    }
  }

  async function measure(): Promise<void> {
    const datasetId = source.datasetId();
    if (datasetId === null || running.value.includes(datasetId)) return;
    running.value = [...running.value, datasetId];
    error.value = null;
    try {
      const measured = await source.measure(datasetId);
      if (source.datasetId() !== datasetId) return;
      result.value = measured;
      source.onGroups(measured.groups);
    } catch (err) {
      if (source.datasetId() === datasetId) error.value = err;
    } finally {
      running.value = running.value.filter((id) => id !== datasetId);
    }
  }

  return { result, error, measuring, loadStored, measure };
}
