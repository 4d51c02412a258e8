/**
 * The card example, the seed of this product: synthetic playing cards with four
 * attributes — colour, points, pattern, texture — learned by one shared CNN and compared
 * with a single-task CNN per attribute (Δm, Maninis et al. CVPR 2019). Generates the cards
 * into a folder with a manifest (data/images/cards.ts; the images are synthetic), imports
 * them into an open project as an ordinary image dataset, defines the four tasks, splits,
 * trains, and reports per-task test scores. Called by `mtl-studio demo cards`; the
 * Projects view's "Try the card example" prepares the data in the open project
 * (cardExampleInSession), beside the project file, never over a user's files.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { CARD_EXAMPLE_COUNT, CARD_INPUT_SIZE, type CardExampleResult } from '../../shared/assets';
import type { DatasetInfo, RunInfo, TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { trainedSeconds } from '../../shared/trainedTime';
import { importImages } from '../data/images';
import {
  CARD_CLASS_PROBABILITIES,
  CARD_TASKS,
  cardsFolderProblem,
  generateCards,
} from '../data/images/cards';
import type { ProjectStore } from '../store/projectStore';
import { progressEmitter } from './assets';
import { deltaMAgainst } from './evaluation';
import type { StudioSession } from './session';
import { defineTasks } from './tasks';
import { ensureSplit, trainRun, type TrainHooks } from './training';

/**
 * Side of the generated card images in pixels: drawn large and brought down to the input
 * size by the import (sharp's resize averages away part of the pixel noise; the grain of
 * 'rough' cards stays visible).
 */
export const CARD_RENDER_SIZE = 128;

/**
 * The training configuration of the example's runs (every run the same but for `arch`):
 * a small CNN trunk (three conv 3×3 → ReLU → 2×2 max-pool blocks of 8, 16, 32 filters,
 * dense 64), Adam at 0.003, light augmentation (mirror, shift by up to 2 px), early
 * stopping on the summed validation losses. Chosen so every task reaches ≥ 0.95 test
 * macro-F1 with the shared CNN while the whole example stays well under 3 minutes on 2 cores
 * (bench/ 'cards' section).
 */
export const CARD_EXAMPLE_CONFIG: Partial<TrainConfig> = {
  trunk: 'cnn',
  convFilters: [8, 16, 32],
  convKernel: 3,
  hiddenUnits: [64],
  learningRate: 0.003,
  batchSize: 64,
  epochs: 25,
  patience: 5,
  augmentFlip: 'horizontal',
  augmentShift: 2,
};

/** Options of {@link runCardExample}. */
export interface CardExampleOptions {
  /** Folder to write the cards and manifest.csv into (default: a new temp folder). */
  dir?: string;
  /** Number of cards (default {@link CARD_EXAMPLE_COUNT}). */
  count?: number;
  /** Seed of the cards, the split and the runs (default 42). */
  seed?: number;
  /** Input size in pixels (default {@link CARD_INPUT_SIZE}). */
  size?: number;
  /** Overrides of the runs' configuration (e.g. fewer epochs). */
  config?: Partial<TrainConfig>;
  /** Also train MMoE (Ma et al. KDD 2018) on the CNN features. */
  mmoe?: boolean;
  /**
   * Also train a cross-stitch network (Misra et al., CVPR 2016): one CNN column per task,
   * mixed by cross-stitch units after each block (trains through tfjs kernels: slower).
   */
  crossStitch?: boolean;
  /** 'process' (default): each run in a child process, two at a time; 'in-process': one by one here. */
  mode?: TrainHooks['mode'];
  signal?: AbortSignal;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
}

/** One trained run of the example. */
export interface CardExampleRun {
  runId: number;
  arch: TrainConfig['arch'];
  bestEpoch: number | null;
  /** Wall time of the run in seconds. */
  seconds: number;
  /** Per task: test accuracy, macro-F1, ROC-AUC (macro one-vs-rest for points). */
  tasks: Record<string, { accuracy: number; macroF1: number; rocAuc: number | null }>;
  /** Δm (percent, test macro-F1) against the single-task run; null for that run itself. */
  deltaM: number | null;
}

/** What the card example did and scored (`mtl-studio demo cards --json`). */
export interface CardExampleReport {
  /** Folder of the generated cards (images/ and manifest.csv). */
  dir: string;
  datasetId: number;
  cards: number;
  /** Training pixels: size × size RGB. */
  imageSize: number;
  backend: string;
  /** Wall seconds of each phase and in all. */
  timings: { generate: number; import: number; train: number; total: number };
  runs: CardExampleRun[];
}

const seconds = (from: number): number => Math.round((performance.now() - from) / 100) / 10;

function runSeconds(run: RunInfo): number {
  if (!run.finishedAt) return 0;
  return trainedSeconds(run, Date.now()) ?? 0;
}

/** Name of the card example's dataset. */
const CARD_DATASET = 'cards';

/** Options of {@link prepareCardExample}. */
export type PrepareCardExampleOptions = Pick<
  CardExampleOptions,
  'dir' | 'count' | 'seed' | 'size' | 'signal' | 'log'
