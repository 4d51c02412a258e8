/**
 * End to end: a last project that cannot be reopened leaves the studio usable. Found by a
 * new user: after `predict … -o victim.mtlproj` replaced the project with a CSV file, every
 * start of `npm run serve` and every reload showed only "The studio could not start: …",
 * with no New or Open. Now the Projects view says which project could not be reopened and
 * why (errors.reasons.NOT_A_PROJECT, en and zh-CN), with New and Open below it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionStateFile } from '../../src/main/services/sessionState';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let victim: string;

beforeAll(async () => {
  studio = await openBrowserStudio('reopen-failed', {
    prepare: async (folder, session) => {
      // What the user's project became: the predictions CSV under the project's name.
      victim = join(folder, 'victim.mtlproj');
      await writeFile(victim, 'row,id,species,species_probability\n1,a,Adelie,0.9\n');
      // As `npm run serve` starts (server/main.ts): the last project, reopened.
      const state = (session as unknown as { uiState: SessionStateFile }).uiState;
      await state.setLastOpen(victim);
      expect(await session.reopenLastProject()).toBeNull();
    },
  });
  ({ page } = studio);
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('a last project that cannot be reopened', () => {
  it('shows the Projects view with the problem, New and Open, also after a reload', async () => {
    for (const load of ['first', 'reload']) {
      if (load === 'first') await page.goto(studio.server.url);
      else await page.reload();
      const problem = page.getByTestId('reopen-failed');
      await problem.waitFor();
      expect(await problem.getByRole('strong').first().textContent(), load).toBe(
        `The last project could not be opened again: ${victim}`,
      );
      expect(await problem.getByTestId('error-headline').textContent(), load).toBe(
        `“${victim}” is not an MTL Studio project`,
      );
      expect(await page.getByTestId('startup-error').count()).toBe(0);
      await page.getByTestId('new-project-path').waitFor();
    }
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect
      .poll(() => page.getByTestId('reopen-failed').getByTestId('error-headline').textContent())
      .toBe(`“${victim}”不是 MTL Studio 项目`);
    await page.getByTestId('locale').selectOption('en');

    await page.getByTestId('new-project-name').fill('Fresh');
    await page.getByTestId('new-project-path').fill(join(studio.dir, 'fresh'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('project-title').getByText('Fresh', { exact: true }).waitFor();
    expect(await page.getByTestId('reopen-failed').count()).toBe(0);
    expect(studio.seen.errors).toEqual([]);
  });
});
