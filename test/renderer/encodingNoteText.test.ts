/**
 * The Predict view's words for the encoding notes of a CSV file (the CLI prints them in
 * English, e.g. "note: reading x.csv as windows-1254, the encoding the model's dataset was
 * imported with"). Expected sentences are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { encodingNoteText } from '../../src/renderer/src/components/encodingNoteText';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
const t = (key: string, values: Record<string, unknown>) => i18n.global.t(key, values);

describe('encoding notes in the Predict view', () => {
  it('words each kind in English', () => {
    i18n.global.locale.value = 'en';
    const training = { kind: 'trainingEncoding', encoding: 'windows-1254', message: '' } as const;
    expect(encodingNoteText(training, 'windows-1254', t)).toBe(
      'Read as windows-1254, the encoding the run’s dataset was imported with.',
    );
    const overruled = {
      kind: 'notTrainingEncoding',
      encoding: 'utf-8',
      trainingEncoding: 'windows-1254',
      message: '',
    } as const;
    expect(encodingNoteText(overruled, 'utf-8', t)).toBe(
      'This file is utf-8 text (a byte-order mark, or valid UTF-8): read as utf-8, not as windows-1254, the encoding the run’s dataset was imported with.',
    );
    const mixed = { kind: 'mixed', line: 3, message: '' } as const;
    expect(encodingNoteText(mixed, 'windows-1254', t)).toBe(
      'This file mixes two encodings: it holds UTF-8 characters, but line 3 is not UTF-8. Read as windows-1254, its UTF-8 characters are garbled: fix the file, or choose an encoding.',
    );
    const contradicted = { kind: 'contradicted', encoding: 'utf-8', message: '' } as const;
    expect(encodingNoteText(contradicted, 'windows-1254', t)).toBe(
      'This file looks like utf-8; read as windows-1254 its text is probably garbled. Choose utf-8, or “Detect”.',
    );
    const turkish = {
      kind: 'mayBeWindows1254',
      encoding: 'windows-1254',
      line: 2,
      message: '',
    } as const;
    expect(encodingNoteText(turkish, 'windows-1252', t)).toBe(
      'This file may be Turkish windows-1254 text: read as windows-1252, line 2 has þ, ð or ý between letters, where windows-1254 reads ş, ğ, ı (and Ý as İ). If the names read wrong, choose windows-1254.',
    );
  });

  it('words them in Simplified Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    const training = { kind: 'trainingEncoding', encoding: 'windows-1254', message: '' } as const;
    expect(encodingNoteText(training, 'windows-1254', t)).toBe(
      '按 windows-1254 读取，即该运行的数据集导入时的编码。',
    );
    const overruled = {
      kind: 'notTrainingEncoding',
      encoding: 'utf-8',
      trainingEncoding: 'windows-1254',
      message: '',
    } as const;
    expect(encodingNoteText(overruled, 'utf-8', t)).toBe(
      '此文件是 utf-8 文本（有字节顺序标记，或是有效的 UTF-8）：按 utf-8 读取，而不是按该运行的数据集导入时的编码 windows-1254。',
    );
    for (const kind of ['mixed', 'contradicted'] as const) {
      const text = encodingNoteText({ kind, encoding: 'utf-8', line: 3, message: '' }, 'gbk', t);
      expect(text).not.toContain('predict.');
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
