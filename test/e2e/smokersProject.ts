/**
 * The project the Label view's end-to-end tests share: a 60-row table written here, `smoker`
 * yes / no alternating (row 1 "no": 30 no, 30 yes; a boolean column, stored 1 / 0, its task's
 * classes "no", "yes"), `region` north / south, both tasks defined, and a small MLP trained
 * in-process (the run the "labels changed since run" notice compares with); the studio opens
 * on its Label view.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';

/** The file's rows: smoker and region of row i + 1. */
export const SMOKER_ROWS = Array.from({ length: 60 }, (_, i) => ({
  age: 20 + i,
  smoker: i % 2 ? 'yes' : 'no',
  region: i % 3 ? 'north' : 'south',
}));

/**
 * Creates `<folder>/<projectName>` with the smokers table, its two tasks and a trained run.
 * @returns the dataset's and the run's ids.
 */
export async function prepareSmokersProject(
  folder: string,
  session: StudioSession,
  projectName: string,
): Promise<{ datasetId: number; runId: number }> {
  await session.createProject(join(folder, projectName));
  const csv = join(folder, 'smokers.csv');
  await writeFile(
    csv,
    ['age,smoker,region', ...SMOKER_ROWS.map((r) => `${r.age},${r.smoker},${r.region}`)].join('\n'),
  );
  const datasetId = (await session.importDataset('s1', csv, { name: 'smokers' })).id;
  const store = session.requireWritableStore();
  await defineTasks(store, datasetId, [{ column: 'smoker' }, { column: 'region' }]);
  const run = await trainRun(
    store,
    { datasetId, config: { epochs: 2, patience: 0, seed: 1, hiddenUnits: [4] } },
    { mode: 'in-process' },
  );
  await session.updateUi({ view: 'labels', datasetId });
  return { datasetId, runId: run.id };
}

/** A task's column as the project file holds it, row 1 first. */
export async function storedColumn(
  session: StudioSession,
  datasetId: number,
  task: string,
): Promise<(string | number | null)[]> {
  const store = session.requireStore();
  return (await store.datasets.readColumns(datasetId, [task])).values[task];
}

/**
 * Opens the studio at `url` on `page` and goes to its Label view, every item in row order:
 * the item shown is row 1 (smoker "no").
 */
export async function openSmokerLabels(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('nav-labels').click();
  await page.getByTestId('label-toolbar').waitFor();
  await page.getByTestId('label-filter').selectOption('all');
  await page.getByTestId('label-order').selectOption('row');
  await page.getByTestId('choices-smoker').waitFor();
  await expect.poll(() => page.getByTestId('label-position').textContent()).toContain('row 1');
}
