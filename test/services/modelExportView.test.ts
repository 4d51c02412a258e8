/**
 * What the studio is told of a written bundle: a cross-validation's final model has no test
 * rows, so the rows it was verified on are rows it trained on (a new user read "verified on
 * 344 test rows"). The bundles are hand-written stand-ins of what exportModel returns.
 */
import { describe, expect, it } from 'vitest';
import type { BundleExport } from '../../src/main/export/bundle';
import { modelExportView } from '../../src/main/services/exports';

function written(refit?: { rows: 'training+validation' | 'all-labelled' }): BundleExport {
  return {
    path: '/tmp/bundle',
    kind: 'folder',
    files: [{ name: 'model.json', bytes: 10 }],
    replaced: false,
    metadata: {
      training: refit ? { refit: { ...refit, epochs: 30, epochsPerTask: {} } } : {},
      verification: { rows: 344, maxAbsDifference: 1e-7, tolerance: 1e-4, backend: 'cpu' },
    },
  } as unknown as BundleExport;
}

describe('exports.model answer', () => {
  it('says a final model was verified on rows it trained on, other runs on their test rows', () => {
    expect(modelExportView(written({ rows: 'all-labelled' }))).toMatchObject({
      verifiedRows: 344,
      verifiedOn: 'training',
    });
    // Auto's refit on training + validation rows keeps its test split.
    expect(modelExportView(written({ rows: 'training+validation' })).verifiedOn).toBe('test');
    expect(modelExportView(written())).toEqual({
      path: '/tmp/bundle',
      kind: 'folder',
      files: [{ name: 'model.json', bytes: 10 }],
      verifiedRows: 344,
      verifiedOn: 'test',
      maxAbsDifference: 1e-7,
      replaced: false,
    });
  });
});
