/**
 * End to end, in Chromium against the real studio server: an Auto run shows its search's
 * progress in the Train view (issue #11: "progress visible"). A new user saw "Epoch 0 of at
 * most 500 · Waiting for the first epoch…" for the whole search. Now, while it searches, the
 * run reads "Auto: <phase> · N configurations tried · best validation macro-F1 x · T s of B s"
 * with a bar on the budget and the configurations tried so far, and no epoch count; in zh-CN
 * the same line in Chinese (written out here, so a missing translation fails); a page
 * reloaded mid-search shows it again from the session. The numbers shown are checked against
 * the search the server stored afterwards (its trial table), not against the page's own.
 * Once checked, the search is ended with "End search now" rather than waited out (it ran
 * out its whole budget before), and the line then says so.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  openBrowserStudio,
  penguinsProject,
  SHOTS,
  type BrowserStudio,
} from './harness';
import { endButtonAfterPress, linesSeen, recordLines } from './autoLines';

let studio: BrowserStudio;
let page: Page;
/**
 * The search's budget: long enough that the search still runs after the checks below, the
 * zh-CN switch and a reload on a loaded 2-core machine (at 30 s it could end first). It is
 * not waited out: "End search now" ends the search once the checks are done.
 */
const BUDGET = 120;

beforeAll(async () => {
  studio = await openBrowserStudio('auto-progress', { timeoutMs: 60_000 });
  page = studio.page;
}, 240_000);

afterAll(() => studio?.close());

/** What the run shows while it searches, read in one go in the page (no race between parts). */
interface Seen {
  phase: string | null;
  line: string;
  epochCount: number;
  text: string;
  liveTrials: number;
  charts: number;
}

/** Waits until the Auto run's progress line matches `pattern` while it still searches. */
async function whileSearching(pattern: RegExp): Promise<Seen> {
  // A script text (this file is type-checked without the DOM's types), polled from here: the
  // page's Content-Security-Policy refuses waitForFunction's string evaluation.
  const script = `(() => {
    const progress = document.querySelector('[data-testid="auto-progress"]');
    const phase = progress ? progress.getAttribute('data-phase') : null;
    const lineNode = progress && progress.querySelector('[data-testid="auto-progress-line"]');
    const line = lineNode ? lineNode.textContent.trim() : '';
    if (!line || phase === 'final' || !new RegExp(${JSON.stringify(pattern.source)}).test(line))
      return null;
    const detail = document.querySelector('[data-testid="run-detail"]');
    return {
      phase,
      line,
      epochCount: detail.querySelectorAll('[data-testid="epoch-count"]').length,
      text: detail.textContent,
      liveTrials: progress.querySelectorAll('[data-testid="auto-live-trials"] tbody tr').length,
      charts: detail.querySelectorAll('[data-testid="live-charts"]').length,
    };
  })()`;
  for (let tries = 0; tries < 1200; tries++) {
    const seen = (await page.evaluate(script)) as Seen | null;
    if (seen) return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The Auto run's progress never read ${pattern}.`);
}

describeInBrowser('Auto shows its search progress in the Train view', () => {
  it('shows the phase, trials, best score and time of the budget while searching', async () => {
    await page.goto(studio.server.url);
    await penguinsProject(page, join(studio.dir, 'penguins'));
    const form = page.getByTestId('train-form');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('auto-budget').fill(String(BUDGET));
    await form.getByTestId('auto-training').click();

    // After the first trial (the first default, trained like a normal run).
    const seen = await whileSearching(
      new RegExp(
        `^Auto: (training the studio's defaults|searching|training the search's best like a normal run) · ([1-9]\\d*) configurations? tried · best validation macro-F1 (0\\.\\d{3}|1\\.000) · \\d+ s of ${BUDGET} s$`,
      ),
    );
    expect(['defaults', 'search', 'finalist']).toContain(seen.phase);
    // No epoch count of a model not training yet (the bug: "Epoch 0 of at most 500").
    expect(seen.epochCount).toBe(0);
    expect(seen.text).not.toContain('Epoch 0 of at most');
    expect(seen.text).not.toContain('Waiting for the first epoch');
    // Nor empty epoch charts.
    expect(seen.charts).toBe(0);
    const tried = Number(/ · (\d+) configurations? tried/.exec(seen.line)![1]);
    const best = /best validation macro-F1 (\d\.\d{3})/.exec(seen.line)![1];
    // The configurations tried so far, listed as they come (at least those the line counted).
    expect(seen.liveTrials).toBeGreaterThanOrEqual(tried);
    await page.getByTestId('auto-live-trials').locator('summary').click();
    await page.screenshot({ path: join(SHOTS, 'auto-progress.png') });

    // The session keeps the latest progress for a page opened now.
    const active = (await studio.session.snapshot()).activeRuns;
    expect(active).toHaveLength(1);
    expect(active[0].autoProgress?.trialsDone).toBeGreaterThanOrEqual(tried);

    // In Chinese.
    await page.getByTestId('locale').selectOption('zh-CN');
    const zh = await whileSearching(
      new RegExp(
        `^自动：(正在训练工作室默认配置|正在搜索|正在按正常训练方式训练搜索最佳配置) · 已尝试 [1-9]\\d* 个配置 · 最佳验证宏 F1 \\d\\.\\d{3} · \\d+ 秒 / ${BUDGET} 秒$`,
      ),
    );
    expect(zh.epochCount).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'auto-progress-zh.png') });
    await page.getByTestId('locale').selectOption('en');

    // A page reloaded mid-search shows the search from the session's latest progress.
    await page.reload();
    const again = await whileSearching(/^Auto: .* · [1-9]\d* configurations? tried · /);
    expect(again.epochCount).toBe(0);

    // Checked: the search is ended now instead of running out its budget. The button is
    // disabled at once (or gone, the search over) and the line says why the search ended.
    await recordLines(page);
    await page.getByTestId('auto-end-search').click();
    expect(await endButtonAfterPress(page)).toBe('disabled or gone');
    // Stored with the run, and said in its detail.
    await page.getByTestId('auto-ended-early').waitFor({ timeout: 240_000 });
    // The line said so while the search ended (every text it showed was recorded).
    expect(
      (await linesSeen(page)).some((line) => line.includes('search ended early at your request')),
    ).toBe(true);

    // What the server stored: the line's count and best score are the trial table's.
    await page.getByTestId('auto-search').locator('table').waitFor({ timeout: 240_000 });
    const store = studio.session.requireStore();
    const datasetId = (await store.datasets.list())[0].id;
    const run = (await store.training.listRuns(datasetId)).find((r) => r.auto)!;
    expect(run.status).toBe('completed');
    const search = await store.training.autoSearch(run.id);
    expect(search.endedEarly).toBe(true);
    expect(search.seconds).toBeLessThan(BUDGET);
    expect(search.trials.length).toBeGreaterThanOrEqual(tried);
    expect(Math.max(...search.trials.slice(0, tried).map((t) => t.score)).toFixed(3)).toBe(best);
    // Once completed, the stored table replaces the live progress.
    expect(await page.getByTestId('auto-progress').count()).toBe(0);
  }, 400_000);

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
