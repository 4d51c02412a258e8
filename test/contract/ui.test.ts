/**
 * The renderer's pure helpers, from Node: the live-epoch buffer that keeps a fast run from
 * freezing the window, the translated error headlines (every ErrorCode, en and zh-CN), the
 * plural forms, the Train form's field rules, the equal task-weights caption (which names
 * PCGrad as a gradient method, not "equal weighting"), the backend words in both languages
 * and the image wizard's starting input size and colour.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../src/shared/domain';
import type { ErrorCode, ErrorReason } from '../../src/shared/errors';
import { ERROR_REASONS, MtlError, reasonDetails } from '../../src/shared/errors';
import {
  createThrottle,
  EPOCH_FLUSH_MS,
  insertEpoch,
  mergeEpochs,
} from '../../src/renderer/src/stores/epochBuffer';
import {
  describeError,
  REASON_FATE,
  REASON_PLURAL_PARAM,
  runError,
  sameWords,
} from '../../src/renderer/src/errorText';
import { i18n, MESSAGES } from '../../src/renderer/src/i18n';
import {
  constantWeightsCaption,
  equalTaskWeight,
  taskWeightsChart,
  taskWeightsNeedLog,
} from '../../src/renderer/src/components/epochCharts';
import {
  backendLabel,
  backendLine,
  methodDescription,
} from '../../src/renderer/src/components/methodLabels';
import { METHOD_NAMES } from '../../src/shared/methodNames';
import {
  nearestInputSize,
  suggestImageInput,
} from '../../src/renderer/src/components/imageDefaults';
import { formatBackend, parseBackend } from '../../src/shared/backendText';
import { rereadText } from '../../src/renderer/src/components/importReread';
import type { ImageColumnStats } from '../../src/shared/domain';
import {
  configFields,
  fieldApplies,
  numberProblem,
} from '../../src/renderer/src/components/configForm';

const record = (epoch: number, taskWeights?: Record<string, number>): EpochRecord =>
  ({ epoch, tasks: {}, taskWeights }) as unknown as EpochRecord;

describe('live epochs', () => {
  afterEach(() => vi.useRealTimers());

  it('appends in place, inserts out-of-order records at their place, drops duplicates', () => {
    const list: EpochRecord[] = [];
    expect(insertEpoch(list, record(1))).toBe(true);
    expect(insertEpoch(list, record(2))).toBe(true);
    const kept = list;
    expect(insertEpoch(list, record(4))).toBe(true);
    expect(insertEpoch(list, record(3))).toBe(true);
    expect(insertEpoch(list, record(3))).toBe(false);
    expect(insertEpoch(list, record(1))).toBe(false);
    expect(list).toBe(kept); // no copy per event
    expect(list.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('merges stored and live epochs, one per epoch, sorted', () => {
    const live = [record(3), record(4)];
    const merged = mergeEpochs([record(1), record(2), record(3)], live);
    expect(merged.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(merged[2]).toBe(live[0]);
  });

  it('redraws at most once per window however many epochs arrive', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const throttle = createThrottle(flush, EPOCH_FLUSH_MS);
    // 400 events a second for one second.
    for (let i = 0; i < 400; i++) {
      throttle.schedule();
      vi.advanceTimersByTime(2.5);
    }
    vi.advanceTimersByTime(EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(flush.mock.calls.length).toBeLessThanOrEqual(Math.ceil(1000 / EPOCH_FLUSH_MS) + 1);
    expect(EPOCH_FLUSH_MS).toBeGreaterThanOrEqual(100);
    // Nothing pending: no extra flush; flushNow runs at once and cancels the scheduled one.
    const before = flush.mock.calls.length;
    vi.advanceTimersByTime(5 * EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBe(before);
    throttle.schedule();
    expect(throttle.pending).toBe(true);
    throttle.flushNow();
    expect(throttle.pending).toBe(false);
    vi.advanceTimersByTime(5 * EPOCH_FLUSH_MS);
    expect(flush.mock.calls.length).toBe(before + 1);
  });
});

// Every code of src/shared/errors.ts (a missing one fails to compile).
const CODES = Object.keys({
  BAD_REQUEST: 1,
  NOT_FOUND: 1,
  CSV_PARSE: 1,
  CSV_ENCODING: 1,
  IMPORT_CANCELLED: 1,
  IMAGE_DECODE: 1,
  TASK_INVALID: 1,
  SPLIT_INVALID: 1,
  TRAINING_FAILED: 1,
  TRAINING_CANCELLED: 1,
  TRAINING_INTERRUPTED: 1,
  BACKEND_UNAVAILABLE: 1,
  CHECKPOINT_INVALID: 1,
  STORE: 1,
  DISK_FULL: 1,
  PROJECT_BUSY: 1,
  PROJECT_CORRUPT: 1,
  MIGRATION: 1,
  EXPORT_FAILED: 1,
  BUNDLE_INVALID: 1,
  INTERNAL: 1,
} satisfies Record<ErrorCode, 1>) as ErrorCode[];

/** Every leaf key of a message tree ("a.b.c"). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('error messages', () => {
  const { t, te } = i18n.global;
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('has a headline for every error code, translated in zh-CN', () => {
    for (const code of CODES) {
      const en = MESSAGES.en.errors.codes[code];
      const zh = MESSAGES['zh-CN'].errors.codes[code];
      expect(en, code).toBeTruthy();
      expect(zh, code).toBeTruthy();
      expect(zh, code).not.toBe(en);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('shows the translated headline and the server message as the detail', () => {
    const err = new MtlError('CSV_PARSE', 'Line 7, column 3: unclosed quote in "a.csv".');
    const payload = { ...err.toPayload(), name: 'ApiError' };
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(payload, t, te)).toEqual({
      headline: '无法读取 CSV 文件',
      detail: 'Line 7, column 3: unclosed quote in "a.csv".',
    });
    i18n.global.locale.value = 'en';
    expect(describeError(payload, t, te).headline).toBe('The CSV file could not be read');
  });

  it('names a missing folder in the headline (details.reason), in both languages', () => {
    const payload = {
      code: 'NOT_FOUND',
      message: 'The folder "/x/y" does not exist; create it first or choose another folder.',
      details: reasonDetails('FOLDER_MISSING', { path: '/x/y' }, { path: '/x/y' }),
    };
    expect(describeError(payload, t, te)).toEqual({
      headline: 'The folder “/x/y” does not exist',
      detail: payload.message,
    });
    // In Chinese the whole error is Chinese: the English message only as the tooltip.
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(payload, t, te, 'zh-CN')).toEqual({
      headline: '文件夹“/x/y”不存在',
      detail: null,
      original: payload.message,
    });
  });

  it('shows a message once when it says what its headline says', () => {
    // The export's own words for a missing folder: the headline (errors.reasons.FOLDER_MISSING)
    // says the same but for its quotes and full stop, so the detail would repeat it.
    const payload = {
      code: 'NOT_FOUND',
      message: 'The folder "/x/y" does not exist.',
      details: reasonDetails('FOLDER_MISSING', { path: '/x/y' }, { path: '/x/y' }),
    };
    expect(describeError(payload, t, te)).toEqual({
      headline: 'The folder “/x/y” does not exist',
      detail: null,
      original: payload.message,
    });
    expect(
      sameWords(
        '“a.png”: empty file. Nothing was imported',
        'a.png: empty file. Nothing was imported.',
      ),
    ).toBe(true);
    expect(sameWords('The folder “/x/y” does not exist', 'The folder "/x/z" does not exist')).toBe(
      false,
    );
  });

  it('words a refused image once: the headline, then only the decoder’s own words', () => {
    // As importImages.ts throws it for a file whose header is damaged (the screenshot showed
    // the headline, then the same sentence in English with the decoder's words).
    const payload = {
      code: 'IMAGE_DECODE',
      message:
        'corrupt.png: not a readable image (Input buffer has corrupt header). Nothing was imported',
      details: reasonDetails(
        'IMAGE_UNREADABLE',
        { path: 'corrupt.png', problem: 'not a readable image (Input buffer has corrupt header)' },
        {
          path: 'corrupt.png',
          problem: { kind: 'CORRUPT_HEADER', detail: 'Input buffer has corrupt header' },
          phrases: { problem: { key: 'images.problems.CORRUPT_HEADER', params: {} } },
        },
      ),
    };
    expect(describeError(payload, t, te)).toEqual({
      headline: '“corrupt.png”: the image header is damaged. Nothing was imported',
      detail: 'Input buffer has corrupt header',
      original: payload.message,
    });
  });

  it('reads the parameters of errors made before details.params, from details', () => {
    const payload = {
      code: 'NOT_FOUND',
      message: 'File not found: /x/data.csv',
      details: { file: 'data.csv', path: '/x/data.csv', reason: 'FILE_MISSING' },
    };
    expect(describeError(payload, t, te).headline).toBe('The file “/x/data.csv” does not exist');
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(payload, t, te, 'zh-CN').headline).toBe('文件“/x/data.csv”不存在');
  });

  it('falls back to the code headline and the English message for an unknown reason', () => {
    i18n.global.locale.value = 'zh-CN';
    const payload = {
      code: 'STORE',
      message: 'disk I/O error (while running: COMMIT)',
      details: { reason: 'NOT_A_REASON_WE_KNOW', params: { x: 1 } },
    };
    expect(describeError(payload, t, te, 'zh-CN')).toEqual({
      headline: '无法读写项目文件',
      detail: payload.message,
    });
  });

  it('has an en and a zh-CN text for every reason, naming each of its parameters', () => {
    const reasons = Object.keys(ERROR_REASONS) as ErrorReason[];
    expect(reasons.length).toBeGreaterThanOrEqual(30);
    for (const reason of reasons) {
      const names: readonly string[] = ERROR_REASONS[reason];
      // Distinct sample values, one per parameter (markers no message contains by itself).
      const params = Object.fromEntries(names.map((name, k) => [name, `«${name}-${k + 7}»`]));
      const payload = { code: 'BAD_REQUEST', message: 'm', details: { reason, params } };
      // A predict reason shown by the text it shares with its import twin (REASON_FATE).
      const textReason = (REASON_FATE[reason]?.text ??
        reason) as keyof typeof MESSAGES.en.errors.reasons;
      for (const locale of ['en', 'zh-CN'] as const) {
        expect(MESSAGES[locale].errors.reasons[textReason], `${locale} ${reason}`).toBeTruthy();
        i18n.global.locale.value = locale;
        const { headline } = describeError(payload, t, te, locale);
        for (const name of names) expect(headline, `${locale} ${reason}`).toContain(params[name]);
        // No placeholder left unfilled.
        expect(headline, `${locale} ${reason}`).not.toMatch(/[{}]/);
        if (locale === 'zh-CN') expect(headline, reason).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // Every text is a reason's (no stale key), and a shared text is its import reason's only.
    const ownText = reasons.filter((reason) => (REASON_FATE[reason]?.text ?? reason) === reason);
    expect(ownText.length).toBeLessThan(reasons.length);
    expect(Object.keys(MESSAGES.en.errors.reasons).sort()).toEqual(ownText.sort());
  });

  it('words count-bearing reason texts in the English form their count needs', () => {
    const en = MESSAGES.en.errors.reasons as Record<string, string>;
    const zh = MESSAGES['zh-CN'].errors.reasons as Record<string, string>;
    // Every text with forms has the parameter that picks one, a parameter of its reason;
    // zh-CN keeps one form.
    const withForms = Object.keys(en).filter((reason) => en[reason].includes(' | '));
    expect(withForms.sort()).toEqual(Object.keys(REASON_PLURAL_PARAM).sort());
    for (const [reason, param] of Object.entries(REASON_PLURAL_PARAM)) {
      expect(ERROR_REASONS[reason as ErrorReason] as readonly string[], reason).toContain(param);
      expect(zh[reason], reason).not.toContain('|');
    }
    const headline = (reason: ErrorReason, params: Record<string, unknown>): string =>
      describeError(
        { code: 'CSV_PARSE', message: 'm', details: reasonDetails(reason, params as never) },
        t,
        te,
        i18n.global.locale.value,
      ).headline;
    // Expected sentences written by hand.
    const fields = { file: 'a.csv', line: 2, found: 2 };
    expect(headline('CSV_FIELD_COUNT', { ...fields, expected: 1 })).toBe(
      '“a.csv” line 2: expected 1 field, found 2',
    );
    expect(headline('CSV_FIELD_COUNT', { ...fields, expected: 3 })).toBe(
      '“a.csv” line 2: expected 3 fields, found 2',
    );
    const column = { column: 'colour', classes: '“red”' };
    expect(headline('TASK_ONE_CLASS', { ...column, count: 0 })).toBe(
      'Column “colour” has no class; a task needs at least 2',
    );
    expect(headline('TASK_ONE_CLASS', { ...column, count: 1 })).toBe(
      'Column “colour” has 1 class (“red”); a task needs at least 2',
    );
    expect(headline('NO_TASK_TEST_LABELS', { rows: 1 })).toMatch(/^No task .* \(1 row in all\):/);
    expect(headline('NO_TASK_TEST_LABELS', { rows: 0 })).toMatch(/\(0 rows in all\):/);
    const place = { file: 'a.csv', line: 3, column: 'x', encoding: 'shift_jis', suggested: 'gbk' };
    expect(headline('UNDECODABLE_TEXT', { ...place, count: 1 })).toContain(
      'cannot decode this text (it would be stored as the replacement character �)',
    );
    expect(headline('UNDECODABLE_TEXT', { ...place, count: 4 })).toContain(
      '(the first of 4 such places, each stored as',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(headline('CSV_FIELD_COUNT', { ...fields, expected: 1 })).toBe(
      '“a.csv”第 2 行：应有 1 个字段，实际有 2 个',
    );
  });

  it('formats numbers and names into the Chinese text of a CSV error', () => {
    // Hand-written expectation for one error as csvTable.ts raises it (line 12 has 3 of 4 fields).
    const err = new MtlError(
      'CSV_PARSE',
      'data.csv line 12: expected 4 fields, found 3',
      reasonDetails('CSV_FIELD_COUNT', { file: 'data.csv', line: 12, expected: 4, found: 3 }),
    );
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(err.toPayload(), t, te, 'zh-CN').headline).toBe(
      '“data.csv”第 12 行：应有 4 个字段，实际有 3 个',
    );
  });

  it('translates "Training was cancelled." and keeps failures’ messages as details', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(runError('cancelled', 'Training was cancelled.', t, te)).toEqual({
      headline: '训练已取消。',
      detail: null,
    });
    expect(runError('failed', 'Out of memory', t, te)).toEqual({
      headline: '训练失败',
      detail: 'Out of memory',
    });
    expect(runError('completed', null, t, te)).toBeNull();
  });

  it('promises a Resume only to an interrupted run that has a checkpoint', () => {
    // A cross-validation fold stopped with the server offered only Restart, yet its text
    // said "Resume it from its last checkpoint".
    i18n.global.locale.value = 'en';
    const stopped = 'Training was interrupted: the studio stopped before the run finished.';
    expect(runError('interrupted', stopped, t, te)!.headline).toMatch(/Resume it from its last/);
    const fold = runError('interrupted', stopped, t, te, null, false)!;
    expect(fold.headline).toMatch(/no checkpoint to resume from.*restart it/);
    expect(fold.headline).not.toMatch(/Resume it/);
    i18n.global.locale.value = 'zh-CN';
    expect(runError('interrupted', stopped, t, te, null, false)!.headline).toMatch(
      /没有可续训的检查点/,
    );
    i18n.global.locale.value = 'en';
  });

  it('neither denies nor promises a checkpoint the page could not read (server gone)', () => {
    // A new user's SIGINT: the open tab said "no checkpoint to resume from", yet after the
    // restart the run resumed from its checkpoint after epoch 18.
    i18n.global.locale.value = 'en';
    const stopped = 'Training was interrupted: the studio stopped before the run finished.';
    const unread = runError('interrupted', stopped, t, te, null, 'unknown')!;
    expect(unread.headline).not.toMatch(/no checkpoint|Resume it from/);
    expect(unread.headline).toMatch(/before it could read whether the run has a checkpoint/);
    const known = runError('interrupted', stopped, t, te, null, 'unknown', false, 12)!;
    expect(known.headline).toMatch(/the last it knew of was after epoch 12; a later one may/);
    i18n.global.locale.value = 'zh-CN';
    const zh = runError('interrupted', stopped, t, te, null, 'unknown')!.headline;
    expect(zh).not.toMatch(/没有可续训的检查点/);
    expect(zh).toMatch(/断开了连接/);
    expect(runError('interrupted', stopped, t, te, null, 'unknown', false, 12)!.headline).toMatch(
      /第 12 轮后/,
    );
    i18n.global.locale.value = 'en';
  });

  it('shows unknown errors under the INTERNAL headline, strings as they are', () => {
    expect(describeError(new Error('socket closed'), t, te)).toEqual({
      headline: 'Something went wrong',
      detail: 'socket closed',
    });
    expect(describeError('Already translated', t, te)).toEqual({
      headline: 'Already translated',
      detail: null,
    });
    expect(describeError({ code: 'NEW_CODE', message: 'm' }, t, te).headline).toBe(
      'Something went wrong',
    );
  });
});

describe('messages', () => {
  const { t } = i18n.global;

  it('has every English key in zh-CN', () => {
    const zh = new Set(keys(MESSAGES['zh-CN']));
    expect(keys(MESSAGES.en).filter((k) => !zh.has(k))).toEqual([]);
  });

  it('writes English plurals as forms, not "(s)"', () => {
    expect(keys(MESSAGES.en).filter((k) => /\(s\)/.test(String(t(k))))).toEqual([]);
    expect(t('tasks.warnings.MISSING_LABELS', { count: 1 }, 1)).toBe(
      '1 row lacks a label; it trains the other tasks only.',
    );
    expect(t('tasks.warnings.MISSING_LABELS', { count: 11 }, 11)).toBe(
      '11 rows lack a label; they train the other tasks only.',
    );
    expect(t('tasks.defineButton', { n: 1 }, 1)).toBe('Define 1 task');
    expect(t('tasks.defineButton', { n: 3 }, 3)).toBe('Define 3 tasks');
    expect(t('data.rowsCount', { n: '60,000' }, 60000)).toBe('60,000 rows');
    expect(t('data.rowsCount', { n: '1' }, 1)).toBe('1 row');
  });

  it('words counted notices in the English form their count needs', () => {
    // Expected sentences written by hand; the count is passed as the views pass it.
    expect(t('data.chooser.more', { n: 1 }, 1)).toBe(
      '1 more column matches: refine the search to list it.',
    );
    expect(t('data.chooser.more', { n: 4 }, 4)).toBe(
      '4 more columns match: refine the search to list them.',
    );
    expect(t('tasks.moreColumns', { n: 1 }, 1)).toBe('1 more column: find it with the search.');
    expect(t('labels.moreFields', { n: 1 }, 1)).toBe('1 more field');
    expect(t('labels.moreFields', { n: 2 }, 2)).toBe('2 more fields');
    expect(t('labels.files.moreConflicts', { n: 1 }, 1)).toBe('… and 1 more conflict.');
    expect(t('images.import.done', { name: 'cards', n: '1' }, 1)).toBe(
      'Imported “cards”: 1 image.',
    );
    expect(t('images.import.done', { name: 'cards', n: '1,200' }, 1200)).toBe(
      'Imported “cards”: 1,200 images.',
    );
    expect(t('train.smallTestSplit', { task: 'size', n: 1, min: 10 }, 1)).toMatch(
      /^“size”: the test split scores it on 1 labelled test row, fewer than 10;/,
    );
    expect(t('train.cvChosen', { n: 1 }, 1)).toMatch(/^1 labelled row: cross-validation/);
    const folds = { task: 'size', method: 'MMoE', folds: 5, min: 10, fewest: 3 };
    expect(t('compare.cv.smallTestFolds', { ...folds, small: 1 }, 1)).toMatch(
      /^“size” in MMoE: 1 of 5 folds scores it on fewer than 10 labelled test rows \(on 3\);/,
    );
    expect(t('compare.cv.smallTestFolds', { ...folds, small: 2 }, 2)).toMatch(
      /2 of 5 folds score it on fewer than 10 labelled test rows \(the smallest on 3\);/,
    );
    expect(t('tasks.warnings.NO_LABELS', { count: 1 }, 1)).toBe(
      'No row is labelled yet (1 row): label it in the Label view before training.',
    );
  });

  it('uses the one form of zh-CN whatever the count', () => {
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(t('data.rowsCount', { n: '1' }, 1)).toBe('1 行');
      expect(t('data.rowsCount', { n: '344' }, 344)).toBe('344 行');
      expect(t('tasks.defineButton', { n: 2 }, 2)).toBe('定义 2 个任务');
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('describes every method and its reference in the UI language', () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const name of Object.keys(METHOD_NAMES.en)) {
      const en = methodDescription(name);
      expect(en, name).toMatch(/^[^\u4e00-\u9fff]+ — [^\u4e00-\u9fff]+$/);
      // A GUI form names no CLI flag (the registry's static text did: --task-weight).
      expect(en, name).not.toMatch(/--/);
      i18n.global.locale.value = 'zh-CN';
      try {
        const zh = methodDescription(name, { description: 'English', reference: 'English' });
        const [description, reference] = zh!.split(' — ');
        expect(description, name).toMatch(cjk);
        expect(reference, name).toBeTruthy();
        expect(zh, name).not.toContain('English');
        // Every word of the reference is a name, a venue or a year, or Chinese
        // ("Baseline of", "et al.", "hard parameter sharing" were English).
        expect(reference, name).not.toMatch(/\b(of|et al|sharing|networks|weighting|sum)\b/i);
      } finally {
        i18n.global.locale.value = 'en';
      }
    }
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(methodDescription('mmoe')).toBe(
        '共享专家，由每个任务的 softmax 门控组合（见专家数、专家层）。 — Ma 等，KDD 2018（MMoE）',
      );
      // A method the messages do not know yet shows the registry's text.
      expect(methodDescription('future', { description: 'New.', reference: 'X, 2030' })).toBe(
        'New. — X, 2030',
      );
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('translates the Dropout label', () => {
    expect(MESSAGES['zh-CN'].train.fields.dropout).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the Train form', () => {
  it('shows the experts only to the architectures that have them', () => {
    for (const arch of ['single-task', 'hard-sharing', 'cross-stitch']) {
      for (const f of ['numExperts', 'expertUnits', 'numLevels', 'specificExperts'])
        expect(fieldApplies(f, arch), `${f} ${arch}`).toBe(false);
    }
    expect(fieldApplies('numExperts', 'mmoe')).toBe(true);
    expect(fieldApplies('expertUnits', 'mmoe')).toBe(true);
    expect(fieldApplies('numLevels', 'mmoe')).toBe(false);
    expect(fieldApplies('specificExperts', 'ple')).toBe(true);
    expect(fieldApplies('dropout', 'single-task')).toBe(true);
    // Hidden layers are the shared trunk's (or each single-task network's): MMoE and PLE read
    // the features through their experts (expertUnits) instead; by the config fields each of
    // src/main/engine/architectures/*.ts reads.
    for (const arch of ['single-task', 'hard-sharing', 'cross-stitch'])
      expect(fieldApplies('hiddenUnits', arch), arch).toBe(true);
    for (const arch of ['mmoe', 'ple']) expect(fieldApplies('hiddenUnits', arch), arch).toBe(false);
    // The CNN trunk's fields show for images only; the trunk itself always (read-only there).
    for (const f of ['convFilters', 'convKernel', 'augmentFlip', 'augmentShift']) {
      expect(fieldApplies(f, 'hard-sharing'), f).toBe(false);
      expect(fieldApplies(f, 'hard-sharing', 'cnn'), f).toBe(true);
    }
    expect(fieldApplies('trunk', 'mmoe')).toBe(true);
    expect(fieldApplies('numExperts', 'mmoe', 'cnn')).toBe(true);
    expect(fieldApplies('numExperts', 'hard-sharing', 'cnn')).toBe(false);
  });

  it('asks for a value when a number field is empty, and checks its range', () => {
    const [epochs] = configFields({
      properties: { epochs: { type: 'integer', minimum: 1, maximum: 5000 } },
    });
    if (epochs.kind !== 'number') throw new Error('epochs is a number field');
    expect(numberProblem(epochs, '')).toBe('required');
    expect(numberProblem(epochs, undefined)).toBe('required');
    expect(numberProblem(epochs, 'abc')).toBe('required');
    expect(numberProblem(epochs, 0)).toBe('range');
    expect(numberProblem(epochs, 2.5)).toBe('range');
    expect(numberProblem(epochs, 6000)).toBe('range');
    expect(numberProblem(epochs, 30)).toBeNull();
  });
});

describe('task weights chart', () => {
  it('says "equal" only when every task weighs the same at every epoch', () => {
    const tasks = ['a', 'b'];
    expect(equalTaskWeight([record(1, { a: 1, b: 1 }), record(2, { a: 1, b: 1 })], tasks)).toBe(1);
    expect(equalTaskWeight([record(1, { a: 1, b: 1 }), record(2, { a: 1.2, b: 0.8 })], tasks)).toBe(
      null,
    );
    expect(equalTaskWeight([record(1, { a: 0.5, b: 0.5 }), record(2)], tasks)).toBe(0.5);
    expect(equalTaskWeight([record(1), record(2)], tasks)).toBeNull();
    expect(equalTaskWeight([record(1, { a: 1 })], tasks)).toBeNull();
  });

  it('draws weights spanning more than 100× on a log axis, others on a linear one', () => {
    const tasks = ['a', 'b'];
    const t = (key: string) => key;
    const yAxis = (epochs: EpochRecord[]) =>
      (taskWeightsChart(epochs, tasks, t) as { yAxis: { type: string; name: string } }).yAxis;
    // Uncertainty weighting as seen on penguins: one task's 1/(2σ²) runs to 15 000.
    const wide = [record(1, { a: 0.5, b: 0.6 }), record(2, { a: 15_000, b: 0.7 })];
    expect(taskWeightsNeedLog(wide, tasks)).toBe(true);
    expect(yAxis(wide)).toMatchObject({ type: 'log', name: 'train.weightLog' });
    // 0.5 … 50 is exactly 100×: still linear; a zero weight cannot go on a log axis.
    const narrow = [record(1, { a: 0.5, b: 50 })];
    expect(taskWeightsNeedLog(narrow, tasks)).toBe(false);
    expect(yAxis(narrow)).toMatchObject({ type: 'value', name: 'train.weight' });
    expect(
      taskWeightsNeedLog([record(1, { a: 0, b: 15_000 }), record(2, { a: 1, b: 1 })], tasks),
    ).toBe(false);
    expect(taskWeightsNeedLog([record(1), record(2)], tasks)).toBe(false);
  });
});

describe('the caption of constant task weights', () => {
  const { t } = i18n.global;
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('says "equal weighting" for equal weighting only; PCGrad is named as gradient surgery', () => {
    // Expected texts: the messages of src/renderer/src/i18n/training.ts, written out here.
    expect(constantWeightsCaption('equal', 1, t)).toBe(
      'Task weights: every task’s loss weighs 1 at every epoch (equal weighting), so there is no curve to draw.',
    );
    const pcgrad = constantWeightsCaption('pcgrad', 1, t);
    expect(pcgrad).toContain('PCGrad (gradient surgery)');
    expect(pcgrad).toContain('projects each task’s gradient');
    expect(pcgrad).not.toContain('equal weighting');
    // Static weights that happen to be all equal are static weights.
    expect(constantWeightsCaption('static', 2, t)).toContain(
      'weighs 2 at every epoch (static weights)',
    );
    // A GradNorm run whose weights have not moved yet (one epoch) is not "equal weighting".
    expect(constantWeightsCaption('gradnorm', 1, t)).toContain(
      '(GradNorm, gradient normalisation)',
    );
    // Runs stored before loss weightings existed trained with equal weights.
    expect(constantWeightsCaption(undefined, 0.33333, t)).toContain(
      'weighs 0.3333 at every epoch (equal weighting)',
    );
  });

  it('names the method in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(constantWeightsCaption('equal', 1, t)).toBe(
      '任务权重：每一轮中每个任务的损失权重都是 1（等权），因此无需绘制曲线。',
    );
    const pcgrad = constantWeightsCaption('pcgrad', 1, t);
    expect(pcgrad).toContain('PCGrad（梯度手术）');
    expect(pcgrad).not.toContain('等权');
  });
});

describe('backend words', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  // Texts as runs stored them before shared/backendText.ts (engine/backend.ts + job.ts wrote
  // them with template strings): the parser must read every one of them.
  const STORED = [
    'wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel',
    'wasm (WebAssembly, multi-threaded) · tfjs-core 4.22.0',
    'tensorflow (libtensorflow (CPU)) · tfjs-core 4.22.0',
    'tensorflow-gpu (libtensorflow with CUDA) · tfjs-core 4.22.0',
    'cpu (plain JavaScript) · tfjs-core 4.22.0 · fused kernel',
    // A CNN on the kernel's relaxed-SIMD build (fused-fma.wasm): found in review, the same
    // seed gave other floats in Electron than in the CLI on Node 20 under one text.
    'wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel (FMA)',
  ];

  it('reads the parts of every stored form and writes the same text back', () => {
    expect(parseBackend(STORED[0])).toEqual({
      name: 'wasm',
      simd: true,
      threads: false,
      tfjsCore: '4.22.0',
      fusedKernel: true,
    });
    expect(parseBackend(STORED[5])).toEqual({
      name: 'wasm',
      simd: true,
      threads: false,
      tfjsCore: '4.22.0',
      fusedKernel: true,
      fusedMultiplyAdd: true,
    });
    expect(parseBackend(STORED[2])).toEqual({
      name: 'tensorflow',
      tfjsCore: '4.22.0',
      fusedKernel: false,
    });
    for (const text of STORED) expect(formatBackend(parseBackend(text)!)).toBe(text);
    // Anything else is shown as it is.
    expect(parseBackend('webgpu (something new)')).toBeNull();
    expect(parseBackend('wasm (WebAssembly, 3 threads)')).toBeNull();
    expect(parseBackend('cpu (fast JavaScript)')).toBeNull();
    expect(parseBackend(null)).toBeNull();
  });

  it('words the backend in the UI language, and an unknown one as it is', () => {
    // English: the stored text itself, whichever backend.
    for (const text of STORED)
      expect(backendLabel({ backend: text, backendDetails: parseBackend(text) })).toBe(text);
    const run = { backend: STORED[0], backendDetails: parseBackend(STORED[0]) };
    i18n.global.locale.value = 'zh-CN';
    expect(backendLabel(run)).toBe(
      'wasm（WebAssembly SIMD，单线程） · tfjs-core 4.22.0 · 融合内核',
    );
    expect(backendLabel({ backend: STORED[1], backendDetails: parseBackend(STORED[1]) })).toBe(
      'wasm（WebAssembly，多线程） · tfjs-core 4.22.0',
    );
    expect(backendLabel({ backend: STORED[2], backendDetails: parseBackend(STORED[2]) })).toBe(
      'tensorflow（libtensorflow，CPU） · tfjs-core 4.22.0',
    );
    expect(backendLabel({ backend: STORED[5], backendDetails: parseBackend(STORED[5]) })).toBe(
      'wasm（WebAssembly SIMD，单线程） · tfjs-core 4.22.0 · 融合内核（FMA）',
    );
    expect(backendLabel({ backend: 'webgpu (new)', backendDetails: null })).toBe('webgpu (new)');
    expect(backendLabel({ backend: null })).toBeNull();
  });

  it('says "starting…" only of a run that may still start, never of an ended one', () => {
    // Found by a new-user pass: a cancelled Auto fold run kept "Backend: starting…".
    const none = { backend: null, backendDetails: null };
    for (const status of ['queued', 'running'] as const)
      expect(backendLine({ ...none, status })).toBe('Backend: starting…');
    for (const status of ['cancelled', 'failed', 'interrupted', 'completed'] as const)
      expect(backendLine({ ...none, status })).toBeNull();
    const known = { backend: STORED[0], backendDetails: parseBackend(STORED[0]) };
    expect(backendLine({ ...known, status: 'cancelled' })).toBe(`Backend: ${STORED[0]}`);
  });
});

describe('the image wizard’s starting input', () => {
  /** Statistics as data/images/stats.ts builds them: one histogram bin per distinct size. */
  const stats = (
    widths: [number, number][],
    heights: [number, number][],
    channels: [number, number][],
  ): ImageColumnStats => {
    const side = (counts: [number, number][]) => ({
      min: Math.min(...counts.map((c) => c[0])),
      max: Math.max(...counts.map((c) => c[0])),
      mean: counts.reduce((s, [v, n]) => s + v * n, 0) / counts.reduce((s, [, n]) => s + n, 0),
      histogram: counts.map(([v, count]) => ({ lo: v - 0.5, hi: v + 0.5, count })),
    });
    return {
      count: channels.reduce((s, [, n]) => s + n, 0),
      width: side(widths),
      height: side(heights),
      channels: channels.map(([value, count]) => ({ value, count })),
      formats: [{ value: 'png', count: 1 }],
      bytes: { min: 1, max: 1, mean: 1, total: 1 },
      duplicates: 0,
    };
  };

  it('starts 28-px greyscale images at 28 × 28 grey', () => {
    // The Fashion-MNIST fixture: 500 PNGs of 28 × 28, one channel.
    expect(suggestImageInput(stats([[28, 500]], [[28, 500]], [[1, 500]]))).toEqual({
      size: 28,
      colour: 'grey',
    });
  });

  it('takes the most common size, rounded to an offered one, and RGB when any image has colour', () => {
    // 90 photos of 100 × 80 and 10 of 400 × 300 (mean width 130 would say 128): the most
    // common larger side is 100, nearest offered size 96. One RGB image makes it RGB.
    const mixed = stats(
      [
        [100, 90],
        [400, 10],
      ],
      [
        [80, 90],
        [300, 10],
      ],
      [
        [1, 99],
        [3, 1],
      ],
    );
    expect(suggestImageInput(mixed)).toEqual({ size: 96, colour: 'rgb' });
    // Grey with alpha (2 channels) is still grey.
    expect(
      suggestImageInput(
        stats(
          [[32, 4]],
          [[32, 4]],
          [
            [2, 3],
            [1, 1],
          ],
        ),
      ),
    ).toEqual({
      size: 32,
      colour: 'grey',
    });
    expect(suggestImageInput(null)).toBeNull();
  });

  it('rounds to the nearest offered size, a tie to the larger one, clamped to the list', () => {
    expect(nearestInputSize(40)).toBe(48); // 32 and 48 are both 8 away
    expect(nearestInputSize(29)).toBe(28);
    expect(nearestInputSize(30)).toBe(32); // a tie again
    expect(nearestInputSize(10)).toBe(28);
    expect(nearestInputSize(4000)).toBe(128);
    expect(nearestInputSize(70)).toBe(64);
  });
});

