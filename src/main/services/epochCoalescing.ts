/**
 * Coalescing of `training.epoch` events for a transport (the browser mode's WebSocket, the
 * Electron window). A small dataset trains a thousand epochs a second; one message per epoch
 * kept the page a minute behind the server (its Cancel, its status). Here a run's epochs are
 * held for at most {@link EPOCH_PUSH_MS} and sent as one event carrying all of them, in
 * order. Any other event first sends every epoch held, so a run's `training.finished` or
 * `training.failed` is never delayed behind its epochs, nor overtakes them.
 */
import type { EpochRecord } from '../../shared/domain';
import type { EventChannel, TrainingEpochEvent } from '../../shared/contract';

/** Milliseconds a run's epochs are held before they are sent as one event, at most. */
export const EPOCH_PUSH_MS = 150;

/** A listener of the session's events (StudioSession.onEvent). */
export type EventListener = (channel: EventChannel, payload: unknown) => void;

/** A listener that coalesces epochs, with the means to end it. */
export interface CoalescedListener {
  /** Give this to StudioSession.onEvent. */
  listener: EventListener;
  /** Sends every epoch held now (one event per run, in the order the runs were first held). */
  flush(): void;
  /** Drops the pending timer and the epochs held (the transport is closing). */
  dispose(): void;
}

/**
 * Wraps `forward` so that `training.epoch` events are coalesced per run.
 * @param forward what sends an event to the clients; it gets `{ runId, records }` with the
 *   records of every coalesced event of that run, in arrival order.
 * @param windowMs how long the first held epoch waits at most (default EPOCH_PUSH_MS).
 */
export function coalesceEpochEvents(
  forward: EventListener,
  windowMs: number = EPOCH_PUSH_MS,
): CoalescedListener {
  const held = new Map<number, EpochRecord[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (held.size === 0) return;
    const batches = [...held];
    held.clear();
    for (const [runId, records] of batches) {
      forward('training.epoch', { runId, records } satisfies TrainingEpochEvent);
    }
  };

  const listener: EventListener = (channel, payload) => {
    if (channel !== 'training.epoch') {
      flush();
      forward(channel, payload);
      return;
    }
    const { runId, records } = payload as TrainingEpochEvent;
    const list = held.get(runId);
    if (list) for (const record of records) list.push(record);
    else held.set(runId, [...records]);
    timer ??= setTimeout(flush, windowMs);
  };

  return {
    listener,
    flush,
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      held.clear();
    },
  };
}
