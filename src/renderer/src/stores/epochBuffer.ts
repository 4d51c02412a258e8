/**
 * Live epochs of training runs, kept cheaply: records are appended in place as events arrive
 * (hundreds a second on a small dataset), and the views are told about them at most a few
 * times a second, so the charts redraw a few times a second and the window stays responsive.
 * Pure (no Vue): the store wraps it in a shallowRef that it triggers on each flush.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { EpochRecord } from '../../../shared/domain';

/** Milliseconds between two redraws of the live charts, at most. */
export const EPOCH_FLUSH_MS = 250;

/**
 * Inserts a record into a list sorted by epoch, in place. Appending (the usual case) is a
 * push; an out-of-order record is inserted at its place.
 * @returns false when the list already holds that epoch (the list is left as it was).
 */
export function insertEpoch(list: EpochRecord[], record: EpochRecord): boolean {
  const last = list.at(-1);
  if (!last || last.epoch < record.epoch) {
    list.push(record);
    return true;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].epoch < record.epoch) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo]?.epoch === record.epoch) return false;
  list.splice(lo, 0, record);
  return true;
}

/**
 * Appends a batch of records (one `training.epoch` event: a run's epochs in order) to a list
 * sorted by epoch, in place. A batch that follows the list (the usual case) is pushed in one
 * pass, without a search per record; otherwise each record goes through {@link insertEpoch}.
 * @returns how many records were added (those whose epoch the list already held are not).
 */
export function appendEpochs(list: EpochRecord[], records: readonly EpochRecord[]): number {
  const last = list.at(-1)?.epoch ?? -Infinity;
  let inOrder = true;
  for (let i = 0; i < records.length && inOrder; i++) {
    inOrder = records[i].epoch > (i === 0 ? last : records[i - 1].epoch);
  }
  if (inOrder) {
    // A loop, not push(...records): a batch of 60 000 would overflow the call stack.
    for (const record of records) list.push(record);
    return records.length;
  }
  let added = 0;
  for (const record of records) if (insertEpoch(list, record)) added++;
  return added;
}

/**
 * The latest epoch a run's list holds (0: none). Not the list's length: a page opened on a
 * running run holds the epochs heard live before its stored ones are read.
 */
export function latestEpoch(list: readonly EpochRecord[]): number {
  return list.at(-1)?.epoch ?? 0;
}

/**
 * Stored epochs (from `training.epochs`) completed with the live ones received meanwhile:
 * one record per epoch, sorted; a live record wins over a stored one of the same epoch.
 */
export function mergeEpochs(stored: EpochRecord[], live: readonly EpochRecord[]): EpochRecord[] {
  const merged = new Map([...stored, ...live].map((e) => [e.epoch, e]));
  return [...merged.values()].sort((a, b) => a.epoch - b.epoch);
}

/** A trailing-edge throttle: `schedule` runs `flush` once per window, `ms` after the first call. */
export interface Throttle {
  /** Asks for a flush; does nothing when one is already scheduled. */
  schedule(): void;
  /** Flushes now (cancelling the scheduled one), e.g. when the run ends. */
  flushNow(): void;
  /** True while a flush is scheduled. */
  readonly pending: boolean;
}

/**
 * Coalesces many calls into at most one `flush` per `ms` milliseconds.
 * @param flush what to run (here: tell the views that epochs arrived).
 * @param ms the window, in milliseconds.
 */
export function createThrottle(flush: () => void, ms: number): Throttle {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    flush();
  };
  return {
    schedule() {
      if (timer === null) timer = setTimeout(run, ms);
    },
    flushNow() {
      if (timer !== null) clearTimeout(timer);
      run();
    },
    get pending() {
      return timer !== null;
    },
  };
}

/**
 * Drops, in place, the records after `epoch` from a list sorted by epoch: a run resumed from
 * its checkpoint after `epoch` trains those epochs again (the project deletes the stored ones
 * as it resumes), so the previous attempt's are no longer its curves.
 * @returns how many records were dropped.
 */
export function dropEpochsAfter(list: EpochRecord[], epoch: number): number {
  let keep = list.length;
  while (keep > 0 && list[keep - 1].epoch > epoch) keep--;
  const dropped = list.length - keep;
  list.length = keep;
  return dropped;
}
