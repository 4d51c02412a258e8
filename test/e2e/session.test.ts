/**
 * End to end, against `npm run serve` as a real process: the studio's session lives in the
 * main process, so a page can be reloaded mid-training (same view, dataset, form, live run)
 * or while a run is paused (shown paused, with Resume); a second tab sees the run and the
 * pause of the first; SIGTERM stores the running run as interrupted (not cancelled) and the
 * tab shows only "Disconnected" (no error, no running badge) until a restart with the same
 * --token reopens the project and the old tab reconnects to it, the run restarts with its
 * configuration; SIGINT interrupts again; a restart with a new token
 * makes the old tab stop retrying and say how to reopen — and no token ever reaches the
 * browser's console.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ProjectStore } from '../../src/main/store/projectStore';
import {
  describeInBrowser,
  launchChromium,
  rendererForTests,
  newContext,
  penguinsProject,
  SHOTS,
  spawnServe,
  watchPage,
  type ServeProcess,
} from './harness';

const TOKEN = 'e2e-bookmarked-token-0123456789';
let dir: string;
let rendererDir: string;
let stateDir: string;
let port: number;
let serve: ServeProcess | null = null;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seen: ReturnType<typeof watchPage>;
const tokens = new Set<string>([TOKEN]);

/** A free TCP port on 127.0.0.1 (the restarted server must come back on the same one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

async function start(token?: string): Promise<ServeProcess> {
  serve = await spawnServe({ port, stateDir, rendererDir, token });
  tokens.add(new URL(serve.url).searchParams.get('token')!);
  return serve;
}

const detail = (p: Page = page) => p.getByTestId('run-detail');
const status = (p: Page = page) => detail(p).getAttribute('data-run-status');
const epochCount = async (p: Page = page): Promise<number> =>
  Number(
    /Epoch (\d+) of/.exec((await detail(p).getByTestId('epoch-count').textContent()) ?? '')?.[1],
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-e2e-session-'));
  stateDir = join(dir, 'state');
  rendererDir = rendererForTests();
  port = await freePort();
  browser = await launchChromium();
  context = await newContext(browser);
  page = await context.newPage();
  seen = watchPage(page);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

describeInBrowser('a session that survives reloads, tabs and restarts', () => {
  it('reloads mid-training on the same view, dataset and form, with the run still live', async () => {
    await start(TOKEN);
    await page.goto(serve!.url);
    await penguinsProject(page, join(dir, 'penguins'));
    // The token leaves the address bar; the view and dataset are in the URL.
    expect(page.url()).not.toContain('token');
    expect(page.url()).toMatch(/#\/train\?dataset=1$/);
    // A run that lasts minutes (a wide trunk, tiny batches), so it is still training when
    // the page reloads and the server stops.
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-epochs').fill('50000');
    await form.getByTestId('config-batchSize').fill('2');
    await form.getByTestId('config-hiddenUnits').fill('256, 256');
    await form.getByTestId('config-learningRate').fill('0.0005');
    await form.getByTestId('config-patience').fill('0');
    // One run on the fixed split (344 labelled rows would be cross-validated by default).
    await form.getByTestId('evaluation-mode').selectOption('split');
    // Auto's budget is kept with the form too (a new user found it and the evaluation reset).
    await form.getByTestId('auto-budget').fill('90');
    await form.getByTestId('start-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    await expect.poll(() => epochCount(), { timeout: 60_000 }).toBeGreaterThan(3);

    await page.reload();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    expect(page.url()).toMatch(/#\/train\?dataset=1$/);
    expect(await page.getByTestId('dataset-select').inputValue()).toBe('1');
    // The form is as it was left (kept on the server).
    expect(await form.getByTestId('config-epochs').inputValue()).toBe('50000');
    expect(await form.getByTestId('config-batchSize').inputValue()).toBe('2');
    expect(await form.getByTestId('config-hiddenUnits').inputValue()).toBe('256, 256');
    // Not the cross-validation the studio picks for 344 rows: the user's fixed split.
    await expect
      .poll(() => form.getByTestId('evaluation-mode').inputValue(), { timeout: 5_000 })
      .toBe('split');
    expect(await form.getByTestId('auto-budget').inputValue()).toBe('90');
    // Stored epochs and live ones: the counter goes on from where it was.
    const before = await epochCount();
    expect(before).toBeGreaterThan(3);
    await expect.poll(() => epochCount(), { timeout: 30_000 }).toBeGreaterThan(before);
    await page.screenshot({ path: join(SHOTS, 'session-01-reloaded-training.png') });
  });

  it('reloads while paused: the run shows paused, with Resume', async () => {
    await detail().getByTestId('pause-training').click();
    await detail().locator('[data-testid=run-status][data-paused]').waitFor();
    await page.reload();
    await detail().locator('[data-testid=run-status][data-paused]').waitFor();
    expect(await detail().getByTestId('run-status').textContent()).toBe('paused');
    expect(await detail().getByTestId('pause-training').textContent()).toContain('Resume');
  });

  it('shows a second tab the same run, and each tab the other one’s pause and resume', async () => {
    const second = await context.newPage();
    const secondSeen = watchPage(second);
    await second.goto(serve!.url);
    await detail(second).locator('[data-testid=run-status][data-paused]').waitFor();
    expect(await second.getByTestId('nav-train').getAttribute('class')).toContain('active');
    // Resume in the second tab: the first hears it.
    await detail(second).getByTestId('pause-training').click();
    await detail().locator('[data-testid=run-status]:not([data-paused])').waitFor();
    expect(await status()).toBe('running');
    // A run started in the first tab appears in the second without switching datasets.
    const runs = second.getByTestId('run-list').locator('tbody tr');
    expect(await runs.count()).toBe(1);
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').selectOption('single-task');
    await form.getByTestId('config-epochs').fill('3');
    await form.getByTestId('config-batchSize').fill('64');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await page.getByTestId('start-training').click();
    await expect.poll(() => runs.count()).toBe(2);
    await page.locator('[data-testid=run-detail][data-run-status=completed]').waitFor({
      timeout: 60_000,
    });
    expect(secondSeen.errors).toEqual([]);
    await second.close();
    // Back to the long run in the first tab.
    await page.getByTestId('run-list').locator('tbody tr', { hasText: 'running' }).click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
  });

  it('stores the run as interrupted on SIGTERM; the same token reconnects the old tab', async () => {
    await page.getByTestId('running-badge').waitFor();
    expect(await serve!.stop('SIGTERM')).toBe(0);
    await page.getByTestId('connection').waitFor();
    // Only the disconnected state: no "No project is open" (the project was closed before
    // the connections, answering the page's rereads of the interrupted run with NO_PROJECT),
    // no notice of a request lost with the connection, and no badge claiming a run trains.
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await page.getByTestId('running-badge').count()).toBe(0);
    // The run shows how it ended (from the event), not 'running' with Pause and Cancel.
    expect(await status()).toBe('interrupted');
    await page.screenshot({ path: join(SHOTS, 'session-02-server-down.png') });
    await start(TOKEN);
    expect(serve!.output()).toContain('Reopened the project');
    // The old tab reconnects by itself and shows where it was, with the run interrupted.
    await page.getByTestId('connection').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('[data-testid=run-detail][data-run-status=interrupted]').waitFor();
    expect(await page.getByTestId('run-error').textContent()).toContain('interrupted');
    expect(page.url()).toMatch(/#\/train\?dataset=1$/);
    await page.screenshot({ path: join(SHOTS, 'session-02-interrupted.png') });

    // Restart: a new run with the same configuration, recording which one it restarts.
    await detail().getByTestId('restart-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    expect(await detail().getByTestId('restart-of').textContent()).toContain('restarts run 1');
    await expect.poll(() => epochCount(), { timeout: 60_000 }).toBeGreaterThan(0);
  });

  it('interrupts on SIGINT too; a new token makes the old tab stop and say how to reopen', async () => {
    expect(await serve!.stop('SIGINT')).toBe(0);
    await start();
    await page.getByTestId('token-refused').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('token-refused').textContent()).toContain('npm run serve');
    // It stops retrying: no new connection attempt in the next seconds.
    const attempts = seen.console.length;
    await page.waitForTimeout(4000);
    expect(seen.console.length).toBe(attempts);

    // The new URL opens the same project; both long runs were interrupted, none cancelled.
    await page.goto(serve!.url);
    await page.getByTestId('run-list').waitFor();
    const statuses = await page
      .getByTestId('run-list')
      .locator('tbody tr td:nth-child(3)')
      .allTextContents();
    expect(statuses.map((s) => s.trim()).sort()).toEqual([
      'completed',
      'interrupted',
      'interrupted',
    ]);
    await page.screenshot({ path: join(SHOTS, 'session-03-new-token.png') });
  });

  it('never printed a token in the console, and left the runs interrupted in the file', async () => {
    const console = seen.console.join('\n');
    for (const token of tokens) expect(console).not.toContain(token);
    // Stopping the server mid-run threw nothing uncaught in the page (refusals to connect
    // are console errors of the browser, expected while it is down).
    expect(seen.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await serve!.stop('SIGTERM');
    serve = null;
    const store = await ProjectStore.open(join(dir, 'penguins.mtlproj'));
    try {
      const runs = await store.training.listRuns(1);
      expect(runs.map((r) => [r.id, r.status, r.restartOf])).toEqual([
        [1, 'interrupted', null],
        [2, 'completed', null],
        [3, 'interrupted', 1],
      ]);
    } finally {
      await store.close();
    }
  });
});
