/**
 * The status-bar message of an undo whose cells another tab or program changed after this
 * tab's edit (labels.undoSkipped, composables/labelUndo.ts): the cells keep the later label,
 * and the message says that this tab's edit still stands under it — the other tab's undo gives
 * it back (store/labels.ts) — and what to do to change it now. Expected texts written out here
 * from that rule, in en and zh-CN, one row and several.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('labels.undoSkipped', () => {
  it('says the edit still stands and how it comes back, in English', () => {
    i18n.global.locale.value = 'en';
    expect(i18n.global.t('labels.undoSkipped', { rows: '2', n: 1 }, 1)).toBe(
      'Not undone: another tab or program changed row 2 after your edit, so it keeps that label. Your edit still stands under it: if that tab undoes its change, the row gets your label back; to change it now, label the row again.',
    );
    expect(i18n.global.t('labels.undoSkipped', { rows: '2, 5, 9', n: 3 }, 3)).toBe(
      'Not undone: another tab or program changed 3 rows (2, 5, 9) after your edit, so they keep those labels. Your edit still stands under them: if that tab undoes its changes, the rows get your labels back; to change them now, label the rows again.',
    );
  });

  it('says the same in Simplified Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('labels.undoSkipped', { rows: '2', n: 1 }, 1)).toBe(
      '未撤销：你修改之后，另一个标签页或程序又更改了第 2 行，因此保留其标签。你的修改仍在其下：若那个标签页撤销它的更改，该行将恢复为你的标签；如要现在更改，请重新标注该行。',
    );
    expect(i18n.global.t('labels.undoSkipped', { rows: '2, 5, 9', n: 3 }, 3)).toBe(
      '未撤销：你修改之后，另一个标签页或程序又更改了 3 行（2, 5, 9），因此保留它们的标签。你的修改仍在其下：若那个标签页撤销它的更改，这些行将恢复为你的标签；如要现在更改，请重新标注这些行。',
    );
  });
});
