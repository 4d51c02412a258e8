/**
 * A live preview asked again on each edit (the CSV import's first rows as the file would
 * be read): only the newest request's answer is shown. An older answer that arrives after
 * a newer request started (the server answered out of order: an old file slow to read) is
 * dropped, its error too, and the loading flag stays on until the newest answers. Kept
 * apart from ImportWizard.vue so that this rule is tested with a fake that answers out of
 * order (test/renderer/previewLoads.test.ts).
 */
import { ref, type Ref } from 'vue';

/** State and action of a live preview; see the module comment for the ordering rule. */
export interface PreviewLoads<T> {
  /** The newest request's answer (null: none yet, failed, or cleared). */
  preview: Ref<T | null>;
  /** The newest request's failure (null: none). */
  error: Ref<unknown>;
  /** The newest request is in flight. */
  loading: Ref<boolean>;
  /**
   * Starts a request with `ask` (null: nothing to preview, e.g. no file: clears the preview
   * and its error at once), making every request in flight stale. Resolves when this
   * request has answered; never rejects (a failure goes to `error`).
   */
  load(ask: (() => Promise<T>) | null): Promise<void>;
}

/**
 * A live preview whose stale answers are dropped.
 * @param shown called with each answer shown (to start the form from it), after
 *   `preview` holds it.
 */
export function usePreviewLoads<T>(shown?: (preview: T) => void): PreviewLoads<T> {
  const preview = ref<T | null>(null) as Ref<T | null>;
  const error = ref<unknown>(null);
  const loading = ref(false);
  /** The count of requests started: a request is current while it is the last one. */
  let started = 0;

  async function load(ask: (() => Promise<T>) | null): Promise<void> {
    const mine = ++started;
    if (!ask) {
      preview.value = null;
      error.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const result = await ask();
      if (mine !== started) return;
      preview.value = result;
      error.value = null;
      shown?.(result);
    } catch (err) {
      if (mine !== started) return;
      preview.value = null;
      error.value = err;
    } finally {
      if (mine === started) loading.value = false;
    }
  }

  return { preview, error, loading, load };
}
