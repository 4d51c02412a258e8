/**
 * Active labelling, simulated honestly: a real multi-task dataset (8×8 digits, five tasks)
 * with its labels hidden. Each round labels k more items of a pool — chosen by the studio's
 * own queue (least confidence summed over the tasks an item lacks, engine/activeLearning.ts)
 * or at random — retrains the same model, and scores it on a fixed, randomly drawn test set
 * that neither strategy ever labels. Both learning curves (mean test macro-F1 against the
 * number of labelled items) over several seeds; each seed shares its test set and its first
 * random labels between the two strategies.
 *
 * New labelled items join train/validation by the product's own rule (extendSplit), and the
 * preprocessing is fitted on the labelled training rows, as in the studio.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { uncertaintyOrder } from '../src/main/engine/activeLearning';
import { runTrainingJob } from '../src/main/engine/job';
import { deserializeNetwork } from '../src/main/engine/modelIO';
import { transform, type RawColumn } from '../src/main/engine/preprocessing';
import { deriveSeed, mulberry32, shuffleInPlace } from '../src/main/engine/random';
import { extendSplit, stratifiedSplit } from '../src/main/engine/split';
import { predictProbabilities } from '../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type SplitName, type TrainConfig } from '../src/shared/domain';
import { meanStd, type MeanStd } from './accuracy';

/** The dataset of the simulation (bench/data/README.md gives its source and licence). */
export const ACTIVE_DATASET = {
  name: 'digits8x8',
  file: fileURLToPath(new URL('./data/digits8x8_multilabel.csv', import.meta.url)),
  tasks: ['digit', 'parity', 'ge5', 'is_prime', 'has_loop'],
};

/** How items are picked for labelling. */
export type PickStrategy = 'least-confidence' | 'random';

/** Result of the active-labelling section. */
export interface ActiveLearningResult {
  dataset: string;
  tasks: string[];
  /** Items of the pool (labels hidden) and of the fixed test set. */
  pool: number;
  test: number;
  seeds: number[];
  /** Labelled items before the first round (random), and items labelled per round. */
  initial: number;
  step: number;
  config: Partial<TrainConfig>;
  /** Per strategy, one point per round: labelled items and test macro-F1 (mean over tasks, and per task). */
  curves: Record<
    PickStrategy,
    { labels: number; meanMacroF1: MeanStd; macroF1: Record<string, MeanStd> }[]
  >;
  /** The same model trained on the whole pool labelled (the ceiling), mean over tasks. */
  fullPool: MeanStd;
  /** Fewest labelled items at which each strategy's mean curve reaches 95 % of the ceiling (null: never). */
  labelsTo95: Record<PickStrategy, number | null>;
  seconds: number;
}

/** The digits table: inputs as raw columns and task labels, as the studio would read them. */
interface Table {
  inputs: RawColumn[];
  /** Per task: [n] labels (strings) and its sorted classes. */
  targets: { name: string; classes: string[]; values: string[] }[];
  n: number;
}

function loadTable(file: string, tasks: string[], maxRows?: number): Table {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  const rows = parsed.data.slice(0, maxRows ?? parsed.data.length);
  const inputs = (parsed.meta.fields ?? [])
    .filter((f) => !tasks.includes(f))
    .map((name) => ({
      name,
      type: 'numeric' as const,
      values: rows.map((r) => Number(r[name])),
    }));
  const targets = tasks.map((name) => {
    const values = rows.map((r) => r[name]);
    const classes = [...new Set(values)].sort((a, b) =>
      a.localeCompare(b, 'en', { numeric: true }),
    );
    return { name, classes, values };
  });
  return { inputs, targets, n: rows.length };
}

/**
 * One training on the labelled items (train/validation) plus the test set.
 * @returns mean and per-task test macro-F1, and the pool items' probabilities per task.
 */
