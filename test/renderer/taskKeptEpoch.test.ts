/**
 * A task's "best" line sits on its own curve: a new user's Auto refit drew species' curve to
 * epoch 23 (its own refit count) and its line at epoch 41 (the run's bestEpoch, the longest
 * task's). Records and expected epochs written by hand.
 */
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/shared/domain';
import {
  keptEpochsDiffer,
  keptEpochsPerTask,
  perTaskEpochsText,
  taskKeptEpoch,
} from '../../src/shared/perTaskEpochs';

const metrics = { trainLoss: 1, valLoss: 1, valMacroF1: 0.5 } as EpochRecord['tasks'][string];
/** Epochs 1..n: species until `speciesUntil` (stopped there, keeping `kept`), island all. */
function records(n: number, speciesUntil: number, kept?: number): EpochRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const epoch = i + 1;
    return {
      epoch,
      trainLoss: 1,
      valLoss: 1,
      seconds: 0.1,
      tasks: epoch <= speciesUntil ? { species: metrics, island: metrics } : { island: metrics },
      ...(kept !== undefined && epoch === speciesUntil
        ? { stoppedTasks: { species: { bestEpoch: kept, valMacroF1: 0.5 } } }
        : {}),
    } as EpochRecord;
  });
}

describe("a task's kept epoch", () => {
  it("is the refit's own count for that task", () => {
    const epochs = records(41, 23, 23);
    expect(taskKeptEpoch(epochs, 'species', 41, { species: 23, island: 41 })).toBe(23);
    expect(taskKeptEpoch(epochs, 'island', 41, { species: 23, island: 41 })).toBe(41);
  });

  it('is the epoch a stopped task kept, else the run’s, never past the curve’s end', () => {
    // Stopped at 23, kept its epoch 18 (early stopping with patience 5).
    expect(taskKeptEpoch(records(41, 23, 18), 'species', 41)).toBe(18);
    expect(taskKeptEpoch(records(41, 23, 18), 'island', 41)).toBe(41);
    // No stoppedTasks recorded (an older run): the line moves back to the curve's last epoch.
    expect(taskKeptEpoch(records(41, 23), 'species', 41)).toBe(23);
    expect(taskKeptEpoch(records(41, 41), 'species', 30)).toBe(30);
    expect(taskKeptEpoch([], 'species', 30)).toBe(30);
    expect(taskKeptEpoch(records(5, 5), 'species', null)).toBeNull();
  });
});

describe("a run's kept epochs per task and their text", () => {
  it('names each task with its own epoch when they differ (single-task networks)', () => {
    // species stopped at 23 keeping 18; island ran on to 41 (the run's bestEpoch).
    const perTask = keptEpochsPerTask(records(41, 23, 18), ['species', 'island'], 41);
    expect(perTask).toEqual({ species: 18, island: 41 });
    expect(keptEpochsDiffer(perTask)).toBe(true);
    expect(perTaskEpochsText(perTask!)).toBe('species 18, island 41');
    expect(perTaskEpochsText(perTask!, '，')).toBe('species 18，island 41');
  });

  it('is one epoch for tasks that share a network, and null without a kept epoch', () => {
    // Both tasks trained all 30 epochs, none stopped on its own: the run's 25 for both.
    const shared = keptEpochsPerTask(records(30, 30), ['species', 'island'], 25);
    expect(shared).toEqual({ species: 25, island: 25 });
    expect(keptEpochsDiffer(shared)).toBe(false);
    expect(keptEpochsPerTask(records(3, 3), ['species', 'island'], null)).toBeNull();
    expect(keptEpochsDiffer(null)).toBe(false);
  });
});