> & {
  /** Progress of the generation (cards written) and of the import (images stored). */
  onProgress?: (phase: 'generate' | 'import', done: number, total: number) => void;
};

/** What {@link prepareCardExample} made: the cards' folder and the imported dataset. */
export interface PreparedCardExample {
  dir: string;
  dataset: DatasetInfo;
  cards: number;
  imageSize: number;
  /** Wall seconds of the generation and of the import. */
  timings: { generate: number; import: number };
}

/**
 * The card example's data in an open project, without training: generate the cards into
 * `dir` (default: a new temp folder), import them (dataset "cards", RGB at `size` px) and
 * define the tasks colour, points, pattern and texture (classes in the generator's order).
 * Called by {@link runCardExample} and by the Projects view's "Try the card example".
 * @throws MtlError('BAD_REQUEST') when the project already has a dataset named "cards";
 *   the errors of generateCards and importImages (IMPORT_CANCELLED when cancelled).
 */
export async function prepareCardExample(
  store: ProjectStore,
  options: PrepareCardExampleOptions = {},
): Promise<PreparedCardExample> {
  const log = options.log ?? (() => {});
  const count = options.count ?? CARD_EXAMPLE_COUNT;
  const seed = options.seed ?? 42;
  const size = options.size ?? CARD_INPUT_SIZE;
  if ((await store.datasets.list()).some((d) => d.name === CARD_DATASET)) {
    throw new MtlError(
      'BAD_REQUEST',
      `The project already has a dataset named "${CARD_DATASET}"; open a new project to try the card example again.`,
    );
  }
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mtl-studio-cards-')));

  let phase = performance.now();
  await generateCards(dir, {
    count,
    seed,
    size: CARD_RENDER_SIZE,
    signal: options.signal,
    onProgress: (n) => {
      options.onProgress?.('generate', n, count);
      if (n % 500 === 0) log(`generated ${n} / ${count} cards`);
    },
  });
  const generate = seconds(phase);
  log(`generated ${count} synthetic cards in ${dir} (${generate} s)`);

  phase = performance.now();
  const imported = await importImages(store, dir, {
    name: CARD_DATASET,
    size,
    colour: 'rgb',
    signal: options.signal,
    onProgress: (p) => {
      if (p.phase === 'decode') options.onProgress?.('import', p.images, p.totalImages);
    },
  });
  const importSeconds = seconds(phase);
  log(`imported ${imported.imported} cards as ${size}×${size} RGB (${importSeconds} s)`);

  await defineTasks(
    store,
    imported.dataset.id,
    CARD_TASKS.map((task) => ({
      column: task,
      classes: CARD_CLASS_PROBABILITIES[task].map((c) => c.value),
    })),
  );
  return {
    dir,
    dataset: await store.datasets.get(imported.dataset.id),
    cards: imported.imported,
    imageSize: size,
    timings: { generate, import: importSeconds },
  };
}

/**
 * Runs the card example in an open project: {@link prepareCardExample} (generate, import,
 * define the four tasks), split 70/15/15 (seeded, stratified on colour), train the
 * single-task CNN baselines and one hard-sharing CNN (and MMoE with `mmoe`, cross-stitch
 * with `crossStitch`) — in child
 * processes two at a time, so both cores work — and score them on the test split.
 * @returns the report; every run is also stored in the project as usual.
 * @throws MtlError('BAD_REQUEST') when the project already has a dataset named "cards",
 *   and the errors of generateCards, importImages and trainRun (TRAINING_CANCELLED …).
 */
export async function runCardExample(
  store: ProjectStore,
  options: CardExampleOptions = {},
): Promise<CardExampleReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 42;
  const started = performance.now();
  const prepared = await prepareCardExample(store, options);
  const { dir, dataset, imageSize: size } = prepared;
  const { generate, import: importSeconds } = prepared.timings;
  const imported = { imported: prepared.cards };
  const split = await ensureSplit(store, dataset.id, { seed, fresh: true });

  const phase = performance.now();
  const config: Partial<TrainConfig> = { ...CARD_EXAMPLE_CONFIG, seed, ...options.config };
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const train = (arch: TrainConfig['arch'], signal = options.signal): Promise<RunInfo> =>
    trainRun(
      store,
      { datasetId: dataset.id, splitId: split.id, config: { ...config, arch } },
      {
        mode: options.mode,
        signal,
        onBackend: (b) => log(`${arch} CNN training on ${b}`),
        onEpoch: (_id, r) =>
          r.epoch % 5 === 0 &&
          log(`${arch}: epoch ${r.epoch}, validation loss ${r.valLoss.toFixed(3)}`),
      },
    );
  const multiTask: TrainConfig['arch'][] = [
    'hard-sharing',
    ...(options.mmoe ? (['mmoe'] as const) : []),
    ...(options.crossStitch ? (['cross-stitch'] as const) : []),
  ];
  let runs: RunInfo[];
  if (options.mode === 'in-process') {
    runs = [];
    for (const arch of ['single-task', ...multiTask] as const) runs.push(await train(arch));
  } else {
    // The single-task baselines (four CNNs) take longest: the multi-task runs train beside
    // them. A failure cancels the other side (its run is stored as cancelled).
    const baseline = train('single-task', stop.signal);
    const others = (async () => {
      const done: RunInfo[] = [];
      for (const arch of multiTask) done.push(await train(arch, stop.signal));
      return done;
    })();
    try {
      const [b, o] = await Promise.all([baseline, others]);
      runs = [b, ...o];
    } catch (err) {
      stop.abort();
      await Promise.allSettled([baseline, others]);
      throw err;
    }
  }
  const trainSeconds = seconds(phase);
  const baseline = runs[0];
  if (baseline.status !== 'completed')
    throw new MtlError('TRAINING_FAILED', `The single-task run ${baseline.id} did not complete.`);
  return {
    dir,
    datasetId: dataset.id,
    cards: imported.imported,
    imageSize: size,
    backend: runs[1].backend ?? 'unknown',
    timings: {
      generate,
      import: importSeconds,
      train: trainSeconds,
      total: seconds(started),
    },
    runs: runs.map((run, i) => ({
      runId: run.id,
      arch: run.config.arch,
      bestEpoch: run.bestEpoch,
      seconds: runSeconds(run),
      tasks: Object.fromEntries(
        Object.entries(run.results ?? {}).map(([task, m]) => [
          task,
          { accuracy: m.accuracy, macroF1: m.macroF1, rocAuc: m.rocAuc },
        ]),
      ),
      deltaM: i === 0 ? null : deltaMAgainst(run, baseline),
    })),
  };
}

