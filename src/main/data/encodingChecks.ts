/**
 * Checks of a sample's bytes against an encoding: well-formed UTF-8 (RFC 3629) and where a
 * sample mixes it with other bytes, characters an encoding cannot decode
 * ({@link findUndecodable}), UTF-8 text a single-byte encoding misreads
 * ({@link findUtf8Misreading}), C1 control characters, NUL bytes, byte-order marks and the
 * shape of UTF-16 text; and their continuations past the sample for a file read chunk by
 * chunk ({@link StrictUtf8Decoder}, {@link Utf8Validity}).
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decodeSample } from './encoding';
import { isUtf8Encoding } from './encodingNames';

/**
 * Length (0–3) of a UTF-8 sequence cut short at the end of `bytes`: a lead byte in the
 * last three bytes followed by fewer continuation bytes than it announces.
 */
export function cutSequenceLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (byte < 0xc0) return 0; // ASCII: nothing is cut
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * True when `bytes` are valid UTF-8. When they are only the start of a file
 * (`wholeFile` false), a multi-byte sequence cut at the very end is forgiven.
 */
export function isValidUtf8(bytes: Uint8Array, wholeFile: boolean): boolean {
  const end = wholeFile ? bytes.length : bytes.length - cutSequenceLength(bytes);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of the first byte of `bytes[0, end)` that starts no well-formed UTF-8 character
 * (RFC 3629, as {@link isValidUtf8} judges), or -1 when all are well-formed. A sequence
 * cut at `end` counts as malformed: pass `end` before a cut one (see cutSequenceLength).
 */
export function firstInvalidUtf8(bytes: Uint8Array, end: number = bytes.length): number {
  for (let i = 0; i < end;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = wellFormedLength(bytes, i, end);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * Where a sample mixes UTF-8 with another encoding: it holds at least one well-formed
 * UTF-8 multi-byte character (RFC 3629 byte patterns, no overlong forms or surrogates) of
 * the kinds real text has — Latin letters U+0080–U+024F, punctuation U+2000–U+20CF, or
 * U+3000 and above (CJK, emoji) — and at least one byte that starts no well-formed
 * character. Other well-formed pairs happen by accident in legacy text (windows-1252 "ß“"
 * is the bytes of U+07D3), so they do not count.
 * @returns the 1-based line of the first such byte (lines end with LF, CRLF or CR, as in
 *   CSV errors), or null when the sample is pure ASCII, all UTF-8, or has no such UTF-8
 *   character.
 */
export function mixedUtf8Line(bytes: Uint8Array, wholeFile: boolean): number | null {
  const end = wholeFile ? bytes.length : bytes.length - cutSequenceLength(bytes);
  let wellFormed = 0;
  let firstBad = -1;
  for (let i = 0; i < end;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = wellFormedLength(bytes, i, end);
    if (n > 0) {
      if (isTextCharacter(bytes, i, n)) wellFormed++;
      i += n;
    } else {
      if (firstBad < 0) firstBad = i;
      i++;
    }
    if (wellFormed > 0 && firstBad >= 0) break;
  }
  if (wellFormed === 0 || firstBad < 0) return null;
  let line = 1;
  for (let i = 0; i < firstBad; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/**
 * Length (2–4) of the well-formed UTF-8 sequence starting at `i` (RFC 3629 table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF) within `bytes[0, end)`, else 0.
 */
function wellFormedLength(bytes: Uint8Array, i: number, end: number): number {
  const cont = (k: number) => k < end && (bytes[k] & 0xc0) === 0x80;
  const b = bytes[i];
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) return 2;
  if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2))
    return (b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) ? 0 : 3;
  if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3))
    return (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f) ? 0 : 4;
  return 0;
}

/**
 * Share (0–1) of a sample's non-ASCII bytes that belong to well-formed UTF-8 sequences: near
 * 1 for UTF-8 text with a few stray bytes, low for GBK or Big5 text (whose pairs are
 * well-formed UTF-8 only by accident); 0 for pure ASCII.
 */
