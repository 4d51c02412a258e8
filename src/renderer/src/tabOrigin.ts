/**
 * This studio tab's origin: the string it sends with every label action (`labels.set`,
 * `labels.undo`, `labels.redo`, `labels.addClass`, `labels.import`) and with `labels.overview`,
 * so its Undo and Redo take back only what it did and its stacks are its own
 * (store/labels.ts). Chosen once per tab (crypto.randomUUID) and kept in sessionStorage, which
 * a reload keeps and another tab does not share, so a reloaded tab still undoes its edits.
 * Where sessionStorage cannot be used (blocked storage), the origin lasts as long as the page.
 */

const KEY = 'mtl-studio.labelOrigin';
let cached: string | null = null;

/** A random id (a UUID where the browser has crypto.randomUUID: a secure context). */
function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This tab's origin (`tab-` and 32 hex digits or a UUID): the same for the tab's whole life
 * and across its reloads.
 */
export function tabOrigin(): string {
  if (cached !== null) return cached;
  let stored: string | null = null;
  try {
    stored = sessionStorage.getItem(KEY);
  } catch {
    // storage blocked: this page's own id
  }
  cached = stored ?? `tab-${randomId()}`;
  if (stored === null) {
    try {
      sessionStorage.setItem(KEY, cached);
    } catch {
      // storage blocked: kept for this page only
    }
  }
  return cached;
}
