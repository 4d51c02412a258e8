/**
 * Synthetic playing-card images — the example MTL Studio was conceived from: each card has
 * four attributes, classified by one multi-task model:
 * - colour: red | black (colour of the pips)
 * - points: 1 | 2 | 3 | 4 (number of pips)
 * - pattern: none | has (a hatched band along the card's border)
 * - texture: smooth | rough (paper grain: fine specks over the card face)
 *
 * These images are SYNTHETIC: drawn as SVG and rasterised with sharp (librsvg), with
 * nuisance so the tasks are not trivial: card position, rotation, scale, stock colour,
 * pip shape, table background, lighting gradient, drop shadow, optional blur and Gaussian
 * pixel noise. Labels are not perfectly balanced (see CARD_CLASS_PROBABILITIES) and each
 * label is missing (empty manifest cell) with probability CARD_MISSING_RATE.
 *
 * Deterministic: card i is drawn from its own stream, Mulberry32(deriveSeed(seed, i)), so
 * the same seed gives the same files whatever the concurrency (with the same sharp/libvips).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pMapIterable } from 'p-map';
import sharp from 'sharp';
import { DEFAULT_CARD_IMAGE_SIZE } from '../../../shared/assets';
import { MtlError } from '../../../shared/errors';
import { deriveSeed, mulberry32 } from '../../engine/random';
import { throwIfCancelled } from '../cancellation';

/** The four card attributes, in manifest column order. */
export const CARD_TASKS = ['colour', 'points', 'pattern', 'texture'] as const;
export type CardTask = (typeof CARD_TASKS)[number];

/** Classes of each attribute and the probability of each (not balanced on purpose). */
export const CARD_CLASS_PROBABILITIES: Record<CardTask, { value: string; p: number }[]> = {
  colour: [
    { value: 'red', p: 0.55 },
    { value: 'black', p: 0.45 },
  ],
  points: [
    { value: '1', p: 0.3 },
    { value: '2', p: 0.27 },
    { value: '3', p: 0.23 },
    { value: '4', p: 0.2 },
  ],
  pattern: [
    { value: 'none', p: 0.6 },
    { value: 'has', p: 0.4 },
  ],
  texture: [
    { value: 'smooth', p: 0.55 },
    { value: 'rough', p: 0.45 },
  ],
};

/** Probability that a label is left out of the manifest (each label independently). */
export const CARD_MISSING_RATE = 0.03;
/** Default side of a card image in pixels (kept in shared/assets.ts, which the CLI's help reads without loading sharp). */
export { DEFAULT_CARD_IMAGE_SIZE };
/** Folder (inside the output folder) holding the card images. */
export const CARD_IMAGE_FOLDER = 'images';
/** Name of the manifest written next to the images' folder. */
export const CARD_MANIFEST = 'manifest.csv';

/** First line of a card set's manifest. */
const CARD_MANIFEST_HEADER = ['path', ...CARD_TASKS].join(',');

/** True attributes of one card (labels may still be withheld in the manifest). */
export interface CardAttributes {
  colour: string;
  points: string;
  pattern: string;
  texture: string;
}

/** One generated card. */
export interface GeneratedCard {
  /** Path relative to the output folder, e.g. `images/card-00001.png`. */
  path: string;
  attributes: CardAttributes;
  /** Manifest labels: the attributes, each null when withheld. */
  labels: Record<CardTask, string | null>;
}

/** Options of {@link generateCards}. */
export interface GenerateCardsOptions {
  /** Number of cards (≥ 1). */
  count: number;
  /** Seed of the whole set (any integer). */
  seed: number;
  /** Side of each square image in pixels, 32–1024 (default 128). */
  size?: number;
  /** Cards rendered at once (default 2). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called with the number of cards written so far. */
  onProgress?: (written: number) => void;
}

type Random = () => number;

function pick<T extends { p: number }>(random: Random, options: readonly T[]): T {
  let u = random();
  for (const option of options) {
    if (u < option.p) return option;
    u -= option.p;
  }
  return options[options.length - 1];
}

