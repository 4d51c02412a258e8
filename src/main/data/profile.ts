/**
 * Streaming statistics of one column (one pass, bounded memory) and the ColumnProfile
 * built from them once the column's type is known.
 *
 * Memory bound: each column keeps at most DISTINCT_CAP distinct texts and DISTINCT_CAP
 * distinct numbers with their counts (exact), a 16 KiB HyperLogLog per kind past that cap
 * (distinct counts estimated with ≈ 0.8 % standard error; see sketches.ts), and a sample of
 * at most HISTOGRAM_SAMPLE numbers for the histogram (exact up to that many values, then a
 * uniform sample: a bin's count off by ≤ 0.2 % of the column's count, one standard error).
 * `topCategories` only ranks values first seen before the cap was reached. A text longer
 * than PROFILE_VALUE_CHARS is counted under a short key (see countKey), so a 2 MB cell is
 * not kept whole.
 */
import type { ColumnProfile, ColumnType, HistogramBin } from '../../shared/domain';
import { HyperLogLog, Reservoir } from './sketches';
import {
  booleanNamesOfTexts,
  DEFAULT_GRAMMAR,
  hasLeadingZero,
  isAmbiguousDot,
  isCommaNumber,
  isDotGrouped,
  isMissingToken,
  parseNumber,
  thousandsCommaValue,
  toCellValue,
  trimCell,
  type CellGrammar,
} from './cellValues';

/** Most distinct values counted per column (see the module comment). */
export const DISTINCT_CAP = 10_000;
/** Number of equal-width histogram bins of a numeric column. */
export const HISTOGRAM_BINS = 20;
/** Most distinct values of an all-integer column that get one histogram bin each. */
export const INTEGER_BINS_MAX = 20;
/** Most frequent values listed in a profile. */
export const TOP_CATEGORIES = 20;
/** Cells that do not parse as numbers kept as examples for a column's note. */
export const NON_NUMBER_EXAMPLES = 3;
/**
 * Longest text a profile keeps for one value (top categories, examples in notes): a
 * longer cell is kept as its first PROFILE_VALUE_CHARS characters and '…', so a 2 MB
 * cell costs a few hundred bytes in the `columns` table and in memory while scanning.
 */
export const PROFILE_VALUE_CHARS = 200;

/**
 * The key under which a cell text is counted: the text itself when it is at most
 * PROFILE_VALUE_CHARS long; otherwise its shortened form followed by a NUL, its length
 * and a 64-bit hash of the whole text (FNV-1a, two seeds), so long values that share a
 * prefix still count as distinct (unless they collide in 64 bits).
 */
export function countKey(text: string): string {
  if (text.length <= PROFILE_VALUE_CHARS) return text;
  return `${shortened(text)}\u0000${text.length}:${fnv1a(text, 0x811c9dc5)}:${fnv1a(text, 0x01000193)}`;
}

/** The text a profile shows for a count key (see {@link countKey}). */
export function shownValue(key: string): string {
  return key.length <= PROFILE_VALUE_CHARS ? key : key.slice(0, key.indexOf('\u0000'));
}

/** `text` cut to PROFILE_VALUE_CHARS characters and '…' when longer. */
function shortened(text: string): string {
  return text.length <= PROFILE_VALUE_CHARS ? text : `${text.slice(0, PROFILE_VALUE_CHARS)}…`;
}

/** 32-bit FNV-1a over UTF-16 code units (Fowler, Noll, Vo), as base-36 text. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** A cell text and the 1-based file line it is on (when known). */
export interface CellExample {
  text: string;
  line?: number;
}

/** What is known about one distinct cell text (parsed once, counted every time). */
interface TextEntry {
  count: number;
  /** The number it parses as under the grammar, or null. */
  value: number | null;
  /** A number written with a leading zero ("007"). */
  leadingZero: boolean;
  /** A number written with a decimal point or an exponent ("1.0", "2e3"). */
  pointOrExponent: boolean;
  /** Not a number, but one with a decimal comma ("0,5"; only without the decimal-comma option). */
  commaNumber: boolean;
  /** Not a number, but one with commas grouping thousands ("1,234", "10,000"). */
  thousandsComma: boolean;
  /**
   * How a number read with the decimal-comma option uses its dot or comma (see
   * {@link DotReading}); 0 without the option or for a plain number such as "0.5" or "12".
   */
  dotReading: DotReading;
}

