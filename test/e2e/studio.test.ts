/**
 * End to end, in Chromium against the real studio server (WebSocket transport, SQLite
 * project, training child process): create a project, import penguins, define three tasks,
 * train a baseline and a shared model while the chart updates live, compare them, list the
 * rows behind a confusion cell, pause, resume and cancel a fast 50 000-epoch run while it
 * streams hundreds of epochs a second, train an MMoE run and read its task-weight and gate charts (the new run is
 * shown in Compare at once), import with the wizard's reading options, switch to Chinese
 * (translated errors included). Each step saves a screenshot under
 * test-results/e2e/; with MTL_DOCS_SCREENSHOTS=1 (`npm run docs:screenshots`) the Train and
 * Compare views, and Compare in Chinese, also go to docs/.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium (`.ci/run` installs it), or the binary
 * named by MTL_CHROMIUM (a Chromium or Chrome; the CI workflow points it at the runner's
 * Chrome). Never a downloaded browser. Without one the suite is skipped and says why, or
 * fails under CI (chromium.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../src/main/server/setup';
import {
  describeInBrowser,
  openBrowserStudio,
  PENGUINS,
  SHOTS,
  type BrowserStudio,
} from './harness';

const DOCS = process.env.MTL_DOCS_SCREENSHOTS === '1' ? join(repoRoot, 'docs') : null;
const BIG_ROWS = 60_000;
let BIG_CSV: string;
let PRICES_CSV: string;

let dir: string;
let server: BrowserStudio['server'];
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('studio', {
    prepare: async (folder) => {
      BIG_CSV = join(folder, 'big.csv');
      const lines = ['id,value,group'];
      for (let i = 0; i < BIG_ROWS; i++) lines.push(`${i},${i + 0.5},g${i % 7}`);
      await writeFile(BIG_CSV, `${lines.join('\n')}\n`);
      // Semicolon-delimited, decimal commas, and "None" as an answer.
      PRICES_CSV = join(folder, 'prices.csv');
      await writeFile(
        PRICES_CSV,
        'id;price;answer\n1;0,5;None\n2;12,25;yes\n3;7;no\n4;-3,75;None\n5;1,5;yes\n',
      );
    },
  });
  ({ dir, server, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function docsShot(name: string): Promise<void> {
  if (!DOCS) return;
  await mkdir(DOCS, { recursive: true });
  // A taller window shows a whole view.
  await page.setViewportSize({ width: 1440, height: 1080 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(DOCS, `${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/**
 * scikit-learn's balanced_accuracy_score (predicted class = argmax) and log_loss (eps 1e-15,
 * labels 0…k−1) of test predictions, from `/usr/bin/python3`; null when it has no sklearn.
 */
function sklearnScores(
  yTrue: number[],
  probs: number[][],
): { balanced: number; logLoss: number } | null {
  const script = [
    'import json, sys',
    'import numpy as np',
    'from sklearn.metrics import balanced_accuracy_score, log_loss',
    'd = json.load(sys.stdin)',
    'p = np.array(d["probs"], dtype=np.float64)',
    'y = d["y"]',
    'print(json.dumps({"balanced": balanced_accuracy_score(y, p.argmax(1)),',
    '  "logLoss": log_loss(y, p, eps=1e-15, labels=list(range(p.shape[1])))}))',
  ].join('\n');
  try {
    const out = execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script], {
      input: JSON.stringify({ y: yTrue, probs }),
    });
    return JSON.parse(out.toString()) as { balanced: number; logLoss: number };
  } catch {
    console.warn('studio.test: no scikit-learn at /usr/bin/python3; checked by hand only');
    return null;
  }
}

/** Opens the import wizard on a CSV file and waits for its preview. */
async function openImport(csv: string): Promise<void> {
  await page.getByTestId('open-import').click();
  await page.getByTestId('csv-path').fill(csv);
  await page.getByTestId('preview-table').waitFor();
}

