/**
 * The PDFs rendered from hand-built models (no database): they parse, have the pages expected,
 * and carry the Japanese text (checked with poppler's pdftotext when it is installed).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultLayout } from '../../src/modules/exports/domain/layout.js';
import { buildProgressTable, type TableNode } from '../../src/modules/exports/domain/progressTable.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { indexAnswers, type ViewRound } from '../../src/modules/pdca/views/domain/model.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import type { DiagramNode } from '../../src/modules/publish/domain/diagram.js';
import { renderDiagramPdf } from '../../src/modules/publish/pdf/diagramPdf.js';
import { renderProgressPdf } from '../../src/modules/publish/pdf/progressPdf.js';
import { renderSheetPdf } from '../../src/modules/publish/pdf/sheetPdf.js';

const HAS_PDFTOTEXT = !spawnSync('pdftotext', ['-v']).error;

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

/** Text of each page (form feed separated), or null when pdftotext is not installed. */
function pagesText(pdf: Buffer): string[] | null {
  if (!HAS_PDFTOTEXT) {
    console.warn('pdftotext (poppler-utils) が見つからないため、PDF の文字の確認を省略します。');
    return null;
  }
  const out = spawnSync('pdftotext', ['-raw', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  return out.stdout.toString('utf8').split('\f');
}

const flat = (s: string) => s.replace(/\s+/g, '');

const LONG = '新任の地区担当職員には、個別に地区別計画、地域協働についての説明を行い、職員研修を通して、地域との関わり方や市職員に求められること等について理解を深める。';

describe('progress table PDF', () => {
  it('prints the seed-001 layout over several pages with headers, legend and every row', async () => {
    const round: ViewRound = { id: 'r4', planId: 'p', label: '令和4年度末見込み', asOfDate: '2023-03-31', targetFiscalYear: 2022, deadline: '2023-02-28', state: 'closed', previousRoundId: null, createdAt: '2023-01-01T00:00:00Z' };
    const nodes: TableNode[] = [{ id: 'g', parentId: null, depth: 0, sortOrder: 1, number: '', title: '地域マネジメント', isAction: false, status: 'active', effectiveFrom: '2019-04-01', effectiveTo: null, schedule: {}, departments: [], description: '', marks: [] }];
    for (let i = 1; i <= 30; i++) {
      nodes.push({
        id: `n${i}`,
        parentId: 'g',
        depth: 1,
        sortOrder: i,
        number: String(i),
        title: `取組${i}号 協働に関する職員研修や出前講座などの充実`,
        isAction: true,
        status: 'active',
        effectiveFrom: '2019-04-01',
        effectiveTo: null,
        schedule: { '2019': 'jisshi', '2020': 'keizoku', '2022': 'keizoku' },
        departments: [{ id: 'd', lead: true }],
        description: LONG,
        marks: i === 5 ? ['【R2年度改訂】'] : [],
      });
    }
    const answers = indexAnswers(nodes.slice(1).map((n) => ({ roundId: 'r4', nodeId: n.id, state: 'accepted' as const, statusCode: 'done', achievementCode: null })));
    const table = buildProgressTable({
      plan: { title: '第五次実施計画', firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], phases: DEFAULT_PHASES },
      round,
      rounds: [round],
      nodes,
      answers,
      texts: new Map(nodes.slice(1).map((n) => [n.id, { state: 'accepted' as const, narrative: `${n.number}番の取組状況。${LONG}${LONG}`, issues: '', nextPlan: '' }])),
      legends: { status: presetByKey('maru-sankaku')!.values },
      deptNames: new Map([['d', 'くらしいきいき課']]),
      basis: 'accepted',
    });
    const pdf = await renderProgressPdf({ table, layout: defaultLayout({ levelNames: ['施策', '具体的な取組'] }), municipality: '荒尾市', basisNote: '令和5年3月31日時点' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pagesText(pdf);
    if (text) {
      const body = text.slice(0, pages);
      for (const [i, page] of body.entries()) {
        const p = flat(page);
        // title, legend and the header rows on every page; 「n / N」 in the footer
        expect(p).toContain('令和4年度末見込み');
        expect(p).toContain('R4実施する事業');
        expect(p).toContain('「○」実施済み');
        expect(p).toContain('整理番号');
        expect(p).toContain(`${i + 1}/${pages}`);
        // the level label is printed again at the top of every page
        expect(p).toContain('地域マネジメント');
      }
      const all = flat(body.join(''));
      for (let i = 1; i <= 30; i++) expect(all).toContain(`${i}番の取組状況`);
      expect(all).toContain('【R2年度改訂】');
    }
  }, 60_000);
});

describe('progress table PDF header', () => {
  it('prints the round’s own 基準日 over the status by year (令和7年9月30日時点), not a fixed 年度末時点', async () => {
    const table = (asOfDate: string) => {
      const round: ViewRound = { id: 'q2', planId: 'p', label: '令和7年度第2四半期', asOfDate, targetFiscalYear: 2025, deadline: '2025-10-31', state: 'closed', previousRoundId: null, createdAt: '2025-09-01T00:00:00Z' };
      const nodes: TableNode[] = [
        { id: 'n1', parentId: null, depth: 0, sortOrder: 1, number: '1', title: '窓口のデジタル化', isAction: true, status: 'active', effectiveFrom: '2024-04-01', effectiveTo: null, schedule: { '2025': 'jisshi' }, departments: [], description: '', marks: [] },
      ];
      return buildProgressTable({
        plan: { title: '第六次行政改革大綱', firstFiscalYear: 2024, lastFiscalYear: 2028, levelNames: ['取組'], phases: DEFAULT_PHASES },
        round,
        rounds: [round],
        nodes,
        answers: indexAnswers([{ roundId: 'q2', nodeId: 'n1', state: 'accepted', statusCode: 'partial', achievementCode: null }]),
        texts: new Map(),
        legends: { status: presetByKey('maru-sankaku')!.values },
        deptNames: new Map(),
        basis: 'accepted',
      });
    };
    const layout = defaultLayout({ levelNames: ['取組'] });
    const sept = await renderProgressPdf({ table: table('2025-09-30'), layout, municipality: '荒尾市', basisNote: '集計対象: 事務局確認済みの回答' });
    const yearEnd = await renderProgressPdf({ table: table('2026-03-31'), layout, municipality: '荒尾市', basisNote: '集計対象: 事務局確認済みの回答' });
    const [septText, endText] = [pagesText(sept), pagesText(yearEnd)];
    if (septText && endText) {
      expect(flat(septText.join(''))).toContain('取組状況（令和7年9月30日時点）');
      expect(flat(septText.join(''))).not.toContain('年度末時点');
      expect(flat(endText.join(''))).toContain('取組状況（年度末時点）');
    }
  }, 60_000);
});

describe('diagram PDF', () => {
  it('splits a long plan over pages and repeats the level names on each', async () => {
    let k = 0;
    const n = (depth: number, title: string, children: DiagramNode[] = [], priority = false): DiagramNode => ({ id: `d${k++}`, depth, number: `${k}`, title, priority, endedLabel: '', children });
    const forest = [1, 2, 3].map((t) =>
      n(0, `重点項目その${t}`, [1, 2, 3, 4].map((mm) => n(1, `施策${t}-${mm}`, [1, 2, 3, 4, 5].map((i) => n(2, `実施項目${t}-${mm}-${i}：${'とても長い実施項目の名称が入ります'.repeat(i === 5 ? 4 : 1)}`)))), t === 2),
    );
    const pdf = await renderDiagramPdf({ planTitle: '第六次行政改革大綱', municipality: '荒尾市', levelNames: ['重点項目', '施策', '実施項目'], forest, asOfNote: '' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pagesText(pdf);
    if (text) {
      for (const page of text.slice(0, pages)) {
        const p = flat(page);
        expect(p).toContain('重点項目');
        expect(p).toContain('施策');
        expect(p).toContain('実施項目');
        expect(p).toContain('第六次行政改革大綱体系図');
      }
      const all = flat(text.join(''));
      expect(all).toContain('★重点');
      expect(all).toContain('（前頁から続く）');
      expect(all).toContain('実施項目3-4-5');
    }
  }, 60_000);
});

describe('single sheet PDF', () => {
  it('prints an item with its years, answers and changes', async () => {
    const pdf = await renderSheetPdf(
      {
        planTitle: '第五次実施計画',
        path: [{ levelName: '施策', text: '地域マネジメント' }],
        levelName: '具体的な取組',
        number: '14',
        title: '超過勤務時間や有給休暇取得実績におけるモニタリング',
        marks: [],
        priority: true,
        endedLabel: '',
        description: LONG,
        departments: '総務課（主担当）',
        tags: '',
        period: '平成31年4月1日から',
        years: [{ short: 'R4', label: '令和4年度', schedule: '実施', status: '△\n一部実施', achievement: '' }],
        hasAchievement: false,
        answers: [{ round: '令和4年度末見込み', asOf: '令和5年3月31日時点', status: '△ 一部実施', achievement: '', narrative: LONG.repeat(6), issues: '', nextPlan: '', effect: '' }],
        legendLines: ['取組状況：「○」実施済み'],
        changes: [{ date: '平成31年4月1日', kind: '策定時', mark: '', reason: '' }],
      },
      '荒尾市',
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThan(0);
    const text = pagesText(pdf);
    if (text) {
      const all = flat(text.join(''));
      for (const s of ['個票', '超過勤務時間や有給休暇取得実績におけるモニタリング', '令和4年度末見込み', '令和5年3月31日時点', '総務課（主担当）', '変更調書', '策定時', '★重点']) expect(all).toContain(s);
    }
  }, 60_000);
});
