/**
 * 第六次荒尾市行政改革大綱 IV「数値目標と重要業績評価指標(KPI)」: 3 numeric targets and 7 KPIs as
 * printed in the draft (seed 000). Values are typed as in the document and parsed by the KPI commands.
 * No actuals are typed: the plan period starts in FY2026 and the draft states none. 経常収支比率 and
 * 財政調整基金残高 take their figures from the plan's financial tables (図表 8 and 10), as a linked KPI does.
 * What the draft leaves unsaid (years not printed, 以上/以下 not printed) is listed in docs/demo-data.md.
 */
import type { KpiInput } from '../../kpis/domain/kpi.js';

export interface DemoKpi extends KpiInput {
  /** number of the 重点項目 (top-level item) the KPI measures, if any */
  nodeNumber?: string;
  /** the row of the plan's financial tables (araoFinance.ts) the values come from, by table title and row label */
  source?: { table: string; row: string };
}

export interface DemoKpiSet {
  /** name of the demo municipality (a test may load it under another 団体コード) and key of its plan */
  municipalityName: string;
  planKey: string;
  items: DemoKpi[];
}

/** The draft gives the target year only for 実質収支 (令和11年度決算); the others are read as the end of the plan period. */
const TARGET_FY = 2029;

export const araoKpis: DemoKpiSet = {
  municipalityName: '荒尾市',
  planKey: 'arao6',
  items: [
    {
      category: '数値目標',
      number: '1',
      name: '実質収支（収入と支出のバランス）',
      unit: '億円',
      scale: 1,
      bound: 'at_least',
      baselineFiscalYear: 2024,
      baselineValue: '△12.8',
      baselineNote: '令和6年度決算・実質単年度収支',
      targetFiscalYear: TARGET_FY,
      targetValue: '0',
      targetLabel: '収支均衡',
      description:
        '実質単年度収支は、毎年の収入と支出の実質的な差額（翌年度に繰り越すべき財源や基金の積み立て・取崩し額を差し引いたもの）。均衡させることによって、歳出過剰な現状から健全財政への転換を図る。',
    },
    {
      category: '数値目標',
      number: '2',
      name: '暮らしに対する市民の満足度',
      unit: '%',
      scale: 1,
      bound: 'at_least',
      baselineFiscalYear: 2025,
      baselineValue: '80.0',
      targetFiscalYear: TARGET_FY,
      targetValue: '85.0',
      description: '行政改革大綱と総合計画がまちづくりの両輪となり、市民の満足度を向上させる。',
    },
    {
      category: '数値目標',
      number: '3',
      name: '業務改善を実感する職員の割合',
      unit: '%',
      scale: 1,
      bound: 'at_least',
      baselineFiscalYear: 2024,
      baselineValue: '59.3',
      targetFiscalYear: TARGET_FY,
      targetValue: '70.0',
      description: '全職員が積極的に業務改善を行い、生産性を向上させ、業務改善が根付いた組織づくりを行う。',
    },
    {
      category: '歳出削減',
      number: '1',
      nodeNumber: '1',
      name: '経常収支比率',
      unit: '%',
      scale: 1,
      // 図表 8's settled figures (R3–R6) are this KPI's actuals
      source: { table: '経常収支比率の推移', row: '経常収支比率' },
      bound: 'at_most',
      baselineFiscalYear: 2024,
      baselineValue: '99.6',
      targetFiscalYear: TARGET_FY,
      targetValue: '95.6',
      description: '毎年の通常収入で日常的な支出をどれだけまかなえているかを示す指標。令和6年度熊本県下14市の平均95.6%を下回ることを目指す。',
    },
    {
      category: '歳出削減',
      number: '2',
      nodeNumber: '1',
      name: '財政調整基金残高',
      unit: '億円',
      scale: 1,
      // 図表 10's estimates (R7–R11) are its 年度目標
      source: { table: '基金残高', row: '財政調整基金' },
      bound: 'at_least',
      baselineFiscalYear: 2024,
      // printed 17億5千万円
      baselineValue: '17.5',
      targetFiscalYear: TARGET_FY,
      targetValue: '5.0',
      description: '不測の事態等への備えとして、第三次行革期間の4.88億円（平成18年）を下回らない運用に努める。',
    },
    {
      category: '歳出削減',
      number: '3',
      nodeNumber: '1',
      name: '実質公債費比率',
      unit: '%',
      scale: 1,
      bound: 'at_most',
      baselineFiscalYear: 2024,
      baselineValue: '10.1',
      targetFiscalYear: TARGET_FY,
      targetValue: '12.6',
      description: '財政状況が厳しかった平成18年の12.6%を超えないように市全体の借入等の調整を図る。',
    },
    {
      category: '歳入確保',
      number: '1',
      nodeNumber: '2',
      name: '歳入に占める自主財源額',
      unit: '億円',
      scale: 1,
      bound: 'at_least',
      baselineFiscalYear: 2024,
      baselineValue: '69.6',
      targetFiscalYear: TARGET_FY,
      targetValue: '78',
      description:
        '令和6年度決算額から約8億円の増加を目指す。自主財源額のうち、毎年度の財政状況等によって変動する「繰入金」「繰越金」や土地売払収入といった臨時的な財産収入は除く。',
    },
    {
      category: '業務改革',
      number: '1',
      nodeNumber: '3',
      name: '窓口手続き時間（転入）',
      unit: '分',
      scale: 0,
      bound: 'at_most',
      baselineFiscalYear: 2024,
      baselineValue: '182',
      targetFiscalYear: TARGET_FY,
      targetValue: '120',
      description: '令和6年度に実施した窓口体験調査（転入）による手続き時間を基準に、60分の時間短縮を目指す。',
    },
    {
      category: '業務改革',
      number: '2',
      nodeNumber: '3',
      name: '「暮らしている地域では、行政サービスのデジタル化が進んでいる」の回答スコア（5点満点）',
      unit: '点',
      scale: 2,
      bound: 'at_least',
      baselineFiscalYear: 2025,
      baselineValue: '2.97',
      targetFiscalYear: TARGET_FY,
      targetValue: '3.20',
      description: '令和7年度のまちづくりアンケートの回答スコアを基準とし、毎年0.05ポイントずつ向上させる。',
    },
    {
      category: '業務改革',
      number: '3',
      nodeNumber: '3',
      name: '時間外勤務時間',
      unit: '時間',
      scale: 0,
      bound: 'at_most',
      baselineFiscalYear: 2024,
      baselineValue: '23,706',
      targetFiscalYear: TARGET_FY,
      targetValue: '19,000',
      description: '令和6年度の実績値23,706時間から、業務効率化や窓口時間変更による効果として約4,000時間の削減を見込む。',
    },
  ],
};

/** Every demo KPI set (the other seeds state no numeric targets). */
export const demoKpiSets: readonly DemoKpiSet[] = [araoKpis];
