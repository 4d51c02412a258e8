/**
 * End to end, in Chromium against the real studio server: what Start sends is what the
 * Train form's Evaluation select shows, whatever order the page's answers come in.
 *
 * Found by a new user: on a fresh page Start, clicked about 2 s after the load, created a run
 * on the fixed split while the select then showed "Cross-validation" (the studio's choice for
 * 344 labelled rows arrived after the click). The page's WebSocket is routed through the test
 * (as duplicateRows.test.ts does) to hold one answer back:
 * - `training.evaluationMode` (the studio's choice by labelled rows), with no evaluation
 *   stored: Start is disabled and the select says it is loading until it arrives;
 * - `training.options` (the form is restored from the stored draft when it arrives), with
 *   the fixed split stored: the studio's cross-validation, arriving first, does not win.
 * In both, the request sent on Start is checked against the select's value at the click:
 * 'cv' → `training.crossValidate`, 'split' → `training.start` (src/shared/contract).
 * 344 labelled rows (penguins) is below the studio's 2 000-row threshold for one split.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { defineTasks } from '../../src/main/services/tasks';
import type { TrainDraft } from '../../src/shared/contract/session';
import {
  describeInBrowser,
  openBrowserStudio,
  PENGUINS,
  penguinsProject,
  type BrowserStudio,
} from './harness';

let studio: BrowserStudio;
let page: Page;
let datasetId: number;

/** The channels of the invokes the page sent, in order. */
const sent: string[] = [];
/** The channels whose results reached the page, in order. */
const delivered: string[] = [];
/** The channel whose results are held, and the gate that lets them through. */
let holding: { channel: string; opened: Promise<void> } | null = null;

/** Lets the held results through (also after a test that failed before it did). */
let releaseHeld: (() => void) | null = null;

/** Holds the results of `channel` from now on; the returned function lets them through. */
function hold(channel: string): () => void {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  holding = { channel, opened };
  releaseHeld = () => {
    holding = null;
    releaseHeld = null;
    open();
  };
  return releaseHeld;
}

/**
 * How long (ms) a wait for the page's answers may take: the server also runs the folds the
 * first test started (each in its own child), so under CI's load an answer can take seconds
 * (vitest's default poll gives up after 1 s).
 */
const POLL = { timeout: 30_000 };

/** Routes the page's WebSocket through the test: records invokes, holds answers (hold). */
async function routeAnswers(p: Page): Promise<void> {
  await p.routeWebSocket(/./, (ws) => {
    const server = ws.connectToServer();
    const channelOf = new Map<number, string>();
    const held = new Map<number, Promise<void>>();
    ws.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id: number; channel: string };
      if (msg.type === 'invoke') {
        sent.push(msg.channel);
        channelOf.set(msg.id, msg.channel);
        if (holding?.channel === msg.channel) held.set(msg.id, holding.opened);
      }
      server.send(message);
    });
    server.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: number };
      const id = msg.id ?? -1;
      const gate = msg.type === 'result' ? held.get(id) : undefined;
      const pass = () => {
        ws.send(message);
        if (msg.type === 'result') delivered.push(channelOf.get(id) ?? '?');
      };
      if (gate) void gate.then(pass);
      else pass();
    });
  });
}

/** A stored Train form: 1 or 2 epochs (quick), both tasks, and the evaluation if given. */
function draft(epochs: number, evaluation?: 'split' | 'cv'): TrainDraft {
  return {
    values: { epochs, patience: 0, ...(evaluation ? { '@evaluation': evaluation } : {}) },
    lists: {},
    tasks: ['species', 'island'],
  };
}

/** The start requests sent since `from` (index into `sent`). */
const startsSince = (from: number): string[] =>
  sent.slice(from).filter((c) => c === 'training.start' || c === 'training.crossValidate');

const CHANNEL_OF = { split: 'training.start', cv: 'training.crossValidate' } as const;

beforeAll(async () => {
  studio = await openBrowserStudio('evaluation-load', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'penguins.mtlproj'), 'Penguins');
      datasetId = (await session.importDataset('e2e-penguins', PENGUINS, { name: 'penguins' })).id;
      await defineTasks(session.requireStore(), datasetId, [
        { column: 'species' },
        { column: 'island' },
      ]);
      await session.updateUi({ view: 'train', datasetId });
      await session.updateUi({ draft: { datasetId, draft: draft(1) } });
    },
  });
  page = studio.page;
  await routeAnswers(page);
}, 600_000);

