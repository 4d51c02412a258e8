/**
 * The Label view's keyboard loop (Label Studio's hotkey per choice, Prodigy's one keystroke
 * per decision): a window keydown listener, on while the view is shown, that resolves a key
 * through the user's keymap to a command or to a class of the focused task. Keys typed in an
 * input, select or textarea are left alone, and so is every key while `enabled` says no
 * (keymap settings open, nothing loaded).
 */
import type { Ref } from 'vue';
import { keyName, resolveKey, type LabelCommand, type LabelKeymap } from '../components/labelKeys';

/**
 * @param options.keys the key of each class of the focused task (null: none), in class order.
 * @param options.onClass called with the class index of a class key.
 * @param options.commands what each command of the keymap does.
 * @returns listen / stop: add or remove the window listener (idempotent pairs are the
 *   caller's: the view calls them on activation and deactivation).
 */
export function useLabelHotkeys(options: {
  enabled: () => boolean;
  keymap: Ref<LabelKeymap>;
  keys: Ref<(string | null)[]>;
  onClass: (classIndex: number) => void;
  commands: Record<LabelCommand, () => void>;
}): { listen: () => void; stop: () => void } {
  function onKey(event: KeyboardEvent): void {
    if (!options.enabled()) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, select, textarea')) return;
    const resolved = resolveKey(keyName(event), options.keymap.value, options.keys.value);
    if (!resolved) return;
    event.preventDefault();
    if ('classIndex' in resolved) options.onClass(resolved.classIndex);
    else options.commands[resolved.command]();
  }
  return {
    listen: () => window.addEventListener('keydown', onKey),
    stop: () => window.removeEventListener('keydown', onKey),
  };
}
