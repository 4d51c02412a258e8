/**
 * How the CLI names a run's method in `runs` and `evaluate` (a new user's report: Auto runs
 * read as plain "single-task" runs, so one could not tell which run Δm compared against).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_CONFIG,
  type AutoSearch,
  type AutoTrial,
  type RunInfo,
} from '../../src/shared/domain';
import { finalNote, finalRow } from '../../src/main/cli/commands/trainingOutput';
import { autoProgressLine, hiddenText, method, networkText, num5 } from '../../src/main/cli/output';

const run = (
  config: Partial<RunInfo['config']>,
  auto?: boolean,
  status: RunInfo['status'] = 'completed',
): RunInfo => ({ config: { trunk: 'mlp', ...config }, auto, status }) as unknown as RunInfo;

describe('method', () => {
  it('names the architecture and weighting, and says when Auto chose them', () => {
    expect(method(run({ arch: 'single-task' }))).toBe('single-task');
    expect(method(run({ arch: 'mmoe', weighting: 'dwa' }))).toBe('mmoe · dwa');
    expect(method(run({ arch: 'single-task' }, true))).toBe('auto → single-task');
    expect(method(run({ arch: 'hard-sharing', weighting: 'dwa' }, true))).toBe(
      'auto → hard-sharing · dwa',
    );
    expect(
      method(
        run({ arch: 'hard-sharing', weighting: 'equal', trunk: 'cnn', convFilters: [16, 32] }),
      ),
    ).toBe('hard-sharing · equal · cnn 16/32');
  });

  it('names an Auto run that ended before its search chose as Auto, with its status', () => {
    // Found by a new user: a cancelled Auto run read "hard-sharing · equal", the base
    // configuration it was created with, in `runs`.
    const base = { arch: 'hard-sharing', weighting: 'equal' } as const;
    expect(method(run(base, true, 'cancelled'))).toBe('auto (cancelled)');
    expect(method(run(base, true, 'interrupted'))).toBe('auto (interrupted)');
    expect(method(run(base, true, 'running'))).toBe('auto (running)');
    expect(method(run(base, false, 'cancelled'))).toBe('hard-sharing · equal');
  });
});

describe('num5', () => {
  it('rounds to 5 significant digits, and never prints Infinity or NaN', () => {
    expect(num5(43.92249)).toBe('43.922');
    expect(num5(172)).toBe('172');
    // The largest double rounds up past it at 5 digits: printed as its 5-digit text.
    expect(num5(1.7976931348623157e308)).toBe('1.7977e+308');
    // A statistic that overflowed (stored as null from NaN), or a non-finite value.
    expect(num5(null)).toBe('–');
    expect(num5(NaN)).toBe('–');
  });
});

describe('autoProgressLine', () => {
  it("says when a run like a normal run stopped at the budget's end", () => {
    const trial: AutoTrial = {
      id: 6,
      config: { ...DEFAULT_TRAIN_CONFIG, arch: 'single-task', hiddenUnits: [256, 256, 128] },
      epochs: 14,
      full: true,
      score: 0.4797,
      bestEpoch: 12,
      perTask: {},
      seconds: 9.7,
      stoppedForTime: true,
    };
    const line = (t: AutoTrial) =>
      autoProgressLine({
        phase: 'finalist',
        trialsDone: 6,
        trial: t,
        bestScore: 0.4957,
        elapsedSeconds: 21.3,
        budgetSeconds: 20,
      });
    expect(line(trial)).toBe(
      "auto: trial 6 · like a normal run · single-task, hidden 256,256,128, lr 0.003, 14 of at most 500 epochs (stopped at the budget's end, best weights kept): validation macro-F1 0.480 (best 0.496) [21/20 s]",
    );
    expect(line({ ...trial, stoppedForTime: undefined })).toContain(
      '14 of at most 500 epochs (early stopping)',
    );
  });

  it("says the first default's epoch cap on images is provisional (re-read every epoch)", () => {
    // Found by a new user: "capped at 6 per fold", then the trial line said "capped at 14"
    // (autoSpace re-reads the cap after each epoch). Expected text written by hand.
    expect(
      autoProgressLine({
        phase: 'defaults',
        trialsDone: 0,
        bestScore: null,
        elapsedSeconds: 5.2,
        budgetSeconds: 15,
        firstDefaultCapped: { epochsCapped: 2, uncappedSeconds: 151 },
      }),
    ).toBe(
      'auto: the default configuration alone would need ≈ 151 s, over the 15 s budget: its epochs are capped at 2 per fold for now so that it ends within the budget (the cap is re-checked after each epoch, by its time) [5/15 s]',
    );
  });

  it('names the CNN trunk and the dense layers after it on images, not "hidden"', () => {
    const trial: AutoTrial = {
      id: 3,
      config: {
        ...DEFAULT_TRAIN_CONFIG,
        arch: 'mmoe',
        weighting: 'dwa',
        trunk: 'cnn',
        convFilters: [16, 32],
        convKernel: 5,
        hiddenUnits: [128, 64],
        learningRate: 0.0012,
      },
      epochs: 9,
      bracket: 1,
      score: 0.8123,
      bestEpoch: 7,
      perTask: {},
      seconds: 4.2,
    };
    const line = autoProgressLine({
      phase: 'search',
      trialsDone: 3,
      trial,
      sweep: 1,
      rung: 1,
      bestScore: 0.84,
      elapsedSeconds: 23.4,
      budgetSeconds: 60,
    });
    expect(line).toBe(
      'auto: trial 3 · sweep 1 · bracket 1 · rung 1 · mmoe · dwa, cnn 16/32 5×5, dense 128,64, lr 0.0012, 9 epochs: validation macro-F1 0.812 (best 0.840) [23/60 s]',
    );
    // No dense layer after the conv blocks: "none", not a linear model.
    expect(networkText({ ...trial.config, hiddenUnits: [] })).toBe('cnn 16/32 5×5, dense none');
    // An MLP (and a configuration stored before trunks) keeps its wording.
    expect(networkText({ ...trial.config, trunk: 'mlp' })).toBe('hidden 128,64');
  });
});

describe('finalRow', () => {
  it("marks a kept final model that stopped at the budget's end, as a trial's row is marked", () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, arch: 'single-task' as const, hiddenUnits: [64] };
    const search: AutoSearch = {
      selection: 'validation',
      innerFolds: 0,
      budgetSeconds: 20,
      seed: 1,
      trials: [],
      chosenTrial: 1,
      chosen: config,
      seconds: 21,
      final: {
        epochs: 14,
        bestEpoch: 12,
        score: 0.5,
        perTask: {},
        kept: true,
        stoppedForTime: true,
      },
    };
    const run = { id: 7 } as RunInfo;
    // The epochs cell: 14 trained of the configuration's cap of 500, cut by the budget.
    expect(finalRow(search, run)[0][7]).toBe('14 (≤500, time)');
    const { stoppedForTime: _, ...plain } = search.final!;
    expect(finalRow({ ...search, final: plain }, run)[0][7]).toBe('14 (≤500)');
  });

  it('marks a refitted final model\'s validation score as in-sample ("trained on")', () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, arch: 'single-task' as const, hiddenUnits: [64] };
    const base = { epochs: 30, bestEpoch: 30, score: 0.9125, perTask: {} };
    const search: AutoSearch = {
      selection: 'inner-folds',
      innerFolds: 3,
      budgetSeconds: 20,
      seed: 1,
      trials: [],
      chosenTrial: 1,
      chosen: config,
      seconds: 21,
      final: { ...base, refitEpochs: 30, refitEpochsPerTask: { a: 30 } },
    };
    const run = { id: 7 } as RunInfo;
    // Written by hand: 0.9125 to 3 decimals, then the mark; without a refit, no mark.
    expect(finalRow(search, run)[0][9]).toBe('0.912 (trained on)');
    expect(finalRow({ ...search, final: base }, run)[0][9]).toBe('0.912');
  });

  it('names the chosen CNN trunk and its dense layers in two cells on images', () => {
    const config = {
      ...DEFAULT_TRAIN_CONFIG,
      arch: 'hard-sharing' as const,
      trunk: 'cnn' as const,
      convFilters: [16, 32, 64],
      convKernel: 3,
      hiddenUnits: [256],
    };
    const search: AutoSearch = {
      selection: 'validation',
      innerFolds: 0,
      budgetSeconds: 20,
      seed: 1,
      trials: [],
      chosenTrial: 1,
      chosen: config,
      seconds: 21,
      final: { epochs: 14, bestEpoch: 12, score: 0.5, perTask: {}, kept: true },
    };
    const row = finalRow(search, { id: 7 } as RunInfo)[0];
    expect(row.slice(1, 4)).toEqual(['hard-sharing · equal', 'cnn 16/32/64 3×3', '256']);
    // The epochs cell moves one to the right of the table's (tables keep one network cell).
    expect(row[8]).toBe('14 (≤500)');
  });
});

describe("autoProgressLine at the search's end", () => {
  it('says the chosen run is kept when it is, and trained when it is not', () => {
    const final = {
      phase: 'final' as const,
      trialsDone: 4,
      bestScore: 0.5,
      elapsedSeconds: 19.6,
      budgetSeconds: 20,
      chosenTrial: 3,
    };
    expect(autoProgressLine({ ...final, kept: true })).toBe(
      "auto: search done, 4 configurations tried in 20 s; keeping trial 3's own run as the run's model",
    );
    expect(autoProgressLine(final)).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model",
    );
    // A refit trains exactly its counts (no "up to"); per-task counts listed as the report does
    // (expected strings written by hand).
    expect(autoProgressLine({ ...final, refitEpochs: 1, refitEpochsPerTask: { a: 1 } })).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model on every non-test row for 1 epoch",
    );
    expect(
      autoProgressLine({ ...final, refitEpochs: 41, refitEpochsPerTask: { species: 41, sex: 41 } }),
    ).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model on every non-test row for 41 epochs",
    );
    expect(
      autoProgressLine({ ...final, refitEpochs: 70, refitEpochsPerTask: { species: 70, sex: 41 } }),
    ).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model on every non-test row for each task its own number of epochs (species 70, sex 41)",
    );
    // The final training's estimate, beyond the budget: tenths below 10 s, whole seconds above.
    expect(autoProgressLine({ ...final, finalSeconds: 0.43 })).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model (about 0.4 s more, beyond the budget)",
    );
    expect(autoProgressLine({ ...final, finalSeconds: 12.6 })).toBe(
      "auto: search done, 4 configurations tried in 20 s; training the chosen configuration (trial 3) as the run's model (about 13 s more, beyond the budget)",
    );
  });
});

describe("Auto's final row note", () => {
  // The sentences are the CLI's own wording, written out here by hand.
  const search = (final: AutoSearch['final']) =>
    ({ chosenTrial: 7, final }) as unknown as AutoSearch;
  it('says a refitted final model trained on every non-test row, not held out', () => {
    const note = finalNote(
      search({ epochs: 1, bestEpoch: 1, score: 0.5, perTask: {}, refitEpochs: 1 }),
      3,
    );
    expect(note).toContain(
      "trained again as run 3 on every non-test row (the split's training and validation rows) for 1 epoch,",
    );
    expect(note).toContain('not held out');
  });
  it('says an early-stopped final model trained on the training rows', () => {
    const note = finalNote(search({ epochs: 40, bestEpoch: 20, score: 0.5, perTask: {} }), 3);
    expect(note).toBe(
      "the chosen configuration (trial 7) trained again as run 3 on the split's training rows, early stopping on its validation rows: its own epochs, best epoch and validation F1.",
    );
  });
});

describe('hidden layers in the CLI', () => {
  it('prints widths comma-separated and no hidden layer as a linear model', () => {
    expect(hiddenText([64, 32])).toBe('64,32');
    expect(hiddenText([])).toBe('none (linear)');
  });
});
