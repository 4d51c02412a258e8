/**
 * End to end, the image import wizard's path field in the browser mode: Browse… lists a
 * folder's manifest CSV beside its subfolders (not only folders) and a click chooses it;
 * hints drawn from a preview (the suggested input size and colour) go when the path changes
 * to one that does not exist or is cleared; a folder without images says so and why Import
 * is disabled; a file the manifest lists twice is listed with both lines (en, zh-CN), not
 * a failed preview, and the import still refuses it; a manifest without a column named
 * like a path offers its columns in a select (and no folder-level names), and the preview
 * follows the column chosen; empty class sub-folders are named in a note (en, zh-CN),
 * the first five then a count; the dataset name follows the path's preview (a manifest.csv
 * names its folder) until the user types one. Expected values come from the fixture
 * (test/fixtures/fashion-mnist/README.md: 500 PNG files of 28 × 28 grey, a manifest.csv
 * beside an images/ folder) and the files this test writes.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist', import.meta.url));

let dir: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('imageWizard', {
    prepare: async (folder) => {
      await mkdir(join(folder, 'no-images'), { recursive: true });
      await writeFile(join(folder, 'no-images', 'notes.txt'), 'no pictures here\n');
      // Two image columns, neither named like a path column (Datei: the photo, Vorschau:
      // its preview), three fixture images each.
      await mkdir(join(folder, 'two-columns', 'fotos'), { recursive: true });
      await mkdir(join(folder, 'two-columns', 'vorschau'), { recursive: true });
      const lines = ['Datei,Vorschau,Farbe'];
      for (const [k, colour] of ['rot', 'blau', 'rot'].entries()) {
        const fixture = join(FASHION, 'images', `fmnist-000${k + 1}.png`);
        await copyFile(fixture, join(folder, 'two-columns', 'fotos', `f${k}.png`));
        await copyFile(fixture, join(folder, 'two-columns', 'vorschau', `v${k}.png`));
        lines.push(`fotos/f${k}.png,vorschau/v${k}.png,${colour}`);
      }
      await writeFile(join(folder, 'two-columns', 'manifest.csv'), `${lines.join('\n')}\n`);
      // A manifest listing a.png on lines 2 and 4 (as './a.png': the same file).
      await mkdir(join(folder, 'listed-twice'), { recursive: true });
      for (const name of ['a', 'b'])
        await copyFile(
          join(FASHION, 'images', 'fmnist-0001.png'),
          join(folder, 'listed-twice', `${name}.png`),
        );
      await writeFile(
        join(folder, 'listed-twice', 'manifest.csv'),
        'path,kind\na.png,x\nb.png,y\n./a.png,z\n',
      );
      // Sub-folders as classes: a/ holds fixture images 1–10, b/ holds 11–20.
      for (const [k, cls] of ['a', 'b'].entries()) {
        await mkdir(join(folder, 'sub-folders', cls), { recursive: true });
        for (let i = 1; i <= 10; i++) {
          const n = String(k * 10 + i).padStart(4, '0');
          await copyFile(
            join(FASHION, 'images', `fmnist-${n}.png`),
            join(folder, 'sub-folders', cls, `${n}.png`),
          );
        }
      }
      // shapes/<shape>/<colour>/ with one stray image a level deeper (a new user's folder).
      for (const [k, path] of [
        'circle/blue/1.png',
        'circle/red/2.png',
        'square/blue/3.png',
        'circle/blue/deeper/nested.png',
      ].entries()) {
        await mkdir(join(folder, 'shapes', path, '..'), { recursive: true });
        await copyFile(
          join(FASHION, 'images', `fmnist-000${k + 1}.png`),
          join(folder, 'shapes', path),
        );
      }
      // Six class sub-folders holding no image (one with a note in it): no class from them.
      for (const cls of ['c', 'd', 'e', 'f', 'g', 'h'])
        await mkdir(join(folder, 'sub-folders', cls), { recursive: true });
      await writeFile(join(folder, 'sub-folders', 'h', 'notes.txt'), 'no pictures here\n');
    },
  });
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

const wizard = () => page.getByTestId('image-import-wizard');
const picker = () => page.getByTestId('file-browser');

describeInBrowser('the image import wizard’s path field', () => {
  it('lists the manifest CSV in the picker and chooses it with a click', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Wizard');
    await page.getByTestId('new-project-path').fill(join(dir, 'wizard'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('import-source-images').click();
    await wizard().getByTestId('images-path').fill(FASHION);
    await wizard().getByTestId('images-path-browse').click();
    await picker().getByTestId('file-entry-manifest.csv').waitFor();
    // The folder of images is listed too, and the README is not (not a manifest).
    expect(await picker().getByTestId('file-entry-images').count()).toBe(1);
    expect(await picker().getByTestId('file-entry-README.md').count()).toBe(0);
    await picker().getByTestId('file-entry-manifest.csv').click();
    expect(await picker().count()).toBe(0);
    expect(await wizard().getByTestId('images-path').inputValue()).toBe(
      join(FASHION, 'manifest.csv'),
    );
    await wizard().getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    expect(await wizard().getByTestId('images-suggested').textContent()).toContain(
      '28 × 28 px, Grey',
    );
    // The field is tied to its visible label.
    expect(await wizard().getByLabel('Folder, or manifest CSV').inputValue()).toBe(
      join(FASHION, 'manifest.csv'),
    );
  });

  it('drops the preview’s hints when the path changes to one that does not exist, or none', async () => {
    await wizard().getByTestId('images-path').fill(join(dir, 'not-there'));
    await wizard().getByTestId('images-suggested').waitFor({ state: 'detached' });
    expect(await wizard().getByTestId('images-preview-summary').count()).toBe(0);
    await wizard().getByRole('alert').waitFor({ timeout: 30_000 });
    await wizard().getByTestId('images-path').fill(FASHION);
    await wizard().getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    await wizard().getByTestId('images-path').fill('');
    await wizard().getByTestId('images-suggested').waitFor({ state: 'detached' });
    expect(await wizard().getByTestId('images-preview-summary').count()).toBe(0);
  });

  it('says why a folder without images cannot be imported', async () => {
    await wizard().getByTestId('images-path').fill(join(dir, 'no-images'));
    const none = wizard().getByTestId('images-none');
    await none.waitFor({ timeout: 30_000 });
    expect(await none.textContent()).toContain('No image files in this folder (accepted: .png,');
    expect(await wizard().getByTestId('images-start-import').isDisabled()).toBe(true);
  });

  it('offers the manifest’s columns when none is named like a path, and the preview follows the one chosen', async () => {
    const manifest = join(dir, 'two-columns', 'manifest.csv');
    const column = wizard().getByTestId('images-path-column');
    // Before a preview has said it needs one, there is no path-column select.
    expect(await column.count()).toBe(0);
    await wizard().getByTestId('images-path').fill(manifest);
    const alert = wizard().getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    // errors.reasons.MANIFEST_NO_PATH_COLUMN (en), filled with the header written above.
    expect(await alert.textContent()).toContain(
      '“manifest.csv” line 1: no column holds the image paths (columns are Datei, Vorschau, Farbe); choose the path column',
    );
    await column.waitFor();
    expect(await column.locator('option').allTextContents()).toEqual([
      '(found by name)',
      'Datei',
      'Vorschau',
      'Farbe',
    ]);
    // A manifest: no folder-level task names.
    expect(await wizard().getByTestId('images-folder-tasks').count()).toBe(0);

    await column.selectOption('Datei');
    const summary = wizard().getByTestId('images-preview-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await wizard().getByTestId('images-count').textContent()).toContain('3 images');
    // The other columns are the labels: Vorschau (3 paths, one each) and Farbe (rot 2, blau 1).
    expect(await wizard().getByTestId('images-task-Farbe').textContent()).toContain(
      'rot (2), blau (1)',
    );
    expect(await wizard().getByTestId('images-task-Vorschau').count()).toBe(1);
    expect(await wizard().getByTestId('images-task-Datei').count()).toBe(0);
    expect(await alert.count()).toBe(0);
    // Named as the import names it: the manifest's folder (a new user's was "manifest"; the
    // name of the path before, fashion-mnist, stayed too).
    expect(await wizard().getByTestId('images-name').inputValue()).toBe('two-columns');

    // Another column: the preview is read again with it.
    await column.selectOption('Vorschau');
    await wizard().getByTestId('images-task-Datei').waitFor({ timeout: 30_000 });
    expect(await wizard().getByTestId('images-task-Vorschau').count()).toBe(0);
    expect(await wizard().getByTestId('images-task-Farbe').textContent()).toContain(
      'rot (2), blau (1)',
    );
    expect(await column.inputValue()).toBe('Vorschau');
    await page.screenshot({ path: join(SHOTS, 'image-wizard-path-column.png') });
    // The sub-folders layout reads no manifest: its path column goes (a new user saw it stay),
    // and comes back, as chosen, with the manifest.
    const layout = wizard().getByTestId('images-layout');
    await layout.selectOption('folders');
    await column.waitFor({ state: 'detached' });
    await wizard().getByTestId('images-folder-tasks').waitFor();
    await layout.selectOption('manifest');
    await column.waitFor();
    expect(await column.inputValue()).toBe('Vorschau');
    await layout.selectOption('auto');
  });

  it('lists a file the manifest lists twice, with both lines, in en and zh-CN', async () => {
    await wizard()
      .getByTestId('images-path')
      .fill(join(dir, 'listed-twice', 'manifest.csv'));
    const twice = wizard().getByTestId('images-listed-twice');
    await twice.waitFor({ timeout: 30_000 });
    // Not a failed preview: the two files are counted, a.png once.
    expect(await wizard().getByRole('alert').count()).toBe(0);
    expect(await wizard().getByTestId('images-count').textContent()).toContain('2 images');
    // images.import.listedTwice / listedTwiceLines (en, zh-CN), filled by hand.
    expect(await twice.textContent()).toContain(
      'The manifest lists 1 file twice; the import will be refused until each file is listed once:',
    );
    expect(
      (await twice.locator('li').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()),
    ).toEqual(['a.png — manifest lines 2 and 4']);
    await page.getByTestId('locale').selectOption('zh-CN');
    try {
      expect(await twice.textContent()).toContain(
        '清单中有 1 个文件被列出两次；在每个文件只列出一次之前，导入会被拒绝：',
      );
      expect(
        (await twice.locator('li').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()),
      ).toEqual(['a.png — 清单第 2 行和第 4 行']);
      await page.screenshot({ path: join(SHOTS, 'image-wizard-listed-twice-zh-CN.png') });
    } finally {
      await page.getByTestId('locale').selectOption('en');
    }
    // The import itself still refuses the manifest, naming the file and both lines.
    await wizard().getByTestId('images-start-import').click();
    const alert = wizard().getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain(
      '“manifest.csv”: the image “a.png” is listed twice, on lines 2 and 4; list each file once',
    );
    expect(await wizard().getByTestId('images-name').inputValue()).toBe('listed-twice');
    // A name the user typed stays whatever the path.
    await wizard().getByTestId('images-name').fill('my images');
    await wizard().getByTestId('images-path').fill(FASHION);
    await wizard().getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    expect(await wizard().getByTestId('images-name').inputValue()).toBe('my images');
  });

  it('names only the top folder levels; deeper and shallower images are counted; too many names are refused in zh-CN', async () => {
    // The folder written above: 3 levels deep because of circle/blue/deeper/nested.png.
    await wizard().getByTestId('images-path').fill(join(dir, 'shapes'));
    const levels = wizard().getByTestId('images-folder-levels');
    await levels.waitFor({ timeout: 60_000 });
    expect(await levels.textContent()).toContain('Sub-folders 3 levels deep');
    // All 3 levels named (level_1…level_3): the 3 images in 2 folders miss level_3; the
    // first of them in path order is circle/blue/1.png. images.import.shallowerThanNamed.
    expect(await wizard().getByTestId('images-shallower').textContent()).toContain(
      '3 images lie in fewer folders than the levels: each is left unlabelled for the levels below its own folders (e.g. circle/blue/1.png: level_3); you can label them later in the Label view.',
    );
    await wizard().getByTestId('images-folder-levels-used').selectOption('2');
    expect(await wizard().getByTestId('images-folder-tasks').inputValue()).toBe('level_1, level_2');
    await wizard().getByTestId('images-folder-tasks').fill('shape, colour');
    const deeper = wizard().getByTestId('images-deeper');
    await deeper.waitFor({ timeout: 60_000 });
    expect(await deeper.textContent()).toContain(
      '1 image lies in a folder deeper than the named levels (e.g. circle/blue/deeper/nested.png)',
    );
    expect(await wizard().getByTestId('images-task-shape').textContent()).toContain(
      'circle (3), square (1)',
    );
    // Two names: every image lies in at least 2 folders, so none is left unlabelled.
    expect(await wizard().getByTestId('images-shallower').count()).toBe(0);
    await page.getByTestId('locale').selectOption('zh-CN');
    try {
      await wizard().getByTestId('images-folder-tasks').fill('a, b, c, d');
      const refused = wizard().getByRole('alert').filter({ hasText: '任务名' });
      await refused.waitFor({ timeout: 60_000 });
      expect(await refused.textContent()).toContain(
        '中的图像只有 3 层文件夹，却给了 4 个任务名（a, b, c, d）',
      );
    } finally {
      await page.getByTestId('locale').selectOption('en');
      await wizard().getByTestId('images-folder-tasks').fill('');
    }
  });

  it('previews and imports a sub-folders folder with “Labels from” left at Detect', async () => {
    // A new user saw this preview start over for ever (Starting… → Scanning → the empty
    // state) and Import stay disabled: the detected layout changed what the preview asked.
    // A fresh wizard: “Labels from” as a new user finds it (Detect).
    await wizard().getByRole('button', { name: 'Close', exact: true }).click();
    // No dataset yet: the Data view keeps its import tabs (the CSV one chosen) open.
    await page.getByTestId('import-source-images').click();
    expect(await wizard().getByTestId('images-layout').inputValue()).toBe('auto');
    await wizard().getByTestId('images-path').fill(join(dir, 'sub-folders'));
    const summary = wizard().getByTestId('images-preview-summary');
    await summary.waitFor({ timeout: 60_000 });
    // 20 files written above, 10 per sub-folder; the task is named 'label' by default.
    expect(await wizard().getByTestId('images-count').textContent()).toContain('20 images');
    expect(await wizard().getByTestId('images-count').textContent()).toContain('Sub-folders');
    expect(await wizard().getByTestId('images-task-label').textContent()).toContain(
      'a (10), b (10)',
    );
    // The six empty sub-folders written above, the first five named (sorted), then the rest
    // counted: images.import.emptyFolders / emptyFoldersMore (en, zh-CN), filled by hand.
    const empty = wizard().getByTestId('images-empty-folders');
    expect((await empty.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Empty sub-folders, no class from them: c/, d/, e/, f/, g/ and 1 more',
    );
    await page.getByTestId('locale').selectOption('zh-CN');
    try {
      expect((await empty.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        '空的子文件夹（不含图像，不产生类别）：c/, d/, e/, f/, g/ 等另外 1 个',
      );
    } finally {
      await page.getByTestId('locale').selectOption('en');
    }
    // Detected sub-folders: the task-names field shows, and no new preview starts.
    await wizard().getByTestId('images-folder-tasks').waitFor();
    expect(await wizard().getByTestId('images-make-tasks').isChecked()).toBe(true);
    expect(await wizard().getByTestId('images-progress').count()).toBe(0);
    const start = wizard().getByTestId('images-start-import');
    expect(await start.isDisabled()).toBe(false);
    await start.click();
    await page.getByTestId('image-grid').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('image-grid').getByTestId('image-tile-1').textContent()).toMatch(
      /\ba\b/,
    );
    // The folder level became a task at import ('Make the folder levels tasks', on by default).
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-label').waitFor({ timeout: 60_000 });
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
