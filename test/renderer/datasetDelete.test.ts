/**
 * The Data view's question before deleting a dataset (found by a new user: "This cannot be
 * undone", and only once confirmed the refusal "Run 16 is training on this dataset"). Runs as
 * in that report; expected sentences are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import {
  deleteDatasetQuestion,
  trainingRunOf,
} from '../../src/renderer/src/components/datasetDelete';
import { MESSAGES } from '../../src/renderer/src/i18n';
import type { RunInfo } from '../../src/shared/domain';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

function t(key: string, values?: Record<string, unknown>, plural?: number): string {
  return plural === undefined
    ? i18n.global.t(key, values ?? {})
    : i18n.global.t(key, values ?? {}, plural);
}

const run = (id: number, status: RunInfo['status'], datasetId = 3) => ({ id, datasetId, status });
const dataset = { id: 3, name: 'big', rowCount: 600 };

describe('deleting a dataset', () => {
  it('offers no Delete while a run trains on it, and names that run', () => {
    i18n.global.locale.value = 'en';
    const runs = [run(15, 'cancelled'), run(16, 'running')];
    expect(trainingRunOf(runs, 3)).toBe(16);
    expect(deleteDatasetQuestion(dataset, runs, 2, t)).toEqual({
      title: 'Delete the dataset “big”?',
      message:
        'Run 16 is training on this dataset: cancel it (in the Train view) before deleting the dataset.',
      confirmLabel: null,
      cancelLabel: 'Close',
    });
    i18n.global.locale.value = 'zh-CN';
    expect(deleteDatasetQuestion(dataset, runs, 2, t).message).toBe(
      '运行 16 正在此数据集上训练：请先（在“训练”视图中）取消它，再删除数据集。',
    );
    // A queued run counts too (the server refuses the delete for it as well).
    expect(trainingRunOf([run(17, 'queued')], 3)).toBe(17);
  });

  it('asks as before when no run of it trains', () => {
    i18n.global.locale.value = 'en';
    const runs = [run(15, 'cancelled'), run(16, 'completed'), run(20, 'running', 4)];
    expect(trainingRunOf(runs, 3)).toBeNull();
    expect(deleteDatasetQuestion(dataset, runs, 2, t)).toEqual({
      title: 'Delete the dataset “big”?',
      message:
        'Its 600 rows, 2 tasks and 2 runs (with their results and models) are removed from the project file. This cannot be undone.',
      confirmLabel: 'Delete the dataset',
    });
  });

  it('says one row, one task and one run in the singular (English)', () => {
    // By hand: a 1-row dataset with 1 task and 1 finished run.
    i18n.global.locale.value = 'en';
    const one = { id: 3, name: 'tiny', rowCount: 1 };
    expect(deleteDatasetQuestion(one, [run(15, 'completed')], 1, t).message).toBe(
      'Its 1 row, 1 task and 1 run (with their results and models) are removed from the project file. This cannot be undone.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(deleteDatasetQuestion(dataset, [run(15, 'completed')], 2, t).message).toBe(
      '它的 600 行、2 个任务和 1 次运行（及其结果和模型）将从项目文件中删除。此操作无法撤销。',
    );
    i18n.global.locale.value = 'en';
  });
});
