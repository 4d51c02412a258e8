/**
 * `runs` / `train` text output of an Auto search (printAutoSearch): a search ended early in
 * the studio ("End search now", AutoSearch.endedEarly) says so before its table; any other
 * search prints as before, without that line. Hand-made searches of one trial.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printAutoSearch } from '../../src/main/cli/commands/trainingOutput';
import { DEFAULT_TRAIN_CONFIG, type AutoSearch, type RunInfo } from '../../src/shared/domain';

const LINE =
  "The search was ended early at the user's request (End search now), as if its budget had run out.";

/** One default trained like a normal run, chosen. */
const search: AutoSearch = {
  selection: 'validation',
  innerFolds: 0,
  budgetSeconds: 60,
  seed: 42,
  trials: [
    {
      id: 1,
      config: DEFAULT_TRAIN_CONFIG,
      epochs: 12,
      full: true,
      score: 0.8,
      bestEpoch: 9,
      perTask: { species: 0.8 },
      seconds: 3,
    },
  ],
  chosenTrial: 1,
  chosen: DEFAULT_TRAIN_CONFIG,
  seconds: 3,
};

/** What printAutoSearch printed, line by line. */
function printed(s: AutoSearch): string[] {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  printAutoSearch(s, { id: 7 } as RunInfo);
  return log.mock.calls.flatMap((c) => String(c[0]).split('\n'));
}

afterEach(() => vi.restoreAllMocks());

describe('printAutoSearch', () => {
  it('says a search ended early first', () => {
    const lines = printed({ ...search, endedEarly: true });
    expect(lines[0]).toBe(LINE);
    expect(lines[1]).toMatch(/^Auto tried 1 configuration in 3 s/);
  });

  it('prints no such line for a search that ran out its budget', () => {
    const lines = printed(search);
    expect(lines).not.toContain(LINE);
    expect(lines[0]).toMatch(/^Auto tried 1 configuration in 3 s/);
  });
});