export function utf8ByteShare(bytes: Uint8Array): number {
  let nonAscii = 0;
  let inSequences = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = wellFormedLength(bytes, i, bytes.length);
    nonAscii += Math.max(n, 1);
    inSequences += n;
    i += Math.max(n, 1);
  }
  return nonAscii === 0 ? 0 : inSequences / nonAscii;
}

/**
 * True when the well-formed UTF-8 sequence of `n` bytes at `i` is a character of the kinds
 * real text has (see {@link mixedUtf8Line}): U+0080–U+024F (lead bytes C2–C9),
 * U+2000–U+20CF (E2 80–E2 83), U+3000 and above (E3–EF, and every 4-byte character).
 */
function isTextCharacter(bytes: Uint8Array, i: number, n: number): boolean {
  const lead = bytes[i];
  if (n === 2) return lead <= 0xc9;
  if (n === 4) return true;
  return lead >= 0xe3 || (lead === 0xe2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x83);
}

/**
 * Offset of the first NUL byte in a sample of a file read as `encoding`, or -1. NUL bytes
 * are normal in UTF-16/UTF-32 text only; elsewhere they mark a binary file.
 */
export function findNulByte(sample: Uint8Array, encoding: string): number {
  if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(encoding)) return -1;
  return sample.indexOf(0);
}

/**
 * Whether a sample may be UTF-16 text: it starts with a UTF-16 byte-order mark, or holds a
 * NUL byte. In UTF-16 every character U+0000–U+00FF is two bytes, one of them 00 (a comma is
 * 2C 00 in UTF-16LE, 00 2C in UTF-16BE), and a CSV file's line breaks and delimiters are such
 * characters, so UTF-16 text of a line break or two fields has NUL bytes; UTF-8 and legacy
 * text has none (a NUL marks a binary file, {@link findNulByte}). Only a one-field, one-line
 * file of characters above U+00FF has neither, and it has no data rows to import either.
 * An empty sample may be anything.
 */
export function mayBeUtf16(sample: Uint8Array): boolean {
  const mark = byteOrderMark(sample);
  return sample.length === 0 || mark === 'utf-16le' || mark === 'utf-16be' || sample.includes(0);
}

/**
 * The encoding a file's byte-order mark names ('utf-8', 'utf-32le', 'utf-32be', 'utf-16le',
 * 'utf-16be'), or null without one; step 1 of {@link detectEncoding}.
 * @param sample the first bytes of the file (4 suffice)
 */
