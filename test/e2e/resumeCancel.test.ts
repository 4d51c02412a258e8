/**
 * End to end, in Chromium against the real studio server: a run cancelled, then resumed in
 * the same tab, can be cancelled again. Found by a new user: after Cancel → "Cancel the run"
 * and Resume, the Cancel button stayed "Cancelling…" and disabled while the run trained on
 * (a reload brought it back). The cancelled run's panel says where Resume continues (the
 * checkpoint's epoch as the project file holds it); a run cancelled before its first
 * checkpoint was saved is told so in the question, and its panel says why it has no Resume
 * (the question had promised Resume; afterwards there was only Restart, unexplained).
 * Expected texts: the en messages of src/renderer/src/i18n.
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
let datasetId: number;

/** The newest run of the dataset as the project file holds it. */
async function newestRun(): Promise<number> {
  const runs = await studio.session.requireStore().training.listRuns(datasetId);
  return Math.max(...runs.map((r) => r.id));
}

/** Run `runId` as the project file holds it (the checkpoint's epoch, undefined: none). */
async function storedRun(runId: number): Promise<{ checkpointEpoch?: number }> {
  return studio.session.requireStore().training.getRun(runId);
}

beforeAll(async () => {
  studio = await openBrowserStudio('resume-cancel', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'resume.mtlproj'));
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      datasetId = penguins.id;
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
    const runId = await newestRun();
    const checkpoint = (await storedRun(runId)).checkpointEpoch;
    expect(checkpoint).toBeGreaterThan(0);
    await expect
      .poll(() => detail.getByTestId('run-resume-note').textContent())
      .toBe(`Resume continues from the checkpoint after epoch ${checkpoint}.`);

    await detail.getByTestId('resume-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // It said "Cancelling…", disabled, here.
    expect((await cancelButton.textContent())?.trim()).toBe('Cancel');
    expect(await cancelButton.isDisabled()).toBe(false);
    await cancelButton.click();
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
  });

  it('cancelled before its first checkpoint says so, before and after', async () => {
    const form = page.getByTestId('train-form');
    await form.getByTestId('start-training').click();
    const running = page.locator('[data-testid=run-detail][data-run-status=running]');
    await running.waitFor();
    const detail = page.getByTestId('run-detail');
    const runId = await newestRun();
    const stored = async () =>
      (await studio.session.requireStore().training.listEpochs(runId)).length;
    await expect.poll(stored, { timeout: 60_000 }).toBeGreaterThan(0);
    // The first checkpoint comes 10 s into training (engine/checkpoint.ts): ask at once.
    await detail.getByTestId('cancel-training').click();
    await expect
      .poll(() => page.getByTestId('confirm-dialog').textContent())
      .toContain('It has no checkpoint yet (none was saved so far)');
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
    expect((await storedRun(runId)).checkpointEpoch).toBeUndefined();
    await expect
      .poll(() => detail.getByTestId('run-resume-note').textContent())
      .toBe(
        'No Resume: it was cancelled before its first checkpoint was saved. Restart trains it again from the first epoch.',
      );
    expect(await detail.getByTestId('resume-training').count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
