/**
 * A chosen GBK or GB18030 for a file that is UTF-8 Chinese or Japanese text is refused as the
 * single-byte encodings are (UTF8_MISREAD, naming file, line, column and utf-8), unless the
 * bytes are plausible GBK text too. Every file is written by iconv-lite (an independent
 * encoder) from known text; the mojibake is what iconv-lite's GBK decoder reads, and the
 * famous "寮犱笁" for UTF-8 "张三" (E5 BC A0 E4 B8 89 paired as E5BC A0E4 B889).
 */
import { isUtf8 } from 'node:buffer';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCsvFormat } from '../../src/main/data/csvFormat';
import {
  findUtf8MisreadingAsGb,
  gb2312CommonShare,
  MIN_COMMON_HANZI_SHARE,
} from '../../src/main/data/encodingChecks';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-multibyte-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Common words (GB2312 level-1 hanzi), as a Chinese table would hold them. */
const WORDS =
  '女 男 中国 北京 上海 广州 学生 老师 医生 工程师 苹果 张三 李四 王五 是 否 高 中 低 红色 一 十 小 猫 已婚 未婚 硕士 小学 成都 杭州'.split(
    ' ',
  );

describe('a chosen GBK for UTF-8 text', () => {
  it('refuses UTF-8 Chinese read as GBK, naming line, column, the mojibake and utf-8', async () => {
    const path = join(dir, 'zh.csv');
    await writeFile(path, iconv.encode('name,city\n张三,北京\n李四,上海\n', 'utf-8'));
    expect(iconv.decode(Buffer.from('张三', 'utf8'), 'gbk')).toBe('寮犱笁');
    for (const encoding of ['gbk', 'gb18030', 'cp936']) {
      await expect(resolveCsvFormat(path, { encoding }), encoding).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        details: {
          reason: 'UTF8_MISREAD',
          // 张 opens line 2, column 'name'; 8 UTF-8 characters (张三北京李四上海).
          params: { line: 2, column: 'name', utf8: '张', read: '寮犱', count: 8 },
          remedy: { encoding: 'utf-8' },
        },
      });
    }
    await expect(resolveCsvFormat(path, { encoding: 'gbk' })).rejects.toThrow(
      "zh.csv line 2, column 'name': this is UTF-8 text, which gbk reads as other characters: '张' would be stored as '寮犱' (8 characters in the file would be stored garbled; this is the first); read it as utf-8, or detect its encoding",
    );
    expect((await resolveCsvFormat(path, { encoding: 'utf-8' })).sampleText).toContain('张三');
  });

  it('refuses UTF-8 Japanese and common Chinese words read as GB18030', async () => {
    const ja = Buffer.from('名前,都市\n田中,東京\n', 'utf8');
    expect(findUtf8MisreadingAsGb(ja, true, 'gb18030')).toMatchObject({ index: 0, utf8: '名' });
    for (const word of WORDS) {
      const bytes = Buffer.from(`id,word\n1,${word}\n`, 'utf8');
      expect(gb2312CommonShare(bytes), word).toBeLessThan(MIN_COMMON_HANZI_SHARE);
      expect(findUtf8MisreadingAsGb(bytes, true, 'gbk'), word).not.toBeNull();
    }
  });

  it('keeps GBK text that happens to be valid UTF-8 (女 is C5 AE, UTF-8 Ů)', async () => {
    // Of the common words above, these are valid UTF-8 in GBK (measured with iconv-lite).
    const accidental = WORDS.filter((w) => isUtf8(iconv.encode(w, 'gbk')));
    expect(accidental).toEqual(['女', '一', '十', '小', '猫', '硕士', '小学']);
    const text = `id,word\n${accidental.map((w, i) => `${i},${w}`).join('\n')}\n`;
    const bytes = iconv.encode(text, 'gbk');
    expect(isUtf8(bytes)).toBe(true);
    // Every GBK character is a GB2312 level-1 hanzi: plausible Chinese.
    expect(gb2312CommonShare(bytes)).toBe(1);
    const path = join(dir, 'gbk.csv');
    await writeFile(path, bytes);
    const read = await resolveCsvFormat(path, { encoding: 'gbk' });
    expect(read.sampleText).toBe(text);
    expect(read.encodingGuess).toMatchObject({ encoding: 'gbk', detected: 'utf-8' });
  });

  it('leaves other multi-byte encodings and Latin UTF-8 text to the existing checks', () => {
    const zh = Buffer.from('name\n张三\n', 'utf8');
    expect(findUtf8MisreadingAsGb(zh, true, 'big5')).toBeNull();
    expect(findUtf8MisreadingAsGb(zh, true, 'utf-8')).toBeNull();
    // UTF-8 "é" (C3 A9) is GBK 茅, a common hanzi: not told apart here (the notes warn).
    expect(gb2312CommonShare(Buffer.from('café,thé\n', 'utf8'))).toBe(1);
    expect(findUtf8MisreadingAsGb(Buffer.from('a\ncafé\n', 'utf8'), true, 'gbk')).toBeNull();
  });
});
