/**
 * The status bar's notices (stores/notices.ts, through the studio store), from Node with a
 * fake clock: how long each kind stays, that a notice belongs to the view it came on, that a
 * global one stays on every view, and that an error goes once the action that raised it
 * succeeds. The browser side (what the user sees) is in test/e2e/feedback.test.ts.
 */
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import {
  INFO_SECONDS,
  noticeLabel,
  noticeText,
  WARNING_SECONDS,
} from '../../src/renderer/src/stores/notices';
import { useStudio } from '../../src/renderer/src/stores/studio';

describe('status bar notices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('lets an information fade after INFO_SECONDS and a warning after WARNING_SECONDS', () => {
    const studio = useStudio();
    studio.view = 'data';
    studio.notify('info', 'Imported.');
    vi.advanceTimersByTime(INFO_SECONDS * 1000 - 1);
    expect(studio.notice?.text).toBe('Imported.');
    vi.advanceTimersByTime(1);
    expect(studio.notice).toBeNull();

    studio.notifyError(new Error('reload failed'), { warning: true });
    expect(studio.notice?.kind).toBe('warning');
    vi.advanceTimersByTime(WARNING_SECONDS * 1000 - 1);
    expect(studio.notice?.kind).toBe('warning');
    vi.advanceTimersByTime(1);
    expect(studio.notice).toBeNull();
  });

  it('keeps an error until dismissed, and a new notice’s timer does not clear the next one', () => {
    const studio = useStudio();
    studio.view = 'data';
    studio.notify('info', 'first');
    studio.notifyError(new Error('the name is taken'));
    // The information's timer ends; the error that replaced it stays, an hour later too.
    vi.advanceTimersByTime(3_600_000);
    expect(studio.notice).toMatchObject({ kind: 'error', text: 'the name is taken', view: 'data' });
    studio.dismissNotice();
    expect(studio.notice).toBeNull();
  });

  it('drops a notice when another view is shown, but not a global one', async () => {
    const studio = useStudio();
    studio.view = 'data';
    await nextTick();
    studio.notifyError(new Error('rename failed'));
    studio.view = 'tasks';
    await nextTick();
    expect(studio.notice).toBeNull();

    studio.notifyError(new Error('the project file is damaged'), { global: true });
    studio.view = 'train';
    await nextTick();
    expect(studio.notice).toMatchObject({ kind: 'error', view: null });
  });

  it('drops an error once the action that raised it succeeds, and only that one', () => {
    const studio = useStudio();
    studio.view = 'train';
    studio.notifyError(new Error('rename refused'), { source: 'runs.rename:3' });
    studio.resolved('runs.rename:4');
    studio.resolved('runs.notes:3');
    expect(studio.notice?.text).toBe('rename refused');
    studio.resolved('runs.rename:3');
    expect(studio.notice).toBeNull();
  });

  it('keeps a message given as keys and translates it when shown, in the language of then', () => {
    const studio = useStudio();
    studio.view = 'labels';
    const t = i18n.global.t as Parameters<typeof noticeText>[1];
    i18n.global.locale.value = 'en';
    try {
      // A redo in another tab that brought a class back (composables/labelUndo.ts), with its
      // Show button. Expected texts: the en and zh-CN messages of i18n/labels.ts written out.
      studio.notify(
        'info',
        [
          { key: 'labels.classesRestored', params: { classes: '“Medium”' } },
          { key: 'labels.changedNotListed', plural: 2 },
        ],
        { action: { label: { key: 'labels.showChanged' }, run: () => {} } },
      );
      const notice = studio.notice!;
      expect(noticeText(notice, t)).toMatch(
        /^Brought back “Medium”, created by the redone edit\. /,
      );
      expect(noticeLabel(notice.action!.label, t)).toBe('Show');
      i18n.global.locale.value = 'zh-CN';
      expect(noticeText(notice, t)).toMatch(/^已恢复由重做的修改创建的 “Medium”。这些行/);
      expect(noticeLabel(notice.action!.label, t)).toBe('显示');
      // A message given as text stays as written.
      expect(noticeText({ text: 'as written' }, t)).toBe('as written');
    } finally {
      i18n.global.locale.value = 'en';
    }
  });
});
