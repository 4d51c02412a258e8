/**
 * The renderer's pure training helpers, from Node: the live-epoch buffer that keeps a fast run
 * from freezing the window, the Train form's field rules, the task-weights chart and its equal
 * caption (which names PCGrad as a gradient method, not "equal weighting") and the backend
 * words in both languages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../src/shared/domain';
import {
  createThrottle,
  EPOCH_FLUSH_MS,
  insertEpoch,
  mergeEpochs,
} from '../../src/renderer/src/stores/epochBuffer';
import { i18n } from '../../src/renderer/src/i18n';
import {
  constantWeightsCaption,
  equalTaskWeight,
  taskWeightsChart,
  taskWeightsNeedLog,
} from '../../src/renderer/src/components/epochCharts';
import { backendLabel, backendLine } from '../../src/renderer/src/components/methodLabels';
import { formatBackend, parseBackend } from '../../src/shared/backendText';
import {
  configFields,
  fieldApplies,
  numberProblem,
} from '../../src/renderer/src/components/configForm';

const record = (epoch: number, taskWeights?: Record<string, number>): EpochRecord =>
  ({ epoch, tasks: {}, taskWeights }) as unknown as EpochRecord;

describe('live epochs', () => {
  afterEach(() => vi.useRealTimers());

  it('appends in place, inserts out-of-order records at their place, drops duplicates', () => {
    const list: EpochRecord[] = [];
    expect(insertEpoch(list, record(1))).toBe(true);
    expect(insertEpoch(list, record(2))).toBe(true);
    const kept = list;
    expect(insertEpoch(list, record(4))).toBe(true);
    expect(insertEpoch(list, record(3))).toBe(true);
    expect(insertEpoch(list, record(3))).toBe(false);
    expect(insertEpoch(list, record(1))).toBe(false);
    expect(list).toBe(kept); // no copy per event
    expect(list.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('merges stored and live epochs, one per epoch, sorted', () => {
    const live = [record(3), record(4)];
    const merged = mergeEpochs([record(1), record(2), record(3)], live);
    expect(merged.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(merged[2]).toBe(live[0]);
  });

  it('redraws at most once per window however many epochs arrive', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const throttle = createThrottle(flush, EPOCH_FLUSH_MS);
    // 400 events a second for one second.
    for (let i = 0; i < 400; i++) {
      throttle.schedule();
      vi.advanceTimersByTime(2.5);
    }
    vi.advanceTimersByTime(EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(flush.mock.calls.length).toBeLessThanOrEqual(Math.ceil(1000 / EPOCH_FLUSH_MS) + 1);
    expect(EPOCH_FLUSH_MS).toBeGreaterThanOrEqual(100);
    // Nothing pending: no extra flush; flushNow runs at once and cancels the scheduled one.
    const before = flush.mock.calls.length;
    vi.advanceTimersByTime(5 * EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBe(before);
    throttle.schedule();
    expect(throttle.pending).toBe(true);
    throttle.flushNow();
    expect(throttle.pending).toBe(false);
    vi.advanceTimersByTime(5 * EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBe(before + 1);
  });
});

describe('the Train form', () => {
  it('shows the experts only to the architectures that have them', () => {
    for (const arch of ['single-task', 'hard-sharing', 'cross-stitch']) {
      for (const f of ['numExperts', 'expertUnits', 'numLevels', 'specificExperts'])
        expect(fieldApplies(f, arch), `${f} ${arch}`).toBe(false);
    }
    expect(fieldApplies('numExperts', 'mmoe')).toBe(true);
    expect(fieldApplies('expertUnits', 'mmoe')).toBe(true);
    expect(fieldApplies('numLevels', 'mmoe')).toBe(false);
    expect(fieldApplies('specificExperts', 'ple')).toBe(true);
    expect(fieldApplies('dropout', 'single-task')).toBe(true);
    // Hidden layers are the shared trunk's (or each single-task network's): MMoE and PLE read
    // the features through their experts (expertUnits) instead; by the config fields each of
    // src/main/engine/architectures/*.ts reads.
    for (const arch of ['single-task', 'hard-sharing', 'cross-stitch'])
      expect(fieldApplies('hiddenUnits', arch), arch).toBe(true);
    for (const arch of ['mmoe', 'ple']) expect(fieldApplies('hiddenUnits', arch), arch).toBe(false);
    // The CNN trunk's fields show for images only; the trunk itself always (read-only there).
    for (const f of ['convFilters', 'convKernel', 'augmentFlip', 'augmentShift']) {
      expect(fieldApplies(f, 'hard-sharing'), f).toBe(false);
      expect(fieldApplies(f, 'hard-sharing', 'cnn'), f).toBe(true);
    }
    expect(fieldApplies('trunk', 'mmoe')).toBe(true);
    expect(fieldApplies('numExperts', 'mmoe', 'cnn')).toBe(true);
    expect(fieldApplies('numExperts', 'hard-sharing', 'cnn')).toBe(false);
  });

  it('asks for a value when a number field is empty, and checks its range', () => {
    const [epochs] = configFields({
      properties: { epochs: { type: 'integer', minimum: 1, maximum: 5000 } },
    });
    if (epochs.kind !== 'number') throw new Error('epochs is a number field');
    expect(numberProblem(epochs, '')).toBe('required');
    expect(numberProblem(epochs, undefined)).toBe('required');
    expect(numberProblem(epochs, 'abc')).toBe('required');
    expect(numberProblem(epochs, 0)).toBe('range');
    expect(numberProblem(epochs, 2.5)).toBe('range');
    expect(numberProblem(epochs, 6000)).toBe('range');
    expect(numberProblem(epochs, 30)).toBeNull();
  });
});

describe('task weights chart', () => {
  it('says "equal" only when every task weighs the same at every epoch', () => {
    const tasks = ['a', 'b'];
    expect(equalTaskWeight([record(1, { a: 1, b: 1 }), record(2, { a: 1, b: 1 })], tasks)).toBe(1);
    expect(equalTaskWeight([record(1, { a: 1, b: 1 }), record(2, { a: 1.2, b: 0.8 })], tasks)).toBe(
      null,
    );
    expect(equalTaskWeight([record(1, { a: 0.5, b: 0.5 }), record(2)], tasks)).toBe(0.5);
    expect(equalTaskWeight([record(1), record(2)], tasks)).toBeNull();
    expect(equalTaskWeight([record(1, { a: 1 })], tasks)).toBeNull();
  });

  it('draws weights spanning more than 100× on a log axis, others on a linear one', () => {
    const tasks = ['a', 'b'];
    const t = (key: string) => key;
    const yAxis = (epochs: EpochRecord[]) =>
      (taskWeightsChart(epochs, tasks, t) as { yAxis: { type: string; name: string } }).yAxis;
    // Uncertainty weighting as seen on penguins: one task's 1/(2σ²) runs to 15 000.
    const wide = [record(1, { a: 0.5, b: 0.6 }), record(2, { a: 15_000, b: 0.7 })];
    expect(taskWeightsNeedLog(wide, tasks)).toBe(true);
    expect(yAxis(wide)).toMatchObject({ type: 'log', name: 'train.weightLog' });
    // 0.5 … 50 is exactly 100×: still linear; a zero weight cannot go on a log axis.
    const narrow = [record(1, { a: 0.5, b: 50 })];
    expect(taskWeightsNeedLog(narrow, tasks)).toBe(false);
    expect(yAxis(narrow)).toMatchObject({ type: 'value', name: 'train.weight' });
    expect(
      taskWeightsNeedLog([record(1, { a: 0, b: 15_000 }), record(2, { a: 1, b: 1 })], tasks),
    ).toBe(false);
    expect(taskWeightsNeedLog([record(1), record(2)], tasks)).toBe(false);
  });
});

describe('the caption of constant task weights', () => {
  const { t } = i18n.global;
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('says "equal weighting" for equal weighting only; PCGrad is named as gradient surgery', () => {
    // Expected texts: the messages of src/renderer/src/i18n/training.ts, written out here.
    expect(constantWeightsCaption('equal', 1, t)).toBe(
      'Task weights: every task’s loss weighs 1 at every epoch (equal weighting), so there is no curve to draw.',
    );
    const pcgrad = constantWeightsCaption('pcgrad', 1, t);
    expect(pcgrad).toContain('PCGrad (gradient surgery)');
    expect(pcgrad).toContain('projects each task’s gradient');
    expect(pcgrad).not.toContain('equal weighting');
    // Static weights that happen to be all equal are static weights.
    expect(constantWeightsCaption('static', 2, t)).toContain(
      'weighs 2 at every epoch (static weights)',
    );
    // A GradNorm run whose weights have not moved yet (one epoch) is not "equal weighting".
    expect(constantWeightsCaption('gradnorm', 1, t)).toContain(
      '(GradNorm, gradient normalisation)',
    );
    // Runs stored before loss weightings existed trained with equal weights.
    expect(constantWeightsCaption(undefined, 0.33333, t)).toContain(
      'weighs 0.3333 at every epoch (equal weighting)',
    );
  });

  it('names the method in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(constantWeightsCaption('equal', 1, t)).toBe(
      '任务权重：每一轮中每个任务的损失权重都是 1（等权），因此无需绘制曲线。',
    );
    const pcgrad = constantWeightsCaption('pcgrad', 1, t);
    expect(pcgrad).toContain('PCGrad（梯度手术）');
    expect(pcgrad).not.toContain('等权');
  });
});

describe('backend words', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  // Texts as runs stored them before shared/backendText.ts (engine/backend.ts + job.ts wrote
  // them with template strings): the parser must read every one of them.
  const STORED = [
    'wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel',
    'wasm (WebAssembly, multi-threaded) · tfjs-core 4.22.0',
    'tensorflow (libtensorflow (CPU)) · tfjs-core 4.22.0',
    'tensorflow-gpu (libtensorflow with CUDA) · tfjs-core 4.22.0',
    'cpu (plain JavaScript) · tfjs-core 4.22.0 · fused kernel',
    // A CNN on the kernel's relaxed-SIMD build (fused-fma.wasm): found in review, the same
    // seed gave other floats in Electron than in the CLI on Node 20 under one text.
    'wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel (FMA)',
  ];

  it('reads the parts of every stored form and writes the same text back', () => {
    expect(parseBackend(STORED[0])).toEqual({
      name: 'wasm',
      simd: true,
      threads: false,
      tfjsCore: '4.22.0',
      fusedKernel: true,
    });
    expect(parseBackend(STORED[5])).toEqual({
      name: 'wasm',
      simd: true,
      threads: false,
      tfjsCore: '4.22.0',
      fusedKernel: true,
      fusedMultiplyAdd: true,
    });
    expect(parseBackend(STORED[2])).toEqual({
      name: 'tensorflow',
      tfjsCore: '4.22.0',
      fusedKernel: false,
    });
    for (const text of STORED) expect(formatBackend(parseBackend(text)!)).toBe(text);
    // Anything else is shown as it is.
    expect(parseBackend('webgpu (something new)')).toBeNull();
    expect(parseBackend('wasm (WebAssembly, 3 threads)')).toBeNull();
    expect(parseBackend('cpu (fast JavaScript)')).toBeNull();
    expect(parseBackend(null)).toBeNull();
  });

  it('words the backend in the UI language, and an unknown one as it is', () => {
    // English: the stored text itself, whichever backend.
    for (const text of STORED)
      expect(backendLabel({ backend: text, backendDetails: parseBackend(text) })).toBe(text);
    const run = { backend: STORED[0], backendDetails: parseBackend(STORED[0]) };
    i18n.global.locale.value = 'zh-CN';
    expect(backendLabel(run)).toBe(
      'wasm（WebAssembly SIMD，单线程） · tfjs-core 4.22.0 · 融合内核',
    );
    expect(backendLabel({ backend: STORED[1], backendDetails: parseBackend(STORED[1]) })).toBe(
      'wasm（WebAssembly，多线程） · tfjs-core 4.22.0',
    );
    expect(backendLabel({ backend: STORED[2], backendDetails: parseBackend(STORED[2]) })).toBe(
      'tensorflow（libtensorflow，CPU） · tfjs-core 4.22.0',
    );
    expect(backendLabel({ backend: STORED[5], backendDetails: parseBackend(STORED[5]) })).toBe(
      'wasm（WebAssembly SIMD，单线程） · tfjs-core 4.22.0 · 融合内核（FMA）',
    );
    expect(backendLabel({ backend: 'webgpu (new)', backendDetails: null })).toBe('webgpu (new)');
    expect(backendLabel({ backend: null })).toBeNull();
  });

  it('says "starting…" only of a run that may still start, never of an ended one', () => {
    // Found by a new-user pass: a cancelled Auto fold run kept "Backend: starting…".
    const none = { backend: null, backendDetails: null };
    for (const status of ['queued', 'running'] as const)
      expect(backendLine({ ...none, status })).toBe('Backend: starting…');
    for (const status of ['cancelled', 'failed', 'interrupted', 'completed'] as const)
      expect(backendLine({ ...none, status })).toBeNull();
    const known = { backend: STORED[0], backendDetails: parseBackend(STORED[0]) };
    expect(backendLine({ ...known, status: 'cancelled' })).toBe(`Backend: ${STORED[0]}`);
  });
});
