/**
 * Table imports through the API on PGlite and PostgreSQL: upload → proposal → dry run →
 * commit (one transaction, as a job), re-import updating items by 整理番号, every trap
 * file answered with a clear Japanese message and nothing written, saved mappings, jobs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { auditLog, departments, jobs, nodeChanges, planNodes, reports, rounds } from '../../src/db/schema.js';
import type { Actor } from '../../src/modules/access/domain/policy.js';
import { auditTestHook } from '../../src/modules/audit/commands/recordAudit.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { waitForJob } from '../../src/modules/jobs/runner.js';
import { commitImport } from '../../src/modules/imports/commands/commitImport.js';
import type { ImportMapping } from '../../src/modules/imports/domain/mapping.js';
import { findUpload } from '../../src/modules/imports/uploads.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { RoadmapDto } from '../../src/shared/api-types.js';
import type {
  ImportCommitDto,
  ImportCommitResultDto,
  ImportDryRunDto,
  ImportMappingDto,
  ImportSavedMappingDto,
  ImportSavedMappingListDto,
  ImportUploadDto,
  JobDto,
} from '../../src/shared/api-types-imports.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { RoundListDto } from '../../src/shared/api-types-pdca.js';
import * as F from '../fixtures/imports/make.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

describe.each(backends())('table imports on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let m: { id: string; code: string };
  let planId: string;
  let emptyPlanId: string;
  const dept: Record<string, string> = {};

  const api = (p: string) => `/api/m/${m.code}${p}`;
  const send = async (method: string, p: string, body?: unknown, a = app) => {
    const res = await a.request(api(p), {
      method,
      headers: { 'x-requested-with': 'gyokaku', ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
  const upload = async (bytes: Uint8Array, name: string, plan = planId, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set('planId', plan);
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return send('POST', '/imports/uploads', form);
  };
  const uploadOk = async (bytes: Uint8Array, name: string, plan = planId, extra: Record<string, string> = {}) => {
    const res = await upload(bytes, name, plan, extra);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as ImportUploadDto;
  };
  const commit = async (u: ImportUploadDto, mapping: ImportMappingDto = u.mapping!, runMode = 'auto') =>
    send('POST', `/imports/uploads/${u.sessionId}/commit`, { mapping, run: runMode });
  const countOf = async (table: typeof planNodes | typeof rounds | typeof reports | typeof departments | typeof nodeChanges | typeof auditLog) =>
    Number((await store.db.select({ n: count() }).from(table).where(eq(table.municipalityId, m.id)))[0]!.n);
  const snapshot = async () => ({
    nodes: await countOf(planNodes),
    rounds: await countOf(rounds),
    reports: await countOf(reports),
    departments: await countOf(departments),
    changes: await countOf(nodeChanges),
  });
  const roadmap = async (p = planId) => (await send('GET', `/plans/${p}/roadmap`)).body as RoadmapDto;

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = createApp({ store });
    m = await createTestMunicipality(store.db, '取込市');
    await run(store, m.id, async (ctx) => {
      for (const name of ['総務課', '財政課', '企画政策課', '保健・福祉課', '市民課']) dept[name] = (await createDepartment(ctx, { name, kind: '課' })).id;
      dept['旧企画課'] = (await createDepartment(ctx, { name: '旧企画課', kind: '課', validTo: '2020-04-01', successorId: dept['企画政策課'] })).id;
      const mk = async (title: string) => {
        const plan = await createPlan(ctx, {
          kind: '実行計画',
          title,
          firstFiscalYear: 2019,
          lastFiscalYear: 2023,
          levelNames: ['施策', '具体的な取組'],
          stages: [{ stage: '決定', date: '2019-04-01' }],
        });
        await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
        return plan.id;
      };
      planId = await mk('取込市 行政改革実施計画');
      emptyPlanId = await mk('取込市 失敗用の計画');
    });
  });
  afterAll(() => store.close());
  afterEach(() => {
    auditTestHook.beforeInsert = null;
  });

  it('proposes the mapping of a workbook with title and legend lines, a two-row merged header, merged 施策, a repeated header and early-ending rows', async () => {
    const u = await uploadOk(await F.planXlsx(), '実施状況.xlsx');
    expect(u.source).toBe('xlsx');
    expect(u.sheets.map((s) => [s.name, s.empty])).toEqual([
      ['実施状況', false],
      ['メモ', true],
    ]);
    expect(u.header!.rows).toEqual([4, 5]);
    expect(u.header!.legend.map((l) => `${l.mark}${l.label}`)).toEqual(['○実施済み', '△一部実施', '×未実施', '－次年度以降']);
    const roles = u.mapping!.columns.map((c) => `${u.header!.columns[c.index]!.letter}:${c.role.kind}${'fiscalYear' in c.role ? c.role.fiscalYear : ''}`);
    expect(roles).toEqual([
      'A:number',
      'B:level',
      'C:title',
      'D:description',
      'E:schedule2019',
      'F:schedule2020',
      'G:schedule2021',
      'H:schedule2022',
      'I:schedule2023',
      'J:status2019',
      'K:status2020',
      'L:status2021',
      'M:status2022',
      'N:narrative2022',
      'O:departments',
    ]);
    expect(u.mapping!.rounds.map((r) => r.label)).toEqual(['令和元年度実績', '令和2年度実績', '令和3年度実績', '令和4年度末見込み']);
    expect(u.mapping!.statusMap).toEqual({ '○': 'done', '△': 'partial', '－': 'later' });
    const d = u.dryRun!;
    expect(d.ok, JSON.stringify(d.issues)).toBe(true);
    expect(d.counts).toMatchObject({ itemsCreate: 7, groupsCreate: 2, roundsCreate: 4, errors: 0 });
    expect(d.items.map((i) => `${i.number}:${i.path.join('/')}:${i.title}`)).toEqual([
      '1:協働の推進:職員研修の充実',
      '2:協働の推進:地区担当職員制度の導入',
      '3:協働の推進:自治会への加入促進',
      '4:財政の健全化:基金の運用の見直し',
      '5:財政の健全化:使用料の見直し',
      '6:財政の健全化:窓口業務の見直し',
      '7:財政の健全化:収納方法の多様化',
    ]);
    // several departments in one cell; 保健・福祉課 stays one name
    expect(d.items.map((i) => i.departments.map((x) => x.name).join('+'))).toEqual(['総務課', '総務課+財政課', '保健・福祉課+市民課', '財政課', '財政課+企画政策課', '', '市民課+総務課']);
    expect(d.items[5]!.schedule).toEqual({ 2019: '検討', 2020: '検討', 2021: '実施', 2022: '→' });
    expect(d.items[5]!.statuses).toEqual({});
    expect(d.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        '途中で繰り返されている見出し行（改ページ）を読み飛ばしました: 9〜10行目。',
        '13行目・O列（担当課）: 担当課が空欄です（担当課なしで取り込みます）。',
      ]),
    );
    expect(u.preview.total).toBe(7);
  });

  it('commits in one transaction: groups, items, schedules, 担当課 and one closed round per status year', async () => {
    const before = await snapshot();
    const u = await uploadOk(await F.planXlsx(), '実施状況.xlsx');
    const res = await commit(u);
    expect(res.status).toBe(200);
    const job = (res.body as ImportCommitDto).job;
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const result = job.result as ImportCommitResultDto;
    expect(result).toMatchObject({ itemsCreated: 7, itemsUpdated: 0, groupsCreated: 2, departmentsCreated: [], roundsSkipped: [] });
    expect(result.rounds.map((r) => [r.label, r.reportCount])).toEqual([
      ['令和元年度実績', 6],
      ['令和2年度実績', 6],
      ['令和3年度実績', 6],
      ['令和4年度末見込み', 6],
    ]);
    const after = await snapshot();
    expect(after.nodes - before.nodes).toBe(9);
    expect(after.rounds - before.rounds).toBe(4);
    expect(after.reports - before.reports).toBe(24);
    const rm = await roadmap();
    expect(rm.rows.map((r) => r.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(rm.rows[2]!.departments.map((d) => [d.name, d.lead])).toEqual([
      ['保健・福祉課', true],
      ['市民課', false],
    ]);
    expect(rm.rows[4]!.schedule).toEqual({ 2019: 'kento', 2020: 'keizoku', 2021: 'jisshi', 2022: 'keizoku', 2023: 'keizoku' });
    const rl = (await send('GET', `/plans/${planId}/rounds`)).body as RoundListDto;
    expect(rl.items.map((r) => [r.label, r.state, r.previousRoundLabel])).toEqual([
      ['令和4年度末見込み', 'closed', '令和3年度実績'],
      ['令和3年度実績', 'closed', '令和2年度実績'],
      ['令和2年度実績', 'closed', '令和元年度実績'],
      ['令和元年度実績', 'closed', null],
    ]);
    // the narrative went to the round of its year
    const narratives = await store.db
      .select({ narrative: reports.narrative, label: rounds.label })
      .from(reports)
      .innerJoin(rounds, and(eq(rounds.municipalityId, reports.municipalityId), eq(rounds.id, reports.roundId)))
      .where(and(eq(reports.municipalityId, m.id), eq(rounds.planId, planId)));
    expect(narratives.filter((n) => n.narrative).map((n) => n.label)).toEqual(Array(6).fill('令和4年度末見込み'));
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, m.id), eq(auditLog.action, 'import.commit')));
    expect(audit).toHaveLength(1);
    const polled = (await send('GET', `/jobs/${job.id}`)).body as JobDto;
    expect(polled).toMatchObject({ id: job.id, state: 'done', kind: 'import.commit' });
  });

  it('re-imports next year’s table: updates items by 整理番号 instead of duplicating, reuses 施策, adds the new year', async () => {
    const u = await uploadOk(await F.planXlsx('next'), '実施状況（令和5年度）.xlsx');
    const d = u.dryRun!;
    expect(d.ok, JSON.stringify(d.issues.filter((i) => i.severity === 'error'))).toBe(true);
    expect(d.items.map((i) => `${i.number}:${i.action}:${i.changes.join('・')}`)).toEqual([
      '1:unchanged:',
      '2:update:項目名',
      '3:unchanged:',
      '4:update:担当課',
      '5:update:所属（施策）',
      '6:unchanged:',
      '7:unchanged:',
      '8:create:',
    ]);
    expect(d.groups.map((g) => `${g.title}:${g.action}`)).toEqual(['協働の推進:reuse', '財政の健全化:reuse', '公共施設の適正管理:create']);
    expect(d.rounds.map((r) => `${r.label}:${r.action}`)).toEqual(['令和元年度実績:skip', '令和2年度実績:skip', '令和3年度実績:skip', '令和4年度実績:create', '令和5年度実績:create']);
    const before = await snapshot();
    const res = await commit(u);
    const job = (res.body as ImportCommitDto).job;
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result).toMatchObject({ itemsCreated: 1, itemsUpdated: 3, itemsUnchanged: 4, groupsCreated: 1 });
    const after = await snapshot();
    expect(after.nodes - before.nodes).toBe(2); // item 8 and the new 施策
    expect(after.rounds - before.rounds).toBe(2);
    const rm = await roadmap();
    expect(rm.rows.map((r) => r.number)).toEqual(['1', '2', '3', '4', '6', '7', '8', '5']);
    const byNo = new Map(rm.rows.map((r) => [r.number, r]));
    expect(byNo.get('2')!.title).toBe('地区担当職員制度の導入と運用');
    expect(byNo.get('4')!.departments.map((x) => x.name)).toEqual(['財政課', '総務課']);
    expect(byNo.get('5')!.path.map((p) => p.title)).toEqual(['公共施設の適正管理']);
    // a second commit of the same table changes nothing
    const again = await uploadOk(await F.planXlsx('next'), '実施状況（令和5年度）.xlsx');
    expect(again.dryRun!.counts).toMatchObject({ itemsCreate: 0, itemsUpdate: 0, itemsUnchanged: 8, roundsCreate: 0, roundsSkip: 5 });
  });

  it('commit is all or nothing: a failure after the items are written leaves no trace', async () => {
    const before = await snapshot();
    const u = await uploadOk(await F.planXlsx(), '実施状況.xlsx', emptyPlanId);
    expect(u.dryRun!.ok).toBe(true);
    auditTestHook.beforeInsert = (e) => {
      if (e.action === 'round.import' && (e.after as { round: { label: string } }).round.label === '令和4年度末見込み') throw new Error('ディスクがいっぱいです（テスト）');
    };
    const res = await commit(u);
    const job = (res.body as ImportCommitDto).job;
    expect(job.state).toBe('failed');
    expect(job.error!.message).toContain('何も保存されていません');
    expect(await snapshot()).toEqual(before);
    expect((await roadmap(emptyPlanId)).total).toBe(0);
  });

  it('writes new nodes in batches with exactly the rows createNode writes', async () => {
    const planIds = await run(store, m.id, async (ctx) => {
      const ids: string[] = [];
      for (const title of ['一括で書く計画', '1件ずつ書く計画']) {
        const plan = await createPlan(ctx, { kind: '実行計画', title, firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], stages: [{ stage: '決定', date: '2019-04-01' }] });
        await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
        ids.push(plan.id);
      }
      return ids;
    });
    const dump = async (pid: string) => {
      const nodes = await store.db.select().from(planNodes).where(and(eq(planNodes.municipalityId, m.id), eq(planNodes.planId, pid)));
      const title = new Map(nodes.map((n) => [n.id, n.title]));
      const ids = new Set(nodes.map((n) => n.id));
      const swap = (v: unknown): unknown => (typeof v === 'string' && ids.has(v) ? `node:${title.get(v)}` : v);
      const deep = (o: unknown): unknown => (Array.isArray(o) ? o.map(deep) : o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, deep(v)])) : swap(o));
      const changes = await store.db.select().from(nodeChanges).where(and(eq(nodeChanges.municipalityId, m.id), eq(nodeChanges.planId, pid))).orderBy(nodeChanges.seq);
      const audits = (await store.db.select().from(auditLog).where(eq(auditLog.municipalityId, m.id))).filter((a) => ids.has(a.entityId));
      return {
        nodes: nodes
          .map(({ id: _i, planId: _p, createdAt: _c, updatedAt: _u, municipalityId: _m, ...n }) => deep(n))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        changes: changes.map(({ id: _i, planId: _p, recordedAt: _r, seq: _s, municipalityId: _m, ...c }) => deep(c)),
        audits: audits
          .map(({ id: _i, at: _a, municipalityId: _m, ...a }) => deep(a))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      };
    };
    for (const [i, bulk] of [true, false].entries()) {
      const u = await uploadOk(await F.planXlsx(), '実施状況.xlsx', planIds[i]);
      const session = (await findUpload({ db: store.db, municipalityId: m.id }, u.sessionId))!;
      await run(store, m.id, (ctx) => commitImport(ctx, { planId: planIds[i]!, upload: session.upload, mapping: u.mapping as ImportMapping }, undefined, { bulk }));
    }
    const [a, b] = [await dump(planIds[0]!), await dump(planIds[1]!)];
    expect(a.nodes).toHaveLength(9);
    expect(a.nodes).toEqual(b.nodes);
    expect(a.changes).toEqual(b.changes);
    expect(a.audits.filter((x) => (x as { action: string }).action.startsWith('node.'))).toEqual(b.audits.filter((x) => (x as { action: string }).action.startsWith('node.')));
  });

  it('refuses a mapping with errors at commit (422, every message by row and column) and writes nothing', async () => {
    const before = await snapshot();
    const u = await uploadOk(F.trapsCsv(), 'traps.csv');
    const d = u.dryRun!;
    expect(d.ok).toBe(false);
    const errors = d.issues.filter((i) => i.severity === 'error').map((i) => i.message);
    expect(errors).toEqual([
      'J列（スケジュール R6）: スケジュールの令和6年度は計画期間（令和元年度〜令和5年度）の外です（記入のある行: 3行目）。計画期間を直すか、この列を「取り込まない」にしてください。',
      '3行目・D列（担当課）: 『企画課』に一致する組織がありません。近い候補: 旧企画課（廃止）、企画政策課、財政課。組織一覧に登録するか、担当課の対応づけで組織を選ぶ（または「取り込まない」にする）か、「ない組織を作成する」を選んでください。',
      '3行目・L列（取組状況 R2）: 取組状況の「◎」は計画の凡例（「○」「△」「×」「－」）にありません。取組状況の語の対応づけで凡例の区分を選んでください。',
      '4行目・A列（整理番号）: 整理番号「1」が3行目と重複しています。整理番号は項目ごとに別の番号にしてください。',
      '5行目・E列（スケジュール R1）: スケジュールの「着手」はこの計画の区分（検討・実施・順次実施・継続（→））にありません。スケジュールの語の対応づけで区分を選ぶか、計画の区分に加えてください。',
    ]);
    expect(d.departmentNames.find((n) => n.name === '企画課')).toMatchObject({ state: 'unknown', candidates: [{ name: '旧企画課' }, { name: '企画政策課' }, { name: '財政課' }] });
    expect(d.statusWords.find((w) => w.word === '◎')).toMatchObject({ state: 'unknown', code: null });
    const res = await commit(u);
    expect(res.status).toBe(422);
    const err = (res.body as ApiErrorBody).error;
    expect(err.message).toContain('何も保存していません');
    expect(err.fields!.map((f) => f.message)).toEqual(errors);
    expect(await snapshot()).toEqual(before);

    // the user fixes the mapping: 企画課 → 企画政策課, ◎ → 実施済み, 着手 → 実施, R6 not imported, and creates nothing
    const mapping: ImportMappingDto = {
      ...u.mapping!,
      columns: u.mapping!.columns.map((c) => (c.role.kind === 'schedule' && c.role.fiscalYear === 2024 ? { ...c, role: { kind: 'ignore' } } : c)),
      departmentMap: { 企画課: dept['企画政策課']! },
      statusMap: { ...u.mapping!.statusMap, '◎': 'done' },
      phaseMap: { ...u.mapping!.phaseMap, 着手: 'jisshi' },
    };
    const fixed = (await send('POST', `/imports/uploads/${u.sessionId}/dry-run`, { mapping })).body as ImportDryRunDto;
    expect(fixed.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      '4行目・A列（整理番号）: 整理番号「1」が3行目と重複しています。整理番号は項目ごとに別の番号にしてください。',
    ]);
    expect(fixed.departmentNames.find((n) => n.name === '企画課')).toMatchObject({ state: 'mapped', departmentName: '企画政策課' });
  });

  it('creates missing departments only when asked, and lists them in the dry run', async () => {
    const csv = new TextEncoder().encode('整理番号,施策,具体的な取組,担当課\n1,協働の推進,新しい取組,地域振興課・総務課\n');
    const u = await uploadOk(csv, 'new.csv', emptyPlanId);
    expect(u.dryRun!.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['department_unknown']);
    const mapping = { ...u.mapping!, options: { ...u.mapping!.options, createMissingDepartments: true } };
    const d = (await send('POST', `/imports/uploads/${u.sessionId}/dry-run`, { mapping })).body as ImportDryRunDto;
    expect(d.ok).toBe(true);
    expect(d.departmentsToCreate).toEqual([{ name: '地域振興課', kind: '課' }]);
    expect(d.items[0]!.departments).toEqual([
      { name: '地域振興課', lead: true, create: true },
      { name: '総務課', lead: false, create: false },
    ]);
    // dry runs write nothing
    expect((await store.db.select().from(departments).where(and(eq(departments.municipalityId, m.id), eq(departments.name, '地域振興課')))).length).toBe(0);
  });

  it('answers every unreadable file with a clear message and writes nothing', async () => {
    const before = await snapshot();
    const cases: [Uint8Array, string, number, string][] = [
      [F.encryptedXlsx(), 'protected.xlsx', 422, 'パスワードで保護（暗号化）されているため読めません'],
      [F.corruptZip(), 'broken.xlsx', 422, 'ファイルが壊れているため開けません'],
      [await F.docxZip(), 'report.xlsx', 422, 'Excelのブック（.xlsx）ではなくWordの文書です'],
      [F.pngBytes(), 'scan.png', 422, 'は画像です'],
      [await F.emptyXlsx(), 'empty.xlsx', 422, 'はすべて空です'],
      [new Uint8Array(0), 'zero.csv', 422, 'は空です（0バイト）'],
      [new TextEncoder().encode('%PDF-1.7\n'), '計画.pdf', 422, 'PDFファイルはそのままでは取り込めません'],
    ];
    for (const [bytes, name, status, text] of cases) {
      const res = await upload(bytes, name);
      expect(res.status, name).toBe(status);
      expect((res.body as ApiErrorBody).error.message, name).toContain(text);
    }
    // formulas: a cached value is read, a formula without one is an error at its cell
    const f = await uploadOk(await F.formulaWithoutValueXlsx(), 'formula.xlsx');
    expect(f.dryRun!.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      '2行目・E列（令和元年度）: 数式「=IF(1=1,"○","×")」の計算結果がファイルに保存されていません。Excelでファイルを開いて保存し直す（計算結果が保存されます）か、値として貼り付けてから取り込んでください。',
    ]);
    expect((await commit(f)).status).toBe(422);
    // a sheet chosen that is empty
    const planU = await uploadOk(await F.planXlsx(), 'plan.xlsx');
    const memo = (await send('GET', `/imports/uploads/${planU.sessionId}?sheet=${encodeURIComponent('メモ')}`)).body as ImportUploadDto;
    expect(memo.mapping).toBeNull();
    expect(memo.issues[0]!.message).toBe('シート「メモ」は空です（値の入ったセルがありません）。値のあるシート: 「実施状況」');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a 50 MB upload with a clear message, and reads Shift_JIS, UTF-8 with BOM and TSV', async () => {
    // a browser states the size (Content-Length): refused before the body is read
    const declared = await app.request(api('/imports/uploads'), {
      method: 'POST',
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
      body: new Uint8Array(50 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as ApiErrorBody).error.message).toMatch(/^ファイルが大きすぎます（50\.0 MB）。取り込めるのは20\.0 MBまでです。/);
    // streamed without a length: refused once 20 MB have arrived
    const big = await upload(new Uint8Array(50 * 1024 * 1024), '大きな表.xlsx');
    expect(big.status).toBe(413);
    expect((big.body as ApiErrorBody).error.message).toMatch(/^ファイルが大きすぎます（20\.0 MBを超えています）。取り込めるのは20\.0 MBまでです。/);
    for (const [bytes, name, encoding] of [
      [F.sjisCsv(), 'sjis.csv', 'Shift_JIS'],
      [F.utf8BomCsv(), 'bom.csv', 'UTF-8（BOM付き）'],
      [F.planTsv(), 'plan.tsv', 'UTF-8'],
    ] as const) {
      const u = await uploadOk(bytes, name, emptyPlanId);
      expect(u.encoding, name).toBe(encoding);
      expect(u.dryRun!.ok, name).toBe(true);
      expect(u.dryRun!.items.map((i) => `${i.number}:${i.title}:${JSON.stringify(i.statuses)}`), name).toEqual([
        '1:職員研修の充実:{"2019":"○","2020":"△"}',
        '2:自治会への加入促進:{"2019":"－","2020":"○"}',
      ]);
    }
  });

  it('reads pasted PDF text (JSON or multipart text field)', async () => {
    const text = ['表題の行', '整理番号\t施策\t具体的な取組\t担当課', '1\t協働の推進\t職員研修の充実\t総務課', '2\t\t自治会への加入促進\t市民課'].join('\n');
    const res = await send('POST', '/imports/uploads', { planId: emptyPlanId, text });
    expect(res.status).toBe(201);
    const u = res.body as ImportUploadDto;
    expect(u.source).toBe('text');
    expect(u.dryRun!.items.map((i) => i.title)).toEqual(['職員研修の充実', '自治会への加入促進']);
    expect(u.header!.columns[0]!.letter).toBeNull();
  });

  it('saves a mapping by name and applies it to next year’s table', async () => {
    const u = await uploadOk(F.trapsCsv(), 'traps.csv', emptyPlanId);
    const mapping: ImportMappingDto = {
      ...u.mapping!,
      departmentMap: { 企画課: dept['企画政策課']! },
      statusMap: { ...u.mapping!.statusMap, '◎': 'done' },
      phaseMap: { ...u.mapping!.phaseMap, 着手: 'jisshi' },
    };
    const saved = await send('POST', '/imports/mappings', { name: '実施状況表', planId: emptyPlanId, mapping });
    expect(saved.status).toBe(201);
    const body = (saved.body as ImportSavedMappingDto).mapping;
    expect(body.roundLabels).toEqual({ latest: '{年度}実績', others: '{年度}実績' });
    expect((await send('POST', '/imports/mappings', { name: '実施状況表', mapping })).status).toBe(409);
    expect((await send('POST', '/imports/mappings', { name: '実施状況表', mapping, overwrite: true })).status).toBe(201);
    const list = (await send('GET', '/imports/mappings')).body as ImportSavedMappingListDto;
    expect(list.items.map((x) => x.name)).toEqual(['実施状況表']);

    const next = await uploadOk(F.trapsCsv(), 'traps-next.csv', emptyPlanId, { mapping: '実施状況表' });
    expect(next.savedMappingName).toBe('実施状況表');
    expect(next.mapping!.departmentMap).toEqual({ 企画課: dept['企画政策課'] });
    expect(next.dryRun!.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['year_outside_plan', 'number_duplicate']);
    expect((await upload(F.trapsCsv(), 'x.csv', emptyPlanId, { mapping: 'ない名前' })).status).toBe(422);

    const id = (saved.body as ImportSavedMappingDto).id;
    expect((await send('DELETE', `/imports/mappings/${id}`)).status).toBe(204);
    expect((await send('GET', `/imports/mappings/${id}`)).status).toBe(404);
  });

  it('runs a large commit in the background and reports it at GET /jobs/:jobId; other municipalities see nothing', async () => {
    const csv = new TextEncoder().encode('整理番号,施策,具体的な取組,担当課\n1,協働の推進,背景で取り込む取組,総務課\n');
    const u = await uploadOk(csv, 'bg.csv', emptyPlanId);
    const res = await commit(u, u.mapping!, 'background');
    expect(res.status).toBe(202);
    const job = (res.body as ImportCommitDto).job;
    expect(['queued', 'running']).toContain(job.state);
    await waitForJob(job.id);
    const polled = (await send('GET', `/jobs/${job.id}`)).body as JobDto;
    expect(polled.state).toBe('done');
    expect(polled.result).toMatchObject({ itemsCreated: 1 });

    // a job left running by a process that stopped reads as interrupted, not as running forever
    const [stale] = await store.db.insert(jobs).values({ municipalityId: m.id, kind: 'import.commit', state: 'running', createdBy: 'demo-admin' }).returning();
    const staleDto = (await send('GET', `/jobs/${stale!.id}`)).body as JobDto;
    expect(staleDto).toMatchObject({ state: 'failed', stateLabel: '失敗' });
    expect(staleDto.error!.message).toBe('処理が中断されました。');
    expect(staleDto.message).toContain('サーバーの再起動などで処理が中断されました');
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/m/{code}/imports/uploads',
        '/api/m/{code}/imports/uploads/{sessionId}/dry-run',
        '/api/m/{code}/imports/uploads/{sessionId}/commit',
        '/api/m/{code}/imports/mappings',
        '/api/m/{code}/jobs/{jobId}',
      ]),
    );

    const other = await createTestMunicipality(store.db, '他市');
    const stranger: Actor = { id: 'u-other', name: '他市 事務局', role: 'secretariat', municipalityId: other.id, departmentIds: [] };
    const otherApp = createApp({ store, resolveActor: () => stranger });
    expect((await send('GET', `/jobs/${job.id}`, undefined, otherApp)).status).toBe(404);
    expect((await send('GET', `/imports/uploads/${u.sessionId}`, undefined, otherApp)).status).toBe(404);
    const reporter: Actor = { id: 'u-rep', name: '総務課 担当者', role: 'dept_reporter', municipalityId: m.id, departmentIds: [dept['総務課']!] };
    const repApp = createApp({ store, resolveActor: () => reporter });
    expect((await send('GET', '/imports/mappings', undefined, repApp)).status).toBe(403);
    expect((await send('GET', `/jobs/${job.id}`, undefined, repApp)).status).toBe(404);
  });
});