/**
 * How a number of a column read with the decimal-comma option is written: 0 otherwise
 * (plain, or no option); COMMA_READ for one read only thanks to the option ("0,5"),
 * DOT_GROUPED for such a number whose dots group thousands ("1.234,5", "1.234.567"),
 * AMBIGUOUS_DOT for a plain decimal with one dot before three digits ("1.000"; cellValues.ts
 * isAmbiguousDot), read as a dot grouping thousands; POINT_DECIMAL for any other number with a
 * dot ("1.5"), read as a decimal point.
 */
type DotReading =
  0 | typeof COMMA_READ | typeof DOT_GROUPED | typeof AMBIGUOUS_DOT | typeof POINT_DECIMAL;
const COMMA_READ = 1;
const DOT_GROUPED = 2;
const AMBIGUOUS_DOT = 3;
/** A decimal point read as one under the decimal-comma option ("1.5", "0.25"). */
const POINT_DECIMAL = 4;

/** {@link DotReading} of a number's trimmed text under a grammar with the decimal-comma option. */
function dotReadingOf(text: string): DotReading {
  if (isAmbiguousDot(text)) return AMBIGUOUS_DOT;
  if (isDotGrouped(text)) return DOT_GROUPED;
  if (isCommaNumber(text)) return COMMA_READ;
  return text.includes('.') ? POINT_DECIMAL : 0;
}

/** Whether a number's trimmed text has a decimal point or an exponent ("1.0", "2e3", "0,5"). */
function hasPointOrExponent(text: string): boolean {
  return /[.,eE]/.test(text);
}

/** Numbers sampled per numeric column for its histogram (exact up to this many values). */
export const HISTOGRAM_SAMPLE = 65_536;

/** Running statistics of one column's raw values. */
export class ColumnStats {
  /** Cells that are empty or a missing token. */
  missing = 0;
  /** Cells with a value. */
  present = 0;
  /** Per distinct trimmed text, keyed by {@link countKey} (at most DISTINCT_CAP keys). */
  readonly texts = new Map<string, TextEntry>();
  textOverflow = false;
  /**
   * True when counts in `texts` may be low: past the cap, a column whose values were all
   * numbers so far no longer counts repeats of its first DISTINCT_CAP texts (only the top
   * categories of a column that later turns out to be text are affected).
   */
  textCountsPartial = false;
  /** False once a present value is not a number. */
  allNumbers = true;
  /** True once a number is written with a leading zero ("007"). */
  leadingZero = false;
  /**
   * True once a number is written with a decimal point or an exponent ("1.0", "2e3", also
   * with a decimal comma): such a column holds measurements, not row numbers, whatever
   * the values (inference.ts rowIndexNote).
   */
  pointOrExponent = false;
  /** Present values that parse as numbers under the grammar (counted even after a non-number). */
  numbers = 0;
  /** Present values that do not parse as numbers. */
  nonNumbers = 0;
  /** The first few values that do not parse as numbers, with their lines. */
  readonly nonNumberExamples: CellExample[] = [];
  /** Non-numbers that would parse with a decimal comma ("0,5"; only counted without one). */
  commaNumbers = 0;
  /** The first such value, with its line. */
  commaExample: CellExample | null = null;
  /** Non-numbers written with commas grouping thousands ("1,234", "10,000"). */
  thousandsCommas = 0;
  /** The first such value, with its line. */
  thousandsCommaExample: CellExample | null = null;
  /**
   * With the decimal-comma option: numbers read only thanks to it ("0,5", "1.234,5"), and
   * the first of them, with its line.
   */
  commaReads = 0;
  commaReadExample: CellExample | null = null;
  /** With the decimal-comma option: the first number whose dots group thousands ("1.234,5"). */
  dotGroupedExample: CellExample | null = null;
  /**
   * With the decimal-comma option: numbers with one dot before three digits ("1.000", read
   * as 1000), and the first of them, with its line (inference.ts dotThousandsNote).
   */
  ambiguousDots = 0;
  ambiguousDotExample: CellExample | null = null;
  /**
   * With the decimal-comma option: the first number with a decimal point read as one
   * ("1.5"; inference.ts, a `pointDecimal` note when the column has no decimal comma). Not
   * kept for numbers counted by {@link addPlainNumberBytes} (past the text cap): the first
   * distinct values decide.
   */
  pointDecimalExample: CellExample | null = null;
  /**
   * Count per distinct number (at most DISTINCT_CAP keys; no longer updated once
   * `numberOverflow`); null once not all numbers.
   */
  numberCounts: Map<number, number> | null = new Map();
  numberOverflow = false;
  /** Distinct texts / numbers past DISTINCT_CAP (HyperLogLog), created at the overflow. */
  private textSketch: HyperLogLog | null = null;
  /**
   * When true, the texts of a column of numbers past the text cap are not hashed into the
   * text sketch (only a column that ends up categorical or text needs it, rarely one of
   * numbers); {@link textSketchDeferred} then says so, and {@link rebuildTextSketch} with
   * {@link addToTextSketch} over every cell of the column (a further pass) completes it.
   */
  deferTextSketch = false;
  /** True once a text was left out of the text sketch (see {@link deferTextSketch}). */
  textSketchDeferred = false;
  private numberSketch: HyperLogLog | null = null;
  /** Sample of the numbers for the histogram, while all values are numbers. */
  private sample: Reservoir | null = null;
  // Welford's online mean and sum of squared deviations (Welford 1962, Technometrics 4(3)).
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  /** The last number added (for {@link ascendingByOne}). */
  private last = 0;
  private integersOnly = true;
  private runsByOne = true;

