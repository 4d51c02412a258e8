/**
 * Compare says under its runs table why a run on a fixed split has no Δm, in en and zh-CN, with
 * what to train in the studio rather than a CLI command. Found by a new user: the Δm cell said
 * only "needs a single-task run on the same tasks", while `mtl-studio evaluate` named the
 * single-task run that did not fit and why. Reasons are made up in the shape
 * services/evaluation.ts runBaselineReason gives (test/services checks those); the last case
 * takes one from runComparisons itself. Expected texts written by hand from the messages.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/renderer/src/i18n';
import {
  runBaselineReasonLines,
  runBaselineReasonNote,
} from '../../src/renderer/src/components/runBaselineReason';
import { runComparisons } from '../../src/main/services/evaluation';
import type { RunBaselineMissingReason, RunInfo } from '../../src/shared/domain';

/** A fresh i18n in `locale` (the shared one is left alone: no isolation needed). */
function translate(locale: 'en' | 'zh-CN') {
  const i18n = createI18n({ legacy: false, locale, messages: MESSAGES });
  return i18n.global.t as (key: string, values: Record<string, unknown>, plural?: number) => string;
}
const en = translate('en');
const zh = translate('zh-CN');

/** Run 4 (MMoE) on split 2, trained on two tasks. */
const run = { id: 4, tasks: ['species', 'island'], splitId: 2 };
const label = '#4 MMoE · Equal';

const none: RunBaselineMissingReason = {
  code: 'noSingleTaskRun',
  splitId: 2,
  latestSplitId: 3,
  inputsChanged: null,
};
/** Single-task run 3 lacks island and legs; legs became a task since run 4 was trained. */
const differs: RunBaselineMissingReason = {
  code: 'singleTaskRunDiffers',
  runId: 3,
  splitId: 2,
  latestSplitId: 2,
  lacksTasks: ['island'],
  inputsWith: [],
  inputsWithout: ['legs'],
  inputsChanged: { given: ['bill', 'legs'], now: ['bill'], restore: ['legs'], drop: [] },
};
const auto: RunBaselineMissingReason = { code: 'autoSingleTaskNotBaseline', runId: 6 };
const zero: RunBaselineMissingReason = { code: 'baselineScoresZero', baselineRunId: 3 };

