/**
 * The affinity panel's "Train this group" / "Train alone" and its weak-affinity note
 * (AffinityPanel.vue, composables/trainTasks.ts, components/affinityStrength.ts), and the
 * cross-validation panel's offers that share the same way to the Train view. Expected drafts
 * and verdicts are written by hand from the rules in those modules' docstrings; the matrices
 * are what `mtl-studio affinity` measured at its defaults (penguins.csv species/island/sex;
 * the a/b/c table of test/engine/taskAffinity.test.ts; the CLI test's nine.csv c1–c3),
 * rounded. Messages through a fresh vue-i18n instance over the app's tables (the shared
 * `i18n`'s locale is left alone).
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { TrainDraft } from '../../src/shared/contract';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { affinityIsWeak, WEAK_AFFINITY } from '../../src/renderer/src/components/affinityStrength';
import {
  draftWithTasks,
  inTaskOrder,
  trainTasks,
  type TrainTasksStudio,
} from '../../src/renderer/src/composables/trainTasks';

const stored: TrainDraft = {
  values: { arch: 'mmoe', epochs: 40, weighting: 'uw' },
  lists: { hiddenUnits: '64, 32' },
  tasks: ['species', 'island', 'sex'],
};

/** A studio store stand-in recording what trainTasks does, in order. */
function fakeStudio(datasetId: number | null, failSave = false) {
  const calls: string[] = [];
  const saved: { id: number; draft: TrainDraft | null }[] = [];
  const studio: TrainTasksStudio = {
    datasetId,
    trainDraft: (id) => (id === 3 ? stored : null),
    saveTrainDraft: async (id, draft) => {
      calls.push('save');
      if (failSave) throw new Error('session.update failed');
      saved.push({ id, draft });
    },
    pickView: (view) => void calls.push(`view:${view}`),
  };
  return { studio, calls, saved };
}

describe('Train this group', () => {
  it('ticks exactly the group with hard sharing, keeping the rest of the form', () => {
    expect(draftWithTasks(stored, ['species', 'island'])).toEqual({
      values: { arch: 'hard-sharing', epochs: 40, weighting: 'uw' },
      lists: { hiddenUnits: '64, 32' },
      tasks: ['species', 'island'],
    });
  });

  it('trains one task alone as single-task, also without a stored draft', () => {
    expect(draftWithTasks(stored, ['sex'])).toMatchObject({
      values: { arch: 'single-task', epochs: 40 },
      tasks: ['sex'],
    });
    expect(draftWithTasks(null, ['sex'])).toEqual({
      values: { arch: 'single-task' },
      lists: {},
      tasks: ['sex'],
    });
    expect(() => draftWithTasks(stored, [])).toThrow('tasks = []');
  });

  it('stores the draft of the open dataset, then shows the Train view', async () => {
    const { studio, calls, saved } = fakeStudio(3);
    await trainTasks(studio, ['species', 'island']);
    expect(calls).toEqual(['save', 'view:train']);
    expect(saved).toEqual([
      {
        id: 3,
        draft: {
          values: { arch: 'hard-sharing', epochs: 40, weighting: 'uw' },
          lists: { hiddenUnits: '64, 32' },
          tasks: ['species', 'island'],
        },
      },
    ]);
  });

  it('stays on Compare when the draft cannot be stored, and does nothing without a dataset', async () => {
    const failing = fakeStudio(3, true);
    await expect(trainTasks(failing.studio, ['sex'])).rejects.toThrow('session.update failed');
    expect(failing.calls).toEqual(['save']);
    const none = fakeStudio(null);
    await trainTasks(none.studio, ['sex']);
    expect(none.calls).toEqual([]);
  });
});

describe('weak affinity', () => {
  it('is weak when every pair between tasks is below 1 % of the loss (either sign)', () => {
    expect(WEAK_AFFINITY).toBe(0.01);
    // The diagonal (a task on itself) is not a pair: a large one changes nothing.
    const small = [
      [0.5, 0.002, -0.0099],
      [0.004, 0, -0.0008],
      [0.005, 0.0001, 0],
    ];
    expect(affinityIsWeak(small)).toBe(true);
  });

  it('is not weak when one pair reaches 1 %, nor on the fixtures the engine measured', () => {
    expect(
      affinityIsWeak([
        [0, 0.01],
        [-0.002, 0],
      ]),
    ).toBe(false);
    expect(
      affinityIsWeak([
        [0, -0.01],
        [0.002, 0],
      ]),
    ).toBe(false);
    // penguins.csv: species → island 1.3 %.
    const penguins = [
      [0, 0.00199, -0.00069],
      [0.01303, 0, -0.00441],
      [0.00519, -0.00082, 0],
    ];
    expect(affinityIsWeak(penguins)).toBe(false);
    // a, b (noisy copy of a), c (unrelated): a ↔ b 3.2 % and 10.2 %.
    const abc = [
      [0, 0.0316, -0.0067],
      [0.102, 0, -0.0008],
      [-0.0084, -0.0018, 0],
    ];
    expect(affinityIsWeak(abc)).toBe(false);
    // nine.csv c1–c3: 22–27 %.
    const nine = [
      [0, 0.2719, 0.2581],
      [0.2687, 0, 0.231],
      [0.2451, 0.2234, 0],
    ];
    expect(affinityIsWeak(nine)).toBe(false);
  });

  it('says nothing with fewer than two tasks or a non-finite value', () => {
    expect(affinityIsWeak([])).toBe(false);
    expect(affinityIsWeak([[0]])).toBe(false);
    expect(
      affinityIsWeak([
        [0, Number.NaN],
        [0.001, 0],
      ]),
    ).toBe(false);
  });
});

describe('the words, en and zh-CN', () => {
  const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
  const t = (key: string, values: Record<string, unknown>): string => i18n.global.t(key, values);

  it('names the group on its button and the task on Train alone', () => {
    expect(t('compare.affinity.trainGroup', { tasks: 'species, island' })).toBe(
      'Train this group (species, island)',
    );
    expect(t('compare.affinity.trainAlone', { task: 'sex' })).toBe('Train sex alone');
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.affinity.trainGroup', { tasks: 'species, island' })).toBe(
      '训练这一组（species, island）',
    );
    expect(t('compare.affinity.trainAlone', { task: 'sex' })).toBe('单独训练 sex');
    i18n.global.locale.value = 'en';
  });

  it('says the grouping is a weak signal, with the threshold in percent', () => {
    const percent = WEAK_AFFINITY * 100;
    expect(t('compare.affinity.weak', { percent })).toBe(
      'Every affinity is below 1 % of the loss: the tasks barely affect each other in this pass, so this grouping is a weak signal, and training them together or apart should score about the same.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.affinity.weak', { percent })).toBe(
      '所有亲和度都低于损失的 1 %：在这次测量中各任务几乎互不影响，因此这个分组只是很弱的信号，一起训练或分开训练的得分应该差不多。',
    );
    i18n.global.locale.value = 'en';
  });
});

describe('inTaskOrder', () => {
  it("gives ticked tasks in the dataset's order, each once, unknown names left out", () => {
    // By hand: the dataset's order is type, predator, legs.
    expect(inTaskOrder(['predator', 'type'], ['type', 'predator', 'legs'])).toEqual([
      'type',
      'predator',
    ]);
    expect(inTaskOrder(['legs', 'gone', 'legs'], ['type', 'predator', 'legs'])).toEqual(['legs']);
  });
});
