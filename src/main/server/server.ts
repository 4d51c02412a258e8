/**
 * Browser mode: serves the built renderer over HTTP and the contract over a WebSocket, on
 * 127.0.0.1 only, guarded like Jupyter by a random token in the printed URL.
 *
 * Refused (HTTP 403): a request whose Host is not this loopback address and port (DNS
 * rebinding), a page or asset request without the token (query `?token=` or the cookie
 * set when the page was opened with it), and a WebSocket upgrade without the token (the
 * cookie, or `?token=` for clients that are not browsers) or from another Origin.
 *
 * The page's WebSocket URL carries no token (the cookie authenticates it), so a refused
 * or failing connection never prints the token in the browser's console. `GET /auth`
 * answers `{ "authorised": true|false }` for the caller's cookie: a page whose connection
 * keeps failing asks it to tell "the server is down" (retry) from "the server restarted
 * with another token" (stop, and say how to reopen).
 *
 * HTTP 400: a URL that cannot be decoded (a bad `%` escape). Hostile input never stops the
 * process: every socket has an `'error'` handler (one line in the log, no stack), a
 * WebSocket message over WS_MAX_MESSAGE_BYTES closes that connection with code 1009, a
 * binary frame or a text that is not a JSON object with 1003, invalid UTF-8 with 1007, and
 * every request goes through {@link dispatch}, which answers (never rejects) and refuses
 * requests nested too deep before validating them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { type EventChannel, type Handlers, type WsServerMessage } from '../../shared/contract';
import { toErrorPayload } from '../../shared/errors';
import { WS_CLOSE, WS_MAX_MESSAGE_BYTES, WS_PATH } from '../../shared/wsProtocol';
import { dispatch } from '../services/dispatch';
import { coalesceEpochEvents } from '../services/epochCoalescing';

/** Path of the authorisation check (see the module comment). */
export const AUTH_PATH = '/auth';

/**
 * Name of the cookie holding the token once the page was opened with it. Cookies do not
 * tell ports apart, so each server's cookie carries its port: two studios on one machine
 * do not overwrite each other's token.
 */
export function tokenCookieName(port: number): string {
  return `mtl_studio_token_${port}`;
}

/** Content-Security-Policy of every served page (same as src/renderer/index.html). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Options of {@link startStudioServer}. */
export interface StudioServerOptions {
  handlers: Handlers;
  /** Subscribes to the session's events; the server forwards them to every client. */
  subscribe: (listener: (channel: EventChannel, payload: unknown) => void) => () => void;
  /** Folder of the built renderer (index.html and assets/). */
  rendererDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Token to require (`--token`); default: 32 random bytes, hex. */
  token?: string;
}

/**
 * The port of `npm run serve --port N` (main.ts): a plain decimal whole number from 0 (a free
 * port) to 65535.
 * @param value the text after `--port`; undefined when `--port` is not given (0: a free port).
 * @throws Error naming the option and the range for anything else ("", "0x50", "8080.5",
 *   "65536", a missing value after `--port`): "--port must be a whole number from 0 to 65535,
 *   got "x".".
 */
export function parsePort(value: string | undefined, given: boolean): number {
  if (!given) return 0;
  const port = /^\d{1,5}$/.test(value ?? '') ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new Error(`--port must be a whole number from 0 to 65535, got "${value ?? ''}".`);
  return port;
}

/** Shortest token accepted from the user (`--token`, MTL_STUDIO_TOKEN). */
export const MIN_TOKEN_LENGTH = 16;

/** How long {@link StudioServer.close} waits for the pages to answer its close frame, in ms. */
export const CLOSE_GRACE_MS = 1000;

/**
 * Checks a token the user chose: it is written into URLs and a cookie, and must be hard
 * to guess.
 * @throws Error naming the rule when it is shorter than {@link MIN_TOKEN_LENGTH} or holds
 *   other characters than letters, digits, '-' and '_'.
 */
export function checkToken(token: string): string {
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error(
      `The token must have at least ${MIN_TOKEN_LENGTH} characters, only letters, digits, - and _.`,
    );
  }
  return token;
}

/** A running studio server. */
export interface StudioServer {
  /** URL to open, with the token: http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  token: string;
  /**
   * Closes every connection (close code {@link WS_CLOSE.goingAway}, after what is queued;
   * cut off after {@link CLOSE_GRACE_MS}) and stops listening.
   */
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A request URL for the log: at most 200 characters. */
function quoteUrl(raw: string | undefined): string {
  const text = raw ?? '/';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function cookieToken(req: IncomingMessage, port: number): string | null {
  const wanted = tokenCookieName(port);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === wanted) return rest.join('=');
  }
  return null;
}

