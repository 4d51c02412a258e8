/**
 * The final model's "trained for n epochs" wording: a new user read "(median of the folds'
 * early stops)" when every fold had simply run to Max epochs = 6. Expected keys written by
 * hand from the fold runs below (best epoch = the epoch kept; equal to config.epochs means
 * the fold never stopped before its maximum).
 */
import { describe, expect, it } from 'vitest';
import { finalEpochsKey } from '../../src/renderer/src/components/finalEpochsWording';
import { en, zhCN } from '../../src/renderer/src/i18n/training';

type FoldRun = Parameters<typeof finalEpochsKey>[1][number];
const fold = (evaluationId: number, bestEpoch: number | null, epochs = 6, status = 'completed') =>
  ({
    fold: { evaluationId, repeat: 1, fold: 1 },
    status,
    bestEpoch,
    config: { epochs },
  }) as unknown as FoldRun;

describe('the final model epochs wording', () => {
  it('says every fold ran to the maximum when each kept its last epoch', () => {
    expect(finalEpochsKey(1, [fold(1, 6), fold(1, 6), fold(1, 6)])).toBe(
      'train.finalTrainedForMax',
    );
  });

  it("says the median of the folds' best epochs when one fold kept an earlier epoch", () => {
    expect(finalEpochsKey(1, [fold(1, 6), fold(1, 4), fold(1, 6)])).toBe('train.finalTrainedFor');
  });

  it('reads only the completed folds of its own cross-validation', () => {
    // CV 2's fold stopped early and a failed fold of CV 1 has no best epoch: neither counts.
    expect(finalEpochsKey(1, [fold(1, 6), fold(2, 3), fold(1, null, 6, 'failed')])).toBe(
      'train.finalTrainedForMax',
    );
    // No completed fold known: the general wording.
    expect(finalEpochsKey(1, [fold(2, 6)])).toBe('train.finalTrainedFor');
  });

  it('no longer speaks of early stops (en and zh-CN)', () => {
    expect(en.train.finalTrainedFor).toContain("median of the folds' best epochs");
    expect(en.train.finalTrainedFor).not.toContain('early stop');
    expect(en.train.finalTrainedForMax).toContain('every fold ran to the maximum');
    expect(zhCN.train.finalTrainedFor).toContain('各折最佳轮次的中位数');
    expect(zhCN.train.finalTrainedForMax).toContain('最大轮数');
  });
});
