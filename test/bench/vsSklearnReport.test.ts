/**
 * The "Accuracy vs scikit-learn" report says, per dataset, how many Hyperband brackets Auto's
 * search ran (reports written before brackets existed searched with successive halving only),
 * and its gap column is Auto − max(LR, HGB) over folds in points (worked out by hand below).
 */
import { describe, expect, it } from 'vitest';
import { vsSklearnMarkdown, type VsSklearnResult } from '../../bench/vsSklearn';

/** One task, Auto 0.80 over folds against LR 0.78 and HGB 0.815: gap 100 · (0.80 − 0.815). */
function result(dataset: string, autoBrackets: number | undefined): VsSklearnResult {
  const ms = (mean: number) => ({ mean, std: 0.01, n: 5 });
  return {
    dataset,
    rows: 100,
    k: 5,
    autoBudgetSeconds: 30,
    ...(autoBrackets !== undefined
      ? {
          autoBrackets,
          autoTrialsPerBracket: [
            [13, 4],
            [9, 0],
          ],
        }
      : {}),
    tasks: [
      {
        task: 't',
        split: {
          single: 0.7,
          bestFixed: 0.71,
          bestFixedMethod: 'mmoe',
          auto: 0.72,
          logreg: 0.7,
          hgb: 0.73,
        },
        folds: {
          single: ms(0.79),
          bestFixed: ms(0.79),
          bestFixedMethod: 'ple',
          auto: ms(0.8),
          logreg: ms(0.78),
          hgb: ms(0.815),
        },
      },
    ],
    deltaM: {},
    sklearnSkipped: null,
    seconds: 12,
  };
}

describe('vsSklearnMarkdown', () => {
  it('writes one bracket line per dataset and the gap in points', () => {
    const md = vsSklearnMarkdown([result('a', 2), result('b', undefined)]);
    expect(md).toContain(
      '- a: Auto searched with 2 Hyperband brackets per sweep, budget 30 s per run (the split and each fold); trials per bracket, split then folds: 13+4, 9+0.',
    );
    expect(md).toContain(
      '- b: Auto searched with 1 Hyperband bracket (successive halving) per sweep, budget 30 s per run (the split and each fold).',
    );
    // 100 · (0.800 − 0.815) = −1.5 points.
    expect(md).toMatch(/\| a \| t \|.*\| -1\.5 \|$/m);
  });

  it("names the search seeds Auto was averaged over and each seed's fold mean", () => {
    const r = {
      ...result('z', 1),
      autoSeeds: [1, 2, 3],
      sklearnFilledLater: 'filled later',
    };
    r.tasks[0].autoSeedMeans = [0.781, 0.845, 0.873];
    const md = vsSklearnMarkdown([r]);
    expect(md).toContain('trials per bracket, split then folds (seed by seed): 13+4, 9+0.');
    expect(md).toContain(
      "- z: Auto's fold scores are the mean over search seeds 1, 2, 3 fold by fold (± over folds); each seed's fold mean: t 0.781 / 0.845 / 0.873. Its Δm is seed 1's.",
    );
    expect(md).toContain('- z: filled later.');
  });
});
