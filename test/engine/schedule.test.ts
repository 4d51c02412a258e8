/**
 * The tables' training schedule (engine/schedule.ts): patience scaled to the data, the
 * plateau halving period, and what counts as an improvement. Expected values by hand.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { improves, scaledSchedule, stoppingScore } from '../../src/main/engine/schedule';

const base = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, patience: 20, patienceSteps: 400 };

describe('scaledSchedule', () => {
  it('raises the patience to patienceSteps on a small table and halves the lr every ⌊p/3⌋', () => {
    // 150 rows / 32 = 4.69 → 5 steps an epoch; ⌈400 / 5⌉ = 80 > 20 → patience 80;
    // plateau: halve after every ⌊80 / 3⌋ = 26 epochs without improvement.
    expect(scaledSchedule({ ...base, lrSchedule: 'plateau' }, 150)).toEqual({
      epochs: base.epochs,
      patience: 80,
      reduceEvery: 26,
    });
    // 6 800 rows: 213 steps; ⌈400 / 213⌉ = 2 < 20 → 20 kept; ⌊20 / 3⌋ = 6.
    expect(scaledSchedule({ ...base, lrSchedule: 'plateau' }, 6800)).toMatchObject({
      patience: 20,
      reduceEvery: 6,
    });
    // No schedule: never halved; patience 0: no early stopping, whatever the steps.
    expect(scaledSchedule({ ...base, lrSchedule: 'none' }, 150).reduceEvery).toBe(0);
    expect(scaledSchedule({ ...base, patience: 0 }, 150)).toMatchObject({
      patience: 0,
      reduceEvery: 0,
    });
  });
});

describe('stoppingScore and improves', () => {
  const a = { labelled: 10, loss: 0.5, macroF1: 0.8 };
  const b = { labelled: 10, loss: 0.7, macroF1: 0.6 };
  const none = { labelled: 0, loss: 9, macroF1: 0 };

  it('macroF1: mean F1 of the tasks with labelled rows, ties broken by summed loss', () => {
    // (0.8 + 0.6) / 2 = 0.7; −(0.5 + 0.7) = −1.2; the unlabelled task is left out.
    const [f1, loss] = stoppingScore('macroF1', [a, b, none]);
    expect(f1).toBeCloseTo(0.7, 12);
    expect(loss).toBeCloseTo(-1.2, 12);
    expect(stoppingScore('loss', [a, b, none])[0]).toBeCloseTo(-1.2, 12);
  });

  it('a higher F1 wins even with a higher loss; at equal F1 the lower loss wins', () => {
    expect(improves([0.71, -5], [0.7, -1])).toBe(true);
    expect(improves([0.7, -1.1], [0.7, -1.2])).toBe(true);
    expect(improves([0.7, -1.2], [0.7, -1.2])).toBe(false);
    expect(improves([0.69, 0], [0.7, -1.2])).toBe(false);
  });
});
