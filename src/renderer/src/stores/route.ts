/**
 * Where the page is, in its URL: `#/<view>?dataset=<id>`. A reload, a bookmark or a link
 * opens the same view and dataset; the server's session state fills in what the URL does
 * not say. The views it can name are {@link VIEWS}, the left navigation's. Pure, so it is
 * unit-tested from Node.
 */

/** The views of the left navigation, in order. */
export const VIEWS = [
  'projects',
  'data',
  'tasks',
  'labels',
  'train',
  'compare',
  'predict',
  'export',
] as const;
/** A view of the left navigation. */
export type ViewName = (typeof VIEWS)[number];

/** Whether `name` is one of the {@link VIEWS} (a URL or the session may name another). */
export function isView(name: string | null | undefined): name is ViewName {
  return name !== null && name !== undefined && (VIEWS as readonly string[]).includes(name);
}

/** A place in the studio. */
export interface Route {
  view: string | null;
  datasetId: number | null;
}

/**
 * Reads a location hash such as `#/train?dataset=3`.
 * @returns the view and dataset it names; null for what it does not name (or names badly).
 */
export function parseRoute(hash: string): Route {
  const match = /^#\/([a-z][a-z-]{0,31})?(?:\?(.*))?$/.exec(hash);
  if (!match) return { view: null, datasetId: null };
  const params = new URLSearchParams(match[2] ?? '');
  const id = Number(params.get('dataset'));
  return {
    view: match[1] ?? null,
    datasetId: Number.isSafeInteger(id) && id > 0 ? id : null,
  };
}

/** The hash of a place: `#/train?dataset=3`, or `#/projects` without a dataset. */
export function formatRoute(route: { view: string; datasetId: number | null }): string {
  return route.datasetId === null
    ? `#/${route.view}`
    : `#/${route.view}?dataset=${route.datasetId}`;
}
