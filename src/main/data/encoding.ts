/**
 * Text encoding of a CSV file: detection from its first bytes and a streaming decoder.
 * Detection order: byte-order mark → valid UTF-8 → jschardet → GB18030 when the text
 * decodes as mostly CJK and not as Latin-1 letters → fallback (windows-1252). Binary files
 * (NUL bytes) are refused.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { OFFERED_ENCODING_NAMES } from '../../shared/encodings';
import { MtlError, reasonDetails } from '../../shared/errors';

/** Bytes read from the start of a file for encoding and delimiter detection. */
export const SAMPLE_BYTES = 64 * 1024;

/** Below this jschardet confidence (its own minimum threshold) its answer is not trusted. */
export const MIN_DETECTOR_CONFIDENCE = 0.2;

/**
 * Share of the non-ASCII characters of a GB18030 decoding that must be CJK for a file the
 * detector is unsure about to be read as GB18030 rather than windows-1252.
 */
export const MIN_CJK_SHARE = 0.3;
/** Confidence reported for a GB18030 guess made by {@link looksLikeGb18030}. */
export const CJK_GUESS_CONFIDENCE = 0.5;
/**
 * Share of the two-byte characters of a GBK reading that may look like Latin-1 letters
 * ({@link gbkPairEvidence}) before the reading is refused as Latin-1/windows-1252 text.
 */
export const MAX_LATIN_PAIR_SHARE = 0.5;

/** The encoding chosen for a file and how sure we are. */
export interface EncodingGuess {
  /** iconv-lite name used to decode, e.g. 'utf-8', 'utf-16le', 'gb18030', 'windows-1252'. */
  encoding: string;
  /** 0–1; 1 for a byte-order mark, pure ASCII, a user choice or a default taken. */
  confidence: number;
  /**
   * How the encoding was chosen: 'default' is the encoding the caller reads with when the
   * user gives none (predict: the one the model's dataset was imported with; see
   * {@link chooseEncoding}).
   */
  source: 'user' | 'default' | 'bom' | 'utf8' | 'detector' | 'fallback';
  /**
   * For a default encoding that the file certainly is not (source 'bom' or 'utf8': a
   * byte-order mark, or valid UTF-8 that the default reads otherwise): that default, which
   * was not used.
   */
  overruled?: string;
  /**
   * For a user's choice that reads the file differently from a certain detection (a
   * byte-order mark, valid UTF-8 or pure ASCII): the detected encoding. The text is then
   * probably garbled (e.g. UTF-16 forced on a UTF-8 file) and `confidence` is low.
   */
  detected?: string;
  /**
   * For a detection that is not UTF-8 although the sample holds well-formed UTF-8
   * multi-byte characters too (a file pasted together from two sources): the 1-based line
   * of the first byte that is not UTF-8. Either reading garbles part of the text, so the
   * user is warned; `confidence` is then at most {@link MIXED_CONFIDENCE}.
   */
  mixedUtf8Line?: number;
  /**
   * For a windows-1252 detection, or a chosen windows-1252 or latin1, of text that looks
   * Turkish ({@link windows1254Line}): the encoding it may be in ('windows-1254') and the
   * 1-based line of the first letter that tells. A note, not a doubt: `confidence` is unchanged.
   */
  alternative?: { encoding: string; line: number };
}

/** Highest confidence of a detection in a sample that mixes UTF-8 with another encoding. */
export const MIXED_CONFIDENCE = 0.3;
/**
 * Share of a sample's non-ASCII bytes in well-formed UTF-8 sequences from which a
 * multi-byte CJK guess is overruled as mixed UTF-8 (GBK, Big5, EUC-KR and Shift_JIS
 * samples of this repository's tests: 0–0.46; UTF-8 with stray bytes: near 1).
 */
const MOSTLY_UTF8 = 0.6;

/** Confidence of a user's encoding that contradicts a certain detection. */
export const CONTRADICTED_CONFIDENCE = 0.05;

/**
 * Read up to `maxBytes` from the start of a file.
 * @returns the bytes and whether they are the whole file.
 */
export async function readSample(
  path: string,
  maxBytes: number = SAMPLE_BYTES,
): Promise<{ bytes: Buffer; wholeFile: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    // read() may return fewer bytes than asked for: loop until full or end of file.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { bytes: buffer.subarray(0, Math.min(length, maxBytes)), wholeFile: length <= maxBytes };
  } finally {
    await handle.close();
  }
}

