/**
 * Where the studio's "Try the card example" writes its cards (`assets.cardExample`, through
 * dispatch on real projects): beside the project file in `<name>-cards/`, never over a
 * user's files. Before, it wrote into an existing `<name>-cards/` whatever it held (a
 * user's manifest.csv was replaced); the CLI's generate-cards already refused such a folder.
 * Now a folder holding anything but a card set's own files is passed over, untouched, for
 * `<name>-cards-2/`, `-3/` …; an earlier card set's own files are written again, as the
 * CLI's `--force` does. Expected folders and files by hand from what each test puts there.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCards } from '../../src/main/data/images/cards';
import { cardsFolderBeside, MAX_CARD_FOLDERS } from '../../src/main/services/cardExample';
import type { StudioSession } from '../../src/main/services/session';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

let dir: string;
let session: StudioSession;
let call: DispatchSession['call'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-card-folders-'));
  ({ session, call } = dispatchSession(join(dir, 'state')));
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `folder`, relative with '/', sorted. */
async function filesIn(folder: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(folder, prefix), { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...(await filesIn(folder, `${path}/`)));
    else found.push(path);
  }
  return found.sort();
}

/** images/card-00001.png … for `count` cards (5 digits below 100 000 cards). */
const cardFiles = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `images/card-${String(i + 1).padStart(5, '0')}.png`);

describe('the card example in the studio', () => {
  it("passes over folders holding a user's files, untouched, for the first free name", async () => {
    // shop-cards/ holds a user's notes; shop-cards-2/ a user's own manifest.csv (other
    // columns, so not a card set's); shop-cards-3/ does not exist.
    await mkdir(join(dir, 'shop-cards'));
    await writeFile(join(dir, 'shop-cards', 'notes.txt'), 'my notes\n');
    await mkdir(join(dir, 'shop-cards-2'));
    await writeFile(join(dir, 'shop-cards-2', 'manifest.csv'), 'path,kind\nmy.png,x\n');
    await call('projects.create', { path: join(dir, 'shop.mtlproj') });

    const result = await call('assets.cardExample', { importId: 'shop', count: 100 });
    expect(result.dir).toBe(join(dir, 'shop-cards-3'));
    expect(result.passedOver).toEqual([join(dir, 'shop-cards'), join(dir, 'shop-cards-2')]);
    expect(result.dataset).toMatchObject({ name: 'cards', rowCount: 100 });
    // The user's files, byte for byte, and nothing added beside them.
    expect(await filesIn(join(dir, 'shop-cards'))).toEqual(['notes.txt']);
    expect(await readFile(join(dir, 'shop-cards', 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(await filesIn(join(dir, 'shop-cards-2'))).toEqual(['manifest.csv']);
    expect(await readFile(join(dir, 'shop-cards-2', 'manifest.csv'), 'utf8')).toBe(
      'path,kind\nmy.png,x\n',
    );
    // The cards: 100 PNGs and their manifest (a header and a line per card).
    expect(await filesIn(result.dir)).toEqual(['manifest.csv', ...cardFiles(100)].sort());
    const manifest = (await readFile(join(result.dir, 'manifest.csv'), 'utf8')).trim();
    expect(manifest.split('\n')).toHaveLength(101);
  });

  it("writes again over an earlier card set's own files, in <name>-cards/", async () => {
    // An earlier, smaller set (3 cards at 32 px, another seed), as a cancelled or earlier
    // try leaves it: only files 100 cards would write again, so the folder is kept.
    const folder = join(dir, 'lab-cards');
    await generateCards(folder, { count: 3, seed: 7, size: 32 });
    await call('projects.create', { path: join(dir, 'lab.mtlproj') });

    const result = await call('assets.cardExample', { importId: 'lab', count: 100 });
    expect(result.dir).toBe(folder);
    expect(result.passedOver).toEqual([]);
    expect(await stat(join(dir, 'lab-cards-2')).catch(() => null)).toBeNull();
    expect(await filesIn(folder)).toEqual(['manifest.csv', ...cardFiles(100)].sort());
    // Written again: the example draws at 128 px (CARD_RENDER_SIZE), the earlier set at 32.
    const first = await sharp(join(folder, 'images/card-00001.png')).metadata();
    expect([first.width, first.height]).toEqual([128, 128]);
    const manifest = (await readFile(join(folder, 'manifest.csv'), 'utf8')).trim();
    expect(manifest.split('\n')).toHaveLength(101);
  });

  it('passes over a file of the folder name too', async () => {
    await writeFile(join(dir, 'desk-cards'), 'a file, not a folder\n');
    await call('projects.create', { path: join(dir, 'desk.mtlproj') });
    const result = await call('assets.cardExample', { importId: 'desk', count: 100 });
    expect(result.dir).toBe(join(dir, 'desk-cards-2'));
    expect(result.passedOver).toEqual([join(dir, 'desk-cards')]);
    expect(await readFile(join(dir, 'desk-cards'), 'utf8')).toBe('a file, not a folder\n');
  });

  it('says why, and gives up only when every name holds other files', async () => {
    const names = [
      'full-cards',
      ...Array.from({ length: MAX_CARD_FOLDERS - 1 }, (_, i) => `full-cards-${i + 2}`),
    ];
    for (const name of names) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'keep.txt'), name);
    }
    await expect(cardsFolderBeside(join(dir, 'full.mtlproj'), 100)).rejects.toThrow(
      `the folders "${join(dir, 'full-cards')}" to "${join(dir, `full-cards-${MAX_CARD_FOLDERS}`)}" all hold files other than a card set's own`,
    );
    // One name freed: taken, each folder before it named with why it was passed over.
    await rm(join(dir, 'full-cards-3'), { recursive: true });
    const chosen = await cardsFolderBeside(join(dir, 'full.mtlproj'), 100);
    expect(chosen.dir).toBe(join(dir, 'full-cards-3'));
    expect(chosen.passedOver.map((p) => p.dir)).toEqual([
      join(dir, 'full-cards'),
      join(dir, 'full-cards-2'),
    ]);
    expect(chosen.passedOver[0].reason).toBe(
      `the folder "${join(dir, 'full-cards')}" holds 1 file that 100 cards would not replace (keep.txt); nothing is deleted: give a new or empty folder.`,
    );
  });
});
