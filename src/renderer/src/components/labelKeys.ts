/**
 * The Label view's keyboard: command keys (configurable, remembered in localStorage) and
 * the class keys of the focused task (1–9, then letters), kept free of conflicts — a letter
 * bound to a command is never a class key. Plain TypeScript, no Vue.
 */

/** What a key can do in the Label view. */
export type LabelCommand =
  | 'next'
  | 'previous'
  | 'accept'
  | 'nextTask'
  | 'previousTask'
  | 'undo'
  | 'redo'
  | 'missing'
  | 'newClass';

/** A key per command, as {@link keyName} spells it. */
export type LabelKeymap = Record<LabelCommand, string>;

/** The commands in the order the settings list them. */
export const LABEL_COMMANDS: readonly LabelCommand[] = [
  'accept',
  'next',
  'previous',
  'nextTask',
  'previousTask',
  'missing',
  'newClass',
  'undo',
  'redo',
];

/** Default keys: Enter accepts and moves on, arrows move, Tab moves between tasks. */
export const DEFAULT_KEYMAP: LabelKeymap = {
  accept: 'Enter',
  next: 'ArrowRight',
  previous: 'ArrowLeft',
  nextTask: 'Tab',
  previousTask: 'Shift+Tab',
  missing: '0',
  newClass: '+',
  undo: 'Mod+z',
  redo: 'Mod+Shift+z',
};

/** Keys of classes, in order: digits first, then letters. */
const CLASS_KEY_ORDER = [...'123456789', ...'abcdefghijklmnopqrstuvwxyz'];

/** The parts of a keyboard event that name a key. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The name of a key press: "Mod+" for Ctrl or ⌘, "Alt+", and "Shift+" for named keys (Tab,
 * arrows …) or with a modifier; printable keys as typed, letters in lower case — so "+" is
 * "+" whatever the layout needs to type it.
 */
export function keyName(e: KeyLike): string {
  const printable = e.key.length === 1;
  const key = printable ? e.key.toLowerCase() : e.key;
  const mod = e.ctrlKey || e.metaKey;
  const parts: string[] = [];
  if (mod) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey && (!printable || mod || e.altKey)) parts.push('Shift');
  parts.push(key === ' ' ? 'Space' : key);
  return parts.join('+');
}

/**
 * Class keys for `count` classes: 1–9, then letters, skipping keys a command uses; classes
 * past the available keys get none (null: button only).
 */
export function classKeys(count: number, keymap: LabelKeymap): (string | null)[] {
  const used = new Set(Object.values(keymap));
  const free = CLASS_KEY_ORDER.filter((k) => !used.has(k));
  return Array.from({ length: count }, (_, i) => free[i] ?? null);
}

/**
 * Commands bound to the same key.
 * @returns the groups of clashing commands (empty when the keymap is conflict-free).
 */
export function keymapConflicts(keymap: LabelKeymap): LabelCommand[][] {
  const byKey = new Map<string, LabelCommand[]>();
  for (const command of LABEL_COMMANDS) {
    const key = keymap[command];
    byKey.set(key, [...(byKey.get(key) ?? []), command]);
  }
  return [...byKey.values()].filter((commands) => commands.length > 1);
}

/**
 * The command a key runs, or the index of the class it picks (among `keys` from
 * {@link classKeys}), or null.
 */
export function resolveKey(
  name: string,
  keymap: LabelKeymap,
  keys: readonly (string | null)[],
): { command: LabelCommand } | { classIndex: number } | null {
  for (const command of LABEL_COMMANDS) if (keymap[command] === name) return { command };
  const index = keys.indexOf(name);
  return index >= 0 ? { classIndex: index } : null;
}

const STORAGE_KEY = 'mtl-studio.labelKeys';

/** The page's storage; absent when tested from Node. */
const host = globalThis as {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, v: string): void };
};

/** The saved keymap (defaults for unknown or clashing entries). */
export function loadKeymap(): LabelKeymap {
  try {
    const saved = JSON.parse(host.localStorage?.getItem(STORAGE_KEY) ?? '{}') as Partial<
      Record<string, unknown>
    >;
    const keymap = { ...DEFAULT_KEYMAP };
    for (const command of LABEL_COMMANDS) {
      const key = saved[command];
      if (typeof key === 'string' && key !== '') keymap[command] = key;
    }
    return keymapConflicts(keymap).length === 0 ? keymap : { ...DEFAULT_KEYMAP };
  } catch {
    return { ...DEFAULT_KEYMAP };
  }
}

/** Saves a keymap. @throws Error naming the clashing commands when it has conflicts. */
export function saveKeymap(keymap: LabelKeymap): void {
  const conflicts = keymapConflicts(keymap);
  if (conflicts.length > 0) {
    throw new Error(`Keys clash: ${conflicts.map((c) => c.join(' = ')).join('; ')}`);
  }
  host.localStorage?.setItem(STORAGE_KEY, JSON.stringify(keymap));
}

/** How a key name is shown on a button (⌘/Ctrl, arrows as symbols). */
export function keyLabel(name: string, mac = false): string {
  return name
    .replace('Mod', mac ? '⌘' : 'Ctrl')
    .replace('ArrowRight', '→')
    .replace('ArrowLeft', '←')
    .replace('ArrowUp', '↑')
    .replace('ArrowDown', '↓')
    .replace(/^([a-z])$/, (c) => c.toUpperCase());
}