/**
 * Check a user-given encoding name and return the name to decode with, store and print:
 * iconv-lite's own alias resolution (names that give one codec: 'UTF16LE', 'utf_16le',
 * 'utf-16-le' → 'utf-16le'; 'cp1252' → 'windows-1252'; 'latin-1', 'ISO-8859-1' → 'latin1';
 * 'cp1254', 'win1254' → 'windows-1254'; 'ucs-2' → 'utf-16le', iconv-lite's alias; 'cp936',
 * 'gb2312' → 'gbk', a superset) maps it to the wizard's spelling
 * ({@link OFFERED_ENCODING_NAMES}); another name iconv-lite knows is spelled as its codec's
 * name ({@link codecName}: 'turkish', 'iso8859-9', 'latin5' → 'iso-8859-9'; 'KOI8_R' →
 * 'koi8-r'; 'UTF-16' → 'utf-16', iconv-lite's codec that takes the byte order from a
 * byte-order mark, else guesses it from where the NUL bytes of ASCII characters sit, else
 * little-endian), so one encoding is stored under one name whatever alias chose it.
 * @throws MtlError('CSV_ENCODING') naming the encoding when iconv-lite does not know it, with
 *   the closest offered names ({@link closestEncodingNames}) and the offered set.
 */
export function resolveEncodingName(name: string): string {
  const trimmed = name.trim();
  if (!iconv.encodingExists(trimmed)) {
    const accepted = OFFERED_ENCODING_NAMES.join(', ');
    const similar = closestEncodingNames(trimmed);
    const hint =
      similar.length > 0
        ? `did you mean ${similar.join(' or ')}? The encodings offered are`
        : 'choose one of';
    throw new MtlError(
      'CSV_ENCODING',
      `Unknown text encoding '${name}'; ${hint} ${accepted} (or another name iconv-lite knows, e.g. koi8-r)`,
      similar.length > 0
        ? reasonDetails(
            'UNKNOWN_ENCODING_SIMILAR',
            { encoding: name, similar: similar.join(', '), accepted },
            { encoding: name },
          )
        : reasonDetails('UNKNOWN_ENCODING', { encoding: name, accepted }, { encoding: name }),
    );
  }
  const codec = iconv.getCodec(trimmed);
  // iconv-lite's cp936 (its 'gb2312', 'cp936', 'ms936', 'windows-936') is GBK without GBK's
  // 2 149 added characters; it decodes nothing GBK decodes otherwise (every two-byte code
  // checked), so it is read and stored as GBK, as WHATWG's Encoding Standard reads those labels.
  if (codec === iconv.getCodec('cp936')) return 'gbk';
  return OFFERED_ENCODING_NAMES.find((n) => iconv.getCodec(n) === codec) ?? codecName(trimmed);
}

/**
 * The name of the codec iconv-lite decodes `name` with (the end of its alias chain in
 * iconv-lite's encodings table, e.g. 'turkish' → 'iso88599', 'euc-kr' → 'cp949'), spelled
 * as its standard writes it: 'iso-8859-9', 'windows-1257', 'koi8-r', 'utf-16', 'utf-7',
 * 'euc-jp', and 'euc-kr' for iconv-lite's cp949 (its EUC-KR superset, as WHATWG's); other
 * codec names as iconv-lite has them ('cp866', 'macroman'). The name given, trimmed and in
 * lower case, when that spelling would not reach the same codec.
 * @param name a name iconv-lite knows (iconv.encodingExists)
 */
function codecName(name: string): string {
  const table = (iconv as unknown as { encodings: Record<string, unknown> | null }).encodings;
  let key = name.toLowerCase().replace(/:\d{4}$|[^0-9a-z]/g, ''); // iconv-lite's own canonical form
  for (let hops = 0; table && typeof table[key] === 'string' && hops < 10; hops++) {
    key = table[key] as string;
  }
  const spelled = key
    .replace(/^iso8859(\d+)$/, 'iso-8859-$1')
    .replace(/^windows(\d+)$/, 'windows-$1')
    .replace(/^koi8([a-z]+)$/, 'koi8-$1')
    .replace(/^utf(\d+)(le|be)?$/, 'utf-$1$2')
    .replace(/^eucjp$|^cp949$/, (k) => (k === 'eucjp' ? 'euc-jp' : 'euc-kr'));
  return iconv.encodingExists(spelled) && iconv.getCodec(spelled) === iconv.getCodec(name)
    ? spelled
    : name.toLowerCase();
}

