/**
 * The Label view's keyboard, from Node: key names of key presses, class keys that never
 * take a command's key, conflicts refused, and which command or class a key picks.
 */
import { describe, expect, it } from 'vitest';
import {
  classKeys,
  DEFAULT_KEYMAP,
  keyLabel,
  keymapConflicts,
  keyName,
  loadKeymap,
  resolveKey,
  saveKeymap,
} from '../../src/renderer/src/components/labelKeys';

const press = (
  key: string,
  mods: Partial<Record<'ctrl' | 'meta' | 'alt' | 'shift', boolean>> = {},
) =>
  keyName({
    key,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    altKey: mods.alt ?? false,
    shiftKey: mods.shift ?? false,
  });

describe('key names', () => {
  it('names printable keys as typed and named keys with Shift', () => {
    expect(press('3')).toBe('3');
    expect(press('A', { shift: true })).toBe('a');
    expect(press('+', { shift: true })).toBe('+');
    expect(press('Tab', { shift: true })).toBe('Shift+Tab');
    expect(press('Enter')).toBe('Enter');
    expect(press('z', { ctrl: true })).toBe('Mod+z');
    expect(press('Z', { meta: true, shift: true })).toBe('Mod+Shift+z');
    expect(press(' ')).toBe('Space');
  });

  it('shows keys on buttons', () => {
    expect(keyLabel('Mod+z')).toBe('Ctrl+z');
    expect(keyLabel('Mod+z', true)).toBe('⌘+z');
    expect(keyLabel('ArrowRight')).toBe('→');
    expect(keyLabel('b')).toBe('B');
  });
});

describe('class keys', () => {
  it('are 1–9 then letters, skipping keys bound to commands', () => {
    expect(classKeys(3, DEFAULT_KEYMAP)).toEqual(['1', '2', '3']);
    const eleven = classKeys(11, DEFAULT_KEYMAP);
    expect(eleven.slice(8)).toEqual(['9', 'a', 'b']);
    // Bind "a" to a command: classes skip it.
    const keymap = { ...DEFAULT_KEYMAP, accept: 'a' };
    expect(classKeys(11, keymap).slice(8)).toEqual(['9', 'b', 'c']);
    // 35 keys at most; further classes are buttons only.
    expect(classKeys(40, DEFAULT_KEYMAP).slice(34)).toEqual(['z', null, null, null, null, null]);
  });

  it('resolve to a command first, else to a class of the focused task', () => {
    const keys = classKeys(4, DEFAULT_KEYMAP);
    expect(resolveKey('Enter', DEFAULT_KEYMAP, keys)).toEqual({ command: 'accept' });
    expect(resolveKey('0', DEFAULT_KEYMAP, keys)).toEqual({ command: 'missing' });
    expect(resolveKey('3', DEFAULT_KEYMAP, keys)).toEqual({ classIndex: 2 });
    expect(resolveKey('5', DEFAULT_KEYMAP, keys)).toBeNull();
  });
});

describe('keymaps', () => {
  it('finds commands bound to the same key', () => {
    expect(keymapConflicts(DEFAULT_KEYMAP)).toEqual([]);
    expect(keymapConflicts({ ...DEFAULT_KEYMAP, next: 'Enter' })).toEqual([['accept', 'next']]);
  });

  it('saves and loads a keymap, refusing clashes', () => {
    const store = new Map<string, string>();
    const host = globalThis as { localStorage?: unknown };
    host.localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    try {
      expect(loadKeymap()).toEqual(DEFAULT_KEYMAP);
      saveKeymap({ ...DEFAULT_KEYMAP, accept: 'Space' });
      expect(loadKeymap().accept).toBe('Space');
      expect(() => saveKeymap({ ...DEFAULT_KEYMAP, undo: 'Enter' })).toThrow(/accept = undo/);
      // A stored clash (edited by hand) falls back to the defaults.
      store.set('mtl-studio.labelKeys', JSON.stringify({ next: 'Enter' }));
      expect(loadKeymap()).toEqual(DEFAULT_KEYMAP);
    } finally {
      delete host.localStorage;
    }
  });
});
