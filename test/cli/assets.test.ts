/**
 * `mtl-studio import-images` and `generate-cards` as a user runs them (a real process):
 * JSON shapes, the preview, corrupt images refused by default and skipped on request, and
 * folder levels as tasks on generated cards.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('mtl-studio import-images', () => {
  it('--preview needs no project and lists what it found', async () => {
    const { code, stdout } = await cli(
      '--json',
      'import-images',
      fixture('images-odd'),
      '--preview',
    );
    expect(code).toBe(0);
    const { preview } = JSON.parse(stdout);
    expect(preview).toMatchObject({ layout: 'flat', images: 6 });
    expect(preview.corrupt[0].path).toBe('broken.png');
    const text = await cli('import-images', fixture('images-odd'), '--preview');
    expect(text.stdout).toMatch(/corrupt: broken\.png: cannot be decoded/);
    expect(text.stdout).toMatch(/duplicates \(same content\): copy-of-grid\.png, grid\.png/);
  });

  it('refuses a folder with a corrupt image by default, imports it with --on-corrupt skip', async () => {
    const project = `${dir}/odd.mtlproj`;
    const refused = await cli(
      '--json',
      'import-images',
      fixture('images-odd'),
      '-p',
      project,
      '--size',
      '8',
    );
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'IMAGE_DECODE' });
    expect(JSON.parse(refused.stdout).error.message).toMatch(/^broken\.png: cannot be decoded/);
    const { code, stdout } = await cli(
      '--json',
      'import-images',
      fixture('images-odd'),
      '-p',
      project,
      '--size',
      '8',
      '--colour',
      'grey',
      '--on-corrupt',
      'skip',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ project, layout: 'flat', imported: 6 });
    expect(doc.pixels).toEqual({ height: 8, width: 8, channels: 1, colour: 'grey', fit: 'cover' });
    expect(doc.skipped.map((s: { path: string }) => s.path)).toEqual(['broken.png']);
    expect(doc.dataset.rowCount).toBe(6);
  });

  it('generate-cards writes cards and a manifest that import-images reads as label columns', async () => {
    const cards = `${dir}/cards`;
    const generated = await cli(
      '--json',
      'generate-cards',
      cards,
      '--count',
      '12',
      '--seed',
      '3',
      '--size',
      '48',
    );
    expect(generated.code).toBe(0);
    const summary = JSON.parse(generated.stdout);
    expect(summary).toMatchObject({ count: 12, seed: 3, size: 48, manifest: 'manifest.csv' });
    const manifest = (await readFile(`${cards}/manifest.csv`, 'utf8')).trim().split('\n');
    expect(manifest).toHaveLength(13);
    const project = `${dir}/cards.mtlproj`;
    const { code, stdout } = await cli('import-images', cards, '-p', project, '--size', '32');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Imported 12 images into dataset 1 "cards" \(layout manifest; training pixels 32×32 rgb, fit cover\)/,
    );
    expect(stdout).toMatch(/colour/);
  });
});