/** Most offered names {@link closestEncodingNames} suggests. */
const MAX_SIMILAR = 3;

/**
 * The offered encoding names ({@link OFFERED_ENCODING_NAMES}) closest to an unknown one, best
 * first, at most {@link MAX_SIMILAR}: Levenshtein distance between the names as iconv-lite
 * compares them (lower case, letters and digits only: 'UTF-61LE' ~ 'utf61le'), kept when at
 * most 2, or a third of the longer name; none when nothing is that close.
 */
export function closestEncodingNames(name: string): string[] {
  const key = (n: string) => n.toLowerCase().replace(/[^0-9a-z]/g, '');
  const wanted = key(name);
  return OFFERED_ENCODING_NAMES.map((offered) => {
    const other = key(offered);
    return {
      offered,
      distance: editDistance(wanted, other),
      longest: Math.max(wanted.length, other.length),
    };
  })
    .filter((c) => c.distance <= Math.max(2, Math.floor(c.longest / 3)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_SIMILAR)
    .map((c) => c.offered);
}

/** Levenshtein distance (insertions, deletions, substitutions of UTF-16 code units). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Map a jschardet encoding name to the iconv-lite name we decode with (spelled as
 * {@link resolveEncodingName} spells a user's), or null when iconv-lite cannot decode it. GB2312/GBK/GB18030 all decode as GB18030 (a superset);
 * ASCII as UTF-8 (a superset); ISO-8859-1 as windows-1252 (a superset, as browsers do).
 */
export function detectorNameToIconv(name: string): string | null {
  const lower = name.toLowerCase();
  switch (lower) {
    case 'ascii':
    case 'utf-8':
    case 'utf-8-sig':
      return 'utf-8';
    case 'gb2312':
    case 'gbk':
    case 'gb18030':
      return 'gb18030';
    case 'iso-8859-1':
    case 'latin1':
    case 'windows-1252':
      return 'windows-1252';
    default:
      // One encoding, one stored name: 'KOI8-R' → 'koi8-r', 'EUC-KR' → 'euc-kr' (resolveEncodingName).
      return iconv.encodingExists(lower) ? resolveEncodingName(lower) : null;
  }
}

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
function utf8ByteShare(bytes: Uint8Array): number {
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

/** True for CJK characters: punctuation, kana, ideographs (with extension A), fullwidth forms. */
function isCjk(code: number): boolean {
  return (
    (code >= 0x3000 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/** Two-byte characters of a sample read as GBK/GB18030, and how many look like Latin-1. */
export interface GbkPairEvidence {
  /** Two-byte characters (lead 81–FE, trail 40–7E or 80–FE) in the reading. */
  twoByte: number;
  /**
   * Those that look like Latin-1/windows-1252 letters rather than Chinese: a trail byte in
   * 40–7E (an ASCII letter or punctuation), or a single two-byte character with an ASCII
   * letter right before and right after it (the "çã" of "informação").
   */
  latinLike: number;
}

/** True for the ASCII letters A–Z and a–z. */
function isAsciiLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
}

/**
 * Read `sample` as GB18030 byte sequences (WHATWG Encoding Standard, gb18030 decoder: a
 * lead 81–FE takes a trail 40–7E or 80–FE, or starts a four-byte sequence with 30–39) and
 * count its two-byte characters and those that look like Latin-1 text.
 *
 * Why this tells them apart: GB2312 (GB 2312-80, EUC-CN form) puts every one of its 6 763
 * hanzi and 682 symbols at rows and cells A1–FE, so in GB2312/GBK Chinese text both
 * bytes of a two-byte character are almost always ≥ A1; GBK's extension (trail bytes
 * 40–7E and 80–A0) holds only rare and traditional characters. In Latin-1/windows-1252
 * text a non-ASCII byte is an accented letter inside a word of ASCII letters, so a GBK
 * reading pairs it with the next ASCII letter (trail 40–7E: "ü"+"l" of "Müller" is GBK
 * FC 6C) or, for two accented letters in a row, gives one two-byte character between
 * ASCII letters (E7 E3, "çã" of "informação"), which Chinese text, written in runs of
 * hanzi, practically never has. (A high byte before a space, digit or delimiter is no
 * GBK character at all: {@link looksLikeGb18030} refuses that reading outright.)
 * Four-byte sequences and lone bytes are skipped.
 */
export function gbkPairEvidence(sample: Uint8Array): GbkPairEvidence {
  let twoByte = 0;
  let latinLike = 0;
  for (let i = 0; i < sample.length;) {
    const lead = sample[i];
    const trail = sample[i + 1];
    if (lead < 0x81 || lead > 0xfe || trail === undefined) {
      i++;
      continue;
    }
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4;
      continue;
    }
    const asciiTrail = trail >= 0x40 && trail <= 0x7e;
    if (!asciiTrail && (trail < 0x80 || trail > 0xfe)) {
      i++;
      continue;
    }
    twoByte++;
    if (asciiTrail || (isAsciiLetter(sample[i - 1]) && isAsciiLetter(sample[i + 2]))) latinLike++;
    i += 2;
  }
  return { twoByte, latinLike };
}

/**
 * True when a GBK reading of `sample` looks like Latin-1 text rather than Chinese: more
 * than {@link MAX_LATIN_PAIR_SHARE} of its two-byte characters are Latin-like
 * ({@link gbkPairEvidence}, which gives the sources). Found by a new user: German
 * "Müller,Zürich" was read as GB18030 "M黮ler,Z黵ich" because every "ü"+letter is a valid
 * GBK pair.
 */
export function gbkReadingLooksLatin(sample: Uint8Array): boolean {
  const { twoByte, latinLike } = gbkPairEvidence(sample);
  return twoByte > 0 && latinLike > MAX_LATIN_PAIR_SHARE * twoByte;
}

/**
 * True when `sample` decoded as GB18030 has no replacement character (U+FFFD; one cut
 * character at the end of a partial sample is forgiven), at least {@link MIN_CJK_SHARE}
 * of its non-ASCII characters are CJK, and its two-byte characters do not look like
 * Latin-1 letters ({@link gbkReadingLooksLatin}). Short GBK files get low detector
 * confidence; Latin-1 text whose accented letters are all followed by letters decodes
 * without U+FFFD too, and the last test refuses it.
 * @param wholeFile whether the sample is the whole file
 */
export function looksLikeGb18030(sample: Uint8Array, wholeFile: boolean): boolean {
  if (gbkReadingLooksLatin(sample)) return false;
  let text = decodeSample(sample, 'gb18030');
  if (!wholeFile && text.endsWith('\ufffd')) text = text.slice(0, -1);
  let nonAscii = 0;
  let cjk = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0xfffd) return false;
    if (code < 0x80) continue;
    nonAscii++;
    if (isCjk(code)) cjk++;
  }
  return nonAscii > 0 && cjk >= MIN_CJK_SHARE * nonAscii;
}

/**
 * Offset of the first NUL byte in a sample of a file read as `encoding`, or -1. NUL bytes
 * are normal in UTF-16/UTF-32 text only; elsewhere they mark a binary file.
 */
export function findNulByte(sample: Uint8Array, encoding: string): number {
  if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(encoding)) return -1;
  return sample.indexOf(0);
}