export function byteOrderMark(sample: Uint8Array): string | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // UTF-32's marks first: FF FE 00 00 starts with UTF-16LE's (found by a new user: a UTF-32
  // file with its mark was read as UTF-16LE, its column names full of NUL characters).
  if (sample[0] === 0xff && sample[1] === 0xfe && sample[2] === 0 && sample[3] === 0) {
    return 'utf-32le';
  }
  if (sample[0] === 0 && sample[1] === 0 && sample[2] === 0xfe && sample[3] === 0xff) {
    return 'utf-32be';
  }
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The characters of a sample that an encoding cannot decode: those the decoder turns into
 * U+FFFD (the replacement character; iconv-lite, as the WHATWG Encoding Standard, writes
 * one for each byte or sequence it cannot map), and UTF-16 halves of a surrogate pair left
 * alone (iconv-lite's UTF-16 passes them through; SQLite stores them as U+FFFD). A character
 * cut at the end of a partial sample (`wholeFile` false) is forgiven. For UTF-8 the first
 * byte that starts no well-formed character is found on the bytes, so a U+FFFD written in
 * the file itself (EF BF BD) is no fault.
 * @returns `index`: UTF-16 offset of the first such character in {@link decodeSample}'s text
 *   of the sample (its byte-order mark dropped); `count`: how many the sample holds; or null
 *   when the sample decodes cleanly.
 * @param text the sample as decodeSample decodes it with `encoding`, when the caller has it
 *   already (the import does): not decoded a second time.
 */
export function findUndecodable(
  bytes: Uint8Array,
  wholeFile: boolean,
  encoding: string,
  text?: string,
): { index: number; count: number } | null {
  if (isUtf8Encoding(encoding)) {
    const end = wholeFile ? bytes.length : bytes.length - cutSequenceLength(bytes);
    const first = firstInvalidUtf8(bytes, end);
    if (first < 0) return null;
    const before = decodeSample(bytes.subarray(0, first), encoding);
    const rest = decodeSample(bytes.subarray(first, end), encoding);
    return { index: before.length, count: undecodableIn(rest, true).count };
  }
  const found = undecodableIn(text ?? decodeSample(bytes, encoding), wholeFile);
  return found.count === 0 ? null : found;
}

/** Single-byte answers of {@link isSingleByteEncoding}, by name. */
const singleByte = new Map<string, boolean>();

/**
 * True when iconv-lite decodes every byte of `encoding` as one character of its own
 * (windows-1252, latin1, iso-8859-*, windows-125x, koi8-r, cp866, ascii…). Probed once per
 * name: each byte value followed by A1 (a trail byte of UTF-8, GBK, Big5, Shift_JIS and
 * EUC-KR alike, so multi-byte decoders pair them: UTF-8 C3 A1 is "á", GBK 81 A1 one
 * character, UTF-16 any two bytes) must decode to two UTF-16 code units, 512 in all (every
 * single-byte table maps into the BMP). Counting the 256 byte values alone would not do:
 * UTF-8 decodes each lone byte ≥ 80 as one U+FFFD.
 * @param encoding a name iconv-lite knows
 */
export function isSingleByteEncoding(encoding: string): boolean {
  let answer = singleByte.get(encoding);
  if (answer === undefined) {
    const probe = Buffer.from(Array.from({ length: 512 }, (_, i) => (i % 2 === 0 ? i / 2 : 0xa1)));
    answer = iconv.decode(probe, encoding).length === 512;
    singleByte.set(encoding, answer);
  }
  return answer;
}

/** Where a single-byte encoding misreads UTF-8 text ({@link findUtf8Misreading}). */
export interface Utf8Misreading {
  /**
   * UTF-16 offset, in the single-byte reading of the sample ({@link decodeSample}), of the
   * first character of the first UTF-8 multi-byte sequence: its byte offset, since each byte
   * is one character there.
   */
  index: number;
  /** UTF-8 multi-byte sequences in the sample (each read as 2–4 characters). */
  count: number;
  /** The first sequence read as UTF-8, e.g. 'é' (U+FEFF for a byte-order mark). */
  utf8: string;
  /** The same bytes read with the chosen encoding, e.g. 'Ã©' (C3 A9 in windows-1252). */
  read: string;
}

/**
 * The non-ASCII characters of a valid UTF-8 sample up to `end`: where the first one starts,
 * its length in bytes and how many there are; null when none is a text character
 * ({@link isTextCharacter}: the well-formed pairs legacy text makes by accident do not count
 * alone), or (not reached for a valid sample) a sequence is not well formed.
 */
function utf8NonAscii(
  bytes: Uint8Array,
  end: number,
): { first: number; firstLength: number; count: number } | null {
  let first = -1;
  let firstLength = 0;
  let count = 0;
  let text = false;
  for (let i = 0; i < end;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = wellFormedLength(bytes, i, end);
    if (n === 0) return null;
    if (first < 0) [first, firstLength] = [i, n];
    if (isTextCharacter(bytes, i, n)) text = true;
    count++;
    i += n;
  }
  return text ? { first, firstLength, count } : null;
}

/**
 * Where a single-byte encoding ({@link isSingleByteEncoding}) chosen for a sample reads
 * UTF-8 text as other characters: each n-byte UTF-8 character becomes n characters
 * ("é", C3 A9, as windows-1252 "Ã©"). Every byte decodes, so {@link findUndecodable} sees
 * nothing (found by a new user: `--encoding cp1252` on a UTF-8 file stored "Ã©" with only a
 * "(garbled)" warning).
 *
 * It answers only when the whole sample is valid UTF-8 ({@link isValidUtf8}: a sequence cut
 * at the end of a partial sample is forgiven), a UTF-8 byte-order mark included, and holds
 * at least one multi-byte character of the kinds real text has (isTextCharacter:
 * U+0080–U+024F, U+2000–U+20CF, U+3000 and above; a byte-order mark is U+FEFF). Why a
 * legitimate single-byte file is practically never caught: such text is valid UTF-8 only
 * when every byte ≥ 80 is part of a well-formed sequence: a lead byte C2–F4 followed by
 * exactly one to three bytes 80–BF, and no byte 80–BF anywhere else. In windows-1252 or
 * latin1 that means every accented letter is a capital (C2–DF: Â–ß) followed by a symbol or
 * quote from 80–BF ("Ã©", "Â°", "ß“"), and never a lower-case accented letter (E0–FF)
 * followed by an ASCII letter or another accented letter, which is how French, German,
 * Spanish or Portuguese words are written ("café,", "Müller": E9 2C, FC 6C are not UTF-8);
 * in windows-1251 or KOI8-R, Cyrillic letters (C0–FF) come in runs, never followed by
 * 80–BF. A sample of real text with even one accented word is not valid UTF-8; one that is
 * valid throughout is UTF-8, as detection (step 2 of {@link detectEncoding}) holds too. The
 * well-formed pairs legacy text makes by accident (windows-1252 "ß“", U+07D3) are not text
 * characters and count only with one that is. What is still refused: a single-byte file
 * that spells UTF-8 mojibake on purpose ("Ã©" as text), which reads as the UTF-8 it was.
 * @returns the first misread character and how many the sample holds, or null when the
 *   encoding is not single-byte, or the sample is not valid UTF-8 or has no such character.
 */
export function findUtf8Misreading(
  bytes: Uint8Array,
  wholeFile: boolean,
  encoding: string,
): Utf8Misreading | null {
  if (isUtf8Encoding(encoding) || !isSingleByteEncoding(encoding)) return null;
  if (!isValidUtf8(bytes, wholeFile)) return null;
  const end = wholeFile ? bytes.length : bytes.length - cutSequenceLength(bytes);
  const found = utf8NonAscii(bytes, end);
  if (!found) return null;
  const { first, firstLength, count } = found;
  const sequence = bytes.subarray(first, first + firstLength);
  return {
    index: first,
    count,
    utf8: Buffer.from(sequence).toString('utf8'),
    read: iconv.decode(Buffer.from(sequence), encoding),
  };
}

/** True for iconv-lite's GBK and GB18030 codecs in any spelling (gbk, gb18030, cp936, gb2312). */
export function isGbEncoding(encoding: string): boolean {
  if (!iconv.encodingExists(encoding)) return false;
  const codec = iconv.getCodec(encoding);
  return ['gbk', 'gb18030', 'cp936'].some((name) => iconv.getCodec(name) === codec);
}

/**
 * Least share of GB2312 level-1 hanzi ({@link gb2312CommonShare}) in a GBK reading that is
 * taken for Chinese text. Measured (test/data/encodingMultiByte.test.ts): GBK text of common
 * words reads 1; UTF-8 Chinese and Japanese words read as GBK 0–0.35.
 */
export const MIN_COMMON_HANZI_SHARE = 0.5;

/**
 * Share (0–1) of the two-byte characters of a GBK reading of `bytes[0, end)` that are
 * GB2312 level-1 hanzi (lead B0–D7, trail A1–FE: GB 2312-80's 3 755 common characters,
 * which carry almost all of modern Chinese text; level 2, rows D8–F7, holds rarer ones and
 * GBK's extension rows 81–A0 and trails 40–A0 rarer still). Bytes are paired as the WHATWG
 * gb18030 decoder pairs them: a lead 81–FE takes a trail 40–7E or 80–FE; four-byte
 * sequences (second byte 30–39) and lone bytes count as not common. 1 when there is none.
 */
export function gb2312CommonShare(bytes: Uint8Array, end: number = bytes.length): number {
  let characters = 0;
  let common = 0;
  for (let i = 0; i < end;) {
    const lead = bytes[i];
    if (lead < 0x81 || lead === 0xff) {
      i++;
      continue;
    }
    const trail = i + 1 < end ? bytes[i + 1] : -1;
    characters++;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4;
    } else if ((trail >= 0x40 && trail <= 0x7e) || (trail >= 0x80 && trail <= 0xfe)) {
      if (lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1) common++;
      i += 2;
    } else {
      i++;
    }
  }
  return characters === 0 ? 1 : common / characters;
}

