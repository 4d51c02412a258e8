/**
 * A file that is not a text table (a PNG, a gzip, a spreadsheet, a project) is refused as
 * what it is, with no encoding advice, in any encoding. Found by a new user: a PNG or a .gz
 * renamed .csv looped through the encoding advice (binary → "try --encoding utf-16le" →
 * latin1 advice → binary again). Expected by hand from the formats' published signatures:
 * PNG 89 50 4E 47 0D 0A 1A 0A (PNG spec §5.2; fixtures/csv/binary.csv starts so), gzip 1F 8B
 * (RFC 1952), ZIP "PK" 03 04 (PKWARE APPNOTE 4.3.7; an .xlsx's entries are under xl/),
 * SQLite "SQLite format 3" 00 (sqlite.org/fileformat, a project's schema names project_meta).
 * The sentence names the file as its subject ("img.csv is not …"; a new user read "img.csv:
 * is not …" as broken grammar), as the studio's NOT_A_TABLE text does in en and zh-CN.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKindOf } from '../../src/main/data/fileSignature';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  copyFileSync(fixture('csv/binary.csv'), `${dir}/img.csv`);
  writeFileSync(`${dir}/zoo.csv`, gzipSync(Buffer.from('name,legs\nant,6\n')));
  writeFileSync(
    `${dir}/sheet.csv`,
    Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      Buffer.from('xl/workbook.xml'),
    ]),
  );
  writeFileSync(
    `${dir}/old.csv`,
    Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from('CREATE TABLE project_meta (')]),
  );
});
afterAll(() => cleanup());

const ENCODING_ADVICE = /encoding|utf-16|latin1/i;

describe('import of a file that is not a text table', () => {
  it('names a PNG as an image in every encoding, with no encoding advice', async () => {
    for (const encoding of [[], ['--encoding', 'utf-16le'], ['--encoding', 'latin1']]) {
      const r = await cli('import', `${dir}/img.csv`, '-p', `${dir}/p.mtlproj`, ...encoding);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: img.csv is not a CSV or text table: it is a PNG image; to import images, import their folder with import-images\n',
      );
      expect(r.stderr).not.toMatch(ENCODING_ADVICE);
    }
    // A failed first import leaves no project behind.
    expect(existsSync(`${dir}/p.mtlproj`)).toBe(false);
  }, 60_000);

  it('says to decompress a gzip, to save a spreadsheet as CSV, and to open a project with -p', async () => {
    const gz = await cli('import', `${dir}/zoo.csv`, '-p', `${dir}/p.mtlproj`);
    expect(gz.stderr).toBe(
      'error: zoo.csv is not a CSV or text table: it is a gzip-compressed file; decompress it first (e.g. gunzip) and import the CSV file inside\n',
    );
    const sheet = await cli('import', `${dir}/sheet.csv`, '-p', `${dir}/p.mtlproj`);
    expect(sheet.stderr).toBe(
      'error: sheet.csv is not a CSV or text table: it is an Excel workbook (.xlsx); save it as CSV from the spreadsheet program (Save As › CSV) and import that file\n',
    );
    const project = await cli('import', `${dir}/old.csv`, '-p', `${dir}/p.mtlproj`);
    expect(project.stderr).toBe(
      `error: old.csv is not a CSV or text table: it is an MTL Studio project (.mtlproj); it is a project, not a table: give it with -p (e.g. mtl-studio columns -p ${dir}/old.csv)\n`,
    );
    for (const r of [gz, sheet, project]) expect(r.code).toBe(1);
  }, 60_000);
});

describe('fileKindOf', () => {
  it('knows the signatures, and nothing in text or an unknown binary', () => {
    const of = (bytes: number[] | string, name = ''): string | null =>
      fileKindOf(
        typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes),
        name,
      );
    expect(of([0xff, 0xd8, 0xff, 0xe0])).toBe('jpeg');
    expect(of('GIF89a\x01\x00')).toBe('gif');
    expect(of('PK\x03\x04\x14\x00')).toBe('zip');
    expect(of('PK\x03\x04\x14\x00', 'Book1.XLSX')).toBe('xlsx');
    expect(of([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])).toBe('xls');
    expect(of('%PDF-1.7\n')).toBe('pdf');
    expect(of('SQLite format 3\0')).toBe('sqlite');
    expect(of('SQLite format 3\0', 'p.mtlproj')).toBe('mtlproj');
    // Text, and a PNG signature cut short, are not recognised.
    expect(of('name,legs\nant,6\n')).toBeNull();
    expect(of([0x89, 0x50, 0x4e, 0x47])).toBeNull();
    expect(of([0x01, 0x02, 0x00, 0x04])).toBeNull();
  });
});
