/**
 * The annual report (年次報告書) as a PDF: A4 portrait, Noto Sans JP embedded, the same model as the
 * page (domain/annualReport.ts) and the same charts (shared/charts, drawn here as SVG), each chart
 * followed by its data table. Runs in the render worker (tasks.ts): the input is plain data.
 */
import { chartTableForPdf, renderChart, svgForPdf, type ChartSpec } from '../../../shared/charts/index.js';
import { formatWarekiDate } from '../../fiscal/domain/index.js';
import { hoursText, kpiCountsText, REPORT_CHART_SIZE, yenText, type AnnualReport, type CountCell } from '../domain/annualReport.js';
import { keepHeadingsWithContent } from './sheetPdf.js';
import { COLORS, gridLayout, printedOn, th } from './common.js';
import { FONT, pageFooter, renderPdf, type Content, type DocDefinition } from './render.js';

export interface AnnualReportPdfInput {
  report: AnnualReport;
  municipality: string;
}

const MARGIN = 40;
const CHART_WIDTH = 380;

const label = (text: string) => ({ text, bold: true, fillColor: COLORS.labelFill });
const heading = (text: string): Content => ({ text, bold: true, fontSize: 12, margin: [0, 14, 0, 6], headlineLevel: 1 });
const subheading = (text: string): Content => ({ text, bold: true, fontSize: 10, margin: [0, 8, 0, 4], headlineLevel: 1 });
const muted = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, color: COLORS.muted, fontSize: 8, ...extra });
const date = (iso: string | null) => (iso ? formatWarekiDate(iso) : '—');
const delta = (d: number | null) => (d === null ? '' : d > 0 ? `（+${d}）` : d < 0 ? `（−${-d}）` : '（±0）');
const countText = (c: CountCell) => `${c.count}件${delta(c.delta)}`;

async function chartBlock(spec: ChartSpec | null): Promise<Content[]> {
  if (!spec) return [];
  const chart = await renderChart(spec, REPORT_CHART_SIZE);
  return [
    { svg: svgForPdf(chart.svg), width: CHART_WIDTH, alignment: 'center', margin: [0, 4, 0, 4] },
    { ...chartTableForPdf(chart.table, 7.5), margin: [0, 0, 0, 6] },
  ];
}

async function progressSection(r: AnnualReport): Promise<Content[]> {
  const p = r.progress;
  if (!p) return [heading('1. 取組の進捗状況'), muted(`${r.yearLabel}を対象とした調査の結果は公表していません。`, { fontSize: 9 })];
  const statusTitle = (s: { symbol: string; label: string }) => (s.symbol === s.label ? s.label : `${s.symbol} ${s.label}`);
  const rows = [...p.rows, p.total];
  const body: Content[][] = [
    [th(p.levelName || '区分'), ...p.statuses.map((s) => th(statusTitle(s))), th('計')],
    ...rows.map((row, i) => [
      i === rows.length - 1 ? label(row.label) : { text: row.label },
      ...row.cells.map((c) => ({ text: countText(c), alignment: 'right' })),
      { text: countText(row.total), alignment: 'right', bold: true },
    ]),
  ];
  return [
    heading('1. 取組の進捗状況'),
    {
      text: `「${p.round.label}」（${date(p.round.asOfDate)}時点、公表 ${date(p.round.publishedOn)}）の結果です。対象の取組${p.total.total.count}件（うち事務局が確認して公表した回答${p.round.itemCount}件）を状況の区分ごとに数えています。`,
      margin: [0, 0, 0, 4],
    },
    ...(p.others.length ? [muted(`同じ年度のほかの調査: ${p.others.map((o) => `${o.label}（${date(o.asOfDate)}時点）`).join('、')}`)] : []),
    {
      table: { headerRows: 1, keepWithHeaderRows: 1, widths: [130, ...p.statuses.map(() => '*'), 50], body },
      layout: gridLayout(3),
      fontSize: 7.5,
      margin: [0, 4, 0, 2],
    },
    muted(p.previous ? `（ ）内は前回「${p.previous.label}」（${date(p.previous.asOfDate)}時点）からの増減です。` : '比べられる前回の公表した調査はありません。'),
    ...(p.legend.length ? [muted(`状況の区分: ${p.legend.map((l) => `${l.symbol} ${l.label}${l.definition && l.definition !== l.label ? `（${l.definition}）` : ''}`).join('　')}`, { margin: [0, 2, 0, 0] })] : []),
    ...(await chartBlock(r.statusChart)),
  ];
}