/**
 * Where a chosen GBK or GB18030 ({@link isGbEncoding}) reads UTF-8 text as other Chinese
 * characters: UTF-8 "张三" (E5 BC A0 E4 B8 89) is GBK "寮犱笁", every byte decoded, so
 * {@link findUndecodable} sees nothing and the import stored the mojibake with only a
 * warning. The sibling of {@link findUtf8Misreading} (whose fields it fills alike), for a
 * multi-byte encoding whose text can be valid UTF-8 by accident: measured on GB2312 hanzi
 * written by iconv-lite, about 1 in 25 random strings of one to four characters is valid
 * UTF-8 (GBK 女, C5 AE, is UTF-8 Ů), so validity alone does not tell; with the share test below, 16 of
 * 200 000 one-cell files of such strings drawn from all of GB2312 were refused, none of
 * 600 000 of 1–3 cells drawn from its level-1 hanzi. It answers only when
 * the sample is also implausible as GBK: fewer than {@link MIN_COMMON_HANZI_SHARE} of its
 * GBK characters are GB2312's common hanzi ({@link gb2312CommonShare}; UTF-8's CJK lead
 * bytes E4–E9 are GBK's rare level-2 rows, its trail bytes 80–A0 GBK's extension).
 * Weak spot: UTF-8 Latin text ("café": C3 A9 is GBK 茅, a common hanzi) is not caught here;
 * the encoding notes warn of it ('contradicted'), and the wizard's preview names the first
 * cell so garbled, in both readings (preview.ts MisreadCellFinder).
 * `read`: the GBK characters over the first UTF-8 character's bytes, and the next byte when
 * a GBK pair straddles it (UTF-8 3-byte characters end mid-pair).
 * @returns as findUtf8Misreading, or null when the encoding is not GBK/GB18030, the sample
 *   is not valid UTF-8 with a text character, or reads as plausible GBK.
 */
