/**
 * GBK Chinese text that starts past the sample (the first 64 KB) is refused too, when an
 * encoding that misreads it is chosen: the check reads the file's middle and end as well
 * (csvFormat.ts refuseLateGbMisreading). Before, a file of 70 KB of ASCII rows followed by
 * GBK rows, imported with `--encoding windows-1252`, was stored garbled without a word.
 * Files written by iconv-lite (an independent encoder) from known text; line numbers and
 * sizes computed by hand from how the rows are built (each ASCII row is 16 bytes).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCsvFormat } from '../../src/main/data/csvFormat';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-gblate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `count` ASCII rows `id,city,code` of 16 bytes each: "00001,paris,abc\n". */
function asciiRows(count: number, from = 1): string {
  let text = '';
  for (let i = from; i < from + count; i++) text += `${String(i).padStart(5, '0')},paris,abc\n`;
  return text;
}

/** Chinese rows (city names from the GB 2312 level-1 set), numbered from `from`. */
function chineseRows(count: number, from: number): string {
  const cities = ['北京', '上海', '广州', '深圳', '南京', '杭州'];
  let text = '';
  for (let i = 0; i < count; i++) {
    text += `${String(from + i).padStart(5, '0')},${cities[i % cities.length]},abc\n`;
  }
  return text;
}

/** Write `text` in GBK to a file of `dir`. */
async function writtenGbk(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, iconv.encode(text, 'gbk'));
  return path;
}

describe('GBK text past the first 64 KB, read with a chosen single-byte encoding', () => {
  // Header (1 line, 13 bytes) then 4480 ASCII rows of 16 bytes: 71 693 bytes, past 64 KB.
  const header = 'id,city,code\n';
  const ascii = 4480;
  const before = header + asciiRows(ascii);
  it('builds the fixture as described', () => {
    expect(Buffer.byteLength(before)).toBe(13 + 16 * ascii);
    expect(Buffer.byteLength(before)).toBeGreaterThan(70 * 1024);
  });

  it('refuses GBK rows that follow 70 KB of ASCII rows (the middle and end are read)', async () => {
    const path = await writtenGbk('late.csv', before + chineseRows(300, ascii + 1));
    // The first Chinese word: 北京 on the row after the header and the ASCII rows.
    const line = 1 + ascii + 1;
    await expect(resolveCsvFormat(path, { encoding: 'windows-1252' })).rejects.toMatchObject({
      code: 'CSV_ENCODING',
      details: {
        reason: 'GB_MISREAD',
        params: {
          line,
          column: 'city',
          encoding: 'windows-1252',
          text: '北京',
          // GBK 北京 = B1 B1 BE A9 (GB 2312 chart); windows-1252 reads ±±¾©.
          read: '±±¾©',
          suggested: 'gb18030',
        },
        remedy: { encoding: 'gb18030' },
      },
    });
    // Predict's wording: the text would be read so (nothing is stored).
    await expect(
      resolveCsvFormat(path, { encoding: 'latin1', purpose: 'predict' }),
    ).rejects.toMatchObject({ details: { reason: 'PREDICT_GB_MISREAD', params: { line } } });
    // Read as the GB encoding, nothing is refused.
    await expect(resolveCsvFormat(path, { encoding: 'gb18030' })).resolves.toMatchObject({
      wholeFile: false,
    });
  });

  it('finds GBK rows in the middle of a long file, naming their line', async () => {
    // 4480 ASCII rows, 50 Chinese rows, then 8000 more ASCII rows (the end is ASCII).
    const text = before + chineseRows(50, ascii + 1) + asciiRows(8000, ascii + 51);
    const path = await writtenGbk('middle.csv', text);
    await expect(resolveCsvFormat(path, { encoding: 'windows-1252' })).rejects.toMatchObject({
      details: { reason: 'GB_MISREAD', params: { line: 1 + ascii + 1, column: 'city' } },
    });
  });

  it('leaves an all-ASCII long file and Latin-1 text at its end alone', async () => {
    const latin = 'id,city,code\n' + asciiRows(9000) + '09001,Zürich,abc\n09002,café,déjà\n';
    const path = join(dir, 'latin.csv');
    await writeFile(path, iconv.encode(latin, 'latin1'));
    await expect(resolveCsvFormat(path, { encoding: 'latin1' })).resolves.toMatchObject({
      dialect: { encoding: 'latin1' },
    });
  });
});
