/**
 * A live preview shows only the newest request's answer (composables/previewLoads.ts, the
 * CSV import's preview): an older answer arriving after a newer request started is dropped
 * (the review's "M3"), its error too, and the loading flag stays on until the newest one
 * answers. The fake below answers each request only when the test says so, in the order
 * the test chooses, so every interleaving here is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { usePreviewLoads } from '../../src/renderer/src/composables/previewLoads';

/** A fake server: each ask waits until the test answers (or fails) it. */
function fakeServer<T>() {
  const pending: { answer(value: T): void; fail(err: unknown): void }[] = [];
  const ask = () =>
    new Promise<T>((resolve, reject) => pending.push({ answer: resolve, fail: reject }));
  return { ask, pending };
}

describe('a live preview', () => {
  it('drops an older answer that arrives after a newer request', async () => {
    const shown: string[] = [];
    const loads = usePreviewLoads<string>((p) => shown.push(p));
    const server = fakeServer<string>();
    const first = loads.load(server.ask); // e.g. the file read as utf-8
    const second = loads.load(server.ask); // then as gb18030
    expect(loads.loading.value).toBe(true);
    // The newer request answers first, the older one after it.
    server.pending[1].answer('gb18030 rows');
    await second;
    expect(loads.preview.value).toBe('gb18030 rows');
    expect(loads.loading.value).toBe(false);
    server.pending[0].answer('utf-8 rows');
    await first;
    // Still the newer answer: the older one came too late.
    expect(loads.preview.value).toBe('gb18030 rows');
    expect(shown).toEqual(['gb18030 rows']);
  });

  it('keeps loading until the newest answers; an older failure is not shown', async () => {
    const loads = usePreviewLoads<string>();
    const server = fakeServer<string>();
    const first = loads.load(server.ask);
    const second = loads.load(server.ask);
    // The older request fails first: no error shown, still loading (the newer runs).
    server.pending[0].fail(new Error('old file gone'));
    await first;
    expect(loads.error.value).toBeNull();
    expect(loads.loading.value).toBe(true);
    server.pending[1].answer('rows');
    await second;
    expect(loads.preview.value).toBe('rows');
    expect(loads.error.value).toBeNull();
    expect(loads.loading.value).toBe(false);
  });

  it('shows the newest failure, and drops an older answer after it', async () => {
    const loads = usePreviewLoads<string>();
    const server = fakeServer<string>();
    const first = loads.load(server.ask);
    const second = loads.load(server.ask);
    const problem = new Error('line 3: bad quote');
    server.pending[1].fail(problem);
    await second;
    expect(loads.error.value).toBe(problem);
    expect(loads.preview.value).toBeNull();
    server.pending[0].answer('old rows');
    await first;
    expect(loads.error.value).toBe(problem);
    expect(loads.preview.value).toBeNull();
  });

  it('a cleared preview (no file) stays clear when a request in flight answers', async () => {
    const loads = usePreviewLoads<string>();
    const server = fakeServer<string>();
    await loads.load(async () => 'earlier');
    expect(loads.preview.value).toBe('earlier');
    const inFlight = loads.load(server.ask);
    await loads.load(null); // the path emptied
    expect(loads.preview.value).toBeNull();
    expect(loads.loading.value).toBe(false);
    server.pending[0].answer('rows of the old path');
    await inFlight;
    expect(loads.preview.value).toBeNull();
    expect(loads.loading.value).toBe(false);
  });
});
