/**
 * A choice that follows another value until the user picks one: the Export view's report
 * language follows the UI language (found by a new user: it kept the language active when
 * Export was first opened, so an English user got a Chinese report), unless the user chose
 * a language in its own select. The pick can be remembered in the page's localStorage, like
 * the UI language (i18n/index.ts) and the label keys, so a reload keeps it.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import { computed, ref, type WritableComputedRef } from 'vue';

/** The part of the page's localStorage a remembered choice uses. */
export interface ChoiceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where and how a pick is remembered across reloads. */
export interface RememberedChoice<T> {
  /** The localStorage key ('mtl-studio.…'). */
  key: string;
  /** Whether a value read back (JSON-parsed) is still a valid pick; others are ignored. */
  accept: (value: unknown) => value is T;
  /** The storage (default: the page's localStorage; absent in Node, then nothing is kept). */
  storage?: ChoiceStorage;
}

function readPick<T>(remember: RememberedChoice<T>, storage: ChoiceStorage): { value: T } | null {
  try {
    const stored = storage.getItem(remember.key);
    if (stored === null) return null;
    const value = JSON.parse(stored) as unknown;
    return remember.accept(value) ? { value } : null;
  } catch {
    // Unparseable or unreadable storage: as if nothing was picked.
    return null;
  }
}

/**
 * A writable computed that reads `follow()` (reactive: it changes as that does) until it is
 * written; from then on it holds what was written.
 * @param follow reads the value followed, e.g. the UI language.
 * @param remember when given, a pick is stored (JSON) under its key and read back on the
 *   next call, so it outlives a reload; a stored value `accept` refuses is ignored.
 */
export function useFollowedChoice<T>(
  follow: () => T,
  remember?: RememberedChoice<T>,
): WritableComputedRef<T> {
  const storage =
    remember?.storage ?? (globalThis as { localStorage?: ChoiceStorage }).localStorage;
  /** What the user picked, wrapped so that any T (also null) counts as a pick. */
  const picked = ref<{ value: T } | null>(remember && storage ? readPick(remember, storage) : null);
  return computed<T>({
    get: () => (picked.value === null ? follow() : (picked.value.value as T)),
    set: (value) => {
      picked.value = { value };
      if (remember && storage) {
        try {
          storage.setItem(remember.key, JSON.stringify(value));
        } catch {
          // Storage full or refused: the pick still holds for this page.
        }
      }
    },
  });
}