/** True for iconv-lite's UTF-16 codecs in any spelling: utf-16le (ucs2), utf-16be, utf-16. */
export function isUtf16Encoding(encoding: string): boolean {
  if (!iconv.encodingExists(encoding)) return false;
  const codec = iconv.getCodec(encoding);
  return ['utf-16le', 'utf-16be', 'utf-16'].some((name) => iconv.getCodec(name) === codec);
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
 * Guess the encoding of a file from its first bytes.
 * 1. A byte-order mark decides (UTF-8, UTF-32 LE/BE, UTF-16 LE/BE).
 * 2. Bytes that are valid UTF-8 are UTF-8: a legacy 8-bit or CJK text with non-ASCII
 *    bytes is practically never valid UTF-8 by accident, and this beats a statistical
 *    guess on short files.
 * 3. Otherwise jschardet, trusted from {@link MIN_DETECTOR_CONFIDENCE} up, mapped by
 *    {@link detectorNameToIconv}; a GB answer whose two-byte characters look like Latin-1
 *    letters ({@link gbkReadingLooksLatin}) is not trusted.
 * 4. Otherwise GB18030 when the text decodes as mostly CJK ({@link looksLikeGb18030}),
 *    with confidence {@link CJK_GUESS_CONFIDENCE}: short GBK files fool the detector; not
 *    when its two-byte characters look like Latin-1 letters. Also GB18030, before a
 *    single-byte answer of step 3 or 5, for mostly Latin text with some Chinese
 *    ({@link looksLikeLatinInGb18030}: GB18030 Latin letters, a clean decoding, CJK).
 * 5. Otherwise windows-1252, which decodes every byte (Western European legacy files).
 * In steps 3–5, a single-byte detection in a sample that also holds well-formed UTF-8
 * characters is marked mixed
 * (`mixedUtf8Line`, confidence at most {@link MIXED_CONFIDENCE}).
 * @param sample the first bytes of the file (see {@link SAMPLE_BYTES})
 * @param wholeFile whether the sample is the whole file
 */
export function detectEncoding(sample: Uint8Array, wholeFile: boolean): EncodingGuess {
  const marked = byteOrderMark(sample);
  if (marked !== null) return { encoding: marked, confidence: 1, source: 'bom' };
  if (isValidUtf8(sample, wholeFile)) {
    const ascii = sample.every((byte) => byte < 0x80);
    return { encoding: 'utf-8', confidence: ascii ? 1 : 0.99, source: 'utf8' };
  }
  const guess = markMixed(
    detectLegacy(sample, wholeFile),
    mixedUtf8Line(sample, wholeFile),
    sample,
  );
  if (guess.encoding !== 'windows-1252' || guess.mixedUtf8Line !== undefined) return guess;
  const line = windows1254Line(sample);
  return line === null ? guess : { ...guess, alternative: { encoding: 'windows-1254', line } };
}

/**
 * True for the bytes of lower-case letters in windows-1252 and windows-1254 alike: ASCII a–z
 * and DF–FF but F7 (÷). In windows-1254, F0 FD FE are ğ ı ş (windows-1252: ð ý þ).
 */
function isLowerLetterByte(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0xdf && byte !== 0xf7);
}

