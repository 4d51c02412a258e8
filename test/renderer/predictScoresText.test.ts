/**
 * The Predict view's caveat of scored rows the run trained on (components/predictScoresText.ts):
 * one line per distinct count naming every task it holds for (found by a new user: the same
 * sentence once per task). Expected texts written by hand from src/renderer/src/i18n/exports.ts.
 * @vitest-isolate: it sets the i18n locale, which other files in its process would see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  trainingRowsTexts,
  unknownLabelsText,
} from '../../src/renderer/src/components/predictScoresText';
import { i18n } from '../../src/renderer/src/i18n';
import type { PredictionScoreView } from '../../src/shared/contract';

const t = (key: string, values: Record<string, unknown>, plural?: number) =>
  plural === undefined ? i18n.global.t(key, values) : i18n.global.t(key, values, plural);

afterEach(() => {
  i18n.global.locale.value = 'en';
});

/** A task's scores with `trainingRows` of `rows` scored rows the run trained on. */
const score = (task: string, trainingRows: number, rows: number): PredictionScoreView => ({
  task,
  column: task,
  rows,
  accuracy: 1,
  macroF1: 1,
  unknownLabelRows: 0,
  unknownLabels: [],
  trainingRows,
  heldOutSplit: true,
});

describe('trainingRowsTexts', () => {
  it('one line for the tasks with the same counts, one per other count; none for 0', () => {
    const scores = [
      score('predator', 90, 101),
      score('type', 90, 101),
      score('legs', 1, 60),
      score('tail', 0, 101),
    ];
    expect(trainingRowsTexts(scores, t)).toEqual([
      'Tasks “predator”, “type”: 90 of 101 scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. Score rows it did not see, e.g. the test split of its dataset.',
      'Task “legs”: 1 of 60 scored rows is a row this model was trained on (its inputs equal a training row’s): these scores are optimistic. Score rows it did not see, e.g. the test split of its dataset.',
    ]);
  });

  it('a final model (no test split) and Chinese', () => {
    const final = [score('predator', 90, 101), score('type', 90, 101)].map((s) => ({
      ...s,
      heldOutSplit: false,
    }));
    expect(trainingRowsTexts(final, t)).toEqual([
      'Tasks “predator”, “type”: 90 of 101 scored rows are rows this model was trained on (their inputs equal a training row’s): these scores are optimistic. It trained on every labelled row of its dataset: its cross-validation estimate is the held-out score.',
    ]);
    i18n.global.locale.value = 'zh-CN';
    expect(trainingRowsTexts([score('predator', 90, 101), score('type', 90, 101)], t)).toEqual([
      '任务“predator”、“type”：评分的 101 行中有 90 行是该模型训练过的行（输入与某个训练行相同），这些分数偏乐观。请对模型没见过的行评分，例如其数据集的测试集。',
    ]);
  });
});

describe('unknownLabelsText', () => {
  const unknown: PredictionScoreView = {
    ...score('y', 0, 10),
    unknownLabelRows: 3,
    unknownLabels: ['A', 'zzz'],
    similarLabels: [{ label: 'A', class: 'a' }],
  };

  it('its sentences joined by a space in English, by none after Chinese 。', () => {
    expect(unknownLabelsText(unknown, t)).toBe(
      'Task “y”: 3 rows have a label the model does not know (A, zzz), counted as wrong. Did you mean “a” for “A”? Labels are matched by their exact text.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(unknownLabelsText(unknown, t)).toBe(
      '任务“y”：3 行的标签模型不认识（A、zzz），计为错误。是否应为“a”（而非“A”）？标签按其确切文字匹配。',
    );
    expect(unknownLabelsText({ ...unknown, similarLabels: [] }, t)).toBe(
      '任务“y”：3 行的标签模型不认识（A、zzz），计为错误。',
    );
  });
});
