/**
 * A cross-validation whose trunk cannot read its dataset (the MLP on images) is refused with a
 * reason code before anything is stored, and one stored so earlier (before this check) is not
 * continued fold after fold: continuing it says why, and to start a new one with the CNN
 * trunk. Found by a new user, whose image cross-validation failed on every try.
 *
 * Fixture, written here with sharp: 8 grey 8×8 PNG files in folders shade/, 4 black and 4
 * white. Nothing trains: every call here is refused before a fold starts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImages } from '../../src/main/data/images';
import {
  continueRequest,
  crossValidate,
  ensureFoldScheme,
} from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { MtlError } from '../../src/shared/errors';
import { makeTempDir } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const root = join(dir, 'shades');
  for (const shade of ['black', 'white'] as const) {
    await mkdir(join(root, shade), { recursive: true });
    for (let i = 0; i < 4; i++) {
      const grey = shade === 'black' ? i : 250 + i;
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
      })
        .png()
        .toFile(join(root, shade, `${shade}${i}.png`));
    }
  }
  store = await ProjectStore.open(join(dir, 'shades.mtlproj'), { create: true, name: 's' });
  const { dataset } = await importImages(store, root, {
    size: 8,
    colour: 'grey',
    tasksFromFolders: ['shade'],
  });
  datasetId = dataset.id;
  await defineTasks(store, datasetId, [{ column: 'shade' }]);
}, 60_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The error `promise` rejects with (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<MtlError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MtlError);
  return error as MtlError;
}

describe('a cross-validation whose trunk cannot read the images', () => {
  it('is refused with reason TRUNK_MLP_ON_IMAGES before anything is stored', async () => {
    const dataset = await store.datasets.get(datasetId);
    const image = dataset.columns.find((c) => c.type === 'image')!.name;
    const error = await refusal(
      crossValidate(store, {
        datasetId,
        method: { kind: 'fixed', config: { trunk: 'mlp' } },
        plan: { k: 2 },
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details).toMatchObject({
      reason: 'TRUNK_MLP_ON_IMAGES',
      params: { dataset: dataset.name, column: image },
    });
    expect(await store.evaluation.crossValidations(datasetId)).toEqual([]);
  });

  it('stored earlier with the MLP trunk, is not continued: the reason says to start a new one with the CNN trunk', async () => {
    const scheme = await ensureFoldScheme(store, datasetId, { k: 2 });
    const stored = await store.evaluation.createCrossValidation({
      schemeId: scheme.id,
      tasks: ['shade'],
      method: { kind: 'fixed', config: { trunk: 'mlp' } },
    });
    await store.evaluation.finishCrossValidation(stored.id, 'failed', 'an earlier fold failure');
    const request = await continueRequest(store, stored.id);
    const error = await refusal(crossValidate(store, request));
    expect(error.details).toMatchObject({
      reason: 'CV_CONTINUE_MLP_ON_IMAGES',
      params: { id: stored.id },
    });
    expect(error.message).toContain("Start a new cross-validation with trunk 'cnn'");
    // Not reopened, and no fold run started: it stays failed as it was.
    const after = await store.evaluation.crossValidation(stored.id);
    expect(after.status).toBe('failed');
    expect(after.runs).toEqual([]);
  });
});
