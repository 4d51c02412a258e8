/**
 * A cross-validation stopped before any fold finished shows in the studio with its state
 * and "Continue cross-validation" (found by a new user: such a one was in no list of the
 * studio, only `mtl-studio train` could continue it). Two are stored through the services:
 * CV A cancelled as its fold 1 began (no fold run at all), CV B cancelled after fold 1's
 * first epoch (one cancelled fold run). Expected values by hand: 0 of 2 folds finished;
 * 2 completed folds after A is continued.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let datasetId: number;
/** Cancelled as fold 1 began: no fold run. */
let cvA: number;
/** Cancelled while fold 1 trained: its fold run, cancelled. */
let cvB: number;
let foldRunB: number;
let project: string;

const FAST = { epochs: 2, hiddenUnits: [8], seed: 1 };

beforeAll(async () => {
  studio = await openBrowserStudio('cv-stopped-first-fold', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'penguins.mtlproj');
      const store = await ProjectStore.open(project, { create: true });
      try {
        datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
        await defineTasks(store, datasetId, [{ column: 'species' }]);
        const a = new AbortController();
        await crossValidate(
          store,
          { datasetId, method: { kind: 'fixed', config: FAST }, plan: { k: 2, seed: 3 } },
          { mode: 'in-process', signal: a.signal, onFold: () => a.abort() },
        ).catch(() => undefined);
        const b = new AbortController();
        await crossValidate(
          store,
          {
            datasetId,
            method: {
              kind: 'fixed',
              config: { ...FAST, epochs: 50, patience: 50, patienceSteps: 0 },
            },
            plan: { k: 2, seed: 4 },
          },
          { mode: 'in-process', signal: b.signal, onEpoch: () => b.abort() },
        ).catch(() => undefined);
        const [first, second] = await store.evaluation.crossValidations(datasetId);
        expect([first.status, second.status]).toEqual(['cancelled', 'cancelled']);
        expect(first.runs).toEqual([]);
        expect(second.runs).toHaveLength(1);
        cvA = first.id;
        cvB = second.id;
        foldRunB = second.runs[0].runId;
      } finally {
        await store.close();
      }
      await session.openProject(project);
      await session.updateUi({ view: 'train', datasetId });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('a cross-validation stopped before a fold finished', () => {
  it('Compare lists both with their state and Continue', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-compare').click();
    for (const id of [cvA, cvB]) {
      const row = page.getByTestId(`cv-row-${id}`);
      await row.waitFor();
      await expect
        .poll(() => row.getByTestId(`cv-state-${id}`).textContent())
        .toBe('stopped (cancelled) — 0 of 2 folds finished');
      expect(await row.getByTestId(`cv-continue-${id}`).count()).toBe(1);
    }
  }, 120_000);

  it("the Train view shows B's folds panel with Continue, and lists A as stopped", async () => {
    await page.getByTestId('nav-train').click();
    // B's cancelled fold run is the newest run, selected at first: its folds panel shows.
    const panel = page.getByTestId('cv-folds');
    await panel.waitFor();
    await expect
      .poll(() => panel.getByTestId('cv-continue-hint').textContent())
      .toBe(
        `CV${cvB} stopped (cancelled) before any fold finished; continuing trains its 2 folds with the same configuration.`,
      );
    expect(await panel.getByTestId('cv-continue').count()).toBe(1);
    expect(await panel.locator(`[data-testid="cv-fold-${foldRunB}"] .badge`).textContent()).toBe(
      'cancelled',
    );
    // A has no fold run: it is in the list of stopped ones, B (its panel shown) is not.
    const list = page.getByTestId('cv-stopped');
    await list.waitFor();
    await expect
      .poll(() => list.getByTestId(`cv-stopped-state-${cvA}`).textContent())
      .toBe('stopped (cancelled) — 0 of 2 folds finished');
    expect(await list.getByTestId(`cv-stopped-folds-${cvA}`).count()).toBe(0);
    expect(await list.getByTestId(`cv-stopped-${cvB}`).count()).toBe(0);
  }, 120_000);

  it("continuing A from the Train view's list trains both its folds", async () => {
    await page.getByTestId(`cv-stopped-continue-${cvA}`).click();
    const store = studio.session.requireStore();
    await expect
      .poll(async () => (await store.evaluation.crossValidation(cvA)).status, {
        timeout: 120_000,
      })
      .toBe('completed');
    const a = await store.evaluation.crossValidation(cvA);
    expect(a.runs.map((r) => r.fold)).toEqual([0, 1]);
    await expect.poll(() => page.getByTestId(`cv-stopped-${cvA}`).count()).toBe(0);
    // With a fold run of A selected, B is listed as stopped and "Show folds" opens its panel.
    await page
      .getByTestId('run-list')
      .locator('tbody tr')
      .filter({ has: page.locator(`td:text-is("${a.runs[0].runId}")`) })
      .click();
    const list = page.getByTestId('cv-stopped');
    await list.getByTestId(`cv-stopped-folds-${cvB}`).click();
    await expect
      .poll(() => page.getByTestId('cv-folds').locator('h2').textContent())
      .toBe(`Cross-validation CV${cvB}: every fold`);
    expect(studio.seen.errors).toEqual([]);
  }, 180_000);
  it('one stopped by another program (the CLI) shows in the Train view without a reload', async () => {
    // Found by a user: a cross-validation stopped by `mtl-studio train` (Ctrl-C) before a fold
    // run was stored changed no run, so the list heard nothing until the view was left. Here
    // the CLI's own connection to the file does what `train --evaluation cv` does when
    // stopped as fold 1 begins; the session's check of the file tells the page.
    await page.evaluate('window.loadMark = 7');
    const cli = await ProjectStore.open(project);
    let cvC: number;
    try {
      const c = new AbortController();
      await crossValidate(
        cli,
        { datasetId, method: { kind: 'fixed', config: FAST }, plan: { k: 2, seed: 9 } },
        { mode: 'in-process', signal: c.signal, onFold: () => c.abort() },
      ).catch(() => undefined);
      const stored = (await cli.evaluation.crossValidations(datasetId)).at(-1)!;
      expect([stored.status, stored.runs]).toEqual(['cancelled', []]);
      cvC = stored.id;
    } finally {
      await cli.close();
    }
    const list = page.getByTestId('cv-stopped');
    await expect
      .poll(() => list.getByTestId(`cv-stopped-state-${cvC}`).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await list.getByTestId(`cv-stopped-state-${cvC}`).textContent()).toBe(
      'stopped (cancelled) — 0 of 2 folds finished',
    );
    // The same page load all along.
    expect(await page.evaluate('window.loadMark')).toBe(7);
    expect(studio.seen.errors).toEqual([]);
  }, 120_000);

  it('and in Compare, open while the CLI stops another one', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId(`cv-row-${cvA}`).waitFor();
    const cli = await ProjectStore.open(project);
    let cvD: number;
    try {
      const d = new AbortController();
      await crossValidate(
        cli,
        { datasetId, method: { kind: 'fixed', config: FAST }, plan: { k: 2, seed: 11 } },
        { mode: 'in-process', signal: d.signal, onFold: () => d.abort() },
      ).catch(() => undefined);
      cvD = (await cli.evaluation.crossValidations(datasetId)).at(-1)!.id;
    } finally {
      await cli.close();
    }
    const row = page.getByTestId(`cv-row-${cvD}`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByTestId(`cv-state-${cvD}`).textContent()).toBe(
      'stopped (cancelled) — 0 of 2 folds finished',
    );
    expect(await page.evaluate('window.loadMark')).toBe(7);
    expect(studio.seen.errors).toEqual([]);
  }, 120_000);
});
