/**
 * End to end, in Chromium against the real studio server, two pages (tabs A and B) and a
 * second connection to the project file (the CLI's): weak spots of labelling a new user met.
 * - The Label view read its whole overview (and the rounds and Recent edits) again after
 *   each edit, undo or redo of its own: here A's requests are recorded, and an edit, an Undo
 *   and a class added send only their own request (and, for the class, the task list every
 *   view offers classes from); counts, notice and Recent edits still follow.
 * - A class added in one tab (Label view, nothing selected) reached no other tab until a
 *   reload: B's Label view, its Tasks view and its labels panel's check now follow it, and
 *   the Undo and Redo of that class too.
 * - Labels written by another program (`mtl-studio labels …`: its own connection to the
 *   file) reached the Label view only as a reload of the lists: its counts and "labels
 *   changed since run" notice stayed until a reload; now they follow as for another tab.
 * - Every edit made every tab read the dataset again (`datasets.get`) and every other tab
 *   its Label view's overview, items, rounds and Recent edits; a burst of batches from
 *   another program sent one event per batch. Now the events carry what the tabs need (the
 *   dataset too), and a burst is one event.
 * The dataset is written here (smokersProject.ts): `smoker` yes / no alternating (row 1
 * "no": 30 no, 30 yes), `region` north / south (row 1 south: 20 south, 40 north). Expected
 * texts: the en messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setLabels } from '../../src/main/services/labelEdits';
import { ProjectStore } from '../../src/main/store/projectStore';
import {
  describeInBrowser,
  newContext,
  openBrowserStudio,
  watchPage,
  type BrowserStudio,
} from './harness';
import { prepareSmokersProject, storedColumn, openSmokerLabels } from './smokersProject';

let studio: BrowserStudio;
let a: Page;
let b: Page;
let seenB: { errors: string[]; console: string[] };
let project: string;
let datasetId: number;
let runId: number;
/** The channels of the requests page A sent, in order. */
const sentA: string[] = [];
/** The channels of the requests page B sent, in order. */
const sentB: string[] = [];
/** The channels of the events page A heard, in order. */
const heardA: string[] = [];

/** Records the channel of each websocket frame `page` sends (or hears) into `into`. */
function record(page: Page, into: string[], direction: 'framesent' | 'framereceived'): void {
  const take = ({ payload }: { payload: string | Buffer }): void => {
    const channel = /"channel":"([^"]+)"/.exec(String(payload))?.[1];
    if (channel) into.push(channel);
  };
  page.on('websocket', (ws) =>
    direction === 'framesent' ? ws.on('framesent', take) : ws.on('framereceived', take),
  );
}

beforeAll(async () => {
  studio = await openBrowserStudio('label-events', {
    timeoutMs: 30_000,
    prepare: async (folder, session) => {
      project = join(folder, 'events.mtlproj');
      ({ datasetId, runId } = await prepareSmokersProject(folder, session, 'events.mtlproj'));
    },
  });
  a = studio.page;
  record(a, sentA, 'framesent');
  record(a, heardA, 'framereceived');
  b = await (await newContext(studio.browser)).newPage();
  record(b, sentB, 'framesent');
  b.setDefaultTimeout(30_000);
  seenB = watchPage(b);
}, 600_000);

afterAll(() => studio?.close());

/** A task's column as the project file holds it, row 1 first. */
const stored = (task: string) => storedColumn(studio.session, datasetId, task);

/** Opens the Label view on `page`, every item in row order (row 1 first). */
const openLabels = (page: Page) => openSmokerLabels(page, studio.server.url);

/** Empties A's and B's records once neither has sent anything for a while (loads done). */
async function quietA(): Promise<void> {
  let count = -1;
  while (count !== sentA.length + sentB.length) {
    count = sentA.length + sentB.length;
    await a.waitForTimeout(700);
  }
  sentA.length = 0;
  sentB.length = 0;
  heardA.length = 0;
}

const editsNotice = (n: number): string =>
  `${n} label${n === 1 ? '' : 's'} changed since run #${runId}`;

