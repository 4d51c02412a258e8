/**
 * Keyboard moves in a confusion matrix (found by a new user: 36 Tab stops for four 3-class
 * matrices; now one per matrix, arrows inside). Expected cells worked out by hand on a 3 × 3
 * matrix, rows and columns 0-based.
 */
import { describe, expect, it } from 'vitest';
import { movedCell } from '../../src/renderer/src/components/matrixKeys';

describe('moving in a 3 × 3 confusion matrix', () => {
  it('moves by arrows and stops at the edges', () => {
    expect(movedCell({ i: 1, j: 1 }, 'ArrowRight', 3)).toEqual({ i: 1, j: 2 });
    expect(movedCell({ i: 1, j: 2 }, 'ArrowRight', 3)).toEqual({ i: 1, j: 2 });
    expect(movedCell({ i: 1, j: 1 }, 'ArrowLeft', 3)).toEqual({ i: 1, j: 0 });
    expect(movedCell({ i: 0, j: 1 }, 'ArrowUp', 3)).toEqual({ i: 0, j: 1 });
    expect(movedCell({ i: 0, j: 1 }, 'ArrowDown', 3)).toEqual({ i: 1, j: 1 });
    expect(movedCell({ i: 2, j: 1 }, 'ArrowDown', 3)).toEqual({ i: 2, j: 1 });
  });

  it('goes to the row’s ends with Home / End, the matrix’s with Ctrl', () => {
    expect(movedCell({ i: 1, j: 1 }, 'Home', 3)).toEqual({ i: 1, j: 0 });
    expect(movedCell({ i: 1, j: 1 }, 'End', 3)).toEqual({ i: 1, j: 2 });
    expect(movedCell({ i: 1, j: 1 }, 'Home', 3, true)).toEqual({ i: 0, j: 0 });
    expect(movedCell({ i: 1, j: 1 }, 'End', 3, true)).toEqual({ i: 2, j: 2 });
  });

  it('leaves other keys to the browser', () => {
    expect(movedCell({ i: 1, j: 1 }, 'Tab', 3)).toBeNull();
    expect(movedCell({ i: 1, j: 1 }, 'Enter', 3)).toBeNull();
  });
});
