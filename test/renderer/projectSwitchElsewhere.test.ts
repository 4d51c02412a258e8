/**
 * The server holds one project for every tab (docs: DESIGN.md), so a tab follows a project
 * opened, created or closed in another tab — but says so. Found by a new user: labelling in
 * tab 1, they created a project in tab 2 and found tab 1 silently on the new project's Data
 * view. Now tab 1's status bar names the other tab's action and the project it left, stays
 * until dismissed, and offers the way back (the old project again, on the view and dataset
 * it showed). A switch this tab asked for itself tells nothing. The API and the page's window
 * are stubs; the server's answers are written out below.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (payload: unknown) => void>();
const labelling = { path: '/p/labelling.mtlproj', name: 'Labelling' };
const fresh = { path: '/p/fresh.mtlproj', name: 'Fresh' };
/** The project the fake server has open (what session.state answers). */
let open: typeof labelling | null = labelling;
const opened: string[] = [];

vi.mock('../../src/renderer/src/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/renderer/src/api')>();
  const invoke = async (channel: string, args: { path?: string }): Promise<unknown> => {
    if (channel === 'app.info') return {};
    if (channel === 'session.state') {
      return {
        project: open,
        activeRuns: [],
        ui: { view: 'data', datasetId: open === labelling ? 7 : null, drafts: {}, tables: {} },
      };
    }
    if (channel === 'projects.open') {
      opened.push(args.path!);
      open = args.path === labelling.path ? labelling : fresh;
      // The server tells every tab, this one too, before it answers.
      handlers.get('projects.changed')?.({ project: open });
      return open;
    }
    if (channel === 'datasets.list') {
      return open === labelling ? [{ id: 7, name: 'birds' }] : [];
    }
    if (channel === 'tasks.list' || channel === 'runs.list' || channel === 'projects.recent') {
      return [];
    }
    return [];
  };
  return {
    ...original,
    api: () => ({
      invoke,
      on: (event: string, handler: (payload: unknown) => void) => handlers.set(event, handler),
      onConnection: () => undefined,
    }),
  };
});

(globalThis as Record<string, unknown>).window = {
  location: { hash: '' },
  addEventListener: () => undefined,
  history: { replaceState: () => undefined, pushState: () => undefined },
};

const { useStudio } = await import('../../src/renderer/src/stores/studio');
const { noticeText, noticeLabel } = await import('../../src/renderer/src/stores/notices');
const { i18n } = await import('../../src/renderer/src/i18n');

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const t = i18n.global.t as unknown as Parameters<typeof noticeText>[1];

describe('a project switched in another tab', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    open = labelling;
    opened.length = 0;
    i18n.global.locale.value = 'en';
  });

  it('is told in this tab, naming both projects and the view left, with a way back', async () => {
    const studio = useStudio();
    await studio.init();
    studio.pickView('labels');
    expect(studio.project?.name).toBe('Labelling');

    // Tab 2 creates a project: the server tells every tab.
    open = fresh;
    handlers.get('projects.changed')!({ project: fresh });
    await settle();

    expect(studio.project?.name).toBe('Fresh');
    expect(studio.view).toBe('data');
    const notice = studio.notice!;
    expect(notice.kind).toBe('warning');
    expect(notice.view).toBeNull(); // on every view
    expect(noticeText(notice, t)).toBe(
      'Another tab or window opened the project “Fresh” in place of “Labelling”. The studio has' +
        ' one project open at a time, so this tab shows it too. You were on its Label view.',
    );
    expect(noticeLabel(notice.action!.label, t)).toBe('Back to “Labelling”');
    i18n.global.locale.value = 'zh-CN';
    expect(noticeLabel(notice.action!.label, t)).toBe('回到“Labelling”');
    expect(noticeText(notice, t)).toContain('另一个标签页或窗口打开了项目“Fresh”');
    // The view's name follows the language too.
    expect(noticeText(notice, t)).toContain('你之前在它的“标注”视图。');
    i18n.global.locale.value = 'en';

    // It does not fade like a plain warning (15 s): it waits for the user.
    vi.useFakeTimers();
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    expect(studio.notice).toBe(notice);

    // The way back: the old project, its dataset, the Label view.
    studio.dismissNotice();
    await notice.action!.run();
    expect(opened).toEqual([labelling.path]);
    expect(studio.project?.name).toBe('Labelling');
    expect(studio.datasetId).toBe(7);
    expect(studio.view).toBe('labels');
    await settle();
    // Going back was this tab's own switch: nothing told.
    expect(studio.notice).toBeNull();
  });

  it("this tab's own opening tells nothing", async () => {
    const studio = useStudio();
    await studio.init();
    await studio.openProject(fresh.path);
    await settle();
    expect(studio.project?.name).toBe('Fresh');
    expect(studio.notice).toBeNull();
  });
});
