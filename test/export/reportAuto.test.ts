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
import { exportModel, reportData, writeReport } from '../../src/main/services/exports';
import { refitEpochCounts } from '../../src/shared/autoRefit';
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
      // Penguins selects on inner folds: the final model refitted on every non-test row
      // (unless the chosen run was cut by the 1 s budget: then it trained as before), and the
      // report says which, in words filled from the stored search.
      expect(search.selection).toBe('inner-folds');
      const f = search.final!;
      expect(f.refitEpochs === undefined).toBe(chosen.stoppedForTime === true);
      const refit = refitEpochCounts(f);
      expect(html).toContain(
        refit
          ? fill(t.autoFinalRefit, {
              epochs: refit.perTask
                ? fill(t.autoRefitEach, {
                    list: refit.perTask.map(([task, n]) => `${task} ${n}`).join(', '),
                  })
                : refit.epochs === 1
                  ? t.autoRefitOne
                  : fill(t.autoRefitMany, { n: refit.epochs }),
              f1: f.score.toFixed(3),
            })
          : fill(t.autoFinal, { best: f.bestEpoch, f1: f.score.toFixed(3) }),
      );
      if (refit) expect(html).not.toContain(t.autoFinal.slice(0, 30));
      expect(search.final!.bestEpoch).toBe(run.bestEpoch);
      // The configuration table holds the chosen configuration's epoch cap (the base's 3).
      expect(html).toMatch(new RegExp(`<th>${t.config.epochs}</th><td>3</td>`));
    }
  });

  it("says in the model bundle's metadata and README how a refitted final model trained", async () => {
    const out = join(dir, 'bundle');
    await exportModel(store, run.id, out);
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')) as {
      training: { refit?: unknown };
    };
    const readme = await readFile(join(out, 'README.md'), 'utf8');
    const f = search.final!;
    if (f.refitEpochs === undefined) {
      expect(metadata.training.refit).toBeUndefined();
      expect(readme).toContain('(fitted on the training split)');
    } else {
      expect(metadata.training.refit).toEqual({
        rows: 'training+validation',
        epochs: f.refitEpochs,
        epochsPerTask: f.refitEpochsPerTask,
      });
      expect(readme).toContain('(fitted on the training and validation rows)');
    }
  }, 60_000);
});
