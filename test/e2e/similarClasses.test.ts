/**
 * End to end, the Tasks view warns of classes that differ only by letter case or spaces, as
 * `tasks --add` and `tasks --new` do (a new user's column of "RED" and "red" became two classes
 * silently): under the candidate column before the task is defined, under the task after, and
 * under the new-task field as classes are typed. Expected texts written by hand from the en
 * messages: the column holds red, RED and blue ("RED" sorts after "red"), so "RED" is the later.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('similar');
  ({ dir, page } = studio);
}, 600_000);

afterAll(() => studio?.close());

const WARNING =
  'Class “RED” differs from class “red” only by letter case or spaces: they are two classes. If they mean one, make the column’s values agree before training.';

describeInBrowser('near-duplicate classes in the Tasks view', () => {
  it('warns under the candidate, the defined task and the new-task field', async () => {
    const rows = ['1,red', '2,RED', '3,blue', '4,red', '5,blue', '6,RED'];
    const csv = join(dir, 'paint.csv');
    await writeFile(csv, `size,colour\n${rows.join('\n')}\n`);
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Paint');
    await page.getByTestId('new-project-path').fill(join(dir, 'paint'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('csv-path').fill(csv);
    await page.getByTestId('preview-table').waitFor();
    await page.getByTestId('start-import').click();
    await page.getByTestId('row-total').getByText('6 rows').waitFor();
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('pick-colour').check();
    await page.getByTestId('candidate-colour').getByText(WARNING).waitFor();
    await page.getByTestId('define-tasks').click();
    await page.getByTestId('task-colour').getByText(WARNING).waitFor();
    await page.getByTestId('new-task-classes').fill('heads, Heads, tails');
    await page
      .getByTestId('new-task-similar-class')
      .getByText(
        'Class “Heads” differs from “heads” only by letter case or spaces: they will be two classes.',
      )
      .waitFor();
  });
});
