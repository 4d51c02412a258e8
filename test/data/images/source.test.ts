/**
 * Listing images and labels in the three layouts (sub-folders, manifest, flat), with the
 * expected entries written out by hand from the folders each test creates.
 */
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comparePaths, scanImageSource } from '../../../src/main/data/images/source';
import { encodePng } from './handPng';

const FASHION = fileURLToPath(new URL('../../fixtures/fashion-mnist', import.meta.url));

let root: string;
const png = encodePng(8, 8, 3, () => [10, 20, 30]);

async function put(path: string, bytes: Buffer | string = png): Promise<void> {
  const file = join(root, path);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, bytes);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mtl-images-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const summary = (entries: { path: string; labels: (string | null)[] }[]) =>
  entries.map((e) => [e.path, ...e.labels]);

describe('scanImageSource: sub-folders as classes', () => {
  it('reads one level as the task "label", sorted by path; non-images listed, hidden skipped', async () => {
    await put('dogs/b.png');
    await put('cats/a.PNG');
    await put('cats/c.jpeg');
    await put('cats/readme.txt', 'x');
    await put('.git/x.png');
    await put('dogs/.DS_Store', 'x');
    const source = await scanImageSource(root);
    expect(source.layout).toBe('folders');
    expect(source.labelColumns).toEqual(['label']);
    expect(summary(source.entries)).toEqual([
      ['cats/a.PNG', 'cats'],
      ['cats/c.jpeg', 'cats'],
      ['dogs/b.png', 'dogs'],
    ]);
    expect(source.nonImages).toEqual(['cats/readme.txt']);
    expect(source.entries[0].file).toBe(join(root, 'cats/a.PNG'));
  });

  it('maps nested levels to several tasks; a shallower image misses the deeper labels', async () => {
    await put('red/1/a.png');
    await put('red/2/b.png');
    await put('black/4/c.png');
    await put('black/d.png');
    await put('e.png');
    const byLevel = await scanImageSource(root);
    expect(byLevel.labelColumns).toEqual(['level_1', 'level_2']);
    expect(summary(byLevel.entries)).toEqual([
      ['black/4/c.png', 'black', '4'],
      ['black/d.png', 'black', null],
      ['e.png', null, null],
      ['red/1/a.png', 'red', '1'],
      ['red/2/b.png', 'red', '2'],
    ]);
    // black/d.png (1 folder) and e.png (none) lie in fewer folders than the 2 levels; e.png,
    // the shallowest, is the example and leaves both tasks unlabelled.
    expect(byLevel.shallowerThanNamed).toEqual({
      images: 2,
      example: 'e.png',
      tasks: ['level_1', 'level_2'],
    });
    const named = await scanImageSource(root, { tasksFromFolders: ['colour', 'points'] });
    expect(named.labelColumns).toEqual(['colour', 'points']);
    expect(named.folderLevels).toBe(2);
    expect(named.deeperThanNamed).toBeNull();
    expect(named.shallowerThanNamed).toEqual({
      images: 2,
      example: 'e.png',
      tasks: ['colour', 'points'],
    });
    // Fewer names than levels name the top levels (the tree above is 2 levels deep:
    // red/1/a.png); the 3 images in a second-level folder keep only their first folder.
    const top = await scanImageSource(root, { tasksFromFolders: ['colour'] });
    expect(top.labelColumns).toEqual(['colour']);
    expect(summary(top.entries)).toEqual([
      ['black/4/c.png', 'black'],
      ['black/d.png', 'black'],
      ['e.png', null],
      ['red/1/a.png', 'red'],
      ['red/2/b.png', 'red'],
    ]);
    expect(top.deeperThanNamed).toEqual({ images: 3, example: 'black/4/c.png' });
    // Only e.png lies in no folder at all under the one named level.
    expect(top.shallowerThanNamed).toEqual({ images: 1, example: 'e.png', tasks: ['colour'] });
    // More names than levels is refused, with a reason the studio translates.
    await expect(
      scanImageSource(root, { tasksFromFolders: ['a', 'b', 'c'] }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /are in 2 folder levels, 3 names given \(a, b, c\): give at most one name per level/,
      ),
      details: {
        reason: 'FOLDER_NAMES_EXCEED_LEVELS',
        params: { path: root, levels: 2, given: 3, names: 'a, b, c' },
      },
    });
    await expect(scanImageSource(root, { tasksFromFolders: ['a', 'a'] })).rejects.toThrow(
      /"a" is given twice/,
    );
  });
});