/**
 * Bytes of letters Icelandic, Czech, Spanish and others write but Turkish does not: á é í ó ú
 * æ Æ (windows-1252 E1 E9 ED F3 FA E6 C6). Text with as many of these as Turkish-looking
 * letters is not taken for Turkish (Icelandic "Guðrún" has ð between letters too).
 */
const NOT_TURKISH = new Set([0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xe6, 0xc6]);

/**
 * Where a sample read as windows-1252 looks like Turkish windows-1254 text, whose ş ğ ı İ
 * (windows-1254 FE F0 FD DD; windows-1254 and ISO-8859-9 code charts) windows-1252 reads as
 * þ ð ý Ý. A byte counts when it is FE, F0 or FD between two lower-case letters ("Gülşen",
 * "Muğla", "Kırşehir") or DD at the start of a word before a lower-case ASCII letter
 * ("İzmir"). The text looks Turkish when two of these four letters occur, or one of them at
 * least three times beside ü, ç or ö (FC E7 F6), and fewer letters Turkish does not write
 * ({@link NOT_TURKISH}) than such bytes.
 * @returns the 1-based line (LF, CRLF or CR end a line) of the first such byte, or null.
 */
export function windows1254Line(sample: Uint8Array): number | null {
  const seen = new Set<number>();
  let hits = 0;
  let notTurkish = 0;
  let turkishVowels = false;
  let line = 1;
  let firstLine = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i];
    if (byte === 0x0a || (byte === 0x0d && sample[i + 1] !== 0x0a)) line++;
    if (byte < 0x80) continue;
    if (NOT_TURKISH.has(byte)) notTurkish++;
    if (byte === 0xfc || byte === 0xe7 || byte === 0xf6) turkishVowels = true;
    const before = sample[i - 1];
    const after = sample[i + 1];
    const inWord =
      (byte === 0xfe || byte === 0xf0 || byte === 0xfd) &&
      isLowerLetterByte(before) &&
      isLowerLetterByte(after);
    const startsWord =
      byte === 0xdd &&
      !isLowerLetterByte(before) &&
      !(before !== undefined && before >= 0x41 && before <= 0x5a) &&
      after !== undefined &&
      after >= 0x61 &&
      after <= 0x7a;
    if (!inWord && !startsWord) continue;
    hits++;
    seen.add(byte);
    if (firstLine === 0) firstLine = line;
  }
  const turkish = seen.size >= 2 || (hits >= 3 && turkishVowels);
  return turkish && notTurkish < hits ? firstLine : null;
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

