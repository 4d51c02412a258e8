/**
 * How the CLI names a run's method in `runs` and `evaluate` (a new user's report: Auto runs
 * read as plain "single-task" runs, so one could not tell which run Δm compared against).
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { method } from '../../src/main/cli/output';

const run = (config: Partial<RunInfo['config']>, auto?: boolean): RunInfo =>
  ({ config: { trunk: 'mlp', ...config }, auto }) as unknown as RunInfo;

describe('method', () => {
  it('names the architecture and weighting, and says when Auto chose them', () => {
    expect(method(run({ arch: 'single-task' }))).toBe('single-task');
    expect(method(run({ arch: 'mmoe', weighting: 'dwa' }))).toBe('mmoe · dwa');
    expect(method(run({ arch: 'single-task' }, true))).toBe('auto → single-task');
    expect(method(run({ arch: 'hard-sharing', weighting: 'dwa' }, true))).toBe(
      'auto → hard-sharing · dwa',
    );
    expect(
      method(
        run({ arch: 'hard-sharing', weighting: 'equal', trunk: 'cnn', convFilters: [16, 32] }),
      ),
    ).toBe('hard-sharing · equal · cnn 16/32');
  });
});
