/**
 * UTF-8 Latin text read with a chosen GBK: every byte decodes (é, C3 A9, is GBK 茅), so no
 * check refuses it (encodingChecks.ts findUtf8MisreadingAsGb: the pairs read as common
 * hanzi); the preview warns that the file is UTF-8, and now names the first cell that reads
 * otherwise, with both readings, so the warning shows where the text is garbled.
 * Expected values by hand: UTF-8 é = C3 A9, ü = C3 BC (RFC 3629); GBK C3 A9 = 茅 and C3 BC
 * = 眉 (GB 2312 row 35, cells 9 and 28, each + A0); the en and zh-CN strings of
 * src/renderer/src/i18n/datasets.ts written out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCsv } from '../../src/main/data';
import { misreadCellText } from '../../src/renderer/src/components/previewSummary';
import { i18n } from '../../src/renderer/src/i18n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-latingb-'));
});
afterAll(async () => {
  i18n.global.locale.value = 'en';
  await rm(dir, { recursive: true, force: true });
});

/** Write `text` as UTF-8 to a file of `dir`. */
async function writtenUtf8(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.from(text, 'utf8'));
  return path;
}

const t = (key: string, values: Record<string, unknown>): string => i18n.global.t(key, values);

describe('UTF-8 Latin text chosen as GBK', () => {
  it('is previewed with the first garbled cell named, in both readings', async () => {
    const path = await writtenUtf8('people.csv', 'id,name,city\n1,Ana,Paris\n2,José,Zürich\n');
    expect([...Buffer.from('é', 'utf8')]).toEqual([0xc3, 0xa9]);
    for (const encoding of ['gbk', 'gb18030']) {
      const preview = await previewCsv(path, { encoding });
      expect(preview.detectedEncoding, encoding).toBe('utf-8');
      expect(preview.rows[1], encoding).toEqual(['2', 'Jos茅', 'Z眉rich']);
      expect(preview.misreadCell, encoding).toEqual({
        line: 3,
        column: 'name',
        shown: 'Jos茅',
        detected: 'José',
      });
    }
    const preview = await previewCsv(path, { encoding: 'gbk' });
    i18n.global.locale.value = 'en';
    expect(misreadCellText(preview, t)).toBe(
      'Line 3, column “name”: read as gbk, “Jos茅”; as utf-8, “José”.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(misreadCellText(preview, t)).toBe(
      '第 3 行，列“name”：按 gbk 读取为“Jos茅”，按 utf-8 读取为“José”。',
    );
  });

  it('names a header cell by its position', async () => {
    const path = await writtenUtf8('head.csv', 'id,café\n1,x\n2,y\n');
    const preview = await previewCsv(path, { encoding: 'gbk' });
    expect(preview.misreadCell).toEqual({ line: 1, column: 2, shown: 'caf茅', detected: 'café' });
    i18n.global.locale.value = 'en';
    expect(misreadCellText(preview, t)).toBe(
      'Line 1, column 2: read as gbk, “caf茅”; as utf-8, “café”.',
    );
  });

  it('names no cell when the choice is not contradicted', async () => {
    const path = await writtenUtf8('right.csv', 'id,name\n1,José\n');
    const preview = await previewCsv(path, { encoding: 'utf-8' });
    expect(preview.detectedEncoding).toBeNull();
    expect(preview.misreadCell).toBeNull();
    expect(misreadCellText(preview, t)).toBeNull();
  });
});
