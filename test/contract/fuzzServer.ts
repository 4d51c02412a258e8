/**
 * The studio server process of the fuzz test (serverFuzz.test.ts) and its clients: the
 * process (fuzzServerChild.ts, the wiring of `npm run serve`) started on 127.0.0.1 in a
 * temporary home with the penguins fixture, a WebSocket connection that matches answers
 * to ids and records close codes, and a raw HTTP client that reads the status code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { WS_PATH } from '../../src/shared/wsProtocol';

/** Longest wait for one answer or close. */
const ANSWER_TIMEOUT_MS = 15_000;

const CHILD = fileURLToPath(new URL('./fuzzServerChild.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

// ----------------------------------------------------------------------- the server process

/** The temporary folder: home, cwd, renderer files, the penguins fixture and the state. */
let dir: string;
/** The server process. */
export let child: ChildProcessWithoutNullStreams;
/** Everything the server process wrote to stderr so far. */
export let stderr = '';
/** The port the server listens on (127.0.0.1), known once startServer has resolved. */
export let port = 0;
/** The session token the server printed at start. */
export let token = '';
let nextLine: () => Promise<string>;

/**
 * Starts the server process in a fresh temporary folder (its home and cwd, so relative and
 * ~ paths in fuzzed requests land there) and waits for its port and token (for beforeAll).
 * Throws when the process ends before printing them.
 */
export async function startServer(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'mtl-fuzz-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await copyFile(
    fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url)),
    join(dir, 'penguins.csv'),
  );
  // Home and cwd = the temporary folder: relative and ~ paths in fuzzed requests land there
  // (path fields resolve relative paths from the home folder), never in the user's home.
  child = spawn(process.execPath, ['--import', TSX, CHILD, rendererDir, join(dir, 'state')], {
    cwd: dir,
    env: { ...process.env, HOME: dir, USERPROFILE: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`server process ended; stderr:\n${stderr}`);
    return value as string;
  };
  ({ port, token } = JSON.parse(await nextLine()) as { port: number; token: string });
}

/** Ends the server process (closing its stdin; killed after 5 s) and removes the folder (for afterAll). */
export async function stopServer(): Promise<void> {
  if (child && child.exitCode === null) {
    child.stdin.end();
    const exited = new Promise((done) => child.once('exit', done));
    const timer = setTimeout(() => child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Prototype names and memory as the server process sees them. */
export async function report(): Promise<{
  objectPrototype: string[];
  arrayPrototype: string[];
  polluted: unknown;
  rss: number;
}> {
  child.stdin.write('report\n');
  return JSON.parse(await nextLine()) as Awaited<ReturnType<typeof report>>;
}

// ----------------------------------------------------------------------- WebSocket client

/** An answer frame of the server (a `result` message). */
export interface Answer {
  type: string;
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** One connection: answers matched by id (id -1 answers in order), close code recorded. */
export class Connection {
  private readonly byId = new Map<number, (a: Answer) => void>();
  private readonly unnumbered: ((a: Answer) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const answer = JSON.parse(String(data)) as Answer;
      if (answer.type !== 'result') return;
      if (answer.id === -1) this.unnumbered.shift()?.(answer);
      else this.byId.get(answer.id)?.(answer);
    });
    // The server may reset a connection it refused; the close code is what counts.
    ws.on('error', () => undefined);
    this.closed = new Promise((done) =>
      ws.once('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
  }

  static open(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}?token=${token}`, {
        origin: `http://127.0.0.1:${port}`,
        maxPayload: 64 << 20,
      });
      const connection = new Connection(ws);
      ws.once('open', () => resolve(connection));
      ws.once('error', reject);
    });
  }

  /** Sends a text frame and waits for the answer to `id` (-1: the next unnumbered one). */
  ask(text: string | Buffer, id: number): Promise<Answer> {
    const answer = new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer to id ${id}: ${preview(text)}; ${serverState()}`)),
        ANSWER_TIMEOUT_MS,
      );
      const done = (a: Answer): void => {
        clearTimeout(timer);
        resolve(a);
      };
      if (id === -1) this.unnumbered.push(done);
      else this.byId.set(id, done);
    });
    this.ws.send(text);
    return answer;
  }

  /** Waits for the close, failing after the answer timeout. */
  async closeCode(what: string): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not closed: ${what}; ${serverState()}`)),
        ANSWER_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
      this.ws.terminate();
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** Whether the server process still runs, and the end of its stderr (for failure messages). */
export function serverState(): string {
  const state = child.exitCode === null ? 'server alive' : `server exited (${child.exitCode})`;
  return `${state}; stderr ends: ${stderr.slice(-1500)}`;
}

/** The start of a frame for failure messages (at most 200 characters; a binary frame by its size). */
export function preview(text: string | Buffer): string {
  const s = typeof text === 'string' ? text : `<${text.length} bytes>`;
  return s.length > 200 ? `${s.slice(0, 200)}… (${s.length} chars)` : s;
}

// ----------------------------------------------------------------------- raw HTTP

/** Sends raw bytes as an HTTP request; resolves with the status code of the answer (0: none). */
export function rawHttp(requestText: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let head = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no HTTP answer: ${preview(requestText)}`));
    }, ANSWER_TIMEOUT_MS);
    const finish = (status: number): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match) finish(Number(match[1]));
    });
    socket.on('error', () => finish(0));
    socket.on('close', () => finish(0));
    socket.write(requestText, 'latin1');
  });
}