function kpiSection(r: AnnualReport): Content[] {
  const k = r.kpis;
  if (!k) return [heading('2. 数値目標・KPI'), muted(`${r.yearLabel}の数値目標・KPI の実績は公表していません。`, { fontSize: 9 })];
  const body: Content[][] = [
    [th('指標'), th('基準値'), th('目標値'), th(`${r.yearLabel}の実績`), th('評価')],
    ...k.rows.map((row) => [
      { text: [row.number ? `${row.number} ` : '', { text: row.name, bold: true }, row.category ? { text: `\n${row.category}`, color: COLORS.muted } : ''] },
      row.baseline,
      row.target,
      { text: [row.actual, row.actualNote ? { text: `\n${row.actualNote}`, color: COLORS.muted } : ''] },
      { text: [{ text: row.statusLabel, bold: true }, row.note ? `\n${row.note}` : '', row.progress ? `\n進捗率 ${row.progress}` : ''] },
    ]),
  ];
  return [
    heading('2. 数値目標・KPI'),
    { text: `${r.yearLabel}の実績値（公表 ${date(k.publishedOn)}）と目標に対する評価です。${kpiCountsText(k.counts)}（目標年度前＝目標値の年度がまだ終わっていない指標）。`, margin: [0, 0, 0, 4] },
    { table: { headerRows: 1, keepWithHeaderRows: 1, widths: ['*', 70, 80, 70, 110], body }, layout: gridLayout(3), fontSize: 7.5 },
  ];
}

async function financeSection(r: AnnualReport): Promise<Content[]> {
  if (!r.finance.length) return [heading('3. 財政の見通し'), muted('計画期間の財政・定員の表は公表していません。', { fontSize: 9 })];
  const out: Content[] = [heading('3. 財政の見通し'), { text: `計画期間（${r.plan.periodLabel}）の主な行です。`, margin: [0, 0, 0, 2] }];
  for (const f of r.finance) {
    out.push(subheading(`${f.title}（${f.editionLabel}、公表 ${date(f.publishedOn)}）`));
    const body: Content[][] = [[th(f.unitLine || '区分'), ...f.columns.map((c) => th(c.label))], ...f.rows.map((row) => [label(row.label), ...row.cells.map((t) => ({ text: t, alignment: 'right' }))])];
    out.push({ table: { headerRows: 1, keepWithHeaderRows: 1, widths: [100, ...f.columns.map(() => '*')], body }, layout: gridLayout(2), fontSize: f.columns.length > 8 ? 6 : 7 });
    if (f.chart) {
      out.push(muted('グラフは、実績のある年度は実績、ほかの年度は計画・見込みの値です。', { margin: [0, 4, 0, 0] }));
      out.push(...(await chartBlock(f.chart)));
    }
  }
  return out;
}

