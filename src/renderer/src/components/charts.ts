/**
 * ECharts, tree-shaken: only the charts and components the studio draws are registered.
 */
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  VisualMapComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';

/**
 * The charts' font: the UI's stack less `system-ui`, every face named. ECharts lays text out
 * (legend items) with widths measured on a canvas outside the page, but draws it on one
 * inside it, where `lang="zh-CN"` picks other fallback faces for a bare `sans-serif`: in
 * Chinese the legend's labels ran into each other. Named faces are the same on both.
 */
export const CHART_FONT =
  "'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Series colours, in order (readable on white, distinct for colour-blind viewers). */
export const PALETTE = [
  '#2563eb',
  '#ea580c',
  '#059669',
  '#9333ea',
  '#dc2626',
  '#0891b2',
  '#ca8a04',
  '#db2777',
];
