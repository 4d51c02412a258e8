/**
 * The report (main/export) says why a cross-validation has no Δm word for word as the studio's Compare view
 * does, in en and zh-CN. The report cannot import the renderer's vue-i18n messages, so it holds
 * a copy (reportText.ts cvWhy); this test compares the copy with the studio's messages
 * (renderer i18n evaluation.ts compare.cv.why), template by template, and the sentences the two
 * build (report: reportBaselineReason.ts; studio: components/cvBaselineReason.ts through
 * vue-i18n) for reasons that use every template, so that the two cannot drift apart. The
 * reasons are made up in the shape services/evaluation.ts crossValidationBaselineReason gives
 * (test/services/cvBaselineMissing.test.ts); a few expected sentences are written by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { reportBaselineReasonNote } from '../../src/main/export/reportBaselineReason';
import { REPORT_TEXT, type ReportLanguage } from '../../src/main/export/reportText';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { cvBaselineReasonNote } from '../../src/renderer/src/components/cvBaselineReason';
import type { BaselineMissingReason, FoldSchemeParams } from '../../src/shared/domain';

const LANGUAGES: ReportLanguage[] = ['en', 'zh-CN'];

/** The studio's `t` in `locale` (a fresh i18n: the shared one is left alone). */
function studio(locale: ReportLanguage) {
  const i18n = createI18n({ legacy: false, locale, messages: MESSAGES });
  return i18n.global.t as (key: string, values: Record<string, unknown>, plural?: number) => string;
}

const five: FoldSchemeParams = { k: 5, repeats: 1, seed: 42 };
const differs = (
  fields: Partial<Extract<BaselineMissingReason, { code: 'singleTaskCrossValidationDiffers' }>>,
): BaselineMissingReason => ({
  code: 'singleTaskCrossValidationDiffers',
  evaluationId: 2,
  folds: null,
  lacksTasks: [],
  inputsWith: [],
  inputsWithout: [],
  inputsChanged: null,
  ...fields,
});

/** Reasons that between them use every template, each plural form of each. */
const REASONS: Record<string, BaselineMissingReason> = {
  none: { code: 'noSingleTaskCrossValidation', inputsChanged: null },
  noneChanged: {
    code: 'noSingleTaskCrossValidation',
    inputsChanged: {
      evaluationId: 1,
      given: ['hair', 'legs'],
      now: ['eggs', 'hair'],
      restore: ['legs'],
      drop: ['eggs'],
    },
  },
  everything: differs({
    folds: { theirs: 2, mine: 1, theirsScheme: { k: 3, repeats: 2, seed: 7 }, mineScheme: five },
    lacksTasks: ['type'],
    inputsWith: ['eggs'],
    inputsWithout: ['legs'],
    inputsChanged: {
      evaluationId: 1,
      given: ['fins', 'hair', 'legs'],
      now: [],
      restore: ['fins', 'hair', 'legs'],
      drop: [],
    },
  }),
  many: differs({
    folds: { theirs: 2, mine: 1, theirsScheme: five, mineScheme: { k: 5, repeats: 1, seed: 3 } },
    lacksTasks: ['size', 'type'],
    inputsWith: ['eggs', 'fins'],
    inputsWithout: ['hair', 'legs'],
    inputsChanged: {
      evaluationId: 1,
      given: ['hair'],
      now: ['eggs', 'fins', 'hair'],
      restore: [],
      drop: ['eggs', 'fins'],
    },
  }),
  recut: differs({ folds: { theirs: 4, mine: 1, theirsScheme: five, mineScheme: five } }),
  gone: differs({ folds: { theirs: 4, mine: 1, theirsScheme: null, mineScheme: five } }),
  foldMissing: { code: 'baselineFoldMissing', baselineEvaluationId: 2 },
  scoresZero: { code: 'baselineScoresZero', baselineRunId: 7 },
};

describe("the report's reason why a cross-validation has no Δm", () => {
  it.each(LANGUAGES)('is the studio’s, sentence for sentence (%s)', (lang) => {
    const t = studio(lang);
    for (const [name, reason] of Object.entries(REASONS))
      expect(reportBaselineReasonNote(reason, 'CV1 MMoE · Equal', REPORT_TEXT[lang]), name).toBe(
        cvBaselineReasonNote(reason, 'CV1 MMoE · Equal', t),
      );
  });

  it.each(LANGUAGES)('holds the studio’s templates, one | many as One and Many (%s)', (lang) => {
    const mine: Record<string, string> = REPORT_TEXT[lang].cvWhy;
    const theirs: Record<string, string> = MESSAGES[lang].compare.cv.why;
    const pairs = Object.keys(mine)
      .filter((k) => k.endsWith('One'))
      .map((k) => k.slice(0, -'One'.length));
    const single = Object.keys(mine).filter((k) => k !== 'listSeparator' && !/(One|Many)$/.test(k));
    // Every studio template has its copy here, and no other.
    expect([...single, ...pairs].sort()).toEqual(Object.keys(theirs).sort());
    for (const k of single) expect(mine[k], k).toBe(theirs[k]);
    for (const k of pairs) {
      const [one, many] = [mine[`${k}One`], mine[`${k}Many`]];
      // Chinese has one form: the studio's message is it alone.
      expect(one === many ? one : `${one} | ${many}`, k).toBe(theirs[k]);
    }
    expect(mine.listSeparator).toBe(MESSAGES[lang].common.listSeparator);
  });

  it('names the folds by k, repeats and seed (hand-written, en and zh-CN)', () => {
    expect(reportBaselineReasonNote(REASONS.everything, 'CV1 MMoE', REPORT_TEXT.en)).toContain(
      'Single-task CV2 is on other folds (3 folds × 2 repeats, seed 7, not 5 folds, seed 42).',
    );
    expect(reportBaselineReasonNote(REASONS.recut, 'CV1 MMoE', REPORT_TEXT['zh-CN'])).toBe(
      'CV1 MMoE 没有 Δm。单任务 CV2 使用的是另一种把行分成折的切分（同为 5 折、种子 42）。',
    );
  });
});
