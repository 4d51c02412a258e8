/**
 * This studio tab's origin: the string it sends with every label action (`labels.set`,
 * `labels.undo`, `labels.redo`, `labels.addClass`, `labels.import`) and with `labels.overview`,
 * so its Undo and Redo take back only what it did and its stacks are its own
 * (store/labels.ts). Chosen once per tab (crypto.randomUUID) and kept in sessionStorage, which
 * a reload keeps and another tab does not share, so a reloaded tab still undoes its edits.
 * Where sessionStorage cannot be used (blocked storage), the origin lasts as long as the page.
 *
 * A duplicated tab (Chrome's and Firefox's "Duplicate tab") starts with a copy of its source's
 * sessionStorage, so with its origin: the two would undo each other's edits. So a page that
 * finds an origin stored claims it at start-up on a BroadcastChannel (main.ts awaits
 * {@link claimTabOrigin} before mounting the studio): a live tab holding that origin answers
 * "taken", and the claimant takes a fresh origin. A reloaded tab hears no answer (its old page
 * is gone) and keeps its origin. A new tab stores a fresh origin and claims nothing.
 *
 * A plain reload does not wait for that answer: a page leaving (`pagehide`) writes in its
 * sessionStorage that it let its origin go, and a live page clears that note again (at start,
 * and when it comes back from the back-forward cache). A page that finds the note naming its
 * stored origin is a reload of a page that left cleanly: no live tab can hold the origin (a
 * duplicate copies the storage of a LIVE tab, whose note is cleared), so its claim resolves at
 * once; the claim is still posted, a late "taken" answer still gives it a fresh origin, and it
 * answers "taken" to any later claim of its origin (a duplicate of it) at once.
 * Without the note (a duplicate, or a page that crashed) the claim waits as before.
 */

const KEY = 'mtl-studio.labelOrigin';
const CHANNEL = 'mtl-studio.labelOrigin';
/** sessionStorage key of the origin the tab's last page let go when it left ('' while live). */
const RELEASED_KEY = 'mtl-studio.labelOriginReleased';
/**
 * How long a claim waits for a live tab's answer, in ms (a duplicated tab, or a reload after a
 * crash, pays it; a plain reload and a new tab do not).
 */
const ANSWER_MS = 150;

/** What the claim uses of a BroadcastChannel (tests pass fakes). */
export interface OriginChannel {
  postMessage(message: OriginMessage): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** A claim of an origin by a page, or a live page's answer that it holds it. */
export type OriginMessage =
  { kind: 'claim'; origin: string; page: string } | { kind: 'taken'; origin: string; page: string };

/** What a page's origin claim needs, injected so tests can fake the channel and the storage. */
export interface OriginClaimEnv {
  /** The channel every tab of the studio listens on; null where BroadcastChannel is missing. */
  channel: OriginChannel | null;
  /** sessionStorage, or null where it is blocked. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** A fresh random id (a UUID, or 32 hex digits). */
  newId: () => string;
  /** Resolves once a claim has waited long enough for a live tab's answer. */
  answerWindow: () => Promise<void>;
  /**
   * Registers the page's leaving (`pagehide`) and its coming back from the back-forward cache
   * (`pageshow`, persisted); absent: never told (every stored origin is then claimed with a wait).
   */
  onLeave?: (leave: () => void, back: () => void) => void;
}

/** One page's origin: the current one, and its claim at start-up. */
export interface TabOriginClaim {
  /** The page's origin now (the stored one until a claim finds it taken). */
  current(): string;
  /**
   * Claims the stored origin: resolves with the page's origin, a fresh one when a live tab
   * answered that it holds the stored one. Without a stored origin or a channel, or when the
   * stored origin was let go by a page that left (a reload), at once.
   */
  claim(): Promise<string>;
}

function isMessage(data: unknown): data is OriginMessage {
  const m = data as Partial<OriginMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.kind === 'claim' || m.kind === 'taken') &&
    typeof m.origin === 'string' &&
    typeof m.page === 'string'
  );
}