describe('scanImageSource: flat folder', () => {
  it('has no label columns', async () => {
    await put('b.webp');
    await put('a.gif');
    await put('notes.md', '#');
    const source = await scanImageSource(root);
    expect(source.layout).toBe('flat');
    expect(source.labelColumns).toEqual([]);
    expect(summary(source.entries)).toEqual([['a.gif'], ['b.webp']]);
    expect(source.nonImages).toEqual(['notes.md']);
  });

  it("layout 'flat' can be forced on sub-folders (paths keep their folders)", async () => {
    await put('x/a.png');
    const source = await scanImageSource(root, { layout: 'flat' });
    expect(summary(source.entries)).toEqual([['x/a.png']]);
  });
});

describe('scanImageSource: manifest', () => {
  const manifest = [
    'file;colour;points;note',
    'img/a.png;red;1;fine',
    'img\\b.png;;2;',
    'img/c.png;black;NA;x',
    '',
  ].join('\n');

  it('reads a manifest.csv found in the folder: paths relative to it, empty and NA cells missing', async () => {
    await put('manifest.csv', manifest);
    const source = await scanImageSource(root, { labelColumns: ['colour', 'points'] });
    expect(source.layout).toBe('manifest');
    expect(source.manifest).toBe('manifest.csv');
    expect(source.pathColumn).toBe('file');
    expect(source.labelColumns).toEqual(['colour', 'points']);
    expect(summary(source.entries)).toEqual([
      ['img/a.png', 'red', '1'],
      ['img/b.png', null, '2'],
      ['img/c.png', 'black', null],
    ]);
    expect(source.entries[1].file).toBe(join(root, 'img/b.png'));
    expect(source.entries.map((e) => e.line)).toEqual([2, 3, 4]);
  });

  it('takes every other column as a label by default, and a CSV file path directly', async () => {
    await put('sub/list.csv', 'path,t\nimg/../a.png,x\n');
    const source = await scanImageSource(join(root, 'sub/list.csv'));
    expect(source.root).toBe(join(root, 'sub'));
    expect(source.labelColumns).toEqual(['t']);
    expect(source.entries[0].file).toBe(join(root, 'sub/a.png'));
  });

  it('refuses a path leading outside the manifest folder, naming manifest, line and column', async () => {
    // Found by a new user: '../../etc/passwd' in a shared manifest was read. Each row below
    // leads out of sub/ (by hand: '..' climbs above it, '/etc/passwd' is absolute).
    const cases: [string, number][] = [
      ['path,t\nok.png,x\n../../etc/passwd,y\n', 3],
      ['path,t\n/etc/passwd,y\n', 2],
      ['path,t\nimg/../../a.png,y\n', 2],
      ['path,t\n..\\a.png,y\n', 2],
    ];
    for (const [text, line] of cases) {
      await put('sub/out.csv', text);
      await expect(scanImageSource(join(root, 'sub/out.csv')), text).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(
          new RegExp(
            `^out\\.csv line ${line}, column 'path': the image path '.*' leads outside the manifest's folder`,
          ),
        ),
        details: { reason: 'IMAGE_PATH_OUTSIDE', file: 'out.csv', line, column: 'path' },
      });
    }
  });

  it('normalises manifest paths and refuses a file listed twice, naming both lines', async () => {
    // Found by a new user: './i/c.png' and 'i//c.png' (the same file) and i/a.png listed with
    // red and black were all imported. By hand: line 1 is the header, rows start at line 2.
    await put('once.csv', 'path,colour\n./i/a.png,red\ni//b.png,black\n');
    const once = await scanImageSource(join(root, 'once.csv'));
    expect(summary(once.entries)).toEqual([
      ['i/a.png', 'red'],
      ['i/b.png', 'black'],
    ]);
    await put('twice.csv', 'path,colour\ni/a.png,red\ni/b.png,red\ni/a.png,black\n');
    await expect(scanImageSource(join(root, 'twice.csv'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        "twice.csv line 4, column 'path': the image 'i/a.png' is listed twice, on lines 2 and 4; " +
        "the labels disagree: colour 'red' on line 2, 'black' on line 4; list each file once",
      details: {
        file: 'twice.csv',
        line: 4,
        lines: [2, 4],
        path: 'i/a.png',
        reason: 'MANIFEST_LISTED_TWICE',
        params: { file: 'twice.csv', path: 'i/a.png', first: 2, second: 4 },
      },
    });
    await put('spelled.csv', 'path,colour\n./i/c.png,red\ni/d.png,red\ni//c.png,red\n');
    await expect(scanImageSource(join(root, 'spelled.csv'))).rejects.toThrow(
      "spelled.csv line 4, column 'path': the image 'i/c.png' (written './i/c.png' and 'i//c.png') is listed twice, on lines 2 and 4; list each file once",
    );
  });

  it('finds a file whose name is in another Unicode form than the manifest’s (NFC/NFD), exact first', async () => {
    // A manifest written on macOS spells 'é' decomposed (e + U+0301, NFD) where the file on
    // disk is composed (U+00E9, NFC), or the reverse; two fixture PNGs (fashion-mnist
    // README: 28 × 28 grey), one in a CJK folder. Expected spellings are written by hand.
    const fixture = (n: string) => join(FASHION, 'images', `fmnist-000${n}.png`);
    const cafeNfc = 'caf\u00e9.png';
    const cafeNfd = 'cafe\u0301.png';
    await mkdir(join(root, '猫'), { recursive: true });
    await copyFile(fixture('1'), join(root, cafeNfc));
    await copyFile(fixture('2'), join(root, '猫', cafeNfd));
    // Line 2 names the NFC file in NFD, line 3 the NFD file in NFC, with '\\' and './'.
    await put('manifest.csv', `path,kind\n${cafeNfd},shirt\n.\\猫\\${cafeNfc},bag\n`);
    const source = await scanImageSource(join(root, 'manifest.csv'));
    expect(summary(source.entries)).toEqual([
      [cafeNfc, 'shirt'],
      [`猫/${cafeNfd}`, 'bag'],
    ]);
    expect(source.entries.map((e) => e.file)).toEqual([
      join(root, cafeNfc),
      join(root, '猫', cafeNfd),
    ]);
    expect(source.entries.map((e) => e.line)).toEqual([2, 3]);
    for (const entry of source.entries) expect((await stat(entry.file)).isFile()).toBe(true);

    // Several files match once normalised: ệ as e + U+0323 + U+0302 (NFD) and as
    // e + U+0302 + U+0323 (same NFC, U+1EC7). The NFC name matches neither exactly, so it is
    // kept as written (the image read then says 'file not found (manifest line 2)'); an
    // exact name still picks its own file.
    const both = join(root, 'both');
    await mkdir(both);
    await copyFile(fixture('1'), join(both, 'e\u0323\u0302.png'));
    await copyFile(fixture('2'), join(both, 'e\u0302\u0323.png'));
    await writeFile(join(both, 'm.csv'), 'path\n\u1ec7.png\ne\u0302\u0323.png\n');
    const ambiguous = await scanImageSource(join(both, 'm.csv'));
    expect(ambiguous.entries.map((e) => [e.path, e.line])).toEqual([
      ['\u1ec7.png', 2],
      ['e\u0302\u0323.png', 3],
    ]);
    await expect(stat(ambiguous.entries[0].file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('offers the manifest columns when none holds the paths by name', async () => {
    // Found by a new user: header 'Datei;Farbe;Punkte'. The studio offers these three columns.
    await put('de.csv', 'Datei;Farbe;Punkte\na.png;rot;3\n');
    await expect(scanImageSource(join(root, 'de.csv'))).rejects.toMatchObject({
      details: {
        columns: ['Datei', 'Farbe', 'Punkte'],
        reason: 'MANIFEST_NO_PATH_COLUMN',
        params: { file: 'de.csv', line: 1, columns: 'Datei, Farbe, Punkte' },
      },
    });
    await put('a.png');
    const chosen = await scanImageSource(join(root, 'de.csv'), { pathColumn: 'Datei' });
    expect(chosen.labelColumns).toEqual(['Farbe', 'Punkte']);
    expect(summary(chosen.entries)).toEqual([['a.png', 'rot', '3']]);
  });

  it('names file, line and column for bad manifests', async () => {
    await put('m.csv', 'name,t\na.png,x\n');
    await expect(scanImageSource(join(root, 'm.csv'))).rejects.toThrow(
      // The header is "name,t": neither is a known path name, so both are listed and the flag named.
      /m\.csv line 1: no path column \(looked for .*; columns are name, t\); choose one \(CLI: --path-column <name>\)/,
    );
    await expect(
      scanImageSource(join(root, 'm.csv'), { pathColumn: 'name', labelColumns: ['u'] }),
    ).rejects.toThrow(/label column 'u' is not a column/);
    await put('e.csv', 'path,t\na.png,x\n ,y\n');
    await expect(scanImageSource(join(root, 'e.csv'))).rejects.toMatchObject({
      code: 'CSV_PARSE',
      details: { file: 'e.csv', line: 3, column: 'path' },
    });
    await put('h.csv', 'path,t\n');
    await expect(scanImageSource(join(root, 'h.csv'))).rejects.toThrow(/header but no rows/);
  });
});

describe('scanImageSource: errors', () => {
  it('reports a missing path and a layout that does not fit', async () => {
    await expect(scanImageSource(join(root, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await put('a.png');
    await expect(scanImageSource(join(root, 'a.png'), { layout: 'folders' })).rejects.toThrow(
      /is a file/,
    );
    await expect(scanImageSource(root, { layout: 'manifest' })).rejects.toThrow(/No manifest\.csv/);
  });

  it('stops when cancelled', async () => {
    await put('a/b.png');
    const controller = new AbortController();
    controller.abort();
    await expect(scanImageSource(root, { signal: controller.signal })).rejects.toMatchObject({
      code: 'IMPORT_CANCELLED',
    });
  });
});

describe('scanImageSource: a path with nothing at it', () => {
  it('says so with the reason the UI translates (errors.reasons.PATH_MISSING)', async () => {
    // Before, the message only ("Not found: …"): a Chinese UI showed it in English.
    const missing = join(root, 'no-such-folder');
    await expect(scanImageSource(missing)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'PATH_MISSING', params: { path: missing } },
    });
  });
});

describe('scanImageSource: row order', () => {
  it('follows the numbers in file names (natural order), not the text', async () => {
    // Written in scrambled order; by hand, natural order is 1, 2, 10, 11 within a folder
    // and folders likewise (class 2 before class 10); code-unit order was 1, 10, 11, 2.
    for (const name of ['img 10.png', 'img 2.png', 'img 11.png', 'img 1.png']) {
      await put(`c2/${name}`);
    }
    await put('c10/img 1.png');
    const source = await scanImageSource(root);
    expect(source.entries.map((e) => e.path)).toEqual([
      'c2/img 1.png',
      'c2/img 2.png',
      'c2/img 10.png',
      'c2/img 11.png',
      'c10/img 1.png',
    ]);
  });
});

describe('comparePaths: natural order written by hand', () => {
  it('orders digit runs by value and the rest by code units, hand-computed', () => {
    // By hand: 1 < 2 < 10 by value; "img 010" and "img 10" tie in value and break by
    // code units ('0' < '1'); 'R' (0x52) < 'm' (0x6d) < 'n' (0x6e); a 30-digit run is
    // larger than a 29-digit one whatever its digits (no Number overflow).
    const names = [
      'img 10',
      'notes.txt',
      'img 010',
      'img 2',
      'README.md',
      'make-fixture.mjs',
      'img 1',
      `n${'1'.padEnd(30, '0')}`,
      `n${'9'.repeat(29)}`,
      'img',
    ];
    expect([...names].sort(comparePaths)).toEqual([
      'README.md',
      'img',
      'img 1',
      'img 2',
      'img 010',
      'img 10',
      'make-fixture.mjs',
      `n${'9'.repeat(29)}`,
      `n${'1'.padEnd(30, '0')}`,
      'notes.txt',
    ]);
    expect(comparePaths('a', 'a')).toBe(0);
  });
});
