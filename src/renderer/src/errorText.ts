/**
 * What the UI shows for an error. An error with a known reason (`details.reason`, one of
 * ERROR_REASONS in src/shared/errors.ts, with `details.params`) is shown by that reason's
 * text in the user's language, its parameters filled in (errors.reasons.<REASON>); any
 * other error by a translated headline chosen by its code, with the main process's
 * message (English, precise: file, line, value) as the detail. Pure, so it is unit-tested
 * from Node.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { ErrorCode } from '../../shared/errors';

/**
 * Translates a message key (vue-i18n's `t`); `plural` picks the form of a message written
 * `singular | plural` (English; zh-CN keeps one form).
 */
export type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string;
/** Whether a message key exists (vue-i18n's `te`). */
export type HasKey = (key: string) => boolean;

/** An error as shown: translated headline, optional untranslated detail. */
export interface ShownError {
  headline: string;
  detail: string | null;
  /**
   * The server's English message when it is not shown as the detail (a known reason in
   * another language: the headline says the same, translated); for a tooltip.
   */
  original?: string;
}

/** Codes whose message says nothing the headline does not already say. */
const SELF_EXPLAINED: ReadonlySet<ErrorCode> = new Set([
  'TRAINING_CANCELLED',
  'TRAINING_INTERRUPTED',
  'IMPORT_CANCELLED',
]);

/**
 * Reasons whose English message is worded for the CLI (it names a command-line option, e.g.
 * `--add-classes`): the reason's text says it all with the studio's words, so the message is
 * only the headline's tooltip, never the detail.
 */
const CLI_WORDED: ReadonlySet<string> = new Set([
  'LABELS_UNKNOWN_CLASS',
  // `--keep-columns`: the studio keeps columns with its own field.
  'KEEP_COLUMNS_UNKNOWN',
  'KEEP_COLUMNS_UNKNOWN_SIMILAR',
  'KEEP_COLUMN_IS_ID',
  'KEEP_COLUMN_NAME_TAKEN',
  // `mtl-studio tasks -p <project> --add …`: the studio adds a task in the Tasks view.
  'AFFINITY_ONE_TASK',
  'AFFINITY_ONE_TASK_NO_COLUMN',
]);

/**
 * The parameter whose number picks the form of a reason's text where English says a count
 * with a noun ("expected 1 field" / "expected 3 fields"): those texts are written
 * `singular | plural` (three forms, `zero | one | more`, for TASK_ONE_CLASS), zh-CN keeps one.
 * Keyed by the reason whose text it is (a PREDICT_ twin of REASON_FATE uses its shared text's).
 */
export const REASON_PLURAL_PARAM: Readonly<Record<string, string>> = {
  UNDECODABLE_TEXT: 'count',
  UTF8_MISREAD: 'count',
  GB_MISREAD: 'count',
  CSV_ALL_LINES_BAD: 'count',
  CSV_FIELD_COUNT: 'expected',
  CSV_FIELD_MISSING: 'expected',
  FOLDER_NAMES_EXCEED_LEVELS: 'levels',
  TASK_COLUMN_EMPTY: 'rows',
  TASK_ONE_CLASS: 'count',
  TASK_NO_TEST_LABELS: 'rows',
  TASK_NEVER_LABELLED: 'rows',
  TASK_ONE_LABELLED_CLASS: 'rows',
  NO_TASK_TEST_LABELS: 'rows',
  KEEP_COLUMNS_UNKNOWN: 'count',
  KEEP_COLUMNS_UNKNOWN_SIMILAR: 'count',
  PREDICT_MISSING_COLUMNS: 'count',
  PREDICT_NO_INPUT_COLUMNS: 'count',
};

/**
 * What becomes of text a chosen encoding misreads: `stored` in the project (a file read to
 * import), or `read` by the model (a file read to predict; nothing is stored). As
 * src/main/data/csvStream.ts TextFate.
 */
export type ReasonFate = 'stored' | 'read';

/**
 * The encoding reasons a file read to import raises, whose twin for a file read to predict
 * (`PREDICT_<reason>`, src/shared/errors.ts) says the same but for the text's fate.
 */
const FATE_TWINS = [
  'UNDECODABLE_TEXT',
  'UTF8_MISREAD',
  'GB_MISREAD',
  'C1_CONTROL_TEXT',
  'CSV_UNDECODABLE',
  'CSV_UTF8_MISREAD',
  'CSV_UTF8_UNDECODABLE',
  'CSV_C1_CONTROL',
] as const;

