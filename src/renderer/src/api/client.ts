/**
 * The renderer's typed access to the main process. Two transports implement one interface,
 * both generated from the contract: the preload bridge (`window.mtlStudio`, Electron) and
 * a WebSocket (browser mode, `npm run serve`).
 */
// Types only: the contract's zod schemas stay out of the renderer bundle.
import type {
  EventChannel,
  EventOf,
  InvokeChannel,
  InvokeResult,
  RequestOf,
  ResponseOf,
  StudioBridge,
  Unsubscribe,
  WsServerMessage,
} from '@shared/contract';
import type { ErrorCode, ErrorPayload } from '@shared/errors';
// Relative: this module is also tested from Node (test/contract/server.test.ts).
import { reasonDetails } from '../../../shared/errors';
import { WS_CLOSE, WS_MAX_MESSAGE_BYTES } from '../../../shared/wsProtocol';

/** A failed request: the typed error the main process answered. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  /** @param payload the `{ code, message }` the main process sent. */
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.details = payload.details;
  }
}

/**
 * The connection to the main process: 'connected'; 'reconnecting' while the server cannot
 * be reached (retried with a growing delay); 'unreachable' once it has not answered at this
 * address for {@link UNREACHABLE_AFTER_MS} (still retried: a server restarted with the same
 * port comes back, one restarted without it listens at a new port the page cannot know);
 * 'refused' when the server is up but no longer accepts this page's token (it restarted
 * with another one) — no more retries then.
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'unreachable' | 'refused';

/** What views and stores call. */
export interface StudioApi {
  /** 'electron' (preload bridge) or 'websocket'. */
  readonly transport: 'electron' | 'websocket';
  /**
   * Calls a channel.
   * @throws ApiError with the main process's error code when it answers an error.
   */
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Listens to an event channel. @returns a function that stops listening. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): Unsubscribe;
  /** Connection state for the status bar (the bridge is always connected). */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}

