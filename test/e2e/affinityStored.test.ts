/**
 * End to end, the task affinity outlives the server (it was lost on every restart): measured
 * once in the Compare view, it is stored in the project; after the server stops and a new
 * one reopens the project, the page shows the same heat-map, grouping and "Computed <time>"
 * on open, with Recompute, and nothing is measured again (the newest stored result keeps the
 * id of the first; a pass would store a new one). zh-CN says the same in Chinese. The
 * heat-map lists its rows in the CLI table's order (first task on top) and its tooltip names
 * the unit, "% of the loss lowered". A recommended group's button opens the Train view with its
 * tasks ticked and its architecture.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { AFFINITY_SCALE_WIDTH } from '../../src/shared/affinityChart';
import {
  describeInBrowser,
  launchChromium,
  newContext,
  PENGUINS,
  rendererForTests,
  SHOTS,
  startInProcess,
  watchPage,
} from './harness';

let dir: string;
let rendererDir: string;
let datasetId: number;
let server: Awaited<ReturnType<typeof startInProcess>> | null = null;
let browser: Browser;
let page: Page;
let seen: ReturnType<typeof watchPage>;

const panel = (): ReturnType<Page['getByTestId']> => page.getByTestId('affinity-panel');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-e2e-affinity-'));
  await mkdir(SHOTS, { recursive: true });
  rendererDir = rendererForTests();
  server = await startInProcess(join(dir, 'state'), rendererDir, async (session) => {
    await session.createProject(join(dir, 'affinity.mtlproj'), 'affinity');
    datasetId = (await session.importDataset('p', PENGUINS, { name: 'penguins' })).id;
    await defineTasks(session.requireWritableStore(), datasetId, [
      { column: 'species' },
      { column: 'island' },
      { column: 'sex' },
    ]);
    await session.updateUi({ view: 'compare', datasetId });
  });
  browser = await launchChromium();
  page = await (await newContext(browser)).newPage();
  seen = watchPage(page);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The newest stored affinity of the open project, read in the server's process. */
async function newestStoredId(session: StudioSession): Promise<number | null> {
  return (await session.requireStore().evaluation.storedTaskAffinity(datasetId))?.id ?? null;
}

describeInBrowser('stored task affinity', () => {
  let computedText = '';
  let groupsText = '';
  let firstId: number | null = null;

  it('measures the affinity once and shows when it was computed', async () => {
    await page.goto(server!.server.url);
    await panel().waitFor();
    // Nothing stored yet: no heat-map, the button measures.
    expect(await page.getByTestId('affinity-computed').count()).toBe(0);
    expect((await page.getByTestId('measure-affinity').textContent())?.trim()).toBe(
      'Measure affinity',
    );
    await page.getByTestId('measure-affinity').click();
    await page.getByTestId('affinity-computed').waitFor({ timeout: 120_000 });
    computedText = (await page.getByTestId('affinity-computed').textContent())!.trim();
    groupsText = (await page.getByTestId('affinity-groups').textContent())!.trim();
    expect(computedText).toMatch(/^Computed .+\.$/);
    expect(groupsText).toContain('Recommended grouping:');
    expect(await panel().locator('.echart canvas').count()).toBeGreaterThan(0);
    // The top row is the first task (species), as in the CLI's table, and a cell says its
    // unit: hover the top-right cell (step on species, sex helped). The grid (affinityChart.ts)
    // spans 90 px from the left to AFFINITY_SCALE_WIDTH from the right, 16 px from the top to
    // 48 px from the bottom of the 300 px chart, in 3 × 3 cells.
    const box = (await panel().locator('.echart').boundingBox())!;
    const cellWidth = (box.width - 90 - AFFINITY_SCALE_WIDTH) / 3;
    const cellHeight = (300 - 16 - 48) / 3;
    await page.mouse.move(box.x + 90 + 2.5 * cellWidth, box.y + 16 + 0.5 * cellHeight);
    await expect
      .poll(() => panel().locator('.echart').innerText(), { timeout: 5_000 })
      .toMatch(/A step on species (lowers|raises) the loss of sex by \d+\.\d{3} %/);
    expect((await page.getByTestId('measure-affinity').textContent())?.trim()).toBe('Recompute');
    firstId = await newestStoredId(server!.session);
    expect(firstId).not.toBeNull();
  });

  it('shows the stored one after a server restart, without measuring again', async () => {
    // Leave the page first: a page on a stopped server retries (connection refused).
    await page.goto('about:blank');
    await server!.stop();
    server = await startInProcess(join(dir, 'state'), rendererDir, async (session) => {
      expect(await session.reopenLastProject()).not.toBeNull();
      await session.updateUi({ view: 'compare', datasetId });
    });
    await page.goto(server.server.url);
    await page.getByTestId('affinity-computed').waitFor();
    expect((await page.getByTestId('affinity-computed').textContent())!.trim()).toBe(computedText);
    expect((await page.getByTestId('affinity-groups').textContent())!.trim()).toBe(groupsText);
    expect(await panel().locator('.echart canvas').count()).toBeGreaterThan(0);
    expect((await page.getByTestId('measure-affinity').textContent())?.trim()).toBe('Recompute');
    // A pass would have stored a new result: the newest is still the first.
    expect(await newestStoredId(server.session)).toBe(firstId);
    await page.screenshot({ path: join(SHOTS, 'affinity-stored.png') });
  });

  it("opens the Train view with a recommended group's tasks and architecture", async () => {
    // The first recommended group's button: its tasks ticked, nothing else; hard sharing for
    // a group, single-task for one task (composables/trainTasks.ts).
    const group = (await server!.session.requireStore().evaluation.storedTaskAffinity(datasetId))!
      .groups[0];
    await page.getByTestId('affinity-train-0').click();
    await page.getByTestId('config-arch').waitFor();
    await expect
      .poll(() =>
        page
          .locator('.tasks-pick input:checked')
          .evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value)),
      )
      .toEqual(group);
    expect(await page.getByTestId('config-arch').inputValue()).toBe(
      group.length > 1 ? 'hard-sharing' : 'single-task',
    );
    await page.goBack();
    await page.getByTestId('affinity-computed').waitFor();
  });

  it('says it in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    await page.getByTestId('affinity-computed').getByText('计算于').waitFor();
    expect((await page.getByTestId('measure-affinity').textContent())?.trim()).toBe('重新计算');
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