function effectSection(r: AnnualReport): Content[] {
  const e = r.effects;
  if (!e) return [];
  const items: Content[][] = e.items.map((i) => [
    { text: [i.number ? `${i.number} ` : '', i.title] },
    { text: i.revenueYen === null ? '—' : yenText(i.revenueYen), alignment: 'right' },
    { text: i.expenseYen === null ? '—' : yenText(i.expenseYen), alignment: 'right' },
    { text: i.hoursTenths === null ? '—' : hoursText(i.hoursTenths), alignment: 'right' },
    i.kind,
  ]);
  return [
    heading('4. 取組の効果額'),
    { text: `${e.rule}です（「${e.roundLabel}」の回答${e.items.length}件）。`, margin: [0, 0, 0, 4] },
    {
      // the four sums stay together on one page
      unbreakable: true,
      table: {
        widths: [120, '*'],
        body: [
          [label('効果額（歳入増）'), { text: yenText(e.revenueYen), alignment: 'right' }],
          [label('効果額（歳出減）'), { text: yenText(e.expenseYen), alignment: 'right' }],
          [label('効果額の合計'), { text: yenText(e.totalYen), alignment: 'right', bold: true }],
          [label('削減時間（年間）'), { text: hoursText(e.hoursTenths), alignment: 'right' }],
        ],
      },
      layout: gridLayout(3),
      margin: [0, 0, 0, 6],
    },
    {
      table: { headerRows: 1, keepWithHeaderRows: 1, widths: ['*', 75, 75, 55, 70], body: [[th('取組'), th('歳入増'), th('歳出減'), th('削減時間'), th('効果の区分')], ...items] },
      layout: gridLayout(3),
      fontSize: 7.5,
    },
  ];
}

function opinionSection(r: AnnualReport, municipality: string): Content[] {
  const n = r.effects ? 5 : 4;
  if (!r.meetings.length) return [heading(`${n}. 審議会等の意見と対応`), muted(`${r.yearLabel}に開催し公表した会議の意見はありません。`, { fontSize: 9 })];
  const out: Content[] = [heading(`${n}. 審議会等の意見と対応`)];
  for (const m of r.meetings) {
    out.push(subheading(`${m.title}（${m.body}・${date(m.heldOn)}開催、公表 ${date(m.publishedOn)}）`));
    out.push({
      table: {
        widths: [70, '*'],
        body: m.opinions.flatMap((o, i) => [
          [label(`意見${i + 1}`), { text: [o.concerns ? { text: `（${o.concerns}）\n`, color: COLORS.muted } : '', o.body] }],
          [label(`${municipality}の対応`), { text: [o.response || '（対応の記載はありません）', o.departmentName ? { text: `\n担当: ${o.departmentName}`, color: COLORS.muted } : ''] }],
        ]),
      },
      layout: gridLayout(3),
      fontSize: 8,
    });
  }
  return out;
}

export async function annualReportPdfDefinition(input: AnnualReportPdfInput): Promise<DocDefinition> {
  const { report: r, municipality } = input;
  const content: Content[] = [
    { text: r.title, bold: true, fontSize: 16, margin: [0, 0, 0, 4] },
    { text: `${municipality}　公表日 ${date(r.publishedOn)}　出力日 ${printedOn()}`, fontSize: 8, color: COLORS.muted, margin: [0, 0, 0, 8] },
    {
      text: `${r.plan.title}（計画期間 ${r.plan.periodLabel}）の${r.yearLabel}の取組の状況を、${municipality}が公表した内容からまとめた報告書です。公表したときの内容のままで、公表していない回答や値は含みません。`,
      margin: [0, 0, 0, 4],
    },
    ...(await progressSection(r)),
    ...kpiSection(r),
    ...(await financeSection(r)),
    ...effectSection(r),
    ...opinionSection(r, municipality),
  ];
  return {
    info: { title: r.title, author: municipality, creator: 'gyokaku', producer: 'gyokaku' },
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN, MARGIN, MARGIN, 36],
    defaultStyle: { font: FONT, fontSize: 9, lineHeight: 1.3 },
    footer: pageFooter(`${municipality}　${r.title}`, MARGIN),
    pageBreakBefore: keepHeadingsWithContent,
    content,
  };
}

export async function renderAnnualReportPdf(input: AnnualReportPdfInput): Promise<Buffer> {
  return renderPdf(await annualReportPdfDefinition(input));
}