describe('why a run on a split has no Δm (Compare)', () => {
  it('no single-task run: says so and what to train, on the run’s split whatever the newest', () => {
    expect(runBaselineReasonNote(none, run, label, en)).toBe(
      'No Δm for #4 MMoE · Equal. There is no completed single-task run on split #2 yet. ' +
        'Train a single-task run on split #2 with the tasks species, island.',
    );
    expect(runBaselineReasonNote(none, run, label, zh)).toBe(
      '#4 MMoE · Equal 没有 Δm。划分 #2 上还没有已完成的单任务运行。' +
        '请在划分 #2 上用任务 species、island 训练一个单任务运行。',
    );
  });

  it('a single-task run that differs: each difference, and input columns changed since', () => {
    expect(runBaselineReasonLines(differs, run, en)).toEqual([
      'Single-task run 3 did not train the task island.',
      'Single-task run 3 was not given the input column legs.',
      'Run 4 was given the input columns bill, legs; the dataset’s are now bill, so a single-task run trained now cannot be its baseline (only with legs an input column again).',
      'To compare its method now, train it again beside a single-task run with the tasks species, island, both on split #2.',
    ]);
    expect(runBaselineReasonNote(differs, run, label, zh)).toBe(
      '#4 MMoE · Equal 没有 Δm。单任务运行 3 没有训练任务 island。单任务运行 3 没有使用输入列 legs。' +
        '运行 4 使用的输入列为 bill、legs；数据集现在的输入列为 bill，因此现在训练的单任务运行不能作为它的基线（除非 legs 重新成为输入列）。' +
        '若要现在比较它的方法，请在划分 #2 上重新训练它，并在同一划分上用任务 species、island 训练一个单任务运行。',
    );
  });

  it('plural and singular forms; columns to drop; a difference it cannot name', () => {
    const one = { id: 5, tasks: ['species'], splitId: 1 };
    const extra: RunBaselineMissingReason = {
      code: 'singleTaskRunDiffers',
      runId: 2,
      splitId: 1,
      latestSplitId: null,
      lacksTasks: ['species'],
      inputsWith: ['bill', 'mass'],
      inputsWithout: [],
      inputsChanged: null,
    };
    expect(runBaselineReasonLines(extra, one, en)).toEqual([
      'Single-task run 2 did not train the task species.',
      'Single-task run 2 was also given the input columns bill, mass.',
      'Train a single-task run on split #1 with the task species.',
    ]);
    expect(runBaselineReasonLines(extra, one, zh)).toEqual([
      '单任务运行 2 没有训练任务 species。',
      '单任务运行 2 多用了输入列 bill、mass。',
      '请在划分 #1 上用任务 species 训练一个单任务运行。',
    ]);
    const unnamed: RunBaselineMissingReason = { ...extra, lacksTasks: [], inputsWith: [] };
    expect(runBaselineReasonLines(unnamed, one, en)[0]).toBe(
      'Single-task run 2 differs from it in its settings.',
    );
    expect(runBaselineReasonLines(unnamed, one, zh)[0]).toBe('单任务运行 2 的设置与它不同。');
    const dropped: RunBaselineMissingReason = {
      ...none,
      inputsChanged: {
        given: ['bill'],
        now: ['bill', 'legs', 'mass'],
        restore: [],
        drop: ['legs', 'mass'],
      },
    };
    expect(runBaselineReasonLines(dropped, one, en)).toEqual([
      'There is no completed single-task run on split #2 yet.',
      'Run 5 was given the input columns bill; the dataset’s are now bill, legs, mass, so a single-task run trained now cannot be its baseline (only with legs, mass no input columns).',
      'To compare its method now, train it again beside a single-task run with the task species, both on split #1.',
    ]);
    expect(runBaselineReasonLines(dropped, one, zh)[1]).toBe(
      '运行 5 使用的输入列为 bill；数据集现在的输入列为 bill、legs、mass，因此现在训练的单任务运行不能作为它的基线（除非 legs、mass 不再是输入列）。',
    );
  });

  it('an Auto run that chose single-task: not a baseline, train a plain one', () => {
    expect(runBaselineReasonNote(auto, run, label, en)).toBe(
      'No Δm for #4 MMoE · Equal. Single-task run 6 was trained by Auto, which tuned its settings by its search: it is not a baseline. ' +
        'Train a plain single-task run (not Auto) on split #2 with the tasks species, island.',
    );
    expect(runBaselineReasonNote(auto, run, label, zh)).toBe(
      '#4 MMoE · Equal 没有 Δm。单任务运行 6 由自动模式训练，其设置由搜索调出：它不作为基线。' +
        '请在划分 #2 上用任务 species、island 训练一个普通的单任务运行（不用自动模式）。',
    );
  });

  it('a baseline scoring 0: the relative change is undefined', () => {
    expect(runBaselineReasonNote(zero, run, label, en)).toBe(
      'No Δm for #4 MMoE · Equal. Single-task run 3 scores 0 on a task: a relative change from 0 is undefined.',
    );
    expect(runBaselineReasonNote(zero, run, label, zh)).toBe(
      '#4 MMoE · Equal 没有 Δm。单任务运行 3 在某个任务上得分为 0：无法计算相对于 0 的变化。',
    );
  });

  it('words the service’s reason, with no command line in either language', () => {
    const hard = {
      id: 4,
      splitId: 2,
      status: 'completed',
      tasks: ['species', 'island'],
      config: { arch: 'hard-sharing' },
      auto: false,
      results: { species: { macroF1: 0.8 }, island: { macroF1: 0.6 } },
    } as unknown as RunInfo;
    const [compared] = runComparisons([hard], undefined, { latestSplitId: 3, inputs: null });
    expect(compared.baselineReason).toEqual({ ...none, latestSplitId: 3 });
    for (const t of [en, zh])
      for (const reason of [none, differs, auto, zero])
        expect(runBaselineReasonNote(reason, run, label, t)).not.toMatch(/mtl-studio|--|`/);
  });
});