/** Most folders tried beside a project for its cards: `<name>-cards`, then `-cards-2` … `-cards-99`. */
export const MAX_CARD_FOLDERS = 99;

/**
 * The folder beside a project file that the studio's card example writes into without
 * touching a user's file: `<name>-cards/` when it is missing, empty or holds only files of a
 * card set of `count` cards (a manifest.csv with the cards' header and card PNGs under
 * images/, as an earlier or cancelled try left them: they are written again, as the CLI's
 * `generate-cards --force` does); else the first of `<name>-cards-2/`, `<name>-cards-3/` …
 * that is. The same rule as the CLI's (data/images/cards.ts, cardsFolderProblem); the CLI
 * refuses where this picks another name, since here no folder was given.
 * @param projectPath the project file (`/data/shop.mtlproj` → `/data/shop-cards/`)
 * @param count cards to be written (names the PNGs)
 * @returns the folder, and the folders passed over (each with why), in the order tried
 * @throws MtlError('BAD_REQUEST') when all {@link MAX_CARD_FOLDERS} names hold other files;
 *   the file system's errors other than a missing folder (e.g. EACCES).
 */
export async function cardsFolderBeside(
  projectPath: string,
  count: number,
): Promise<{ dir: string; passedOver: { dir: string; reason: string }[] }> {
  const base = join(dirname(projectPath), `${basename(projectPath, extname(projectPath))}-cards`);
  const passedOver: { dir: string; reason: string }[] = [];
  for (let n = 1; n <= MAX_CARD_FOLDERS; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    const reason = await cardsFolderProblem(dir, count, true);
    if (reason === null) return { dir, passedOver };
    passedOver.push({ dir, reason });
  }
  throw new MtlError(
    'BAD_REQUEST',
    `the folders "${base}" to "${base}-${MAX_CARD_FOLDERS}" all hold files other than a card set's own; nothing is replaced: move or remove some of them to try the card example.`,
  );
}

/**
 * The card example's data in the open project (see prepareCardExample): `count` cards
 * generated into a folder beside the project file ({@link cardsFolderBeside}: `<project
 * name>-cards/`, or `-cards-2/` … when it holds a user's files, which are never replaced),
 * imported as dataset "cards" with the tasks colour, points, pattern and texture. Progress
 * as 'scan' (cards generated) then 'decode' (cards imported).
 * @param importId chosen by the UI; `assets.cancel` with it cancels (nothing is imported)
 * @returns the new dataset, the folder of its cards and the folders passed over
 * @throws MtlError('BAD_REQUEST') when no project is open, the id is in use or the project
 *   already has a dataset named "cards"; the errors of cardsFolderBeside and
 *   prepareCardExample.
 */
export function cardExampleInSession(
  session: StudioSession,
  importId: string,
  count?: number,
): Promise<CardExampleResult> {
  const store = session.requireStore();
  const emit = progressEmitter(session, importId);
  return session.runCancellable(importId, async (signal) => {
    const cards = count ?? CARD_EXAMPLE_COUNT;
    const { dir, passedOver } = await cardsFolderBeside(store.path, cards);
    const prepared = await prepareCardExample(store, {
      dir,
      count: cards,
      signal,
      onProgress: (phase, done, total) =>
        phase === 'generate'
          ? emit({ phase: 'scan', images: done, totalImages: 0, bytes: 0 })
          : emit({ phase: 'decode', images: done, totalImages: total, bytes: 0 }),
    });
    return { dataset: prepared.dataset, dir, passedOver: passedOver.map((p) => p.dir) };
  });
}
