/**
 * Names of text encodings: a user's or a detector's name resolved to the one name an
 * encoding is decoded with, stored and printed (iconv-lite's aliases, spelled as the wizard
 * offers them), the closest offered names for an unknown one, and tests of a name's codec
 * (UTF-8, UTF-16).
 */
import iconv from 'iconv-lite';
import { OFFERED_ENCODING_NAMES } from '../../shared/encodings';
import { MtlError, reasonDetails } from '../../shared/errors';

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

/** True for iconv-lite's UTF-16 codecs in any spelling: utf-16le (ucs2), utf-16be, utf-16. */
export function isUtf16Encoding(encoding: string): boolean {
  if (!iconv.encodingExists(encoding)) return false;
  const codec = iconv.getCodec(encoding);
  return ['utf-16le', 'utf-16be', 'utf-16'].some((name) => iconv.getCodec(name) === codec);
}

/** True for iconv-lite's UTF-8 in any spelling ('utf-8', 'UTF8', 'utf_8'). */
export function isUtf8Encoding(encoding: string): boolean {
  return encoding.toLowerCase().replace(/[-_]/g, '') === 'utf8';
}