export function findUtf8MisreadingAsGb(
  bytes: Uint8Array,
  wholeFile: boolean,
  encoding: string,
): Utf8Misreading | null {
  if (!isGbEncoding(encoding) || !isValidUtf8(bytes, wholeFile)) return null;
  const end = wholeFile ? bytes.length : bytes.length - cutSequenceLength(bytes);
  const found = utf8NonAscii(bytes, end);
  if (!found || gb2312CommonShare(bytes, end) >= MIN_COMMON_HANZI_SHARE) return null;
  const { first, firstLength, count } = found;
  // Everything before `first` is ASCII, so GBK pairs start at `first` as UTF-8 does.
  const straddles = firstLength % 2 === 1 && first + firstLength < end;
  const readLength = firstLength + (straddles && bytes[first + firstLength] >= 0x80 ? 1 : 0);
  return {
    index: first,
    count,
    utf8: Buffer.from(bytes.subarray(first, first + firstLength)).toString('utf8'),
    read: iconv.decode(Buffer.from(bytes.subarray(first, first + readLength)), encoding),
  };
}

/**
 * The C1 control characters (U+0080–U+009F) of a decoded sample: ISO/IEC 6429 codes that
 * no text file uses, which ISO-8859 encodings (latin1, iso-8859-2, iso-8859-15 …) give for
 * bytes 80–9F, where the windows-125x encodings have letters and punctuation (windows-1252
 * 93 94 are “ ”, 80 €, 96 –; windows-1250 8C 9A are Ś š). SQLite stores them, invisible.
 * @returns the UTF-16 index of the first and how many there are, or null when none.
 */
