/**
 * A view picked in the navigation while the page loads stays once the session arrives. A new
 * user clicked Projects as the page opened (to open another project) and was taken back to
 * the Data view of the last project: Projects is the only view the navigation offers before
 * a project is open, and it is also the view shown before the session arrives, so the old
 * check (the view changed while loading) never saw the click. The API and the page's window
 * are stubs here; the session is answered only when the test releases it.
 */
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';

let release: () => void = () => undefined;
const sessionArrives = new Promise<void>((resolve) => (release = resolve));

vi.mock('../../src/renderer/src/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/renderer/src/api')>();
  const invoke = async (channel: string): Promise<unknown> => {
    if (channel === 'app.info') return {};
    if (channel === 'session.state') {
      await sessionArrives;
      return {
        project: { path: '/p/last.mtlproj', name: 'Last' },
        activeRuns: [],
        ui: { view: 'data', datasetId: null },
      };
    }
    return [];
  };
  return {
    ...original,
    api: () => ({ invoke, on: () => undefined, onConnection: () => undefined }),
  };
});

(globalThis as Record<string, unknown>).window = {
  location: { hash: '' },
  addEventListener: () => undefined,
  history: { replaceState: () => undefined, pushState: () => undefined },
};

const { useStudio } = await import('../../src/renderer/src/stores/studio');

describe('the view while the page loads', () => {
  it('keeps Projects when it was picked before the session arrived', async () => {
    setActivePinia(createPinia());
    const studio = useStudio();
    const loading = studio.init();
    studio.pickView('projects');
    studio.pickView('data'); // refused: no project is open yet
    expect(studio.view).toBe('projects');
    release();
    await loading;
    expect(studio.project?.path).toBe('/p/last.mtlproj');
    expect(studio.view).toBe('projects');
  });

  it('restores the recorded view when nothing was picked', async () => {
    setActivePinia(createPinia());
    const studio = useStudio();
    await studio.init();
    expect(studio.view).toBe('data');
  });
});