function between(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** Standard normal deviate (Box–Muller). */
function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%)`;
}

/** Pip centres in card units (card 50 × 70, centred on 0,0) for 1–4 points. */
const PIP_LAYOUTS: Record<string, [number, number][]> = {
  '1': [[0, 0]],
  '2': [
    [0, -17],
    [0, 17],
  ],
  '3': [
    [0, -21],
    [0, 0],
    [0, 21],
  ],
  '4': [
    [-11, -17],
    [11, -17],
    [-11, 17],
    [11, 17],
  ],
};

/** A pip of half-size r at (x, y): diamond, circle or heart (nuisance, not a label). */
function pipSvg(shape: number, x: number, y: number, r: number, fill: string): string {
  if (shape === 0) {
    return `<path d="M${x} ${y - r}L${x + r * 0.75} ${y}L${x} ${y + r}L${x - r * 0.75} ${y}Z" fill="${fill}"/>`;
  }
  if (shape === 1) return `<circle cx="${x}" cy="${y}" r="${r * 0.8}" fill="${fill}"/>`;
  const s = r / 10;
  return `<path transform="translate(${x} ${y}) scale(${s})" d="M0 9C-14 -1 -9 -12 0 -5C9 -12 14 -1 0 9Z" fill="${fill}"/>`;
}

/**
 * The SVG of one card and the parameters applied after rasterising.
 * @returns svg text of a `size × size` image, blur sigma (0 = none) and noise sigma (0–255 scale)
 */
export function cardSvg(
  attributes: CardAttributes,
  random: Random,
  size: number,
): { svg: string; blur: number; noise: number } {
  // Table background with a lighting gradient across it.
  const tables = [
    [130, 45, 28], // felt green
    [28, 45, 30], // wood brown
    [210, 12, 40], // slate
    [40, 30, 70], // beige
    [220, 45, 25], // dark blue
  ];
  const [th, ts, tl] = tables[Math.floor(random() * tables.length)];
  const table = hsl(
    th + between(random, -8, 8),
    ts + between(random, -8, 8),
    tl + between(random, -8, 8),
  );
  const light = between(random, 0, 360);
  const lightStrength = between(random, 0.05, 0.35);

  // Card placement: scale, rotation, offset from the centre (in image pixels).
  const scale = (size / 100) * between(random, 0.95, 1.25);
  const rotation = between(random, -25, 25);
  const dx = between(random, -0.1, 0.1) * size;
  const dy = between(random, -0.08, 0.08) * size;
  const stock = hsl(between(random, 30, 60), between(random, 10, 40), between(random, 88, 97));

  const red = attributes.colour === 'red';
  const ink = red
    ? hsl(between(random, -8, 8) + 360, between(random, 65, 90), between(random, 38, 50))
    : hsl(between(random, 0, 360), between(random, 0, 15), between(random, 5, 18));
  const pipShape = Math.floor(random() * 3);
  const pipSize = between(random, 7, 9);
  const pips = PIP_LAYOUTS[attributes.points]
    .map(([x, y]) => pipSvg(pipShape, x, y, pipSize, ink))
    .join('');

  let pattern = '';
  if (attributes.pattern === 'has') {
    const hatch = hsl(between(random, 190, 250), between(random, 20, 50), between(random, 35, 55));
    const angle = between(random, 30, 60) * (random() < 0.5 ? 1 : -1);
    // A band between the edge inset 2 and inset 7, filled with diagonal hatching.
    pattern =
      `<defs><pattern id="h" width="3" height="3" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle.toFixed(1)})">` +
      `<rect width="1.3" height="3" fill="${hatch}"/></pattern></defs>` +
      `<path fill-rule="evenodd" fill="url(#h)" d="M-23 -33H23V33H-23Z M-18 -28H18V28H-18Z"/>`;
  }

  let grain = '';
  if (attributes.texture === 'rough') {
    const specks: string[] = [];
    const n = Math.floor(between(random, 260, 360));
    for (let i = 0; i < n; i++) {
      const x = between(random, -24, 24).toFixed(1);
      const y = between(random, -34, 34).toFixed(1);
      const r = between(random, 0.35, 0.8).toFixed(2);
      const tone = random() < 0.7 ? '#000' : '#fff';
      const alpha = between(random, 0.25, 0.5).toFixed(2);
      specks.push(`<circle cx="${x}" cy="${y}" r="${r}" fill="${tone}" fill-opacity="${alpha}"/>`);
    }
    grain = specks.join('');
  }

  const shadow = between(random, 1, 3);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `<defs><linearGradient id="l" gradientTransform="rotate(${light.toFixed(1)} 0.5 0.5)">` +
    `<stop offset="0" stop-color="#fff" stop-opacity="${lightStrength.toFixed(2)}"/>` +
    `<stop offset="1" stop-color="#000" stop-opacity="${lightStrength.toFixed(2)}"/></linearGradient>` +
    `<filter id="s" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${shadow.toFixed(2)}"/></filter></defs>` +
    `<rect width="${size}" height="${size}" fill="${table}"/>` +
    `<g transform="translate(${(size / 2 + dx).toFixed(2)} ${(size / 2 + dy).toFixed(2)}) rotate(${rotation.toFixed(2)}) scale(${scale.toFixed(4)})">` +
    `<rect x="-23" y="-33" width="50" height="70" rx="4" fill="#000" fill-opacity="0.45" filter="url(#s)"/>` +
    `<rect x="-25" y="-35" width="50" height="70" rx="4" fill="${stock}"/>` +
    pattern +
    grain +
    pips +
    `</g><rect width="${size}" height="${size}" fill="url(#l)"/></svg>`;
  const blur = random() < 0.5 ? between(random, 0.3, 0.8) : 0;
  const noise = between(random, 0, 8);
  return { svg, blur, noise };
}

