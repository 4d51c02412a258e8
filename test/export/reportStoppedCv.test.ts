/**
 * The report lists a cross-validation stopped before any fold finished, with its state in the
 * words the studio's Train and Compare views use (found missing: such a cross-validation was in
 * `evaluate` and Compare but vanished from the report). Made through the services, in-process:
 * cancelled as fold 1 of 2 begins, so no fold run is stored. Expected words: the renderer's
 * vue-i18n messages (i18n/training.ts, `train.cvFolds.stoppedState` and `status.cancelled`)
 * filled by hand with 0 of 2 folds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { reportData, writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { en, zhCN } from '../../src/renderer/src/i18n/training';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let store: ProjectStore;
let dir: string;
let cleanup: () => Promise<void>;
let cvId: number;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'stopped.mtlproj'), { create: true });
  const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }]);
  const controller = new AbortController();
  await crossValidate(
    store,
    {
      datasetId,
      method: { kind: 'fixed', config: { arch: 'hard-sharing', epochs: 2, seed: 1 } },
      plan: { k: 2, seed: 5 },
    },
    // Cancelled as fold 1 begins: no fold run is stored.
    { mode: 'in-process', signal: controller.signal, onFold: () => controller.abort() },
  ).catch(() => undefined);
  const cv = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
  expect(cv.status).toBe('cancelled');
  expect(cv.runs).toEqual([]);
  cvId = cv.id;
}, 120_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The studio's words for a stopped cross-validation, filled by hand. */
function studioWords(messages: typeof en): string {
  return messages.train.cvFolds.stoppedState
    .replace('{status}', messages.status.cancelled)
    .replace('{done}', '0')
    .replace('{total}', '2');
}

describe('report of a cross-validation stopped before a fold finished', () => {
  it('lists it with its state, in English and in Chinese', async () => {
    expect(studioWords(en)).toBe('stopped (cancelled) — 0 of 2 folds finished');
    for (const [lang, messages] of [
      ['en', en],
      ['zh-CN', zhCN],
    ] as const) {
      const out = join(dir, `r-${lang}.html`);
      await writeReport(store, out, { lang });
      const html = await readFile(out, 'utf8');
      expect(html).toContain(`<td>CV${cvId}</td>`);
      expect(html).toContain(studioWords(messages));
      // No fold finished: no per-task metrics table (a header with no row, found by a new user).
      expect(html).not.toContain(REPORT_TEXT[lang].cvMetrics);
    }
  });

  it('is in the report data of the whole project, with 0 folds', async () => {
    const all = await reportData(store);
    expect(all.datasets[0].crossValidations.map((s) => [s.evaluation.id, s.folds])).toEqual([
      [cvId, 0],
    ]);
  });
});
