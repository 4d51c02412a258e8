/**
 * End to end, in Chromium against the real studio server: two hints a new user saw stay.
 * - The notice that the open project was upgraded (Projects view) came back on every reload
 *   of the page; it now has a dismiss button, and once dismissed it stays dismissed for
 *   that project and version across reloads (the status bar's copy too).
 * - "Cross-validation CV1 started; …" stayed under the Train form after the cross-validation
 *   was cancelled (by cancelling its fold run); it now goes when the cross-validation ends.
 * The project is a file written at the schema version before the latest (as an older
 * studio left it), upgraded when the session opens it. Expected texts: the en messages of
 * src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrateDatabase,
} from '../../src/main/store/migrations';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let project: string;

beforeAll(async () => {
  studio = await openBrowserStudio('hints', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'old.mtlproj');
      // A project as the previous version of the studio wrote it.
      const db = await Database.open(project, { create: true });
      await db.exec('PRAGMA foreign_keys = ON');
      await migrateDatabase(db, MIGRATIONS.slice(0, LATEST_SCHEMA_VERSION - 1));
      await db.exec("INSERT INTO project_meta (key, value) VALUES ('name', 'Old project')");
      await db.close();
      const opened = await session.openProject(project);
      if (opened.migration?.toVersion !== LATEST_SCHEMA_VERSION)
        throw new Error(`not upgraded: ${JSON.stringify(opened.migration)}`);
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      await defineTasks(session.requireWritableStore(), penguins.id, [
        { column: 'species' },
        { column: 'island' },
      ]);
      await session.updateUi({ view: 'projects', datasetId: penguins.id });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

const upgraded = `The project was upgraded from version ${LATEST_SCHEMA_VERSION - 1} to ${LATEST_SCHEMA_VERSION}`;

describeInBrowser('hints that go once they no longer hold', () => {
  it('the upgrade notice, once dismissed, stays dismissed across reloads', async () => {
    await page.goto(studio.server.url);
    const migrated = page.getByTestId('project-migrated');
    await migrated.waitFor();
    expect(await migrated.textContent()).toContain(upgraded);
    expect(await migrated.textContent()).toContain(`${project}.bak-v${LATEST_SCHEMA_VERSION - 1}`);
    // A reload alone does not dismiss it (the project is adopted again).
    await page.reload();
    await migrated.waitFor();
    await migrated.getByTestId('dismiss-migrated').click();
    await migrated.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('nav-train').waitFor();
    // The page has adopted the project (its name in the title bar, its Close button in the
    // Projects view: the notice would be up by now) and says nothing of the upgrade.
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('create-project').waitFor();
    await page.getByTestId('close-project').waitFor();
    expect(await page.getByTestId('project-title').textContent()).toContain('Old project');
    expect(await migrated.count()).toBe(0);
    const notice = page.getByTestId('notice');
    expect((await notice.count()) === 0 || !(await notice.textContent())?.includes(upgraded)).toBe(
      true,
    );
  });

  it('the "cross-validation started" hint goes when the cross-validation is cancelled', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    await form.getByTestId('evaluation-mode').selectOption('cv');
    // Long enough to be cancelled while its first fold trains.
    await form.getByTestId('config-epochs').fill('50000');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('start-training').click();
    const hint = form.getByTestId('cv-started');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(/^Cross-validation CV\d+ started; its fold runs/);
    // Worded in the language chosen after it appeared (a new user read it in English in zh-CN).
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect
      .poll(() => hint.textContent())
      .toMatch(/^交叉验证 CV\d+ 已开始；各折的运行显示在下方/);
    await page.getByTestId('locale').selectOption('en');
    await expect.poll(() => hint.textContent()).toMatch(/^Cross-validation CV\d+ started/);
    const running = page.locator('[data-testid=run-detail][data-run-status=running]');
    await running.waitFor();
    await running.getByTestId('cancel-training').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
    await page
      .locator('[data-testid=run-detail][data-run-status=cancelled]')
      .waitFor({ timeout: 60_000 });
    await hint.waitFor({ state: 'detached' });
    expect(await hint.count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
