/**
 * "End search now" for an Auto run (engine/autoSelect.ts): the search stops early and goes
 * on exactly as if its budget had run out — the configuration chosen among the runs it
 * trained like a normal run, by validation, then the final model as usual. Shared, like engine/pause.ts
 * PauseControl, by whoever asks (the studio's `training.endAutoSearch`, the worker's
 * 'end-search' message) and the search.
 */

/**
 * The end-early request of one Auto search: set once, never cleared. The search closes it
 * when its choice is made ({@link close}); a request after that ends nothing and answers
 * false, so "End search now" never reports `ended: true` for a search that was already over
 * (its final model training) — the answer is true exactly when the stored search says
 * `endedEarly`. In a child process (engine/worker) the parent's control relays the question
 * to the child's, which alone knows ({@link relayTo}).
 */
export class AutoEndControl {
  private readonly controller = new AbortController();
  private readonly listeners: (() => void)[] = [];
  private over = false;
  private relay: (() => Promise<boolean>) | null = null;

  /** Whether the end was asked for (before the search was over). */
  get requested(): boolean {
    return this.controller.signal.aborted;
  }

  /** Whether the search is over (its choice made, or it stopped): {@link end} is too late. */
  get closed(): boolean {
    return this.over;
  }

  /** Aborts when the end is asked for (the search's fixed-length trial in flight stops). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Asks the search to end now; listeners hear it once.
   * @returns true when the search was still running (this request, or an earlier one, ends
   *   it early); false when it was already over ({@link close}): nothing changes (even
   *   where an earlier request had ended it early).
   */
  end(): boolean {
    if (this.over) return false;
    if (this.requested) return true;
    this.controller.abort();
    this.listeners.splice(0).forEach((listener) => listener());
    return true;
  }

  /**
   * The search is over: called by the search as it fixes `endedEarly` (engine/autoSelect.ts),
   * or by its parent on learning so. Later requests answer false.
   */
  close(): void {
    this.over = true;
  }

  /**
   * The search runs elsewhere (a training child process): {@link ask} asks `relay`, whose
   * answer (the child's own control's {@link end}) is the answer.
   */
  relayTo(relay: () => Promise<boolean>): void {
    this.relay = relay;
  }

  /**
   * "End search now" as the studio asks it: {@link end} here, or through the relay where the
   * search runs in another process (its answer then also marks this control requested or
   * closed).
   * @returns as {@link end}: true when the search was still running.
   */
  async ask(): Promise<boolean> {
    if (!this.relay || this.over) return this.end();
    const ended = await this.relay();
    if (ended) this.end();
    else this.close();
    return ended;
  }

  /** Calls `listener` once when the end is asked for (at once if it already was). */
  onEnd(listener: () => void): void {
    if (this.requested) listener();
    else this.listeners.push(listener);
  }
}
