/**
 * Messages about whole numbers say "whole number", as the CLI does, never "integer": a row
 * page's offset and limit (rowPages.ts, limit 0 to 10 000), an id (sqlCodec.ts requireId).
 * Expected messages written out by hand.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/main/store/projectStore';
import { requireId } from '../../src/main/store/sqlCodec';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  datasetId = (await store.datasets.create(irisLikeDataset(), rowSource(irisRows))).id;
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('whole-number messages', () => {
  it("name a row page's offset and limit as whole numbers with their range", async () => {
    await expect(store.datasets.readRows(datasetId, { offset: -1, limit: 10 })).rejects.toThrow(
      'offset must be a whole number ≥ 0, got -1',
    );
    await expect(store.datasets.readRows(datasetId, { offset: 0, limit: 1.5 })).rejects.toThrow(
      'limit must be a whole number from 0 to 10000, got 1.5',
    );
    await expect(store.datasets.readRows(datasetId, { offset: 0, limit: 10_001 })).rejects.toThrow(
      'limit must be a whole number from 0 to 10000, got 10001',
    );
    // In range: a page (the iris-like rows, 2 of them from the first).
    expect((await store.datasets.readRows(datasetId, { offset: 0, limit: 2 })).rows).toHaveLength(
      2,
    );
  });

  it('name an id as a whole number ≥ 1', () => {
    expect(() => requireId(0, 'Row')).toThrow('Row id must be a whole number ≥ 1, got 0');
    expect(requireId(7, 'Row')).toBe(7);
  });
});