async function trainRound(
  table: Table,
  labelled: { index: number; split: SplitName }[],
  test: number[],
  pool: number[],
  config: TrainConfig,
): Promise<{ macroF1: Record<string, number>; poolProbs: Float32Array[] }> {
  const rows = [...labelled.map((l) => l.index), ...test];
  const assignment: SplitName[] = [
    ...labelled.map((l) => l.split),
    ...test.map(() => 'test' as const),
  ];
  const pick = <T>(values: T[]): T[] => rows.map((i) => values[i]);
  const result = await runTrainingJob({
    rowIds: rows.map((i) => i + 1),
    assignment,
    inputs: table.inputs.map((c) => ({ ...c, values: pick(c.values) })),
    targets: table.targets.map((t) => ({
      task: { name: t.name, classes: t.classes },
      type: 'categorical',
      values: pick(t.values),
    })),
    config,
  });
  const macroF1 = Object.fromEntries(
    table.targets.map((t) => [t.name, result.results[t.name]?.macroF1 ?? 0]),
  );
  if (pool.length === 0) return { macroF1, poolProbs: [] };
  const columns = Object.fromEntries(table.inputs.map((c) => [c.name, c.values]));
  const features = transform(result.preprocessing, columns, pool);
  const network = deserializeNetwork(result.topology, result.weights);
  try {
    const poolProbs = predictProbabilities(
      network,
      features,
      result.preprocessing.featureNames.length,
      Int32Array.from(pool, (_, i) => i),
    );
    return { macroF1, poolProbs };
  } finally {
    network.dispose();
  }
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Runs the simulation.
 * @param options `rounds` rounds of `step` labels after `initial` random ones, over `seeds`;
 *   `testFraction` of the rows is the fixed test set; `maxRows` keeps the first rows only.
 */
export async function runActiveLearning(options: {
  seeds: number[];
  initial: number;
  step: number;
  rounds: number;
  config: Partial<TrainConfig>;
  testFraction?: number;
  maxRows?: number;
  log: (line: string) => void;
}): Promise<ActiveLearningResult> {
  const started = Date.now();
  const table = loadTable(ACTIVE_DATASET.file, ACTIVE_DATASET.tasks, options.maxRows);
  const digit = table.targets[0].values;
  const strategies: PickStrategy[] = ['least-confidence', 'random'];
  const byRound: Record<PickStrategy, Record<string, number[]>[]> = {
    'least-confidence': [],
    random: [],
  };
  const ceiling: number[] = [];
  const fractions = { train: 0.85, validation: 0.15, test: 0 };
  let poolSize = 0;
  let testSize = 0;
  for (const seed of options.seeds) {
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...options.config, seed };
    // The fixed test set: stratified on the digit, seeded; never labelled by either strategy.
    const split = stratifiedSplit(
      table.n,
      digit,
      {
        train: 1 - (options.testFraction ?? 0.3),
        validation: 0,
        test: options.testFraction ?? 0.3,
      },
      deriveSeed(seed, 'active-test'),
    );
    const test = split.flatMap((s, i) => (s === 'test' ? [i] : []));
    const poolAll = split.flatMap((s, i) => (s === 'test' ? [] : [i]));
    poolSize = poolAll.length;
    testSize = test.length;
    const initialOrder = shuffleInPlace(
      [...poolAll],
      mulberry32(deriveSeed(seed, 'active-initial')),
    );
    const first = (initialOrder as number[]).slice(0, options.initial);
    const full = await trainRound(
      table,
      poolAll.map((index, k) => ({ index, split: k % 7 === 0 ? 'validation' : 'train' })),
      test,
      [],
      config,
    );
    ceiling.push(mean(Object.values(full.macroF1)));
    for (const strategy of strategies) {
      const random = mulberry32(deriveSeed(seed, `active-${strategy}`));
      const labelled: { index: number; split: SplitName }[] = [];
      const join = (indices: number[]): void => {
        const assigned = extendSplit(
          { strata: labelled.map((l) => digit[l.index]), assignment: labelled.map((l) => l.split) },
          indices.map((i) => digit[i]),
          indices.length,
          fractions,
          seed,
        );
        indices.forEach((index, k) => labelled.push({ index, split: assigned[k] }));
      };
      join(first);
      for (let round = 0; round <= options.rounds; round++) {
        const inPool = new Set(labelled.map((l) => l.index));
        const pool = poolAll.filter((i) => !inPool.has(i));
        const outcome = await trainRound(
          table,
          labelled,
          test,
          strategy === 'random' || round === options.rounds ? [] : pool,
          config,
        );
        byRound[strategy][round] ??= {} as Record<string, number[]>;
        for (const [task, f1] of Object.entries(outcome.macroF1)) {
          (byRound[strategy][round][task] ??= []).push(f1);
        }
        options.log(
          `active learning: seed ${seed}, ${strategy}, ${labelled.length} labels → mean macro-F1 ${mean(Object.values(outcome.macroF1)).toFixed(3)}`,
        );
        if (round === options.rounds) break;
        let next: number[];
        if (strategy === 'random') {
          next = (shuffleInPlace([...pool], random) as number[]).slice(0, options.step);
        } else {
          // Every pool item lacks every task: the queue sums the uncertainty over all five.
          const order = uncertaintyOrder(
            pool.map((index, p) => ({
              rowId: index,
              predictions: outcome.poolProbs.map((probs, t) => {
                const k = table.targets[t].classes.length;
                return probs.subarray(p * k, (p + 1) * k);
              }),
            })),
            'least-confidence',
          );
          next = order.slice(0, options.step).map((o) => o.rowId);
        }
        join(next);
      }
    }
  }
  const curves = Object.fromEntries(
    strategies.map((strategy) => [
      strategy,
      byRound[strategy].map((perTask, round) => {
        const seeds = perTask[table.targets[0].name].length;
        const meanPerSeed = Array.from({ length: seeds }, (_, s) =>
          mean(table.targets.map((t) => perTask[t.name][s])),
        );
        return {
          labels: options.initial + round * options.step,
          meanMacroF1: meanStd(meanPerSeed),
          macroF1: Object.fromEntries(table.targets.map((t) => [t.name, meanStd(perTask[t.name])])),
        };
      }),
    ]),
  ) as ActiveLearningResult['curves'];
  const fullPool = meanStd(ceiling);
  const labelsTo95 = Object.fromEntries(
    strategies.map((s) => [
      s,
      curves[s].find((p) => p.meanMacroF1.mean >= 0.95 * fullPool.mean)?.labels ?? null,
    ]),
  ) as ActiveLearningResult['labelsTo95'];
  return {
    dataset: ACTIVE_DATASET.name,
    tasks: ACTIVE_DATASET.tasks,
    pool: poolSize,
    test: testSize,
    seeds: options.seeds,
    initial: options.initial,
    step: options.step,
    config: options.config,
    curves,
    fullPool,
    labelsTo95,
    seconds: (Date.now() - started) / 1000,
  };
}