/**
 * How far the Compare table overflows its scrolling card sideways, in px (≤ 0: every column
 * shows). A script text: this file is type-checked without the DOM's types.
 */
async function compareOverflow(): Promise<number> {
  return (await page.evaluate(`(() => {
    const card = document.querySelector('[data-testid="compare-table"]').parentElement;
    return card.scrollWidth - card.clientWidth;
  })()`)) as number;
}

describeInBrowser('the main job with the mouse, in a browser', () => {
  it('opens the studio with the token and shows the Projects view', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('nav-projects').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Projects', exact: true }).isVisible())
      .toBe(true);
    await shot('01-projects');
  });

  it('creates a project', async () => {
    await page.getByTestId('new-project-name').fill('Penguins');
    await page.getByTestId('new-project-path').fill(join(dir, 'penguins'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('project-title').getByText('Penguins', { exact: true }).waitFor();
    expect(await page.getByTestId('project-title').textContent()).toContain('penguins.mtlproj');
    await shot('02-project-created');
  });

  it('imports penguins with a live preview and browses the rows', async () => {
    await page.getByTestId('csv-path').fill(PENGUINS);
    const preview = page.getByTestId('preview-table');
    await preview.waitFor();
    expect(await preview.locator('thead th').count()).toBe(8);
    expect(await preview.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('preview-summary').textContent()).toMatch(/delimiter “,”/);
    await shot('03-import-preview');
    await page.getByTestId('start-import').click();
    await page.getByTestId('row-total').getByText('344 rows').waitFor();
    await page.getByTestId('column-detail').locator('canvas').first().waitFor();
    await shot('04-data');

    // Server-side filter of the virtualised table.
    await page.getByTestId('filters-button').click();
    await page.getByTestId('add-filter').click();
    await page.getByTestId('filter-0').getByTestId('filter-column').selectOption('island');
    await page.getByTestId('filter-0').getByTestId('filter-value').fill('Torg');
    await page.getByTestId('row-total').getByText('52 rows').waitFor();
    await page.getByTestId('filter-0').getByTestId('filter-remove').click();
    await page.getByTestId('row-total').getByText('344 rows').waitFor();
  });

  it('defines species, island and sex as tasks, with class balance and warnings', async () => {
    await page.getByTestId('nav-tasks').click();
    for (const column of ['species', 'island', 'sex']) {
      await page.getByTestId(`pick-${column}`).check();
    }
    await page.getByTestId('candidate-sex').getByText('11 rows lack a label').waitFor();
    await shot('05-task-wizard');
    await page.getByTestId('define-tasks').click();
    for (const task of ['species', 'island', 'sex'])
      await page.getByTestId(`task-${task}`).waitFor();
    expect(await page.getByTestId('task-species').textContent()).toContain('Adelie');
    await shot('06-tasks');
  });

  it('trains a baseline, then a shared model while the chart updates live', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    // The architecture list comes from the engine's registry.
    const archs = await form.getByTestId('config-arch').locator('option').allTextContents();
    expect(archs).toEqual(
      expect.arrayContaining(['Single-task (baseline)', 'Hard parameter sharing']),
    );

    await form.getByTestId('config-arch').selectOption('single-task');
    // Independent networks have no loss to weigh, and no experts.
    expect(await form.getByTestId('config-weighting').isDisabled()).toBe(true);
    expect(await form.getByTestId('weighting-hint').textContent()).toContain('no loss to weigh');
    expect(await form.getByTestId('config-numExperts').count()).toBe(0);
    expect(await form.getByTestId('hint-headUnits').textContent()).toContain('0 = a linear head');
    // An empty Max epochs, or a bad list of hidden layers, says so and blocks Start until fixed.
    await form.getByTestId('config-epochs').fill('');
    await form.getByTestId('error-epochs').getByText('Max epochs: enter a value.').waitFor();
    expect(await form.getByTestId('start-training').isDisabled()).toBe(true);
    const hidden = await form.getByTestId('config-hiddenUnits').inputValue();
    await form.getByTestId('config-hiddenUnits').fill('64, x');
    await form.getByTestId('error-hiddenUnits').waitFor();
    await form.getByTestId('config-hiddenUnits').fill(hidden);
    await form.getByTestId('error-hiddenUnits').waitFor({ state: 'detached' });
    await form.getByTestId('config-epochs').fill('30');
    await form.getByTestId('error-epochs').waitFor({ state: 'detached' });
    await form.getByTestId('config-patience').fill('0');
    // Below 2 000 labelled rows the form proposes cross-validation; these runs use the split.
    expect(await form.getByTestId('evaluation-mode').inputValue()).toBe('cv');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    const detail = page.getByTestId('run-detail');
    await page
      .locator('[data-testid=run-detail][data-run-status=completed]')
      .waitFor({ timeout: 60_000 });
    expect(await detail.getByTestId('epoch-count').textContent()).toContain('Epoch 30 of');
    // Independent networks weigh nothing and have no gates.
    expect(await detail.getByTestId('task-weights-chart').count()).toBe(0);
    expect(await detail.getByTestId('gate-usage-chart').count()).toBe(0);

    await form.getByTestId('config-arch').selectOption('hard-sharing');
    expect(await form.getByTestId('config-weighting').isDisabled()).toBe(false);
    // Long enough (≈ 2 s with the fused kernel) for the counter to be seen moving; a small
    // learning rate keeps the curves readable over that many epochs (docs/train.png).
    await form.getByTestId('config-epochs').fill('1500');
    await form.getByTestId('config-batchSize').fill('8');
    await form.getByTestId('config-learningRate').fill('0.0002');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // Watch the epoch counter move while the run trains: the chart is fed by live events.
    const seen = new Set<string>();
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const status = await detail.getAttribute('data-run-status');
      seen.add((await detail.getByTestId('epoch-count').textContent()) ?? '');
      if (seen.size === 3) await shot('07-training-live');
      if (status !== 'running') break;
      await page.waitForTimeout(40);
    }
    expect(seen.size, [...seen].join(' / ')).toBeGreaterThan(2);
    await page.locator('[data-testid=run-detail][data-run-status=completed]').waitFor();
    expect(await detail.getByTestId('epoch-count').textContent()).toContain('Epoch 1500 of');
    expect(await detail.getByTestId('backend').textContent()).toMatch(
      /Backend: (wasm|cpu|tensorflow)/,
    );
    expect(await detail.locator('h2').textContent()).toContain('Hard parameter sharing · Equal');
    // Three task curves; equal weights are said in words, not drawn as flat overlapping
    // lines; hard sharing has no gates.
    expect(await detail.getByTestId('live-charts').locator('canvas').count()).toBe(3);
    expect(await detail.getByTestId('task-weights-chart').count()).toBe(0);
    // The caption names the method that kept the weights equal (an Equal run: "equal
    // weighting"; a PCGrad run says gradient surgery instead, test/e2e/feedback.test.ts).
    expect((await detail.getByTestId('equal-weights-caption').textContent())?.trim()).toBe(
      'Task weights: every task’s loss weighs 1 at every epoch (equal weighting), so there is no curve to draw.',
    );
    expect(await detail.getByTestId('gate-usage-chart').count()).toBe(0);
    await shot('08-train');
    await docsShot('train');
  });

  it('compares the runs, and lists the rows behind a confusion cell', async () => {
    await page.getByTestId('nav-compare').click();
    const table = page.getByTestId('compare-table');
    await table.locator('tbody tr').nth(1).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    // Δm first, with its sign ("+1.23 %", "-1.23 %"), none when it rounds to zero ("0.00 %").
    expect((await table.getByTestId('delta-m').nth(1).textContent())?.trim()).toMatch(
      /^([+-]\d+\.\d\d|0\.00) %(\s|$)/,
    );
    // Each run names its architecture and, for shared models, its loss weighting.
    const methods = (await table.getByTestId('run-method').allTextContents()).map((m) => m.trim());
    expect(methods.sort()).toEqual([
      '#1 Single-task (baseline)',
      '#2 Hard parameter sharing · Equal',
    ]);
    const matrices = page.getByTestId('confusion-matrices');
    expect(await matrices.locator('figure').count()).toBe(2);
    const shared = matrices.locator('[data-testid^=matrix-]').nth(1);
    const diagonal = Number(await shared.getByTestId('cell-0-0').textContent());
    expect(diagonal).toBeGreaterThan(0);
    // The number of test rows per task is shown (a big Δm on few rows is fragile).
    expect(await table.getByTestId('test-rows-species').textContent()).toMatch(/n = \d+/);
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    await shared.getByTestId('cell-0-0').click();
    const rows = page.getByTestId('cell-rows');
    await rows.waitFor();
    // The click scrolls the listed rows into view.
    await expect
      .poll(() =>
        rows.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.top < el.ownerDocument.documentElement.clientHeight;
        }),
      )
      .toBe(true);
    expect(await rows.locator('tbody tr').count()).toBe(diagonal);
    expect(await rows.locator('h3').textContent()).toContain('“Adelie” predicted as “Adelie”');
    await rows.scrollIntoViewIfNeeded();
    await shot('09-compare-cell-rows');
    await page.getByTestId('confusion-task').scrollIntoViewIfNeeded();
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    await shot('10-compare');
    await docsShot('compare');
    // Hide the baseline: only the shared model's matrix is left, in the colour it had.
    const swatch = (runId: number) =>
      page
        .getByTestId(`matrix-${runId}`)
        .locator('figcaption .swatch')
        .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    const sharedColour = await swatch(2);
    expect(sharedColour).not.toBe(await swatch(1));
    await page.getByTestId('compare-run-1').getByTestId('show-run').uncheck();
    await expect.poll(() => matrices.locator('figure').count()).toBe(1);
    expect(await swatch(2)).toBe(sharedColour);
  });

  it('shows balanced accuracy and log-loss per task, as computed from the stored test predictions', async () => {
    const table = page.getByTestId('compare-table');
    const headers = await table.locator('thead tr').nth(1).locator('th').allTextContents();
    expect(headers.slice(0, 5).map((h) => h.trim())).toEqual([
      'Acc.',
      'Bal. acc.',
      'F1',
      'AUC',
      'Log-loss',
    ]);
    const shown = async (task: string, metric: string) =>
      Number(
        await page
          .getByTestId('compare-run-2')
          .getByTestId(`score-${task}-${metric}`)
          .textContent(),
      );
    // The species classes in the matrix's order, and the true class of each penguin by row
    // id (row ids are 1-based file rows), read from the CSV file here.
    await page.getByTestId('confusion-task').selectOption('species');
    const classes = (
      await page.getByTestId('matrix-2').locator('[data-testid^=row-class-]').allTextContents()
    ).map((c) => c.trim());
    expect(classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const species = readFileSync(PENGUINS, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0].replace(/"/g, ''));
    const stored = await studio.session.requireStore().evaluation.getPredictions(2, 'species');
    const k = stored.numClasses;
    const yTrue = stored.rowIds.map((id) => classes.indexOf(species[id - 1]));
    const probs = stored.rowIds.map((_, r) =>
      Array.from(stored.probs.subarray(r * k, (r + 1) * k)),
    );
    const yPred = probs.map((p) => p.indexOf(Math.max(...p)));
    // By hand: balanced accuracy = mean recall over the classes present; log-loss = mean of
    // −ln p(true class), p clipped to [1e-15, 1 − 1e-15] (the definition in TaskMetrics).
    const recalls = classes
      .map((_, c) => yTrue.map((y, r) => [y, yPred[r]]).filter(([y]) => y === c))
      .filter((rows) => rows.length > 0)
      .map((rows) => rows.filter(([y, p]) => y === p).length / rows.length);
    const balanced = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    const clip = (p: number) => Math.min(1 - 1e-15, Math.max(1e-15, p));
    const logLoss =
      -yTrue.reduce((sum, y, r) => sum + Math.log(clip(probs[r][y])), 0) / yTrue.length;
    expect(await shown('species', 'balancedAccuracy')).toBeCloseTo(balanced, 3);
    expect(await shown('species', 'logLoss')).toBeCloseTo(logLoss, 3);
    // And as scikit-learn computes them on the same predictions (when /usr/bin/python3 has it).
    const reference = sklearnScores(yTrue, probs);
    if (reference) {
      expect(await shown('species', 'balancedAccuracy')).toBeCloseTo(reference.balanced, 3);
      expect(await shown('species', 'logLoss')).toBeCloseTo(reference.logLoss, 3);
    }
    // Every task has both scores; log-loss is charted without the [0, 1] cap.
    for (const task of ['island', 'sex']) {
      expect(await shown(task, 'balancedAccuracy')).toBeGreaterThan(0);
      expect(await shown(task, 'logLoss')).toBeGreaterThan(0);
    }
    const options = await page.getByTestId('metric-select').locator('option').allTextContents();
    expect(options).toContain('Log-loss');
    await page.getByTestId('metric-select').selectOption('logLoss');
    await page.getByTestId('metric-select').selectOption('macroF1');
  });

  it('shows a confusion matrix as row percentages, every label in full', async () => {
    const matrix = page.getByTestId('matrix-2');
    const counts = await Promise.all(
      [0, 1, 2].map((i) =>
        Promise.all(
          [0, 1, 2].map(async (j) =>
            Number(await matrix.getByTestId(`cell-${i}-${j}`).getAttribute('data-count')),
          ),
        ),
      ),
    );
    // The checkbox is named by its label (for a screen reader, too).
    await page.getByRole('checkbox', { name: 'Row % (share of each true class)' }).check();
    await matrix.locator('table[data-normalized]').waitFor();
    // Each matrix is one Tab stop (every cell was one: 9 per 3-class matrix); the arrow keys
    // move between its cells.
    expect(await matrix.locator('button.cell').count()).toBe(9);
    expect(await matrix.locator('button.cell[tabindex="0"]').count()).toBe(1);
    await matrix.locator('button.cell[tabindex="0"]').focus();
    const focused = () => matrix.locator('button.cell:focus').getAttribute('data-testid');
    const start = (await focused()) ?? '';
    const [, si, sj] = /cell-(\d)-(\d)/.exec(start)!.map(Number);
    await page.keyboard.press(sj < 2 ? 'ArrowRight' : 'ArrowLeft');
    expect(await focused()).toBe(`cell-${si}-${sj < 2 ? sj + 1 : sj - 1}`);
    expect(await matrix.locator('button.cell[tabindex="0"]').count()).toBe(1);
    for (let i = 0; i < 3; i++) {
      const total = counts[i].reduce((a, b) => a + b, 0);
      for (let j = 0; j < 3; j++) {
        // Expected by hand: the cell's count over its true class's row, in percent.
        const pct = (100 * counts[i][j]) / total;
        const text = (await matrix.getByTestId(`cell-${i}-${j}`).textContent())!.trim();
        expect(text).toMatch(/^\d+(\.\d)? %$/);
        expect(Number(text.replace(' %', ''))).toBeCloseTo(pct, 1);
      }
    }
    // Class names are neither cut nor ellipsised: each fits the box it is drawn in.
    for (const testid of ['column-class-1', 'row-class-1']) {
      const label = matrix.getByTestId(testid);
      const inner = testid.startsWith('column') ? label.locator('span') : label;
      const fits = await inner.evaluate(
        (el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
      );
      expect(fits, testid).toBe(true);
      expect(await label.textContent()).toContain('Chinstrap');
    }
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    await shot('10a-compare-normalized');
    await page.getByTestId('confusion-normalized').uncheck();
    await matrix.locator('table[data-normalized]').waitFor({ state: 'detached' });
    expect(await matrix.getByTestId('cell-0-0').textContent()).toContain(String(counts[0][0]));
  });

  it('pauses, resumes and cancels a fast 50 000-epoch run while its charts stream', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    const detail = page.getByTestId('run-detail');
    const events = async () => Number(await detail.getAttribute('data-epoch-events'));
    const before = await events();
    await form.getByTestId('config-arch').selectOption('hard-sharing');
    await form.getByTestId('config-epochs').fill('50000');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('config-batchSize').fill('128');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // Epochs stream (hundreds a second on this tiny dataset); let them run for a second.
    await expect.poll(events, { timeout: 60_000 }).toBeGreaterThan(before + 20);
    // Deleting the dataset it trains on says so before anything, and offers no Delete (it
    // said "This cannot be undone", and only once confirmed that the run trains on it).
    await page.getByTestId('nav-data').click();
    await page.getByTestId('delete-dataset').click();
    const refusal = page.getByTestId('confirm-dialog');
    expect(await refusal.getByTestId('confirm-message').textContent()).toMatch(
      /^Run \d+ is training on this dataset: cancel it \(in the Train view\) before deleting/,
    );
    expect(await refusal.getByTestId('confirm-ok').count()).toBe(0);
    expect(await refusal.getByTestId('confirm-cancel').textContent()).toContain('Close');
    await refusal.getByTestId('confirm-cancel').click();
    await page.getByTestId('nav-train').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // Pause: the badge shows and no epoch arrives; Resume: epochs stream again.
    await detail.getByTestId('pause-training').click();
    await detail.locator('[data-testid=run-status][data-paused]').waitFor();
    expect(await detail.getByTestId('run-status').textContent()).toBe('paused');
    // Epochs already sent before the pause may still be on their way (a busy machine
    // stores each before forwarding it): wait until they stop, then check they stay so.
    let held = await events();
    await expect
      .poll(
        async () => {
          await page.waitForTimeout(500);
          const now = await events();
          const still = now === held;
          held = now;
          return still;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await page.waitForTimeout(1000);
    expect(await events()).toBe(held);
    await shot('08a-train-paused');
    await detail.getByTestId('pause-training').click();
    await detail.locator('[data-testid=run-status][data-paused]').waitFor({ state: 'detached' });
    await expect.poll(events, { timeout: 10_000 }).toBeGreaterThan(held);
    // The running run's Time grows live in the runs table (a new user saw '–'); the newest
    // run is the first row.
    const time = page.getByTestId('run-list').getByTestId('run-time').first();
    const timeShown = async () => Number.parseFloat((await time.textContent()) ?? '');
    const timeBefore = await timeShown();
    expect(timeBefore).toBeGreaterThan(0);
    await expect.poll(timeShown, { timeout: 5_000 }).toBeGreaterThan(timeBefore);
    // Cancelling asks first, with the seconds trained so far (at least the second of the
    // streaming and the pause above; it said 0 s).
    await detail.getByTestId('cancel-training').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    // A modal dialog named by its title, for a screen reader.
    expect(await page.getByRole('alertdialog', { name: /^Cancel run \d+\?$/ }).count()).toBe(1);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const question = (await dialog.textContent()) ?? '';
    expect(question).toMatch(/Cancel run \d+\?.*So far it has trained for \d+ s, to epoch \d+/);
    expect(Number(/trained for (\d+) s/.exec(question)?.[1])).toBeGreaterThanOrEqual(1);
    // Its numbers follow the run while it is open (they were a snapshot: "102 epochs" over
    // the panel's "Epoch 138"): the run trains on behind it.
    const askedEpoch = async () =>
      Number(/to epoch (\d+)/.exec((await dialog.textContent()) ?? '')?.[1]);
    const firstAsked = await askedEpoch();
    expect(firstAsked).toBeGreaterThan(0);
    await expect.poll(askedEpoch, { timeout: 10_000 }).toBeGreaterThan(firstAsked);
    await dialog.getByTestId('confirm-ok').click();
    await page
      .locator('[data-testid=run-detail][data-run-status=cancelled]')
      .waitFor({ timeout: 60_000 });
    expect(await detail.getByTestId('run-error').textContent()).toContain(
      'Training was cancelled.',
    );
    const count = (await detail.getByTestId('epoch-count').textContent()) ?? '';
    const shown = Number(/Epoch (\d+) of/.exec(count)?.[1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50_000);
    await shot('08b-train-cancelled');
  });

  it('trains MMoE with uncertainty weighting and charts task weights and gate usage', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').selectOption('mmoe');
    // MMoE's experts appear under Advanced; PLE's levels do not.
    expect(await form.getByTestId('config-numExperts').count()).toBe(1);
    expect(await form.getByTestId('config-numLevels').count()).toBe(0);
    await form.getByTestId('config-weighting').selectOption('uncertainty');
    await form.getByTestId('config-epochs').fill('12');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('config-batchSize').fill('16');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    const detail = page.getByTestId('run-detail');
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    await page
      .locator('[data-testid=run-detail][data-run-status=completed]')
      .waitFor({ timeout: 60_000 });
    expect(await detail.locator('h2').textContent()).toContain('MMoE · Uncertainty');
    expect(await detail.getByTestId('epoch-count').textContent()).toContain('Epoch 12 of');

    // The tooltip (HTML) names what each chart plots: one line per task, one bar per expert.
    const tooltipOf = async (testid: string): Promise<string> => {
      const chart = page.getByTestId(testid).locator('.echart');
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
      await expect.poll(async () => (await chart.textContent()) ?? '').toMatch(/\d\.\d/);
      return (await chart.textContent()) ?? '';
    };
    const weights = await tooltipOf('task-weights-chart');
    for (const task of ['species', 'island', 'sex']) expect(weights).toContain(task);
    const gates = await tooltipOf('gate-usage-chart');
    for (const expert of ['expert 1', 'expert 2', 'expert 3', 'expert 4']) {
      expect(gates).toContain(expert);
    }
    expect(gates).not.toContain('expert 5');
    expect(await detail.getByTestId('gate-usage-hint').textContent()).toContain(
      'does not specialise',
    );
    // Tooltips hide after a short delay once the mouse has left the charts.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await detail.getByTestId('gate-usage-chart').scrollIntoViewIfNeeded();
    await shot('08b-train-mmoe');

    // Compare shows the new run at once; the baseline stays hidden as it was left.
    await page.getByTestId('nav-compare').click();
    const table = page.getByTestId('compare-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    const shown = page.getByTestId('confusion-matrices').locator('figure');
    await expect.poll(() => shown.count()).toBe(2);
    expect(await table.getByTestId('show-run').nth(2).isChecked()).toBe(true);
    expect(await page.getByTestId('compare-run-1').getByTestId('show-run').isChecked()).toBe(false);
    // In a 1 400 px window the three tasks' 15 score columns fit the card (they overflowed it
    // by 162 px, "sex" cut at its edge, with no scrollbar in a headless screenshot).
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await compareOverflow()).toBeLessThanOrEqual(0);
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    await shot('08c-compare-1400');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('scrolls a 60 000-row dataset, paged from SQLite, with few rows in the page', async () => {
    await page.getByTestId('nav-data').click();
    await openImport(BIG_CSV);
    await page.getByTestId('start-import').click();
    await page.getByTestId('row-total').getByText('60,000 rows').waitFor({ timeout: 60_000 });
    const table = page.getByTestId('rows-table');
    // Jump to the end: the last page is fetched and only the rows in view are rendered.
    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await table.getByText('59999', { exact: true }).first().waitFor();
    expect(await table.locator('.vrow').count()).toBeLessThan(80);
    // Sorted on the server: descending by value puts the largest first.
    await table.evaluate((el) => (el.scrollTop = 0));
    await page.getByTestId('sort-value').click();
    await page.getByTestId('sort-value').click();
    await table.locator('.vrow').nth(1).getByText('59999.5').waitFor();
    await shot('10b-big-table');
  });

  it('imports with the reading options: a decimal-comma note, then numbers and "None" missing', async () => {
    await page.getByTestId('nav-data').click();
    await openImport(PRICES_CSV);
    expect(await page.getByTestId('csv-missing').inputValue()).toBe('NA, N/A, NaN, null, ?');
    expect(await page.getByTestId('preview-type-price').inputValue()).not.toBe('numeric');
    await page.getByTestId('start-import').click();
    await page.getByTestId('row-total').getByText('5 rows').waitFor();
    const columns = page.getByTestId('column-panel');
    await columns.getByTestId('note-mark-price').waitFor();
    await columns.getByTestId('column-price').locator('td').nth(1).click();
    expect(await columns.getByTestId('column-note').textContent()).toMatch(
      /Import note: numbers written with a decimal comma/,
    );
    await shot('10c-column-note');

    await openImport(PRICES_CSV);
    await page.getByTestId('csv-decimal-comma').check();
    await page.getByTestId('csv-missing').fill('NA, None');
    await expect.poll(() => page.getByTestId('preview-type-price').inputValue()).toBe('numeric');
    const firstAnswer = page.getByTestId('preview-table').locator('tbody tr td').nth(2);
    await expect.poll(() => firstAnswer.textContent()).toMatch(/^\s*—\s*$/);
    await page.getByTestId('dataset-name').fill('prices-2');
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    const price = columns.getByTestId('column-price');
    await expect.poll(() => price.locator('td').nth(2).textContent()).toContain('numeric');
    expect(await columns.getByTestId('note-mark-price').count()).toBe(0);
    const answer = columns.getByTestId('column-answer');
    expect(await answer.locator('td').nth(4).textContent()).toContain('40.0 %');
  });

  it('switches every visible string to Simplified Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('nav-compare').textContent()).toContain('比较');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('数据');
    await page.getByTestId('nav-compare').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('比较');
    await page.getByTestId('dataset-select').selectOption({ label: 'penguins · 344 行' });
    await page.getByTestId('compare-table').getByText('准确率').first().waitFor();
    expect(await page.getByTestId('compare-table').textContent()).toContain('对数损失');
    // The Chinese column names fit at 1 400 px too (they overflowed by 112 px).
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await compareOverflow()).toBeLessThanOrEqual(0);
    await shot('11b-zh-compare-1400');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    // The import's notice (written in English before the switch) is not part of the view.
    const notice = page.locator('footer.statusbar');
    if (await notice.count()) await notice.getByRole('button').last().click();
    await docsShot('compare-zh');
    await page.getByTestId('nav-train').click();
    await page.getByTestId('run-detail').getByText('已完成').waitFor();
    expect(await page.getByTestId('gate-usage-hint').textContent()).toContain('门控没有专门化');
    await shot('11-zh-train');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    // The cancelled run says so in Chinese.
    await page.getByTestId('run-list').locator('tbody tr', { hasText: '已取消' }).click();
    expect(await page.getByTestId('run-error').textContent()).toContain('训练已取消');

    // A project in a missing folder: said in Chinese with the folder (details.reason
    // FOLDER_MISSING); the server's English message is not shown.
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('new-project-path').fill(join(dir, 'no-such-folder', 'p'));
    await page.getByTestId('create-project').click();
    const error = page.getByTestId('project-error');
    await error.waitFor();
    expect(await error.getByTestId('error-headline').textContent()).toBe(
      `文件夹“${join(dir, 'no-such-folder')}”不存在`,
    );
    expect(await error.getByTestId('error-detail').count()).toBe(0);
    expect(await error.textContent()).not.toContain('does not exist');
    expect(await error.textContent()).not.toContain('SQLITE');
    await shot('12-zh-error');
  });

  it('ran without page errors or CSP violations', () => {
    expect(seen.errors).toEqual([]);
  });
});