describe('the import wizard’s re-read line', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('names the column, value and line that sent a one-pass import back, en and zh-CN', () => {
    // Hand-written expectations for what importCsv reports (test/data/onePassImport.test.ts).
    const text = { column: 'x', kind: 'text', value: 'oops', line: 25_002 } as const;
    const type = { column: 'code', kind: 'type', type: 'numeric' } as const;
    i18n.global.locale.value = 'en';
    expect(rereadText(text)).toBe(
      'Re-reading the file: column “x” has the text “oops” on line 25002, so it is not read as numbers',
    );
    expect(rereadText(type)).toBe(
      'Re-reading the file: column “code” turned out to be numeric in its later rows',
    );
    expect(rereadText({ column: 'flag', kind: 'notBoolean', value: 'maybe' })).toContain('“maybe”');
    expect(rereadText({ column: 'code', kind: 'leadingZero' })).toContain('leading zero');
    i18n.global.locale.value = 'zh-CN';
    expect(rereadText(text)).toBe(
      '正在重新读取文件：列“x”在第 25002 行有文本“oops”，因此不按数值读取',
    );
    expect(rereadText(type)).toBe('正在重新读取文件：列“code”在后面的行中实为数值');
    for (const kind of ['leadingZero', 'notBoolean'] as const)
      expect(rereadText({ column: 'c', kind, value: 'v' } as never)).toMatch(/[\u4e00-\u9fff]/);
  });
});
