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

  it('says early stopping cannot stop the run when the patience is at least Max epochs', () => {
    // Raised: 134 epochs (as above) ≥ 100.
    expect(patienceNoteText({ ...form, epochs: 100 }, 'split', 71, null, t)).toBe(
      '= 134 epochs, not fewer than Max epochs (100): early stopping will not stop the run before the max',
    );
    // Not raised (no min. steps): the patience as given, 20 ≥ 5.
    expect(patienceNoteText({ ...form, patienceSteps: 0, epochs: 5 }, 'split', 71, null, t)).toBe(
      '= 20 epochs, not fewer than Max epochs (5): early stopping will not stop the run before the max',
    );
    // 134 < 500: the raised line as before; 19 < 20 stays unsaid.
    expect(patienceNoteText({ ...form, epochs: 500 }, 'split', 71, null, t)).toBe(
      '= 134 epochs on this table (at least 400 steps of 3 batches per epoch)',
    );
    expect(
      patienceNoteText({ ...form, patienceSteps: 0, epochs: 21 }, 'split', 71, null, t),
    ).toBeNull();
    // Cross-validation, 101 rows: 134 epochs in every fold (as above) ≥ 5.
    expect(patienceNoteText({ ...form, epochs: 5 }, 'cv', null, { rows: 101, k: 5 }, t)).toBe(
      '= 134 epochs in each fold, not fewer than Max epochs (5): early stopping will not stop a fold before the max',
    );
    // 95 rows: 134–200 by fold; 134 ≥ 134 → none stops early; 150 > 134 → some fold may.
    expect(patienceNoteText({ ...form, epochs: 134 }, 'cv', null, { rows: 95, k: 5 }, t)).toBe(
      '= 134–200 epochs in each fold, not fewer than Max epochs (134): early stopping will not stop a fold before the max',
    );
    expect(patienceNoteText({ ...form, epochs: 150 }, 'cv', null, { rows: 95, k: 5 }, t)).toBe(
      '= 134–200 epochs by fold (64–65 training rows: at least 400 steps)',
    );
    // Patience 0: no early stopping, nothing to say.
    expect(patienceNoteText({ ...form, patience: 0, epochs: 5 }, 'split', 71, null, t)).toBeNull();
    i18n.global.locale.value = 'zh-CN';
    expect(patienceNoteText({ ...form, epochs: 5 }, 'cv', null, { rows: 101, k: 5 }, t)).toBe(
      '每一折为 134 轮，不少于最大轮数（5）：早停不会让任何一折在达到最大轮数之前停止',
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
