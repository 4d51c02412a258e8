/**
 * A choice that follows another value until the user picks one: the Export view's report
 * language follows the UI language (found by a new user: it kept the language active when
 * Export was first opened, so an English user got a Chinese report), unless the user chose
 * a language in its own select.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import { computed, ref, type WritableComputedRef } from 'vue';

/**
 * A writable computed that reads `follow()` (reactive: it changes as that does) until it is
 * written; from then on it holds what was written.
 * @param follow reads the value followed, e.g. the UI language.
 */
export function useFollowedChoice<T>(follow: () => T): WritableComputedRef<T> {
  /** What the user picked, wrapped so that any T (also null) counts as a pick. */
  const picked = ref<{ value: T } | null>(null);
  return computed<T>({
    get: () => (picked.value === null ? follow() : (picked.value.value as T)),
    set: (value) => {
      picked.value = { value };
    },
  });
}
