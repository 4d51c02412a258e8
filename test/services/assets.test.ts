/**
 * The assets channels through dispatch (validation included) on a real project: preview
 * and import the real Fashion-MNIST folder with progress events, cancel an import, and
 * thumbnails and originals as data URLs (their bytes checked against the fixture files).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { AssetProgressEvent } from '../../src/shared/contract';
import type { StudioSession } from '../../src/main/services/session';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist', import.meta.url));
const ODD = fileURLToPath(new URL('../fixtures/images-odd', import.meta.url));

let dir: string;
let session: StudioSession;
let events: DispatchSession['events'];
let call: DispatchSession['call'];
let fail: DispatchSession['fail'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-assets-'));
  ({ session, events, call, fail } = dispatchSession(join(dir, 'state')));
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

const progressOf = (importId: string) =>
  events
    .filter((e) => e.channel === 'assets.progress')
    .map((e) => e.payload as AssetProgressEvent)
    .filter((p) => p.importId === importId);

describe('assets channels', () => {
  it('need an open project and a valid request', async () => {
    expect((await fail('assets.preview', { importId: 'p0', path: FASHION })).code).toBe(
      'BAD_REQUEST',
    );
    await call('projects.create', { path: join(dir, 'fashion') });
    const bad = await fail('assets.import', { importId: 'x', path: FASHION, size: 4 });
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/size/);
  });

  it('preview reports the layout, classes, corrupt files and duplicates, with progress', async () => {
    const odd = await call('assets.preview', { importId: 'p1', path: ODD });
    expect(odd).toMatchObject({
      layout: 'flat',
      images: 6,
      duplicates: [['copy-of-grid.png', 'grid.png']],
    });
    expect(odd.corrupt.map((c) => c.path)).toEqual(['broken.png']);
    const preview = await call('assets.preview', { importId: 'p2', path: FASHION });
    expect(preview.images).toBe(500);
    expect(preview.tasks.map((t) => t.name)).toEqual(['label', 'group', 'is_footwear']);
    const last = progressOf('p2').at(-1)!;
    expect(last).toEqual({
      importId: 'p2',
      phase: 'decode',
      images: 500,
      totalImages: 500,
      bytes: preview.bytes,
    });
  });

  it('imports the real folder; thumbnails and originals come back as data URLs', async () => {
    const result = await call('assets.import', {
      importId: 'i1',
      path: FASHION,
      size: 32,
      colour: 'grey',
    });
    expect(result.imported).toBe(500);
    expect(result.pixels).toEqual({
      height: 32,
      width: 32,
      channels: 1,
      colour: 'grey',
      fit: 'cover',
    });
    const datasetId = result.dataset.id;
    expect(progressOf('i1').at(-1)).toMatchObject({ images: 500, totalImages: 500 });
    expect((await call('datasets.list', {})).map((d) => d.name)).toEqual(['fashion-mnist']);
    expect(await call('assets.pixelSettings', { datasetId })).toEqual({
      column: 'path',
      height: 32,
      width: 32,
      channels: 1,
      colour: 'grey',
      fit: 'cover',
    });

    const thumbnails = await call('assets.thumbnails', { datasetId, rowIds: [2, 1] });
    expect(thumbnails.map((t) => t.rowId)).toEqual([2, 1]);
    expect(thumbnails[0].dataUrl).toMatch(/^data:image\/webp;base64,/);
    const thumb = Buffer.from(thumbnails[0].dataUrl.split(',')[1], 'base64');
    expect(await sharp(thumb).metadata()).toMatchObject({ format: 'webp', width: 28, height: 28 });

    const image = await call('assets.image', { datasetId, rowId: 2 });
    const file = await readFile(join(FASHION, 'images/fmnist-0002.png'));
    expect(image).toMatchObject({
      rowId: 2,
      mime: 'image/png',
      path: 'images/fmnist-0002.png',
      bytes: file.length,
      width: 28,
      height: 28,
      channels: 1,
    });
    expect(Buffer.from(image.dataUrl.split(',')[1], 'base64').equals(file)).toBe(true);

    expect((await fail('assets.image', { datasetId, rowId: 999 })).code).toBe('NOT_FOUND');
    const tooMany = Array.from({ length: 501 }, (_, i) => i + 1);
    expect((await fail('assets.thumbnails', { datasetId, rowIds: tooMany })).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('cancel stops an import in flight and stores nothing', async () => {
    const before = (await call('datasets.list', {})).length;
    const started = call('assets.import', {
      importId: 'i2',
      path: FASHION,
      name: 'again',
      size: 28,
    });
    // Cancel once the import is decoding.
    await new Promise<void>((resolve) => {
      const stop = session.onEvent((channel, payload) => {
        if (channel === 'assets.progress' && (payload as AssetProgressEvent).importId === 'i2') {
          stop();
          resolve();
        }
      });
    });
    expect(await call('assets.cancel', { importId: 'i2' })).toEqual({ cancelled: true });
    await expect(started).rejects.toThrow(/IMPORT_CANCELLED/);
    expect((await call('datasets.list', {})).length).toBe(before);
    expect(await call('assets.cancel', { importId: 'i2' })).toEqual({ cancelled: false });
  });

  it('cardExample draws the cards beside the project, imports them and defines four tasks', async () => {
    const {
      dataset,
      dir: cards,
      passedOver,
    } = await call('assets.cardExample', {
      importId: 'cards',
      count: 120,
    });
    expect(dataset).toMatchObject({ name: 'cards', rowCount: 120 });
    expect([cards, passedOver]).toEqual([join(dir, 'fashion-cards'), []]);
    // The generator's manifest (data/images/cards.ts): path + the four attributes.
    expect(dataset.columns.map((c) => [c.name, c.type])).toEqual([
      ['path', 'image'],
      ['colour', 'categorical'],
      ['points', 'categorical'],
      ['pattern', 'categorical'],
      ['texture', 'categorical'],
    ]);
    const tasks = await call('tasks.list', { datasetId: dataset.id });
    expect(tasks.map((t) => t.name)).toEqual(['colour', 'points', 'pattern', 'texture']);
    expect(tasks.find((t) => t.name === 'points')!.classes).toEqual(['1', '2', '3', '4']);
    // The files stay beside the project file ("fashion.mtlproj" → fashion-cards/).
    const manifest = await readFile(join(dir, 'fashion-cards', 'manifest.csv'), 'utf8');
    expect(manifest.trim().split('\n')).toHaveLength(121);
    const phases = new Set(progressOf('cards').map((p) => p.phase));
    expect([...phases].sort()).toEqual(['decode', 'scan']);
    // A second try finds the dataset "cards" already there.
    expect((await fail('assets.cardExample', { importId: 'cards2', count: 120 })).code).toBe(
      'BAD_REQUEST',
    );
    expect((await fail('assets.cardExample', { importId: 'c', count: 5 })).code).toBe(
      'BAD_REQUEST',
    );
  });
});
