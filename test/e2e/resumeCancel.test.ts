/**
 * End to end, in Chromium against the real studio server: a run cancelled, then resumed in
 * the same tab, can be cancelled again. Found by a new user: after Cancel → "Cancel the run"
 * and Resume, the Cancel button stayed "Cancelling…" and disabled while the run trained on
 * (a reload brought it back). Expected texts: the en messages of src/renderer/src/i18n.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('resume-cancel', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'resume.mtlproj'));
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      await defineTasks(session.requireWritableStore(), penguins.id, [{ column: 'species' }]);
      await session.updateUi({ view: 'train', datasetId: penguins.id });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('a resumed run', () => {
  it('can be cancelled again in the tab that cancelled it before', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-epochs').fill('50000');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    const detail = page.getByTestId('run-detail');
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // The default checkpoint policy saves one at most every 10 s (engine/checkpoint.ts):
    // once epochs stream, train past that, so that the cancelled run can be resumed.
    const events = async () => Number(await detail.getAttribute('data-epoch-events'));
    await expect.poll(events, { timeout: 60_000 }).toBeGreaterThan(20);
    await page.waitForTimeout(15_000);
    const cancelButton = detail.getByTestId('cancel-training');
    await cancelButton.click();
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();

    await detail.getByTestId('resume-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // It said "Cancelling…", disabled, here.
    expect((await cancelButton.textContent())?.trim()).toBe('Cancel');
    expect(await cancelButton.isDisabled()).toBe(false);
    await cancelButton.click();
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