/** The random stream of card `index` of the set `seed`. */
function cardStream(seed: number, index: number): Random {
  return mulberry32(deriveSeed(seed, `card-${index}`));
}

/** Attributes and manifest labels, the first draws of a card's stream. */
function drawLabels(random: Random): Omit<GeneratedCard, 'path'> {
  const attributes = {} as CardAttributes;
  const labels = {} as Record<CardTask, string | null>;
  for (const task of CARD_TASKS) {
    attributes[task] = pick(random, CARD_CLASS_PROBABILITIES[task]).value;
    labels[task] = random() < CARD_MISSING_RATE ? null : attributes[task];
  }
  return { attributes, labels };
}

/**
 * Attributes and manifest labels of card `index` of the set `seed`, without drawing it
 * (the same values {@link renderCard} gives).
 */
export function cardLabels(seed: number, index: number): Omit<GeneratedCard, 'path'> {
  return drawLabels(cardStream(seed, index));
}

/**
 * Draw card `index` (0-based) of the set `seed`.
 * @param size side of the square image in pixels
 * @returns its attributes, manifest labels and PNG bytes (RGB, `size × size`)
 */
export async function renderCard(
  seed: number,
  index: number,
  size: number,
): Promise<{ attributes: CardAttributes; labels: Record<CardTask, string | null>; png: Buffer }> {
  const random = cardStream(seed, index);
  const { attributes, labels } = drawLabels(random);
  const { svg, blur, noise } = cardSvg(attributes, random, size);
  let image = sharp(Buffer.from(svg)).removeAlpha();
  if (blur > 0) image = image.blur(blur);
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, Math.round(data[i] + noise * gaussian(random))));
  }
  const png = await sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels },
  })
    .png()
    .toBuffer();
  return { attributes, labels, png };
}

/** Path of card `index` (0-based) of a set of `count`, relative to the output folder. */
function cardPath(index: number, count: number): string {
  const width = Math.max(5, String(count).length);
  return `${CARD_IMAGE_FOLDER}/card-${String(index + 1).padStart(width, '0')}.png`;
}

