/**
 * The Label view's keyboard shortcuts (views/LabelView.vue): what each key of the keymap does
 * there — a class key or missing labels the focused task, Enter accepts the suggestions, the
 * arrows move, Tab goes between tasks, the new-class key opens the focused task's field,
 * Ctrl/⌘+Z and its Shift undo and redo. Which key is which is composables/useLabelHotkeys.ts
 * and components/labelKeys.ts.
 */
import type { ComputedRef, Ref } from 'vue';
import type { LabelKeymap } from '../components/labelKeys';
import type { LabelQueue } from './labelQueue';
import { useLabelHotkeys } from './useLabelHotkeys';
import type { useLabelWrite } from './labelWrite';

/**
 * The shortcuts of the Label view; call in its setup.
 * @param options.enabled whether keys act now (the view shown, keymap settings closed, loaded).
 * @param options.keys the key of each class of the focused task (null: none), in class order.
 * @returns listen / stop: add or remove the window listener (on activation and deactivation).
 */
export function useLabelShortcuts(options: {
  queue: LabelQueue;
  write: Pick<ReturnType<typeof useLabelWrite>, 'adding' | 'chooseByKey' | 'accept'>;
  undoOrRedo: (which: 'labels.undo' | 'labels.redo') => Promise<void>;
  keymap: Ref<LabelKeymap>;
  keys: ComputedRef<(string | null)[]>;
  enabled: () => boolean;
}): { listen: () => void; stop: () => void } {
  const { queue, write, undoOrRedo } = options;
  const { focused, focusedTask, tasks } = queue;
  return useLabelHotkeys({
    enabled: options.enabled,
    keymap: options.keymap,
    keys: options.keys,
    onClass: (classIndex) => {
      const label = focused.value?.classes[classIndex];
      if (label !== undefined) void write.chooseByKey(focusedTask.value, label);
    },
    commands: {
      accept: () => void write.accept(),
      next: () => void queue.move(1),
      previous: () => void queue.move(-1),
      nextTask: () => {
        focusedTask.value = (focusedTask.value + 1) % Math.max(1, tasks.value.length);
      },
      previousTask: () => {
        const count = tasks.value.length;
        focusedTask.value = (focusedTask.value - 1 + count) % Math.max(1, count);
      },
      missing: () => void write.chooseByKey(focusedTask.value, null),
      newClass: () => {
        write.adding.value = focused.value?.task ?? null;
      },
      undo: () => void undoOrRedo('labels.undo'),
      redo: () => void undoOrRedo('labels.redo'),
    },
  });
}
