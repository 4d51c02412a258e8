/**
 * The benchmark's datasets (copied into the repository; sources and licences in
 * bench/data/README.md) and how each is loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../src/main/data/importCsv';
import { encodeLabels, fitPreprocessing, transform } from '../src/main/engine/preprocessing';
import type { TrainingTask } from '../src/main/engine/trainer';
import { defineTasks } from '../src/main/services/tasks';
import { ProjectStore } from '../src/main/store/projectStore';

/** A benchmark dataset: a CSV and the task columns predicted together. */
export interface BenchDataset {
  name: string;
  /** Absolute path of the CSV. */
  file: string;
  tasks: string[];
  /** Columns set to 'ignore' after import (e.g. a label's name next to the label). */
  ignore?: string[];
  /** False: left out of the architecture × weighting grid (accuracy section). */
  grid?: boolean;
}

const repo = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const BENCH_DATASETS: BenchDataset[] = [
  { name: 'penguins', file: repo('resources/penguins.csv'), tasks: ['species', 'island', 'sex'] },
  {
    name: 'income_marketing',
    file: repo('test/fixtures/income_marketing.csv'),
    tasks: ['INCOME', 'MARITAL.STATUS', 'OCCUPATION'],
  },
  { name: 'zoo', file: repo('bench/data/zoo.csv'), tasks: ['type', 'legs'] },
  { name: 'diamonds', file: repo('bench/data/diamonds.csv'), tasks: ['cut', 'color', 'clarity'] },
  {
    name: 'digits',
    file: repo('bench/data/digits8x8_multilabel.csv'),
    tasks: ['digit', 'parity', 'ge5', 'is_prime', 'has_loop'],
    grid: false,
  },
  {
    name: 'fashion_mnist_1000',
    file: repo('bench/data/fashion_mnist_1000_multilabel.csv'),
    tasks: ['label', 'group', 'is_footwear'],
    // label_name is the label spelled out: it would leak the label into the inputs.
    ignore: ['label_name'],
    grid: false,
  },
];

/** A dataset as in-memory training arrays (preprocessing fitted on all rows: speed only). */
export interface BenchTable {
  rows: number;
  numFeatures: number;
  /** Row-major [rows, numFeatures]. */
  features: Float32Array;
  /** Per task [rows], class index or −1. */
  labels: Int32Array[];
  tasks: TrainingTask[];
}

/**
 * Imports a dataset into a throw-away project and returns its preprocessed arrays.
 * @param maxRows keep only the first rows (undefined: all).
 */
export async function loadBenchTable(dataset: BenchDataset, maxRows?: number): Promise<BenchTable> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-table-'));
  const store = await ProjectStore.open(join(dir, 'bench.mtlproj'), { create: true });
  try {
    const info = await importCsv(store, dataset.file);
    const tasks = await defineTasks(
      store,
      info.id,
      dataset.tasks.map((column) => ({ column })),
    );
    const ds = await store.datasets.get(info.id);
    const inputs = ds.columns.filter((c) => c.role === 'input');
    const names = [...inputs.map((c) => c.name), ...dataset.tasks];
    const { values } = await store.datasets.readColumns(info.id, names);
    const n = Math.min(maxRows ?? Infinity, info.rowCount);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const raw = inputs.map((c) => ({ name: c.name, type: c.type, values: values[c.name] }));
    const prep = fitPreprocessing(raw, rows);
    return {
      rows: n,
      numFeatures: prep.featureNames.length,
      features: transform(prep, values, rows),
      labels: tasks.map((t) => {
        const type = ds.columns.find((c) => c.name === t.targetColumn)!.type;
        return encodeLabels(values[t.targetColumn].slice(0, n), t.classes, type);
      }),
      tasks: tasks.map((t) => ({ name: t.name, classes: t.classes })),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
