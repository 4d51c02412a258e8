/**
 * The Label view's Undo and Redo buttons show this tab's counts, as the README says (found by
 * a new user: they showed only "Undo Ctrl+z" and "Redo"). Expected texts are the en and
 * zh-CN messages written out here, with the counts given.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { undoButtonText } from '../../src/renderer/src/components/undoCounts';

describe('undoButtonText', () => {
  it('shows the tab’s undo and redo counts, in English and Chinese', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(undoButtonText('undo', 3, t)).toEqual({
      text: 'Undo (3)',
      title: '3 edits of this tab to undo (other tabs and programs undo their own)',
    });
    expect(undoButtonText('undo', 1, t).title).toBe(
      '1 edit of this tab to undo (other tabs and programs undo their own)',
    );
    expect(undoButtonText('redo', 0, t)).toEqual({
      text: 'Redo (0)',
      title: 'No undone edit of this tab to redo',
    });
    i18n.global.locale.value = 'zh-CN';
    expect(undoButtonText('undo', 2, t).text).toBe('撤销（2）');
    expect(undoButtonText('redo', 5, t)).toEqual({
      text: '重做（5）',
      title: '本标签页有 5 次已撤销的编辑可重做',
    });
  });

  it('shows no count while the overview is loading', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    expect(undoButtonText('undo', null, i18n.global.t)).toEqual({ text: 'Undo', title: null });
  });
});