/**
 * Reasons shown by a text they share with their twin: `text`, the reason whose text
 * (errors.reasons.<text>) both show, and `fate`, which fills that text's fate phrases
 * (`{fateAs}`: errors.fates.<fate>.as, "stored as" / "read as"; `{fateSo}`:
 * errors.fates.<fate>.so, what then becomes of an invisible control character).
 */
export const REASON_FATE: Readonly<Record<string, { text: string; fate: ReasonFate }>> =
  Object.fromEntries(
    FATE_TWINS.flatMap((reason) => [
      [reason, { text: reason, fate: 'stored' as const }],
      [`PREDICT_${reason}`, { text: reason, fate: 'read' as const }],
    ]),
  );

/** The reason whose text shows `reason`: itself, or the twin it shares a text with. */
function textReason(reason: string): string {
  return REASON_FATE[reason]?.text ?? reason;
}

/** The message key of a reason's text (errors.reasons.<reason>, or its shared one). */
function reasonTextKey(reason: string): string {
  return `errors.reasons.${textReason(reason)}`;
}

/** `params` with a shared text's fate phrases (REASON_FATE), translated; else `params`. */
function withFate(
  reason: string,
  params: Record<string, unknown>,
  t: Translate,
): Record<string, unknown> {
  const shared = REASON_FATE[reason];
  if (shared === undefined) return params;
  return {
    ...params,
    fateAs: t(`errors.fates.${shared.fate}.as`),
    fateSo: t(`errors.fates.${shared.fate}.so`),
  };
}

/**
 * The number that picks a reason text's form from its count parameter: the count, or 2
 * (the plural form, which names every parameter) when it is not a number.
 */
function pluralChoice(value: unknown): number {
  const count = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(count) ? count : 2;
}

/** The `{ code, message, details }` of an ApiError (or ErrorPayload), when `err` has one. */
function coded(
  err: unknown,
): { code: string; message: string; details?: Record<string, unknown> } | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, message, details } = err as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return {
    code,
    message,
    details:
      typeof details === 'object' && details !== null
        ? (details as Record<string, unknown>)
        : undefined,
  };
}

/**
 * The parameters of a reason's text: `details.params` (see reasonDetails in
 * src/shared/errors.ts), or for errors made before it existed, `details` itself.
 */
function reasonParams(details: Record<string, unknown>): Record<string, unknown> {
  const { params } = details;
  return typeof params === 'object' && params !== null
    ? (params as Record<string, unknown>)
    : details;
}

/**
 * The parameters of a reason's text with its phrases translated: `details.phrases` maps a
 * parameter to a message key and its parameters (an image's problem:
 * `images.problems.TRUNCATED`), which replaces the English text of that parameter when
 * the key exists; an image problem with a `line` param gets its manifest line appended.
 */
function translatedParams(
  details: Record<string, unknown>,
  t: Translate,
  te: HasKey,
): Record<string, unknown> {
  const params = withColumnAt(reasonParams(details), t);
  const { phrases } = details;
  if (typeof phrases !== 'object' || phrases === null) return params;
  const out = { ...params };
  for (const [name, phrase] of Object.entries(phrases as Record<string, unknown>)) {
    const { key, params: named } = (phrase ?? {}) as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || !te(key)) continue;
    const values = (typeof named === 'object' && named !== null ? named : {}) as Record<
      string,
      unknown
    >;
    const worded = imageProblemWording(key, values);
    let text = t(worded.key, worded.params);
    // An image problem's manifest line is appended as imageProblemText does (the kind's
    // own text has no place for it).
    if (key.startsWith('images.problems.') && values.line !== undefined) {
      text += t('images.problems.manifestLine', { line: values.line });
    }
    out[name] = text;
  }
  return out;
}

/**
 * `params` with `columnAt`, the place's column as the reason texts name it: by name
 * (errors.columnNamed, “column “species””) when `column` is a text, by position
 * (errors.columnNumber, “column 3”) when it is a number: a file's reading names a column
 * by its position where the header has no name for it (csvFormat.ts textPosition), and
 * “column “1”” read like a column named 1.
 */
function withColumnAt(params: Record<string, unknown>, t: Translate): Record<string, unknown> {
  const { column } = params;
  if (typeof column === 'number')
    return { ...params, columnAt: t('errors.columnNumber', { column }) };
  if (typeof column === 'string')
    return { ...params, columnAt: t('errors.columnNamed', { column }) };
  return params;
}

