/**
 * The Train form's effective-patience line under cross-validation (found by a new user: the
 * line showed only on a fixed split, though each fold's run raises the patience the same way,
 * on its own training rows). Expected sentences are the i18n strings written out by hand with
 * values computed by hand in each comment (a local i18n instance: no shared locale changes).
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { patienceNoteText } from '../../src/renderer/src/composables/patienceNote';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
const t = (key: string, values: Record<string, unknown>, plural: number): string =>
  i18n.global.t(key, values, plural);
const form = { patience: 20, patienceSteps: 400, batchSize: 32 };

describe('the effective-patience line', () => {
  it('on a split: scaled to its training rows', () => {
    // ⌈71 / 32⌉ = 3 steps per epoch, ⌈400 / 3⌉ = 134 epochs.
    expect(patienceNoteText(form, 'split', 71, null, t)).toBe(
      '= 134 epochs on this table (at least 400 steps of 3 batches per epoch)',
    );
  });

  it("under cross-validation: scaled to a fold's training rows", () => {
    // 101 rows, 5 folds: 68–69 training rows per fold; ⌈68 / 32⌉ = ⌈69 / 32⌉ = 3 steps,
    // ⌈400 / 3⌉ = 134 epochs in every fold.
    expect(patienceNoteText(form, 'cv', null, { rows: 101, k: 5 }, t)).toBe(
      '= 134 epochs in each fold (68–69 training rows: at least 400 steps of 3 batches per epoch)',
    );
    // 95 rows, 5 folds: 19 test rows, 76 left, validation 11 or 12 (11.4): 64–65 rows;
    // ⌈64 / 32⌉ = 2 steps → 200 epochs, ⌈65 / 32⌉ = 3 → 134.
    expect(patienceNoteText(form, 'cv', null, { rows: 95, k: 5 }, t)).toBe(
      '= 134–200 epochs by fold (64–65 training rows: at least 400 steps)',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(patienceNoteText(form, 'cv', null, { rows: 101, k: 5 }, t)).toBe(
      '每一折为 134 轮（68–69 个训练行：至少 400 步，每轮 3 个批次）',
    );
    i18n.global.locale.value = 'en';
  });

  it('says nothing when nothing is raised or not known', () => {
    // 6 800 rows, 5 folds: ≥ 4 624 training rows, ⌈4624 / 32⌉ = 145 steps, ⌈400 / 145⌉ = 3 < 20.
    expect(patienceNoteText(form, 'cv', null, { rows: 6800, k: 5 }, t)).toBeNull();
    expect(patienceNoteText(form, 'cv', null, null, t)).toBeNull();
    expect(patienceNoteText(form, 'split', null, { rows: 101, k: 5 }, t)).toBeNull();
    expect(
      patienceNoteText({ ...form, patience: 0 }, 'cv', null, { rows: 101, k: 5 }, t),
    ).toBeNull();
    expect(patienceNoteText(form, null, 71, { rows: 101, k: 5 }, t)).toBeNull();
  });
});
