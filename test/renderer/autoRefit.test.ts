/**
 * An Auto run refitted on every non-test row (inner folds, small tables: AutoFinal.refitEpochs)
 * in the run detail: it trains exactly refitEpochs epochs without early stopping, so its epoch
 * line says "of 70", not "of at most 500", and its "validation" curves are of rows it trained
 * on, which their names and a note say. Also the trial tables' epochs header, which shows the
 * best epoch / the epochs trained, and the Duplicate hint of an Auto run. Expected sentences
 * are the i18n strings written out by hand, in English and in Chinese.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import type { AutoFinal, AutoProgress } from '../../src/shared/domain';
import { taskCurvesChart } from '../../src/renderer/src/components/epochCharts';
import { epochCountLine, refitEpochsOf } from '../../src/renderer/src/composables/autoRefit';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
const t = (key: string, params: Record<string, unknown> = {}): string => i18n.global.t(key, params);
const inLocale = <T>(locale: 'en' | 'zh-CN', f: () => T): T => {
  i18n.global.locale.value = locale;
  try {
    return f();
  } finally {
    i18n.global.locale.value = 'en';
  }
};

const refitted: AutoFinal = {
  epochs: 70,
  bestEpoch: 70,
  score: 0.9,
  perTask: { species: 1, sex: 0.8 },
  refitEpochs: 70,
  refitEpochsPerTask: { species: 70, sex: 41 },
};
const earlyStopped: AutoFinal = { epochs: 90, bestEpoch: 70, score: 0.9, perTask: {} };
const finalPhase = (refitEpochs?: number): AutoProgress => ({
  phase: 'final',
  trialsDone: 9,
  bestScore: 0.9,
  elapsedSeconds: 20,
  budgetSeconds: 20,
  chosenTrial: 4,
  ...(refitEpochs === undefined ? {} : { refitEpochs }),
});

describe('refitEpochsOf', () => {
  it('is the refit epochs of a refitted Auto run, stored or heard live; null otherwise', () => {
    expect(refitEpochsOf({ auto: true }, null, refitted)).toBe(70);
    // While it refits: the 'final' phase's event carries the count.
    expect(refitEpochsOf({ auto: true }, finalPhase(70), undefined)).toBe(70);
    // Trained on the training rows with early stopping (validation selection, cut by time).
    expect(refitEpochsOf({ auto: true }, finalPhase(), earlyStopped)).toBeNull();
    expect(refitEpochsOf({ auto: true }, null, undefined)).toBeNull();
    // Not an Auto run.
    expect(refitEpochsOf({ auto: false }, finalPhase(70), refitted)).toBeNull();
    expect(refitEpochsOf({}, null, refitted)).toBeNull();
  });
});

describe("the run detail's epoch line", () => {
  it('says "of at most" the cap with early stopping, and the refit count for a refit', () => {
    const line = (n: number, cap: number, refit: number | null) => {
      const { key, ...params } = epochCountLine(n, cap, refit);
      return t(key, params);
    };
    expect(line(70, 500, null)).toBe('Epoch 70 of at most 500');
    expect(line(35, 500, 70)).toBe(
      'Epoch 35 of 70 (refitted on every non-test row, no early stopping)',
    );
    expect(inLocale('zh-CN', () => line(35, 500, 70))).toBe(
      '第 35 轮，共 70 轮（在所有非测试行上重新训练，不早停）',
    );
  });
});

describe("a refitted run's curves", () => {
  const epochs = [
    {
      epoch: 1,
      trainLoss: 1,
      valLoss: 1,
      seconds: 1,
      tasks: { species: { trainLoss: 1, valLoss: 1, valAccuracy: 0.5, valMacroF1: 0.5 } },
    },
  ];
  const names = (refit: boolean) =>
    (
      taskCurvesChart(epochs, 'species', 1, t, refit ? 'refitted' : 'held-out').series as {
        name: string;
      }[]
    ).map((s) => s.name);

  it('name the validation series as rows trained on, in both languages', () => {
    expect(names(false)).toEqual(['train loss', 'validation loss', 'validation macro-F1']);
    expect(names(true)).toEqual([
      'train loss',
      'validation loss (rows trained on)',
      'validation macro-F1 (rows trained on)',
    ]);
    expect(inLocale('zh-CN', () => names(true))).toEqual([
      '训练损失',
      '验证损失（训练过的行）',
      '验证宏 F1（训练过的行）',
    ]);
    expect(t('train.refitCurvesNote')).toContain(
      '“validation” curves and gate usage are of rows it trained on, not held out',
    );
    expect(inLocale('zh-CN', () => t('train.refitCurvesNote'))).toContain(
      '其“验证”曲线和门控使用来自它训练过的行，并非留出数据',
    );
  });
});

describe("Auto's trial tables and Duplicate", () => {
  it('head the epochs column with what it shows, best / trained', () => {
    expect(t('train.autoEpochs')).toBe('Best / trained epochs');
    expect(inLocale('zh-CN', () => t('train.autoEpochs'))).toBe('最佳轮次 / 已训练轮数');
  });

  it('write zh-CN parentheses full-width, as the rest of the zh-CN text', () => {
    expect(inLocale('zh-CN', () => t('train.autoRefitEpochs'))).toBe('（全部行）');
    expect(inLocale('zh-CN', () => t('train.autoStoppedForTime'))).toBe('（预算用尽而停止）');
    expect(inLocale('zh-CN', () => t('train.autoLiveTrials', { n: 7 }))).toBe(
      '目前已尝试的配置（7）',
    );
    expect(t('train.autoRefitEpochs')).toBe('(all rows)');
  });

  it("says an Auto run's duplicate is a normal run with early stopping, not the refit", () => {
    expect(t('runs.duplicateAutoHint')).toContain(
      "Start trains it as a normal run, with early stopping on the validation rows — not a new search, nor Auto's refit on every non-test row.",
    );
    expect(inLocale('zh-CN', () => t('runs.duplicateAutoHint'))).toContain(
      '开始后按正常训练方式训练，并在验证行上早停',
    );
    expect(t('runs.duplicatedAuto', { id: 3 })).toBe(
      'The form now holds the configuration Auto chose for run 3: Start trains it as a normal run with early stopping, not Auto’s search or refit.',
    );
  });
});
