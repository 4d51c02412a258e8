/**
 * Generates the scale benchmark's table: diamonds repeated with noise to any row count,
 * written as CSV with back-pressure (bounded memory).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../src/main/engine/random';

/**
 * Writes `rows` data rows: row i copies diamonds row (i mod 53 940) and multiplies each
 * numeric cell by (1 + ε), ε ~ U(−2 %, +2 %), seeded; categorical cells are unchanged.
 * @param source the diamonds CSV; @param out path of the CSV to write.
 */
export async function writeNoisyDiamonds(
  source: string,
  out: string,
  rows: number,
  seed = 1,
): Promise<void> {
  const lines = readFileSync(source, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines.shift()!;
  const parsed = lines.map((l) => l.split(','));
  const numeric = parsed[0].map((cell) => !cell.startsWith('"'));
  const random = mulberry32(seed);
  const stream = createWriteStream(out);
  stream.write(`${header}\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const src = parsed[i % parsed.length];
    buffer +=
      src
        .map((cell, j) =>
          numeric[j] ? (Number(cell) * (1 + (random() - 0.5) * 0.04)).toPrecision(6) : cell,
        )
        .join(',') + '\n';
    if (buffer.length > 1 << 16) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
}