  /**
   * @param grammar missing tokens and number format (default: {@link DEFAULT_GRAMMAR})
   * @param histogramSample numbers sampled for the histogram (default HISTOGRAM_SAMPLE)
   */
  constructor(
    readonly grammar: CellGrammar = DEFAULT_GRAMMAR,
    private readonly histogramSample = HISTOGRAM_SAMPLE,
  ) {}

  /** False once a number is not a safe integer (while all values are numbers). */
  get allIntegers(): boolean {
    return this.integersOnly;
  }

  /**
   * True while every number is the previous one plus 1 (as pandas writes a default index):
   * with all integers, proof that they are distinct even past DISTINCT_CAP.
   */
  get ascendingByOne(): boolean {
    return this.runsByOne;
  }

  /** Count per distinct trimmed text (keys as in {@link countKey}). */
  get textCounts(): Map<string, number> {
    return new Map([...this.texts].map(([key, entry]) => [key, entry.count]));
  }

  /**
   * Distinct present texts: exact up to DISTINCT_CAP, a HyperLogLog estimate past it (never
   * more than the present values: an estimate ≈ 0.8 % high on a column of nearly all
   * distinct values would say 20 162 distinct among 20 101 rows).
   */
  distinctTexts(): number {
    return this.textSketch
      ? Math.min(this.present, Math.max(DISTINCT_CAP, this.textSketch.estimate()))
      : this.texts.size;
  }

  /** True when {@link distinctTexts} is a HyperLogLog estimate (past DISTINCT_CAP). */
  get distinctTextsEstimated(): boolean {
    return this.textSketch !== null;
  }

  /** True when {@link distinctNumbers} is a HyperLogLog estimate (past DISTINCT_CAP). */
  get distinctNumbersEstimated(): boolean {
    return this.numberCounts !== null && this.numberSketch !== null;
  }

  /** Distinct numbers: exact up to DISTINCT_CAP, a HyperLogLog estimate past it (at most the numbers counted). */
  distinctNumbers(): number {
    if (this.numberCounts === null) return 0;
    return this.numberSketch
      ? Math.min(this.numbers, Math.max(DISTINCT_CAP, this.numberSketch.estimate()))
      : this.numberCounts.size;
  }