/** Entries of `dir` (paths relative to it, folders ending in `/`); [] when it is missing. */
async function folderEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** "a, b, c and 4 more" */
function someNames(names: string[], shown = 5): string {
  const more = names.length - shown;
  return names.slice(0, shown).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * Why an output folder for {@link generateCards} may not be written, or null when it may:
 * a folder that already holds files is refused, so a user's own manifest.csv is never
 * replaced and no PNG of an earlier, larger set is left behind beside a shorter manifest. A
 * missing or empty folder passes. With `replace`, a folder holding only files this set would
 * write (a manifest.csv with the cards' header and the `count` card PNGs under images/)
 * passes too: they are replaced; any other file (a manifest.csv of other columns included)
 * refuses it, since nothing here deletes a file.
 * @param dir output folder (absolute)
 * @param count number of cards to be written (names the PNGs)
 * @returns the reason, naming the folder and what it holds (the first five entries and how
 *   many more), or `dir` when it is a file; null when the folder may be written.
 * @throws the file system's errors other than a missing folder (e.g. EACCES).
 */
export async function cardsFolderProblem(
  dir: string,
  count: number,
  replace = false,
): Promise<string | null> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    return `"${dir}" is a file, not a folder; give a new or empty folder for the cards.`;
  }
  const entries = await folderEntries(dir);
  if (entries.length === 0) return null;
  if (!replace) {
    return `the folder "${dir}" already holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${someNames(entries)}); give a new or empty folder (--force replaces only a card set's own files).`;
  }
  const own = new Set(Array.from({ length: count }, (_, i) => cardPath(i, count)));
  const others = entries.filter((e) => e !== CARD_MANIFEST && e !== `${CARD_IMAGE_FOLDER}/`);
  // A manifest.csv is a card set's own only with the header this function writes.
  if (entries.includes(CARD_MANIFEST)) {
    const text = await readFile(join(dir, CARD_MANIFEST), 'utf8');
    if (text.split('\n', 1)[0] !== CARD_MANIFEST_HEADER) others.unshift(CARD_MANIFEST);
  }
  if (entries.includes(`${CARD_IMAGE_FOLDER}/`)) {
    for (const e of await folderEntries(join(dir, CARD_IMAGE_FOLDER))) {
      if (!own.has(`${CARD_IMAGE_FOLDER}/${e}`)) others.push(`${CARD_IMAGE_FOLDER}/${e}`);
    }
  }
  if (others.length > 0) {
    return `the folder "${dir}" holds ${others.length} file${others.length === 1 ? '' : 's'} that ${count} card${count === 1 ? '' : 's'} would not replace (${someNames(others)}); nothing is deleted: give a new or empty folder.`;
  }
  return null;
}

/**
 * Refuses an output folder for {@link generateCards} that {@link cardsFolderProblem} finds
 * a reason not to write (a folder holding files; with `replace`, files other than the set's
 * own).
 * @param dir output folder (absolute)
 * @param count number of cards to be written (names the PNGs)
 * @throws MtlError('BAD_REQUEST') with the reason, naming the folder and what it holds.
 */
export async function checkCardsFolder(dir: string, count: number, replace = false): Promise<void> {
  const problem = await cardsFolderProblem(dir, count, replace);
  if (problem !== null) throw new MtlError('BAD_REQUEST', problem);
}

/**
 * Write `count` synthetic card images as PNG into `<dir>/images/` and a manifest
 * `<dir>/manifest.csv` (columns path, colour, points, pattern, texture; an empty cell is a
 * withheld label). Existing files of the same names are replaced: callers that must not
 * replace a user's files check the folder first ({@link checkCardsFolder}).
 * @param dir output folder (created if missing)
 * @returns the cards in manifest order
 * @throws MtlError('BAD_REQUEST') for a count < 1, a size outside 32–1024 or a non-integer
 *   seed; MtlError('IMPORT_CANCELLED') when `signal` is aborted (files written so far stay).
 */
export async function generateCards(
  dir: string,
  options: GenerateCardsOptions,
): Promise<GeneratedCard[]> {
  const size = options.size ?? DEFAULT_CARD_IMAGE_SIZE;
  const { count, seed, signal } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new MtlError('BAD_REQUEST', `card count must be a whole number ≥ 1, got ${count}`);
  }
  if (!Number.isInteger(size) || size < 32 || size > 1024) {
    throw new MtlError('BAD_REQUEST', `card image size must be 32–1024 pixels, got ${size}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new MtlError(
      'BAD_REQUEST',
      `seed must be a whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, got ${seed}`,
    );
  }
  await mkdir(join(dir, CARD_IMAGE_FOLDER), { recursive: true });
  const indices = Array.from({ length: count }, (_, i) => i);
  const cards: GeneratedCard[] = [];
  const concurrency = Math.max(1, options.concurrency ?? 2);
  for await (const card of pMapIterable(
    indices,
    async (index) => {
      throwIfCancelled(signal);
      const path = cardPath(index, count);
      const { attributes, labels, png } = await renderCard(seed, index, size);
      await writeFile(join(dir, path), png);
      return { path, attributes, labels };
    },
    { concurrency, backpressure: concurrency * 2 },
  )) {
    cards.push(card);
    options.onProgress?.(cards.length);
  }
  const lines = [CARD_MANIFEST_HEADER];
  for (const card of cards) {
    lines.push([card.path, ...CARD_TASKS.map((t) => card.labels[t] ?? '')].join(','));
  }
  await writeFile(join(dir, CARD_MANIFEST), `${lines.join('\n')}\n`);
  return cards;
}
