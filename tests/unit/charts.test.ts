import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildChart,
  chartDataTable,
  chartTableForPdf,
  CHART_COLORS,
  CHART_PALETTE,
  finishSvg,
  formatChartNumber,
  renderChart,
  svgForPdf,
  targetPathAt,
  type GroupedBarsSpec,
  type KpiPathSpec,
  type StackedBarsSpec,
} from '../../src/shared/charts/index.js';
import { FONT, renderPdf } from '../../src/modules/publish/pdf/render.js';

const kpi: KpiPathSpec = {
  kind: 'kpiPath',
  title: 'ふるさと納税の受入件数',
  unit: '件',
  actuals: [
    { fiscalYear: 2020, value: 12 },
    { fiscalYear: 2021, value: 15 },
    { fiscalYear: 2022, value: null },
    { fiscalYear: 2023, value: 21 },
  ],
  baseline: { fiscalYear: 2020, value: 12 },
  target: { fiscalYear: 2025, value: 30 },
  milestones: [
    { fiscalYear: 2023, value: 22 },
    { fiscalYear: 2024, value: 26 },
  ],
};

const finance: GroupedBarsSpec = {
  kind: 'groupedBars',
  title: '歳入と歳出',
  unit: '百万円',
  fiscalYears: [2022, 2023, 2024],
  bars: [
    { name: '歳入', values: [12000, 12500, 12800] },
    { name: '歳出', values: [11800, null, 12900] },
  ],
  lines: [{ name: '基金残高', values: [3000, 2900, 2800] }],
};

const statuses: StackedBarsSpec = {
  kind: 'stackedBars',
  title: '基本方針ごとの進捗状況',
  unit: '件',
  groupHeader: '基本方針',
  groups: ['持続可能な行財政運営', '市民サービスの向上', '組織と人材'],
  series: [
    { name: '順調', color: '#0055AD', values: [10, 8, 4] },
    { name: '遅れ', color: '#D0480B', values: [2, 9, 1] },
  ],
};

type AnySeries = { type: string; name: string; data: unknown[]; connectNulls?: boolean; yAxisIndex?: number; stack?: string; color?: string };
const seriesOf = (option: unknown) => (option as { series: AnySeries[] }).series;
const byName = (option: unknown, name: string) => {
  const s = seriesOf(option).find((x) => x.name === name);
  if (!s) throw new Error(`no series ${name}`);
  return s;
};