  /**
   * Add one raw cell text (it is trimmed here).
   * @param line 1-based file line of the cell, kept with examples of non-numbers
   */
  add(raw: string, line?: number): void {
    const text = trimCell(raw);
    if (isMissingToken(text, this.grammar)) {
      this.missing++;
      return;
    }
    this.present++;
    if (this.textOverflow && this.allNumbers) {
      // Past the text cap in a column of numbers so far (measurements: nearly every text
      // new): no lookup that would almost always miss, no entry; see `textCountsPartial`.
      const value = parseNumber(text, this.grammar.decimalComma);
      if (value !== null) {
        this.textCountsPartial = true;
        if (this.deferTextSketch) this.textSketchDeferred = true;
        else this.textSketch!.addString(countKey(text));
        this.numbers++;
        if (!this.leadingZero && hasLeadingZero(text)) this.leadingZero = true;
        if (!this.pointOrExponent && hasPointOrExponent(text)) this.pointOrExponent = true;
        if (this.grammar.decimalComma) this.countDotReading(dotReadingOf(text), text, line);
        this.addNumber(value);
        return;
      }
    }
    const key = countKey(text);
    let entry = this.textOverflow && this.allNumbers ? undefined : this.texts.get(key);
    if (entry !== undefined) entry.count++;
    else {
      entry = this.classify(text);
      if (this.textOverflow) this.textCountsPartial ||= this.allNumbers;
      if (this.texts.size < DISTINCT_CAP) this.texts.set(key, entry);
      else {
        if (this.textSketch === null) {
          this.textOverflow = true;
          this.textSketch = new HyperLogLog();
          for (const known of this.texts.keys()) this.textSketch.addString(known);
        }
        this.textSketch.addString(key);
      }
    }

    const value = entry.value;
    if (value === null) {
      this.nonNumbers++;
      if (this.nonNumberExamples.length < NON_NUMBER_EXAMPLES) {
        this.nonNumberExamples.push({ text: shortened(text), line });
      }
      if (entry.commaNumber) {
        this.commaNumbers++;
        this.commaExample ??= { text: shortened(text), line };
      }
      if (entry.thousandsComma) {
        this.thousandsCommas++;
        this.thousandsCommaExample ??= { text: shortened(text), line };
      }
      this.allNumbers = false;
      this.numberCounts = null;
      this.sample = null;
      return;
    }
    this.numbers++;
    if (entry.leadingZero) this.leadingZero = true;
    if (entry.pointOrExponent) this.pointOrExponent = true;
    if (entry.dotReading !== 0) this.countDotReading(entry.dotReading, text, line);
    if (this.allNumbers) this.addNumber(value);
  }

  /** Count one number of a {@link DotReading} (kept as an example when it is the first). */
  private countDotReading(reading: DotReading, text: string, line: number | undefined): void {
    if (reading === AMBIGUOUS_DOT) {
      this.ambiguousDots++;
      this.ambiguousDotExample ??= { text, line };
      return;
    }
    if (reading === POINT_DECIMAL) {
      this.pointDecimalExample ??= { text: shortened(text), line };
      return;
    }
    if (reading === 0) return;
    this.commaReads++;
    this.commaReadExample ??= { text: shortened(text), line };
    if (reading === DOT_GROUPED) this.dotGroupedExample ??= { text, line };
  }

  /**
   * True when {@link add} of a plain decimal would only feed the column's sketches and
   * summary (past the text cap, all values numbers so far): then
   * {@link addPlainNumberBytes} may be called instead.
   */
  get countsNumbersOnly(): boolean {
    return this.textOverflow && this.allNumbers;
  }

