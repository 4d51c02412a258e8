/**
 * `mtl-studio import-images` and `generate-cards` as a user runs them (a real process):
 * JSON shapes, the preview (a file a manifest lists twice listed there), corrupt images
 * refused by default and skipped on request, and folder levels as tasks on generated cards.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { pngWithFirstRow } from '../data/images/handPng';
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
    expect(text.stdout).toMatch(/corrupt: broken\.png: the image data is damaged or truncated \(/);
    expect(text.stdout).toMatch(/duplicates \(same content\): copy-of-grid\.png, grid\.png/);
  });

  it('--preview lists a file the manifest lists twice, with both lines; the import refuses it', async () => {
    // By hand: line 1 is the header; a.png on lines 2 and 4 ('./a.png' is the same file).
    const folder = `${dir}/twice`;
    await mkdir(folder, { recursive: true });
    for (const name of ['a', 'b'])
      await copyFile(fixture('images-odd/grid.png'), `${folder}/${name}.png`);
    await writeFile(`${folder}/manifest.csv`, 'path,kind\na.png,x\nb.png,y\n./a.png,z\n');
    const preview = await cli('import-images', folder, '--preview');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(
      'listed twice: a.png: manifest lines 2 and 4; list each file once',
    );
    const refused = await cli('import-images', folder, '-p', `${dir}/twice.mtlproj`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "the image 'a.png' (written 'a.png' and './a.png') is listed twice, on lines 2 and 4",
    );
  });

  it('--preview of a folder without images fails as the import does; an empty class folder is named', async () => {
    // By hand: the import of an empty folder exits 1 with "No image files in <folder>".
    const empty = `${dir}/empty`;
    await mkdir(empty, { recursive: true });
    await writeFile(`${empty}/notes.txt`, 'not an image');
    const imported = await cli('import-images', empty, '-p', `${dir}/empty.mtlproj`);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`No image files in ${empty}`);
    const preview = await cli('import-images', empty, '--preview');
    expect(preview.code).toBe(1);
    expect(preview.stderr).toContain(`No image files in ${empty}`);
    expect(preview.stdout).toContain('Not images (ignored): 1: notes.txt.');
    const json = await cli('--json', 'import-images', empty, '--preview');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.message).toBe(`No image files in ${empty}`);

    // Sub-folders as classes: cat/ holds an image, dog/ nothing, bird/ only a text file.
    const classes = `${dir}/classes`;
    for (const name of ['cat', 'dog', 'bird'])
      await mkdir(`${classes}/${name}`, { recursive: true });
    await copyFile(fixture('images-odd/grid.png'), `${classes}/cat/a.png`);
    await writeFile(`${classes}/bird/readme.txt`, 'no image');
    const folders = await cli('import-images', classes, '--preview');
    expect(folders.code).toBe(0);
    expect(folders.stdout).toContain('Layout folders');
    expect(folders.stdout).toContain('empty folder: bird/: no image file, so no class from it');
    expect(folders.stdout).toContain('empty folder: dog/: no image file, so no class from it');
    const doc = JSON.parse((await cli('--json', 'import-images', classes, '--preview')).stdout);
    expect(doc.preview.emptyFolders).toEqual(['bird', 'dog']);
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
    expect(JSON.parse(refused.stdout).error.message).toMatch(
      /^broken\.png: the image data is damaged or truncated \(/,
    );
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

  it('an image over the pixel limit is too large, not corrupt, and 1 image is singular', async () => {
    // 20 000 × 15 000 px = 3e8 px > sharp's limit 0x3FFF² = 268 402 689 (a valid header
    // written by hand, handPng.ts), beside one readable image.
    const folder = `${dir}/bigimgs`;
    await mkdir(folder, { recursive: true });
    await copyFile(fixture('images-odd/grid.png'), `${folder}/grid.png`);
    await writeFile(`${folder}/huge.png`, pngWithFirstRow(20000, 15000));
    const preview = await cli('import-images', folder, '--preview');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('1 readable image,');
    expect(preview.stdout).toContain('too large: huge.png: 20000 × 15000 px (limit 268402689 px)');
    expect(preview.stdout).not.toContain('corrupt: huge.png');
  });

  it("a zero-byte image is a corrupt image: listed, refused with the CLI's flag, skipped on request", async () => {
    // The user's reproduction: `: > badimgs/dog/empty.jpg` beside readable images.
    const folder = `${dir}/badimgs`;
    await mkdir(`${folder}/dog`, { recursive: true });
    await mkdir(`${folder}/cat`, { recursive: true });
    await copyFile(fixture('images-odd/grid.png'), `${folder}/cat/grid.png`);
    await copyFile(fixture('images-odd/photo.jpg'), `${folder}/dog/photo.jpg`);
    await writeFile(`${folder}/dog/empty.jpg`, '');
    const preview = await cli('import-images', folder, '--preview');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/corrupt: dog\/empty\.jpg: empty file \(0 bytes\)/);
    const project = `${dir}/badimgs.mtlproj`;
    const refused = await cli('import-images', folder, '-p', project, '--size', '8');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: dog/empty.jpg: empty file (0 bytes). Nothing was imported; use --on-corrupt skip\n',
    );
    const refusedJson = await cli('--json', 'import-images', folder, '-p', project, '--size', '8');
    expect(JSON.parse(refusedJson.stdout).error).toMatchObject({
      code: 'IMAGE_DECODE',
      details: { path: 'dog/empty.jpg', remedy: { onCorrupt: 'skip' } },
    });
    const skipped = await cli(
      '--json',
      'import-images',
      folder,
      '-p',
      project,
      '--size',
      '8',
      '--on-corrupt',
      'skip',
    );
    expect(skipped.code).toBe(0);
    const doc = JSON.parse(skipped.stdout);
    expect(doc.imported).toBe(2);
    expect(doc.skipped).toEqual([
      { path: 'dog/empty.jpg', reason: 'empty file (0 bytes)', kind: 'EMPTY_FILE' },
    ]);
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
    // Through the manifest file itself: named after its folder too (a new user's wizard
    // named it "manifest"); an explicit --name wins.
    const other = `${dir}/cards-by-manifest.mtlproj`;
    const viaManifest = await cli('import-images', `${cards}/manifest.csv`, '-p', other);
    expect(viaManifest.code).toBe(0);
    expect(viaManifest.stdout).toMatch(/^Imported 12 images into dataset 1 "cards" \(/);
    const named = await cli(
      'import-images',
      `${cards}/manifest.csv`,
      '-p',
      other,
      '--name',
      'deck',
    );
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/^Imported 12 images into dataset 2 "deck" \(/);
  });

  it("generate-cards refuses a folder that holds files; --force replaces only a card set's own", async () => {
    // A user's own manifest.csv: before this check it was silently replaced.
    const mine = `${dir}/mine`;
    await mkdir(mine, { recursive: true });
    await writeFile(`${mine}/manifest.csv`, 'path,kind\nmy.png,x\n');
    const refused = await cli('generate-cards', mine, '--count', '2', '--size', '32');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the folder "${mine}" already holds 1 entry (manifest.csv)`);
    expect(await readFile(`${mine}/manifest.csv`, 'utf8')).toBe('path,kind\nmy.png,x\n');
    const forced = await cli('generate-cards', mine, '--count', '2', '--size', '32', '--force');
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('holds 1 file that 2 cards would not replace (manifest.csv)');
    expect(await readFile(`${mine}/manifest.csv`, 'utf8')).toBe('path,kind\nmy.png,x\n');

    // A second, smaller set: 4 cards then 2. By hand: 4 cards are images/card-00001…00004.png
    // (5 digits below 100 000 cards), so 2 cards would leave card-00003 and card-00004 behind.
    const set = `${dir}/again`;
    expect((await cli('generate-cards', set, '--count', '4', '--size', '32')).code).toBe(0);
    const again = await cli('generate-cards', set, '--count', '4', '--size', '32');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `the folder "${set}" already holds 2 entries (images/, manifest.csv)`,
    );
    const smaller = await cli('generate-cards', set, '--count', '2', '--size', '32', '--force');
    expect(smaller.code).toBe(1);
    expect(smaller.stderr).toContain(
      'holds 2 files that 2 cards would not replace (images/card-00003.png, images/card-00004.png)',
    );
    // The same count with --force replaces exactly its own files (a new seed, a new manifest).
    const replaced = await cli(
      'generate-cards',
      set,
      '--count',
      '4',
      '--size',
      '32',
      '--seed',
      '9',
      '--force',
    );
    expect(replaced.code).toBe(0);
    expect((await readdir(`${set}/images`)).sort()).toEqual([
      'card-00001.png',
      'card-00002.png',
      'card-00003.png',
      'card-00004.png',
    ]);
  });
});
