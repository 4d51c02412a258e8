/**
 * The benchmark's datasets (copied into the repository; sources and licences in
 * bench/data/README.md) and how each is loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../src/main/data/importCsv';
import { encodeLabels, fitPreprocessing, transform } from '../src/main/engine/preprocessing';
import { mulberry32, shuffleInPlace } from '../src/main/engine/random';
import type { TrainingTask } from '../src/main/engine/trainer';
import { defineTasks } from '../src/main/services/tasks';
import { ProjectStore } from '../src/main/store/projectStore';
import type { ColumnType, DatasetInfo } from '../src/shared/domain';

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

/**
 * Writes a seeded random sample of `size` data lines of a CSV (header kept) to `out`.
 * Line-based: only for files without quoted newlines (diamonds).
 */
export function sampleCsv(file: string, size: number, out: string): string {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines.shift()!;
  const order = shuffleInPlace(Array.from(lines.keys()), mulberry32(2024)) as number[];
  const keep = order.slice(0, size).sort((a, b) => a - b);
  writeFileSync(out, [header, ...keep.map((i) => lines[i])].join('\n') + '\n');
  return out;
}

/** A benchmark dataset in a project (see {@link importBenchDataset}). */
export interface ImportedBenchDataset {
  info: DatasetInfo;
  /** The CSV imported (the sample when one was drawn). */
  csv: string;
  /** Task columns, in the dataset's order. */
  tasks: string[];
  /** Input columns (name, type) in column order. */
  inputs: { name: string; type: ColumnType }[];
}

/**
 * scikit-learn's reference scores on one stored split of an imported benchmark dataset
 * (bench/reference/sklearn_reference.py: logistic regression and histogram gradient
 * boosting fitted on train + validation, scored on test, per task).
 * @param python the interpreter with sklearn (findPython); @param tag names its files in `dir`.
 * @returns per task its macro-F1 for each model.
 * @throws Error with the script's stderr when it fails.
 */
export async function sklearnOnSplit(
  python: string,
  store: ProjectStore,
  splitId: number,
  data: ImportedBenchDataset,
  options: { dir: string; tag: string; seed: number },
): Promise<Record<string, { logreg: number; hgb: number }>> {
  const assignment = await store.splits.assignment(splitId);
  const splitFile = join(options.dir, `split-${options.tag}.csv`);
  writeFileSync(
    splitFile,
    assignment.rowIds.map((id, i) => `${id},${assignment.assignment[i]}`).join('\n'),
  );
  const specFile = join(options.dir, `sk-${options.tag}.json`);
  writeFileSync(
    specFile,
    JSON.stringify({
      csv: data.csv,
      split: splitFile,
      tasks: data.tasks,
      inputs: data.inputs,
      seed: options.seed,
    }),
  );
  const script = fileURLToPath(new URL('./reference/sklearn_reference.py', import.meta.url));
  const p = spawnSync(python, [script, specFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`sklearn_reference.py failed: ${p.stderr}`);
  return JSON.parse(p.stdout.trim().split('\n').at(-1)!);
}

/**
 * Imports a benchmark dataset into a project as a user would: the CSV (or a seeded sample
 * of `sample` rows of it, written into `dir`), its ignored columns set aside, its tasks
 * defined.
 * @returns the imported dataset, the CSV it came from and its input columns.
 */
export async function importBenchDataset(
  store: ProjectStore,
  dataset: BenchDataset,
  dir: string,
  sample?: number,
): Promise<ImportedBenchDataset> {
  const csv = sample
    ? sampleCsv(dataset.file, sample, join(dir, basename(dataset.file)))
    : dataset.file;
  const info = await importCsv(store, csv, { name: dataset.name });
  for (const column of dataset.ignore ?? [])
    await store.datasets.setColumnRole(info.id, column, 'ignore');
  await defineTasks(
    store,
    info.id,
    dataset.tasks.map((column) => ({ column })),
  );
  const ds = await store.datasets.get(info.id);
  const inputs = ds.columns
    .filter((c) => c.role === 'input')
    .map((c) => ({ name: c.name, type: c.type }));
  return { info, csv, tasks: dataset.tasks, inputs };
}

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