/** Steps 3–5 of {@link detectEncoding}: a sample that is not valid UTF-8. */
function detectLegacy(sample: Uint8Array, wholeFile: boolean): EncodingGuess {
  const detected = jschardet.detect(Buffer.from(sample.buffer, sample.byteOffset, sample.length));
  const mapped = detected.encoding ? detectorNameToIconv(detected.encoding) : null;
  const gb: EncodingGuess = {
    encoding: 'gb18030',
    confidence: CJK_GUESS_CONFIDENCE,
    source: 'detector',
  };
  // A GB answer for Latin-1 letters is not trusted, and no GB guess follows (scanned once).
  const latinAsGb = mapped === 'gb18030' && gbkReadingLooksLatin(sample);
  if (
    mapped &&
    mapped !== 'utf-8' &&
    !latinAsGb &&
    detected.confidence >= MIN_DETECTOR_CONFIDENCE
  ) {
    if (isSingleByteEncoding(mapped) && looksLikeLatinInGb18030(sample, wholeFile)) return gb;
    return { encoding: mapped, confidence: detected.confidence, source: 'detector' };
  }
  if (!latinAsGb && looksLikeGb18030(sample, wholeFile)) return gb;
  if (looksLikeLatinInGb18030(sample, wholeFile)) return gb;
  return { encoding: 'windows-1252', confidence: detected.confidence, source: 'fallback' };
}

/**
 * Latin letters of a sample read as GB18030 byte sequences (walked as the WHATWG gb18030
 * decoder does: a lead 81–FE takes a trail 40–7E or 80–FE, or three more bytes when the
 * next is 30–39): the pinyin letters of GB2312 row 8 (A8 A1–A8 C0: ā á ǎ à … ü ê) and the
 * four-byte characters of the Basic Multilingual Plane (lead 81–84, then 30–39, 81–FE,
 * 30–39), where GB 18030-2005 puts the Latin-1 letters GBK lacks (ä is 81 30 8A 31, ö
 * 81 30 8B 32, ç 81 30 8A 34: iconv-lite's encoder). In Latin-1 and windows-125x text these bytes would be "¨"
 * followed by a symbol (¡ … º), or an undefined byte 81 or ‚ ƒ „ followed by a digit, an
 * accented letter and a digit: not text.
 */
export function gb18030LatinLetterCount(sample: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < sample.length;) {
    const lead = sample[i];
    const next = sample[i + 1];
    if (lead < 0x81 || lead > 0xfe || next === undefined) {
      i++;
    } else if (next >= 0x30 && next <= 0x39) {
      const third = sample[i + 2];
      const fourth = sample[i + 3];
      const bmp =
        lead <= 0x84 && third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39;
      if (bmp) count++;
      i += bmp ? 4 : 1;
    } else if ((next >= 0x40 && next <= 0x7e) || (next >= 0x80 && next <= 0xfe)) {
      if (lead === 0xa8 && next >= 0xa1 && next <= 0xc0) count++;
      i += 2;
    } else {
      i++;
    }
  }
  return count;
}

/**
 * True when a sample reads as GB18030 text that is mostly Latin with some Chinese: it holds
 * a GB18030 Latin letter ({@link gb18030LatinLetterCount}: pinyin é ü è, or a four-byte ä ö
 * ç), decodes as GB18030 without U+FFFD (a character cut at the end of a partial sample
 * forgiven) and with at least one CJK character. Found by a new user: German and French
 * names with a few Chinese ones, in GB18030, were read as windows-1252, since their Latin
 * letters outnumber the CJK ones ({@link looksLikeGb18030} wants {@link MIN_CJK_SHARE}) and
 * GBK's pinyin letters sit between ASCII letters as Latin-1 ones do
 * ({@link gbkReadingLooksLatin}). Why Latin-1 or windows-125x text does not pass: the letter
 * bytes are not text there (see gb18030LatinLetterCount), and every accented letter before a
 * space, comma or line break is no GB18030 character (U+FFFD). Measured: no fixture of
 * test/fixtures/csv passes, nor 18 000 generated windows-1252, latin1, windows-1254,
 * iso-8859-2, windows-1250 and iso-8859-15 samples of accented words joined by digits and
 * letters (the hardest case: no U+FFFD), while GB18030 files of 20–500 rows of such names
 * with 1–10 Chinese ones all pass.
 */