export function findC1Controls(text: string): { index: number; count: number } | null {
  let index = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || code > 0x9f) continue;
    if (index < 0) index = i;
    count++;
  }
  return index < 0 ? null : { index, count };
}

/**
 * The windows-125x encoding that reads every byte as an ISO-8859 one does, and bytes 80–9F
 * (its C1 controls) as letters and punctuation: windows-1252 for latin1 (ISO-8859-1), and
 * windows-1254 for ISO-8859-9 (the Unicode Consortium's mapping tables CP1252.TXT,
 * 8859-1.TXT, CP1254.TXT, 8859-9.TXT; WHATWG reads those labels so). Other ISO-8859
 * encodings have no such superset (iso-8859-2 and windows-1250 place Ą Ś Ź … apart).
 */
export const C1_SUPERSET: Readonly<Record<string, string>> = {
  latin1: 'windows-1252',
  'iso-8859-9': 'windows-1254',
};

/**
 * First index and count of U+FFFD and lone surrogates in `text`; one at the very end is not
 * counted when `whole` is false (a character cut at the end of a sample).
 */
export function undecodableIn(text: string, whole: boolean): { index: number; count: number } {
  let index = -1;
  let count = 0;
  let end = text.length;
  if (!whole && end > 0) {
    const last = text.charCodeAt(end - 1);
    if (last === 0xfffd || (last >= 0xd800 && last <= 0xdbff)) end--;
  }
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    let bad = code === 0xfffd;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = true;
    } else if (code >= 0xdc00 && code <= 0xdfff) bad = true;
    if (bad) {
      if (index < 0) index = i;
      count++;
    }
  }
  return { index, count };
}

/**
 * A UTF-8 decoder for a file read chunk by chunk that stops at the first byte that is not
 * UTF-8 instead of turning it into U+FFFD (as iconv-lite and TextDecoder do): detection
 * judges only the first {@link SAMPLE_BYTES}, so a stray legacy byte further on would
 * otherwise be lost without a word. A leading byte-order mark is dropped; a character cut
 * between chunks waits for the next one. Checked with simdutf's isUtf8 (several GB/s).
 */
export class StrictUtf8Decoder {
  private pending: Buffer | null = null;
  private started = false;

  /**
   * Decode the next chunk (`final`: the file ends after it).
   * @returns the text up to the first byte that is not UTF-8, and that byte (0–255), or
   *   -1 when there is none; after one, stop decoding.
   */
  decode(chunk: Buffer, final = false): { text: string; badByte: number } {
    const bytes = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    const end = final ? bytes.length : bytes.length - cutSequenceLength(bytes);
    this.pending = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    let stop = end;
    let badByte = -1;
    if (!isUtf8(bytes.subarray(0, end))) {
      stop = firstInvalidUtf8(bytes, end);
      if (stop < 0) stop = end;
      else badByte = bytes[stop];
    }
    let start = 0;
    if (!this.started && end > 0) {
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = Math.min(3, stop);
    }
    return { text: bytes.toString('utf8', start, stop), badByte };
  }
}

/**
 * Whether a file read chunk by chunk is valid UTF-8 so far (RFC 3629, as
 * {@link isValidUtf8} judges): a sequence cut between chunks waits for the next one, so a
 * character straddling a chunk boundary is judged whole. Used past the detection sample,
 * where a chosen single-byte encoding must not store UTF-8 text as mojibake (see
 * openCsvBatches). Checked with simdutf's isUtf8 (several GB/s).
 */
export class Utf8Validity {
  private pending: Buffer | null = null;
  /** False from the first byte that starts no well-formed UTF-8 character on. */
  valid = true;

  /** Judge the next chunk of bytes (`final`: the file ends after it). */
  push(chunk: Uint8Array, final = false): void {
    if (!this.valid) return;
    const bytes =
      this.pending === null
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
        : Buffer.concat([this.pending, chunk]);
    const end = final ? bytes.length : bytes.length - cutSequenceLength(bytes);
    this.pending = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    if (!isUtf8(bytes.subarray(0, end))) this.valid = false;
  }
}
