/**
 * A default encoding (predict: the one the model's dataset was imported with) is read with
 * unless the file certainly is another, and the notes say which happened. The bytes are
 * written by iconv-lite (an independent encoder) from known text; what each encoding reads
 * is checked against that text, not against the code under test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, MIXED_CONFIDENCE } from '../../src/main/data/encodingDetect';
import { resolveCsvFormat } from '../../src/main/data/csvFormat';
import { encodingNotes, type EncodingNote } from '../../src/main/data/encodingNotes';
import { importCsv } from '../../src/main/data/importCsv';
import { FakeStore } from './fakeStore';

// Turkish: ş ğ ı are FE F0 FD in windows-1254 (þ ð ý in windows-1252).
const TURKISH = 'ad,şehir\nAyşe,Muğla\nGülşen,Kırşehir\n';
const cp1254 = iconv.encode(TURKISH, 'windows-1254');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-encdefault-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('chooseEncoding with a default', () => {
  it('takes a windows-1254 default for windows-1254 bytes (detection reads windows-1252)', () => {
    expect(chooseEncoding(cp1254, true).encoding).toBe('windows-1252');
    expect(chooseEncoding(cp1254, true, undefined, 'cp1254')).toEqual({
      encoding: 'windows-1254',
      confidence: 1,
      source: 'default',
    });
    // A user's choice, and 'auto', come before the default.
    expect(chooseEncoding(cp1254, true, 'latin1', 'windows-1254').encoding).toBe('latin1');
    expect(chooseEncoding(cp1254, true, 'auto', 'windows-1254').source).not.toBe('default');
  });

  it('does not take it for a file that is certainly another encoding', () => {
    const utf8 = Buffer.from(TURKISH, 'utf8');
    expect(chooseEncoding(utf8, true, undefined, 'windows-1254')).toMatchObject({
      encoding: 'utf-8',
      source: 'utf8',
      overruled: 'windows-1254',
    });
    const bom16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TURKISH, 'utf-16le')]);
    expect(chooseEncoding(bom16, true, undefined, 'windows-1254')).toMatchObject({
      encoding: 'utf-16le',
      source: 'bom',
      overruled: 'windows-1254',
    });
  });

  it('takes it for pure ASCII (which it reads alike) and for UTF-16 without a mark', () => {
    const ascii = Buffer.from('ad,sehir\nAyse,Mugla\n');
    expect(chooseEncoding(ascii, true, undefined, 'windows-1254').source).toBe('default');
    // ASCII as UTF-16LE would read other text: certainly not UTF-16, so not taken.
    expect(chooseEncoding(ascii, true, undefined, 'utf-16le')).toMatchObject({
      encoding: 'utf-8',
      overruled: 'utf-16le',
    });
    // UTF-16LE without a mark holds NUL bytes: valid UTF-8, but not certainly UTF-8.
    const utf16 = iconv.encode(TURKISH, 'utf-16le');
    expect(chooseEncoding(utf16, true, undefined, 'utf-16le').source).toBe('default');
  });

  it('detects as before with a UTF-8 default, and notes a mixed sample', () => {
    expect(chooseEncoding(cp1254, true, undefined, 'utf-8')).toEqual(chooseEncoding(cp1254, true));
    // "é" in UTF-8 (C3 A9) and a lone windows-1254 "ş" (FE) on line 3.
    const mixed = Buffer.concat([Buffer.from('a\ncafé\n'), Buffer.from([0x78, 0xfe, 0x79, 0x0a])]);
    expect(chooseEncoding(mixed, true, undefined, 'windows-1254')).toEqual({
      encoding: 'windows-1254',
      confidence: MIXED_CONFIDENCE,
      source: 'default',
      mixedUtf8Line: 3,
    });
  });
});

describe('encodingNotes', () => {
  it('says which encoding predict reads with, and why', async () => {
    const tr = join(dir, 'tr.csv');
    await writeFile(tr, cp1254);
    const format = await resolveCsvFormat(tr, { defaultEncoding: 'cp1254' });
    expect(format.dialect).toMatchObject({ encoding: 'windows-1254', encodingChosen: true });
    expect(format.sampleText).toBe(TURKISH);
    expect(encodingNotes(format, undefined, 'predict')).toEqual([
      {
        kind: 'trainingEncoding',
        encoding: 'windows-1254',
        message:
          "note: reading tr.csv as windows-1254, the encoding the model's dataset was imported with (override with --encoding)",
      },
    ]);
    const utf = join(dir, 'utf.csv');
    await writeFile(utf, TURKISH);
    const read = await resolveCsvFormat(utf, { defaultEncoding: 'windows-1254' });
    expect(read.sampleText).toBe(TURKISH);
    expect(encodingNotes(read, undefined, 'predict')).toEqual([
      {
        kind: 'notTrainingEncoding',
        encoding: 'utf-8',
        trainingEncoding: 'windows-1254',
        message:
          "note: utf.csv is valid UTF-8 text: read as utf-8, not as windows-1254, the encoding the model's dataset was imported with (override with --encoding)",
      },
    ]);
  });

  it('names the command in the windows-1254 hint; the import tells its notes once its reading is settled', async () => {
    const tr = join(dir, 'tr2.csv');
    await writeFile(tr, cp1254);
    const told: { notes: EncodingNote[]; encoding: string }[] = [];
    const onEncoding = (notes: EncodingNote[], encoding: string) => told.push({ notes, encoding });
    await importCsv(new FakeStore(), tr, { onEncoding });
    expect(told).toHaveLength(1);
    const [imported] = told[0].notes;
    const [predicted] = encodingNotes(await resolveCsvFormat(tr), undefined, 'predict');
    // Detection reads windows-1252 (see the first test); line 2 ("Ayşe,Muğla") is the first
    // with ş between letters.
    expect(told[0].encoding).toBe('windows-1252');
    expect(imported).toMatchObject({ kind: 'mayBeWindows1254', line: 2 });
    expect(imported.message).toMatch(/import it with --encoding windows-1254$/);
    expect(predicted.message).toMatch(/predict it with --encoding windows-1254$/);
    // A file that cannot be read: no notes (the command reports the error).
    await expect(
      importCsv(new FakeStore(), join(dir, 'none.csv'), { onEncoding }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(told).toHaveLength(1);
  });
});
