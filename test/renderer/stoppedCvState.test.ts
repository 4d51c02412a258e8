/**
 * How the studio names a stopped cross-validation and its state (Train view's list of
 * stopped ones, Compare's table), in English and Chinese. Found by a new user: one cancelled
 * before its first fold finished was listed nowhere. Expected texts by hand: 0 of 5 folds
 * (k = 5, one repetition), 3 of 6 (k = 3, two repetitions).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrossValidationSummary } from '../../src/shared/domain';
import {
  crossValidationLabel,
  stoppedStateText,
} from '../../src/renderer/src/components/crossValidationLabels';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

/** The fields the texts read of a summary. */
function summary(
  status: CrossValidationSummary['evaluation']['status'],
  folds: number,
  scheme: { k: number; repeats: number },
  method: CrossValidationSummary['evaluation']['method'],
): Pick<CrossValidationSummary, 'evaluation' | 'folds' | 'scheme'> {
  return {
    evaluation: {
      id: 7,
      schemeId: 1,
      datasetId: 1,
      tasks: ['species'],
      method,
      status,
      createdAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
      error: null,
      runs: [],
    },
    folds,
    scheme: { ...scheme, seed: 1 },
  };
}

const MMOE = { kind: 'fixed', config: { arch: 'mmoe', weighting: 'uncertainty' } } as const;

describe('a stopped cross-validation in the studio', () => {
  it('says its status and how many of its folds finished, none included', () => {
    i18n.global.locale.value = 'en';
    expect(stoppedStateText(summary('cancelled', 0, { k: 5, repeats: 1 }, MMOE))).toBe(
      'stopped (cancelled) — 0 of 5 folds finished',
    );
    expect(stoppedStateText(summary('interrupted', 3, { k: 3, repeats: 2 }, MMOE))).toBe(
      'stopped (interrupted) — 3 of 6 folds finished',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(stoppedStateText(summary('cancelled', 0, { k: 5, repeats: 1 }, MMOE))).toBe(
      '已停止（已取消）— 5 折中已完成 0 折',
    );
  });

  it('is named by its id and method, an Auto one by its budget', () => {
    i18n.global.locale.value = 'en';
    expect(crossValidationLabel(summary('cancelled', 0, { k: 5, repeats: 1 }, MMOE))).toBe(
      'CV7 MMoE · Uncertainty',
    );
    const auto = { kind: 'auto', budgetSeconds: 2, seed: 1 } as const;
    expect(crossValidationLabel(summary('failed', 1, { k: 2, repeats: 1 }, auto))).toBe(
      'CV7 Auto (2 s per fold)',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(crossValidationLabel(summary('failed', 1, { k: 2, repeats: 1 }, auto))).toBe(
      'CV7 自动（每折 2 秒）',
    );
  });
});
