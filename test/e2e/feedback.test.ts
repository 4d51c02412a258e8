/**
 * End to end, what the studio tells a new user (issue 12, second pass): the status bar's
 * notices (an error stays on its view until dismissed, goes when another view is shown or
 * the action later succeeds; an information fades), the caption of a PCGrad run's task
 * weights (a gradient method, not "equal weighting"), and the compute backend worded in
 * Chinese. The PCGrad run is trained before the page opens (3 epochs on penguins).
 * Expected texts: the en / zh-CN messages of src/renderer/src/i18n written out here.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];
/** The PCGrad run as the project stored it. */
let pcgradRun: RunInfo;
/** Id of the second dataset ("penguins copy"), renamed and deleted below. */
let copyId: number;
/** Id of the third dataset ("penguins spare"), selected in the Train view below. */
let spareId: number;
/** Id of the first dataset ("penguins", with tasks and the PCGrad run). */
let penguinsId: number;
/** While true, the server's answers to `tasks.list` reach the page 1.5 s late. */
let slowTasks = false;

beforeAll(async () => {
  studio = await openBrowserStudio('feedback', {
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'feedback.mtlproj'), 'feedback');
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      penguinsId = penguins.id;
      copyId = (await session.importDataset('p2', PENGUINS, { name: 'penguins copy' })).id;
      spareId = (await session.importDataset('p3', PENGUINS, { name: 'penguins spare' })).id;
      await defineTasks(session.requireWritableStore(), penguins.id, [
        { column: 'species' },
        { column: 'island' },
      ]);
      const ended = new Promise<RunInfo | string>((done) => {
        session.onEvent((channel, payload) => {
          if (channel === 'training.finished') done((payload as { run: RunInfo }).run);
          if (channel === 'training.failed') done(JSON.stringify(payload));
        });
      });
      await session.startTraining({
        datasetId: penguins.id,
        config: { arch: 'hard-sharing', weighting: 'pcgrad', epochs: 3 },
      });
      const run = await ended;
      if (typeof run === 'string') throw new Error(`the PCGrad run failed: ${run}`);
      pcgradRun = run;
      await session.updateUi({ view: 'train', datasetId: penguins.id });
    },
  });
  ({ page, seen } = studio);
  // Time is ours: a notice's fading is checked by moving the page's clock, not by waiting.
  await page.clock.install();
  // A slow machine, on demand: the page's WebSocket goes through here (slowTasks).
  await page.routeWebSocket(/./, (ws) => {
    const server = ws.connectToServer();
    const slowIds = new Set<number>();
    ws.onMessage((text) => {
      const message = JSON.parse(String(text)) as { id?: number; channel?: string };
      if (slowTasks && message.channel === 'tasks.list' && message.id !== undefined)
        slowIds.add(message.id);
      server.send(text);
    });
    server.onMessage((text) => {
      const message = JSON.parse(String(text)) as { type?: string; id?: number };
      if (message.type === 'result' && message.id !== undefined && slowIds.delete(message.id))
        setTimeout(() => ws.send(text), 1500);
      else ws.send(text);
    });
  });
  await page.goto(studio.server.url);
}, 600_000);

afterAll(() => studio?.close());

const notice = () => page.getByTestId('notice');

