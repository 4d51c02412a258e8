/**
 * The WebSocket binding of the contract: 127.0.0.1 only, refused without the token, from
 * another Origin or Host; answers every contract channel; forwards session events.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  INVOKE_CHANNELS,
  type TrainingEpochEvent,
  type WsServerMessage,
} from '../../src/shared/contract';
import type { EpochRecord } from '../../src/shared/domain';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import {
  AUTH_PATH,
  checkToken,
  parsePort,
  startStudioServer,
  tokenCookieName,
  type StudioServer,
} from '../../src/main/server/server';
import { WS_CLOSE, WS_MAX_MESSAGE_BYTES } from '../../src/shared/wsProtocol';

/**
 * The renderer's WebSocket client (src/renderer/src/api/client.ts), loaded at run time: it is
 * type-checked with the renderer (DOM types), not with the Node tests.
 */
const CLIENT_MODULE = '../../src/renderer/src/api/client';
interface ClientModule {
  createWebSocketClient(url: string): {
    invoke(channel: string, request: unknown): Promise<unknown>;
  };
}

let dir: string;
let session: StudioSession;
let server: StudioServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-server-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  session = new StudioSession({ stateDir: join(dir, 'state') });
  server = await startStudioServer({
    handlers: createHandlers(session, {
      info: { version: 't', mode: 'browser', platform: 'linux' },
    }),
    subscribe: (listener) => session.onEvent(listener),
    rendererDir,
  });
});
afterAll(async () => {
  await server.close();
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, headers: { ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status that refused it. */
function connect(
  url: string,
  origin: string | undefined,
  cookie?: string,
): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      ...(origin === undefined ? {} : { origin }),
      ...(cookie === undefined ? {} : { headers: { cookie } }),
    });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

const origin = (): string => `http://127.0.0.1:${server.port}`;
const wsUrl = (token?: string): string =>
  `ws://127.0.0.1:${server.port}/ws${token === undefined ? '' : `?token=${token}`}`;

/** A client that answers invoke results by id and collects events. */
async function client(): Promise<{
  invoke: (channel: string, request: unknown) => Promise<WsServerMessage>;
  events: WsServerMessage[];
  close: () => void;
}> {
  const opened = await connect(wsUrl(server.token), origin());
  if (!('ws' in opened)) throw new Error(`refused: ${opened.refused}`);
  const { ws } = opened;
  const pending = new Map<number, (m: WsServerMessage) => void>();
  const events: WsServerMessage[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as WsServerMessage;
    if (message.type === 'result') pending.get(message.id)?.(message);
    else events.push(message);
  });
  let next = 1;
  return {
    events,
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
      }),
    close: () => ws.close(),
  };
}

describe('HTTP', () => {
  it('listens on 127.0.0.1 with a long random token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('refuses the page without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
  });

  it('serves the page with the token, a strict CSP and a cookie for its assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>studio</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${tokenCookieName(server.port)}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    const asset = await get('/assets/app.js', {
      cookie: `${tokenCookieName(server.port)}=${server.token}`,
    });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('refuses another Host (DNS rebinding) and paths outside the renderer', async () => {
    const rebound = await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const traversal = await get(`/..%2fsecret.txt?token=${server.token}`);
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.body).not.toContain('secret');
  });
});