describeInBrowser('label events', () => {
  it('an edit and its Undo in the Label view send only their own request', async () => {
    await openLabels(a);
    await openLabels(b);
    const progressA = a.getByTestId('progress-smoker');
    const progressB = b.getByTestId('progress-smoker');
    const historyA = a.getByTestId('label-history');
    await expect.poll(() => progressA.textContent()).toContain('no 30 · yes 30');
    await quietA();

    // Row 1 (smoker "no", complete: the view stays on it) labelled "yes".
    await a.getByTestId('choice-smoker-yes').click();
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(1);
    await expect.poll(() => progressA.textContent()).toContain('no 29 · yes 31');
    await expect.poll(() => progressA.textContent()).toContain(editsNotice(1));
    await expect.poll(() => historyA.textContent()).toContain('row 1 · smoker: no → yes (you)');
    // B heard it (every event has gone out) and applied it from the event.
    await expect.poll(() => progressB.textContent()).toContain('no 29 · yes 31');
    await expect.poll(() => progressB.textContent()).toContain(editsNotice(1));
    await expect
      .poll(() => b.getByTestId('label-history').textContent())
      .toContain('row 1 · smoker: no → yes');
    await a.waitForTimeout(700);
    // Before: labels.set, then labels.rounds, labels.history and labels.overview; then a
    // datasets.get in each tab for its datasets.changed (the Data view's column profile),
    // and B read labels.overview, labels.items, rounds and history again. Now the dataset
    // comes with the event, and B reads nothing.
    expect(sentA).toEqual(['labels.set']);
    expect(sentB).toEqual([]);

    sentA.length = 0;
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progressA.textContent()).toContain('no 30 · yes 30');
    await expect.poll(() => progressA.textContent()).not.toContain('changed since');
    await expect.poll(() => historyA.textContent()).toContain('row 1 · smoker: yes → no (undo)');
    await expect.poll(() => progressB.textContent()).not.toContain('changed since');
    await expect.poll(() => progressB.textContent()).toContain('no 30 · yes 30');
    await a.waitForTimeout(700);
    expect(sentA).toEqual(['labels.undo']);
    expect(sentB).toEqual([]);
  });

  it('a class added in one tab reaches the other’s Label view, Tasks view and labels check', async () => {
    // A: the grid, nothing selected: a class typed new is added on its own.
    await a.getByTestId('label-mode').click();
    await a.getByTestId('grid-page').waitFor();
    await quietA();
    await a.getByTestId('new-class-region').click();
    await a.getByTestId('new-class-name').fill('east');
    await a.getByTestId('add-class-region').click();
    await a.getByTestId('choice-region-east').waitFor();
    const newClassNotice = `New classes since run #${runId} (east): retraining needed.`;
    await expect
      .poll(() => a.getByTestId('progress-region').textContent())
      .toContain(newClassNotice);
    // B's Label view shows the class, with its notice.
    await b.getByTestId('choice-region-east').waitFor();
    await expect
      .poll(() => b.getByTestId('progress-region').textContent())
      .toContain(newClassNotice);
    await a.waitForTimeout(700);
    // The class's request, and the task list the other views offer classes from.
    expect(sentA).toEqual(['labels.addClass', 'tasks.list']);

    // B's Tasks view: A's Undo takes the class away there, its Redo brings it back.
    await b.getByTestId('nav-tasks').click();
    const regionB = b.getByTestId('task-region');
    await expect.poll(() => regionB.textContent()).toContain('east');
    await a.keyboard.press('Control+z');
    await expect.poll(() => regionB.textContent()).not.toContain('east');
    await expect.poll(() => a.getByTestId('choice-region-east').count()).toBe(0);

    // B's labels panel checks a file using "east": an unknown class. A's Redo adds it back,
    // and the check says it is out of date.
    const file = join(studio.dir, 'east.csv');
    await writeFile(file, 'row_id,region\n2,east\n');
    await b.getByTestId('nav-export').click();
    await b.getByTestId('labels-import-path').fill(file);
    await b.getByTestId('labels-import-check').click();
    await expect
      .poll(() => b.getByTestId('labels-import-unknown-class').first().textContent())
      .toContain('Class “east” (line 2) is not a class of task “region”.');
    expect(await b.getByTestId('labels-import-stale').count()).toBe(0);
    await a.keyboard.press('Control+Shift+z');
    await a.getByTestId('choice-region-east').waitFor();
    await expect
      .poll(() => b.getByTestId('labels-import-stale').textContent())
      .toContain('Labels or classes of this dataset changed since this check');
    // Checked again: the class is known now.
    await b.getByTestId('labels-import-check').click();
    await expect.poll(() => b.getByTestId('labels-import-stale').count()).toBe(0);
    expect(await b.getByTestId('labels-import-unknown-class').count()).toBe(0);
    await b.getByTestId('nav-tasks').click();
    await expect.poll(() => regionB.textContent()).toContain('east');
  });

  it('labels another program writes reach the Label view as another tab’s do', async () => {
    await a.getByTestId('label-mode').click();
    await a.getByTestId('label-position').waitFor();
    const progressA = a.getByTestId('progress-smoker');
    await expect.poll(() => progressA.textContent()).toContain('no 30 · yes 30');
    await quietA();
    const cli = await ProjectStore.open(project);
    try {
      // Rows 3 and 5 are "no": both "yes", as 2 batches, then row 3 back to "no" and "yes"
      // again (4 batches in all, written one after the other within milliseconds).
      for (const [rowId, label] of [
        [3, 'yes'],
        [5, 'yes'],
        [3, 'no'],
        [3, 'yes'],
      ] as const) {
        await setLabels(cli, datasetId, [{ rowId, task: 'smoker', label }], 'user');
      }
    } finally {
      await cli.close();
    }
    // About a second: the session's check of the file. By hand: no 30 − 2 = 28, yes 32.
    await expect
      .poll(() => progressA.textContent(), { timeout: 15_000 })
      .toContain('no 28 · yes 32');
    // Rows 3 and 5 differ from the run's labels (row 3 went back and forth: counted once).
    await expect.poll(() => progressA.textContent()).toContain(editsNotice(2));
    await expect
      .poll(() => a.getByTestId('label-history').textContent())
      .toContain('row 3 · smoker: no → yes (you)');
    await a.waitForTimeout(700);
    // The four batches came coalesced, one labels.changed per check of the file, applied from
    // it: A read no labels again (only the lists every page rereads when another program wrote
    // the file). The four writes take milliseconds and the checks come about a second apart,
    // so one check may fall between two of them (two events; seen once on a loaded machine),
    // never two checks; one event per batch would be four.
    const changed = heardA.filter((c) => c === 'labels.changed').length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(2);
    expect(sentA).not.toContain('labels.overview');
    expect(sentA).not.toContain('labels.items');
    expect(sentA).not.toContain('labels.history');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
    expect(seenB.errors).toEqual([]);
  });
});