  /**
   * The same as {@link add} of the text of ASCII bytes [start, end), for a plain decimal
   * (no spaces, at most PROFILE_VALUE_CHARS bytes, not a missing token) of value `value`
   * while {@link countsNumbersOnly}: the import's byte path, no string made. Not for a
   * text of isAmbiguousDotBytes under the decimal-comma option ("1.000", read as 1000 and
   * counted by {@link add}).
   * @param leadingZero whether the text has a leading zero ({@link hasLeadingZero})
   */
  addPlainNumberBytes(
    value: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    leadingZero: boolean,
  ): void {
    this.present++;
    this.textCountsPartial = true;
    if (this.deferTextSketch) this.textSketchDeferred = true;
    else this.textSketch!.addAsciiBytes(bytes, start, end);
    this.numbers++;
    if (leadingZero) this.leadingZero = true;
    if (!this.pointOrExponent && Number.isInteger(value)) {
      // A non-integer is written with a point or exponent anyway; only "1.0" or "1e3" is
      // looked for in the bytes (46 '.', 69 'E', 101 'e').
      for (let i = start; i < end; i++) {
        const b = bytes[i];
        if (b === 46 || b === 69 || b === 101) {
          this.pointOrExponent = true;
          break;
        }
      }
    } else if (!Number.isInteger(value)) this.pointOrExponent = true;
    this.addNumber(value);
  }

  /**
   * Start the text sketch again, empty, to be fed every cell of the column by
   * {@link addToTextSketch}: the same distinct texts as without deferral, so the same
   * sketch (a HyperLogLog does not depend on order or repeats).
   */
  rebuildTextSketch(): void {
    this.textSketch = new HyperLogLog();
    this.textSketchDeferred = false;
    this.deferTextSketch = false;
  }

  /** Hash one raw cell of the column into the text sketch (missing cells are skipped). */
  addToTextSketch(raw: string): void {
    const text = trimCell(raw);
    if (isMissingToken(text, this.grammar)) return;
    this.textSketch?.addString(countKey(text));
  }

  /** Summary, sample and distinct count of one number of a column of numbers so far. */
  private addNumber(value: number): void {
    if (this.integersOnly && !Number.isSafeInteger(value)) this.integersOnly = false;
    if (this.runsByOne && this.count > 0 && value !== this.last + 1) this.runsByOne = false;
    this.last = value;
    this.count++;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    (this.sample ??= new Reservoir(this.histogramSample)).add(value);
    if (this.numberSketch !== null) {
      // Past the cap the per-number counts are no longer used (no exact histogram, no
      // integer bins): the sketch alone counts (re-adding a known number changes nothing).
      this.numberSketch.addNumber(value);
      return;
    }
    const counts = this.numberCounts!;
    const n = counts.get(value);
    if (n !== undefined) counts.set(value, n + 1);
    else if (counts.size < DISTINCT_CAP) counts.set(value, 1);
    else {
      this.numberOverflow = true;
      this.numberSketch = new HyperLogLog();
      for (const known of counts.keys()) this.numberSketch.addNumber(known);
      this.numberSketch.addNumber(value);
    }
  }

  /** Parse a text seen for the first time (its entry, count 1). */
  private classify(text: string): TextEntry {
    const value = parseNumber(text, this.grammar.decimalComma);
    return {
      count: 1,
      value,
      leadingZero: value !== null && hasLeadingZero(text),
      pointOrExponent: value !== null && hasPointOrExponent(text),
      commaNumber: value === null && !this.grammar.decimalComma && isCommaNumber(text),
      thousandsComma: value === null && thousandsCommaValue(text) !== null,
      dotReading: value !== null && this.grammar.decimalComma ? dotReadingOf(text) : 0,
    };
  }

  /**
   * Mean, sample standard deviation (n − 1; 0 for a single value), min and max of the
   * numbers seen, or null when there were none or not all values were numbers.
   */
  numericSummary(): { min: number; max: number; mean: number; std: number; n: number } | null {
    if (!this.allNumbers || this.count === 0) return null;
    const std = this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
    return { min: this.min, max: this.max, mean: this.mean, std, n: this.count };
  }

