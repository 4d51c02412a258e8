/**
 * Undo/redo speed of one large label batch (store/labels.ts revert): a dataset of `ROWS` rows,
 * one batch relabelling every row as tab A, then undo and redo of that batch through the
 * service (services/labelEdits.ts, what the Label view calls), median of a few rounds.
 * Run: npx tsx bench/undoBatch.ts [rows]. Prints seconds; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redoLabels, setLabels, undoLabels } from '../src/main/services/labelEdits';
import { ProjectStore } from '../src/main/store/projectStore';
import type { CellValue } from '../src/main/store/datasets';

const ROWS = Number(process.argv[2] ?? 1000);
const ROUNDS = 3;

/** Median of `xs` (seconds). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-undo-bench-'));
  try {
    const store = await ProjectStore.open(join(dir, 'b.mtlproj'), { create: true });
    const rows: CellValue[][] = Array.from({ length: ROWS }, (_, i) => [i, i % 2 ? 'a' : 'b']);
    const empty = { missing: 0, distinct: 0, numeric: null, topCategories: null };
    const { id } = await store.datasets.create(
      {
        name: 'bench',
        sourceName: 'bench.csv',
        encoding: 'utf-8',
        delimiter: ',',
        columns: [
          { index: 0, name: 'x', type: 'numeric', role: 'input', profile: empty },
          { index: 1, name: 'y', type: 'categorical', role: 'input', profile: empty },
        ],
      },
      (async function* () {
        for (const r of rows) yield r;
      })() as never,
    );
    await store.tasks.create({
      datasetId: id,
      name: 'y',
      targetColumn: 'y',
      classes: ['a', 'b', 'c'],
      kind: 'multiclass',
      weight: null,
    });
    const changes = rows.map((_, i) => ({ rowId: i + 1, task: 'y', label: 'c' }));
    await setLabels(store, id, changes, 'user', undefined, [], 'tab-a');
    const undos: number[] = [];
    const redos: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      const u = await undoLabels(store, id, undefined, 'tab-a');
      undos.push((performance.now() - t) / 1000);
      t = performance.now();
      const d = await redoLabels(store, id, undefined, 'tab-a');
      redos.push((performance.now() - t) / 1000);
      if (u.changes.length !== ROWS || d.changes.length !== ROWS) throw new Error('not all rows');
    }
    // The store's part alone (no answer built for the Label view).
    const storeTimes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now();
      await store.labels.undo(id, 'tab-a');
      await store.labels.redo(id, 'tab-a');
      storeTimes.push((performance.now() - t) / 1000);
    }
    console.log(`store undo+redo median ${median(storeTimes).toFixed(3)} s`);
    console.log(
      `${ROWS} rows: service undo median ${median(undos).toFixed(3)} s, service redo median ${median(redos).toFixed(3)} s ` +
        `(undos ${undos.map((x) => x.toFixed(3)).join(', ')}; redos ${redos.map((x) => x.toFixed(3)).join(', ')})`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
