/**
 * The Train form's shared trunk follows the selected dataset as it is now (a new user
 * imported a folder of images into a new project and found "MLP (table columns)" greyed out:
 * the form kept the trunk of the dataset before its import ended, and every fold failed).
 * Expected values written by hand from the rule of services/trainingJobs.ts trunkFor: an
 * input column of type image means 'cnn', anything else 'mlp'.
 */
import { describe, expect, it } from 'vitest';
import { datasetTrunk, restoredValues } from '../../src/renderer/src/components/configForm';

describe('the dataset trunk', () => {
  it('is cnn for an image input column, mlp for tables, ignored or target images, and no columns', () => {
    expect(datasetTrunk([{ type: 'image', role: 'input' }])).toBe('cnn');
    expect(
      datasetTrunk([
        { type: 'categorical', role: 'target' },
        { type: 'image', role: 'input' },
      ]),
    ).toBe('cnn');
    expect(datasetTrunk([{ type: 'numeric', role: 'input' }])).toBe('mlp');
    expect(datasetTrunk([{ type: 'image', role: 'ignore' }])).toBe('mlp');
    // A dataset whose import has not ended yet has no columns.
    expect(datasetTrunk([])).toBe('mlp');
    expect(datasetTrunk(undefined)).toBe('mlp');
    expect(datasetTrunk(null)).toBe('mlp');
  });

  it('changes when the same dataset gains its image column (an import ended)', () => {
    const before: { type: string; role: string }[] = [];
    const after = [
      { type: 'image', role: 'input' },
      { type: 'categorical', role: 'target' },
    ];
    expect(datasetTrunk(before)).toBe('mlp');
    expect(datasetTrunk(after)).toBe('cnn');
  });
});

describe('the restored form', () => {
  const defaults = { arch: 'hard-sharing', trunk: 'mlp', epochs: 50 };
  const known = new Set(['arch', 'trunk', 'epochs']);

  it("takes the dataset's trunk over a draft saved before the images were imported", () => {
    const draft = { arch: 'mmoe', trunk: 'mlp', epochs: 6 };
    expect(restoredValues(defaults, draft, known, 'cnn')).toEqual({
      arch: 'mmoe',
      trunk: 'cnn',
      epochs: 6,
    });
  });

  it("takes the dataset's trunk over the engine's default when there is no draft", () => {
    expect(restoredValues(defaults, null, known, 'cnn')).toEqual({
      arch: 'hard-sharing',
      trunk: 'cnn',
      epochs: 50,
    });
    // A table after an image dataset: back to mlp, whatever the draft says.
    expect(restoredValues(defaults, { trunk: 'cnn' }, known, 'mlp').trunk).toBe('mlp');
  });

  it('leaves out draft entries that are no field of the form, and keeps the defaults', () => {
    const values = restoredValues(defaults, { evaluation: 'cv', epochs: 8 }, known, 'mlp');
    expect(values).toEqual({ arch: 'hard-sharing', trunk: 'mlp', epochs: 8 });
    expect(defaults.trunk).toBe('mlp'); // not written through
  });
});
