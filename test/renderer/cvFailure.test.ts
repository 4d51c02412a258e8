/**
 * Why a cross-validation failed, as the Train view's folds panel and stopped list show it (a
 * new user's image CV failed with the reason only in `evaluate --json`). Expected values
 * written by hand: the service stops a CV at its first failed fold and stores that fold's
 * message on the CV (services/crossValidation.ts), and a failed fold run keeps its own code.
 */
import { describe, expect, it } from 'vitest';
import { cvFailure, failsAgain } from '../../src/renderer/src/components/cvFailure';
import { describeError } from '../../src/renderer/src/errorText';
import { en, zhCN } from '../../src/renderer/src/i18n/errors';

const TRUNK =
  'Dataset "fm" holds images (column "image"); train it with trunk \'cnn\' (an MLP trunk reads table columns, not pixels).';

describe('a failed cross-validation', () => {
  it("shows the CV's stored message when no fold run was stored (refused before training)", () => {
    const failure = cvFailure({ status: 'failed', error: TRUNK, runs: [] }, []);
    expect(failure).toEqual({ code: 'TRAINING_FAILED', message: TRUNK });
    // Refused configuration: Continue would meet it again.
    expect(failsAgain(failure)).toBe(true);
  });

  it('prefers the first failed fold run in fold order, with its code', () => {
    const evaluation = {
      status: 'failed' as const,
      error: 'later message',
      runs: [
        { repeat: 1, fold: 2, runId: 12 },
        { repeat: 1, fold: 1, runId: 11 },
      ],
    };
    const runs = [
      { id: 11, status: 'completed' as const, error: null, errorCode: null },
      {
        id: 12,
        status: 'failed' as const,
        error: 'The disk is full.',
        errorCode: 'DISK_FULL' as const,
      },
    ];
    const failure = cvFailure(evaluation, runs);
    expect(failure).toEqual({ code: 'DISK_FULL', message: 'The disk is full.' });
    // A full disk may be freed: Continue can succeed.
    expect(failsAgain(failure)).toBe(false);
  });

  it('falls back to TRAINING_FAILED for a failed fold run without a code', () => {
    const failure = cvFailure(
      { status: 'failed', error: null, runs: [{ repeat: 1, fold: 1, runId: 5 }] },
      [{ id: 5, status: 'failed', error: 'NaN loss', errorCode: null }],
    );
    expect(failure).toEqual({ code: 'TRAINING_FAILED', message: 'NaN loss' });
  });

  it('says nothing for a CV that did not fail, or failed without a message', () => {
    for (const status of ['running', 'completed', 'cancelled', 'interrupted'] as const) {
      expect(cvFailure({ status, error: 'x', runs: [] }, [])).toBeNull();
    }
    expect(cvFailure({ status: 'failed', error: null, runs: [] }, [])).toBeNull();
    expect(failsAgain(null)).toBe(false);
  });

  it('is worded through the error-text mapping: translated headline, English message as detail', () => {
    const failure = cvFailure({ status: 'failed', error: TRUNK, runs: [] }, [])!;
    const lookup = (table: Record<string, unknown>) => (key: string) =>
      key
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], table);
    for (const [table, locale] of [
      [en, 'en'],
      [zhCN, 'zh-CN'],
    ] as const) {
      const get = lookup(table as Record<string, unknown>);
      const t = (key: string): string => String(get(key) ?? key);
      const te = (key: string): boolean => typeof get(key) === 'string';
      const shown = describeError(failure, t, te, locale);
      expect(shown.headline).toBe(get('errors.codes.TRAINING_FAILED'));
      expect(shown.detail).toBe(TRUNK);
    }
  });
});
