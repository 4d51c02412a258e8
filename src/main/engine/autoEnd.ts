/**
 * "End search now" for an Auto run (engine/autoSelect.ts): the search stops early and goes
 * on exactly as if its budget had run out — the configuration chosen among the runs it
 * trained like a normal run, by validation, then the final model as usual. Shared, like engine/pause.ts
 * PauseControl, by whoever asks (the studio's `training.endAutoSearch`, the worker's
 * 'end-search' message) and the search.
 */

/** The end-early request of one Auto search: set once, never cleared. */
export class AutoEndControl {
  private readonly controller = new AbortController();
  private readonly listeners: (() => void)[] = [];

  /** Whether the end was asked for. */
  get requested(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts when the end is asked for (the search's fixed-length trial in flight stops). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Asks the search to end now (no-op when already asked); listeners hear it once. */
  end(): void {
    if (this.requested) return;
    this.controller.abort();
    this.listeners.splice(0).forEach((listener) => listener());
  }

  /** Calls `listener` once when the end is asked for (at once if it already was). */
  onEnd(listener: () => void): void {
    if (this.requested) listener();
    else this.listeners.push(listener);
  }
}
