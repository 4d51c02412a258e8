/**
 * Pausing a training run: the trainer checks a {@link PauseControl} between mini-batches
 * and waits while it is paused, keeping its weights, optimiser state and position in the
 * epoch; resuming continues exactly where it stopped (the run's result is the same as
 * without the pause).
 */

/** Paused / running state shared by whoever pauses (UI, worker) and the trainer. */
export class PauseControl {
  private paused = false;
  private since: number | null = null;
  private waiters: (() => void)[] = [];
  private listeners: ((paused: boolean) => void)[] = [];

  /** Whether the run is paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** When the pause in progress began (ms since the epoch, Date.now()), or null when running. */
  get pausedSince(): number | null {
    return this.since;
  }

  /** Pauses (no-op when already paused); the trainer stops before its next mini-batch. */
  pause(): void {
    this.set(true);
  }

  /** Resumes (no-op when running). */
  resume(): void {
    this.set(false);
  }

  /**
   * Calls `listener` with the new state on every change.
   * @returns a function that removes the listener.
   */
  onChange(listener: (paused: boolean) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Resolves at once when running; otherwise when resumed or when `signal` aborts (the
   * caller then checks the signal).
   * @returns milliseconds spent waiting (so epoch timings can leave the pause out).
   */
  async whilePaused(signal?: AbortSignal): Promise<number> {
    if (!this.paused || signal?.aborted) return 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    return performance.now() - started;
  }

  private set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.since = paused ? Date.now() : null;
    if (!paused) this.waiters.splice(0).forEach((resolve) => resolve());
    this.listeners.forEach((listener) => listener(paused));
  }
}
