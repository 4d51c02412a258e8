/**
 * The folds panel's final-model row (components/finalModelOffer.ts): it names the newest
 * final model of its cross-validation and offers training one exactly when the service
 * answers `allowed` (training.finalModelAvailability) — also when a final model exists but
 * its labels changed since (run N named), never when the service refuses (FINAL_MODEL_EXISTS),
 * whatever the listed runs suggest. Inputs are written by hand; expected values follow from
 * the rule stated in the module's docstring.
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import type { FinalModelAvailability } from '../../src/shared/finalModel';
import { finalModelOffer } from '../../src/renderer/src/components/finalModelOffer';

const run = (id: number, extra: Partial<RunInfo>): RunInfo => ({ id, ...extra }) as RunInfo;
const runs = [
  run(1, { fold: { evaluationId: 1, repeat: 0, fold: 0 }, status: 'completed' }),
  run(2, { fold: { evaluationId: 1, repeat: 0, fold: 1 }, status: 'completed' }),
  run(3, {
    finalOf: { evaluationId: 1, labelledRows: 20, epochs: 3, epochsPerTask: { y: 3 } },
    status: 'completed',
  }),
  run(4, {
    finalOf: { evaluationId: 2, labelledRows: 20, epochs: 3, epochsPerTask: { y: 3 } },
    status: 'completed',
  }),
];
const exists: FinalModelAvailability = {
  allowed: false,
  error: {
    code: 'BAD_REQUEST',
    message: 'Cross-validation 1 already has a final model: run 3.',
    details: { reason: 'FINAL_MODEL_EXISTS', params: { id: 1, run: 3 }, runId: 3 },
  },
};

describe('the final-model row of a folds panel', () => {
  it('names the final model and offers none while the service refuses one', () => {
    const offer = finalModelOffer(exists, runs, 1);
    expect(offer.shown?.id).toBe(3);
    expect(offer).toMatchObject({ train: false, labelsChangedSince: null, auto: false });
  });

  it('offers a new one, saying since which run labels changed, when the service allows it', () => {
    const offer = finalModelOffer({ allowed: true, labelsChangedSince: 3 }, runs, 1);
    expect(offer).toMatchObject({ train: true, labelsChangedSince: 3 });
    expect(offer.shown?.id).toBe(3);
  });

  it('offers the first one with no final model yet, and nothing before the answer', () => {
    expect(finalModelOffer({ allowed: true, labelsChangedSince: null }, runs, 5)).toEqual({
      shown: null,
      train: true,
      labelsChangedSince: null,
      auto: false,
    });
    expect(finalModelOffer(null, runs, 1)).toMatchObject({ train: false });
  });

  it("shows the newest of several (a stopped one's successor) and only its own CV's", () => {
    const more = [
      ...runs,
      run(7, {
        finalOf: { evaluationId: 1, labelledRows: 21, epochs: 3, epochsPerTask: { y: 3 } },
        status: 'running',
      }),
    ];
    expect(finalModelOffer(exists, more, 1).shown?.id).toBe(7);
    expect(finalModelOffer(exists, more, 2).shown?.id).toBe(4);
  });

  it('says an Auto cross-validation was refused as one', () => {
    const auto: FinalModelAvailability = {
      allowed: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'Cross-validation 1 evaluated Auto.',
        details: { reason: 'FINAL_CV_OF_AUTO', params: { id: 1 } },
      },
    };
    expect(finalModelOffer(auto, runs, 1)).toMatchObject({ train: false, auto: true });
  });
});