describe('hostile input', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Raw request bytes (Node's client refuses to send malformed targets); the status answered. */
  const raw = (text: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1');
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
        if (status) {
          socket.destroy();
          resolve(Number(status[1]));
        }
      });
      socket.on('error', reject);
      socket.write(text, 'latin1');
    });

  it('answers 400 to a bad % escape, and logs no stack', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz.js', '/%C0%AF']) {
      const answer = await get(`${path}?token=${server.token}`);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toBe('Malformed URL (bad % escape)');
    }
    expect(log.mock.calls.flat().join('\n')).not.toMatch(/\n\s+at /);
  });

  it('answers 400 to an upgrade whose URL cannot be parsed, and keeps serving', async () => {
    const upgrade = (target: string): string =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${Buffer.alloc(16).toString('base64')}\r\n` +
      `Sec-WebSocket-Version: 13\r\n\r\n`;
    expect(await raw(upgrade('http://['))).toBe(400);
    expect(await raw(upgrade('/ws%zz'))).toBe(404);
    expect((await get(`/?token=${server.token}`)).status).toBe(200);
  });

  it('closes a message over the limit with 1009 (one log line), and serves the next connection', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const opened = await connect(wsUrl(server.token), origin());
    if (!('ws' in opened)) throw new Error('refused');
    const closed = new Promise<number>((resolve) => opened.ws.once('close', resolve));
    opened.ws.on('error', () => undefined);
    opened.ws.send('x'.repeat(WS_MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(WS_CLOSE.tooBig);
    expect(log).toHaveBeenCalledWith(
      'studio server: WebSocket connection closed: Max payload size exceeded',
    );
    const c = await client();
    try {
      expect(await c.invoke('app.info', {})).toMatchObject({ ok: true });
    } finally {
      c.close();
    }
  });

  it("the renderer's client refuses a request over the limit itself, keeping its connection", async () => {
    // The renderer's client, over `ws` with this server's Origin (a browser sends it).
    const origin = `http://127.0.0.1:${server.port}`;
    vi.stubGlobal(
      'WebSocket',
      class extends WebSocket {
        constructor(url: string) {
          super(url, { origin });
        }
      },
    );
    const { createWebSocketClient } = (await import(CLIENT_MODULE)) as ClientModule;
    const api = createWebSocketClient(wsUrl(server.token));
    try {
      const refused = api.invoke('projects.open', { path: 'x'.repeat(WS_MAX_MESSAGE_BYTES) });
      await expect(refused).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        // Refused before sending (the server's close would say "closed the connection").
        message: expect.stringMatching(/^This request is \d+ bytes; /),
        details: { reason: 'REQUEST_TOO_LARGE', limit: WS_MAX_MESSAGE_BYTES },
      });
      await expect(api.invoke('app.info', {})).resolves.toMatchObject({ mode: 'browser' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("the renderer's client answers a request made while a connection attempt fails, on the retry", async () => {
    // A full test run once hung 60 s on a request made while the page's connection was
    // being re-made and that attempt was reset in its handshake ("upgrade: read
    // ECONNRESET"): the request waited on that attempt forever. Here the first attempt is
    // refused (a foreign Origin: 403), the second is accepted.
    const origin = `http://127.0.0.1:${server.port}`;
    let attempts = 0;
    vi.stubGlobal(
      'WebSocket',
      class extends WebSocket {
        constructor(url: string) {
          attempts++;
          super(url, { origin: attempts === 1 ? 'http://evil.example' : origin });
          // A browser's WebSocket reports a failed handshake as events; `ws` would throw
          // without an 'error' listener.
          this.on('error', () => undefined);
        }
      },
    );
    try {
      const { createWebSocketClient } = (await import(CLIENT_MODULE)) as ClientModule;
      const api = createWebSocketClient(wsUrl(server.token));
      await expect(api.invoke('app.info', {})).resolves.toMatchObject({ mode: 'browser' });
      expect(attempts).toBe(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('WebSocket', () => {
  it('refuses a connection without the token, with a wrong token, or from another Origin', async () => {
    expect(await connect(wsUrl(), origin())).toEqual({ refused: 403 });
    expect(await connect(wsUrl('0'.repeat(64)), origin())).toEqual({ refused: 403 });
    expect(await connect(wsUrl(server.token), 'http://evil.example')).toEqual({ refused: 403 });
    expect(await connect(wsUrl(server.token), `http://127.0.0.1:${server.port + 1}`)).toEqual({
      refused: 403,
    });
    expect(await connect(wsUrl(server.token), undefined)).toEqual({ refused: 403 });
  });

  it('accepts the page cookie instead of a token in the URL, and only the right one', async () => {
    // A browser page connects to /ws without the token (it would show in the console).
    const good = `${tokenCookieName(server.port)}=${server.token}`;
    const opened = await connect(wsUrl(), origin(), good);
    expect('ws' in opened).toBe(true);
    if ('ws' in opened) opened.ws.close();
    const wrong = `${tokenCookieName(server.port)}=${'f'.repeat(64)}`;
    expect(await connect(wsUrl(), origin(), wrong)).toEqual({ refused: 403 });
    // Another studio's cookie (another port) does not open this one.
    const other = `${tokenCookieName(server.port + 1)}=${server.token}`;
    expect(await connect(wsUrl(), origin(), other)).toEqual({ refused: 403 });
  });

  it('tells a page whether its cookie is still accepted, without a token in the URL', async () => {
    const yes = await get(AUTH_PATH, { cookie: `${tokenCookieName(server.port)}=${server.token}` });
    expect(yes.status).toBe(200);
    expect(JSON.parse(yes.body)).toEqual({ authorised: true });
    const no = await get(AUTH_PATH, { cookie: `${tokenCookieName(server.port)}=old` });
    expect(JSON.parse(no.body)).toEqual({ authorised: false });
    // The Host check still applies.
    expect((await get(AUTH_PATH, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('takes a --port from 0 to 65535 only, naming the range as a whole number', () => {
    expect(parsePort(undefined, false)).toBe(0);
    expect(parsePort('8080', true)).toBe(8080);
    expect(parsePort('0', true)).toBe(0);
    expect(parsePort('65535', true)).toBe(65535);
    // Number() would read "0x50" as 80 and "" as 0; a missing value after --port is refused.
    for (const bad of ['65536', '-1', '80.5', '0x50', '', ' 80', 'abc', undefined])
      expect(() => parsePort(bad, true)).toThrow(
        `--port must be a whole number from 0 to 65535, got "${bad ?? ''}".`,
      );
  });

  it('takes a fixed token only when it is long and URL-safe', () => {
    expect(checkToken('bookmarked-token_0123')).toBe('bookmarked-token_0123');
    expect(() => checkToken('short')).toThrow(/at least 16 characters/);
    expect(() => checkToken('has spaces in it, too many')).toThrow(/letters, digits/);
  });

  it('answers every contract channel (never "unknown channel") and refuses others', async () => {
    const c = await client();
    try {
      for (const channel of INVOKE_CHANNELS) {
        const answer = await c.invoke(channel, {});
        expect(answer.type).toBe('result');
        if (answer.type === 'result' && !answer.ok) {
          expect(answer.error.message, channel).not.toMatch(/Unknown channel/);
        }
      }
      const unknown = await c.invoke('shell.exec', { command: 'rm -rf /' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const info = await c.invoke('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { mode: 'browser', nativeDialogs: false } });
    } finally {
      c.close();
    }
  });

  it('answers a message without a whole-number id with the shape it expects', async () => {
    const opened = await connect(wsUrl(server.token), origin());
    if (!('ws' in opened)) throw new Error(`refused: ${opened.refused}`);
    const { ws } = opened;
    try {
      const answer = new Promise<unknown>((resolve) =>
        ws.once('message', (data) => resolve(JSON.parse(String(data)))),
      );
      ws.send(JSON.stringify({ type: 'invoke', id: 1.5, channel: 'app.info', request: {} }));
      expect(await answer).toEqual({
        type: 'result',
        id: -1,
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'Expected { type: "invoke", id (a whole number ≥ 0), channel, request }.',
        },
      });
    } finally {
      ws.close();
    }
  });

  it('answers a bad request with a typed error and keeps the connection', async () => {
    const c = await client();
    try {
      const bad = await c.invoke('datasets.rows', { datasetId: -3, offset: 0, limit: 10 });
      expect(bad).toMatchObject({ type: 'result', ok: false, error: { code: 'BAD_REQUEST' } });
      const still = await c.invoke('projects.current', {});
      expect(still).toMatchObject({ ok: true, value: null });
    } finally {
      c.close();
    }
  });

  it('forwards session events to connected clients', async () => {
    const c = await client();
    try {
      await c.invoke('app.info', {});
      session.emit('import.progress', {
        importId: 'i1',
        phase: 'scan',
        rows: 10,
        bytes: 5,
        totalBytes: 9,
      });
      await expect.poll(() => c.events.length).toBe(1);
      expect(c.events[0]).toEqual({
        type: 'event',
        channel: 'import.progress',
        payload: { importId: 'i1', phase: 'scan', rows: 10, bytes: 5, totalBytes: 9 },
      });
    } finally {
      c.close();
    }
  });

  it("coalesces a fast run's epochs: far fewer pushes, every record in order, the status after them", async () => {
    const c = await client();
    try {
      await c.invoke('app.info', {});
      const record = (epoch: number): EpochRecord => ({
        epoch,
        trainLoss: 1 / epoch,
        valLoss: 2 / epoch,
        tasks: {},
        seconds: 0.001,
      });
      // 5 000 epochs of run 1 (and every 10th one of run 2 between them), in 50 bursts of 100
      // with a turn of the event loop between bursts, as a run at ~1000 epochs/s sends them;
      // a pause in the middle and the run's end after the last epoch.
      const BURSTS = 50;
      for (let burst = 0; burst < BURSTS; burst++) {
        for (let i = 1; i <= 100; i++) {
          const epoch = burst * 100 + i;
          session.emit('training.epoch', { runId: 1, records: [record(epoch)] });
          if (epoch % 10 === 0)
            session.emit('training.epoch', { runId: 2, records: [record(epoch / 10)] });
        }
        if (burst === 24) session.emit('training.paused', { runId: 1, paused: true });
        await new Promise((done) => setImmediate(done));
      }
      session.emit('training.failed', {
        runId: 1,
        cancelled: true,
        interrupted: false,
        error: { code: 'TRAINING_CANCELLED', message: 'Cancelled.' },
      });
      await expect
        .poll(() => c.events.some((e) => e.type === 'event' && e.channel === 'training.failed'))
        .toBe(true);
      const events = c.events.flatMap((e) => (e.type === 'event' ? [e] : []));
      const pushes = events.filter((e) => e.channel === 'training.epoch');
      // At most one push per burst (each burst is emitted in one turn); one per epoch before.
      expect(pushes.length).toBeLessThanOrEqual(2 * BURSTS);
      const epochsOf = (runId: number, upTo = events.length) =>
        events
          .slice(0, upTo)
          .filter((e) => e.channel === 'training.epoch')
          .map((e) => e.payload as TrainingEpochEvent)
          .filter((p) => p.runId === runId)
          .flatMap((p) => p.records.map((r) => r.epoch));
      // Every record once, in order (the numbers emitted above).
      expect(epochsOf(1)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
      expect(epochsOf(2)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      // The pause comes after the 2 500 epochs emitted before it, and before any later one.
      const paused = events.findIndex((e) => e.channel === 'training.paused');
      expect(epochsOf(1, paused)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
      // The run's end is the last message, after all its epochs.
      expect(events.at(-1)?.channel).toBe('training.failed');
    } finally {
      c.close();
    }
  });
});
