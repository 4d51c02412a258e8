/**
 * The byte-level CSV writer of predictions must write exactly the text that strings built
 * with Number.prototype.toFixed(6) and RFC 4180 quoting give (the reference below is that
 * straightforward string version, as predict.ts wrote it before).
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/random';
import { csvField, PredictionCsvWriter } from '../../src/main/export/predictionCsv';

const LABELS = [
  ['Adelie', 'Chinstrap, "big"', '企鹅'],
  ['no', ' yes'],
];

/** The lines as strings: row, id, per task label + toFixed(6) probability (+ all). */
function reference(
  rows: number[],
  ids: (string | null)[] | null,
  probs: Float32Array[],
  best: Int32Array[],
  allProbs: boolean,
): string {
  return rows
    .map((row, r) => {
      let line = String(row);
      if (ids) line += `,${csvField(ids[r] ?? '')}`;
      LABELS.forEach((labels, t) => {
        const k = labels.length;
        line += `,${csvField(labels[best[t][r]])},${probs[t][r * k + best[t][r]].toFixed(6)}`;
        if (allProbs) for (let c = 0; c < k; c++) line += `,${probs[t][r * k + c].toFixed(6)}`;
      });
      return `${line}\n`;
    })
    .join('');
}

/** Float32 values whose ×10⁶ lies exactly halfway between two integers (rounding ties). */
function ties(count: number): number[] {
  const found: number[] = [];
  for (let m = 1; found.length < count && m < 1e6; m += 1) {
    // (m + 0.5) / 10⁶ rounded to float32; keep it when the rounding lands on the tie exactly.
    const p = Math.fround((m + 0.5) / 1e6);
    if (p * 1e6 === m + 0.5) found.push(p);
  }
  return found;
}

describe('PredictionCsvWriter', () => {
  it('writes what toFixed(6) and csvField write, for random, edge and tie probabilities', () => {
    const random = mulberry32(21);
    const special = [0, 1, 1e-7, 4.9e-7, 5e-7, 0.9999995, 0.5, ...ties(40), NaN];
    const n = 3000;
    const rows = Array.from({ length: n }, (_, i) => (i === 7 ? 1_234_567_890 : i + 1));
    const ids = rows.map((r) => (r % 5 === 0 ? null : r % 3 === 0 ? `id "${r}", x` : `p-${r}`));
    const probs = LABELS.map((labels) =>
      Float32Array.from({ length: n * labels.length }, (_, i) =>
        i < special.length ? special[i] : i % 11 === 0 ? special[i % special.length] : random(),
      ),
    );
    const best = LABELS.map((labels) =>
      Int32Array.from({ length: n }, () => Math.floor(random() * labels.length)),
    );
    for (const allProbs of [false, true]) {
      for (const withIds of [false, true]) {
        const writer = new PredictionCsvWriter(LABELS, allProbs);
        const batchIds = withIds ? ids : null;
        // Two batches through one writer: its buffer is reused between them.
        const first = writer.batch({
          rows: rows.slice(0, 1000),
          ids: batchIds?.slice(0, 1000) ?? null,
          probs: probs.map((p, t) => p.slice(0, 1000 * LABELS[t].length)),
          best: best.map((b) => b.slice(0, 1000)),
        });
        const second = writer.batch({
          rows: rows.slice(1000),
          ids: batchIds?.slice(1000) ?? null,
          probs: probs.map((p, t) => p.slice(1000 * LABELS[t].length)),
          best: best.map((b) => b.slice(1000)),
        });
        expect(first.toString('utf8') + second.toString('utf8')).toBe(
          reference(rows, batchIds, probs, best, allProbs),
        );
      }
    }
  });

  it('finds rounding ties to test (the half-way cases toFixed rounds up)', () => {
    const found = ties(5);
    expect(found.length).toBe(5);
    for (const p of found) expect(p.toFixed(6)).toBe((Math.ceil(p * 1e6) / 1e6).toFixed(6));
  });
});
