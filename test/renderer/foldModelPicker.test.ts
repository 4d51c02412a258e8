/**
 * The run a model picker (Export, Predict) starts at, and the words that mark a fold run.
 * Found by a new user: Export preselected the newest run, a fold of a cross-validation, and
 * exported a model trained on 4/5 of the rows; later, a newer split run won over the final
 * model listed first. Expected values written by hand: the newest final model wins, then the
 * newest run without `fold` over newer fold runs; only folds → the newest fold; the texts are
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

  it("is a cross-validation's final model, listed first, even when a split run is newer", () => {
    // Found by a new user: CV 1's final model #5, then a split run #6; the picker listed #5
    // first (train --help: "the model to export and predict with, listed first") but chose #6.
    const finalOf = { evaluationId: 1, labelledRows: 20, epochs: 3, epochsPerTask: { y: 3 } };
    const runs = [
      { id: 2 },
      ...[0, 1].map((n) => ({ id: 3 + n, fold: fold(n) })),
      { id: 5, finalOf },
      { id: 6 },
      { id: 7, fold: fold(0) },
    ];
    expect(defaultModelRun(runs)).toBe(5);
    // Two final models: the newer one (listed first: finals are newest first).
    expect(defaultModelRun([...runs, { id: 8, finalOf: { ...finalOf, evaluationId: 3 } }])).toBe(8);
    // Without a final model: the newest split run, which the picker now lists first.
    expect(defaultModelRun(runs.filter((r) => r.id !== 5))).toBe(6);
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
