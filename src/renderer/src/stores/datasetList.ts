/**
 * The studio's list of datasets as the reads answer it: whole lists (`datasets.list`: a
 * project opened, a dataset new or deleted, another program wrote the file) and single
 * datasets read again (`datasets.get`, stores/datasetRereads.ts). Two rules:
 *
 * - A dataset whose `contentVersion` an answer repeats (a list, or a single read) keeps its
 *   object, so the views showing it (the table page watches its dataset object) do not
 *   read their rows again: the CLI writing a training epoch a second makes the studio
 *   reload the list a second, and without this every reload re-read the visible rows.
 * - The newest read wins, per dataset: every read takes a ticket when it is sent, and an
 *   answer older than the one shown for a dataset is not taken for it (a list answer that
 *   comes late must not put back a dataset a newer single read replaced, and a single read
 *   must not undo a newer list); a list answer older than the list last taken is dropped.
 *
 * Two guards drop answers that belong to a project no longer shown, each for its own case:
 *
 * - The ticket floor here: every read sent before the project was closed or another one
 *   opened (reload with `reset`, {@link DatasetList.clear}) — lists and single reads alike,
 *   also when the same file is opened again (its path unchanged).
 * - The project path check in stores/datasetRereads.ts: its follower of `datasets.changed`
 *   neither replaces nor reports the error of a read whose project was switched meanwhile,
 *   and keeps one read at a time per project and dataset, so a switch does not swallow the
 *   new project's changes. It cannot tell a file closed and opened again; the floor can.
 *
 * Kept apart from the studio store, which gives it the list, so it can be tested from Node.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { DatasetInfo } from '../../../shared/domain';

/** Where the list lives (the store's `datasets` ref). */
export interface DatasetListHost {
  /** The list shown. */
  get(): readonly DatasetInfo[];
  /** Shows `list`; called only when an entry changed (another object, added or gone). */
  set(list: DatasetInfo[]): void;
}

/** The list's reads, see the module's rules. */
export interface DatasetList {
  /**
   * Reads the whole list and takes it: unchanged datasets keep their objects, changed ones
   * are replaced, new ones added, missing ones dropped — unless a newer read answered for
   * them. Dropped whole when a newer list was taken meanwhile.
   * @param options.reset another project: the list is emptied when the read is sent (so a
   *   faster later list of the new project never keeps an object of the old one), and every
   *   read sent before this one is dropped when it answers.
   * @throws the read's error (nothing taken; with `reset` the list stays empty).
   */
  reload(read: () => Promise<DatasetInfo[]>, options?: { reset?: boolean }): Promise<void>;
  /** Reads one dataset; hand its answer to {@link DatasetList.replace}. @throws its error. */
  read(read: () => Promise<DatasetInfo>): Promise<DatasetInfo>;
  /**
   * Puts an answer of {@link DatasetList.read} in the list in place of the entry with its
   * id — keeping the entry's object when its contentVersion is the same — unless a newer
   * read already answered for that dataset, or the list does not show it (then dropped).
   */
  replace(dataset: DatasetInfo): void;
  /** Empties the list (project closed); reads still out are dropped when they answer. */
  clear(): void;
}

/**
 * A list of `host` following the module's rules.
 * @returns its reads; the store routes every write of its dataset list through them.
 */
export function createDatasetList(host: DatasetListHost): DatasetList {
  /** Tickets handed out, one per read sent, increasing. */
  let tickets = 0;
  /** Reads sent before this ticket belong to a project no longer shown. */
  let floor = 0;
  /** Ticket of the newest list answer taken. */
  let listTaken = 0;
  /** Dataset id → ticket of the read whose answer is shown for it. */
  const shownFrom = new Map<number, number>();
  /** Single reads' answers → their tickets (until replaced). */
  const answered = new WeakMap<DatasetInfo, number>();

  const newer = (id: number, ticket: number) => (shownFrom.get(id) ?? 0) > ticket;

  function show(next: DatasetInfo[]): void {
    const shown = host.get();
    const same = next.length === shown.length && next.every((d, k) => d === shown[k]);
    if (!same) host.set(next);
  }

  return {
    async reload(read, options = {}) {
      const ticket = ++tickets;
      if (options.reset) {
        floor = ticket;
        shownFrom.clear();
        show([]);
      }
      const fetched = await read();
      if (ticket < floor || ticket < listTaken) return;
      listTaken = ticket;
      const shown = host.get();
      const byId = new Map(shown.map((d) => [d.id, d]));
      const next: DatasetInfo[] = [];
      for (const d of fetched) {
        const current = byId.get(d.id);
        byId.delete(d.id);
        if (current && newer(d.id, ticket)) {
          next.push(current);
          continue;
        }
        shownFrom.set(d.id, ticket);
        next.push(current && current.contentVersion === d.contentVersion ? current : d);
      }
      // Not in this answer but read since it was sent: it exists (a deletion reloads the
      // list again, and that newer answer drops it).
      for (const [id, current] of byId) {
        if (newer(id, ticket)) next.push(current);
        else shownFrom.delete(id);
      }
      next.sort((a, b) => a.id - b.id);
      show(next);
    },

    async read(read) {
      const ticket = ++tickets;
      const dataset = await read();
      answered.set(dataset, ticket);
      return dataset;
    },

    replace(dataset) {
      const ticket = answered.get(dataset) ?? ++tickets;
      if (ticket < floor || newer(dataset.id, ticket)) return;
      const shown = host.get();
      const current = shown.find((d) => d.id === dataset.id);
      if (!current) return;
      shownFrom.set(dataset.id, ticket);
      // Unchanged (a write that left it as it was, e.g. a role set to the one it had): the
      // views showing it keep their object and do not read its rows again.
      if (current.contentVersion === dataset.contentVersion) return;
      show(shown.map((d) => (d === current ? dataset : d)));
    },

    clear() {
      floor = ++tickets;
      shownFrom.clear();
      show([]);
    },
  };
}
