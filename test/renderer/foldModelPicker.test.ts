/**
 * The run a model picker (Export, Predict) starts at, and the words that mark a fold run.
 * Found by a new user: Export preselected the newest run, a fold of a cross-validation, and
 * exported a model trained on 4/5 of the rows. Expected values written by hand: the newest
 * run without `fold` wins over newer fold runs; only folds → the newest fold; the texts are
 * the en and zh-CN messages of src/renderer/src/i18n/exports.ts written out.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { defaultModelRun } from '../../src/renderer/src/components/completedRun';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { wholeSplitTrainCommand } from '../../src/shared/foldRun';

const fold = (n: number) => ({ evaluationId: 2, repeat: 0, fold: n });

describe('the run a model picker starts at', () => {
  it('is the newest run that is not a fold, then the newest fold, then none', () => {
    const runs: { id: number; fold?: ReturnType<typeof fold> }[] = [
      { id: 3 },
      { id: 9 },
      ...[0, 1, 2, 3, 4].map((n) => ({ id: 12 + n, fold: fold(n) })),
    ];
    expect(defaultModelRun(runs)).toBe(9);
    expect(defaultModelRun(runs.filter((r) => r.fold))).toBe(16);
    expect(defaultModelRun([])).toBeNull();
  });
});

describe('a fold run as the picker marks it', () => {
  const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
  it('names its fold, its cross-validation and the part of the rows, in en and zh-CN', () => {
    const t = i18n.global.t;
    const named = { fold: 3, k: 5, cv: 2, part: '4/5' };
    i18n.global.locale.value = 'en';
    expect(t('runSelect.fold', named)).toBe(
      'fold 3/5 of cross-validation 2 — trained on 4/5 of the rows',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('runSelect.fold', named)).toBe('交叉验证 2 的第 3/5 折 — 用 4/5 的行训练');
  });

  it('suggests a runnable command, the project path quoted for a shell', () => {
    const run = {
      datasetId: 1,
      tasks: ['species', 'sex'],
      config: { arch: 'mmoe' as const, weighting: 'equal' as const },
    };
    expect(wholeSplitTrainCommand("/home/u/my project's.mtlproj", run)).toBe(
      "mtl-studio train -p '/home/u/my project'\\''s.mtlproj' -d 1 --tasks species sex --arch mmoe --weighting equal --evaluation split",
    );
  });
});
