/**
 * The Train form's Auto sends the form's Max epochs (a new user's trials trained 107–113
 * epochs under Max epochs 60): as `train --arch auto --epochs 60`, it caps every trial.
 * Expected objects written by hand.
 */
import { describe, expect, it } from 'vitest';
import { autoBaseOf } from '../../src/renderer/src/components/autoBase';

describe("Auto's base from the Train form", () => {
  it('sends Max epochs with the PLE fields', () => {
    expect(
      autoBaseOf(['numLevels', 'specificExperts', 'epochs'], {
        numLevels: 2,
        specificExperts: '3',
        epochs: 60,
        learningRate: 0.01,
      }),
    ).toEqual({ numLevels: 2, specificExperts: 3, epochs: 60 });
  });

  it('leaves out fields the form lacks, and emptied ones', () => {
    expect(autoBaseOf(['epochs'], { epochs: '', numLevels: 2 })).toEqual({});
    expect(autoBaseOf(['numLevels'], { numLevels: 1, epochs: 60 })).toEqual({ numLevels: 1 });
  });
});
