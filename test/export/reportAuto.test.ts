/**
 * The report names an Auto run as Auto and shows the configuration its search chose with
 * what the search did (found by a new user: the report listed an Auto run as a plain
 * "Single-task" run, nothing said Auto chose it). Expected texts: the report's own messages
 * (src/main/export/reportText.ts) filled with the numbers stored for the run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { REPORT_TEXT, fill } from '../../src/main/export/reportText';
import { trainAutoRun } from '../../src/main/services/autoTraining';
import { reportData, writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { AutoSearch, RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let store: ProjectStore;
let dir: string;
let cleanup: () => Promise<void>;
let run: RunInfo;
let search: AutoSearch;

beforeAll(async () => {
  const tmp = await makeTempDir();
  ({ dir, cleanup } = tmp);
  store = await ProjectStore.open(join(dir, 'auto.mtlproj'), { create: true });
  const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  run = await trainAutoRun(
    store,
    { datasetId, budgetSeconds: 1, seed: 4, base: { epochs: 3, hiddenUnits: [8] } },
    { mode: 'in-process' },
  );
  search = await store.training.autoSearch(run.id);
}, 120_000);
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('report of an Auto run', () => {
  it('carries the search with the run', async () => {
    const data = await reportData(store);
    const reported = data.datasets[0].runs.find((r) => r.run.id === run.id)!;
    expect(reported.run.auto).toBe(true);
    expect(reported.search).toEqual(search);
  });

  it('names it Auto → its method and shows the chosen configuration, in English and Chinese', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = REPORT_TEXT[lang];
      const out = join(dir, `report-${lang}.html`);
      await writeReport(store, out, { lang });
      const html = await readFile(out, 'utf8');
      const c = search.chosen;
      const method =
        c.arch === 'single-task'
          ? t.names['single-task']
          : `${t.names[c.arch]} · ${t.names[c.weighting]}`;
      expect(html).toContain(fill(t.autoMethod, { method }));
      expect(html).toContain(`<caption>${t.autoConfiguration}</caption>`);
      // The chosen trial and the final model's own numbers, as stored.
      const chosen = search.trials.find((x) => x.id === search.chosenTrial)!;
      expect(html).toContain(fill(t.autoChosen, { id: chosen.id, f1: chosen.score.toFixed(3) }));
      expect(html).toContain(
        fill(t.autoFinal, {
          best: search.final!.bestEpoch,
          f1: search.final!.score.toFixed(3),
        }),
      );
      expect(search.final!.bestEpoch).toBe(run.bestEpoch);
      // The configuration table holds the chosen configuration's epoch cap (the base's 3).
      expect(html).toMatch(new RegExp(`<th>${t.config.epochs}</th><td>3</td>`));
    }
  });
});
