import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv } from '../../src/main/data/importCsv';
import { SAMPLE_BYTES } from '../../src/main/data/encoding';
import { Utf8Validity } from '../../src/main/data/encodingChecks';
import { chooseEncoding } from '../../src/main/data/encodingDetect';
import { encodingNotes } from '../../src/main/data/encodingNotes';
import { FakeStore } from './fakeStore';

/**
 * The chosen-encoding checks of the detection sample (UTF-8 read as a single-byte encoding,
 * latin1's C1 controls) go on past it, in the stream: found by a new user, whose 84 KB
 * windows-1252 file with € on its last line was stored with U+0080 under `--encoding
 * latin1`, and 88 KB of ASCII then UTF-8 "Şanlıurfa café" as mojibake under cp1252, exit 0.
 * Every file here is built from its text with iconv-lite; lines and columns are counted by
 * hand from that text (header on line 1, `rows` ASCII data rows on lines 2 … rows + 1).
 */
const ROWS = 5000;
/** About 88 KB of ASCII rows: past SAMPLE_BYTES (64 KB), so the sample check sees none of the end. */
const asciiRows = Array.from({ length: ROWS }, (_, i) => `${i % 13},plain number ${i},a`).join(
  '\n',
);

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-past-sample-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('chosen-encoding checks past the detection sample', () => {
  it('refuses UTF-8 text read as windows-1252 when the file is UTF-8 throughout, naming line and column; stores nothing', async () => {
    const text = `id,txt,cat\n${asciiRows}\n5,Şanlıurfa café,a\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(SAMPLE_BYTES);
    await withDir(async (dir) => {
      const path = join(dir, 'late.csv');
      await writeFile(path, iconv.encode(text, 'utf-8'));
      const store = new FakeStore();
      // 'Ş' is UTF-8 C5 9E; windows-1252 reads C5 as 'Å' and 9E as 'ž' (CP1252.TXT).
      await expect(importCsv(store, path, { encoding: 'cp1252' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message:
          "late.csv line 5002, column 'txt': this is UTF-8 text, which windows-1252 reads as other characters: 'Ş' would be stored as 'Åž' (the file is valid UTF-8 throughout; this is its first such character); read it as utf-8, or detect its encoding",
        details: {
          reason: 'CSV_UTF8_MISREAD',
          params: { line: 5002, column: 'txt', encoding: 'windows-1252', utf8: 'Ş', read: 'Åž' },
          remedy: { encoding: 'utf-8' },
        },
      });
      expect(store.stored).toEqual([]);
      // The same file as utf-8 imports: every row.
      const ok = new FakeStore();
      await importCsv(ok, path, { encoding: 'utf-8' });
      expect(ok.stored[0].rows.at(-1)).toEqual([5, 'Şanlıurfa café', 'a']);
    });
  });

  it('names UTF-8 text past the sample whose byte the chosen encoding cannot decode (windows-1254 9E), not only as undecodable', async () => {
    const text = `id,txt,cat\n${asciiRows}\n5,Şanlıurfa,a\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(SAMPLE_BYTES);
    await withDir(async (dir) => {
      const path = join(dir, 'late.csv');
      await writeFile(path, iconv.encode(text, 'utf-8'));
      const store = new FakeStore();
      // 'Ş' is UTF-8 C5 9E; windows-1254 has no character for 9E (CP1254.TXT: UNDEFINED), so
      // the field holds U+FFFD before the file's end could show it is UTF-8 throughout.
      await expect(importCsv(store, path, { encoding: 'cp1254' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message:
          "late.csv line 5002, column 'txt': this is UTF-8 text (the file is valid UTF-8 up to here), which windows-1254 cannot decode (it would be stored as the replacement character U+FFFD); read it as utf-8, or detect its encoding",
        details: {
          reason: 'CSV_UTF8_UNDECODABLE',
          params: { line: 5002, column: 'txt', encoding: 'windows-1254' },
          remedy: { encoding: 'utf-8' },
        },
      });
      expect(store.stored).toEqual([]);
    });
  });

  it('judges a UTF-8 character that straddles two read chunks whole', async () => {
    // The 2-byte 'é' (C3 A9) placed so that C3 is the last byte of the first 64 KiB chunk
    // (the stream reads 65 536 bytes at a time) and A9 the first of the next.
    const head = 'id,txt,cat\n';
    const filler = 'x'.repeat(65535 - head.length - '0,'.length - ',a\n'.length - '0,caf'.length);
    const bytes = Buffer.concat([
      Buffer.from(`${head}0,${filler},a\n0,caf`),
      iconv.encode('é,a\n', 'utf-8'),
    ]);
    expect(bytes[65535]).toBe(0xc3);
    expect(bytes[65536]).toBe(0xa9);
    await withDir(async (dir) => {
      const path = join(dir, 'straddle.csv');
      await writeFile(path, bytes);
      // The sample (65 536 bytes) ends with the cut C3, forgiven there; the stream joins it.
      await expect(importCsv(new FakeStore(), path, { encoding: 'latin1' })).rejects.toMatchObject({
        details: {
          reason: 'CSV_UTF8_MISREAD',
          params: { line: 3, column: 'txt', utf8: 'é', read: 'Ã©' },
        },
      });
    });
    // The validity tracker alone: C3 | A9 across pushes is valid, C3 | 41 is not.
    const joined = new Utf8Validity();
    joined.push(Uint8Array.of(0x61, 0xc3));
    joined.push(Uint8Array.of(0xa9), true);
    expect(joined.valid).toBe(true);
    const broken = new Utf8Validity();
    broken.push(Uint8Array.of(0x61, 0xc3));
    broken.push(Uint8Array.of(0x41), true);
    expect(broken.valid).toBe(false);
    const cutAtEnd = new Utf8Validity();
    cutAtEnd.push(Uint8Array.of(0x61, 0xe2, 0x82), true); // € (E2 82 AC) missing its last byte
    expect(cutAtEnd.valid).toBe(false);
  });

  it('imports a windows-1252 file whose first accented letters happen to pair as UTF-8', async () => {
    // windows-1252 “CAFÉ” is 93 43 41 46 C9 94: C9 94 is well-formed UTF-8 (U+0254) — but
    // "crème" further on (E8 6D) is not UTF-8, so the file is windows-1252 and is stored so.
    const text = `id,txt,cat\n${asciiRows}\n5,“CAFÉ”,a\n6,crème,b\n`;
    await withDir(async (dir) => {
      const path = join(dir, 'legacy.csv');
      await writeFile(path, iconv.encode(text, 'windows-1252'));
      const store = new FakeStore();
      await importCsv(store, path, { encoding: 'windows-1252' });
      expect(store.stored[0].rows.slice(-2)).toEqual([
        [5, '“CAFÉ”', 'a'],
        [6, 'crème', 'b'],
      ]);
    });
  });

  it('refuses latin1 reading a windows-1252 € past the sample as the C1 control U+0080; stores nothing', async () => {
    const text = `id,txt,cat\n${asciiRows}\n5,price €5,a\n`;
    await withDir(async (dir) => {
      const path = join(dir, 'euro.csv');
      // windows-1252 encodes € as 0x80 (CP1252.TXT); latin1 reads 0x80 as U+0080.
      await writeFile(path, iconv.encode(text, 'windows-1252'));
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'latin1' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message:
          "euro.csv line 5002, column 'txt': latin1 reads byte 0x80 as the control character U+0080, which windows-1252 reads as '€' (it would be stored as an invisible control); read it as windows-1252, which reads every other byte as latin1 does, or in its own encoding",
        details: {
          reason: 'CSV_C1_CONTROL',
          params: { line: 5002, column: 'txt', byte: '0x80', suggested: 'windows-1252' },
          remedy: { encoding: 'windows-1252' },
        },
      });
      expect(store.stored).toEqual([]);
      // A byte windows-1252 has no character for either (0x81, CP1252.TXT) is left to latin1.
      await writeFile(
        path,
        Buffer.concat([
          Buffer.from(`id,txt,cat\n${asciiRows}\n5,x`),
          Buffer.from([0x81, 0x2c, 0x61, 0x0a]),
        ]),
      );
      const kept = new FakeStore();
      await importCsv(kept, path, { encoding: 'latin1' });
      expect(kept.stored[0].rows.at(-1)).toEqual([5, 'x\u0081', 'a']);
    });
  });

  it('calls UTF-8 read as windows-1254 a misreading, not undecodable text', async () => {
    // UTF-8 'ı' is C4 B1 and 'ş' C5 9F; windows-1254 reads C5 9F as 'Å' 'Ÿ' (CP1254.TXT) but
    // has no character for 9E (UTF-8 'Ş' is C5 9E): the misreading must be named, not a U+FFFD
    // count. Hand count of multi-byte characters: ş; İ, ı ı ı (kırmızı); Ş, ı = 7.
    const text = 'şehir,renk\nİstanbul,kırmızı\nŞanlıurfa,mavi\n';
    expect(iconv.decode(Buffer.from([0xc5, 0x9e]), 'windows-1254')).toBe('Å\ufffd');
    await withDir(async (dir) => {
      const path = join(dir, 'tr.csv');
      await writeFile(path, iconv.encode(text, 'utf-8'));
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'cp1254' })).rejects.toMatchObject({
        message:
          "tr.csv line 1, column 1: this is UTF-8 text, which windows-1254 reads as other characters: 'ş' would be stored as 'ÅŸ' (7 characters in the file would be stored garbled; this is the first); read it as utf-8, or detect its encoding",
        details: { reason: 'UTF8_MISREAD', params: { utf8: 'ş', read: 'ÅŸ', count: 7 } },
      });
      expect(store.stored).toEqual([]);
    });
  });

  it('notes Turkish-looking text for a chosen windows-1252 or latin1, as for a detected one', () => {
    // windows-1254 ş ğ ı are FE F0 FD (CP1254.TXT), which windows-1252 reads as þ ð ý: "Muğla"
    // and "Kırşehir" on line 2 hold ğ, ı, ş between letters (the header is ASCII).
    const bytes = iconv.encode('city,size\nMuğla,1\nKırşehir,2\n', 'windows-1254');
    for (const chosen of ['cp1252', 'latin1']) {
      const guess = chooseEncoding(bytes, true, chosen);
      expect(guess.alternative, chosen).toEqual({ encoding: 'windows-1254', line: 2 });
      const notes = encodingNotes({ file: 'tr.csv', encodingGuess: guess }, chosen, 'predict');
      expect(notes.map((n) => n.kind)).toEqual(['mayBeWindows1254']);
      expect(notes[0].message).toContain('predict it with --encoding windows-1254');
    }
    expect(chooseEncoding(bytes, true, 'windows-1254').alternative).toBeUndefined();
  });
});
