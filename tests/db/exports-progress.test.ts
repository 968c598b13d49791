/**
 * The published progress table (.xlsx) and the export layout over HTTP, on both databases:
 * - 荒尾市's 第五次実施計画 (demo data of seed 001) published for 令和4年度末見込み reads back
 *   with seed 001's title, legend lines, headers, merged 施策 cells, ● fills and statuses;
 * - the PDCA fixture (tests/support/pdcaFixtures.ts) checks levels, overdue, basis and the 集計 sheet.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { municipalities, plans, rounds } from '../../src/db/schema.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { loadMunicipality } from '../../src/modules/demo/commands/loadDemo.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import { normalizeMark } from '../../src/modules/pdca/domain/legend.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ExportLayoutDto } from '../../src/shared/api-types-exports.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const YELLOW = 'FFFFF2CC';
const ORANGE = 'FFF8CBAD';

describe.each(backends())('published progress table on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new Map<string, Actor>();
  let araoCode: string;
  let araoPlanId: string;
  let araoR4: string;

  const headers = (who?: string) => (who ? { 'x-test-actor': who } : ({} as Record<string, string>));
  async function xlsx(path: string, who?: string) {
    const res = await app.request(path, { headers: headers(who) });
    if (res.status !== 200) return { status: res.status, wb: null as unknown as ExcelJS.Workbook, disposition: '' };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    return { status: res.status, wb, disposition: res.headers.get('content-disposition') ?? '' };
  }
  async function json<T>(method: string, path: string, body?: unknown, who?: string) {
    const res = await app.request(path, {
      method,
      headers: { ...headers(who), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T & ApiErrorBody };
  }
  const text = (c: ExcelJS.Cell) => {
    const v = c.value;
    if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
    return v === null || v === undefined ? '' : String(v);
  };
  /** the sheet's body rows keyed by 整理番号 (column A) */
  function bodyRows(ws: ExcelJS.Worksheet) {
    const out = new Map<string, ExcelJS.Row>();
    for (let r = 6; r <= ws.rowCount; r++) out.set(text(ws.getRow(r).getCell(1)), ws.getRow(r));
    return out;
  }
  const headerRow = (ws: ExcelJS.Worksheet, r: number) => {
    const out: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) out.push(text(ws.getRow(r).getCell(c)));
    return out;
  };
  const merges = (ws: ExcelJS.Worksheet) => (ws.model as unknown as { merges: string[] }).merges;
  const fillOf = (c: ExcelJS.Cell) => ((c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null);

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '公表市');
    const m = f.municipality.id;
    const add = (id: string, role: Role, departmentIds: string[] = []) => actors.set(id, { id, name: id, role, municipalityId: m, departmentIds });
    add('secretariat', 'secretariat');
    add('council', 'council');
    add('reporter', 'dept_reporter', [f.departments.somu]);
    app = createApp({ store, resolveActor: (req) => actors.get(req.headers.get('x-test-actor') ?? '') ?? demoAdministrator });

    // 荒尾市's 第五次実施計画 under a fresh 団体コード (a shared PostgreSQL may hold the real demo)
    do araoCode = withCheckDigit('43' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
    while ((await store.db.select().from(municipalities).where(eq(municipalities.code, araoCode))).length);
    const mid = await loadMunicipality(store.db, { ...arao, code: araoCode, demoAccounts: false, plans: arao.plans.filter((p) => p.key === 'arao5-jisshi') });
    const [plan] = await store.db.select().from(plans).where(eq(plans.municipalityId, mid));
    araoPlanId = plan!.id;
    const [r4] = await store.db.select().from(rounds).where(and(eq(rounds.municipalityId, mid), eq(rounds.label, '令和4年度末見込み')));
    araoR4 = r4!.id;
  }, 240_000);
  afterAll(() => store.close());

  it('荒尾市 令和4年度末見込み reads back in seed 001’s layout', async () => {
    const put = await json<ExportLayoutDto>('PUT', `/api/m/${araoCode}/plans/${araoPlanId}/export-layout`, {
      version: 0,
      layout: { ...(await json<ExportLayoutDto>('GET', `/api/m/${araoCode}/plans/${araoPlanId}/export-layout`)).body.layout, title: '3.実施計画の実施状況（{round}）' },
    });
    expect(put.status).toBe(200);

    const { status, wb, disposition } = await xlsx(`/api/m/${araoCode}/rounds/${araoR4}/exports/progress.xlsx`);
    expect(status).toBe(200);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe('令和4年度末見込み_実施状況.xlsx');
    const ws = wb.getWorksheet('実施状況')!;
    expect(text(ws.getCell('A1'))).toBe('3.実施計画の実施状況（令和4年度末見込み）');
    expect(text(ws.getCell('A2'))).toBe('● R4実施する事業 ● 過年度実施予定で一部実施または未実施の事業');
    const marks = (ws.getCell('A2').value as ExcelJS.CellRichTextValue).richText.filter((t) => t.text === '●').map((t) => t.font?.color?.argb);
    expect(new Set(marks).size).toBe(2);
    expect(text(ws.getCell('A3'))).toBe('取組状況：「○」実施済み（計画どおり実施した） 「△」一部実施（一部を実施した） 「×」未実施（未実施または検討中） 「－」次年度以降（次年度以降に実施する）');

    // header over two rows, as in the seed
    expect(headerRow(ws, 4)).toEqual([
      '整理番号', '施策', '具体的な取組', '事業概要',
      'スケジュール（年度）', 'スケジュール（年度）', 'スケジュール（年度）', 'スケジュール（年度）', 'スケジュール（年度）',
      '取組状況（R4年度末見込み）',
      '取組状況（年度末時点）', '取組状況（年度末時点）', '取組状況（年度末時点）', '取組状況（年度末時点）',
      '担当課',
    ]);
    expect(headerRow(ws, 5).slice(4, 9)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
    expect(headerRow(ws, 5).slice(10, 14)).toEqual(['R1', 'R2', 'R3', 'R4']);
    expect(merges(ws)).toEqual(expect.arrayContaining(['A4:A5', 'E4:I4', 'K4:N4', 'O4:O5']));

    const rows = bodyRows(ws);
    expect([...rows.keys()]).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    const statuses = (n: string) => [11, 12, 13, 14].map((c) => normalizeMark(text(rows.get(n)!.getCell(c))));
    // seed 001: 1 ○○○○, 4 -△△×, 26 -×××, 34 ---×, 35 (blank)(blank)○○
    expect(statuses('1')).toEqual(['○', '○', '○', '○']);
    expect(statuses('4')).toEqual(['－', '△', '△', '×']);
    expect(statuses('26')).toEqual(['－', '×', '×', '×']);
    expect(statuses('34')).toEqual(['－', '－', '－', '×']);
    expect(statuses('35')).toEqual(['', '', '○', '○']);
    expect([5, 6, 7, 8, 9].map((c) => text(rows.get('3')!.getCell(c)))).toEqual(['検討', '順次実施', '→', '→', '→']);
    expect([5, 6, 7, 8, 9].map((c) => text(rows.get('35')!.getCell(c)))).toEqual(['', '', '実施', '→', '→']);
    expect(text(rows.get('4')!.getCell(15))).toBe('くらしいきいき課\n総務課\n総合政策課');
    expect(text(rows.get('5')!.getCell(3))).toBe('ターゲットに応じた多様な広報手段の検討【R2年度改訂】');
    expect(text(rows.get('1')!.getCell(10))).toMatch(/^新任の地区担当職員には、個別に地区別計画/);
    expect(text(rows.get('1')!.getCell(2))).toBe('協働の更なる推進による地域の自治力の強化');

    // 施策 merged over its items (items 1–4 share one)
    const first = rows.get('1')!.number;
    expect(merges(ws)).toEqual(expect.arrayContaining([`B${first}:B${first + 3}`]));
    // ● fills: item 1 is scheduled in R4 and done; item 4 was scheduled earlier and is not done
    expect(fillOf(rows.get('1')!.getCell(3))).toBe(YELLOW);
    expect(fillOf(rows.get('4')!.getCell(3))).toBe(ORANGE);
    expect(fillOf(rows.get('4')!.getCell(1))).toBe(ORANGE);
    expect(fillOf(rows.get('1')!.getCell(4))).toBeNull();

    // print settings and panes
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:5' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 5 });
    expect(ws.getColumn(4).width).toBe(40);
    expect(rows.get('1')!.getCell(4).alignment).toMatchObject({ wrapText: true });

    // 集計: by 施策, with 増減 against 令和3年度実績
    const sum = wb.getWorksheet('集計')!;
    expect(text(sum.getCell('A2'))).toContain('「前回」は照会「令和3年度実績」');
    const totalRow = [...Array(sum.rowCount).keys()].map((i) => sum.getRow(i + 1)).find((r) => text(r.getCell(1)) === '合計')!;
    // columns: ○ (now, before, delta), △ …, ×, －, 未回答, 合計
    const nums = Array.from({ length: 18 }, (_, i) => Number(totalRow.getCell(i + 2).value));
    expect(nums.slice(15, 18)).toEqual([35, 35, 0]);
    expect(nums[0]! + nums[3]! + nums[6]! + nums[9]! + nums[12]!).toBe(35);
  });

  it('the fixture: levels merged, overdue over scheduled, statuses per year, and the basis', async () => {
    const path = (basis: string) => `/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/exports/progress.xlsx?basis=${basis}`;
    const { status, wb } = await xlsx(path('all'), 'secretariat');
    expect(status).toBe(200);
    const ws = wb.getWorksheet('実施状況')!;
    expect(text(ws.getCell('A1'))).toBe('公表市 第6次行政改革大綱の実施状況（令和7年度実績）');
    expect(text(ws.getCell('A2'))).toBe('● R7実施する事業 ● 過年度実施予定で一部実施または未実施の事業');
    expect(headerRow(ws, 4).slice(0, 5)).toEqual(['整理番号', '重点項目', '施策', '実施項目', '事業概要']);
    expect(ws.views[0]).toMatchObject({ xSplit: 4, ySplit: 5 });

    // A6 stopped before FY2025 is not in the round; A8 is, unanswered
    const rows = bodyRows(ws);
    expect([...rows.keys()]).toEqual(['1', '2', '3', '4', '5', '6', '8']);
    const r1 = rows.get('1')!.number;
    // 重点項目1 over A1 A2 A3 A7, 施策 (1) over A1 A2
    expect(merges(ws)).toEqual(expect.arrayContaining([`B${r1}:B${r1 + 3}`, `C${r1}:C${r1 + 1}`, `C${r1 + 2}:C${r1 + 3}`, `B${r1 + 4}:B${r1 + 6}`]));
    expect(text(rows.get('1')!.getCell(2))).toBe('1 持続可能な行財政運営');

    // description (E), schedule FY2024–2027 (F–I), narrative (J), status R6 R7 (K, L), 担当課 (M)
    const st = (n: string) => [11, 12].map((c) => text(rows.get(n)!.getCell(c)));
    expect(st('1')).toEqual(['○', '○']);
    expect(st('4')).toEqual(['×', '○']); // A7: R1 submitted 未実施, R2 accepted 実施済み
    expect(st('5')).toEqual(['×', '△']); // A4: draft counts under basis=all
    expect(st('6')).toEqual(['', '－']);
    expect(st('8')).toEqual(['', '']);
    expect(text(rows.get('1')!.getCell(13))).toBe('総務課\n財政課');
    expect(text(rows.get('6')!.getCell(13))).toBe('財政課\n総務課');
    expect(text(rows.get('5')!.getCell(7))).toBe('→');

    // ● scheduled in FY2025: A1, A3 (and A4, which is overdue: overdue wins); overdue: A2, A4, A8
    const fill = (n: string) => fillOf(rows.get(n)!.getCell(4));
    expect(['1', '2', '3', '4', '5', '6', '8'].map(fill)).toEqual([YELLOW, ORANGE, YELLOW, null, ORANGE, null, ORANGE]);

    // publication basis (default): only answers the secretariat accepted
    const pub = await xlsx(`/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/exports/progress.xlsx`, 'council');
    expect(pub.status).toBe(200);
    const prow = bodyRows(pub.wb.getWorksheet('実施状況')!);
    expect([11, 12].map((c) => text(prow.get('1')!.getCell(c)))).toEqual(['○', '']);
    expect(text(prow.get('1')!.getCell(10))).toBe('');
    expect(text(prow.get('4')!.getCell(10))).toBe('使用料を改定し、令和7年10月から施行した');
    expect((await xlsx(path('all'), 'council')).status).toBe(403);

    // 集計 by 重点項目 and 施策, 増減 against R1
    const sum = wb.getWorksheet('集計')!;
    const labels = [...Array(sum.rowCount).keys()].map((i) => text(sum.getRow(i + 1).getCell(1)));
    expect(labels).toEqual(expect.arrayContaining(['重点項目', '1 持続可能な行財政運営', '2 市民サービスの向上', '施策', '(1) 事務事業の見直し', '(2) 歳入の確保', '(1) 窓口サービスの改善', '合計']));
  });

  it('export layout: default, save with version, 409 on a stale version, 422 with every problem, office only', async () => {
    const url = `/api/m/${f.municipality.code}/plans/${f.planId}/export-layout`;
    const got = await json<ExportLayoutDto>('GET', url, undefined, 'reporter');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ stored: false, version: 0, levelNames: ['重点項目', '施策', '実施項目'] });
    expect(got.body.layout.columns.map((c) => c.kind + (c.depth ?? ''))).toEqual(['number', 'level0', 'level1', 'title', 'description', 'schedule', 'narrative', 'statusHistory', 'departments']);

    const layout = { ...got.body.layout, columns: [{ kind: 'number' }, { kind: 'title', title: '取組名' }, { kind: 'status', width: 8 }, { kind: 'departments' }], summarySheet: false };
    expect((await json('PUT', url, { version: 0, layout }, 'reporter')).status).toBe(403);
    const saved = await json<ExportLayoutDto>('PUT', url, { version: 0, layout }, 'secretariat');
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ stored: true, version: 1 });
    const stale = await json<ExportLayoutDto>('PUT', url, { version: 0, layout }, 'secretariat');
    expect(stale.status).toBe(409);
    expect((stale.body.error.current as ExportLayoutDto).version).toBe(1);

    const bad = await json('PUT', url, {
      version: 1,
      layout: { ...layout, title: '{plan}の{foo}', columns: [{ kind: 'level', depth: 5 }, { kind: 'number' }, { kind: 'number' }], fills: { scheduled: 'yellow', overdue: 'F8CBAD' } },
    }, 'secretariat');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields!.map((x) => x.path)).toEqual(['layout.title', 'layout.columns.0.depth', 'layout.columns.2', 'layout.columns', 'layout.fills.scheduled']);

    // the saved layout prints: only its columns, no 集計 sheet
    const { wb } = await xlsx(`/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/exports/progress.xlsx`, 'secretariat');
    const ws = wb.getWorksheet('実施状況')!;
    expect(headerRow(ws, 4)).toEqual(['整理番号', '取組名', '進捗状況（R7年度実績）', '担当課']);
    expect(wb.getWorksheet('集計')).toBeUndefined();
  });
});
