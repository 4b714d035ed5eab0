// ECharts, tree-shaken: only the chart types, components and renderer the dashboards draw with. Loaded on first
// draw, in two chunks (this one, and the chart types in echarts-charts.ts), each under Vite's 500 kB warning.
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Draws with SVG: crisp at any zoom and in print, and a page of six small charts needs no canvas. */
export const initChart = (element: HTMLElement) => init(element, undefined, { renderer: 'svg' });
