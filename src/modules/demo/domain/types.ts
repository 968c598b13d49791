/**
 * Shape of the demo data that is loaded from the seed documents.
 * It mirrors what a secretariat would type in when adopting gyokaku, so the
 * loader goes through the same commands as the UI (no back-door inserts).
 * Keys are local to one municipality's file and only used to link records.
 */
export type PlanStage = '素案' | '草案' | '決定' | '改訂';

export interface DemoDepartment {
  key: string;
  name: string;
  /** 部 / 課 / 室 / 局 / 係 / センター … */
  kind: string;
  /** key of the parent department (課 under 部) */
  parent?: string;
  /** ISO date; omitted = since ever */
  validFrom?: string;
  /** ISO date (exclusive); omitted = still valid */
  validTo?: string;
  /** key of the department that took over (renamed/merged 課) */
  successor?: string;
}

export interface DemoTag {
  key: string;
  name: string;
  /** e.g. 全庁横断的な取組, 視点 */
  category: string;
}

export interface DemoPhase {
  /** stable code stored in schedules, e.g. 'kento' */
  code: string;
  /** Japanese label as printed, e.g. 検討 */
  label: string;
  /** printed symbol if the plan uses one, e.g. → for 継続 */
  symbol?: string;
}

export interface DemoRevision {
  /** 追加 (added), 改訂 (revised/changed), 統合 (merged), 中止 (stopped) */
  kind: 'added' | 'revised' | 'merged' | 'stopped';
  /** fiscal year in which the change took effect (2020 = 令和2年度) */
  fiscalYear: number;
  /** ISO date of the change if the document states it */
  date?: string;
  /** the mark as printed, e.g. 【R2年度改訂】 */
  mark?: string;
  reason?: string;
}

/** One year's answer in a past progress table (seed 001's R1–R4 columns). */
export interface DemoProgress {
  fiscalYear: number;
  /** symbol as printed: ○ △ × - */
  status: string;
  narrative?: string;
}

export interface DemoNode {
  /** 整理番号 as printed ("1", "R2-3", "①"); omitted if the document has none */
  number?: string;
  title: string;
  /** 事業概要 / 取組内容 */
  description?: string;
  /** 重点 flag */
  priority?: boolean;
  /** tag keys */
  tags?: string[];
  /** department keys; the first is the lead (主担当) */
  departments?: string[];
  /** fiscal year (e.g. 2026) → phase code from the plan's vocabulary */
  schedule?: Record<number, string>;
  revisions?: DemoRevision[];
  /** past progress answers (history) */
  progress?: DemoProgress[];
  children?: DemoNode[];
}

/** One axis of a plan's legend (凡例): a preset of LEGEND_PRESETS, optionally renamed. */
export interface DemoLegendAxis {
  /** key of a legend preset, e.g. 'maru-sankaku', 'progress3', 'achievement' */
  preset: string;
  /** shown name; default the preset's name */
  name?: string;
}

export interface DemoLegend {
  status: DemoLegendAxis;
  /** second axis (達成度) */
  achievement?: DemoLegendAxis;
}

/** A past round rebuilt from the nodes' `progress`: every answer of `fiscalYear` goes in it. */
export interface DemoHistoryRound {
  fiscalYear: number;
  /** e.g. 令和元年度実績, 令和4年度末見込み */
  label: string;
  /** ISO date the answers describe */
  asOfDate: string;
}

/** Where a demo answer has got to in the workflow (未着手 items are simply not listed). */
export type DemoAnswerState = 'draft' | 'submitted' | 'approved' | 'accepted' | 'returned';

/**
 * A demo answer in the open round. Made up for the demo (not from a seed document);
 * it goes through the same commands a department and the secretariat would use.
 */
export interface DemoRoundAnswer {
  /** title of the 実施項目 (the 第六次 items have no 整理番号) */
  item: string;
  state: DemoAnswerState;
  /** codes of the plan's legends */
  status?: string;
  achievement?: string;
  narrative?: string;
  issues?: string;
  nextPlan?: string;
  effectRevenueYen?: number;
  effectExpenseYen?: number;
  effectKind?: 'one_off' | 'recurring';
  /** 差戻し理由, for state 'returned' */
  returnComment?: string;
  /** who returned it; default the secretariat */
  returnedBy?: 'approver' | 'secretariat';
}

/** An open round (照会中) with answers in every state, so the demo shows a live cycle. */
export interface DemoOpenRound {
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  /** the planned deadline; the loader moves it so that it is never less than `minDaysAhead` days after today (Asia/Tokyo) */
  deadline: string;
  minDaysAhead: number;
  /** asked fields (status, achievement, narrative, issues, nextPlan, effect …) */
  fields: string[];
  /** name of the secretariat's actor in the report history, e.g. 事務局 行革担当（総合政策課） */
  secretariat: string;
  /** items not listed stay 未着手 */
  answers: DemoRoundAnswer[];
}

export interface DemoPlan {
  key: string;
  /** 行政改革大綱, 行財政改革プラン, DX推進計画, 実行計画 … */
  kind: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  stages: { stage: PlanStage; date: string }[];
  /** key of the plan this one sits inside / implements */
  parent?: string;
  /** 経営理念 / 基本理念 text */
  philosophy?: string;
  /** names of the tree levels, top first, e.g. ['基本方針','重点項目','施策','実施項目'] */
  levelNames: string[];
  /** phase vocabulary for schedules */
  phases: DemoPhase[];
  nodes: DemoNode[];
  /** 凡例; omitted: ○△×－ (maru-sankaku), saved like any other legend */
  legend?: DemoLegend;
  /** closed rounds rebuilt from the nodes' `progress`, oldest first */
  historyRounds?: DemoHistoryRound[];
  /** a round in progress */
  openRound?: DemoOpenRound;
}

export interface DemoMunicipality {
  /** 全国地方公共団体コード (6 digits incl. check digit) */
  code: string;
  name: string;
  prefecture: string;
  departments: DemoDepartment[];
  tags: DemoTag[];
  plans: DemoPlan[];
  /** create the demo accounts (identity's seedDemoUsers): they name this municipality's 課 */
  demoAccounts?: boolean;
  /** what the seed document did not let us tell, in Japanese */
  notes: string[];
}
