/**
 * 荒尾市 第六次行政改革大綱 (seed 000): the medium-term financial plan (V 財政の見通し: 図表 8, 図表 10
 * and its 参考 tables) and the staffing plan (VI 職員定員管理計画). Figures are as printed, in the
 * printed unit; which figures are derived rather than printed is listed in docs/demo-data.md.
 */
import type { FigureKind, RowKind, TableKind } from '../../finance/domain/table.js';
import type { ValueKind } from '../../finance/domain/units.js';

export interface DemoFiscalRow {
  section?: string;
  label: string;
  rowKind?: RowKind;
  /** figures from firstFiscalYear on, as printed in the table's unit; null = blank */
  figures: (string | null)[];
  /** plan (default) or actual, per figure when it differs along the row */
  kinds?: FigureKind[];
}

export interface DemoFiscalTable {
  kind: TableKind;
  title: string;
  valueKind: ValueKind;
  unit: string;
  scale?: number;
  firstFiscalYear: number;
  lastFiscalYear: number;
  source: string;
  note?: string;
  /** kind of every figure of the table unless a row says otherwise */
  figureKind?: FigureKind;
  rows: DemoFiscalRow[];
}

/** 荒尾市's 団体コード and the plan the tables belong to (its key in arao.ts). */
/** by name, as the KPI sets: a test may load the municipality under another 団体コード */
const ARAO_NAME = '荒尾市';
export const ARAO_FINANCE_PLAN = 'arao6';

const R7_R11 = { firstFiscalYear: 2025, lastFiscalYear: 2029 } as const;
const item = (section: string, label: string, figures: string[]): DemoFiscalRow => ({ section, label, figures });

const ESTIMATE_NOTE = [
  '近年の決算額を基に以下の考え方に基づき推計し、行政改革大綱の取組による効果額を反映しました。',
  '(1) 財政調整基金は5億円を確保。減債基金及びその他特定目的基金を最大限活用。',
  '(2) 歳入の「地方税」「地方交付税」は、近年の実績の推移をベースに主な変動要素を加味。',
  '(3) 歳入の「地方消費税交付金」は、令和6年度決算額で一定。',
  '(4) 歳入の「国・県支出金」、「地方債」は、歳出見込みに基づき推計。',
  '(5) 歳出の「人件費」は、現状の人員をベースに、定期昇給や令和7年度のベースアップを反映。令和8年度以降のベースアップは見込まず。',
  '(6) 歳出の「物件費」は、近年の実績をベースに、主な変動要素を加味。',
  '(7) 歳出の「扶助費」は、近年の実績の推移をベースに推計。',
  '(8) 歳出の「補助費等」、「繰出金」は、各会計・組合の計画及び近年の実績をベースに推計。',
  '(9) 歳出の「普通建設事業費」は、着手済の事業など必要最小限で推計。',
].join('\n');