  /**
   * True when the numbers seen are known to be distinct safe integers: exactly, from the
   * per-number counts while they are complete (one per number), else only when they ran in
   * order, each the previous plus 1 ({@link ascendingByOne}); false when not all values are
   * numbers or there was none. Past DISTINCT_CAP distinct numbers, distinct integers in
   * another order are not recognised (no memory spent on a proof).
   */
  distinctIntegers(): boolean {
    if (!this.allNumbers || this.count === 0 || !this.allIntegers) return false;
    if (this.hasExactNumberCounts()) return this.numberCounts!.size === this.count;
    return this.ascendingByOne;
  }

  /** True when the histogram can be built from the exact per-number counts. */
  hasExactNumberCounts(): boolean {
    return this.numberCounts !== null && !this.numberOverflow;
  }

  /**
   * Histogram of the numbers over [min, max]: from the exact per-number counts when
   * complete, else from the sample — exact while it holds every value, otherwise each
   * bin's count is its share of the sample times the column's count (largest remainders,
   * so the counts add up to the column's count). Null when not all values are numbers.
   */
  numericHistogram(): NumericHistogram | null {
    const summary = this.numericSummary();
    if (!summary) return null;
    if (this.hasExactNumberCounts()) return histogramFromCounts(this, summary.min, summary.max);
    const histogram = new NumericHistogram(summary.min, summary.max);
    const sample = this.sample!;
    for (const value of sample.values()) histogram.add(value);
    if (!sample.exact) histogram.scaleTo(summary.n);
    return histogram;
  }
}

/**
 * Equal-width histogram over [min, max] with HISTOGRAM_BINS bins; bins are [lo, hi)
 * except the last, which is closed. When min = max there is one bin [min, max].
 */
export class NumericHistogram {
  readonly counts: number[];
  private readonly width: number;

  constructor(
    readonly min: number,
    readonly max: number,
    readonly bins: number = HISTOGRAM_BINS,
  ) {
    this.counts = new Array<number>(min === max ? 1 : bins).fill(0);
    this.width = min === max ? 0 : (max - min) / bins;
  }

  /** Count `times` occurrences of `value` (which must lie in [min, max]). */
  add(value: number, times = 1): void {
    if (this.width === 0) {
      this.counts[0] += times;
      return;
    }
    const index = Math.min(this.counts.length - 1, Math.floor((value - this.min) / this.width));
    this.counts[Math.max(0, index)] += times;
  }

  /**
   * Scale the counts to add up to `total` (largest-remainder rounding): a histogram of a
   * sample turned into an estimate for the whole column.
   */
  scaleTo(total: number): void {
    const sampled = this.counts.reduce((a, b) => a + b, 0);
    if (sampled === 0) return;
    const exact = this.counts.map((c) => (c * total) / sampled);
    const floors = exact.map(Math.floor);
    let left = total - floors.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => [x - floors[i], i]).sort((a, b) => b[0] - a[0]);
    for (const [, i] of order) {
      if (left-- <= 0) break;
      floors[i]++;
    }
    for (let i = 0; i < floors.length; i++) this.counts[i] = floors[i];
  }

  /** The bins with their edges (the last edge is exactly `max`). */
  toBins(): HistogramBin[] {
    const last = this.counts.length - 1;
    return this.counts.map((count, i) => ({
      lo: this.min + i * this.width,
      hi: i === last ? this.max : this.min + (i + 1) * this.width,
      count,
    }));
  }
}

/**
 * Values ranked by count (descending, ties by key in UTF-16 order) — at most `limit`, each
 * shown as {@link shownValue} of its key. `counts` is keyed by {@link countKey}.
 */
export function topCounts(
  counts: Map<string, number>,
  limit: number,
): { value: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([key, count]) => ({ value: shownValue(key), count }));
}

/**
 * Build the profile of a column of the given type from its statistics.
 * - numeric: min/max/mean/std (sample) and a histogram; `histogram` must be given when
 *   `stats.hasExactNumberCounts()` is false (from a second pass). A numeric column with
 *   no values gets `numeric: null`.
 * - boolean: top categories 'true'/'false' with their counts (1/0 count as true/false), and
 *   `booleanNames` when the file spells them otherwise (booleanNamesOfTexts).
 * - categorical/text/image: the TOP_CATEGORIES most frequent trimmed texts (a text longer
 *   than PROFILE_VALUE_CHARS shown shortened, see {@link countKey}).
 */