export function looksLikeLatinInGb18030(sample: Uint8Array, wholeFile: boolean): boolean {
  if (gb18030LatinLetterCount(sample) === 0) return false;
  const text = decodeSample(sample, 'gb18030');
  if (undecodableIn(text, wholeFile).count > 0) return false;
  for (const char of text) {
    if (isCjk(char.codePointAt(0)!)) return true;
  }
  return false;
}

/**
 * Multi-byte legacy encodings (GB18030, Big5, Shift_JIS, EUC-*, ISO-2022-*): their
 * character pairs often happen to be well-formed UTF-8 (GBK D6 A1, say), so only a
 * single-byte detection is ever called mixed.
 */
const MULTI_BYTE_LEGACY = /^(gb|big5|shift|sjis|euc|iso-?2022|cp9[345]|windows-9[345])/i;

/** A guess for a sample that mixes UTF-8 with another encoding (see `mixedUtf8Line`). */
function markMixed(guess: EncodingGuess, line: number | null, sample: Uint8Array): EncodingGuess {
  if (line === null) return guess;
  if (MULTI_BYTE_LEGACY.test(guess.encoding)) {
    // A CJK guess for text that is mostly UTF-8 is the stray bytes' accident (found by a new
    // user: "café" and one windows-1252 ’ read as GB18030 "caf茅", without a word): read
    // it as windows-1252 like any mixed file, and say so.
    if (utf8ByteShare(sample) < MOSTLY_UTF8) return guess;
    guess = { encoding: 'windows-1252', confidence: MIXED_CONFIDENCE, source: 'fallback' };
  }
  return {
    ...guess,
    confidence: Math.min(guess.confidence, MIXED_CONFIDENCE),
    mixedUtf8Line: line,
  };
}

/**
 * Choose the encoding of a file: the user's choice when given, else the caller's default,
 * else {@link detectEncoding}.
 * A user's choice is trusted (confidence 1) unless the detection is certain (a byte-order
 * mark, valid UTF-8, pure ASCII) and the choice decodes the sample to another text: then
 * its confidence is {@link CONTRADICTED_CONFIDENCE} and `detected` names the detection, so
 * the import wizard can warn before importing garbled text.
 * A default (`defaultEncoding`; predict passes the encoding the model's dataset was imported
 * with), when no encoding is given (not even 'auto', which asks for detection), is taken as a choice (source 'default', confidence 1) unless it is UTF-8 or ASCII,
 * which detection reads as well, or the file certainly is another encoding: a byte-order
 * mark, or valid UTF-8 without NUL bytes (UTF-16 text without a mark is valid UTF-8 too)
 * that the default decodes to another text. The detection is then answered, with
 * `overruled` naming the default (found by a new user: a windows-1254 model read its
 * windows-1254 file as windows-1252, half of its labels changed, exit 0). A single-byte
 * default on a sample that mixes UTF-8 with other bytes is marked `mixedUtf8Line`.
 * @throws MtlError('CSV_ENCODING') for an unknown user-given or default name.
 */
export function chooseEncoding(
  sample: Uint8Array,
  wholeFile: boolean,
  userEncoding?: string,
  defaultEncoding?: string,
): EncodingGuess {
  const given = (name: string | undefined): name is string =>
    name !== undefined && name.trim() !== '' && name !== 'auto';
  // 'auto' asks for detection: the default is for no answer at all.
  const unanswered = userEncoding === undefined || userEncoding.trim() === '';
  if (unanswered && given(defaultEncoding)) {
    return chooseDefault(sample, wholeFile, resolveEncodingName(defaultEncoding));
  }
  if (given(userEncoding)) {
    const encoding = resolveEncodingName(userEncoding);
    const detected = detectEncoding(sample, wholeFile);
    const certain = detected.source === 'bom' || detected.source === 'utf8';
    if (
      certain &&
      detected.encoding !== encoding &&
      decodeSample(sample, encoding) !== decodeSample(sample, detected.encoding)
    ) {
      return {
        encoding,
        confidence: CONTRADICTED_CONFIDENCE,
        source: 'user',
        detected: detected.encoding,
      };
    }
    // A chosen windows-1252 or latin1 gets detection's note on Turkish-looking text too
    // (found by a new user: only a detected windows-1252 was told it may be windows-1254).
    const turkishLine = TURKISH_LOOKALIKES.has(encoding) ? windows1254Line(sample) : null;
    return {
      encoding,
      confidence: 1,
      source: 'user',
      ...(turkishLine === null
        ? {}
        : { alternative: { encoding: 'windows-1254', line: turkishLine } }),
    };
  }
  return detectEncoding(sample, wholeFile);
}

