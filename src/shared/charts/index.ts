/**
 * Charts: a pure spec → { svg, alt, table }. One renderer (ECharts SSR, SVG) for the citizens' pages,
 * the staff UI and PDFs; every chart comes with a text alternative and its data table.
 *
 *   const chart = await renderChart({ kind: 'kpiPath', title, unit: '件', actuals, baseline, target });
 *   page: <figure>{raw(chart.svg)}<figcaption>…</figcaption></figure> + chartDataTable(chart.table)
 *   PDF:  { svg: svgForPdf(chart.svg), width: 400 } + chartTableForPdf(chart.table)
 */
export {
  buildChart,
  formatChartNumber,
  targetPathAt,
  CHART_PALETTE,
  CHART_COLORS,
  CHART_FONT_FAMILY,
  CHART_FONT_SIZE,
  DEFAULT_CHART_WIDTH,
  DEFAULT_CHART_HEIGHT,
  type BuiltChart,
  type ChartOption,
  type ChartSeries,
  type ChartSpec,
  type ChartTable,
  type GroupedBarsSpec,
  type KpiPathSpec,
  type RenderedChart,
  type StackedBarsSpec,
  type YearValue,
} from './spec.js';
export { loadECharts, renderChart, renderOptionToSvg, type ChartSize } from './render.js';
export { escapeXml, finishSvg, svgForPdf, PDF_CHART_FONT } from './svg.js';
export { chartDataTable, chartTableForPdf, type DataTableCell, type DataTableView } from './table.js';
