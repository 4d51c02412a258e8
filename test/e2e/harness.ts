/**
 * What the end-to-end files share: Chromium through playwright-core (chromium.ts: which
 * one, and skipped or failing without it), the studio server in this process with a page on
 * it (openBrowserStudio) or as a real `npm run serve` process (to stop it with a signal and
 * start it again), and the first steps of the main job (a project with penguins and tasks).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe } from 'vitest';
import type { Handlers } from '../../src/shared/contract';
import type { CheckpointPolicy } from '../../src/shared/domain';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import { startStudioServer, type StudioServer } from '../../src/main/server/server';
import { ensureRendererBuilt, repoRoot } from '../../src/main/server/setup';
import { CHROMIUM, launchChromium, skipWithoutBrowser } from './chromium';

export { launchChromium };

/** The penguins table of the fixtures (344 rows, 8 columns). */
export const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
/** Screenshots of the end-to-end runs. */
export const SHOTS = join(repoRoot, 'test-results', 'e2e');

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The renderer built from the current sources, shared by the end-to-end files: built once
 * into `test-results/e2e-renderer/<hash of the sources>` (into a temporary folder renamed
 * when complete, so files running side by side never see half a build) and reused while
 * the sources do not change.
 * @returns the renderer folder (index.html and assets/).
 */
