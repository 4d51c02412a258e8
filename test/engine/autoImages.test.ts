/**
 * Auto's search on images (engine/autoJob.ts, engine/autoSpace.ts): what it draws keeps the
 * CNN trunk, and with a budget that lets the search run it tries drawn architectures over
 * that trunk on in-memory pixels (the service test, test/services/autoImages.test.ts,
 * covers the studio's path, streamed reads and the scores).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { drawConfiguration } from '../../src/main/engine/autoSpace';
import { selectBackend } from '../../src/main/engine/backend';
import { splitIndices, trainAndScore, type TrainingJobInput } from '../../src/main/engine/job';
import { mulberry32 } from '../../src/main/engine/random';
import { DEFAULT_TRAIN_CONFIG, type SplitName, type TrainConfig } from '../../src/shared/domain';

beforeAll(async () => {
  await selectBackend('auto');
});

const CNN_BASE: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  trunk: 'cnn',
  convFilters: [4, 8],
  convKernel: 3,
  augmentFlip: 'horizontal',
  hiddenUnits: [16],
  expertUnits: [16],
  batchSize: 8,
  epochs: 6,
  patience: 2,
};

/** The dense widths the search draws for a CNN's head (engine/autoSpace.ts, written out). */
const CNN_HEADS = [[32], [64], [128], [64, 32], [128, 64], [256, 128], [256]];

