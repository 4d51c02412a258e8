/**
 * Fills in scikit-learn's reference scores of a bench report whose accuracy-vs-scikit-learn
 * section ran without Python's sklearn (`sklearnSkipped`): the same dataset imported again,
 * the same split (seed 1) and 5 folds (seed 1) the section trained on — both are made
 * deterministically from the rows — and bench/reference/sklearn_reference.py on each, as
 * bench/vsSklearn.ts runs it. Rewrites the report's JSON and Markdown in place; a note in
 * each filled dataset's `sklearnFilledLater` says so.
 *
 * Usage: `npx tsx bench/fillSklearn.ts bench/results/<stamp>.json`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureFoldScheme } from '../src/main/services/crossValidation';
import { ensureSplit } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import { meanStd } from './accuracy';
import { BENCH_DATASETS, importBenchDataset, sklearnOnSplit } from './datasets';
import { findPython } from './python';
import { writeReport, type BenchReport } from './report';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  const python = findPython('sklearn');
  if (!python.ok) throw new Error(python.reason);
  for (const result of report.vsSklearn) {
    if (!result.sklearnSkipped) continue;
    const dataset = BENCH_DATASETS.find((d) => d.name === result.dataset);
    if (!dataset) throw new Error(`Unknown bench dataset "${result.dataset}".`);
    const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-fill-'));
    const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
    try {
      const sample = dataset.name === 'diamonds' ? 10_000 : undefined;
      const imported = await importBenchDataset(store, dataset, dir, sample);
      const split = await ensureSplit(store, imported.info.id, { seed: 1, fresh: true });
      const scheme = await ensureFoldScheme(store, imported.info.id, { k: result.k, seed: 1 });
      const run = (splitId: number, tag: string) =>
        sklearnOnSplit(python.path, store, splitId, imported, { dir, tag, seed: 1 });
      const onSplit = await run(split.id, 'split');
      const onFolds = [];
      for (const fold of scheme.folds) onFolds.push(await run(fold.splitId, `fold-${fold.fold}`));
      for (const t of result.tasks) {
        t.split.logreg = onSplit[t.task].logreg;
        t.split.hgb = onSplit[t.task].hgb;
        t.folds.logreg = meanStd(onFolds.map((s) => s[t.task].logreg));
        t.folds.hgb = meanStd(onFolds.map((s) => s[t.task].hgb));
      }
      result.sklearnSkipped = null;
      result.sklearnFilledLater =
        "scikit-learn's scores computed afterwards on the same split and folds (bench/fillSklearn.ts; Python's sklearn was missing when the run started)";
      console.error(`${dataset.name}: filled`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const written = writeReport(report, dirname(file));
  console.log(`Wrote ${written.json} and ${written.markdown}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