describe('kpiPath', () => {
  it('spans every fiscal year, labelled R…, and leaves a gap (null, not 0) where an actual is missing', () => {
    const { option } = buildChart(kpi);
    expect((option.xAxis as { data: string[] }).data).toEqual(['R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    const actual = byName(option, '実績');
    expect(actual.data).toEqual([12, 15, null, 21, null, null]);
    expect(actual.connectNulls).toBe(false);
    expect((option.yAxis as { name: string }).name).toBe('件');
    expect(option.animation).toBe(false);
  });

  it('draws the target path from the baseline to the target, and 年度目標 as points', () => {
    const { option } = buildChart(kpi);
    const path = byName(option, '目標の経路');
    expect(path.data).toEqual([12, null, null, null, null, 30]);
    expect(path.connectNulls).toBe(true);
    expect(byName(option, '年度目標').data).toEqual([null, null, null, 22, 26, null]);
    expect((option.legend as { data: string[] }).data).toEqual(['実績', '目標の経路', '年度目標']);
  });

  it('interpolates the path linearly and only between its ends', () => {
    expect(targetPathAt(kpi, 2020)).toBe(12);
    expect(targetPathAt(kpi, 2023)).toBeCloseTo(22.8);
    expect(targetPathAt(kpi, 2025)).toBe(30);
    expect(targetPathAt(kpi, 2019)).toBeNull();
    expect(targetPathAt(kpi, 2026)).toBeNull();
    expect(targetPathAt({ baseline: null, target: kpi.target }, 2023)).toBeNull();
  });

  it('says in words where the KPI stands, from the data', () => {
    expect(buildChart(kpi).alt).toBe(
      'ふるさと納税の受入件数の実績の推移。基準値 令和2年度 12件、目標 令和7年度 30件。' +
        '最新の実績 令和5年度 21件（目標の経路を下回る）。同年度の年度目標は22件。実績のない年度: 令和4年度。',
    );
    const above = buildChart({ ...kpi, actuals: [{ fiscalYear: 2021, value: 17 }] }).alt;
    expect(above).toContain('最新の実績 令和3年度 17件（目標の経路を上回る）。');
    expect(above).not.toContain('実績のない年度');
    const reached = buildChart({ ...kpi, actuals: [{ fiscalYear: 2026, value: 29 }] }).alt;
    expect(reached).toContain('令和8年度 29件（目標を下回る）');
    const none = buildChart({ ...kpi, actuals: [] }).alt;
    expect(none).toContain('実績はまだありません。');
    const decimals = buildChart({ kind: 'kpiPath', title: '経常収支比率', unit: '%', actuals: [{ fiscalYear: 2024, value: 96 }], target: { fiscalYear: 2027, value: 95.6 } }).alt;
    expect(decimals).toBe('経常収支比率の実績の推移。目標 令和9年度 95.6%。最新の実績 令和6年度 96.0%。');
  });

  it('tabulates every year with actual, 年度目標 and path, marking baseline and target', () => {
    const { table } = buildChart(kpi);
    expect(table.caption).toBe('ふるさと納税の受入件数（単位: 件）');
    expect(table.columns).toEqual(['年度', '実績', '年度目標', '目標の経路']);
    expect(table.rows.map((r) => r.label)).toEqual(['令和2年度', '令和3年度', '令和4年度', '令和5年度', '令和6年度', '令和7年度']);
    expect(table.rows[0]!.cells).toEqual(['12', '—', '12（基準値）']);
    expect(table.rows[2]!.cells).toEqual(['—', '—', '19']);
    expect(table.rows[5]!.cells).toEqual(['—', '—', '30（目標値）']);
    const plain = buildChart({ kind: 'kpiPath', title: 'x', unit: '人', actuals: [{ fiscalYear: 2024, value: 3 }] }).table;
    expect(plain.columns).toEqual(['年度', '実績']);
  });

  it('with a target but no baseline shows the target as a point, not a path', () => {
    const { option, table, alt } = buildChart({ kind: 'kpiPath', title: '待機児童数', unit: '人', actuals: [{ fiscalYear: 2024, value: 5 }], target: { fiscalYear: 2026, value: 0 } });
    expect(byName(option, '目標値').data).toEqual([null, null, 0]);
    expect(table.columns).toEqual(['年度', '実績', '基準値・目標値']);
    expect(table.rows.map((r) => r.cells[1])).toEqual(['—', '—', '0（目標値）']);
    // no path before the target year: nothing to compare with yet
    expect(alt).toBe('待機児童数の実績の推移。目標 令和8年度 0人。最新の実績 令和6年度 5人。');
  });

  it('refuses values that are not numbers, repeated years and impossible spans', () => {
    expect(() => buildChart({ ...kpi, actuals: [{ fiscalYear: 2021, value: Number.NaN }] })).toThrow(/令和3年度の実績が数値ではありません/);
    expect(() => buildChart({ ...kpi, actuals: [{ fiscalYear: 2021, value: 1 }, { fiscalYear: 2021, value: 2 }] })).toThrow(/重複/);
    expect(() => buildChart({ ...kpi, fiscalYears: [1900] })).toThrow(/範囲が広すぎます/);
    expect(() => buildChart({ ...kpi, title: ' ' })).toThrow(/題名/);
  });
});

describe('groupedBars', () => {
  it('puts bars side by side and lines over them, gaps as null', () => {
    const { option } = buildChart(finance);
    expect(seriesOf(option).map((s) => `${s.type}:${s.name}`)).toEqual(['bar:歳入', 'bar:歳出', 'line:基金残高']);
    expect(byName(option, '歳出').data).toEqual([11800, null, 12900]);
    expect(byName(option, '基金残高').yAxisIndex).toBe(0);
    expect(seriesOf(option).map((s) => s.color)).toEqual([CHART_PALETTE[0], CHART_PALETTE[1], CHART_PALETTE[2]]);
  });

  it('gives lines in another unit their own axis on the right', () => {
    const { option, table } = buildChart({ ...finance, lineUnit: '%' });
    expect((option.yAxis as { name: string }[]).map((a) => a.name)).toEqual(['百万円', '%']);
    expect(byName(option, '基金残高').yAxisIndex).toBe(1);
    expect(table.columns).toEqual(['年度', '歳入', '歳出', '基金残高（%）']);
  });

  it('summarises the latest year and each series’ direction, and tabulates the years', () => {
    const { alt, table } = buildChart(finance);
    expect(alt).toBe(
      '歳入と歳出（令和4年度〜令和6年度、歳入・歳出・基金残高）。令和6年度は歳入 12,800百万円、歳出 12,900百万円、基金残高 2,800百万円。' +
        '歳入は令和4年度の12,000百万円から令和6年度の12,800百万円へ増加。歳出は令和4年度の11,800百万円から令和6年度の12,900百万円へ増加。' +
        '基金残高は令和4年度の3,000百万円から令和6年度の2,800百万円へ減少。',
    );
    expect(table.rows[1]).toEqual({ label: '令和5年度', cells: ['12,500', '—', '2,900'] });
  });

  it('says so when there is no value yet', () => {
    expect(buildChart({ ...finance, bars: [{ name: '計画', values: [null, null, null] }], lines: [] }).alt).toBe('歳入と歳出（令和4年度〜令和6年度、計画）。値はまだありません。');
  });

  it('refuses a series whose values do not match the years, and colours that are not #RRGGBB', () => {
    expect(() => buildChart({ ...finance, bars: [{ name: '歳入', values: [1, 2] }] })).toThrow(/「歳入」の値の数（2）が年度の数（3）と合いません/);
    expect(() => buildChart({ ...finance, bars: [{ name: '歳入', values: [1, 2, 3], color: 'red" onload="x' }] })).toThrow(/#RRGGBB/);
  });
});

describe('stackedBars', () => {
  it('stacks the caller’s statuses in the caller’s colours per group', () => {
    const { option } = buildChart(statuses);
    expect(seriesOf(option).every((s) => s.type === 'bar' && s.stack === 'total')).toBe(true);
    expect(seriesOf(option).map((s) => s.color)).toEqual(['#0055AD', '#D0480B']);
    expect((option.xAxis as { data: string[] }).data).toEqual(statuses.groups);
    expect((option.yAxis as { name: string }).name).toBe('件');
  });

  it('turns horizontal with the groups top to bottom', () => {
    const { option } = buildChart({ ...statuses, horizontal: true });
    expect(option.yAxis).toMatchObject({ type: 'category', data: statuses.groups, inverse: true });
    expect(option.xAxis).toMatchObject({ type: 'value', name: '件' });
  });

  it('tabulates groups with totals and names the largest group', () => {
    const { table, alt } = buildChart(statuses);
    expect(table.columns).toEqual(['基本方針', '順調', '遅れ', '計']);
    expect(table.rows.at(-1)).toEqual({ label: '合計', cells: ['22', '12', '34'] });
    expect(alt).toBe('基本方針ごとの進捗状況。基本方針ごとの内訳（3区分、合計34件）。全体では順調 22件、遅れ 12件。合計が最も多いのは「市民サービスの向上」の17件。');
  });

  it('refuses negative counts', () => {
    expect(() => buildChart({ ...statuses, series: [{ name: '順調', values: [1, -1, 0] }] })).toThrow(/「市民サービスの向上」の「順調」が負の値です/);
  });
});

describe('numbers and colours', () => {
  it('formats with grouping, fixed decimals and △ for negatives', () => {
    expect(formatChartNumber(1234567, 0)).toBe('1,234,567');
    expect(formatChartNumber(-12.34, 1)).toBe('△12.3');
    expect(formatChartNumber(-0.04, 1)).toBe('0.0');
    expect(formatChartNumber(96, 1)).toBe('96.0');
  });

  // WCAG 2.x relative luminance and contrast ratio
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it('palette colours stand out from white by at least 3:1, text by 4.5:1', () => {
    expect(CHART_PALETTE.length).toBeGreaterThanOrEqual(6);
    for (const c of CHART_PALETTE) expect(contrast(c, '#FFFFFF'), c).toBeGreaterThanOrEqual(3);
    expect(contrast(CHART_COLORS.text, CHART_COLORS.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(CHART_COLORS.axis, CHART_COLORS.background)).toBeGreaterThanOrEqual(3);
    expect(new Set(CHART_PALETTE).size).toBe(CHART_PALETTE.length);
  });
});

describe('rendered SVG', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is an accessible image carrying the alt text, with size and viewBox for scaling', async () => {
    const chart = await renderChart(kpi, { width: 480, height: 300 });
    const root = /^<svg\b[^>]*>/.exec(chart.svg)?.[0] ?? '';
    expect(root).toContain('role="img"');
    expect(root).toContain(`aria-label="${chart.alt}"`);
    expect(root).toMatch(/ width="480"/);
    expect(root).toMatch(/ height="300"/);
    expect(root).toContain('viewBox="0 0 480 300"');
    expect(chart.svg).toContain(`<title>${chart.alt}</title>`);
    expect(chart.svg.indexOf('<title>')).toBeLessThan(chart.svg.indexOf('<path'));
    // Japanese text kept as text (legend, axis)
    for (const word of ['実績', '目標の経路', '年度目標', 'R5', '件']) expect(chart.svg).toContain(`>${word}</text>`);
    expect(chart.table.rows).toHaveLength(6);
  });

  it('is static and self-contained: no script, no style block, no link outside itself', async () => {
    for (const spec of [kpi, finance, statuses, { ...statuses, horizontal: true }]) {
      const { svg } = await renderChart(spec);
      expect(svg).not.toMatch(/<script/i);
      expect(svg).not.toMatch(/<style/i);
      expect(svg).not.toMatch(/\son[a-z]+=/i);
      expect(svg).not.toMatch(/ecmeta_|zr\d+-/);
      for (const [, target] of svg.matchAll(/href="([^"]*)"/g)) expect(target).toMatch(/^#/);
      for (const [, target] of svg.matchAll(/url\(([^)]*)\)/g)) expect(target).toMatch(/^#/);
      // every reference resolves inside this SVG
      for (const [, id] of svg.matchAll(/url\(#([^)]*)\)/g)) expect(svg).toContain(`id="${id}"`);
    }
  });

  it('escapes text given by the caller', async () => {
    const { svg, alt } = await renderChart({ ...kpi, title: '<script>alert("x")</script> & 件数' });
    expect(alt).toContain('<script>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 件数');
  });

  it('gives identical bytes for identical input, and distinct ids to different charts', async () => {
    const first = await renderChart(kpi);
    await renderChart(finance); // renderer instances and class counters move on in between
    const second = await renderChart(kpi);
    expect(second.svg).toBe(first.svg);
    expect(second).toEqual(first);
    const other = await renderChart({ ...kpi, target: { fiscalYear: 2025, value: 40 } });
    const ids = (svg: string) => new Set([...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids(first.svg).size).toBeGreaterThan(0);
    for (const id of ids(other.svg)) expect(ids(first.svg).has(id)).toBe(false);
  });

  it('renders without ECharts warnings (options valid for this version)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const log = vi.spyOn(console, 'log');
    for (const spec of [kpi, finance, { ...finance, lineUnit: '%' }, statuses, { ...statuses, horizontal: true }]) await renderChart(spec);
    expect([...warn.mock.calls, ...error.mock.calls, ...log.mock.calls]).toEqual([]);
  });

  it('refuses sizes outside what a page or a PDF can use', async () => {
    await expect(renderChart(kpi, { width: 50 })).rejects.toThrow(/グラフの幅は120〜4000/);
  });
});

describe('finishSvg', () => {
  it('renames renderer-numbered ids by content and keeps labels that look like ids', () => {
    const raw = (n: number) =>
      `<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n` +
      `<path clip-path="url(#zr${n}-c0)" class="zr${n}-cls-${n}" ecmeta_series_index="0"></path><text>zr${n}-c0</text>` +
      `<defs ><clipPath id="zr${n}-c0"><path d="M0 0"></path></clipPath></defs><style ><![CDATA[.zr${n}-cls-0:hover{cursor:pointer}]]></style></svg>`;
    const a = finishSvg(raw(0), '説明');
    expect(a).toBe(finishSvg(raw(0), '説明'));
    expect(a).not.toContain('xmlns:xlink');
    expect(a).not.toContain('class=');
    expect(a).not.toContain('<style');
    expect(a).toContain('<text>zr0-c0</text>');
    expect(a).toMatch(/clip-path="url\(#gk[0-9a-z]+-c0\)"/);
  });
});

describe('data table helpers', () => {
  it('gives an HTML-ready table with numeric cells marked for alignment', () => {
    const view = chartDataTable(buildChart(kpi).table);
    expect(view.head).toEqual(['年度', '実績', '年度目標', '目標の経路']);
    expect(view.rows[0]).toEqual({
      header: '令和2年度',
      cells: [
        { text: '12', numeric: true },
        { text: '—', numeric: true },
        { text: '12（基準値）', numeric: true },
      ],
    });
    expect(chartDataTable(buildChart(statuses).table).rows[0]!.header).toBe('持続可能な行財政運営');
  });
});

describe('charts in PDFs (pdfmake 0.3 svg nodes)', () => {
  it('svgForPdf names the embedded font, and the document renders', async () => {
    const charts = await Promise.all([renderChart(kpi), renderChart(finance), renderChart({ ...statuses, horizontal: true })]);
    const svg = svgForPdf(charts[0]!.svg, FONT);
    expect(svg).toContain(`font-family:${FONT}`);
    expect(svg).not.toContain('Noto Sans JP,');
    const warnings: string[] = [];
    const pdf = await renderPdf({
      content: charts.flatMap((c) => [
        { svg: svgForPdf(c.svg), width: 400, options: { warningCallback: (m: string) => warnings.push(m) } },
        chartTableForPdf(c.table),
      ]),
      defaultStyle: { font: FONT, fontSize: 9 },
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
    // nothing in the SVG the PDF drawer does not support (the font is the known case below)
    expect(warnings.filter((w) => !/failed to open font/.test(w))).toEqual([]);
  }, 60_000);

  // pdfmake 0.3.11 hands the SVG drawer the font's virtual-file name, which PDFKit then opens from disk
  // (ENOENT): the chart's text falls back to a font without Japanese glyphs. publish/pdf/render.ts must
  // register the two font files by path (local access allowed for exactly those) for this to pass;
  // until then it is expected to fail, and turns red as a reminder once that is done.
  it('draws the chart text in the embedded font', async () => {
    const { svg } = await renderChart(kpi);
    const warnings: string[] = [];
    // (text before the chart: a document holding nothing but an SVG with text currently crashes on the missing font)
    await renderPdf({ content: [{ text: 'グラフ' }, { svg: svgForPdf(svg), width: 400, options: { warningCallback: (m: string) => warnings.push(m) } }], defaultStyle: { font: FONT } });
    expect(warnings).toEqual([]);
  }, 60_000);

  it('without svgForPdf pdfmake cannot find the web font stack in a document without a default font', async () => {
    const { svg } = await renderChart(kpi);
    await expect(renderPdf({ content: [{ svg, width: 400 }] })).rejects.toThrow(/Font/);
  }, 60_000);
});

describe('module boundaries', () => {
  it('loads ECharts only in render.ts, and there only by dynamic import (server start stays fast)', () => {
    const dir = path.resolve(import.meta.dirname, '../../src/shared/charts');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      const staticImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(echarts[^']*)'/gm)].map((m) => m[1]);
      expect(staticImports, file).toEqual([]);
      if (file !== 'render.ts') expect(source, file).not.toMatch(/import\('echarts/);
    }
  });
});