export function buildProfile(
  stats: ColumnStats,
  type: ColumnType,
  histogram?: NumericHistogram,
): ColumnProfile {
  if (type === 'numeric') {
    const summary = stats.numericSummary();
    let numeric: ColumnProfile['numeric'] = null;
    let distinct = 0;
    let estimated = false;
    if (summary) {
      const bins = integerBins(stats) ?? (histogram ?? stats.numericHistogram()!).toBins();
      numeric = {
        min: summary.min,
        max: summary.max,
        mean: summary.mean,
        std: summary.std,
        histogram: bins,
      };
      distinct = stats.distinctNumbers();
      estimated = stats.distinctNumbersEstimated;
    }
    return {
      missing: stats.missing,
      distinct,
      ...(estimated ? { distinctEstimated: true as const } : {}),
      numeric,
      topCategories: null,
    };
  }
  if (type === 'boolean') {
    const counts = new Map<string, number>();
    for (const [text, n] of stats.textCounts) {
      const key = toCellValue(text, 'boolean', stats.grammar) === 1 ? 'true' : 'false';
      counts.set(key, (counts.get(key) ?? 0) + n);
    }
    const names = booleanNamesOfTexts(stats.textCounts);
    const spelled = names !== null && (names[0] !== 'false' || names[1] !== 'true');
    return {
      missing: stats.missing,
      distinct: counts.size,
      numeric: null,
      topCategories: topCounts(counts, TOP_CATEGORIES),
      ...(spelled ? { booleanNames: [names[0], names[1]] as [string, string] } : {}),
    };
  }
  return {
    missing: stats.missing,
    distinct: stats.distinctTexts(),
    ...(stats.distinctTextsEstimated ? { distinctEstimated: true as const } : {}),
    numeric: null,
    topCategories: topCounts(stats.textCounts, TOP_CATEGORIES),
  };
}

/**
 * One bin per integer value, for a column whose values are all integers with at most
 * INTEGER_BINS_MAX distinct values (counts, codes, "legs": 0, 2, 4, 5, 6, 8): bin v is
 * [v − 0.5, v + 0.5], so it holds exactly the rows equal to v and reads as v (equal-width
 * bins would be "0.800–1.20"). When the values span at most HISTOGRAM_BINS integers, the
 * integers in between get empty bins (the gaps show); otherwise only the values present
 * get a bin. Null when the column does not qualify (or its counts are incomplete).
 */
export function integerBins(stats: ColumnStats): HistogramBin[] | null {
  const counts = stats.numberCounts;
  if (counts === null || stats.numberOverflow) return null;
  return integerBinsOfCounts(counts);
}

/**
 * The bins of {@link integerBins} from complete per-number counts (number → rows), or null
 * when the column does not qualify (no value, more than INTEGER_BINS_MAX distinct values, or
 * one that is not a safe integer).
 */
export function integerBinsOfCounts(counts: ReadonlyMap<number, number>): HistogramBin[] | null {
  if (counts.size === 0) return null;
  if (counts.size > INTEGER_BINS_MAX) return null;
  const values = [...counts.keys()];
  if (!values.every((v) => Number.isSafeInteger(v))) return null;
  values.sort((a, b) => a - b);
  const min = values[0];
  const max = values[values.length - 1];
  const shown =
    max - min + 1 <= HISTOGRAM_BINS
      ? Array.from({ length: max - min + 1 }, (_, i) => min + i)
      : values;
  return shown.map((v) => ({ lo: v - 0.5, hi: v + 0.5, count: counts.get(v) ?? 0 }));
}

/** Histogram from the exact per-number counts of a column. */
function histogramFromCounts(stats: ColumnStats, min: number, max: number): NumericHistogram {
  const histogram = new NumericHistogram(min, max);
  if (stats.numberCounts === null || stats.numberOverflow) {
    throw new Error('histogramFromCounts: per-number counts are incomplete; scan again');
  }
  for (const [value, count] of stats.numberCounts) histogram.add(value, count);
  return histogram;
}