export const araoFinanceTables: DemoFiscalTable[] = [
  {
    kind: 'budget',
    title: '一般会計の歳入歳出見込み',
    valueKind: 'yen',
    unit: '百万円',
    ...R7_R11,
    source: '図表 10',
    note: ESTIMATE_NOTE,
    rows: [
      item('歳入', '地方税', ['5,471', '5,584', '5,557', '5,619', '5,679']),
      item('歳入', '地方交付税', ['7,202', '7,078', '7,142', '7,270', '7,432']),
      item('歳入', '地方消費税交付金', ['1,277', '1,277', '1,277', '1,277', '1,277']),
      item('歳入', '国・県支出金', ['9,596', '7,518', '7,633', '7,577', '7,775']),
      item('歳入', '地方債', ['1,839', '727', '645', '468', '457']),
      item('歳入', 'その他', ['6,247', '5,470', '5,190', '4,717', '4,492']),
      { section: '歳入', label: 'うち財調繰入金', rowKind: 'breakdown', figures: ['1,258', '154', '0', '0', '0'] },
      { section: '歳入', label: '歳入計 (A)', rowKind: 'total', figures: ['31,632', '27,654', '27,444', '26,928', '27,112'] },
      item('歳出', '人件費', ['3,440', '3,467', '3,316', '3,497', '3,250']),
      item('歳出', '物件費', ['4,000', '3,608', '3,409', '3,334', '3,281']),
      item('歳出', '維持補修費', ['327', '327', '327', '326', '326']),
      item('歳出', '扶助費', ['8,216', '8,270', '8,499', '8,746', '9,012']),
      item('歳出', '補助費等', ['4,147', '4,030', '4,483', '3,713', '3,639']),
      item('歳出', '公債費', ['1,687', '1,512', '1,524', '1,576', '1,594']),
      item('歳出', '繰出金', ['3,058', '3,037', '3,088', '3,135', '3,181']),
      item('歳出', '普通建設事業費', ['4,612', '2,135', '1,480', '1,213', '1,147']),
      item('歳出', '災害復旧事業費', ['10', '10', '10', '10', '10']),
      item('歳出', 'その他', ['2,135', '1,258', '1,308', '1,358', '1,568']),
      { section: '歳出', label: '歳出計 (B)', rowKind: 'total', figures: ['31,632', '27,654', '27,444', '26,908', '27,008'] },
      { label: '歳入－歳出 (A)－(B)', rowKind: 'balance', figures: ['0', '0', '0', '20', '104'] },
    ],
  },
  {
    kind: 'funds',
    title: '基金残高',
    valueKind: 'yen',
    unit: '百万円',
    ...R7_R11,
    source: '図表 10（参考）',
    rows: [
      item('', '財政調整基金', ['654', '500', '500', '500', '660']),
      item('', '減債基金', ['603', '309', '150', '0', '0']),
      item('', 'その他特定目的基金', ['3,516', '2,512', '1,509', '1,069', '1,069']),
      { label: '計', rowKind: 'total', figures: ['4,773', '3,321', '2,159', '1,569', '1,729'] },
    ],
  },
  {
    kind: 'debt',
    title: '地方債残高',
    valueKind: 'yen',
    unit: '百万円',
    ...R7_R11,
    source: '図表 10（参考）',
    rows: [
      item('', '一般会計地方債残高', ['15,511', '14,861', '14,125', '13,167', '12,179']),
      { label: 'うち臨時財政対策債', rowKind: 'breakdown', figures: ['5,156', '4,556', '3,981', '3,427', '2,899'] },
      { label: 'うち臨財債以外', rowKind: 'breakdown', figures: ['10,355', '10,305', '10,144', '9,740', '9,280'] },
    ],
  },
  {
    kind: 'ratios',
    title: '経常収支比率の推移',
    valueKind: 'number',
    unit: '%',
    scale: 1,
    firstFiscalYear: 2021,
    lastFiscalYear: 2024,
    source: '図表 8',
    note: '決算の数値。令和6年度の99.6は、熊本県下で最も高い比率であった。',
    figureKind: 'actual',
    rows: [item('', '経常収支比率', ['89.6', '93.2', '95.5', '99.6'])],
  },
  {
    kind: 'headcount',
    title: '職員定員管理計画（職員数）',
    valueKind: 'number',
    unit: '人',
    ...R7_R11,
    source: 'VI 職員定員管理計画',
    note: [
      '正職員：令和7年度時点411人。直近の人口減（年1%以上）と同率程度（年平均4人）の減を見込み、令和11年度の目標値を395人とする。',
      '会計年度任用職員：令和7年4月1日時点247人。令和11年度までに正職員数と同率程度の減員を見込む。',
      '令和7年度は実績。正職員の令和8〜10年度は目標値に向けて毎年4人ずつ減るもの、会計年度任用職員の令和8〜11年度は正職員と同じ率で減るもの（247人×各年度の正職員数÷411人、1人未満四捨五入）として算出した値（計画書には記載なし）。',
    ].join('\n'),
    rows: [
      { label: '正職員', figures: ['411', '407', '403', '399', '395'], kinds: ['actual', 'plan', 'plan', 'plan', 'plan'] },
      { label: '会計年度任用職員', figures: ['247', '245', '242', '240', '237'], kinds: ['actual', 'plan', 'plan', 'plan', 'plan'] },
    ],
  },
  {
    kind: 'headcount',
    title: '会計年度任用職員の週当たり平均勤務時間',
    valueKind: 'number',
    unit: '時間',
    scale: 1,
    ...R7_R11,
    source: 'VI 職員定員管理計画',
    note: '令和7年4月1日時点31.6時間。令和11年度までに平均勤務時間30時間以下への縮減を目標とする（令和8〜10年度は均等に縮減するものとして算出した値）。',
    rows: [{ label: '週当たり平均勤務時間', figures: ['31.6', '31.2', '30.8', '30.4', '30.0'], kinds: ['actual', 'plan', 'plan', 'plan', 'plan'] }],
  },
];

/** A demo table as the create command takes it: figures as typed text, in the printed unit. */
export function demoTableInput(t: DemoFiscalTable, sortOrder: number) {
  return {
    kind: t.kind,
    title: t.title,
    valueKind: t.valueKind,
    unit: t.unit,
    scale: t.scale ?? 0,
    firstFiscalYear: t.firstFiscalYear,
    lastFiscalYear: t.lastFiscalYear,
    sortOrder,
    source: t.source,
    note: t.note ?? '',
    rows: t.rows.map((r) => ({
      section: r.section ?? '',
      label: r.label,
      rowKind: r.rowKind ?? ('item' as const),
      values: r.figures.flatMap((text, i) =>
        text === null ? [] : [{ fiscalYear: t.firstFiscalYear + i, kind: r.kinds?.[i] ?? t.figureKind ?? ('plan' as const), text }],
      ),
    })),
  };
}

/** The demo financial / staffing tables of a municipality, by plan key (only 荒尾市 has them). */
export function demoFiscalTablesOf(municipalityName: string): { plan: string; tables: DemoFiscalTable[] }[] {
  return municipalityName === ARAO_NAME ? [{ plan: ARAO_FINANCE_PLAN, tables: araoFinanceTables }] : [];
}
