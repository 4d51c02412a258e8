/**
 * Fuzz test of the browser-mode server (issue #13, item 1). A seeded, bounded stream of
 * random and adversarial WebSocket frames and raw HTTP requests goes to a real server
 * process on 127.0.0.1 (fuzzServerChild.ts: the wiring of `npm run serve`) that has a
 * project with the penguins table open. Every frame has a known fate, checked one by one:
 * an answer to its id (never INTERNAL, never a stack), an answer to id -1 for a bad
 * envelope, or the connection closed with the right code (1009 too big, 1007 invalid
 * UTF-8, 1003 binary or not JSON). Afterwards the process is alive, answers `app.info`,
 * its Object/Array prototypes are unchanged and its stderr holds no unhandled error and
 * no stack trace.
 *
 * The expectations come from the WebSocket RFC 6455 close codes and the contract, not
 * from the server's code. The same seed sends the same frames (answers may interleave
 * differently across runs: bursts are concurrent).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../src/shared/contract';
import { WS_CLOSE, WS_MAX_MESSAGE_BYTES, WS_PATH } from '../../src/shared/wsProtocol';
import {
  envelope,
  frameOfSize,
  int,
  mutated,
  nested,
  NOT_TEMPLATED,
  pick,
  random,
  randomHttpTarget,
  randomValue,
  TEMPLATES,
} from './fuzzFrames';
import {
  type Answer,
  child,
  Connection,
  port,
  preview,
  rawHttp,
  report,
  startServer,
  stderr,
  stopServer,
  token,
} from './fuzzServer';

/** WebSocket frames sent (bursts count each frame). */
const MESSAGES = 2000;
/** Raw HTTP requests sent, half of them WebSocket upgrades. */
const HTTP_REQUESTS = 150;
/**
 * Each phase (WebSocket frames, raw HTTP) stops early past this time, so a slow or loaded
 * runner cannot hang CI; the HTTP phase always sends its fixed malformed requests first.
 */
const PHASE_BUDGET_MS = 45_000;

// The server process (fuzzServer.ts), started once for the file.
beforeAll(startServer);
afterAll(stopServer);

// ----------------------------------------------------------------------- the fuzz

