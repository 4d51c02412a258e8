/**
 * Small wording faults a new user found (expected strings written out by hand from
 * src/renderer/src/i18n): zh-CN line lists with "、", not an ASCII comma ("第 4, 6 行"); no
 * space after "。" where the status bar joins two sentences; no "…." in the formula warning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import { lineList } from '../../src/renderer/src/lineList';
import { noticeText } from '../../src/renderer/src/stores/notices';

const t = (key: string, values: Record<string, unknown> = {}, plural = 1): string =>
  i18n.global.t(key, values, plural);

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('wording', () => {
  it('lists skipped lines with the language’s separator', () => {
    expect(lineList([4, 6], 2, t('common.listSeparator'))).toBe('4, 6');
    expect(lineList([4, 6], 9, t('common.listSeparator'))).toBe('4, 6, …');
    i18n.global.locale.value = 'zh-CN';
    const listed = lineList([4, 6], 2, t('common.listSeparator'));
    expect(t('predict.skippedLines', { n: 2, lines: listed }, 2)).toBe(
      '跳过了 2 行字段数不对的行（第 4、6 行），它们不在预测结果中。',
    );
  });

  it('joins the other-tab notice without a space after 。, with one in English', () => {
    const notice = {
      text: '',
      message: [
        { key: 'projects.switchedElsewhere', params: { name: 'c', previous: 'a' } },
        { key: 'projects.youWereOn', params: { view: { key: 'nav.compare' } } },
      ],
    };
    expect(noticeText(notice, t)).toMatch(/this tab shows it too\. You were on its /);
    i18n.global.locale.value = 'zh-CN';
    const zh = noticeText(notice, t);
    expect(zh).toContain('本标签页也随之切换。你之前在它的');
    expect(zh).not.toMatch(/。 /);
  });

  it('counts the formula cells not named, with one full stop', () => {
    const cells = `column “x”, row 1: “=SUM(1)”; ${t('predict.formulaCellsMore', { n: 3 }, 3)}`;
    const text = t('predict.formulaCells', { count: 4, cells }, 4);
    expect(text).toContain('“=SUM(1)”; and 3 more. They are written');
    expect(text).not.toContain('….');
  });
});
