/**
 * A tab's label origin (tabOrigin.ts) with a fake BroadcastChannel and fake sessionStorage:
 * a duplicated tab (its sessionStorage copied from a live tab, origin included) takes a fresh
 * origin, so the two tabs no longer undo each other's edits; a reloaded tab keeps its origin
 * (no live tab holds it); a new tab makes one without claiming. Expected origins by hand from
 * the fake ids: tab `name` gets ids `name-0` (its page id), `name-1`, … in order.
 */
import { describe, expect, it } from 'vitest';
import {
  createTabOriginClaim,
  type OriginChannel,
  type OriginMessage,
  type TabOriginClaim,
} from '../../src/renderer/src/tabOrigin';

const KEY = 'mtl-studio.labelOrigin';
const RELEASED = 'mtl-studio.labelOriginReleased';

/** Channels of one browser: a message reaches every other channel, when the test flushes. */
class FakeBus {
  private readonly channels: OriginChannel[] = [];
  private readonly queue: { to: OriginChannel; data: OriginMessage }[] = [];
  posted: OriginMessage[] = [];

  channel(): OriginChannel {
    const channel: OriginChannel = {
      onmessage: null,
      postMessage: (data) => {
        this.posted.push(data);
        for (const to of this.channels) if (to !== channel) this.queue.push({ to, data });
      },
    };
    this.channels.push(channel);
    return channel;
  }

  /** Delivers every message posted, and those posted in answer, in order. */
  flush(): void {
    for (let m = this.queue.shift(); m; m = this.queue.shift()) m.to.onmessage?.({ data: m.data });
  }
}

