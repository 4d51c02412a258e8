/**
 * Which projects' upgrade notices the user dismissed ("The project was upgraded from version
 * 10 to 11; a copy … is kept at …"), remembered in the page's localStorage like the language
 * (i18n/index.ts) and the labelling keys (components/labelKeys.ts): a reload, which adopts
 * the open project again, then shows the notice no more. Kept per project file and per
 * version upgraded to, so a later upgrade of the same file is told again.
 */

const STORAGE_KEY = 'mtl-studio.upgradeNoticesDismissed';

/** Project files remembered at most (the oldest dismissal is forgotten first). */
export const MAX_REMEMBERED_UPGRADES = 100;

/** The page's storage; absent when tested from Node without one. */
interface Host {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, v: string): void };
}

/** Project path → the schema version whose upgrade notice was dismissed, oldest first. */
function load(host: Host): Record<string, number> {
  try {
    const saved = JSON.parse(host.localStorage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return {};
    return Object.fromEntries(
      Object.entries(saved).filter((entry): entry is [string, number] =>
        Number.isInteger(entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

/**
 * Whether the notice of the upgrade of the project at `path` to schema version `toVersion`
 * was dismissed.
 */
export function upgradeNoticeDismissed(
  path: string,
  toVersion: number,
  host: Host = globalThis as Host,
): boolean {
  return load(host)[path] === toVersion;
}

/**
 * Remembers that the notice of the upgrade of `path` to `toVersion` was dismissed. A storage
 * that refuses the write (full, or private browsing) is ignored: the notice then comes
 * back on a reload, as before.
 */
export function dismissUpgradeNotice(
  path: string,
  toVersion: number,
  host: Host = globalThis as Host,
): void {
  const dismissed = load(host);
  delete dismissed[path];
  dismissed[path] = toVersion;
  const paths = Object.keys(dismissed);
  for (const old of paths.slice(0, Math.max(0, paths.length - MAX_REMEMBERED_UPGRADES)))
    delete dismissed[old];
  try {
    host.localStorage?.setItem(STORAGE_KEY, JSON.stringify(dismissed));
  } catch {
    // Not remembered: shown again after a reload.
  }
}
