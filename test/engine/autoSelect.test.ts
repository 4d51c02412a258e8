/**
 * Auto: the search reads no test row (every cell read is recorded by instrumenting the job's
 * data source), chooses by validation only, and reports what it tried.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { finalScores, runAutoJob } from '../../src/main/engine/autoJob';
import { searchConfiguration } from '../../src/main/engine/autoSelect';
import { asNormalRun, defaultCandidates, drawConfiguration } from '../../src/main/engine/autoSpace';
import { hyperbandSchedule } from '../../src/main/engine/hyperband';
import { selectBackend } from '../../src/main/engine/backend';
import { mulberry32 } from '../../src/main/engine/random';
import { finalTrainingSeconds } from '../../src/shared/autoBudget';
import { DEFAULT_TRAIN_CONFIG, type AutoProgress, type SplitName } from '../../src/shared/domain';
import { job } from './autoJobFixture';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('Auto', () => {
  it('never reads a test row before its search is over, then scores the chosen model on test', async () => {
    const reads: { row: number; phase: string }[] = [];
    let phase = 'search';
    const input = job(reads, () => phase);
    const trials: number[] = [];
    const events: AutoProgress[] = [];
    // The budget's clock advances 5 ms each time it is read (the trainer reads it once an
    // epoch): what the 4 s budget lets in is the same on a loaded machine (a real clock cut
    // the second default short on a CI run beside other jobs).
    let ticks = 0;
    const result = await runAutoJob(input, {
      onAutoProgress: (p) => {
        events.push(p);
        if (p.trial) trials.push(p.trial.id);
      },
      onSearchDone: () => (phase = 'final'),
      now: () => 5 * ticks++,
    });
    const isTest = (row: number) => input.assignment[row] === 'test';
    const searchReads = reads.filter((x) => x.phase === 'search');
    expect(searchReads.length).toBeGreaterThan(0);
    // The search read every non-test row and no test row.
    expect(searchReads.filter((x) => isTest(x.row))).toEqual([]);
    expect(new Set(searchReads.map((x) => x.row)).size).toBe(192);
    // The final phase does read the test rows (to score them).
    expect(reads.some((x) => x.phase === 'final' && isTest(x.row))).toBe(true);

    const search = result.search!;
    expect(search.selection).toBe('inner-folds');
    expect(search.trials.length).toBe(trials.length);
    expect(search.trials.length).toBeGreaterThanOrEqual(2);
    // Progress: phases in order, one event per trial (ids 1, 2, … as in the table) counting
    // the trials done and the best score so far, then 'final' naming the chosen trial.
    const order = ['defaults', 'search', 'finalist', 'final'];
    const phases = events.map((e) => order.indexOf(e.phase));
    expect(phases).toEqual([...phases].sort((x, y) => x - y));
    expect(events[0]).toMatchObject({ phase: 'defaults', trialsDone: 0, bestScore: null });
    expect(trials).toEqual(search.trials.map((t) => t.id));
    let best = -Infinity;
    for (const e of events.filter((x) => x.trial)) {
      best = Math.max(best, e.trial!.score);
      expect(e.trialsDone).toBe(e.trial!.id);
      expect(e.trial).toEqual(search.trials[e.trial!.id - 1]);
      expect(e.bestScore).toBe(best);
      expect(e.budgetSeconds).toBe(4);
    }
    expect(events.at(-1)).toEqual({
      phase: 'final',
      trialsDone: search.trials.length,
      bestScore: best,
      elapsedSeconds: search.seconds,
      budgetSeconds: 4,
      chosenTrial: search.chosenTrial,
      refitEpochs: Math.max(
        ...Object.values(search.trials[search.chosenTrial - 1].bestEpochPerTask!),
      ),
      refitEpochsPerTask: search.trials[search.chosenTrial - 1].bestEpochPerTask,
      // The refit's estimate beyond the budget (its arithmetic by hand in
      // test/contract/autoBudget.test.ts).
      finalSeconds: finalTrainingSeconds(
        search,
        Math.max(...Object.values(search.trials[search.chosenTrial - 1].bestEpochPerTask!)),
        false,
      ),
    });
    // The studio's defaults come first, trained like a normal run (epoch cap 500, patience,
    // reduce-on-plateau), hard sharing then single-task.
    const base = input.config;
    expect(search.trials[0].full).toBe(true);
    expect(search.trials[0].config).toEqual({ ...base, arch: 'hard-sharing' });
    expect(search.trials[1].full).toBe(true);
    expect(search.trials[1].config).toEqual({ ...base, arch: 'single-task' });
    // Chosen by validation score among the runs trained like a normal run.
    const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
    expect(chosen.full).toBe(true);
    for (const t of search.trials.filter((x) => x.full))
      expect(chosen.score).toBeGreaterThanOrEqual(t.score);
    expect(search.chosen).toEqual(chosen.config);
    expect(search.chosen.epochs).toBe(500);
    expect(search.chosen.lrSchedule).toBe('plateau');
    expect(result.topology.config.arch).toBe(chosen.config.arch);
    // Inner folds (192 labelled non-test rows, below 2 000): the final model refits on all
    // 192 non-test rows for the chosen run's restored epoch averaged over the inner folds
    // (its bestEpoch), no early stopping nor schedule, its last epoch kept — not early
    // stopping on the 42 validation rows.
    // Each task for its own restored epoch averaged over the inner folds (a shared network's
    // tasks share one), the run as long as the longest.
    // (Consistency with the trial record only: autoRefitEpochs.test.ts recomputes these counts
    // independently from the trainer's own inner-fold outcomes.)
    expect(chosen.stoppedForTime).toBeUndefined();
    const perTask = chosen.bestEpochPerTask!;
    expect(Object.keys(perTask)).toEqual(['a', 'b']);
    const refit = Math.max(perTask.a, perTask.b);
    expect(search.final!.refitEpochs).toBe(refit);
    expect(search.final!.refitEpochsPerTask).toEqual(perTask);
    expect(result.epochs.length).toBe(refit);
    expect(result.bestEpochPerTask).toEqual(perTask);
    const { patienceScaledFrom: _scaled, ...unscaled } = chosen.config;
    expect(result.topology.config).toEqual({
      ...unscaled,
      epochs: refit,
      patience: 0,
      patienceSteps: 0,
      lrSchedule: 'none',
    });
    // Its score is the mean of its inner folds' scores.
    expect(chosen.foldScores).toHaveLength(3);
    expect(chosen.score).toBeCloseTo(chosen.foldScores!.reduce((a, b) => a + b, 0) / 3, 12);
    // Fitted on every non-test row: the preprocessing's statistics are those of the 192
    // rows, not of the 150 training rows (x1's mean computed here by hand from the data).
    const x1 = Array.from({ length: 240 }, (_, i) => input.inputs[0].values[i] as number);
    const meanOf = (rows: number[]) => rows.reduce((a, r) => a + x1[r], 0) / rows.length;
    const rowsOf = (...names: SplitName[]) =>
      input.assignment.flatMap((s, i) => (names.includes(s) ? [i] : []));
    const encoder = result.preprocessing.encoders.find((e) => e.column === 'x1');
    expect(encoder?.kind === 'numeric' && encoder.mean).toBeCloseTo(
      meanOf(rowsOf('train', 'validation')),
      10,
    );
    expect(
      Math.abs(meanOf(rowsOf('train', 'validation')) - meanOf(rowsOf('train'))),
    ).toBeGreaterThan(1e-6);
    // … nor of all 240 rows: no test row is in the preprocessing fit (the two means differ
    // on this data, so a fit including the 48 test rows would fail the check above).
    expect(
      Math.abs(
        meanOf(rowsOf('train', 'validation')) - meanOf(rowsOf('train', 'validation', 'test')),
      ),
    ).toBeGreaterThan(1e-6);
    // Test scores of the chosen model only; the tasks are easy (chance ≈ 0.5).
    expect(Object.keys(result.results)).toEqual(['a', 'b']);
    expect(result.results.a.n).toBe(48);
    expect(result.results.a.macroF1).toBeGreaterThan(0.8);
    // Found by a new user: the table showed the chosen trial's best epoch (inner folds), not
    // the run's. The search now carries the final model's own numbers, read back here from
    // the run's epoch records at its kept epoch(s).
    const final = search.final!;
    expect(final.bestEpoch).toBe(result.bestEpoch);
    expect(final.epochs).toBe(result.epochs.length);
    const kept = (task: string) => result.bestEpochPerTask?.[task] ?? result.bestEpoch;
    for (const task of ['a', 'b'])
      expect(final.perTask[task]).toBe(
        result.epochs[kept(task) - 1].tasks[task]?.valMacroF1 ?? Number.NaN,
      );
    expect(final.score).toBeCloseTo((final.perTask.a + final.perTask.b) / 2, 12);
  });

  it("scores the final model at each task's kept epoch (single-task keeps its own)", () => {
    // Hand-made records: task a kept epoch 2 (F1 0.8), task b epoch 3 (F1 0.6); the run's best
    // epoch is the latest, 3; mean (0.8 + 0.6) / 2 = 0.7.
    const record = (epoch: number, a: number, b: number) => ({
      epoch,
      trainLoss: 1,
      valLoss: 1,
      seconds: 0,
      tasks: {
        a: { trainLoss: 1, valLoss: 1, valAccuracy: a, valMacroF1: a },
        b: { trainLoss: 1, valLoss: 1, valAccuracy: b, valMacroF1: b },
      },
    });
    const final = finalScores(
      {
        epochs: [
          record(1, 0.5, 0.4),
          record(2, 0.8, 0.5),
          record(3, 0.7, 0.6),
          record(4, 0.6, 0.5),
        ],
        bestEpoch: 3,
        bestEpochPerTask: { a: 2, b: 3 },
      },
      ['a', 'b'],
    );
    expect(final).toMatchObject({ epochs: 4, bestEpoch: 3, perTask: { a: 0.8, b: 0.6 } });
    expect(final.score).toBeCloseTo(0.7, 12);
  });

  it('draws configurations over the whole space, seeded', () => {
    const draw = (seed: number) => {
      const r = mulberry32(seed);
      return Array.from({ length: 40 }, () => drawConfiguration(r, DEFAULT_TRAIN_CONFIG, 3));
    };
    const configs = draw(1);
    expect(draw(1)).toEqual(configs);
    expect(new Set(configs.map((c) => c.arch))).toEqual(
      new Set(['single-task', 'hard-sharing', 'mmoe', 'ple']),
    );
    expect(new Set(configs.map((c) => c.classWeights)).size).toBe(2);
    // Every trunk of the space, up to three layers and 512 units, is drawn.
    expect(new Set(configs.map((c) => c.hiddenUnits.join(',')))).toEqual(
      new Set(['64', '128', '64,32', '128,64', '256,128', '256,256,128', '512,256']),
    );
    for (const c of configs) {
      expect(c.learningRate).toBeGreaterThanOrEqual(3e-4);
      expect(c.learningRate).toBeLessThanOrEqual(2e-2);
    }
    const r = mulberry32(3);
    expect(drawConfiguration(r, DEFAULT_TRAIN_CONFIG, 1).arch).toBe('single-task');
  });

  // Expected numbers computed by hand from Hyperband (Li et al., JMLR 2018, Algorithm 1)
  // with η = 3, s_max = 2, R = 27 epochs: bracket s has n = ⌈3/(s + 1) · 3^s⌉ configurations
  // at r = 27 · 3^−s epochs, rung i keeps ⌊n · 3^−i⌋ of them for r · 3^i epochs:
  //   s = 2: n = ⌈1 · 9⌉ = 9 at 3 epochs, ⌊9/3⌋ = 3 at 9, ⌊9/9⌋ = 1 at 27 (9 + 3 + 1 = 13)
  //   s = 1: n = ⌈1.5 · 3⌉ = 5 at 9 epochs, ⌊5/3⌋ = 1 at 27               (5 + 1 = 6)
  //   s = 0: n = ⌈3 · 1⌉ = 3 at 27 epochs                                    (3)
  it('plans the Hyperband brackets of a sweep, most exploratory first', () => {
    const rungs = (b: number) =>
      hyperbandSchedule(b, 27).map((x) => x.rungs.map((r) => [r.configs, r.epochs]));
    expect(rungs(1)).toEqual([
      [
        [9, 3],
        [3, 9],
        [1, 27],
      ],
    ]);
    expect(rungs(3)).toEqual([
      [
        [9, 3],
        [3, 9],
        [1, 27],
      ],
      [
        [5, 9],
        [1, 27],
      ],
      [[3, 27]],
    ]);
    expect(hyperbandSchedule(2, 27).map((x) => x.s)).toEqual([2, 1]);
    // R = 300 (the cap): 300/9 = 33.3 → 33, 300/3 = 100.
    expect(hyperbandSchedule(1, 300)[0].rungs.map((r) => r.epochs)).toEqual([33, 100, 300]);
    expect(() => hyperbandSchedule(4, 27)).toThrow(/from 1 to 3, got 4/);
    expect(() => hyperbandSchedule(0, 27)).toThrow(/from 1 to 3, got 0/);
    expect(() => hyperbandSchedule(1.5, 27)).toThrow(/from 1 to 3, got 1.5/);
  });

  // Under a small epoch cap R the rungs stay within R and never shrink: R = 5: 5/9 → 3 (the
  // floor of 3), 5/3 = 1.7 → 2 raised to 3, 5; R = 2: the floor 3 capped at 2, then 2, 2.
  it('keeps every rung within a small epoch cap, no rung shorter than the one before', () => {
    const epochs = (r: number) => hyperbandSchedule(1, r)[0].rungs.map((x) => x.epochs);
    expect(epochs(5)).toEqual([3, 3, 5]);
    expect(epochs(2)).toEqual([2, 2, 2]);
    expect(epochs(1)).toEqual([1, 1, 1]);
    expect(epochs(12)).toEqual([3, 4, 12]);
  });

  it("caps every trial at the base's epochs (the user's --epochs), as the final model", async () => {
    // Found by a new user: `train --arch auto --epochs 5` ran 32-epoch search trials, then
    // trained the winner for at most 5. R is min(--epochs, the step-based default).
    const r = mulberry32(13);
    const m = 60;
    const features = new Float32Array(m * 2);
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const u = r() * 2 - 1;
      const v = r() * 2 - 1;
      features[2 * i] = u;
      features[2 * i + 1] = v;
      a[i] = u > 0 ? 1 : 0;
      b[i] = u + v > 0 ? 1 : 0;
    }
    const base = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, hiddenUnits: [8], epochs: 4 };
    const search = await searchConfiguration(
      {
        features,
        numFeatures: 2,
        labels: [a, b],
        train: Int32Array.from({ length: 48 }, (_, i) => i),
        validation: Int32Array.from({ length: 12 }, (_, i) => 48 + i),
      },
      {
        tasks: [
          { name: 'a', classes: ['0', '1'] },
          { name: 'b', classes: ['0', '1'] },
        ],
        base,
        budgetSeconds: 86_400,
        seed: 3,
        maxSweeps: 1,
      },
    );
    const searched = search.trials.filter((t) => !t.full);
    // R = 4: rungs 3 (9 configurations), 4/3 → 1 raised to 3 (3), 4 (1). The second rung is
    // as long as the first: its 3 configurations were scored at 3 epochs already, so they are
    // promoted without training again (a new user saw `--epochs 3` train each promoted
    // configuration two more times for the same score): 9 trials of 3 epochs, then 1 of 4.
    expect(searched.map((t) => t.epochs)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 4]);
    // The 4-epoch trial is the best of the nine (the 3 promoted, then the best of those).
    const nine = searched.slice(0, 9);
    const best = nine.reduce((x, y) => (y.score > x.score ? y : x));
    expect(searched[9].config).toEqual(best.config);
    // No configuration trained twice at one length.
    const seen = searched.map((t) => `${t.epochs}:${JSON.stringify(t.config)}`);
    expect(new Set(seen).size).toBe(seen.length);
    for (const t of search.trials) {
      expect(t.epochs).toBeLessThanOrEqual(4);
      expect(t.bestEpoch).toBeLessThanOrEqual(4);
    }
    expect(search.chosen.epochs).toBe(4);
  });

  it('runs 9+3+1, 5+1 and 3 trials in one sweep of 3 brackets, promoting the best of each rung', async () => {
    const events: AutoProgress[] = [];
    // 60 rows, two tasks (a = x1 > 0, b = x1 + x2 > 0), every row labelled; a day of budget
    // and one sweep, so the trial count depends on the schedule only.
    const r = mulberry32(11);
    const m = 60;
    const features = new Float32Array(m * 2);
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const u = r() * 2 - 1;
      const v = r() * 2 - 1;
      features[2 * i] = u;
      features[2 * i + 1] = v;
      a[i] = u > 0 ? 1 : 0;
      b[i] = u + v > 0 ? 1 : 0;
    }
    // The runs like a normal run (the two defaults and the finalist) stop at 60 epochs, not
    // the default 500 (most of this test's time, and nothing it checks): 60 stays above the
    // search's 27-epoch cap, so the finalist's epochs still tell the base's cap from its
    // trial's, and the schedule (maxEpochs = min(base epochs, 27) = 27) is the same.
    const base = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, hiddenUnits: [8], epochs: 60 };
    const search = await searchConfiguration(
      {
        features,
        numFeatures: 2,
        labels: [a, b],
        train: Int32Array.from({ length: 48 }, (_, i) => i),
        validation: Int32Array.from({ length: 12 }, (_, i) => 48 + i),
      },
      {
        tasks: [
          { name: 'a', classes: ['0', '1'] },
          { name: 'b', classes: ['0', '1'] },
        ],
        base,
        budgetSeconds: 86_400,
        seed: 3,
        brackets: 3,
        maxSweeps: 1,
        maxEpochs: 27,
        onAutoProgress: (p) => events.push(p),
      },
    );
    expect(search.brackets).toBe(3);
    // Progress, in order, against the trial table (by hand from the schedule): the defaults'
    // phase and its 2 trials, the search's phase and its 22 trials — bracket 1 rungs 1 (9),
    // 2 (3), 3 (1); bracket 2 rungs 1 (5), 2 (1); bracket 3 rung 1 (3), all in sweep 1 — then
    // the finalist's phase and its trial.
    const place = (bracket: number, rung: number, n: number) =>
      Array.from({ length: n }, () => `search ${bracket}.${rung}`);
    expect(
      events.map((e) =>
        !e.trial
          ? `start ${e.phase}`
          : e.phase === 'search'
            ? `search ${e.trial.bracket}.${e.rung}`
            : e.phase,
      ),
    ).toEqual([
      'start defaults',
      'defaults',
      'defaults',
      'start search',
      ...place(1, 1, 9),
      ...place(1, 2, 3),
      ...place(1, 3, 1),
      ...place(2, 1, 5),
      ...place(2, 2, 1),
      ...place(3, 1, 3),
      'start finalist',
      'finalist',
    ]);
    const withTrial = events.filter((e) => e.trial);
    expect(withTrial.map((e) => e.trial)).toEqual(search.trials);
    expect(withTrial.map((e) => e.trialsDone)).toEqual(search.trials.map((t) => t.id));
    expect(events.filter((e) => e.phase === 'search' && e.trial).every((e) => e.sweep === 1)).toBe(
      true,
    );
    // No sweep or rung outside the search phase; the clock never goes back.
    expect(events.filter((e) => e.phase !== 'search').some((e) => 'rung' in e)).toBe(false);
    const clock = events.map((e) => e.elapsedSeconds);
    expect(clock).toEqual([...clock].sort((x, y) => x - y));
    // First the two defaults like a normal run, last the search's finalist like a normal run.
    expect(search.trials.slice(0, 2).map((t) => [t.full, t.config])).toEqual(
      defaultCandidates(base, 2).map((c) => [true, c]),
    );
    const searched = search.trials.filter((t) => !t.full);
    const epochsOf = (bracket: number) =>
      searched.filter((t) => t.bracket === bracket).map((t) => t.epochs);
    expect(epochsOf(1)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 9, 9, 9, 27]);
    expect(epochsOf(2)).toEqual([9, 9, 9, 9, 9, 27]);
    expect(epochsOf(3)).toEqual([27, 27, 27]);
    expect(searched.length).toBe(13 + 6 + 3);
    expect(search.trials.length).toBe(2 + 13 + 6 + 3 + 1);
    // Bracket 1's second rung holds the 3 best of its first rung, in score order.
    const first = searched.slice(0, 9);
    const promoted = [...first].sort((x, y) => y.score - x.score).slice(0, 3);
    expect(searched.slice(9, 12).map((t) => t.config)).toEqual(promoted.map((t) => t.config));
    // Bracket 2's last trial is its best of 5 at 9 epochs.
    const second = searched.slice(13, 18);
    const best = second.reduce((x, y) => (y.score > x.score ? y : x));
    expect(searched[18].config).toEqual(best.config);
    // The finalist: the best-scored of the five 27-epoch trials (1 + 1 + 3), trained again
    // like a normal run (epoch cap, early stopping, schedule of the base).
    const longest = searched.filter((t) => t.epochs === 27);
    expect(longest.length).toBe(5);
    const finalist = longest.reduce((x, y) => (y.score > x.score ? y : x));
    const last = search.trials[search.trials.length - 1];
    expect(last.full).toBe(true);
    expect(last.config).toEqual(asNormalRun(finalist.config, base));
    expect(last.config.epochs).toBe(60);
    // Chosen: the best validation score of the three runs like a normal run.
    const full = search.trials.filter((t) => t.full);
    expect(full.length).toBe(3);
    const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
    expect(chosen.full).toBe(true);
    expect(chosen.score).toBe(Math.max(...full.map((t) => t.score)));
    expect(search.chosen).toEqual(chosen.config);
  });

  it('returns the default configuration, trained like a normal run, when the budget allows only it', async () => {
    const r = mulberry32(12);
    const m = 60;
    const features = new Float32Array(m * 2);
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const u = r() * 2 - 1;
      const v = r() * 2 - 1;
      features[2 * i] = u;
      features[2 * i + 1] = v;
      a[i] = u > 0 ? 1 : 0;
      b[i] = u + v > 0 ? 1 : 0;
    }
    const base = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, hiddenUnits: [8], epochs: 60 };
    const search = await searchConfiguration(
      {
        features,
        numFeatures: 2,
        labels: [a, b],
        train: Int32Array.from({ length: 48 }, (_, i) => i),
        validation: Int32Array.from({ length: 12 }, (_, i) => 48 + i),
      },
      {
        tasks: [
          { name: 'a', classes: ['0', '1'] },
          { name: 'b', classes: ['0', '1'] },
        ],
        base,
        // Spent by the first run: nothing else fits.
        budgetSeconds: 1e-6,
        seed: 3,
      },
    );
    expect(search.trials.length).toBe(1);
    expect(search.trials[0].full).toBe(true);
    expect(search.chosenTrial).toBe(1);
    // The default: hard sharing with the base's epoch cap, patience and schedule untouched.
    expect(search.chosen).toEqual(base);
    expect(search.chosen.arch).toBe('hard-sharing');
  });
});