describeInBrowser('what the studio tells the user', () => {
  it('names PCGrad as gradient surgery under its task weights, not equal weighting', async () => {
    const detail = page.locator('[data-testid=run-detail][data-run-status=completed]');
    await detail.waitFor();
    expect(pcgradRun.status).toBe('completed');
    expect(await detail.locator('h2').textContent()).toContain('Hard parameter sharing · PCGrad');
    const caption = detail.getByTestId('equal-weights-caption');
    expect(await caption.textContent()).toContain(
      'every task’s loss weighs 1 at every epoch: PCGrad (gradient surgery) weighs no loss',
    );
    expect(await caption.textContent()).not.toContain('equal weighting');
    expect(await detail.getByTestId('task-weights-chart').count()).toBe(0);
    await page.getByTestId('locale').selectOption('zh-CN');
    expect(await caption.textContent()).toContain('PCGrad（梯度手术）不调整损失权重');
    await page.getByTestId('locale').selectOption('en');
  });

  it('words the backend in Chinese (from the parts the server sends)', async () => {
    const detail = page.getByTestId('run-detail');
    const backend = detail.getByTestId('backend');
    // English: the engine's own text, as stored.
    expect(await backend.textContent()).toBe(`Backend: ${pcgradRun.backend}`);
    await page.getByTestId('locale').selectOption('zh-CN');
    const zh = (await backend.textContent()) ?? '';
    expect(zh.startsWith(`后端：${pcgradRun.backend!.split(' ')[0]}（`)).toBe(true);
    // None of the engine's English words is left (they are in shared/backendText.ts).
    expect(zh).not.toMatch(/thread|plain JavaScript|with CUDA|fused kernel/);
    if (pcgradRun.backend!.includes('1 thread')) expect(zh).toContain('单线程');
    if (pcgradRun.backend!.includes('fused kernel')) expect(zh).toContain('融合内核');
    expect(zh).toContain(`tfjs-core ${/tfjs-core (\S+)/.exec(pcgradRun.backend!)![1]}`);
    // The runs table says the same.
    expect(await page.getByTestId('run-list').textContent()).toContain(zh.replace('后端：', ''));
    await page.getByTestId('locale').selectOption('en');
  });

  it('wraps the run facts without a "·" left at a line end', async () => {
    // Found by a new user: at a narrow width "Epoch 3 of 3 ·" ended a line, its fact on the
    // next. Each fact now carries its "·" before it; the box clips the one of a fact that
    // starts a line. Narrowed to 160 px so the facts (epochs, backend, best epoch) wrap.
    // Measured in the page (a script text: this file is type-checked without the DOM's types).
    const layout = (await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="run-detail"] [data-testid="run-facts"]');
      el.style.width = '160px';
      const box = el.getBoundingClientRect();
      const items = [...el.querySelectorAll('.dot-items > *')].map((item) => {
        const rect = item.getBoundingClientRect();
        const dot = getComputedStyle(item, '::before');
        return {
          top: Math.round(rect.top),
          startsLine: Math.abs(rect.left - box.left) < 1,
          dotVisible: rect.left + parseFloat(dot.left) >= box.left,
          dot: dot.content,
        };
      });
      // No separator of its own: a lone "·" element was what dangled.
      const loneDots = [...el.querySelectorAll('*')].filter((e) => e.textContent.trim() === '·');
      el.style.width = '';
      return { clips: getComputedStyle(el).overflow === 'hidden', loneDots: loneDots.length, items };
    })()`)) as {
      clips: boolean;
      loneDots: number;
      items: { top: number; startsLine: boolean; dotVisible: boolean; dot: string }[];
    };
    expect(layout.clips).toBe(true);
    expect(layout.loneDots).toBe(0);
    expect(new Set(layout.items.map((i) => i.top)).size).toBeGreaterThan(1);
    for (const item of layout.items) {
      expect(item.dot).toBe('"·"');
      // A "·" shows exactly between two facts of one line: never at a line's start or end.
      expect(item.dotVisible).toBe(!item.startsLine);
    }
  });

  it('keeps an error on its view until dismissed, and drops it when another view is shown', async () => {
    await page.getByTestId('nav-data').click();
    await page.getByTestId('dataset-select').selectOption(String(copyId));
    await page.getByTestId('dataset-name-title').getByText('penguins copy').waitFor();
    const rename = async (name: string) => {
      await page.getByTestId('rename-dataset').click();
      await page.getByTestId('dataset-new-name').fill(name);
      await page.getByTestId('save-dataset-name').click();
    };
    await rename('penguins');
    await notice().waitFor();
    expect(await notice().getAttribute('data-kind')).toBe('error');
    expect(await notice().getByTestId('error-headline').textContent()).toContain('penguins');
    // An error does not fade: a minute later it is still there.
    await page.clock.fastForward(60_000);
    expect(await notice().count()).toBe(1);
    // It belongs to the Data view: showing Tasks drops it, and it does not come back.
    await page.getByTestId('nav-tasks').click();
    await notice().waitFor({ state: 'detached' });
    await page.getByTestId('nav-data').click();
    // The rename form is as it was left.
    await page.getByTestId('dataset-new-name').waitFor();
    expect(await notice().count()).toBe(0);
  });

  it('drops an error once the action that raised it succeeds', async () => {
    expect(await page.getByTestId('dataset-new-name').inputValue()).toBe('penguins');
    await page.getByTestId('save-dataset-name').click();
    await notice().waitFor();
    expect(await notice().getAttribute('data-kind')).toBe('error');
    await page.getByTestId('dataset-new-name').fill('penguins two');
    await page.getByTestId('save-dataset-name').click();
    await page.getByTestId('dataset-name-title').getByText('penguins two').waitFor();
    await notice().waitFor({ state: 'detached' });
  });

  it('lets an information fade after a few seconds', async () => {
    await page.getByTestId('delete-dataset').click();
    await page.getByTestId('confirm-ok').click();
    await notice().waitFor();
    expect(await notice().getAttribute('data-kind')).toBe('info');
    expect(await page.getByTestId('notice-text').textContent()).toContain('penguins two');
    // INFO_SECONDS (stores/notices.ts) is 5.
    await page.clock.fastForward(6_000);
    await notice().waitFor({ state: 'detached' });
  });

  it('says so when a shared architecture is to train one task only', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    const island = form.locator('.tasks-pick label', { hasText: 'island' }).locator('input');
    // Another dataset and back while tasks load slowly (1.5 s, longer than the form's 0.4 s
    // save delay): the form comes back as left, both tasks ticked, not stored half-loaded.
    slowTasks = true;
    const select = page.getByTestId('dataset-select');
    await select.selectOption(String(spareId));
    await page.waitForTimeout(2000);
    await select.selectOption(String(penguinsId));
    await page.waitForTimeout(2000);
    slowTasks = false;
    const ticked = () =>
      form
        .locator('.tasks-pick input')
        .evaluateAll((els) => els.map((e) => (e as unknown as { checked: boolean }).checked));
    await expect.poll(ticked).toEqual([true, true]);
    await form.getByTestId('config-arch').selectOption('mmoe');
    await island.uncheck();
    expect(await form.getByTestId('one-task-hint').textContent()).toContain(
      'Only one task is ticked: MMoE has nothing to share between tasks',
    );
    await form.getByTestId('config-arch').selectOption('ple');
    expect(await form.getByTestId('one-task-hint').textContent()).toContain('PLE has nothing');
    await island.check();
    expect(await form.getByTestId('one-task-hint').count()).toBe(0);
  });

  it('asks before starting a run identical to one still running', async () => {
    const form = page.getByTestId('train-form');
    const runs = page.getByTestId('run-list').locator('tbody tr');
    expect(await runs.count()).toBe(1);
    await form.getByTestId('config-arch').selectOption('hard-sharing');
    await form.getByTestId('config-epochs').fill('50000');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    const running = page.locator('[data-testid=run-detail][data-run-status=running]');
    await running.waitFor();
    await form.getByTestId('start-training').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Start an identical run?');
    await dialog.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await runs.count()).toBe(2);
    // Stop the long run (asked, too).
    await running.getByTestId('cancel-training').click();
    await dialog.getByTestId('confirm-ok').click();
    await page
      .locator('[data-testid=run-detail][data-run-status=cancelled]')
      .waitFor({ timeout: 60_000 });
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
