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

function t(key: string, values?: Record<string, unknown>): string {
  return i18n.global.t(key, values ?? {});
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
});
