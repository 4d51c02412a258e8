/**
 * The task-affinity heat-map's option. A new user's heat-map had its horizontal colour scale
 * drawn over the x axis's name ("task helped") and labelled "-1"/"1" while the extreme cell
 * read 1.303; another's listed the rows bottom up (sex above species), against the CLI's
 * table, with values that named no unit where the CLI says "% of its loss lowered".
 * Expected values computed by hand from the 3 × 3 matrix below.
 */
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { AFFINITY_SCALE_WIDTH, affinityChartOption } from '../../src/shared/affinityChart';

const tasks = ['species', 'island', 'sex'];
// Z[i][j]: a step on task i changes task j's loss; the diagonal is not drawn.
const Z = [
  [0, 0.00199, -0.00069],
  [0.01303, 0, -0.00441],
  [0.00519, -0.00082, 0],
];

describe('affinity heat-map option', () => {
  const words = {
    helped: 'task helped (% of its loss lowered)',
    stepOn: 'step on task',
    percent: (value: string) => `${value} %`,
    cell: (stepOn: string, helped: string, value: number) =>
      `A step on ${stepOn} changes ${helped} by ${value} %`,
  };
  const option = affinityChartOption(tasks, Z, words);

  it('draws the six off-diagonal cells as [helped, stepped on, 100 × Z]', () => {
    const data = (option.series as { data: number[][] }[])[0].data;
    expect(data).toEqual([
      [1, 0, 0.199],
      [2, 0, -0.069],
      [0, 1, 1.303],
      [2, 1, -0.441],
      [0, 2, 0.519],
      [1, 2, -0.082],
    ]);
  });

  it('keeps the colour scale beside the grid, symmetric at ±1.303, labelled to 2 decimals', () => {
    const scale = option.visualMap as Record<string, unknown>;
    const grid = option.grid as Record<string, number>;
    expect(scale.orient).toBe('vertical');
    expect(scale.bottom).toBeUndefined();
    expect(grid.right).toBe(AFFINITY_SCALE_WIDTH);
    expect(scale.min).toBe(-1.303);
    expect(scale.max).toBe(1.303);
    expect(scale.precision).toBe(2);
  });

  it('lists the rows top to bottom in task order, as the CLI table does', () => {
    const y = option.yAxis as { data: string[]; inverse: boolean };
    expect(y.data).toEqual(['species', 'island', 'sex']);
    // ECharts draws category 0 at the bottom unless inverted.
    expect(y.inverse).toBe(true);
  });

  it('names the unit on the x axis, the colour scale, the cells and the tooltip', () => {
    expect((option.xAxis as { name: string }).name).toBe('task helped (% of its loss lowered)');
    const scale = option.visualMap as { formatter: (v: number) => string };
    expect(scale.formatter(1.303)).toBe('1.30 %');
    expect(scale.formatter(-1.303)).toBe('-1.30 %');
    const series = (option.series as { label: { formatter: (p: unknown) => string } }[])[0];
    // The cell [0, 1, 1.303]: a step on island helps species; two decimals, as the CLI (1.30).
    // With the unit, as the scale (a new user saw "1.30 %" on the scale, "1.30" in the cell).
    expect(series.label.formatter({ value: [0, 1, 1.303] })).toBe('1.30 %');
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ value: [0, 1, 1.303] })).toBe(
      'A step on island changes species by 1.303 %',
    );
  });

  it('writes a task name into the tooltip as text, not HTML', () => {
    const odd = affinityChartOption(
      ['<b>a</b>', 'b'],
      [
        [0, 0.01],
        [0.02, 0],
      ],
      words,
    );
    const tooltip = odd.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ value: [0, 1, 2] })).toBe(
      'A step on b changes &lt;b&gt;a&lt;/b&gt; by 2 %',
    );
  });
});

describe('affinity heat-map layout', () => {
  it('leaves room between the last column and the colour scale with its labels', () => {
    // Laid out by ECharts itself (its server-side SVG renderer, as the report's charts), at
    // a narrow and a wide panel: the scale's box (bar, handles, labels "±1.30 %") starts at
    // least 8 px right of the grid (a new user saw "1.30 %" touch the last column).
    for (const width of [480, 900]) {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 300 });
      try {
        chart.setOption({
          animation: false,
          ...affinityChartOption(tasks, Z, {
            helped: 'task helped (% of its loss lowered)',
            stepOn: 'step on task',
            percent: (value) => `${value} %`,
            cell: () => '',
          }),
        });
        expect(chart.renderToSVGString()).toContain('>1.30 %<');
        // ECharts' own layout (internal but stable API: the grid's rect, a component's view).
        const internal = chart as unknown as {
          getModel(): { getComponent(type: string): unknown };
          getViewOfComponentModel(model: unknown): {
            group: {
              getBoundingRect(): {
                clone(): { x: number; applyTransform(m: unknown): void };
              };
              getLocalTransform(): unknown;
            };
          };
        };
        const model = internal.getModel();
        const grid = (
          model.getComponent('grid') as {
            coordinateSystem: { getRect(): { x: number; width: number } };
          }
        ).coordinateSystem.getRect();
        const { group } = internal.getViewOfComponentModel(model.getComponent('visualMap'));
        const box = group.getBoundingRect().clone();
        box.applyTransform(group.getLocalTransform());
        expect(box.x, `at ${width} px`).toBeGreaterThanOrEqual(grid.x + grid.width + 8);
      } finally {
        chart.dispose();
      }
    }
  });
});

describe('affinity heat-map cell labels', () => {
  it('are 12 px and fit their cells in a narrow panel', () => {
    // A narrow panel (480 px, 3 tasks): the grid is 480 − 90 − 136 = 254 px wide, 84.7 px a
    // cell. The widest label, "-0.44 %" (7 characters), at 12 px is at most 7 × 12 × 0.6 =
    // 50.4 px wide (0.6 em: a generous width for digits and signs in a sans-serif face).
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 480, height: 300 });
    try {
      chart.setOption({
        animation: false,
        ...affinityChartOption(tasks, Z, {
          helped: 'helped',
          stepOn: 'step on',
          percent: (value) => `${value} %`,
          cell: () => '',
        }),
      });
      const svg = chart.renderToSVGString();
      const labels = [...svg.matchAll(/<text[^>]*font-size:(\d+)px[^>]*>(-?\d\.\d\d %)<\/text>/g)]
        // The colour scale's end labels ("±1.30 %") are not cells.
        .filter((m) => !/^-?1\.30 %$/.test(m[2]) || m[0].includes('text-anchor="middle"'));
      const cells = labels.filter((m) => m[0].includes('text-anchor="middle"'));
      expect(cells.map((m) => m[2]).sort()).toEqual(
        ['0.20 %', '-0.07 %', '1.30 %', '-0.44 %', '0.52 %', '-0.08 %'].sort(),
      );
      for (const m of cells) expect(Number(m[1])).toBeGreaterThanOrEqual(12);
      const cellWidth = (480 - 90 - AFFINITY_SCALE_WIDTH) / tasks.length;
      for (const m of cells) expect(m[2].length * 12 * 0.6).toBeLessThanOrEqual(cellWidth);
    } finally {
      chart.dispose();
    }
  });
});