/** The decoder's or system's own words of an unreadable image's error, when it has them. */
function decoderWords(details: Record<string, unknown>): string | null {
  const problem = details.problem;
  const nested =
    typeof problem === 'object' && problem !== null
      ? (problem as Record<string, unknown>).detail
      : undefined;
  const raw = typeof details.detail === 'string' ? details.detail : nested;
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

/** Bad files a refused image import names in its headline; the rest are counted. */
export const UNREADABLE_NAMED = 3;

/**
 * The headline of an import refused for several unreadable images (details.problems, as
 * importImages.ts refusedImport puts them: `{ path }` each, in the order found): "5 images
 * cannot be read: a.png, b.png, c.png and 2 more. Nothing was imported"
 * (errors.imagesUnreadable, en and zh-CN); null for one problem or none, whose headline is
 * the reason's own (the file and its problem).
 */
function unreadableImages(details: Record<string, unknown>, t: Translate): string | null {
  const { problems } = details;
  if (!Array.isArray(problems) || problems.length < 2) return null;
  const paths = problems.map((problem: unknown) => {
    const path = (problem as { path?: unknown } | null)?.path;
    return typeof path === 'string' ? path : String(path);
  });
  const named = paths.slice(0, UNREADABLE_NAMED).join(t('errors.imagesUnreadable.separator'));
  const more = paths.length - UNREADABLE_NAMED;
  const files = more > 0 ? t('errors.imagesUnreadable.andMore', { files: named, n: more }) : named;
  return t('errors.imagesUnreadable.headline', { n: paths.length, files });
}

/**
 * Whether two texts say the same, but for quotes (“x” / "x"), spacing and a final full
 * stop: a headline and a message that would show one sentence twice.
 */
export function sameWords(a: string, b: string): boolean {
  const plain = (text: string) =>
    text
      .replace(/[“”„"‘’'「」]/g, '')
      .replace(/\s+/g, ' ')
      .replace(/[.。\s]+$/, '')
      .trim();
  return plain(a) === plain(b);
}

/** Words that carry no fact of their own: a message may differ from its headline by them. */
const FILLER_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been it its this that these those of in on at to for from by ' +
    'with and or but so as there here one first instead then'
  ).split(' '),
);

/**
 * The facts of an English message: its quoted texts, paths and numbers, which a message
 * must not lose (a file, a line, a column, a value).
 */
function factsOf(text: string): string[] {
  // Single quotes only around words, not the apostrophe of "file's".
  const quotes = /"([^"]+)"|“([^”]+)”|(?<![\p{L}\p{N}])['‘]([^'’]+)['’](?![\p{L}\p{N}])/gu;
  const quoted = [...text.matchAll(quotes)].map((m) => m[1] ?? m[2] ?? m[3]);
  const unquoted = text.replace(quotes, ' ');
  const paths = unquoted.match(/(?:[A-Za-z]:)?[~.\w-]*[/\\][^\s,;:()]+/g) ?? [];
  const numbers = unquoted.match(/\d+(?:[.,]\d+)*/g) ?? [];
  return [...quoted, ...paths, ...numbers].map((fact) => fact.trim()).filter((f) => f !== '');
}

/**
 * Whether an English message adds nothing to its reason's (English) headline, so that
 * showing it under the headline would say the same twice: every fact of the message (quoted
 * text, path, number: {@link factsOf}) is in the headline, and at most one of its other
 * words is not (e.g. "Project file not found: /x" under "The project file “/x” does not
 * exist"). A message that names more (a dataset, a remedy, a second clause) adds something.
 */