describe('Auto on images', () => {
  it('draws architectures, head widths and optimiser settings, never the trunk or its filters', () => {
    const random = mulberry32(1);
    const archs = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const config = drawConfiguration(random, CNN_BASE, 2);
      archs.add(config.arch);
      expect(config.trunk).toBe('cnn');
      expect(config.convFilters).toEqual([4, 8]);
      expect(config.convKernel).toBe(3);
      expect(config.augmentFlip).toBe('horizontal');
      expect(CNN_HEADS).toContainEqual(config.hiddenUnits);
    }
    expect([...archs].sort()).toEqual(['hard-sharing', 'mmoe', 'ple', 'single-task']);
  });

  it('searches drawn configurations over the CNN trunk on in-memory pixels and chooses among its normal runs', async () => {
    // 48 grey 4×4 images: 24 dark (grey 0…23) and 24 light (232…255); task shade = dark or
    // light, task parity = the grey's parity (some labels missing). Rows 0–29 train, 30–38
    // validation, 39–47 test, every part holding both shades.
    const n = 48;
    const size = 16;
    const pixels = new Uint8Array(n * size);
    const shade: (string | null)[] = [];
    const parity: (string | null)[] = [];
    const assignment: SplitName[] = [];
    for (let i = 0; i < n; i++) {
      const dark = i % 2 === 0;
      const grey = dark ? i >> 1 : 232 + (i >> 1);
      pixels.fill(grey, i * size, (i + 1) * size);
      shade.push(dark ? 'dark' : 'light');
      parity.push(i % 5 === 0 ? null : grey % 2 === 0 ? 'even' : 'odd');
      assignment.push(i < 30 ? 'train' : i < 39 ? 'validation' : 'test');
    }
    const input: TrainingJobInput = {
      rowIds: Array.from({ length: n }, (_, i) => i + 1),
      assignment,
      inputs: [
        { name: 'path', type: 'text', values: Array.from({ length: n }, (_, i) => `${i}.png`) },
      ],
      image: { pixels, shape: { height: 4, width: 4, channels: 1 } },
      targets: [
        { task: { name: 'shade', classes: ['dark', 'light'] }, type: 'categorical', values: shade },
        { task: { name: 'parity', classes: ['even', 'odd'] }, type: 'categorical', values: parity },
      ],
      config: { ...CNN_BASE, convFilters: [4] },
      auto: { budgetSeconds: 3, seed: 4 },
    };
    // The budget's clock advances 5 ms each time it is read, as in autoSelect.test.ts: what
    // the 3 s budget lets in does not depend on the machine's load.
    let ticks = 0;
    const result = await runAutoJob(input, { now: () => 5 * ticks++ });
    const search = result.search!;
    const drawn = search.trials.filter((t) => !t.full);
    expect(drawn.length).toBeGreaterThan(0);
    for (const t of search.trials) {
      expect(t.config.trunk).toBe('cnn');
      expect(t.config.convFilters).toEqual([4]);
    }
    // Multi-task architectures were tried over the trunk, not only the defaults.
    expect(drawn.some((t) => t.config.arch === 'mmoe' || t.config.arch === 'ple')).toBe(true);
    const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
    expect(chosen.full).toBe(true);
    // The final model is the chosen configuration (refitted on the non-test rows: inner folds
    // on so few rows, engine/autoRefit.ts, hence its own epochs and no early stopping).
    const { arch, hiddenUnits, learningRate, dropout, weightDecay, trunk } = search.chosen;
    expect(result.topology.config).toMatchObject({
      arch,
      hiddenUnits,
      learningRate,
      dropout,
      weightDecay,
      trunk,
    });
    expect(search.final?.refitEpochs).toBeGreaterThan(0);
    // The final model reads images: its preprocessing is the image scaling, the path skipped.
    expect(result.preprocessing.image).toMatchObject({ height: 4, width: 4, channels: 1 });
    expect(result.preprocessing.skipped).toEqual([
      { column: 'path', reason: 'the network reads the images' },
    ]);
    for (const m of Object.values(result.results)) {
      expect(m.macroF1).toBeGreaterThanOrEqual(0);
      expect(m.macroF1).toBeLessThanOrEqual(1);
    }
  }, 240_000);

  it('keeps the chosen normal run as the final model on the validation split, identical to a separate run of its configuration', async () => {
    // 2 400 grey 4×4 images (2 160 non-test: ≥ 2 000, the validation selection), one task
    // dark/light by grey level (dark rows 0…99, light rows 156…255).
    const n = 2400;
    const size = 16;
    const pixels = new Uint8Array(n * size);
    const shade: string[] = [];
    const assignment: SplitName[] = [];
    for (let i = 0; i < n; i++) {
      const dark = i % 2 === 0;
      pixels.fill(dark ? i % 100 : 156 + (i % 100), i * size, (i + 1) * size);
      shade.push(dark ? 'dark' : 'light');
      assignment.push(i % 10 < 7 ? 'train' : i % 10 < 9 ? 'validation' : 'test');
    }
    const input: TrainingJobInput = {
      rowIds: Array.from({ length: n }, (_, i) => i + 1),
      assignment,
      inputs: [],
      image: { pixels, shape: { height: 4, width: 4, channels: 1 } },
      targets: [
        { task: { name: 'shade', classes: ['dark', 'light'] }, type: 'categorical', values: shade },
      ],
      config: { ...CNN_BASE, convFilters: [2], batchSize: 64, epochs: 2 },
      // The clock runs 1 s per read: the first default (which always finishes) spends it all.
      auto: { budgetSeconds: 1, seed: 4 },
    };
    let ticks = 0;
    const result = await runAutoJob(input, { now: () => 1000 * ticks++ });
    const search = result.search!;
    expect(search.selection).toBe('validation');
    expect(search.trials).toHaveLength(1);
    expect(search.final!.kept).toBe(true);
    // The independent source: the chosen configuration trained from scratch on the same
    // split, with the same decision offsets (as autoReuse.test.ts does for tables).
    const { train, validation } = splitIndices(input.assignment);
    const separate = await trainAndScore(
      input,
      search.chosen,
      train,
      validation,
      {},
      {
        decisionBiases: true,
      },
    );
    const untimed = (r: typeof result) => r.epochs.map((e) => ({ ...e, seconds: 0 }));
    expect(untimed(result)).toEqual(untimed(separate));
    expect(result.preprocessing).toEqual(separate.preprocessing);
    expect(Buffer.from(result.weights.weights).equals(Buffer.from(separate.weights.weights))).toBe(
      true,
    );
    expect(result.results).toEqual(separate.results);
  }, 240_000);
});
