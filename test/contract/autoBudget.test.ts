/**
 * Why Auto searched nothing: when only the studio's defaults (trained like a normal run) fit
 * in the budget, the CLI and the Train view say what they took and the budget above which
 * the search starts — their time plus the costliest one's again (engine/autoSelect.ts keeps
 * that back for the search winner's own run). Values computed by hand below.
 */
import { describe, expect, it } from 'vitest';
import {
  autoSearchSeconds,
  crowdedOutSearch,
  finalTrainingSeconds,
} from '../../src/shared/autoBudget';
import type { AutoSearch, AutoTrial } from '../../src/shared/domain';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { i18n, MESSAGES } from '../../src/renderer/src/i18n';
import { crowdedChoice } from '../../src/main/cli/commands/trainingOutput';

const trial = (
  id: number,
  seconds: number,
  full?: boolean,
  arch: 'hard-sharing' | 'single-task' = id === 2 ? 'single-task' : 'hard-sharing',
): AutoTrial => ({
  id,
  config: { ...DEFAULT_TRAIN_CONFIG, arch },
  epochs: 10,
  ...(full === undefined ? {} : { full }),
  score: 0.5,
  bestEpoch: 5,
  perTask: { label: 0.5, group: 0.5, is_footwear: 0.5 },
  seconds,
});
const search = (trials: AutoTrial[]): AutoSearch => ({
  selection: 'inner-folds',
  innerFolds: 3,
  budgetSeconds: 30,
  seed: 1,
  brackets: 1,
  trials,
  chosenTrial: 1,
  chosen: DEFAULT_TRAIN_CONFIG,
  seconds: 24,
});

describe('an Auto search crowded out by its defaults', () => {
  it('gives the defaults’ time and the budget the search needed', () => {
    // Fashion-MNIST 1000, fold 0, load 9 (README): hard sharing 5.3 s, single-task 18.6 s →
    // 23.9 s; 23.9 + 18.6 = 42.5 → 43 s.
    const crowded = crowdedOutSearch(search([trial(1, 5.3, true), trial(2, 18.6, true)]));
    expect(crowded?.defaultsSeconds).toBeCloseTo(23.9, 12);
    expect(crowded?.neededSeconds).toBe(43);
  });

  it('counts a single-task default that did not fit as one hard-sharing run per task', () => {
    // Only hard sharing (2 s) ran; 3 tasks: single-task ≈ 3 × 2 = 6 s; 2 + 6 + 6 = 14 s.
    const crowded = crowdedOutSearch(search([trial(1, 2, true)]));
    expect(crowded).toEqual({
      defaultsSeconds: 2,
      neededSeconds: 14,
      chosen: { id: 1, score: 0.5 },
      others: [],
    });
  });

  it('is null when a search trial ran, and for searches stored before `full`', () => {
    expect(crowdedOutSearch(search([trial(1, 5, true), trial(2, 1, false)]))).toBeNull();
    expect(crowdedOutSearch(search([trial(1, 5), trial(2, 1)]))).toBeNull();
    expect(crowdedOutSearch(search([]))).toBeNull();
  });

  it('is null for a search the user ended early (its budget did not run out)', () => {
    // The same two defaults as above, crowded at 23.9 s of 30 s, but ended by the user: a
    // new user saw "no search trial fit" under "ended early at your request".
    const ended = {
      ...search([trial(1, 5.3, true), trial(2, 18.6, true)]),
      endedEarly: true as const,
    };
    expect(crowdedOutSearch(ended)).toBeNull();
  });

  it('names the default chosen, the one the table marks, and why (its validation F1)', () => {
    // The new user's image run (8 s budget): trial 1 hard sharing capped at 1 epoch, trial 2
    // single-task stopped at the budget, chosen. The scores are made up; by hand 0.612 > 0.540
    // is the engine's rule (the best validation score among the defaults).
    const hard = { ...trial(1, 4.1, true), score: 0.54 };
    const single = { ...trial(2, 6, true), score: 0.612 };
    const crowded = crowdedOutSearch({ ...search([hard, single]), chosenTrial: 2 });
    expect(crowded?.chosen).toEqual({ id: 2, score: 0.612 });
    expect(crowded?.others).toEqual([{ id: 1, score: 0.54 }]);
    const values = { trial: 2, method: 'Single-task', score: '0.612', others: 'trial 1: 0.540' };
    expect(i18n.global.t('train.autoCrowdedChosen', values)).toBe(
      'Of them it chose trial 2 (Single-task), the best validation F1 (0.612; trial 1: 0.540).',
    );
    i18n.global.locale.value = 'zh-CN';
    const zh = i18n.global.t('train.autoCrowdedChosen', { ...values, others: '试验 1：0.540' });
    i18n.global.locale.value = 'en';
    expect(zh).toBe('其中它选择了验证 F1 最高的试验 2（Single-task）：0.612；试验 1：0.540。');
    expect(crowdedChoice({ ...search([hard, single]), chosenTrial: 2 }, crowded!)).toBe(
      'Of them it chose trial 2 (single-task), the best validation F1 (0.612; trial 1: 0.540).',
    );
  });

  it('is said in English and Simplified Chinese with every number', () => {
    const values = { took: '23.9', budget: 30, needed: 43 };
    const texts = (['en', 'zh-CN'] as const).map((locale) => {
      i18n.global.locale.value = locale;
      return i18n.global.t('train.autoCrowded', values);
    });
    i18n.global.locale.value = 'en';
    for (const text of texts) for (const v of ['23.9', '30', '43']) expect(text).toContain(v);
    expect(texts[1]).not.toBe(texts[0]);
    expect(MESSAGES['zh-CN'].train.autoCrowded).toBeTruthy();
  });
});

