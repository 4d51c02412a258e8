/**
 * End to end, in Chromium against the real studio server: what another program writes to
 * the open project shows without reloading the page. A new user ran `mtl-studio labels
 * import` in a terminal while the studio showed the project; the Tasks view kept saying
 * "0.0 % of rows labelled" until a reload. Here the CLI's import (services/labelFiles.ts
 * `importLabels`, what `labels import` runs) writes through a second connection to the
 * file, as the CLI's process does, and so does a task defined meanwhile; the session's
 * check of the file (about once a second) tells the page. Expected texts: the en messages
 * of src/renderer/src/i18n written out here. A training by the CLI (one epoch a second,
 * each a change of the file) makes the page reload its lists, but the data table does not
 * read its rows again: no dataset changed (DatasetInfo.contentVersion).
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importLabels } from '../../src/main/services/labelFiles';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { createLabelTask } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let project: string;
let datasetId: number;
/** The channels of the requests the page sent, in order. */
const sent: string[] = [];

beforeAll(async () => {
  studio = await openBrowserStudio('external', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'clothes.mtlproj');
      await session.createProject(project);
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      datasetId = penguins.id;
      // A task to label from scratch: its column is empty in all 344 rows.
      await createLabelTask(session.requireWritableStore(), datasetId, 'kind', ['a', 'b']);
      await session.updateUi({ view: 'tasks', datasetId });
    },
  });
  page = studio.page;
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const channel = /"channel":"([^"]+)"/.exec(String(payload))?.[1];
      if (channel) sent.push(channel);
    }),
  );
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('writes by another program', () => {
  it('labels imported and a task defined by the CLI show in the Tasks view without a reload', async () => {
    await page.goto(studio.server.url);
    const task = page.getByTestId('task-kind');
    await task.waitFor();
    expect(await task.textContent()).toContain('0.0 % of rows labelled');
    // Marks this page load: a reload would lose it.
    await page.evaluate('window.loadMark = 42');

    // The CLI: its own connection to the file; rows 1…172 labelled, alternately a and b.
    const labels = join(studio.dir, 'extra-labels.csv');
    const lines = ['row_id,kind'];
    for (let row = 1; row <= 172; row++) lines.push(`${row},${row % 2 ? 'a' : 'b'}`);
    await writeFile(labels, `${lines.join('\n')}\n`);
    const cli = await ProjectStore.open(project);
    try {
      const report = await importLabels(cli, datasetId, labels);
      expect(report.applied).toBe(172);
      // 172 of 344 rows, by hand: 50.0 %.
      await expect
        .poll(() => task.textContent(), { timeout: 15_000 })
        .toContain('50.0 % of rows labelled');

      // A task defined by the CLI appears in the list too.
      await createLabelTask(cli, datasetId, 'size', ['small', 'large']);
      await page.getByTestId('task-size').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('task-size').textContent()).toContain('0.0 % of rows labelled');
    } finally {
      await cli.close();
    }
    // The same page load all along.
    expect(await page.evaluate('window.loadMark')).toBe(42);
  });

  it("a CLI training's epochs do not make the data table read its rows again; a label does", async () => {
    await page.getByTestId('nav-data').click();
    await page.getByTestId('row-total').getByText('344 rows').waitFor();
    await page.getByTestId('rows-table').waitFor();
    // Let the first page of rows land before counting.
    await page.waitForTimeout(500);
    sent.length = 0;
    const cli = await ProjectStore.open(project);
    /** The CLI's run, left running by nothing: marked completed when the test ends. */
    let runId: number | null = null;
    try {
      const split = await cli.splits.create({
        datasetId,
        seed: 1,
        fractions: { train: 0.6, validation: 0.2, test: 0.2 },
        stratifiedOn: null,
        rowIds: [1, 2, 3, 4, 5],
        assignment: ['train', 'train', 'test', 'validation', 'test'],
      });
      const run = await cli.training.createRun({
        datasetId,
        splitId: split.id,
        tasks: ['kind'],
        config: { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 3 },
      });
      runId = run.id;
      await cli.training.updateRun(run.id, {
        status: 'running',
        startedAt: new Date().toISOString(),
      });
      // One epoch about every check of the file (about once a second), as `mtl-studio train`.
      for (let n = 1; n <= 3; n++) {
        await cli.training.addEpoch(run.id, {
          epoch: n,
          trainLoss: 1 / n,
          valLoss: 1 / n,
          tasks: { kind: { trainLoss: 1 / n, valLoss: 1 / n, valAccuracy: 0.5, valMacroF1: 0.5 } },
          seconds: 1,
        });
        await page.waitForTimeout(1_200);
      }
      // The page heard the writes (it reloaded its list of datasets at least twice)…
      await expect
        .poll(() => sent.filter((c) => c === 'datasets.list').length, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(2);
      // …and the table read no rows: no dataset changed.
      expect(sent).not.toContain('datasets.rows');

      // A label written by the CLI changes the dataset: the table reads its rows again.
      // Row 1 is 'a' (the import above: odd rows a).
      await cli.labels.write(datasetId, [{ rowId: 1, task: 'kind', value: 'b' }], 'user');
      await expect.poll(() => sent.includes('datasets.rows'), { timeout: 15_000 }).toBe(true);
    } finally {
      // Its three epochs written, as `mtl-studio train` ends one (also when the test failed).
      try {
        if (runId !== null) {
          await cli.training.updateRun(runId, {
            status: 'completed',
            finishedAt: new Date().toISOString(),
          });
        }
      } finally {
        await cli.close();
      }
    }
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-kind').waitFor();
  });

  it('the selected dataset deleted by another program leaves no warning in the status bar', async () => {
    // The Tasks view shows penguins (the test above); the CLI deletes it. On the one
    // projects.changedElsewhere the page reads its lists again: the tasks and runs read
    // again for the deleted id answer NOT_FOUND, which is no failure to show.
    const cli = await ProjectStore.open(project);
    try {
      await cli.datasets.delete(datasetId);
    } finally {
      await cli.close();
    }
    await page.getByTestId('task-kind').waitFor({ state: 'detached', timeout: 15_000 });
    // Two more checks of the file (about 1 s each) for any late reply to land.
    await page.waitForTimeout(2_500);
    expect(await page.getByTestId('notice').count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
