/**
 * A studio session driven the way the three faces drive it: through `dispatch` over the
 * real handlers (so every request is validated), with in-process training, every event it
 * sends recorded, and typed callers that either return the response or the error.
 */
import type { EventChannel, InvokeChannel, RequestOf, ResponseOf } from '../../src/shared/contract';
import type { ErrorPayload } from '../../src/shared/errors';
import { dispatch } from '../../src/main/services/dispatch';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';

/** What {@link dispatchSession} returns. */
export interface DispatchSession {
  session: StudioSession;
  /** Every event the session sent, in order (the caller may read or empty it). */
  events: { channel: EventChannel; payload: unknown }[];
  /** Dispatches a request; @returns its response. @throws Error naming the channel, code and message when it fails. */
  call: <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;
  /** Dispatches a request that must fail; @returns its error. @throws Error when it succeeds. */
  fail: <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => Promise<ErrorPayload>;
}

/**
 * A new session keeping its UI state in `stateDir` (the caller disposes it), its handlers
 * reporting version 't' in browser mode on linux.
 */
export function dispatchSession(stateDir: string): DispatchSession {
  const session = new StudioSession({ stateDir, trainingMode: 'in-process' });
  const events: DispatchSession['events'] = [];
  session.onEvent((channel, payload) => events.push({ channel, payload }));
  const handlers = createHandlers(session, {
    info: { version: 't', mode: 'browser', platform: 'linux' },
  });
  return {
    session,
    events,
    call: async (channel, request) => {
      const result = await dispatch(handlers, channel, request);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    fail: async (channel, request) => {
      const result = await dispatch(handlers, channel, request);
      if (result.ok) throw new Error(`${channel} should have failed`);
      return result.error;
    },
  };
}
