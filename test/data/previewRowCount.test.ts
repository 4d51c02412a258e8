/**
 * The import preview's row count (found by a new user: a 1,500-row file previewed "about
 * 1,534 rows", an estimate from its first 64 KiB). A file of at most 8 MiB is now read to
 * its end and counted exactly (data/preview.ts PREVIEW_EXACT_COUNT_BYTES); a larger one keeps
 * the estimate. The expected counts come from outside the studio's CSV reader: papaparse for
 * the fixture (quoted fields), and for the generated files the lines written (no quotes, no
 * newline inside a field).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_EXACT_COUNT_BYTES, previewCsv } from '../../src/main/data/preview';
import { fixture } from './fakeStore';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-preview-count-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `n` data lines under a header, ids growing in length (so the sample's bytes per row mislead). */
function table(n: number, pad = ''): string {
  const lines = ['id,group,note'];
  for (let i = 0; i < n; i++) lines.push(`${i * 1013},${i % 3 === 0 ? 'a' : 'b'},${pad}`);
  return lines.join('\n') + '\n';
}

describe('the preview counts the rows of a small file exactly', () => {
  it('the income fixture: as many rows as papaparse finds records after the header', async () => {
    const path = fixture('income_marketing.csv');
    const parsed = Papa.parse<string[]>(await readFile(path, 'utf8'), { skipEmptyLines: true });
    const dataRows = parsed.data.length - 1;
    expect(dataRows).toBeGreaterThan(1000); // past the rows the preview scans for types
    const preview = await previewCsv(path);
    expect(preview.rowCountExact).toBe(true);
    expect(preview.rowCountEstimate).toBe(dataRows);
    expect(preview.rows).toHaveLength(20);
  });

  it('a 1,500-row file has 1,500 rows, not about 1,534', async () => {
    const path = join(dir, 'rows1500.csv');
    await writeFile(path, table(1500));
    const preview = await previewCsv(path);
    expect(preview).toMatchObject({ rowCountEstimate: 1500, rowCountExact: true });
  });

  it('a malformed line past the scanned rows leaves the estimate (the import reports it)', async () => {
    const path = join(dir, 'ragged.csv');
    await writeFile(path, table(1500) + '1,a,b,c\n');
    const preview = await previewCsv(path);
    expect(preview.rowCountExact).toBe(false);
    expect(preview.rows).toHaveLength(20);
  });
});

describe('the preview estimates the rows of a file over 8 MiB', () => {
  it('says the count is an estimate', async () => {
    const path = join(dir, 'big.csv');
    // 90 000 lines of about 105 bytes: 9.4 MB, over the 8 MiB read whole.
    const text = table(90_000, 'x'.repeat(90));
    expect(Buffer.byteLength(text)).toBeGreaterThan(PREVIEW_EXACT_COUNT_BYTES);
    await writeFile(path, text);
    const preview = await previewCsv(path);
    expect(preview.rowCountExact).toBe(false);
    expect(Math.abs(preview.rowCountEstimate - 90_000)).toBeLessThan(90_000 * 0.1);
  });
});
