/**
 * Compare says why an Auto run that chose single-task is not Δm's baseline, in the CLI's own
 * words. A new user compared hard sharing (run 1) with Auto → single-task (run 2): both rows
 * said only "needs a single-task run on the same tasks", while `mtl evaluate` explains that
 * run 2 is deliberately not a baseline. `compare.runs` answers the service's
 * `autoSingleTaskRunId` (services/evaluation.ts runComparisons), and the English reason is
 * the CLI's note for one run, word for word (so the two say one thing).
 */
import { describe, expect, it } from 'vitest';
import { autoSingleTaskNote } from '../../src/main/cli/commands/evaluation';
import { runComparisons } from '../../src/main/services/evaluation';
import type { RunInfo } from '../../src/shared/domain';
import type { RunComparisonView } from '../../src/shared/contract';
import { i18n } from '../../src/renderer/src/i18n';
import { deltaReason } from '../../src/renderer/src/components/deltaReason';

const run = (id: number, arch: RunInfo['config']['arch'], auto = false): RunInfo =>
  ({
    id,
    splitId: 1,
    status: 'completed',
    tasks: ['species', 'island'],
    config: { arch },
    auto,
    results: { species: { macroF1: 0.8 }, island: { macroF1: 0.6 } },
  }) as unknown as RunInfo;

describe('Compare: an Auto run that chose single-task is not a Δm baseline', () => {
  it("names it for the hard-sharing run, with the CLI's reason in en and zh-CN", () => {
    const rows: RunComparisonView[] = runComparisons([
      run(1, 'hard-sharing'),
      run(2, 'single-task', true),
    ]);
    expect(rows[0]).toMatchObject({ baselineRunId: null, autoSingleTaskRunId: 2 });
    const t = i18n.global.t;
    i18n.global.locale.value = 'en';
    expect(t('compare.autoSingleWhy', { id: 2 })).toBe(autoSingleTaskNote([2]));
    // The note names the run's method as runMethodLabel does (found by a new user: it said
    // "auto → single-task" where the run is "Auto → Single-task" elsewhere).
    const note = () => {
      const reason = deltaReason(rows[0], [run(2, 'single-task', true)])!;
      return t(reason.key, reason.params);
    };
    expect(note()).toBe(
      'needs a plain single-task run: run 2 (Auto → Single-task) is not a baseline',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(note()).toBe('需要普通的单任务运行：运行 2（自动 → 单任务）不作为基线');
    expect(t('compare.autoSingleWhy', { id: 2 })).toMatch(/^运行 2（自动 → 单任务）不作为 Δm 基线/);
    i18n.global.locale.value = 'en';
  });
});