afterEach(() => {
  releaseHeld?.();
});
afterAll(() => studio?.close());

describeInBrowser('Train form: Start sends what the Evaluation select shows', () => {
  it('waits for the studio’s choice when none is stored, then sends it', async () => {
    const release = hold('training.evaluationMode');
    await page.goto(studio.server.url);
    const form = page.getByTestId('train-form');
    const select = form.getByTestId('evaluation-mode');
    const startButton = form.getByTestId('start-training');
    // The fields are in (the options answered), the studio's choice is not.
    await form.getByTestId('config-epochs').waitFor();
    await expect.poll(() => sent.includes('training.evaluationMode'), POLL).toBe(true);
    expect(delivered).not.toContain('training.evaluationMode');
    expect(await form.getByTestId('config-epochs').inputValue()).toBe('1');
    // No value to send yet: nothing offered to start, nothing shown as chosen.
    expect(await startButton.isDisabled()).toBe(true);
    expect(await select.isDisabled()).toBe(true);
    expect(await select.inputValue()).toBe('');
    release();
    await expect.poll(() => select.inputValue(), POLL).toBe('cv');
    expect(await form.getByTestId('evaluation-hint').textContent()).toBe(
      '344 labelled rows: cross-validation is chosen, as one test split this small cannot tell methods apart.',
    );
    const from = sent.length;
    const shown = (await select.inputValue()) as 'split' | 'cv';
    await startButton.click();
    await expect.poll(() => startsSince(from), POLL).toEqual([CHANNEL_OF[shown]]);
    await form.getByTestId('cv-started').waitFor();
    expect(await select.inputValue()).toBe(shown);
  }, 120_000);

  it('the stored fixed split, restored after the studio chose cross-validation, is what is sent', async () => {
    await page.goto('about:blank');
    await studio.session.updateUi({ draft: { datasetId, draft: draft(2, 'split') } });
    const release = hold('training.options');
    const [sentMark, deliveredMark] = [sent.length, delivered.length];
    await page.goto(studio.server.url);
    const form = page.getByTestId('train-form');
    // The studio's choice (cross-validation for 344 rows) reaches the page first ...
    await expect
      .poll(() => delivered.slice(deliveredMark).includes('training.evaluationMode'), POLL)
      .toBe(true);
    expect(sent.slice(sentMark)).toContain('training.options');
    expect(delivered.slice(deliveredMark)).not.toContain('training.options');
    // ... while the form, not restored yet, offers no Start.
    expect(await form.getByTestId('start-training').count()).toBe(0);
    release();
    const select = form.getByTestId('evaluation-mode');
    await expect.poll(() => select.inputValue(), POLL).toBe('split');
    expect(await form.getByTestId('config-epochs').inputValue()).toBe('2');
    expect(await form.getByTestId('evaluation-hint').textContent()).toBe(
      '344 labelled rows: one test split this small cannot tell methods apart; cross-validation is recommended.',
    );
    const from = sent.length;
    const shown = (await select.inputValue()) as 'split' | 'cv';
    await form.getByTestId('start-training').click();
    await expect.poll(() => startsSince(from), POLL).toEqual([CHANNEL_OF[shown]]);
    await page.getByTestId('run-detail').waitFor();
    expect(await select.inputValue()).toBe('split');
    expect(studio.seen.errors).toEqual([]);
  }, 120_000);

  it('another project whose dataset has the same id shows its own evaluation, not the last one', async () => {
    // Found by the same user: a new 344-row project opened after one left on the fixed split
    // showed "Fixed split" (dataset ids restart in each project file), where the studio
    // chooses cross-validation and nothing was stored for the new one.
    await page.getByTestId('nav-projects').click();
    await penguinsProject(page, join(studio.dir, 'second'));
    const form = page.getByTestId('train-form');
    const select = form.getByTestId('evaluation-mode');
    await expect.poll(() => select.inputValue(), POLL).toBe('cv');
    expect(await form.getByTestId('evaluation-hint').textContent()).toBe(
      '344 labelled rows: cross-validation is chosen, as one test split this small cannot tell methods apart.',
    );
    expect(studio.seen.errors).toEqual([]);
  }, 180_000);
});
