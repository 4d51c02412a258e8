/**
 * Text encoding of a CSV file, detected from its first bytes or chosen by the user or a
 * default. Detection order: byte-order mark → valid UTF-8 → jschardet → GB18030 when the
 * text decodes as mostly CJK and not as Latin-1 letters → fallback (windows-1252); with the
 * heuristics that tell GBK from Latin-1 text and windows-1254 (Turkish) from windows-1252.
 * Binary files (NUL bytes) are refused by csvFormat.ts (encodingChecks.ts findNulByte).
 */
import jschardet from 'jschardet';
import { decodeSample } from './encoding';
import {
  byteOrderMark,
  findUndecodable,
  gb2312CommonShare,
  isGbEncoding,
  isSingleByteEncoding,
  isValidUtf8,
  MIN_COMMON_HANZI_SHARE,
  mixedUtf8Line,
  undecodableIn,
  utf8ByteShare,
} from './encodingChecks';
import { detectorNameToIconv, isUtf8Encoding, resolveEncodingName } from './encodingNames';

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
 * Least share of a sample's runs of bytes ≥ 80 (between ASCII bytes) of even length for
 * {@link findGbMisreading}: in GBK text every run is a row of two-byte characters, so all
 * are even; in Latin-script text an accented letter mostly stands alone (runs of one), in
 * Cyrillic or Greek text words have any length. Measured (test/data/encodingGbMisread.test.ts):
 * GBK tables 1; French, German, Spanish, Portuguese, Turkish windows-125x sentences 0–0.75;
 * Russian in windows-1251 and KOI8-R 0.6.
 */
export const MIN_EVEN_RUN_SHARE = 0.9;

/** Where a chosen encoding reads GBK/GB18030 Chinese text as other characters. */
export interface GbMisreading {
  /** Byte offset of the first run of bytes ≥ 80 (the first Chinese word). */
  index: number;
  /** Bytes in that run. */
  length: number;
  /** Characters ≥ U+0080 in the GB18030 reading of the sample (its Chinese characters). */
  count: number;
  /** That run read with the chosen encoding, e.g. 'Æ·ÖÖ' (windows-1252). */
  read: string;
  /** That run read as GB18030, e.g. '品种'. */
  text: string;
  /** The GB encoding detection names ('gb18030'). */
  suggested: string;
}

/**
 * Where a chosen single-byte encoding (windows-1252, latin1 …; {@link isSingleByteEncoding})
 * or Big5 reads GBK/GB18030 Chinese text: every byte decodes, so findUndecodable sees
 * nothing, and "品种" (GBK C6 B7 D6 D6) was stored as windows-1252 "Æ·ÖÖ" (found by a new
 * user; `--encoding shift_jis`, which cannot decode it, was already refused). Three measured
 * tests must all hold, so a real windows-1252, latin1, KOI8-R or Big5 file is not refused:
 * 1. detection ({@link detectEncoding}) answers a GB encoding, not mixed with UTF-8;
 * 2. at least {@link MIN_COMMON_HANZI_SHARE} of the GBK reading's two-byte characters are
 *    GB2312 level-1 hanzi ({@link gb2312CommonShare}): Latin text pairs an accented letter
 *    with an ASCII letter (trail 40–7E) or with a lower-case accented one (lead E0–FF), none
 *    of them common hanzi; Big5 text has trail bytes 40–7E and its common characters start at
 *    lead A4, below GB2312's B0 (measured: Big5 sentences 0.26);
 * 3. at least {@link MIN_EVEN_RUN_SHARE} of its runs of bytes ≥ 80 have an even length.
 * GB18030 must also read the sample without U+FFFD (a character cut at the end of a partial
 * sample forgiven).
 * @param encoding the chosen encoding, as {@link resolveEncodingName} spells it
 * @returns the first Chinese word in both readings and how many Chinese characters the
 *   sample holds, or null when the choice is GB, UTF or another multi-byte encoding, or a
 *   test fails.
 */
export function findGbMisreading(
  bytes: Uint8Array,
  wholeFile: boolean,
  encoding: string,
): GbMisreading | null {
  const big5 = /^(big5|cp950|big5hkscs)/i.test(encoding);
  if (isGbEncoding(encoding) || (!big5 && !isSingleByteEncoding(encoding))) return null;
  const guess = detectEncoding(bytes, wholeFile);
  if (!isGbEncoding(guess.encoding) || guess.mixedUtf8Line !== undefined) return null;
  if (gb2312CommonShare(bytes) < MIN_COMMON_HANZI_SHARE) return null;
  let runs = 0;
  let even = 0;
  let first = -1;
  let firstLength = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    let end = i;
    while (end < bytes.length && bytes[end] >= 0x80) end++;
    if (first < 0) [first, firstLength] = [i, end - i];
    runs++;
    if ((end - i) % 2 === 0) even++;
    i = end;
  }
  if (runs === 0 || even < MIN_EVEN_RUN_SHARE * runs) return null;
  const gbText = decodeSample(bytes, guess.encoding);
  if (undecodableIn(gbText, wholeFile).count > 0) return null;
  let count = 0;
  for (const char of gbText) if (char.codePointAt(0)! >= 0x80) count++;
  const run = bytes.subarray(first, first + firstLength);
  return {
    index: first,
    length: firstLength,
    count,
    read: decodeSample(run, encoding),
    text: decodeSample(run, guess.encoding),
    suggested: guess.encoding,
  };
}
