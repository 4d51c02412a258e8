/**
 * The renderer's error texts, from Node: the translated headline of every ErrorCode and
 * reason (en and zh-CN), their details and the plural forms of count-bearing reasons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode, ErrorReason } from '../../src/shared/errors';
import { ERROR_REASONS, MtlError, reasonDetails } from '../../src/shared/errors';
import {
  describeError,
  REASON_FATE,
  REASON_PLURAL_PARAM,
  runError,
  sameWords,
} from '../../src/renderer/src/errorText';
import { i18n, MESSAGES } from '../../src/renderer/src/i18n';

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
    // --bad-lines skip with no line left (csvErrors.ts noDataRowsError): 1 line, then 3.
    expect(headline('CSV_ALL_LINES_BAD', { file: 'a.csv', count: 1, first: 2 })).toBe(
      'Every data line of “a.csv” has a wrong number of fields: 1 line was skipped (line 2), so none is left; check the delimiter',
    );
    expect(headline('CSV_ALL_LINES_BAD', { file: 'a.csv', count: 3, first: 2 })).toBe(
      'Every data line of “a.csv” has a wrong number of fields: all 3 were skipped (the first at line 2), so none is left; check the delimiter',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(headline('CSV_FIELD_COUNT', { ...fields, expected: 1 })).toBe(
      '“a.csv”第 2 行：应有 1 个字段，实际有 2 个',
    );
    expect(headline('CSV_ALL_LINES_BAD', { file: 'a.csv', count: 3, first: 2 })).toBe(
      '“a.csv”的每个数据行字段数都不对：3 行全部被跳过（第一行是第 2 行），没有剩下的行；请检查分隔符',
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