/**
 * A page's origin claim over `env` (see the file's note). The page keeps answering others'
 * claims of its origin for its whole life. Two pages claiming one origin at once (two copies
 * of a closed tab reopened together) are told apart by their page ids: the lower answers
 * "taken", the higher takes a fresh origin.
 */
export function createTabOriginClaim(env: OriginClaimEnv): TabOriginClaim {
  const page = env.newId();
  const fresh = (): string => `tab-${env.newId()}`;
  const put = (key: string, value: string): void => {
    try {
      env.storage?.setItem(key, value);
    } catch {
      // storage blocked: kept for this page only
    }
  };
  const store = (origin: string): void => put(KEY, origin);
  let stored: string | null = null;
  let released: string | null = null;
  try {
    stored = env.storage?.getItem(KEY) ?? null;
    released = env.storage?.getItem(RELEASED_KEY) ?? null;
  } catch {
    // storage blocked: this page's own id
  }
  let origin = stored ?? fresh();
  if (stored === null) store(origin);
  // This page is live: a duplicate made from now on must claim with a wait.
  if (released !== null && released !== '') put(RELEASED_KEY, '');
  env.onLeave?.(
    () => put(RELEASED_KEY, origin),
    () => put(RELEASED_KEY, ''),
  );
  let claiming = stored !== null && env.channel !== null;
  /** A reload of a page that left cleanly: its claim need not wait (the file's note). */
  const reload = stored !== null && released === stored;
  let taken = false;
  let claimed: Promise<string> | null = null;

  if (env.channel) {
    const channel = env.channel;
    channel.onmessage = (event) => {
      const m = event.data;
      if (!isMessage(m)) return;
      // A claim names its claimant's page, an answer the page it answers.
      if (
        m.kind === 'claim' &&
        m.page !== page &&
        m.origin === origin &&
        (!claiming || page < m.page)
      ) {
        channel.postMessage({ kind: 'taken', origin, page: m.page });
      } else if (m.kind === 'taken' && m.page === page && m.origin === origin && !taken) {
        // A live tab holds it (even if its answer came after the wait): take a fresh one.
        taken = true;
        origin = fresh();
        store(origin);
      }
    };
  }

  return {
    current: () => origin,
    claim(): Promise<string> {
      claimed ??= (async () => {
        if (!claiming || !env.channel) return origin;
        env.channel.postMessage({ kind: 'claim', origin, page });
        // A reload holds its tab's origin by right: it answers any claim of it from now on
        // (a duplicate of it), and a late "taken" still gives it a fresh one.
        if (!reload) await env.answerWindow();
        claiming = false;
        return origin;
      })();
      return claimed;
    },
  };
}

/** A random id (a UUID where the browser has crypto.randomUUID: a secure context). */
function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let page: TabOriginClaim | null = null;

/** This page's claim over the browser's own BroadcastChannel and sessionStorage. */
function pageClaim(): TabOriginClaim {
  if (page) return page;
  let storage: OriginClaimEnv['storage'] = null;
  try {
    storage = sessionStorage;
  } catch {
    // storage blocked
  }
  page = createTabOriginClaim({
    channel:
      typeof BroadcastChannel === 'function'
        ? (new BroadcastChannel(CHANNEL) as unknown as OriginChannel)
        : null,
    storage,
    newId: randomId,
    answerWindow: () => new Promise((resolve) => setTimeout(resolve, ANSWER_MS)),
    onLeave: (leave, back) => {
      if (typeof window === 'undefined') return;
      window.addEventListener('pagehide', leave);
      window.addEventListener('pageshow', (event) => {
        if (event.persisted) back();
      });
    },
  });
  return page;
}

/**
 * Claims this tab's stored origin (see the file's note): main.ts awaits it before mounting, so
 * a duplicated tab's first label request already carries its own origin.
 * @returns the tab's origin.
 */
export function claimTabOrigin(): Promise<string> {
  return pageClaim().claim();
}

/**
 * This tab's origin (`tab-` and 32 hex digits or a UUID): the same for the tab's whole life
 * and across its reloads; a fresh one in a duplicated tab once {@link claimTabOrigin} ran.
 */
export function tabOrigin(): string {
  return pageClaim().current();
}
