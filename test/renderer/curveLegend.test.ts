/**
 * A task's curves in zh-CN in a half-width card (340 px): the legend stays on one line (a new
 * user's screenshot had it wrapped onto a second line, into the "F1" axis name and the best
 * epoch's "最佳" marker), and "最佳" on the last epoch sits below "F1", not on it. Drawn by
 * ECharts itself (its server-side SVG renderer) from the Train view's option; positions read
 * from the SVG's text elements. Font sizes (11 px legend, 10 px axis names and marker) are the
 * option's own; the bound that two 10 px lines do not overlap is their centres ≥ 10 px apart.
 */
import * as echarts from 'echarts';
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/shared/domain';
import { taskCurvesChart } from '../../src/renderer/src/components/epochCharts';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: MESSAGES });
const t = (key: string, params: Record<string, unknown> = {}): string => i18n.global.t(key, params);

/** 10 epochs of one task, the best (kept) epoch the last. */
const EPOCHS: EpochRecord[] = Array.from({ length: 10 }, (_, i) => ({
  epoch: i + 1,
  seconds: 1,
  trainLoss: 1 / (i + 1),
  valLoss: 1 / (i + 1),
  tasks: {
    species: { trainLoss: 1 / (i + 1), valLoss: 1 / (i + 1), valAccuracy: 0.5, valMacroF1: 0.5 },
  },
}));

/** Each text of the SVG with its centre's y (the translate's y plus the text's own y). */
function texts(svg: string): { text: string; y: number }[] {
  const found: { text: string; y: number }[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1];
    const ty = Number(/translate\([-\d.]+ ([-\d.]+)\)/.exec(attrs)?.[1] ?? NaN);
    const y = Number(/ y="([-\d.]+)"/.exec(attrs)?.[1] ?? 0);
    found.push({ text: m[2], y: ty + y });
  }
  return found;
}

describe('a task curves chart in zh-CN at 340 px', () => {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 340, height: 240 });
  chart.setOption(taskCurvesChart(EPOCHS, 'species', 10, t, 'refitted'));
  const all = texts(chart.renderToSVGString());
  chart.dispose();
  const at = (text: string) => all.find((x) => x.text === text)!;

  it('keeps the legend on one line, above the axis names', () => {
    const legend = ['训练损失', '验证损失（训练过的行）', '验证宏 F1（训练过的行）'].map(at);
    expect(legend.every((x) => x !== undefined)).toBe(true);
    expect(new Set(legend.map((x) => x.y)).size).toBe(1);
    // 11 px legend text, 10 px axis names: their centres at least (11 + 10) / 2 apart.
    expect(at('F1').y - legend[0].y).toBeGreaterThanOrEqual(10.5);
    expect(at('损失').y - legend[0].y).toBeGreaterThanOrEqual(10.5);
  });

  it('draws the best epoch marker below the F1 axis name', () => {
    expect(at('最佳').y - at('F1').y).toBeGreaterThanOrEqual(10);
  });
});
