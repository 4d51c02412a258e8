/**
 * An Auto run that chose single-task is not Δm's baseline (services/evaluation.ts
 * runComparisons): a new user saw it labelled "Auto → Single-task (baseline)" in Compare,
 * Predict and Train, while Compare said it "is not a baseline", and its own Δm cell said
 * "needs a single-task run on the same tasks". The label drops "(baseline)"; the cell says
 * Auto chose single-task and waits for a plain one, with the CLI's reason as its tooltip.
 * Expected strings written by hand from src/renderer/src/i18n.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runComparisons } from '../../src/main/services/evaluation';
import type { RunInfo } from '../../src/shared/domain';
import { i18n } from '../../src/renderer/src/i18n';
import { runMethodLabel } from '../../src/renderer/src/components/methodLabels';
import { deltaReason } from '../../src/renderer/src/components/deltaReason';

const run = (id: number, arch: RunInfo['config']['arch'], auto = false): RunInfo =>
  ({
    id,
    splitId: 1,
    status: 'completed',
    tasks: ['species', 'island'],
    config: { arch, weighting: 'equal' },
    auto,
    results: { species: { macroF1: 0.8 }, island: { macroF1: 0.6 } },
  }) as unknown as RunInfo;

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('an Auto run that chose single-task', () => {
  it('is not labelled a baseline; a plain single-task run still is', () => {
    i18n.global.locale.value = 'en';
    expect(runMethodLabel(run(2, 'single-task', true))).toBe('Auto → Single-task');
    expect(runMethodLabel(run(3, 'single-task'))).toBe('Single-task (baseline)');
    expect(runMethodLabel(run(4, 'mmoe', true))).not.toMatch(/baseline/);
    i18n.global.locale.value = 'zh-CN';
    expect(runMethodLabel(run(2, 'single-task', true))).toBe('自动 → 单任务');
  });

  it('has a Δm reason of its own; the hard-sharing run names it as no baseline', () => {
    const [hard, auto] = runComparisons([run(1, 'hard-sharing'), run(2, 'single-task', true)]);
    expect(deltaReason(auto)).toEqual({ key: 'compare.autoSingleSelf', params: {}, whyId: 2 });
    expect(deltaReason(hard)).toEqual({
      key: 'compare.autoSingleNoBaseline',
      params: { id: 2, method: 'Auto → Single-task' },
      whyId: 2,
    });
    // Named from the run itself when the page lists it: its CNN trunk too.
    const cnn = { ...run(2, 'single-task', true), config: { arch: 'single-task', trunk: 'cnn' } };
    expect(deltaReason(hard, [cnn as RunInfo])?.params.method).toBe(
      'Auto → Single-task · CNN (images)',
    );
    const t = i18n.global.t;
    expect(t('compare.autoSingleSelf')).toBe(
      'Auto chose single-task; Δm compares it with a plain single-task run on the same tasks (none yet)',
    );
    // With a plain single-task run both are measured against it; the plain run has no line.
    const [h, a, plain] = runComparisons([
      run(1, 'hard-sharing'),
      run(2, 'single-task', true),
      run(3, 'single-task'),
    ]);
    expect(deltaReason(h)).toMatchObject({ key: 'compare.vsRun', params: { id: 3 } });
    expect(deltaReason(a)).toMatchObject({ key: 'compare.vsRun', params: { id: 3 } });
    expect(deltaReason(plain)).toBeNull();
  });
});