export function addsNothing(headline: string, message: string): boolean {
  if (sameWords(headline, message)) return true;
  const plainHeadline = headline.replace(/[“”„"‘’']/g, '');
  if (!factsOf(message).every((fact) => plainHeadline.includes(fact))) return false;
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/["“”„‘’']/g, '')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !FILLER_WORDS.has(w) && !/^\d+$/.test(w));
  const known = new Set(words(headline));
  return words(message).filter((w) => !known.has(w)).length <= 1;
}

/**
 * The headline and detail of anything thrown or stored as an error.
 * - An error with a code (ApiError, ErrorPayload) and a known reason (`details.reason`
 *   with a text `errors.reasons.<reason>`, or the one it shares, REASON_FATE): that text,
 *   filled with `details.params` (and the fate's phrases), as
 *   the headline; in English the message stays as the detail unless it adds nothing to
 *   the headline ({@link addsNothing}), in another language it goes to `original` (the
 *   headline already says it, translated); a reason whose message is worded for the CLI
 *   (LABELS_UNKNOWN_CLASS: "--add-classes") keeps it as `original` in every language.
 * - Another error with a code: the code's translated headline (`errors.codes.<CODE>`, or
 *   INTERNAL's for an unknown code), and its English message as the detail.
 * - A string: taken as already translated (a headline without detail).
 * - Anything else: the INTERNAL headline, and its message as the detail.
 * @param locale the UI's language (vue-i18n's `locale`), 'en' by default.
 */
export function describeError(
  err: unknown,
  t: Translate,
  te: HasKey,
  locale: string = 'en',
): ShownError {
  if (typeof err === 'string') return { headline: err, detail: null };
  const payload = coded(err);
  if (payload) {
    const reason = payload.details?.reason;
    const reasonKey = typeof reason === 'string' ? reasonTextKey(reason) : null;
    const message = payload.message || null;
    if (reasonKey && payload.details && te(reasonKey)) {
      const params = withFate(reason as string, translatedParams(payload.details, t, te), t);
      const pluralParam = REASON_PLURAL_PARAM[textReason(reason as string)];
      const headline =
        pluralParam === undefined
          ? t(reasonKey, params)
          : t(reasonKey, params, pluralChoice(params[pluralParam]));
      // The message said again under its own translation: once (the message as a tooltip).
      if (message !== null && sameWords(headline, message)) {
        return { headline, detail: null, original: message };
      }
      // A refused import with several unreadable images: the headline counts them and names
      // the first few (as the CLI's message does); every file with its problem stays in the
      // English message, the headline's tooltip.
      const several = reason === 'IMAGE_UNREADABLE' ? unreadableImages(payload.details, t) : null;
      if (several !== null) return { headline: several, detail: null, original: message ?? '' };
      // An unreadable image: the headline names the file and the problem; the message would
      // say both again in English. Only the decoder's own words are new (English only).
      if (
        message !== null &&
        (reason === 'IMAGE_UNREADABLE' || reason === 'PREDICT_IMAGE_UNREADABLE')
      ) {
        const raw = decoderWords(payload.details);
        const english = locale.startsWith('en');
        return { headline, detail: english ? raw : null, original: message };
      }
      if (message !== null && CLI_WORDED.has(reason as string)) {
        return { headline, detail: null, original: message };
      }
      // In English a message that adds nothing to the headline (the same facts, other
      // words) is its tooltip only; one that adds something (a file, row, column, a remedy)
      // stays as the detail.
      if (message !== null && locale.startsWith('en') && addsNothing(headline, message)) {
        return { headline, detail: null, original: message };
      }
      if (locale.startsWith('en') || message === null) return { headline, detail: message };
      return { headline, detail: null, original: message };
    }
    const codeKey = `errors.codes.${payload.code}`;
    const headline = t(te(codeKey) ? codeKey : 'errors.codes.INTERNAL');
    const silent = SELF_EXPLAINED.has(payload.code as ErrorCode);
    return { headline, detail: silent ? null : message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { headline: t('errors.codes.INTERNAL'), detail: message || null };
}

/**
 * How a finished run's stored error (RunInfo.error, the English message, and
 * RunInfo.errorCode) is shown: a cancelled run is "Training was cancelled." in the user's
 * language, an interrupted one says it can be resumed from its checkpoint — or, when it has
 * none (`resumable` false), only restarted; when the page could not read whether it has one
 * (`resumable` 'unknown': its stop was heard as the server went away), that a reload once the
 * studio runs again tells, naming the last checkpoint the page knew of (`lastCheckpoint`, an
 * epoch) if any; an interrupted fold run (`fold` true) that its
 * cross-validation is continued; a failed one has its code's
 * headline (DISK_FULL, PROJECT_BUSY … ; TRAINING_FAILED when the run has none) with the
 * message as its detail.
 */
export function runError(
  status: string,
  message: string | null,
  t: Translate,
  te: HasKey,
  code: ErrorCode | null = null,
  resumable: boolean | 'unknown' = true,
  fold = false,
  lastCheckpoint: number | null = null,
): ShownError | null {
  if (status === 'cancelled')
    return describeError({ code: 'TRAINING_CANCELLED', message: message ?? '' }, t, te);
  // Without a checkpoint (a cross-validation fold, an Auto run, or stopped before its first
  // one) only Restart is offered: the text must not promise a Resume.
  // A fold is trained again by continuing its cross-validation (its folds' panel offers it).
  if (status === 'interrupted' && fold)
    return { headline: t('errors.interruptedFold'), detail: null };
  // Heard stopping as the server went away: a checkpoint saved since the page listed the run
  // is unknown here, so neither "no checkpoint" nor a Resume is said (found by a new user).
  if (status === 'interrupted' && resumable === 'unknown')
    return {
      headline:
        lastCheckpoint === null
          ? t('errors.interruptedUnread')
          : t('errors.interruptedUnreadLast', { epoch: lastCheckpoint }),
      detail: null,
    };
  if (status === 'interrupted' && !resumable)
    return { headline: t('errors.interruptedNoCheckpoint'), detail: null };
  if (status === 'interrupted')
    return describeError({ code: 'TRAINING_INTERRUPTED', message: message ?? '' }, t, te);
  if (!message) return null;
  return describeError({ code: code ?? 'TRAINING_FAILED', message }, t, te);
}

/** An unusable image file as the UI lists it (see ImageProblem in src/shared/assets.ts). */
export interface ImageProblemLike {
  reason: string;
  kind?: string;
  params?: Record<string, string | number>;
  detail?: string;
}

/**
 * The message key and parameters an image problem is worded with: numbers as the user's
 * locale writes them (268,402,689); a TOO_LARGE one whose size the decoder could not read
 * (no width/height) with `images.problems.tooLargeUnsized` ("too large to decode (over
 * {limit} px)") instead of a sentence with empty blanks. Other keys pass unchanged.
 */
function imageProblemWording(
  key: string,
  params: Record<string, unknown>,
): { key: string; params: Record<string, unknown> } {
  if (key !== 'images.problems.TOO_LARGE') return { key, params };
  const out: Record<string, unknown> = { ...params };
  for (const name of ['width', 'height', 'limit']) {
    if (typeof out[name] === 'number') out[name] = (out[name] as number).toLocaleString();
  }
  const sized = params.width !== undefined && params.height !== undefined;
  return { key: sized ? key : 'images.problems.tooLargeUnsized', params: out };
}

/**
 * How an image problem is shown: `text` in the user's language (images.problems.<kind>,
 * plus the manifest line where known), else the English reason (a result stored by an
 * older version, or an unknown kind); `detail` the decoder's or system's own untranslated
 * words (e.g. "vipspng: libpng read error"), or null.
 */
export function imageProblemText(
  problem: ImageProblemLike,
  t: Translate,
  te: HasKey,
): { text: string; detail: string | null } {
  const key = problem.kind === undefined ? null : `images.problems.${problem.kind}`;
  if (key === null || !te(key)) return { text: problem.reason, detail: null };
  const params = problem.params ?? {};
  const worded = imageProblemWording(key, params);
  let text = t(worded.key, worded.params);
  if (params.line !== undefined) text += t('images.problems.manifestLine', { line: params.line });
  return { text, detail: problem.detail ?? null };
}

/** The delimiters the import wizard offers (besides Detect), the only ones a remedy may set. */
const REMEDY_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** A way out of an error that one click can take: read with `encoding`, or split by `delimiter`. */
export interface ErrorRemedy {
  /** An encoding of OFFERED_ENCODING_NAMES (src/shared/encodings.ts), e.g. 'windows-1254'. */
  encoding?: string;
  /** One of , ; | or a tab (the raw character). */
  delimiter?: string;
  /** Skip the lines with a wrong field count (CSV_FIELD_COUNT, CSV_FIELD_MISSING: csvTable.ts). */
  badLines?: 'skip';
}

/**
 * The remedy an error carries in `details.remedy` (see reasonDetails in
 * src/shared/errors.ts: CSV_ENCODING reasons set `{ encoding }`, csvFormat.ts; the
 * delimiter hint `{ delimiter }`, delimiterHint.ts), keeping only what the studio's
 * choices offer: an encoding of `offered`, a delimiter the wizard lists. Null when none.
 * @param offered the encodings a select offers (OFFERED_ENCODING_NAMES).
 */
export function errorRemedy(err: unknown, offered: readonly string[]): ErrorRemedy | null {
  const remedy = coded(err)?.details?.remedy;
  if (typeof remedy !== 'object' || remedy === null) return null;
  const { encoding, delimiter, badLines } = remedy as Record<string, unknown>;
  const out: ErrorRemedy = {};
  if (badLines === 'skip') out.badLines = 'skip';
  if (typeof encoding === 'string' && offered.includes(encoding)) out.encoding = encoding;
  if (typeof delimiter === 'string' && REMEDY_DELIMITERS.includes(delimiter)) {
    out.delimiter = delimiter;
  }
  return Object.keys(out).length === 0 ? null : out;
}

/**
 * Whether an error is shown by its reason's translated text (`details.reason` with a text
 * `errors.reasons.<reason>`), so that its English message under it says the same again in
 * other words: ErrorText then puts that message behind a “Details” toggle.
 */
export function hasReasonText(err: unknown, te: HasKey): boolean {
  const reason = coded(err)?.details?.reason;
  return typeof reason === 'string' && te(reasonTextKey(reason));
}
