/**
 * Compare's cross-validation panel says why Δm is "–" as `mtl-studio evaluate` does, in en and
 * zh-CN. Found by a new user: the panel said only "needs a single-task cross-validation on the
 * same folds" after one had been trained, on other folds and with other input columns (the
 * input column legs had become a task). The reasons are those services/evaluation.ts
 * crossValidationBaselineReason gives for made-up evaluations (test/services/
 * cvBaselineMissing.test.ts checks them); expected texts written by hand from the messages.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/renderer/src/i18n';
import {
  cvBaselineReasonLines,
  cvBaselineReasonNote,
} from '../../src/renderer/src/components/cvBaselineReason';
import type { BaselineMissingReason, FoldSchemeParams } from '../../src/shared/domain';

/** Cross-validation 1 (given hair, legs, milk) against single-task 2 after legs became a task. */
const differs: BaselineMissingReason = {
  code: 'singleTaskCrossValidationDiffers',
  evaluationId: 2,
  folds: {
    theirs: 2,
    mine: 1,
    theirsScheme: { k: 3, repeats: 2, seed: 7 },
    mineScheme: { k: 5, repeats: 1, seed: 42 },
  },
  lacksTasks: ['type'],
  inputsWith: [],
  inputsWithout: ['legs'],
  inputsChanged: {
    evaluationId: 1,
    given: ['hair', 'legs', 'milk'],
    now: ['hair', 'milk'],
    restore: ['legs'],
    drop: [],
  },
};

/** A fresh i18n in `locale` (the shared one is left alone: no isolation needed). */
function translate(locale: 'en' | 'zh-CN') {
  const i18n = createI18n({ legacy: false, locale, messages: MESSAGES });
  return i18n.global.t as (key: string, values: Record<string, unknown>, plural?: number) => string;
}

describe('why a cross-validation has no Δm (Compare)', () => {
  it('names the folds, tasks and input columns that differ and the changed columns (en)', () => {
    const t = translate('en');
    expect(cvBaselineReasonLines(differs, t)).toEqual([
      'Single-task CV2 is on other folds (3 folds × 2 repeats, seed 7, not 5 folds, seed 42).',
      'Single-task CV2 did not train the task type.',
      'Single-task CV2 was not given the input column legs.',
      'CV1 was given the input columns hair, legs, milk; the dataset’s are now hair, milk, so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again).',
    ]);
    expect(cvBaselineReasonNote(differs, 'CV1 MMoE · Equal', t)).toBe(
      'No Δm for CV1 MMoE · Equal. Single-task CV2 is on other folds (3 folds × 2 repeats, seed 7, not 5 folds, seed 42). ' +
        'Single-task CV2 did not train the task type. Single-task CV2 was not given the input column legs. ' +
        'CV1 was given the input columns hair, legs, milk; the dataset’s are now hair, milk, so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again).',
    );
  });

  it('the same in Chinese, sentences joined without spaces', () => {
    const t = translate('zh-CN');
    expect(cvBaselineReasonNote(differs, 'CV1 MMoE', t)).toBe(
      'CV1 MMoE 没有 Δm。单任务 CV2 使用的是另一组折（3 折 × 2 次重复、种子 7，而非 5 折、种子 42）。单任务 CV2 没有训练任务 type。' +
        '单任务 CV2 没有使用输入列 legs。' +
        'CV1 使用的输入列为 hair、legs、milk；数据集现在的输入列为 hair、milk，因此现在训练的单任务交叉验证不能作为它的基线（除非 legs 重新成为输入列）。',
    );
  });

  it('the same k, repeats and seed on another scheme: another cut; a scheme gone: other folds', () => {
    const folds = (theirsScheme: FoldSchemeParams | null): BaselineMissingReason => ({
      code: 'singleTaskCrossValidationDiffers',
      evaluationId: 5,
      folds: { theirs: 4, mine: 1, theirsScheme, mineScheme: { k: 4, repeats: 1, seed: 42 } },
      lacksTasks: [],
      inputsWith: [],
      inputsWithout: [],
      inputsChanged: null,
    });
    const recut = folds({ k: 4, repeats: 1, seed: 42 });
    expect(cvBaselineReasonLines(recut, translate('en'))).toEqual([
      'Single-task CV5 is on another cut of the rows into folds (also 4 folds, seed 42).',
    ]);
    expect(cvBaselineReasonLines(recut, translate('zh-CN'))).toEqual([
      '单任务 CV5 使用的是另一种把行分成折的切分（同为 4 折、种子 42）。',
    ]);
    // Only the seed differs: both named, the repeats left out where there is one.
    expect(cvBaselineReasonLines(folds({ k: 4, repeats: 1, seed: 43 }), translate('en'))).toEqual([
      'Single-task CV5 is on other folds (4 folds, seed 43, not 4 folds, seed 42).',
    ]);
    expect(cvBaselineReasonLines(folds(null), translate('zh-CN'))).toEqual([
      '单任务 CV5 使用的是另一组折。',
    ]);
  });

  it('counts columns, names both changes, and says none when no input column is left', () => {
    const reason: BaselineMissingReason = {
      code: 'singleTaskCrossValidationDiffers',
      evaluationId: 4,
      folds: null,
      lacksTasks: [],
      inputsWith: ['eggs', 'fins'],
      inputsWithout: [],
      inputsChanged: { evaluationId: 3, given: ['legs'], now: [], restore: ['legs'], drop: [] },
    };
    expect(cvBaselineReasonLines(reason, translate('en'))).toEqual([
      'Single-task CV4 was also given the input columns eggs, fins.',
      'CV3 was given the input columns legs; the dataset’s are now none, so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again).',
    ]);
    const both: BaselineMissingReason = {
      code: 'noSingleTaskCrossValidation',
      inputsChanged: {
        evaluationId: 3,
        given: ['hair', 'legs'],
        now: ['eggs', 'hair'],
        restore: ['legs'],
        drop: ['eggs'],
      },
    };
    expect(cvBaselineReasonLines(both, translate('en'))).toEqual([
      'No completed single-task cross-validation on the same folds, tasks and input columns yet.',
      'CV3 was given the input columns hair, legs; the dataset’s are now eggs, hair, so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again, and eggs no input column).',
    ]);
    expect(cvBaselineReasonLines(both, translate('zh-CN'))).toEqual([
      '还没有在同一组折、任务和输入列上完成的单任务交叉验证。',
      'CV3 使用的输入列为 hair、legs；数据集现在的输入列为 eggs、hair，因此现在训练的单任务交叉验证不能作为它的基线（除非 legs 重新成为输入列，并且 eggs 不再是输入列）。',
    ]);
  });

  it('a fold run: the baseline lacks the fold, or scores 0 (en, zh-CN)', () => {
    const fold: BaselineMissingReason = { code: 'baselineFoldMissing', baselineEvaluationId: 2 };
    const zero: BaselineMissingReason = { code: 'baselineScoresZero', baselineRunId: 7 };
    expect(cvBaselineReasonLines(fold, translate('en'))).toEqual([
      'Single-task CV2 has no completed run of this fold.',
    ]);
    expect(cvBaselineReasonLines(zero, translate('zh-CN'))).toEqual([
      '单任务运行 7 在某个任务上得分为 0：无法计算相对于 0 的变化。',
    ]);
  });
});
