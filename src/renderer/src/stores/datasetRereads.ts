/**
 * Follows `datasets.changed` events by reading the changed dataset again, one read at a
 * time per dataset of a project: labelling fast sends many events, and the changes that
 * arrive during a read are followed by one more read, so the list ends on the dataset as
 * last written. Kept apart from the studio store (stores/studio.ts), which gives it the
 * project, the list and the API, so it can be tested with a fake API.
 */
// Relative, type-only imports: this module is also unit-tested from Node.
import type { DatasetsChangedEvent } from '../../../shared/contract';
import type { DatasetInfo } from '../../../shared/domain';

/** What {@link datasetRereads} reads and writes: the store's project, list and API. */
export interface DatasetRereadHost {
  /** The open project's path, or undefined when none is open. */
  projectPath(): string | undefined;
  /** Whether the list shows dataset `id` (of the open project). */
  listed(id: number): boolean;
  /** Dataset `id` of the open project, read again (datasets.get). @throws its errors. */
  read(id: number): Promise<DatasetInfo>;
  /** Puts `dataset` in the list in place of the entry with its id. */
  replace(dataset: DatasetInfo): void;
  /** Reads the whole list again (a dataset new or deleted). */
  reloadList(): Promise<void>;
  /** Whether `err` says the dataset no longer exists (NOT_FOUND). */
  isNotFound(err: unknown): boolean;
}

/**
 * A follower of `datasets.changed`: a dataset already listed that still exists (labels
 * written, renamed, roles set) is read again alone and replaced in the list, the others
 * kept as they are — or, when the event carries it (a label write), taken from the event
 * with no read; a new or deleted one reloads the list. Reads are one at a time per
 * `${project path}:${dataset id}` (a project switched during a read does not swallow the
 * new project's changes); a change during a read is followed by one more read, also when
 * that read failed or its project was closed meanwhile. A read whose project is no longer
 * open is dropped without a word (neither replaced nor its error surfaced).
 * @returns a function of one event; it rejects with the read's error when no change is
 *   waiting (the caller surfaces it), and resolves when the list is up to date.
 */
export function datasetRereads(
  host: DatasetRereadHost,
): (change: DatasetsChangedEvent) => Promise<void> {
  /** `${path}:${id}` being read → whether another change came in meanwhile. */
  const rereading = new Map<string, boolean>();
  return async (change) => {
    const path = host.projectPath();
    const id = change.datasetId;
    if (path === undefined) return;
    if (change.deleted || !host.listed(id)) return host.reloadList();
    // The server read it already (a label write): taken as it is, no read of this page.
    if (change.dataset) return host.replace(change.dataset);
    const key = `${path}:${id}`;
    if (rereading.has(key)) {
      rereading.set(key, true);
      return;
    }
    try {
      do {
        rereading.set(key, false);
        let dataset: DatasetInfo;
        try {
          dataset = await host.read(id);
        } catch (err) {
          // Another project now (closed or switched during the read): not this one's error.
          if (host.projectPath() !== path) continue;
          // Deleted meanwhile (its own event follows): the list says what is left.
          if (host.isNotFound(err)) return await host.reloadList();
          // A change waits: its read may succeed and is the one that counts.
          if (rereading.get(key)) continue;
          throw err;
        }
        if (host.projectPath() !== path) continue;
        host.replace(dataset);
      } while (rereading.get(key));
    } finally {
      rereading.delete(key);
    }
  };
}
