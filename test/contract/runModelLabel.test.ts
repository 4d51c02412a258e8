/**
 * The Label view's model picker names each run like the rest of the studio. Found by a new
 * user: in 简体中文 the picker listed "#2 · mmoe" and "#1 · single-task" — the engine's raw
 * ids, untranslated — while Train, Compare and Predict said "MMoE · 等权" and "单任务（基线）".
 * Expected texts: the studio's own translations (src/renderer/src/i18n/training.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  hiddenLabel,
  networkHeader,
  networkLabel,
  runMethodLabel,
  runModelLabel,
} from '../../src/renderer/src/components/methodLabels';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('Label view model picker', () => {
  it('names a run by its id and translated method, in English and Chinese', () => {
    const mmoe = { id: 2, config: { arch: 'mmoe', weighting: 'equal' } } as const;
    const single = { id: 1, config: { arch: 'single-task', weighting: 'equal' } } as const;
    i18n.global.locale.value = 'en';
    expect(runModelLabel(mmoe)).toBe('#2 · MMoE · Equal');
    expect(runModelLabel(single)).toBe('#1 · Single-task (baseline)');
    i18n.global.locale.value = 'zh-CN';
    expect(runModelLabel(mmoe)).toBe('#2 · MMoE · 等权');
    expect(runModelLabel(single)).toBe('#1 · 单任务（基线）');
  });

  it('names an Auto run as Auto: with its choice once completed, with its status before', () => {
    // Found by a new user: a cancelled Auto run was listed as "Hard sharing · Equal" (the
    // base configuration it started from) in Train and Compare. Expected texts: the
    // messages of train.autoRunChosen / autoRunUnfinished and status.* (i18n/training.ts).
    const base = { arch: 'hard-sharing', weighting: 'equal' } as const;
    const cancelled = { config: base, auto: true, status: 'cancelled' } as const;
    const chosen = {
      config: { arch: 'mmoe', weighting: 'equal' },
      auto: true,
      status: 'completed',
    } as const;
    i18n.global.locale.value = 'en';
    expect(runMethodLabel(cancelled)).toBe('Auto (cancelled)');
    expect(runMethodLabel(chosen)).toBe('Auto → MMoE · Equal');
    expect(runMethodLabel({ config: base, status: 'cancelled' })).toBe(
      'Hard parameter sharing · Equal',
    );
    expect(runModelLabel({ id: 4, ...chosen })).toBe('#4 · Auto → MMoE · Equal');
    i18n.global.locale.value = 'zh-CN';
    expect(runMethodLabel(cancelled)).toBe('自动（已取消）');
    expect(runMethodLabel(chosen)).toBe('自动 → MMoE · 等权');
  });

  it('names a paused Auto run as paused, as its status badge, not "running"', () => {
    // Found by a new user: a paused Auto run was titled "Auto (running)" beside the badge
    // "paused". The pages pass the status they show (paused: running and in pausedRuns).
    const running = {
      config: { arch: 'hard-sharing', weighting: 'equal' },
      auto: true,
      status: 'running',
    } as const;
    i18n.global.locale.value = 'en';
    expect(runMethodLabel(running)).toBe('Auto (running)');
    expect(runMethodLabel(running, 'paused')).toBe('Auto (paused)');
    i18n.global.locale.value = 'zh-CN';
    expect(runMethodLabel(running, 'paused')).toBe('自动（已暂停）');
  });

  it('names no hidden layer (a linear model) in words, not as an empty cell', () => {
    // A run typed with an empty "Hidden layers" field (configForm parseList('') → []) trains
    // heads on the inputs directly; its trial table cell was empty. Expected texts: the
    // messages of train.hiddenNone (i18n/training.ts).
    i18n.global.locale.value = 'en';
    expect(hiddenLabel([64, 32])).toBe('64, 32');
    expect(hiddenLabel([])).toBe('none (linear)');
    i18n.global.locale.value = 'zh-CN';
    expect(hiddenLabel([])).toBe('无（线性模型）');
  });
});

describe("Auto's trial tables on images", () => {
  it('name the CNN trunk and the dense layers after it, in English and Chinese', () => {
    // Expected texts: train.cnnNetwork / cnnNetworkHeader / cnnDenseNone (i18n/training.ts)
    // filled by hand with filters [16, 32, 64], kernel 3 and dense layers [128, 64].
    const cnn = {
      trunk: 'cnn' as const,
      convFilters: [16, 32, 64],
      convKernel: 3,
      hiddenUnits: [128, 64],
    };
    const mlp = { ...cnn, trunk: 'mlp' as const };
    i18n.global.locale.value = 'en';
    expect(networkLabel(cnn)).toBe('Conv 16/32/64 (3×3) → dense 128, 64');
    expect(networkLabel({ ...cnn, hiddenUnits: [] })).toBe('Conv 16/32/64 (3×3) → dense none');
    expect(networkHeader([mlp, cnn])).toBe('CNN trunk → dense layers');
    // Tables keep the hidden layers' wording.
    expect(networkLabel(mlp)).toBe('128, 64');
    expect(networkHeader([mlp])).toBe('Hidden layers');
    i18n.global.locale.value = 'zh-CN';
    expect(networkLabel(cnn)).toBe('卷积 16/32/64（3×3）→ 全连接 128, 64');
    expect(networkHeader([cnn])).toBe('CNN 主干 → 全连接层');
  });
});