describe('studio server under fuzz', () => {
  it('has a mutable template for every channel it may call freely', () => {
    expect(new Set([...Object.keys(TEMPLATES), ...NOT_TEMPLATED])).toEqual(
      new Set(INVOKE_CHANNELS),
    );
  });

  it('survives random and adversarial frames and HTTP requests, answering each as the protocol says', async () => {
    const before = await report();
    expect(before.polluted).toBeNull();

    // A project with the penguins table, so shaped requests reach the store.
    let id = 1;
    const setup = await Connection.open();
    expect(
      await setup.ask(envelope(id, 'projects.create', '{"path":"fuzz.mtlproj"}'), id++),
    ).toMatchObject({ ok: true });
    const imported = await setup.ask(
      envelope(id, 'datasets.import', '{"importId":"i1","path":"penguins.csv"}'),
      id++,
    );
    expect(imported).toMatchObject({ ok: true, value: { id: 1 } });
    setup.close();

    const counts: Record<string, number> = {};
    const count = (kind: string): number => (counts[kind] = (counts[kind] ?? 0) + 1);
    const internal: string[] = [];
    const started = Date.now();
    const main = await Connection.open();
    let sent = 0;
    let inflight: Promise<void>[] = [];

    /** Checks an answer to a numbered request: a result for its id, never INTERNAL. */
    const expectAnswer = async (
      kind: string,
      text: string,
      requestId: number,
      check?: (a: Answer) => void,
    ): Promise<void> => {
      const answer = await main.ask(text, requestId);
      expect(answer.type).toBe('result');
      expect(answer.id).toBe(requestId);
      if (answer.ok) count(`${kind} ok`);
      else {
        if (answer.error?.code === 'INTERNAL') internal.push(`${kind}: ${preview(text)}`);
        expect(answer.error?.message.length ?? 0).toBeLessThan(5000);
        expect(answer.error?.message ?? '').not.toMatch(/\n\s+at /);
      }
      check?.(answer);
    };
    /** Sends on a fresh connection what must close it with `code`. */
    const expectClose = async (
      kind: string,
      code: number,
      send: (ws: WebSocket) => void,
    ): Promise<void> => {
      const connection = await Connection.open();
      send(connection.ws);
      const closed = await connection.closeCode(kind);
      expect(closed.code, kind).toBe(code);
    };
    const flush = async (): Promise<void> => {
      await Promise.all(inflight);
      inflight = [];
    };

    while (sent < MESSAGES && Date.now() - started < PHASE_BUDGET_MS) {
      const roll = random();
      const requestId = id++;
      sent++;
      if (roll < 0.4) {
        // A template, mutated; answered to its id.
        const channel = pick(Object.keys(TEMPLATES)) as InvokeChannel;
        const text = envelope(requestId, channel, JSON.stringify(mutated(TEMPLATES[channel]!)));
        count('shaped');
        inflight.push(expectAnswer('shaped', text, requestId));
      } else if (roll < 0.6) {
        // Random request on any channel (unknown and prototype names too).
        const channel =
          random() < 0.8
            ? pick(INVOKE_CHANNELS)
            : pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'shell.exec', '']);
        let request = randomValue(4);
        // training.start is refused by shape (no datasetId), never started.
        if (channel === 'training.start') request = { config: request };
        count('random');
        inflight.push(
          expectAnswer('random', envelope(requestId, channel, JSON.stringify(request)), requestId),
        );
      } else if (roll < 0.66) {
        // Deep nesting, in the request or as the channel.
        const depth = pick([33, 100, 1000, 10_000, 100_000]);
        const deep = nested(depth, pick(['array', 'object', 'mixed'] as const));
        const inChannel = random() < 0.2;
        const text = inChannel
          ? `{"type":"invoke","id":${requestId},"channel":${deep},"request":{}}`
          : envelope(requestId, pick(INVOKE_CHANNELS), deep);
        count('deep');
        await flush();
        await expectAnswer('deep', text, requestId, (a) => {
          expect(a.ok).toBe(false);
          expect(a.error?.code).toBe('BAD_REQUEST');
          if (!inChannel) expect(a.error?.message).toMatch(/nested more than 32 levels/);
        });
      } else if (roll < 0.7) {
        // Prototype keys in the request and in the envelope.
        const requestText = pick([
          '{"__proto__":{"polluted":"yes"}}',
          '{"constructor":{"prototype":{"polluted":"yes"}}}',
          '{"datasetId":1,"__proto__":{"polluted":"yes"}}',
          '{"datasetId":1,"columns":["constructor","__proto__","toString"]}',
          '{"importId":"x","path":"penguins.csv","columnTypes":{"__proto__":"numeric","constructor":"text"}}',
        ]);
        count('prototype');
        if (random() < 0.3) {
          // The envelope's own `__proto__` key must not make it an invoke message.
          const text = `{"__proto__":{"type":"invoke","id":${requestId}},"channel":"app.info"}`;
          inflight.push(main.ask(text, -1).then((a) => void expect(a.ok).toBe(false)));
        } else {
          const channel = pick(['datasets.preview', 'tasks.candidates', 'datasets.import']);
          // datasets.import with a valid path would import; keep it to invalid requests.
          const text = envelope(
            requestId,
            channel,
            channel === 'datasets.import' ? requestText.replace('"x"', '5') : requestText,
          );
          inflight.push(expectAnswer('prototype', text, requestId));
        }
      } else if (roll < 0.75) {
        // Bad envelopes: answered to id -1.
        const text = pick([
          `{"type":"invoke","id":"${requestId}","channel":"app.info"}`,
          `{"type":"invoke","id":-5,"channel":"app.info"}`,
          `{"type":"invoke","id":1.5,"channel":"app.info"}`,
          `{"type":"invoke","id":1e999,"channel":"app.info"}`,
          `{"type":"invoke","id":123456789012345678901234567890,"channel":"app.info"}`,
          `{"type":"call","id":${requestId},"channel":"app.info"}`,
          `{"id":${requestId},"channel":"app.info"}`,
          '[]',
          '[{"type":"invoke","id":1,"channel":"app.info"}]',
          '{}',
        ]);
        count('envelope');
        inflight.push(
          main.ask(text, -1).then((a) => {
            expect(a).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
          }),
        );
      } else if (roll < 0.78) {
        // Huge and non-finite numbers written directly in the JSON text.
        const value = pick(['1e999', '-1e999', '1e400', '123456789012345678901234567890', '-0']);
        const text = envelope(
          requestId,
          pick(['datasets.rows', 'compare.confusionRows', 'training.epochs']),
          `{"datasetId":${value},"runId":${value},"offset":${value},"limit":${value},"task":"species","trueClass":${value},"predictedClass":0}`,
        );
        count('numbers');
        inflight.push(expectAnswer('numbers', text, requestId));
      } else if (roll < 0.84) {
        // Sizes around the limit: at the limit it is answered, above it the connection closes.
        const over = random() < 0.6;
        count(over ? 'too-big' : 'at-limit');
        await flush();
        if (!over) {
          const bytes = WS_MAX_MESSAGE_BYTES - int(3);
          await expectAnswer('at-limit', frameOfSize(requestId, bytes), requestId, (a) =>
            expect(a.error?.code).toBe('BAD_REQUEST'),
          );
        } else if (random() < 0.3) {
          // The same, in fragments that are each under the limit.
          const half = 'x'.repeat(WS_MAX_MESSAGE_BYTES / 2 + 16);
          await expectClose('too-big (fragments)', WS_CLOSE.tooBig, (ws) => {
            ws.send(`{"pad":"${half}`, { fin: false });
            ws.send(`${half}"}`, { fin: true });
          });
        } else {
          const bytes = pick([1, 100, 1 << 20, 3 << 20]) + WS_MAX_MESSAGE_BYTES;
          await expectClose('too-big', WS_CLOSE.tooBig, (ws) =>
            ws.send(frameOfSize(requestId, bytes)),
          );
        }
      } else if (roll < 0.9) {
        // Frames that are not a JSON text: binary, invalid UTF-8, not JSON, not an object.
        const variant = int(3);
        count(['binary', 'invalid-utf8', 'not-json'][variant]);
        await flush();
        if (variant === 0) {
          await expectClose('binary', WS_CLOSE.unsupportedData, (ws) =>
            ws.send(randomBytes(1 + int(2000)), { binary: true }),
          );
        } else if (variant === 1) {
          const bytes = Buffer.concat([
            Buffer.from('{"type":"invoke","id":1,"channel":"'),
            Buffer.from(pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe0, 0xa4]])),
            Buffer.from('"}'),
          ]);
          await expectClose('invalid UTF-8', WS_CLOSE.invalidUtf8, (ws) =>
            ws.send(bytes, { binary: false }),
          );
        } else {
          const text = pick(['', 'not json', '{', 'null', '42', '"text"', 'true', '\u0000']);
          await expectClose('not JSON', WS_CLOSE.unsupportedData, (ws) => ws.send(text));
        }
        main.ws.ping(); // the main connection is untouched by the others' closes
      } else {
        // A burst of concurrent valid requests.
        count('burst');
        const size = 5 + int(20);
        for (let b = 0; b < size && sent < MESSAGES; b++) {
          const burstId = b === 0 ? requestId : id++;
          if (b > 0) sent++;
          const channel = pick(Object.keys(TEMPLATES)) as InvokeChannel;
          inflight.push(
            expectAnswer(
              'burst',
              envelope(burstId, channel, JSON.stringify(TEMPLATES[channel])),
              burstId,
            ),
          );
        }
      }
      if (inflight.length >= 64) await flush();
      if (main.ws.readyState !== WebSocket.OPEN) {
        await flush();
        throw new Error(`the main connection closed after ${sent} frames`);
      }
    }
    await flush();
    main.close();

    // Raw HTTP: malformed URLs, absolute forms, huge targets, odd methods, upgrades. First
    // the fixed cases (400 for a bad % escape, 400 for an upgrade to an unparseable URL).
    const statuses: Record<number, number> = {};
    const host = `Host: 127.0.0.1:${port}`;
    expect(await rawHttp(`GET /%E0%A4%A?token=${token} HTTP/1.1\r\n${host}\r\n\r\n`)).toBe(400);
    expect(
      await rawHttp(
        `GET http://[ HTTP/1.1\r\n${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    ).toBe(400);
    const httpStarted = Date.now();
    for (let r = 0; r < HTTP_REQUESTS && Date.now() - httpStarted < PHASE_BUDGET_MS; r++) {
      const upgrade = random() < 0.5;
      const method = upgrade ? 'GET' : pick(['GET', 'GET', 'HEAD', 'POST', 'DELETE', 'BREW']);
      let target = randomHttpTarget();
      if (upgrade && random() < 0.5) target = `${WS_PATH}${target.slice(1)}`;
      const headers = [
        `Host: 127.0.0.1:${port}`,
        ...(upgrade
          ? [
              'Upgrade: websocket',
              'Connection: Upgrade',
              `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
              'Sec-WebSocket-Version: 13',
              ...(random() < 0.5 ? [`Origin: http://127.0.0.1:${port}`] : []),
            ]
          : ['Connection: close']),
      ];
      const status = await rawHttp(
        `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`,
      );
      statuses[status] = (statuses[status] ?? 0) + 1;
      // 101: an upgrade that carried the token, path and origin; 0: Node's parser hung up.
      expect([0, 101, 200, 400, 403, 404, 405, 414, 431], `${method} ${preview(target)}`).toContain(
        status,
      );
    }

    // Still alive and answering, prototypes untouched, nothing unhandled in its log.
    const after = await Connection.open();
    const info = await after.ask(envelope(id, 'app.info', '{}'), id);
    after.close();
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
    const end = await report();
    expect(end.objectPrototype).toEqual(before.objectPrototype);
    expect(end.arrayPrototype).toEqual(before.arrayPrototype);
    expect(end.polluted).toBeNull();
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/unhandled|uncaught|RangeError|^\s+at /im);
    expect(stderr).toMatch(/Max payload size exceeded/);
    expect(internal, 'INTERNAL answers').toEqual([]);

    // Every kind of frame was sent (the seed fixes which and how many).
    for (const kind of [
      'shaped',
      'random',
      'deep',
      'prototype',
      'envelope',
      'numbers',
      'too-big',
      'at-limit',
      'binary',
      'invalid-utf8',
      'not-json',
      'burst',
    ]) {
      expect(counts[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    console.log(
      `fuzz: ${sent} frames in ${Date.now() - started} ms`,
      counts,
      'HTTP statuses',
      statuses,
      `server RSS ${Math.round(end.rss / 2 ** 20)} MiB`,
    );
    expect(sent).toBeGreaterThanOrEqual(Math.min(MESSAGES, 500));
  });
});
