/**
 * The one chart renderer: ECharts drawing SVG on the server (no DOM, no browser), for the citizens'
 * pages (no script), the staff UI and PDFs. See docs/decisions/0008-charts.md.
 *
 * ECharts is loaded on first use, not at start, and only the parts used: the per-chart entry points
 * register line and bar charts, the grid and the plain legend (about half the loading time of the
 * `echarts/charts` and `echarts/components` barrels, which load every chart in Node).
 */
import { keptPromises } from '../promiseCache.js';
import type * as EChartsCore from 'echarts/core';
import { buildChart, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH, type ChartOption, type ChartSpec, type RenderedChart } from './spec.js';
import { finishSvg } from './svg.js';

type Core = typeof EChartsCore;

let loading: Promise<Core> | undefined;

/** ECharts core with the SVG renderer and the charts used here registered; loaded once, on first call. */
export function loadECharts(): Promise<Core> {
  if (!loading) {
    const started = (async () => {
      const [core, , , , , renderers] = await Promise.all([
        import('echarts/core'),
        import('echarts/lib/chart/line'),
        import('echarts/lib/chart/bar'),
        import('echarts/lib/component/grid'),
        import('echarts/lib/component/legendPlain'),
        import('echarts/renderers'),
      ]);
      core.use([renderers.SVGRenderer]);
      return core;
    })();
    // a failed load is tried again by the next chart instead of failing every chart until restart
    started.catch(() => {
      if (loading === started) loading = undefined;
    });
    loading = started;
  }
  return loading;
}

export interface ChartSize {
  /** px of the SVG's coordinate system (its viewBox); CSS `width:100%; height:auto` scales it */
  width?: number;
  height?: number;
}

function checkSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 120 || value > 4000) {
    throw new RangeError(`グラフの${name}は120〜4000の整数で指定してください（${String(value)}）`);
  }
  return value;
}

/** Draws an ECharts option as finished SVG (accessible, static, deterministic). */
export async function renderOptionToSvg(option: ChartOption, alt: string, size: ChartSize = {}): Promise<string> {
  const width = checkSize('幅', size.width ?? DEFAULT_CHART_WIDTH);
  const height = checkSize('高さ', size.height ?? DEFAULT_CHART_HEIGHT);
  const echarts = await loadECharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return finishSvg(chart.renderToSVGString(), alt);
  } finally {
    chart.dispose();
  }
}

/**
 * A chart with its text alternative and data table. Throws RangeError (Japanese, naming the chart
 * and the value) when the spec is malformed.
 */
export function renderChart(spec: ChartSpec, size: ChartSize = {}): Promise<RenderedChart> {
  // the drawing is byte-identical for the same spec and size, so one drawn already is reused (a page of
  // 30 KPIs draws 30 charts; each takes milliseconds)
  return drawn(JSON.stringify([spec, size.width ?? null, size.height ?? null]), async () => {
    const { option, alt, table } = buildChart(spec);
    const svg = await renderOptionToSvg(option, alt, size);
    return { svg, alt, table };
  });
}

const drawn = keptPromises<RenderedChart>(2_000);
