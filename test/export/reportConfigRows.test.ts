/**
 * The report's configuration table of an image run lists the CNN trunk's settings (conv
 * filters, kernel, augmentation) — a new user's report of a CNN run showed only the dense
 * "Hidden layers" and no trace of the conv blocks it trained. Expected rows are the
 * configuration values written by hand, in each language.
 */
import { describe, expect, it } from 'vitest';
import { configRows } from '../../src/main/export/report';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { withScaledSchedule } from '../../src/main/engine/schedule';
import { DEFAULT_TRAIN_CONFIG, type RunInfo } from '../../src/shared/domain';
import { en as studioEn, zhCN as studioZh } from '../../src/renderer/src/i18n/trainingConfig';

/** A completed run with the given configuration changes (only `config` is read). */
function runWith(config: Partial<RunInfo['config']>): RunInfo {
  return { config: { ...DEFAULT_TRAIN_CONFIG, ...config } } as RunInfo;
}

/** The table's rows as [heading, value] pairs. */
function rows(html: string): [string, string][] {
  return [...html.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
}

describe('report configuration rows', () => {
  it('lists conv filters, kernel and augmentation for a CNN run', () => {
    const run = runWith({
      trunk: 'cnn',
      convFilters: [8, 16],
      convKernel: 5,
      augmentFlip: 'horizontal',
      augmentShift: 2,
      augmentBrightness: 0.1,
    });
    const en = rows(configRows(run, REPORT_TEXT.en));
    expect(en).toContainEqual(['Conv filters per block', '8, 16']);
    expect(en).toContainEqual(['Conv kernel size', '5']);
    expect(en).toContainEqual(['Augment: mirror', 'Left–right']);
    expect(en).toContainEqual(['Augment: shift (px)', '2']);
    expect(en).toContainEqual(['Augment: brightness', '0.1']);
    const zh = rows(configRows(run, REPORT_TEXT['zh-CN']));
    expect(zh).toContainEqual(['每个卷积块的滤波器数', '8, 16']);
    expect(zh).toContainEqual(['增强：镜像翻转', '左右翻转']);
    // Class weights worded as the Train form words them, not the stored id 'balanced'.
    expect(en).toContainEqual(['Class weights', 'Balanced']);
    expect(zh).toContainEqual(['类别权重', '平衡']);
    expect(
      rows(configRows(runWith({ classWeights: 'none' }), REPORT_TEXT['zh-CN'])),
    ).toContainEqual(['类别权重', '无']);
  });

  it("names the fields in Chinese as the studio's Train form does", () => {
    // Found by a new user: the report said "Dropout" where the studio says "随机失活（Dropout）".
    const zh = rows(
      configRows(runWith({ dropout: 0.2, weightDecay: 0.0001 }), REPORT_TEXT['zh-CN']),
    );
    expect(zh).toContainEqual(['随机失活（Dropout）', '0.2']);
    // Every field the report and the Train form both name has the same name in both.
    const studio = studioZh.fields as Record<string, string>;
    for (const [key, label] of Object.entries(REPORT_TEXT['zh-CN'].config)) {
      if (key in studio) expect(label, key).toBe(studio[key]);
    }
    expect(Object.keys(REPORT_TEXT['zh-CN'].config).filter((k) => !(k in studio))).toEqual([]);
  });

  it("names the fields in English as the studio's Train form does", () => {
    // Found by a new user: the report said "Hidden units", "Patience", "Weight decay", "Expert
    // units" and "Levels" where the Train form says "Hidden layers", "Early-stopping patience",
    // "Weight decay (L2)", "Expert layers" and "PLE levels".
    const en = rows(
      configRows(
        runWith({ arch: 'ple', weightDecay: 0.0001, expertUnits: [16], numLevels: 2 }),
        REPORT_TEXT.en,
      ),
    );
    expect(en).toContainEqual(['Weight decay (L2)', '0.0001']);
    expect(en).toContainEqual(['Expert layers', '16']);
    expect(en).toContainEqual(['PLE levels', '2']);
    const studio = studioEn.fields as Record<string, string>;
    for (const [key, label] of Object.entries(REPORT_TEXT.en.config)) {
      if (key in studio) expect(label, key).toBe(studio[key]);
    }
    expect(Object.keys(REPORT_TEXT.en.config).filter((k) => !(k in studio))).toEqual([]);
  });

  it('says "None" for no mirroring, and lists no conv rows for a table (MLP) run', () => {
    const cnn = rows(configRows(runWith({ trunk: 'cnn' }), REPORT_TEXT.en));
    expect(cnn).toContainEqual(['Augment: mirror', 'None']);
    expect(cnn).toContainEqual(['Conv filters per block', '16, 32, 64']);
    const mlp = rows(configRows(runWith({ trunk: 'mlp' }), REPORT_TEXT.en));
    expect(mlp.map(([k]) => k)).not.toContain('Conv filters per block');
    expect(mlp).toContainEqual(['Hidden layers', '64, 32']);
  });

  it('shows a patience raised for a small training split with the patience it was raised from', () => {
    // Found by a new user: a CLI run's report said patience 50 while the Train form's default
    // says 20. By hand: 1 800 rows in batches of 256 are ⌈1800 / 256⌉ = 8 steps per epoch;
    // waiting 400 steps needs ⌈400 / 8⌉ = 50 epochs > 20, so the run stores 50.
    const scaled = withScaledSchedule({ ...DEFAULT_TRAIN_CONFIG, batchSize: 256 }, 1800);
    expect(scaled.patience).toBe(50);
    expect(scaled.patienceScaledFrom).toEqual({ patience: 20, trainRows: 1800 });
    // Scaling again (a resumed run) keeps what was given.
    expect(withScaledSchedule(scaled, 1800).patienceScaledFrom).toEqual({
      patience: 20,
      trainRows: 1800,
    });
    const run = { config: scaled } as RunInfo;
    expect(rows(configRows(run, REPORT_TEXT.en))).toContainEqual([
      'Early-stopping patience',
      // Not "20 given": the run does not record whether the user gave 20 or took the default.
      '50 (raised from 20 for 1800 training rows, so that early stopping waits at least 400 optimizer steps)',
    ]);
    expect(rows(configRows(run, REPORT_TEXT['zh-CN']))).toContainEqual([
      '早停耐心',
      '50（由 20 按 1800 个训练行提高，使早停至少等待 400 个优化步）',
    ]);
    // Batches of 32: ⌈1800 / 32⌉ = 57 steps, ⌈400 / 57⌉ = 8 ≤ 20: the patience is as given.
    const asGiven = withScaledSchedule(DEFAULT_TRAIN_CONFIG, 1800);
    expect(asGiven.patienceScaledFrom).toBeUndefined();
    expect(rows(configRows({ config: asGiven } as RunInfo, REPORT_TEXT.en))).toContainEqual([
      'Early-stopping patience',
      '20',
    ]);
  });
});
