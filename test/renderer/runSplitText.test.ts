/**
 * The Runs list's Split column names a fold run's cross-validation. Found by a new user: with
 * CV1 and CV2 both listed, their first folds both read "fold 1 (repeat 1)". Expected texts are
 * written by hand from the stored fold (counted from 0) and the cross-validation's id; the
 * locale is passed per call, not switched, so no other file sees a changed locale.
 */
import { describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import { runSplitText } from '../../src/renderer/src/runSplitText';
import type { RunInfo } from '../../src/shared/domain';

type Run = Pick<RunInfo, 'splitId' | 'fold' | 'finalOf'>;

/** The translate function of one locale. */
const tIn =
  (locale: 'en' | 'zh-CN') =>
  (key: string, params: Record<string, unknown>): string =>
    i18n.global.t(key, params, { locale });

describe('the Runs list Split column', () => {
  it('names the cross-validation of a fold run, in en and zh-CN', () => {
    // Stored from 0: fold 0, repeat 0 is "fold 1 (repeat 1)"; fold 2, repeat 1 is "fold 3 (repeat 2)".
    const cv1: Run = { splitId: 1, fold: { evaluationId: 1, repeat: 0, fold: 0 } };
    const cv2: Run = { splitId: 1, fold: { evaluationId: 2, repeat: 0, fold: 0 } };
    const late: Run = { splitId: 1, fold: { evaluationId: 2, repeat: 1, fold: 2 } };
    const en = tIn('en');
    expect(runSplitText(cv1, en)).toBe('CV1 · fold 1 (repeat 1)');
    expect(runSplitText(cv2, en)).toBe('CV2 · fold 1 (repeat 1)');
    expect(runSplitText(late, en)).toBe('CV2 · fold 3 (repeat 2)');
    const zh = tIn('zh-CN');
    expect(runSplitText(cv2, zh)).toBe('CV2 · 第 1 折（第 1 次重复）');
    expect(runSplitText(late, zh)).toBe('CV2 · 第 3 折（第 2 次重复）');
  });

  it('writes a split as its id and a final model as all labelled rows of its cross-validation', () => {
    expect(runSplitText({ splitId: 3 }, tIn('en'))).toBe('#3');
    const final = { splitId: 3, finalOf: { evaluationId: 2 } } as Run;
    expect(runSplitText(final, tIn('en'))).toBe('all labelled rows (final model of CV2)');
    expect(runSplitText(final, tIn('zh-CN'))).toBe('全部已标注行（CV2 的最终模型）');
  });
});