/**
 * Chosen encodings that read windows-1254's ş ğ ı İ (FE F0 FD DD) as þ ð ý Ý, as windows-1252
 * does: their choice gets the may-be-Turkish note ({@link windows1254Line}).
 */
const TURKISH_LOOKALIKES = new Set(['windows-1252', 'latin1']);

/** Encodings a default is not taken for: detection reads their files as well (as UTF-8). */
const PLAIN_ENCODINGS = new Set(['utf-8', 'ascii', 'us-ascii']);

/** {@link chooseEncoding} with a default (`encoding`, resolved) and no user choice. */
function chooseDefault(sample: Uint8Array, wholeFile: boolean, encoding: string): EncodingGuess {
  const detected = detectEncoding(sample, wholeFile);
  if (isUtf8Encoding(encoding) || PLAIN_ENCODINGS.has(encoding)) return detected;
  const certain =
    detected.source === 'bom' || (detected.source === 'utf8' && sample.indexOf(0) < 0);
  if (
    certain &&
    detected.encoding !== encoding &&
    decodeSample(sample, encoding) !== decodeSample(sample, detected.encoding)
  ) {
    return { ...detected, overruled: encoding };
  }
  const guess: EncodingGuess = { encoding, confidence: 1, source: 'default' };
  if (MULTI_BYTE_LEGACY.test(encoding) || /^utf/i.test(encoding)) return guess;
  const line = mixedUtf8Line(sample, wholeFile);
  return line === null ? guess : { ...guess, confidence: MIXED_CONFIDENCE, mixedUtf8Line: line };
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
    if (n === 0) return null; // not reached: the sample is valid UTF-8
    if (first < 0) [first, firstLength] = [i, n];
    if (isTextCharacter(bytes, i, n)) text = true;
    count++;
    i += n;
  }
  if (!text) return null;
  const sequence = bytes.subarray(first, first + firstLength);
  return {
    index: first,
    count,
    utf8: Buffer.from(sequence).toString('utf8'),
    read: iconv.decode(Buffer.from(sequence), encoding),
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
 * The encoding to suggest for a sample a chosen encoding misreads: detection's
 * ({@link detectEncoding}), or its Turkish alternative when a windows-1252 reading looks
 * like windows-1254 text ({@link windows1254Line}: þ ð ý between letters are ş ğ ı), so a
 * refusal names what the note of a detected import would; latin1, which decodes every byte,
 * when that is the chosen encoding or cannot decode the sample either
 * ({@link findUndecodable}: windows-1252 has no character for 81, 8D, 8F, 90, 9D).
 * @param chosen the encoding refused (as {@link resolveEncodingName} spells it)
 */
export function suggestedEncoding(bytes: Uint8Array, wholeFile: boolean, chosen: string): string {
  const guess = detectEncoding(bytes, wholeFile);
  const detected = guess.alternative?.encoding ?? guess.encoding;
  if (detected === chosen || findUndecodable(bytes, wholeFile, detected) !== null) return 'latin1';
  return detected;
}

/**
 * First index and count of U+FFFD and lone surrogates in `text`; one at the very end is not
 * counted when `whole` is false (a character cut at the end of a sample).
 */
function undecodableIn(text: string, whole: boolean): { index: number; count: number } {
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
 * Decode a whole byte buffer (a sample) to text, dropping a byte-order mark.
 * A character cut at the end of a sample decodes as U+FFFD.
 */
export function decodeSample(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding, {
    stripBOM: true,
  });
}

/** True for iconv-lite's UTF-8 in any spelling ('utf-8', 'UTF8', 'utf_8'). */
export function isUtf8Encoding(encoding: string): boolean {
  return encoding.toLowerCase().replace(/[-_]/g, '') === 'utf8';
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

/**
 * A Transform stream from bytes to decoded text (string chunks) that drops a leading
 * byte-order mark, so files of any size are decoded piece by piece.
 */
export function createDecodeStream(encoding: string): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: true });
}
