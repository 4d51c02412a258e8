/**
 * Recent edits name another studio tab's edits as such (labelEventSource.ts; found by a new
 * user: with two tabs, tab A listed tab B's edit as "(you)"). Expected keys by hand from the
 * rule: another tab's origin → otherTab (otherTab_undo / _redo for its undo, redo); this tab's, or none (CLI, older events) → the
 * event's source for an edit, its action for an undo or redo.
 */
import { describe, expect, it } from 'vitest';
import { labelEventSourceKey } from '../../src/renderer/src/labelEventSource';
import { i18n } from '../../src/renderer/src/i18n';

const MINE = 'tab-a';

describe('labelEventSourceKey', () => {
  it('names another tab, this tab and no tab', () => {
    const edit = { source: 'user', action: 'edit' } as const;
    expect(labelEventSourceKey({ ...edit, origin: 'tab-b' }, MINE)).toBe('labels.sources.otherTab');
    expect(labelEventSourceKey({ ...edit, origin: MINE }, MINE)).toBe('labels.sources.user');
    expect(labelEventSourceKey({ ...edit, origin: null }, MINE)).toBe('labels.sources.user');
    expect(labelEventSourceKey(edit, MINE)).toBe('labels.sources.user');
    expect(labelEventSourceKey({ source: 'user', action: 'undo', origin: MINE }, MINE)).toBe(
      'labels.sources.undo',
    );
    expect(labelEventSourceKey({ source: 'user', action: 'redo', origin: 'tab-b' }, MINE)).toBe(
      'labels.sources.otherTab_redo',
    );
    expect(labelEventSourceKey({ source: 'import', action: 'edit', origin: null }, MINE)).toBe(
      'labels.sources.import',
    );
  });

  it('has the words in English and Simplified Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('labels.sources.otherTab')).toBe('另一个标签页');
    expect(i18n.global.t('labels.sources.otherTab_undo')).toBe('另一个标签页撤销');
    i18n.global.locale.value = 'en';
    expect(i18n.global.t('labels.sources.otherTab')).toBe('another tab');
    expect(i18n.global.t('labels.sources.otherTab_undo')).toBe('undo in another tab');
  });
});
