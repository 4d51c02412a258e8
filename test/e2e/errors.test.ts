/**
 * End to end, server errors in Chinese (issue 12: "server error details stay English in
 * zh-CN"): with the page in zh-CN, an error the server raises with a known reason
 * (details.reason + details.params, src/shared/errors.ts) is shown wholly in Chinese, its
 * parameters filled in, and the server's English message is not shown (only the
 * headline's tooltip keeps it). The expected texts are the zh-CN messages of
 * src/renderer/src/i18n/errors.ts with this test's own names and numbers.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('errors', {
    prepare: async (folder, session) => {
      await writeFile(join(folder, 'birds.csv'), 'wing,kind\n1,a\n2,b\n3,a\n4,b\n');
      await writeFile(join(folder, 'fish.csv'), 'fin,kind\n1,a\n2,b\n3,a\n4,b\n');
      // Text after the closing quote of column "a" on line 2 (a name written twice in the
      // header, the earlier case here, is renamed now: a.1).
      await writeFile(join(folder, 'quote.csv'), 'a,b\n"x"y,2\n');
      await session.createProject(join(folder, 'errors.mtlproj'), 'errors');
      await session.importDataset('birds', join(folder, 'birds.csv'), { name: 'birds' });
      const fish = await session.importDataset('fish', join(folder, 'fish.csv'), { name: 'fish' });
      await session.updateUi({ view: 'data', datasetId: fish.id });
    },
  });
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('server errors in zh-CN', () => {
  it('says in Chinese that a dataset name is taken (a rename refused by the server)', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('locale').selectOption('zh-CN');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByTestId('dataset-name-title').getByText('fish').waitFor();
    await page.getByTestId('rename-dataset').click();
    await page.getByTestId('dataset-new-name').fill('birds');
    await page.getByTestId('save-dataset-name').click();
    const headline = page.getByTestId('error-headline');
    await headline.waitFor();
    expect(await headline.textContent()).toBe('已有名为“birds”的数据集：请换一个名称');
    // The server's English message ("a dataset named … already exists") is not shown.
    expect(await page.getByTestId('error-detail').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('already exists');
    expect(await headline.getAttribute('title')).toContain('already exists');
  });

  it('names file, line and column of a bad CSV in Chinese', async () => {
    await page.getByTestId('open-import').click();
    await page.getByTestId('csv-path').fill(join(dir, 'quote.csv'));
    const error = page.getByTestId('error-headline').filter({ hasText: 'quote.csv' });
    await error.waitFor();
    expect(await error.textContent()).toBe('“quote.csv”第 2 行，列“a”：字段的闭合引号之后还有文本');
    expect(await page.locator('body').textContent()).not.toContain('malformed quoted field');
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
