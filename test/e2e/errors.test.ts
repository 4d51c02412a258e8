/**
 * End to end, server errors in Chinese (issue 12: "server error details stay English in
 * zh-CN"): with the page in zh-CN, an error the server raises with a known reason
 * (details.reason + details.params, src/shared/errors.ts) is shown wholly in Chinese, its
 * parameters filled in, and the server's English message is not shown (only the
 * headline's tooltip keeps it); a failed import's error goes once another file, or another
 * reading of it, is chosen. The expected texts are the zh-CN messages of
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
      // 20 000 good rows (lines 2–20001, ~150 kB), then line 20002 with 1 of 2 fields: past
      // what the preview reads (its first 64 kB), so only the import finds it.
      // ragged.csv: line 3 has 1 of 2 fields.
      const good = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 2 ? 'x' : 'y'}`);
      await writeFile(join(folder, 'late.csv'), ['a,b', ...good, '99', ''].join('\n'));
      await writeFile(join(folder, 'ragged.csv'), 'a,b\n1,2\n3\n');
      await writeFile(join(folder, 'empty.csv'), '');
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

  it('drops a failed import’s error once the file or how it is read changes', async () => {
    // A new user saw a failed import's error stay under the next files' own errors.
    const failed = page.getByTestId('import-error');
    const importLate = async (): Promise<void> => {
      await page.getByTestId('preview-table').waitFor();
      await page.getByTestId('start-import').click();
      await failed.waitFor();
      // The zh-CN ragged-row reason (i18n/errors.ts) for late.csv's line 20002, column b.
      expect(await failed.getByTestId('error-headline').textContent()).toBe(
        '“late.csv”第 20002 行，列“b”：应有 2 个字段，实际有 1 个；该行在此列之前结束',
      );
    };
    await page.getByTestId('csv-path').fill(join(dir, 'late.csv'));
    await importLate();
    // The same file read otherwise: another import, the error goes.
    await page.getByTestId('csv-delimiter').selectOption(',');
    await failed.waitFor({ state: 'detached' });
    await importLate();
    // Another file, with its own preview error: only that one shows.
    await page.getByTestId('csv-path').fill(join(dir, 'ragged.csv'));
    await page.getByTestId('error-headline').filter({ hasText: 'ragged.csv' }).waitFor();
    expect(await failed.count()).toBe(0);
    await page.getByTestId('csv-path').fill(join(dir, 'empty.csv'));
    await page.getByTestId('error-headline').filter({ hasText: 'empty.csv' }).waitFor();
    expect(await failed.count()).toBe(0);
    // The wizard says one thing: the empty file.
    expect(await page.getByTestId('import-wizard').getByTestId('error-headline').count()).toBe(1);
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
