/**
 * The one write path of a training run. Everything stored about a run while it trains —
 * its status, backend, epochs, results and model — goes through one {@link RunWrites}: the
 * writes are queued in order and awaited; a write refused because another program holds
 * the project's write lock (PROJECT_BUSY, after SQLite's own busy timeout) is retried with
 * growing pauses; progress (epochs, backend) is queued without holding training up, and
 * the first progress write that fails for good stops the run, whose status and message
 * then say why (DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT … naming the project file).
 */
import { MtlError, toErrorPayload } from '../../shared/errors';

/** How long a write waits for another program's lock, in total, with its pauses. */
export interface BusyRetry {
  /** Total wait, in milliseconds, before PROJECT_BUSY is final. */
  totalMs: number;
  /** First pause between attempts (doubled each time, up to `maxDelayMs`). */
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * One minute in all (environment MTL_BUSY_WAIT_MS overrides it): long enough for an import
 * of a few hundred thousand rows in another window to commit, each attempt itself waiting
 * up to SQLite's busy timeout (5 s, set when the project is opened).
 */
export function defaultBusyRetry(): BusyRetry {
  const fromEnv = Number(process.env.MTL_BUSY_WAIT_MS);
  return {
    totalMs: Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 60_000,
    firstDelayMs: 100,
    maxDelayMs: 2_000,
  };
}

/** Anything thrown, as an MtlError (an unknown error is a STORE error of the write). */
function asMtlError(err: unknown): MtlError {
  if (err instanceof MtlError) return err;
  const payload = toErrorPayload(err);
  return new MtlError('STORE', payload.message);
}

/**
 * Runs `write`, again after a pause while it fails with PROJECT_BUSY, until it succeeds,
 * fails otherwise, or `retry.totalMs` have passed.
 * @throws the write's last error (as an MtlError).
 */
export async function retryWhileBusy<T>(write: () => Promise<T>, retry: BusyRetry): Promise<T> {
  const deadline = Date.now() + retry.totalMs;
  let delay = retry.firstDelayMs;
  for (;;) {
    try {
      return await write();
    } catch (err) {
      const error = asMtlError(err);
      if (error.code !== 'PROJECT_BUSY' || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, retry.maxDelayMs);
    }
  }
}

/** The queued writes of one run (see the module comment). */
export class RunWrites {
  private chain: Promise<unknown> = Promise.resolve();
  private firstFailure: MtlError | null = null;

  /**
   * @param retry how long a write waits for another program's lock.
   * @param onFailure called once, with the first progress write that failed for good (the
   *   caller stops training there).
   */
  constructor(
    private readonly retry: BusyRetry,
    private readonly onFailure: (error: MtlError) => void,
  ) {}

  /**
   * Queues a write after the earlier ones and waits for it (retried while busy).
   * @throws its error as an MtlError (DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT, STORE …).
   */
  write<T>(write: () => Promise<T>): Promise<T> {
    const result = this.chain.then(() => retryWhileBusy(write, this.retry));
    this.chain = result.catch(() => undefined);
    return result;
  }

  /**
   * Queues a progress write without waiting for it. Its failure is kept as the run's
   * {@link failure} and reported once; progress queued after a failure is dropped, and so
   * is progress queued before it but not yet started: each would otherwise wait out its own
   * busy retry (a minute by default) while the run's end waits for it — hundreds of epochs
   * queued behind a held lock kept a stopped run from ending for hours.
   */
  progress(write: () => Promise<unknown>): void {
    if (this.firstFailure) return;
    this.write(async () => (this.firstFailure ? undefined : write())).catch((err: unknown) => {
      if (this.firstFailure) return;
      this.firstFailure = asMtlError(err);
      this.onFailure(this.firstFailure);
    });
  }

  /** The first progress write that failed for good, or null. */
  get failure(): MtlError | null {
    return this.firstFailure;
  }

  /** Resolves once every write queued so far has ended (never rejects). */
  async idle(): Promise<void> {
    // A write queued while waiting is waited for too.
    let seen: Promise<unknown> | null = null;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }
}