export function rendererForTests(): string {
  const sources = [
    ...filesUnder(join(repoRoot, 'src', 'renderer')),
    ...filesUnder(join(repoRoot, 'src', 'shared')),
    join(repoRoot, 'electron.vite.config.ts'),
    join(repoRoot, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(relative(repoRoot, file)).update(readFileSync(file));
  const root = join(repoRoot, 'test-results', 'e2e-renderer');
  const out = join(root, hash.digest('hex').slice(0, 16));
  const renderer = join(out, 'renderer');
  if (existsSync(join(renderer, 'index.html'))) return renderer;
  // One build at a time: the files that start together (two workers) wait for the first
  // one's build instead of each running its own on the same cores (CI 25 built it twice side
  // by side, about 30 s of each file).
  const lock = `${out}.lock`;
  mkdirSync(root, { recursive: true });
  while (!takeLock(lock)) {
    if (existsSync(join(renderer, 'index.html'))) return renderer;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    if (existsSync(join(renderer, 'index.html'))) return renderer;
    const building = `${out}.tmp-${process.pid}`;
    ensureRendererBuilt(building, true);
    try {
      renameSync(building, out);
    } catch {
      // Another file finished the same build first: use it.
      rmSync(building, { recursive: true, force: true });
    }
    return renderer;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Takes the renderer build's lock: a folder made atomically, holding the builder's pid. A
 * lock whose process has gone (a file killed mid-build) is removed and taken.
 * @returns whether this process holds the lock now.
 */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let holder = NaN;
  try {
    holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // Made but its pid not written yet: held, unless that was long ago (its maker died).
    try {
      if (Date.now() - statSync(lock).mtimeMs > 30_000)
        rmSync(lock, { recursive: true, force: true });
    } catch {
      // Gone meanwhile: the next try takes it.
    }
    return false;
  }
  try {
    process.kill(holder, 0);
    return false;
  } catch {
    // Its builder has gone: take it over (the next try makes it anew).
    rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

/** A browser context as the tests use it: 1440 × 900, English. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
}

/** Collects a page's errors (page errors, console errors) and all its console text. */
export function watchPage(page: Page): { errors: string[]; console: string[] } {
  const seen = { errors: [] as string[], console: [] as string[] };
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => seen.errors.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    // Chromium prints a failed request's URL in the message's location, not in its text.
    seen.console.push(`${message.text()} @ ${message.location().url}`);
    if (message.type() === 'error') seen.errors.push(`console: ${message.text()}`);
  });
  return seen;
}

/** `describe` for an end-to-end suite: skipped without Chromium, saying why; under CI it fails instead (chromium.ts). */
export const describeInBrowser = describe.skipIf(skipWithoutBrowser('end-to-end tests', CHROMIUM));

/** A studio served in this process and a Chromium page on it (see {@link openBrowserStudio}). */
export interface BrowserStudio {
  /** The file's temporary folder (removed by close). */
  dir: string;
  session: StudioSession;
  server: StudioServer;
  browser: Browser;
  page: Page;
  /** The page's errors and console text ({@link watchPage}). */
  seen: { errors: string[]; console: string[] };
  /** Closes the browser, the server and the session, and removes the folder. */
  close: () => Promise<void>;
}

/**
 * A studio server in this process over a new session (state in `stateDir`, training in a
 * child process), serving `rendererDir`; the end-to-end files and the table1m bench use it.
 * @param prepare runs on the session before the server starts.
 * @param checkpoints when the session's new runs save checkpoints (SessionOptions.checkpoints;
 *   absent: the training service's default, every epoch at most one per 10 s).
 * @param wrapHandlers gives the handlers the server answers with (default: the session's
 *   own); a test that only needs a smaller request than the page's wraps one of them.
 */
export async function startInProcess(
  stateDir: string,
  rendererDir: string,
  prepare?: (session: StudioSession) => Promise<void>,
  checkpoints?: CheckpointPolicy,
  wrapHandlers: (handlers: Handlers) => Handlers = (handlers) => handlers,
): Promise<{ session: StudioSession; server: StudioServer; stop: () => Promise<void> }> {
  const session = new StudioSession({ stateDir, checkpoints });
  await prepare?.(session);
  const server = await startStudioServer({
    handlers: wrapHandlers(
      createHandlers(session, {
        info: { version: 'e2e', mode: 'browser', platform: process.platform },
      }),
    ),
    subscribe: (listener) => session.onEvent(listener),
    rendererDir,
  });
  return {
    session,
    server,
    stop: async () => {
      await server.close();
      await session.dispose();
    },
  };
}

/**
 * What every in-process end-to-end file sets up: a temporary folder `mtl-e2e-<name>-…`, the
 * screenshot folder, the renderer built from the current sources, a studio session (state
 * in `<dir>/state`, training in a child process) served over WebSocket, Chromium, and a
 * 1440 × 900 English page watched for errors.
 * @param options.prepare runs before the server starts (test files, a project opened in
 *   the session).
 * @param options.timeoutMs the page's default timeout in ms (30 000).
 * @param options.checkpoints when the session's new runs save checkpoints (absent: the
 *   default, every epoch at most one per 10 s, the first 10 s into training): a test that
 *   needs a checkpoint, or none, when it cancels sets it rather than racing the clock.
 * @param options.wrapHandlers see {@link startInProcess}.
 */
export async function openBrowserStudio(
  name: string,
  options: {
    prepare?: (dir: string, session: StudioSession) => Promise<void>;
    timeoutMs?: number;
    checkpoints?: CheckpointPolicy;
    wrapHandlers?: (handlers: Handlers) => Handlers;
  } = {},
): Promise<BrowserStudio> {
  const dir = await mkdtemp(join(tmpdir(), `mtl-e2e-${name}-`));
  await mkdir(SHOTS, { recursive: true });
  const rendererDir = rendererForTests();
  const { session, server } = await startInProcess(
    join(dir, 'state'),
    rendererDir,
    async (session) => {
      await options.prepare?.(dir, session);
    },
    options.checkpoints,
    options.wrapHandlers,
  );
  const browser = await launchChromium();
  const page = await (await newContext(browser)).newPage();
  const seen = watchPage(page);
  if (options.timeoutMs) page.setDefaultTimeout(options.timeoutMs);
  return {
    dir,
    session,
    server,
    browser,
    page,
    seen,
    close: async () => {
      await browser.close();
      await server.close();
      await session.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `npm run serve` as a child process. */
export interface ServeProcess {
  child: ChildProcess;
  /** The URL it printed (with its token). */
  url: string;
  /** Everything it printed. */
  output: () => string;
  /** Sends a signal and waits until it exits; resolves with its exit code. */
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts `src/main/server/main.ts` (what `npm run serve` runs) on `port`, with its state in
 * `stateDir`, serving `rendererDir`, and waits for the URL it prints.
 * @param token a fixed token (`--token`), or undefined for a random one.
 */
export async function spawnServe(options: {
  port: number;
  stateDir: string;
  rendererDir: string;
  token?: string;
}): Promise<ServeProcess> {
  const args = [
    '--import',
    'tsx',
    join(repoRoot, 'src/main/server/main.ts'),
    '--port',
    String(options.port),
    '--renderer',
    options.rendererDir,
    ...(options.token ? ['--token', options.token] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, MTL_STUDIO_STATE_DIR: options.stateDir };
  delete env.MTL_STUDIO_TOKEN;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const look = (): void => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', look);
    void exited.then((code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    stop: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * From the Projects view: creates a project, imports penguins, defines the tasks species
 * and island, and opens the Train view.
 */
export async function penguinsProject(page: Page, path: string): Promise<void> {
  await page.getByTestId('new-project-name').fill('Penguins');
  await page.getByTestId('new-project-path').fill(path);
  await page.getByTestId('create-project').click();
  await page.getByTestId('csv-path').fill(PENGUINS);
  await page.getByTestId('preview-table').waitFor();
  await page.getByTestId('start-import').click();
  await page.getByTestId('row-total').getByText('344 rows').waitFor();
  await page.getByTestId('nav-tasks').click();
  for (const column of ['species', 'island']) await page.getByTestId(`pick-${column}`).check();
  await page.getByTestId('candidate-island').waitFor();
  await page.getByTestId('define-tasks').click();
  await page.getByTestId('task-island').waitFor();
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-form').getByTestId('config-arch').waitFor();
}
