/**
 * A cross-validation's final model (RunInfo.finalOf) has no test rows: Compare leaves it out
 * of the test-split table and chart, and shows it under its cross-validation. Found by a new
 * user: run #10 sat under "split #7" with every score "–". Expected lists written by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { MESSAGES } from '../../src/renderer/src/i18n';
import {
  finalModelsOf,
  supersededBy,
  testSplitRows,
} from '../../src/renderer/src/components/finalModelRows';

const finalOf = (cv: number) => ({
  evaluationId: cv,
  labelledRows: 344,
  epochs: 30,
  epochsPerTask: { species: 30 },
});
const run = (id: number, extra: Partial<RunInfo> = {}): RunInfo =>
  ({ id, status: 'completed', splitId: 1, tasks: ['species'], ...extra }) as RunInfo;

describe('Compare: final models', () => {
  it('are not among the test-split runs', () => {
    const rows = [run(3), run(10, { finalOf: finalOf(1), splitId: 7 }), run(11)].map((r) => ({
      run: r,
      deltaM: null,
    }));
    expect(testSplitRows(rows).map((r) => r.run.id)).toEqual([3, 11]);
  });

  it('are listed with their own cross-validation, completed ones only, newest first', () => {
    const runs = [
      run(10, { finalOf: finalOf(1) }),
      run(12, { finalOf: finalOf(2) }),
      run(13, { finalOf: finalOf(1), status: 'running' }),
      run(14, { finalOf: finalOf(1) }),
      run(2, { fold: { evaluationId: 1, repeat: 0, fold: 0 } }),
    ];
    expect(finalModelsOf(runs, 1).map((r) => r.id)).toEqual([14, 10]);
    expect(finalModelsOf(runs, 3)).toEqual([]);
  });

  it('say what they trained on and where their expected score comes from (en, zh-CN)', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(t('compare.cv.finalModel', { run: 10, rows: 344 })).toBe(
      'Final model: run 10, trained on all 344 labelled rows; expected score = this cross-validation’s mean ± std',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.cv.finalModel', { run: 10, rows: 344 })).toBe(
      '最终模型：运行 10，在全部 344 个已标注行上训练；预期得分 = 本交叉验证的均值 ± 标准差',
    );
  });

  it('an older final model of a cross-validation is superseded by the newest (en, zh-CN)', () => {
    // Re-made after labels changed: run 14 replaces run 10 (both of CV 1); run 13 still
    // runs and replaces nothing; run 12 is the only final model of CV 2.
    const runs = [
      run(10, { finalOf: finalOf(1) }),
      run(12, { finalOf: finalOf(2) }),
      run(13, { finalOf: finalOf(1), status: 'running' }),
      run(14, { finalOf: finalOf(1) }),
      run(2, { fold: { evaluationId: 1, repeat: 0, fold: 0 } }),
    ];
    const byId = (id: number) => runs.find((r) => r.id === id)!;
    expect(supersededBy(runs, byId(10))?.id).toBe(14);
    expect(supersededBy(runs, byId(14))).toBeNull();
    expect(supersededBy(runs, byId(12))).toBeNull();
    expect(supersededBy(runs, byId(2))).toBeNull();
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(t('compare.cv.superseded', { run: 14 })).toBe(
      ' — superseded by run 14 (a newer final model of this cross-validation)',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('compare.cv.superseded', { run: 14 })).toBe(
      ' —— 已被运行 14 取代（本交叉验证较新的最终模型）',
    );
  });
});
