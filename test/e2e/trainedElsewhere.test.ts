/**
 * End to end, in Chromium against the real studio server: a run another process trains
 * (`mtl-studio train` in a terminal, or a second studio on the same file). A new user saw
 * it as "Epoch 0 of at most 3000 · Waiting for the first epoch…" while it was far along,
 * with Pause and Cancel that did nothing, and after `kill -9` of the CLI it stayed
 * `running` until the project was opened again. Here a child process stands for the CLI:
 * it owns the run (owner_pid), a second connection stores the epochs, and the test kills
 * the child. Expected texts: the en messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureSplit } from '../../src/main/services/training';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type EpochRecord } from '../../src/shared/domain';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let project: string;
let datasetId: number;
let runId: number;
/** The stand-in for the CLI process that trains: a node that idles until killed. */
let owner: ChildProcess;

/** One stored epoch of the species task (values made up; the page counts them). */
function epoch(n: number): EpochRecord {
  const task = { trainLoss: 1 / n, valLoss: 1 / n, valAccuracy: 0.5, valMacroF1: 0.5 };
  return { epoch: n, trainLoss: 1 / n, valLoss: 1 / n, tasks: { species: task }, seconds: 1 };
}

beforeAll(async () => {
  owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => owner.once('spawn', resolve));
  studio = await openBrowserStudio('elsewhere', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'shared.mtlproj');
      await session.createProject(project);
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      datasetId = penguins.id;
      await defineTasks(session.requireWritableStore(), datasetId, [{ column: 'species' }]);
      await session.updateUi({ view: 'train', datasetId });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(async () => {
  if (owner.exitCode === null && owner.signalCode === null) owner.kill('SIGKILL');
  await studio?.close();
});

describeInBrowser('a run another process trains', () => {
  it('shows its stored epochs, offers no pause or cancel, and turns interrupted once its owner is killed', async () => {
    // The other process: its own connection creates the run and stores two epochs.
    const cli = await ProjectStore.open(project);
    try {
      const split = await ensureSplit(cli, datasetId);
      const run = await cli.training.createRun({
        datasetId,
        splitId: split.id,
        tasks: ['species'],
        config: { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 5000 },
      });
      runId = run.id;
      await cli.training.updateRun(runId, {
        status: 'running',
        startedAt: new Date().toISOString(),
      });
      await cli.training.addEpoch(runId, epoch(1));
      await cli.training.addEpoch(runId, epoch(2));
    } finally {
      await cli.close();
    }
    // createRun recorded this test's pid (the server's too); the child owns the run instead.
    const db = await Database.open(project, { create: false });
    await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [owner.pid!, runId]);
    await db.close();

    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('run-list').locator('tbody tr').first().click();
    const detail = page.locator('[data-testid=run-detail][data-run-status=running]');
    await detail.waitFor();
    await expect
      .poll(() => detail.getByTestId('epoch-count').textContent(), { timeout: 15_000 })
      .toBe('Epoch 2 of at most 5000');
    expect(await detail.getByTestId('trained-elsewhere').textContent()).toBe(
      'trained by another process',
    );
    for (const button of ['pause-training', 'cancel-training']) {
      const b = detail.getByTestId(button);
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('title')).toContain('Another process trains this run');
    }
    expect(await page.getByText('1 training').count()).toBe(1);
    expect(await page.getByTestId('run-elsewhere').textContent()).toContain(
      'trained by another process',
    );

    // A third epoch stored by the other process shows without a reload.
    const more = await ProjectStore.open(project);
    try {
      await more.training.addEpoch(runId, epoch(3));
    } finally {
      await more.close();
    }
    await expect
      .poll(() => detail.getByTestId('epoch-count').textContent(), { timeout: 15_000 })
      .toBe('Epoch 3 of at most 5000');

    // kill -9 of the owner: the run turns interrupted within a few checks of the file.
    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await exited;
    const stopped = page.locator('[data-testid=run-detail][data-run-status=interrupted]');
    await stopped.waitFor({ timeout: 15_000 });
    expect(await stopped.getByTestId('trained-elsewhere').count()).toBe(0);
    expect(await stopped.getByTestId('restart-training').isVisible()).toBe(true);
    expect(await page.getByText('1 training').count()).toBe(0);
    expect(await page.getByTestId('run-elsewhere').count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