/**
 * Starts the server on 127.0.0.1.
 * @returns the server with its URL (print it: it carries the token).
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token =
    options.token === undefined ? randomBytes(32).toString('hex') : checkToken(options.token);
  const rendererDir = resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const refuse = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(message);
  };

  /** One line in the server's log for a failure a client caused; never a stack. */
  const logLine = (what: string, err: unknown): void => {
    console.error(`studio server: ${what}: ${toErrorPayload(err).message}`);
  };

  const server: Server = createServer((req, res) => {
    // An aborted request or a reset connection is the client's business, not a crash.
    req.on('error', (err) => logLine('request', err));
    res.on('error', (err) => logLine('response', err));
    void serveFile(req, res).catch((err: unknown) => {
      logLine(`${req.method} ${quoteUrl(req.url)}`, err);
      if (!res.headersSent) refuse(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(res, 403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Method not allowed');
    const url = parseUrl(req.url);
    if (!url) return refuse(res, 400, 'Malformed URL');
    const queryToken = url.searchParams.get('token');
    const authorised = sameToken(queryToken, token) || sameToken(cookieToken(req, port), token);
    if (url.pathname === AUTH_PATH) {
      const body = JSON.stringify({ authorised });
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (!authorised) {
      return refuse(res, 403, 'Open the URL printed by `npm run serve` (it carries the token).');
    }
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    } catch {
      return refuse(res, 400, 'Malformed URL (bad % escape)');
    }
    const file = normalize(join(rendererDir, relative));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep))
      return refuse(res, 403, 'Forbidden');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, 'Not found');
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    };
    if (extname(file) === '.html') {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['X-Frame-Options'] = 'DENY';
    }
    if (sameToken(queryToken, token)) {
      headers['Set-Cookie'] =
        `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    // pipeline: a file that vanishes or a client that leaves ends this response only.
    await pipeline(createReadStream(file), res);
  }

  /** The request URL against this server, or null when it cannot be parsed. */
  function parseUrl(raw: string | undefined): URL | null {
    try {
      return new URL(raw ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return null;
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until `ws` takes the socket over (it adds its own handler), errors end it here.
    const beforeHandover = (err: Error): void => {
      logLine('upgrade', err);
      socket.destroy();
    };
    socket.on('error', beforeHandover);
    const reject = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = parseUrl(req.url);
    if (!url) return reject('400 Bad Request');
    if (url.pathname !== WS_PATH) return reject('404 Not Found');
    if (!allowedHosts().includes(req.headers.host ?? '')) return reject('403 Forbidden');
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return reject('403 Forbidden');
    const given = url.searchParams.get('token') ?? cookieToken(req, port);
    if (!sameToken(given, token)) return reject('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // From here `ws` owns the socket: its errors are the connection's ('error' below).
      socket.off('error', beforeHandover);
      wss.emit('connection', ws, req);
    });
  });

  const send = (ws: WebSocket, message: WsServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      // A value JSON cannot write (a cycle, a BigInt) is a bug; answer it as one.
      if (message.type !== 'result') return logLine(`event ${message.channel}`, err);
      const error = { code: 'INTERNAL' as const, message: toErrorPayload(err).message };
      text = JSON.stringify({ type: 'result', id: message.id, ok: false, error });
    }
    ws.send(text);
  };

  wss.on('connection', (ws: WebSocket) => {
    // `ws` has already closed the connection (1009 too big, 1007 invalid UTF-8, 1002
    // protocol error) when it emits this; without a handler it would end the process.
    ws.on('error', (err) => logLine('WebSocket connection closed', err));
    ws.on('message', (data, isBinary) => {
      let message: { type?: unknown; id?: unknown; channel?: unknown; request?: unknown };
      try {
        if (isBinary) throw new Error('binary frame');
        message = JSON.parse(String(data)) as typeof message;
        if (typeof message !== 'object' || message === null) throw new Error('not an object');
      } catch {
        return ws.close(WS_CLOSE.unsupportedData, 'Expected a JSON invoke message');
      }
      const id = message.id;
      if (
        message.type !== 'invoke' ||
        typeof id !== 'number' ||
        !Number.isSafeInteger(id) ||
        id < 0
      ) {
        return send(ws, {
          type: 'result',
          id: -1,
          ok: false,
          error: {
            code: 'BAD_REQUEST',
            message: 'Expected { type: "invoke", id (a whole number ≥ 0), channel, request }.',
          },
        });
      }
      dispatch(options.handlers, message.channel, message.request)
        .then((result) => send(ws, { type: 'result', id, ...result }))
        .catch((err: unknown) => logLine('dispatch', err));
    });
  });

  // A fast run's epochs go out as one event per EPOCH_PUSH_MS (services/epochCoalescing.ts),
  // so the page keeps up with the server; every other event is sent at once, after them.
  const pushes = coalesceEpochEvents((channel, payload) => {
    for (const client of wss.clients) send(client, { type: 'event', channel, payload });
  });
  const unsubscribe = options.subscribe(pushes.listener);

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      pushes.dispose();
      // A close frame goes out after what is queued (a run's 'interrupted' event); a page
      // that does not answer it within CLOSE_GRACE_MS is cut off.
      const closed = [...wss.clients].map(
        (client) =>
          new Promise<void>((done) => {
            client.once('close', () => done());
            client.close(WS_CLOSE.goingAway, 'The studio server is stopping');
          }),
      );
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(closed),
        new Promise<void>((done) => (grace = setTimeout(done, CLOSE_GRACE_MS))),
      ]);
      clearTimeout(grace);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