function unwrap<T>(result: InvokeResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

/** The API over the Electron preload bridge. */
export function createBridgeClient(bridge: StudioBridge): StudioApi {
  return {
    transport: 'electron',
    async invoke(channel, request) {
      const call = bridge[channel] as (
        r: unknown,
      ) => Promise<InvokeResult<ResponseOf<typeof channel>>>;
      return unwrap(await call(request));
    },
    on: (channel, listener) => bridge.subscribe(channel, listener),
    onConnection(listener) {
      listener('connected');
      return () => undefined;
    },
  };
}

/** First delay before reconnecting a dropped WebSocket, in milliseconds. */
const RECONNECT_MS = 1500;
/** The delay grows by half at each failed attempt, up to this (ms). */
const MAX_RECONNECT_MS = 10_000;

/**
 * How long reconnecting may fail before the page says the server is not answering at its
 * address (ms): `npm run serve` started again listens at a new random port, so retrying the
 * old one never succeeds; 15 s is five failed attempts with the delays above (1.5 s, then
 * half as long again each time: at 1.5, 3.8, 7.1, 12.2 and 19.8 s).
 */
export const UNREACHABLE_AFTER_MS = 15_000;

/**
 * What a page tells of a connection still down after a failed reconnect at `now`: 'unreachable'
 * once the server has not answered for {@link UNREACHABLE_AFTER_MS} since the connection was
 * lost (or since the page first tried, never connected), else 'reconnecting'.
 * @param downSince when the connection was lost or first tried (ms, same clock as `now`).
 * @param now when the latest reconnect attempt failed (ms).
 * @param serverAnswered the server answered at this address during that attempt (its `/auth`
 *   check, which accepted the page's token): it is not "not answering", however long.
 */
export function reconnectState(
  downSince: number,
  now: number,
  serverAnswered: boolean,
): 'reconnecting' | 'unreachable' {
  return !serverAnswered && now - downSince >= UNREACHABLE_AFTER_MS
    ? 'unreachable'
    : 'reconnecting';
}

/** Error of a request made after the server refused this page's token. */
const REFUSED: InvokeResult<never> = {
  ok: false,
  error: {
    code: 'BAD_REQUEST',
    message: 'The studio server no longer accepts this page; open the URL it printed.',
    details: reasonDetails('TOKEN_REFUSED', {}),
  },
};

/**
 * The API over a WebSocket to the studio server. Requests made while disconnected wait
 * for the connection; a connection lost mid-request fails it with an INTERNAL error.
 * When a connection fails, `authUrl` tells whether the server is down (retry, with a
 * growing delay) or refuses the page's token (stop: the state becomes 'refused').
 * @param url ws://127.0.0.1:PORT/ws — authenticated by the page's cookie, so the token is
 *   never in a URL the browser might print.
 * @param authUrl the server's authorisation check (`/auth`).
 */
export function createWebSocketClient(url: string, authUrl?: string): StudioApi {
  let socket: WebSocket | null = null;
  let open: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: InvokeResult<unknown>) => void }>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'reconnecting';
  let delay = RECONNECT_MS;
  /** When the connection was lost, or first tried (ms): see {@link reconnectState}. */
  let downSince = Date.now();
  /** The planned reconnection after a failed or lost connection, if any. */
  let retry: ReturnType<typeof setTimeout> | null = null;

  /** Requests waiting for a connection: the next one that opens (or a refusal) answers them. */
  const waiting = new Set<{ resolve: (ws: WebSocket) => void; refuse: () => void }>();

  const setState = (value: ConnectionState): void => {
    if (value === state) return;
    state = value;
    if (value === 'refused') {
      for (const w of waiting) w.refuse();
      waiting.clear();
    }
    for (const l of connectionListeners) l(value);
  };

  /** After a failed or lost connection: retry later, unless the token is refused. */
  const afterClose = async (): Promise<void> => {
    let answered = false;
    if (authUrl) {
      try {
        const answer = (await (await fetch(authUrl, { cache: 'no-store' })).json()) as {
          authorised?: boolean;
        };
        if (answer.authorised === false) {
          setState('refused');
          return;
        }
        answered = true;
      } catch {
        // The server is down or restarting: retry below.
      }
    }
    if (state !== 'connected') setState(reconnectState(downSince, Date.now(), answered));
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    delay = Math.min(MAX_RECONNECT_MS, delay * 1.5);
  };

  const connect = (): Promise<WebSocket> => {
    if (open) return open;
    open = new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => {
        socket = ws;
        delay = RECONNECT_MS;
        setState('connected');
        resolve(ws);
        for (const w of waiting) w.resolve(ws);
        waiting.clear();
      });
      ws.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as WsServerMessage;
        if (message.type === 'result') {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          const { type: _type, id: _id, ...result } = message;
          waiting?.resolve(result as InvokeResult<unknown>);
        } else if (message.type === 'event') {
          // Only channels someone subscribed to (all from the contract) have listeners.
          for (const l of listeners.get(message.channel) ?? []) l(message.payload);
        }
      });
      ws.addEventListener('close', (event) => {
        socket = null;
        open = null;
        if (state === 'connected') {
          downSince = Date.now();
          setState('reconnecting');
        }
        // `ws` closes a too-big message with 1009 and no reason; name the limit here.
        const error: ErrorPayload =
          event.code === WS_CLOSE.tooBig
            ? {
                code: 'BAD_REQUEST',
                message: `The studio server closed the connection: a request was over its limit of ${WS_MAX_MESSAGE_BYTES} bytes.`,
                details: reasonDetails(
                  'REQUEST_TOO_LARGE',
                  { limit: WS_MAX_MESSAGE_BYTES },
                  { limit: WS_MAX_MESSAGE_BYTES },
                ),
              }
            : {
                code: 'INTERNAL',
                message: 'The connection to the studio server was lost.',
                details: reasonDetails('CONNECTION_LOST', {}),
              };
        for (const [id, waiting] of pending) {
          pending.delete(id);
          waiting.resolve({ ok: false, error });
        }
        void afterClose();
      });
    });
    return open;
  };
  void connect();

  /**
   * The open connection, or the next one: an attempt that fails before it opens (the
   * server restarting, a connection reset during the handshake) leaves the request waiting
   * for the retry instead of waiting forever on that attempt.
   */
  const connected = (): Promise<WebSocket | null> => {
    if (socket) return Promise.resolve(socket);
    return new Promise((resolve) => {
      waiting.add({ resolve, refuse: () => resolve(null) });
      // An attempt under way or a retry planned answers it; else one starts now.
      if (!retry) void connect();
    });
  };

  return {
    transport: 'websocket',
    async invoke(channel, request) {
      if (state === 'refused') return unwrap(REFUSED);
      const ws = await connected();
      if (ws === null) return unwrap(REFUSED);
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, channel, request });
      // The server would close the connection (1009); refuse here and keep it.
      const bytes = new TextEncoder().encode(text).length;
      if (bytes > WS_MAX_MESSAGE_BYTES) {
        throw new ApiError({
          code: 'BAD_REQUEST',
          message: `This request is ${bytes} bytes; the studio server accepts at most ${WS_MAX_MESSAGE_BYTES} bytes per request.`,
          details: reasonDetails(
            'REQUEST_TOO_LARGE',
            { limit: WS_MAX_MESSAGE_BYTES },
            { limit: WS_MAX_MESSAGE_BYTES },
          ),
        });
      }
      const answer = new Promise<InvokeResult<unknown>>((resolve) => pending.set(id, { resolve }));
      ws.send(text);
      return unwrap(await answer) as ResponseOf<typeof channel>;
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => void connectionListeners.delete(listener);
    },
  };
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    mtlStudio?: StudioBridge;
  }
}

/**
 * Picks the transport at startup: the preload bridge when present, else a WebSocket to the
 * page's own host, authenticated by the cookie the server set when the page was opened
 * with its token. The token is then taken out of the address bar (the cookie keeps the
 * page working across reloads), so it does not end up in screenshots or shared links.
 */
export function connectStudioApi(): StudioApi {
  if (window.mtlStudio) return createBridgeClient(window.mtlStudio);
  const page = new URL(window.location.href);
  if (page.searchParams.has('token')) {
    page.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', page.pathname + page.search + page.hash);
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketClient(`${scheme}://${window.location.host}/ws`, '/auth');
}
