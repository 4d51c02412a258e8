/**
 * Whether an Auto run's model was refitted on every non-test row (inner folds, small tables:
 * shared/domain.ts AutoFinal.refitEpochs) and for how many epochs, for the run detail
 * (RunDetail.vue). Such a run trains exactly that many epochs with no early stopping — not
 * "at most" its stored epoch cap — and its "validation" curves (and MMoE/PLE gate usage) are
 * of rows it trained on, which the run detail says.
 */
import { ref, watch, type Ref } from 'vue';
import type { AutoFinal, AutoProgress, RunInfo } from '@shared/domain';

/**
 * The refit's epoch count (the most any task trains; every task trains exactly its own
 * count, `AutoFinal.refitEpochsPerTask`), or null when the run's model was not refitted.
 * @param run the run (not Auto: null).
 * @param live the Auto progress heard for it while it runs (phase 'final' carries
 *   `refitEpochs` once the refit starts), or null.
 * @param final the stored search's final model (a finished run), or undefined.
 */
export function refitEpochsOf(
  run: Pick<RunInfo, 'auto'>,
  live: AutoProgress | null,
  final: AutoFinal | undefined,
): number | null {
  if (!run.auto) return null;
  if (final?.refitEpochs !== undefined) return final.refitEpochs;
  return live?.phase === 'final' && live.refitEpochs !== undefined ? live.refitEpochs : null;
}

/**
 * The run detail's epoch count line, as an i18n key and its parameters: "Epoch 70 of at
 * most 500" for a run with early stopping, "Epoch 70 of 70 (refitted …)" for a refitted one.
 * @param trained epochs recorded so far.
 * @param epochCap the run's stored epoch cap (`config.epochs`).
 * @param refitEpochs {@link refitEpochsOf}.
 */
export function epochCountLine(
  trained: number,
  epochCap: number,
  refitEpochs: number | null,
): { key: 'train.epochOf' | 'train.epochOfRefit'; n: number; max: number } {
  return refitEpochs === null
    ? { key: 'train.epochOf', n: trained, max: epochCap }
    : { key: 'train.epochOfRefit', n: trained, max: refitEpochs };
}

/**
 * The stored search's final model of an Auto run that is not running (re-read when its id or
 * status changes); undefined for another run, while it runs, or when it has no finished search.
 * @param run the run shown.
 * @param read reads the stored search (`training.autoSearch`); its errors (NOT_FOUND for a
 *   search that never finished) leave `final` undefined — the search table shows them.
 */
export function useAutoFinal(
  run: () => Pick<RunInfo, 'id' | 'auto' | 'status'>,
  read: (runId: number) => Promise<{ final?: AutoFinal }>,
): Ref<AutoFinal | undefined> {
  const final = ref<AutoFinal | undefined>(undefined);
  watch(
    () => [run().id, run().auto, run().status] as const,
    async ([id, auto, status]) => {
      final.value = undefined;
      if (!auto || status === 'running' || status === 'queued') return;
      try {
        const search = await read(id);
        // The run shown may have changed while the search was read.
        if (run().id === id) final.value = search.final;
      } catch {
        // No finished search: nothing to say about a refit.
      }
    },
    { immediate: true },
  );
  return final;
}
