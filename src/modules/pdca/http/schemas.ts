/**
 * Request shapes of the PDCA API. zod checks types and sizes at the edge; the
 * business rules with their Japanese messages (legend codes, 4000 characters
 * with the current count, integer yen, deadlines) live in the domain.
 */
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/http/validate.js';
import { REPORT_FIELDS } from '../domain/report.js';
import { ROUND_SCOPE_MODES, WITHOUT_DEPARTMENT_CHOICES } from '../domain/round.js';
import { parseFiscalYear } from '../../fiscal/domain/index.js';
import { REPORT_ACTIONS, REPORT_STATES, ROUND_STATES } from '../domain/workflow.js';

const version = z.number({ message: '版数(version)を指定してください。' }).int({ message: '版数(version)は整数で指定してください。' }).min(0);
const str = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max, { message: `${label}は${max}文字以内にしてください。` });

const legendValue = z.object({
  code: str('区分コード', 32),
  symbol: str('記号', 20),
  label: str('区分名', 50),
  definition: str('定義', 500),
  done: z.boolean({ message: '「完了扱い」は true か false で指定してください。' }),
});

const legendAxis = z.object({
  preset: str('凡例の候補', 50).optional(),
  name: str('凡例の名前', 200).optional(),
  values: z.array(legendValue, { message: '凡例の区分の指定が正しくありません。' }).max(20, { message: '凡例の区分は20個以内にしてください。' }).optional(),
  version,
});

export const legendsPutBody = z.object({
  status: legendAxis,
  achievement: legendAxis.nullable().optional(),
});

/**
 * Asked fields: strings here; an unknown or repeated one is the domain's (fieldsProblems names it), so it
 * is answered together with the form's other problems (REPORT_FIELDS lists the choices).
 */
const fields = z
  .array(str('照会項目', 40), { message: `照会項目は ${REPORT_FIELDS.join(', ')} から選んで配列で指定してください。` })
  .max(REPORT_FIELDS.length * 2, { message: '照会項目の指定が多すぎます。' });

const fiscalYearNumber = z.number({ message: '対象年度は西暦の数値で指定してください（例: 2026）。' }).int({ message: '対象年度は整数で指定してください。' });

export const roundScope = z.object({
  mode: z.enum(ROUND_SCOPE_MODES, { message: '対象の選び方は all / scheduled / nodes のいずれかです。' }),
  nodeIds: z.array(uuid).max(5000).optional(),
});

/**
 * A date of the round form: only its type and size here. Whether it is given and is a day
 * (「…を入力してください」, the YYYY-MM-DD message) is the domain's (validateRound), so one submit
 * answers every problem of the form together instead of the format first and the rest after.
 */
const roundDate = (label: string) => str(label, 40);

export const roundCreateBody = z.object({
  label: str('照会名', 200),
  asOfDate: roundDate('基準日'),
  targetFiscalYear: fiscalYearNumber,
  deadline: roundDate('回答期限'),
  fields: fields.optional(),
  previousRoundId: uuid.nullable().optional(),
  /** kept on the draft; null: chosen when it is opened */
  scope: roundScope.nullable().optional(),
});

export const roundPatchBody = roundCreateBody.partial().extend({ version });


export const roundOpenBody = z.object({
  version,
  scope: roundScope.optional(),
  /** required when items in scope have no 担当課: skip them, or keep them for the secretariat */
  withoutDepartment: z
    .enum(WITHOUT_DEPARTMENT_CHOICES, { message: `担当課のない項目の扱い（withoutDepartment）は ${WITHOUT_DEPARTMENT_CHOICES.join(' / ')} のいずれかです。` })
    .optional(),
});
/** the confirmation before opening: what a scope would ask about (default: the draft's kept scope) */
export const roundOpeningQuery = z.object({
  scope: z.enum(ROUND_SCOPE_MODES, { message: '対象の選び方（scope）は all / scheduled / nodes のいずれかです。' }).optional(),
});
export const roundCloseBody = z.object({ version });
export const roundReopenBody = z.object({ version, deadline: isoDate.optional() });

const code = z.string({ message: '区分コードは文字列で指定してください。' }).max(32, { message: '区分コードが長すぎます。' }).nullable();
const yen = z.union([z.number(), z.string().max(40, { message: '効果額が長すぎます。' })], { message: '効果額は数値か文字列（例: "1,200,000"）で指定してください。' }).nullable();
/** long text: the 4000-character rule (with the current length) is the domain's; this only bounds the request */
const longText = (label: string) => z.string({ message: `${label}は文字列で入力してください。` }).max(100_000, { message: `${label}が長すぎます。` });

export const reportPatchBody = z.object({
  version,
  statusCode: code.optional(),
  achievementCode: code.optional(),
  narrative: longText('取組内容・実績').optional(),
  issues: longText('課題').optional(),
  nextPlan: longText('今後の取組').optional(),
  effectRevenueYen: yen.optional(),
  effectExpenseYen: yen.optional(),
  effectKind: z.string().max(20).nullable().optional(),
  hoursSavedTenths: z.number({ message: '削減時間は数値（0.1時間単位の整数）で指定してください。' }).nullable().optional(),
  numbers: z.record(z.string().max(200), z.string({ message: '数値（指標）の値は文字列で指定してください。' }).max(10_000)).optional(),
});

const TRANSITION_ACTIONS = REPORT_ACTIONS.filter((a) => a !== 'save') as [Exclude<(typeof REPORT_ACTIONS)[number], 'save'>, ...Exclude<(typeof REPORT_ACTIONS)[number], 'save'>[]];

export const transitionBody = z.object({
  action: z.enum(TRANSITION_ACTIONS, { message: `操作は ${TRANSITION_ACTIONS.join(', ')} のいずれかです（下書きの保存は PATCH で行います）。` }),
  comment: str('コメント', 2000).optional(),
  version,
});

export const inboxQuery = z.object({
  department: uuid.optional(),
  state: z.enum(REPORT_STATES, { message: `状態は ${REPORT_STATES.join(', ')} のいずれかです。` }).optional(),
});

/**
 * Filters of the municipality-wide list of rounds. `state` arrives as a list (the route reads
 * repeated and comma-separated values); the fiscal year may be written as 2026, 令和8年度 or R8.
 */
export const roundListQuery = z.object({
  state: z
    .array(z.enum(ROUND_STATES, { message: `照会の状態（state）は ${ROUND_STATES.join(', ')} のいずれかで指定してください（準備中・照会中・締切済み。複数可）。` }))
    .max(ROUND_STATES.length * 2, { message: '照会の状態（state）の指定が多すぎます。' })
    .optional(),
  planId: z.uuid({ message: '計画（planId）のIDの形式が正しくありません。' }).optional(),
  fiscalYear: z
    .string()
    .max(40, { message: '対象年度（fiscalYear）が長すぎます。' })
    .transform((v, ctx) => {
      const fy = parseFiscalYear(v);
      if (fy === null) {
        ctx.addIssue({ code: 'custom', message: `対象年度（fiscalYear）「${v}」を年度として読み取れません（例: 2026, 令和8年度, R8）。` });
        return z.NEVER;
      }
      return fy;
    })
    .optional(),
});