/** A tab's sessionStorage; a duplicate starts with a copy. */
function fakeStorage(from?: Map<string, string>) {
  const map = new Map(from);
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

/** A tab named `name` on `bus`, whose claim waits until the test resolves `gate`. */
function openTab(
  bus: FakeBus,
  name: string,
  storage = fakeStorage(),
): {
  tab: TabOriginClaim;
  storage: ReturnType<typeof fakeStorage>;
  open: () => void;
  leave: () => void;
  back: () => void;
} {
  let n = 0;
  let open = (): void => undefined;
  let leave = (): void => undefined;
  let back = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const tab = createTabOriginClaim({
    channel: bus.channel(),
    storage,
    newId: () => `${name}-${n++}`,
    answerWindow: () => gate,
    onLeave: (onLeave, onBack) => {
      leave = onLeave;
      back = onBack;
    },
  });
  return { tab, storage, open: () => open(), leave: () => leave(), back: () => back() };
}

/**
 * Whether `claim` has resolved once every pending microtask ran (a macrotask later): a claim
 * that waits for its answer window cannot have, as the test opens no gate before asking.
 */
async function settled(claim: Promise<string>): Promise<boolean> {
  let done = false;
  void claim.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('a tab’s label origin', () => {
  it('a new tab makes and stores one, claiming nothing', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    expect(a.tab.current()).toBe('tab-a-1');
    expect(a.storage.map.get(KEY)).toBe('tab-a-1');
    expect(await a.tab.claim()).toBe('tab-a-1');
    expect(bus.posted).toEqual([]);
  });

  it('a duplicated tab takes a fresh origin; the live tab keeps its own', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    await a.tab.claim();
    const d = openTab(bus, 'd', fakeStorage(a.storage.map));
    expect(d.tab.current()).toBe('tab-a-1'); // the copy, until the claim is answered
    const claimed = d.tab.claim();
    bus.flush();
    d.open();
    expect(await claimed).toBe('tab-d-1');
    expect(d.tab.current()).toBe('tab-d-1');
    expect(d.storage.map.get(KEY)).toBe('tab-d-1');
    expect(a.tab.current()).toBe('tab-a-1');
    expect(a.storage.map.get(KEY)).toBe('tab-a-1');
    // A duplicate of the duplicate: fresh again, distinct from both.
    const dd = openTab(bus, 'e', fakeStorage(d.storage.map));
    const again = dd.tab.claim();
    bus.flush();
    dd.open();
    expect(await again).toBe('tab-e-1');
  });

  it('a reloaded tab keeps its origin: no live tab holds it', async () => {
    const bus = new FakeBus();
    const other = openTab(bus, 'b');
    await other.tab.claim();
    const reloaded = openTab(bus, 'r', fakeStorage(new Map([[KEY, 'tab-old']])));
    const claimed = reloaded.tab.claim();
    bus.flush();
    reloaded.open();
    expect(await claimed).toBe('tab-old');
    expect(bus.posted).toEqual([{ kind: 'claim', origin: 'tab-old', page: 'r-0' }]);
    expect(other.tab.current()).toBe('tab-b-1');
  });

  it('an answer after the wait still gives the duplicate a fresh origin', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    const d = openTab(bus, 'd', fakeStorage(a.storage.map));
    const claimed = d.tab.claim();
    d.open(); // the live tab was busy: the wait ends first
    expect(await claimed).toBe('tab-a-1');
    bus.flush();
    expect(d.tab.current()).toBe('tab-d-1');
    expect(a.tab.current()).toBe('tab-a-1');
  });

  it('two copies claiming one origin at once: the lower page id keeps it', async () => {
    const bus = new FakeBus();
    const stored = new Map([[KEY, 'tab-old']]);
    const one = openTab(bus, 'd1', fakeStorage(stored));
    const two = openTab(bus, 'd2', fakeStorage(stored));
    const claims = [one.tab.claim(), two.tab.claim()];
    bus.flush();
    one.open();
    two.open();
    // Page ids d1-0 < d2-0: d1 answers d2's claim, d2 takes a fresh origin.
    expect(await Promise.all(claims)).toEqual(['tab-old', 'tab-d2-1']);
  });

  it('messages of other shapes and other origins are ignored', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    const channel = bus.channel();
    channel.postMessage({ kind: 'claim', origin: 'tab-other', page: 'x' });
    channel.postMessage({ kind: 'taken', origin: 'tab-a-1', page: 'a-0-not' });
    (channel.postMessage as (m: unknown) => void)({ hello: 1 });
    bus.flush();
    expect(a.tab.current()).toBe('tab-a-1');
    expect(bus.posted).toHaveLength(3); // a answered none of them
  });

  it('blocked storage: each page its own origin', async () => {
    const bus = new FakeBus();
    const blocked = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('SecurityError');
      },
    };
    const a = openTab(bus, 'a', blocked as unknown as ReturnType<typeof fakeStorage>);
    expect(await a.tab.claim()).toBe('tab-a-1');
  });

  it('a reload of a page that left cleanly keeps its origin without waiting', async () => {
    const bus = new FakeBus();
    // The old page, gone after it left: on a bus of its own, it answers nothing.
    const a = openTab(new FakeBus(), 'a');
    await a.tab.claim();
    a.leave(); // pagehide: the note names the origin let go
    expect(a.storage.map.get(RELEASED)).toBe('tab-a-1');
    // The reload: same tab, same sessionStorage.
    const r = openTab(bus, 'r', a.storage);
    const claimed = r.tab.claim();
    expect(await settled(claimed)).toBe(true); // the gate was never opened
    expect(await claimed).toBe('tab-a-1');
    expect(r.storage.map.get(RELEASED)).toBe(''); // live again
    // The claim is still posted (a late answer would still count).
    expect(bus.posted).toEqual([{ kind: 'claim', origin: 'tab-a-1', page: 'r-0' }]);
  });

  it('a duplicate of a reloaded, live tab still waits and takes a fresh origin', async () => {
    const bus = new FakeBus();
    // The old page, gone after it left: on a bus of its own, it answers nothing.
    const a = openTab(new FakeBus(), 'a');
    await a.tab.claim();
    a.leave();
    const r = openTab(bus, 'r', a.storage);
    await r.tab.claim();
    const d = openTab(bus, 'd', fakeStorage(r.storage.map));
    const claimed = d.tab.claim();
    bus.flush();
    expect(await settled(claimed)).toBe(false); // waits for its answer window
    d.open();
    expect(await claimed).toBe('tab-d-1');
    expect(r.tab.current()).toBe('tab-a-1');
  });

  it('a page back from the back-forward cache is live again: its duplicate waits', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    await a.tab.claim();
    a.leave();
    a.back();
    expect(a.storage.map.get(RELEASED)).toBe('');
    const d = openTab(bus, 'd', fakeStorage(a.storage.map));
    const claimed = d.tab.claim();
    bus.flush();
    expect(await settled(claimed)).toBe(false);
    d.open();
    expect(await claimed).toBe('tab-d-1');
  });

  it('a note naming another origin than the stored one does not skip the wait', async () => {
    const bus = new FakeBus();
    const r = openTab(
      bus,
      'r',
      fakeStorage(
        new Map([
          [KEY, 'tab-old'],
          [RELEASED, 'tab-other'],
        ]),
      ),
    );
    const claimed = r.tab.claim();
    expect(await settled(claimed)).toBe(false);
    r.open();
    expect(await claimed).toBe('tab-old');
  });

  it('a page that fresh-claims after a late answer lets go of its new origin', async () => {
    const bus = new FakeBus();
    const a = openTab(bus, 'a');
    const d = openTab(bus, 'd', fakeStorage(a.storage.map));
    const claimed = d.tab.claim();
    bus.flush();
    d.open();
    expect(await claimed).toBe('tab-d-1');
    d.leave();
    expect(d.storage.map.get(RELEASED)).toBe('tab-d-1');
  });
});
