/**
 * Exports the diamonds sample and the accuracy section's 5 folds (bench/vsSklearn.ts: the
 * seeded 10 000-row sample, stratified 5-fold, seed 1) for bench/colorTrials.py, so the
 * PyTorch trials there run on exactly the rows the studio and scikit-learn were scored on.
 *
 * Usage: `npx tsx bench/colorFolds.ts <out dir>`; writes `<out>/diamonds.csv` (the sample)
 * and `<out>/fold-<k>.csv` (row_id,split per line, row_id 1-based in the sample's order,
 * split train / validation / test), k = 0–4.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFoldScheme } from '../src/main/services/crossValidation';
import { ProjectStore } from '../src/main/store/projectStore';
import { BENCH_DATASETS, importBenchDataset } from './datasets';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('Usage: npx tsx bench/colorFolds.ts <out dir>');
  mkdirSync(out, { recursive: true });
  const dataset = BENCH_DATASETS.find((d) => d.name === 'diamonds')!;
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-folds-'));
  const store = await ProjectStore.open(join(dir, 'diamonds.mtlproj'), { create: true });
  try {
    const imported = await importBenchDataset(store, dataset, dir, 10_000);
    copyFileSync(imported.csv, join(out, 'diamonds.csv'));
    const scheme = await ensureFoldScheme(store, imported.info.id, { k: 5, seed: 1 });
    for (const fold of scheme.folds) {
      const a = await store.splits.assignment(fold.splitId);
      writeFileSync(
        join(out, `fold-${fold.fold}.csv`),
        a.rowIds.map((id, i) => `${id},${a.assignment[i]}`).join('\n') + '\n',
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