describe('the time said before and after an Auto search', () => {
  it('before the start: the budget of one search × the searches', () => {
    // By hand: 3 s × 5 folds = 15; 2 s × 2 = 4; 0.5 s × 3 = 1.5 → 2; 30 s, one run = 30.
    expect(autoSearchSeconds(3, 5)).toBe(15);
    expect(autoSearchSeconds(2, 2)).toBe(4);
    expect(autoSearchSeconds(0.5, 3)).toBe(2);
    expect(autoSearchSeconds(30, 1)).toBe(30);
  });

  it("after the search: the final training from the chosen trial's own time", () => {
    // Trial 1 took 3 s over 3 inner folds for 10 epochs on average: 0.1 s per epoch on one
    // inner fold's training rows (2/3 of the non-test rows). By hand, a refit of 90 epochs on
    // every non-test row: 3 / 3 / 10 × 3/2 × 90 = 13.5 s; of 4 epochs: 0.6 s.
    const s = { ...search([trial(1, 3, true), trial(2, 5, true)]), chosenTrial: 1 };
    expect(finalTrainingSeconds(s, 90, false)).toBeCloseTo(13.5, 10);
    expect(finalTrainingSeconds(s, 4, false)).toBeCloseTo(0.6, 10);
    // No refit (early stopping again on the split's rows): one inner fold's time, 3 / 3 = 1 s;
    // trial 2 chosen: 5 / 3 s.
    expect(finalTrainingSeconds(s, null, false)).toBeCloseTo(1, 10);
    expect(finalTrainingSeconds({ ...s, chosenTrial: 2 }, null, false)).toBeCloseTo(5 / 3, 10);
    // The validation selection (one pair, innerFolds 0): the chosen run's own 5 s.
    expect(finalTrainingSeconds({ ...s, innerFolds: 0, chosenTrial: 2 }, null, false)).toBeCloseTo(
      5,
      10,
    );
    // Kept: nothing trains after the search.
    expect(finalTrainingSeconds(s, null, true)).toBe(0);
  });
});

describe("the trial table's headline counts its configurations", () => {
  // A new user's 40 s Auto run on 269 700 diamonds rows fitted only the defaults and read
  // "1 configurations in 34 s"; the view passes the count as the plural choice (as data.rowsCount).
  const headline = (locale: 'en' | 'zh-CN', n: number): string => {
    i18n.global.locale.value = locale;
    const text = i18n.global.t('train.autoSelection', { n, s: 34, how: 'H' }, n);
    i18n.global.locale.value = 'en';
    return text;
  };
  it('says "1 configuration" and "9 configurations" in English', () => {
    expect(headline('en', 1)).toBe(
      '1 configuration in 34 s, scored by validation macro-F1 (H); the test split was read once, by the chosen model.',
    );
    expect(headline('en', 9)).toBe(
      '9 configurations in 34 s, scored by validation macro-F1 (H); the test split was read once, by the chosen model.',
    );
  });
  it('has one form in Chinese', () => {
    expect(headline('zh-CN', 1)).toBe(
      '34 秒内尝试了 1 个配置，按验证宏 F1 评分（H）；测试集只被所选模型读取一次。',
    );
  });
});
