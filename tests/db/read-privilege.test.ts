/**
 * The role × route read table, on both databases: every route, export and job file that can carry a
 * report's text is read as each role, and each answer's marker text must appear exactly where the role
 * may read that answer (pdca/policies/answers.ts) and the route's basis shows it — absent elsewhere.
 *
 * Municipality: 財政課 (課A) and 企画課 (課B), one item per department and state; the open round R2
 * has one answer per item in its state (draft, submitted, returned, approved, accepted), the closed
 * round R1 (R2's previous round) a submitted answer for every item. Each answer's narrative is a
 * marker naming its state and department (「下書き本文-財政課」), the returned ones carry a return
 * comment marker too.
 *
 * PDFs: pdfmake embeds the fonts as CID subsets, so the text of a PDF is glyph ids, and a marker may be
 * wrapped across lines of a narrow column; reading it back would test the text extraction more than
 * the rule. The routes hand the rows they render to renderOffThread (the one door to the PDF builders,
 * which print what they are given), so the test records that input and looks for the markers there; the
 * PDF itself is replaced by a stub (PDF rendering is tested in publish.test.ts). Spreadsheets are
 * rendered for real and read back cell by cell.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const rendered = vi.hoisted(() => [] as { task: string; input: unknown }[]);
vi.mock('../../src/modules/publish/pdf/offThread.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/modules/publish/pdf/offThread.js')>();
  return {
    ...real,
    renderOffThread: async (task: string, input: unknown) => {
      rendered.push({ task, input });
      if (task.endsWith('Pdf')) return Buffer.from('%PDF-1.7\n% rows recorded by the test\n');
      return (real.renderOffThread as (t: string, i: unknown) => Promise<Buffer>)(task, input);
    },
  };
});

import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { departments, nodeDepartments, nodeSchedules, planNodes, plans, reportEvents, reports, rounds, statusLegends } from '../../src/db/schema.js';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { waitForJob } from '../../src/modules/jobs/runner.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import { addDays } from '../support/pdcaFixtures.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';

const STATES = ['draft', 'submitted', 'returned', 'approved', 'accepted'] as const;
type State = (typeof STATES)[number];
const LABEL: Record<State, string> = { draft: '下書き', submitted: '提出', returned: '差戻し', approved: '承認済', accepted: '確認済' };
const DEPTS = ['財政課', '企画課'] as const;
type Dept = (typeof DEPTS)[number];
type Basis = 'accepted' | 'submitted' | 'all';

interface Marker {
  text: string;
  dept: Dept;
  state: State;
  round: 'R1' | 'R2';
  /** where the text sits: the narrative, or the return comment (not printed in tables) */
  field: 'narrative' | 'returnComment';
  item: string;
}

/** Independent of the code under test: who may read an answer (the table). */
const ROLES = {
  system_admin: { role: 'system_admin', dept: null },
  secretariat: { role: 'secretariat', dept: null },
  reporterA: { role: 'dept_reporter', dept: '財政課' },
  // the same reporter in a municipality that lets departments read each other's answers once handed in
  reporterAOpen: { role: 'dept_reporter', dept: '財政課', othersReadFrom: 'submitted' },
  approverA: { role: 'dept_approver', dept: '財政課' },
  viewer: { role: 'viewer', dept: null },
  council: { role: 'council', dept: null },
} as const satisfies Record<string, { role: Role; dept: Dept | null; othersReadFrom?: 'submitted' }>;
const opensOthers = (who: Who): boolean => 'othersReadFrom' in ROLES[who];
type Who = keyof typeof ROLES;
const WHO = Object.keys(ROLES) as Who[];

function mayRead(who: Who, m: { dept: Dept; state: State }): boolean {
  const r = ROLES[who];
  if (r.role === 'system_admin' || r.role === 'secretariat') return true;
  if (r.dept !== null) return m.dept === r.dept || m.state === 'accepted' || (opensOthers(who) && (m.state === 'submitted' || m.state === 'approved'));
  return m.state === 'accepted';
}
/** The widest basis the role may ask for on an item of `dept` (null: a table spanning departments). */
function basisAllowed(who: Who, basis: Basis | undefined, dept: Dept | null): boolean {
  if (basis === undefined || basis === 'accepted') return true;
  const r = ROLES[who];
  if (r.role === 'system_admin' || r.role === 'secretariat') return true;
  if (r.dept !== null) return dept === null || dept === r.dept || (opensOthers(who) && basis === 'submitted');
  return false;
}
const JOB_ITEMS = ['企画課/accepted', '財政課/draft'];
const counts = (state: State, basis: Basis) => basis === 'all' || (basis === 'accepted' ? state === 'accepted' : state !== 'draft' && state !== 'returned');

describe.each(backends())('role × route read table on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const actors = new Map<string, Actor>();
  let code: string;
  let planId: string;
  const deptId = {} as Record<Dept, string>;
  /** item key `${dept}/${state}` → node id */
  const item = new Map<string, string>();
  const reportIds: { id: string; dept: Dept; state: State; round: 'R1' | 'R2' }[] = [];
  const markers: Marker[] = [];
  let R1: string;
  let R2: string;

  const base = () => `/api/m/${code}`;
  async function get(path: string, who: Who, method: 'GET' | 'POST' = 'GET') {
    const res = await app.request(base() + path, { method, headers: { 'x-test-actor': who, 'x-requested-with': 'gyokaku' } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', buf: Buffer.from(await res.arrayBuffer()) };
  }
  async function xlsxText(buf: Buffer): Promise<string> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const out: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value;
          out.push(v && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v ?? ''));
        }),
      ),
    );
    return out.join('\n');
  }

  beforeAll(async () => {
    store = await openTestStore(kind);
    const db = store.db;
    const m = await createTestMunicipality(db, '閲覧権限市');
    code = m.code;
    const mid = m.id;
    for (const [i, d] of DEPTS.entries()) {
      deptId[d] = randomUUID();
      await db.insert(departments).values({ municipalityId: mid, id: deptId[d], name: d, kind: '課', sortOrder: i });
    }
    planId = randomUUID();
    await db.insert(plans).values({ municipalityId: mid, id: planId, kind: '行政改革大綱', title: '閲覧権限市 大綱', firstFiscalYear: 2024, lastFiscalYear: 2027, stage: '決定', levelNames: ['重点項目', '実施項目'], phases: DEFAULT_PHASES });
    await db.insert(statusLegends).values({ municipalityId: mid, planId, axis: 'status', name: '取組状況', values: presetByKey('maru-sankaku')!.values });
    const top = randomUUID();
    await db.insert(planNodes).values({ municipalityId: mid, id: top, planId, parentId: null, depth: 0, sortOrder: 0, number: '1', title: '重点', isAction: false, effectiveFrom: '2024-04-01' });
    let n = 0;
    for (const d of DEPTS)
      for (const s of STATES) {
        const id = randomUUID();
        item.set(`${d}/${s}`, id);
        n++;
        await db.insert(planNodes).values({ municipalityId: mid, id, planId, parentId: top, depth: 1, sortOrder: n, number: String(n), title: `項目${n}`, isAction: true, effectiveFrom: '2024-04-01' });
        await db.insert(nodeDepartments).values({ municipalityId: mid, nodeId: id, departmentId: deptId[d], isLead: true, sortOrder: 0 });
        await db.insert(nodeSchedules).values({ municipalityId: mid, nodeId: id, fiscalYear: 2025, phase: 'jisshi' });
      }
    R1 = randomUUID();
    R2 = randomUUID();
    const fields = ['status', 'narrative', 'issues'];
    await db.insert(rounds).values({ municipalityId: mid, id: R1, planId, label: '令和6年度実績', asOfDate: '2025-03-31', targetFiscalYear: 2024, deadline: '2025-05-31', state: 'closed', fields, createdAt: new Date('2025-04-01T00:00:00Z') });
    await db.insert(rounds).values({ municipalityId: mid, id: R2, planId, label: '令和7年度実績', asOfDate: '2026-03-31', targetFiscalYear: 2025, deadline: addDays(todayInTokyo(), 7), state: 'open', fields, previousRoundId: R1, createdAt: new Date('2026-04-01T00:00:00Z') });
    for (const d of DEPTS)
      for (const s of STATES) {
        const key = `${d}/${s}`;
        const nodeId = item.get(key)!;
        // R1: submitted, with a marker per item (read as the "previous answer" of R2's reports)
        const prev = `前回提出本文-${d}-${LABEL[s]}項目`;
        const r1 = randomUUID();
        await db.insert(reports).values({ municipalityId: mid, id: r1, roundId: R1, nodeId, state: 'submitted', statusCode: 'partial', narrative: prev, updatedBy: 'fixture' });
        markers.push({ text: prev, dept: d, state: 'submitted', round: 'R1', field: 'narrative', item: key });
        reportIds.push({ id: r1, dept: d, state: 'submitted', round: 'R1' });
        const text = `${LABEL[s]}本文-${d}`;
        const r2 = randomUUID();
        const ret = s === 'returned' ? `差戻し理由-${d}` : '';
        await db.insert(reports).values({ municipalityId: mid, id: r2, roundId: R2, nodeId, state: s, statusCode: 'done', narrative: text, returnComment: ret, updatedBy: 'fixture' });
        markers.push({ text, dept: d, state: s, round: 'R2', field: 'narrative', item: key });
        reportIds.push({ id: r2, dept: d, state: s, round: 'R2' });
        if (ret) {
          markers.push({ text: ret, dept: d, state: s, round: 'R2', field: 'returnComment', item: key });
          await db.insert(reportEvents).values({ municipalityId: mid, reportId: r2, actor: 'u:課長', action: 'return_by_approver', fromState: 'submitted', toState: 'returned', comment: ret });
        }
      }

    for (const w of WHO) {
      const r = ROLES[w];
      actors.set(w, {
        id: w,
        name: w,
        role: r.role,
        municipalityId: r.role === 'system_admin' ? null : mid,
        departmentIds: r.dept ? [deptId[r.dept]] : [],
        ...('othersReadFrom' in r ? { othersReadFrom: r.othersReadFrom } : {}),
      });
    }
    app = createApp({ store, resolveActor: (req) => actors.get(req.headers.get('x-test-actor') ?? '')! });
  }, 120_000);
  afterAll(() => store.close());

  /** What one read gives: the status of each request and everything it returned, as one text. */
  interface Read {
    statuses: number[];
    text: string;
  }
  /** A route of the table: how to read it as `who`, and which markers it must show (when allowed). */
  interface Route {
    name: string;
    read: (who: Who) => Promise<Read>;
    /** the markers the route shows to someone who may read every answer */
    shows: (m: Marker) => boolean;
    /** requests expected to be refused (403) for `who` — the rest must answer 200 */
    refused: (who: Who) => number;
    /** the markers of an answer only count where the route answered (per-item routes) */
    itemAllowed?: (who: Who, m: Marker) => boolean;
  }

  const nodeList = () => [...item.entries()].map(([key, id]) => ({ key, id, dept: key.split('/')[0] as Dept }));
  async function many(paths: string[], who: Who, method: 'GET' | 'POST' = 'GET'): Promise<Read> {
    const statuses: number[] = [];
    let text = '';
    for (const p of paths) {
      const r = await get(p, who, method);
      statuses.push(r.status);
      if (r.status === 200) text += r.type.includes('spreadsheet') ? await xlsxText(r.buf) : r.buf.toString('utf8');
    }
    return { statuses, text };
  }
  /** Reads a route that renders through renderOffThread: the rows handed to the renderer are the text. */
  async function viaRenderer(paths: string[], who: Who, method: 'GET' | 'POST' = 'GET'): Promise<Read> {
    const statuses: number[] = [];
    let text = '';
    for (const p of paths) {
      rendered.length = 0;
      const r = await get(p, who, method);
      statuses.push(r.status);
      if (r.status === 202) {
        // a job: wait for it and download its file as the same user
        const job = (JSON.parse(r.buf.toString('utf8')) as { job: { id: string } }).job;
        await waitForJob(job.id);
        const file = await get(`/jobs/${job.id}/file`, who);
        statuses[statuses.length - 1] = file.status === 200 ? 200 : file.status;
        if (file.status === 200 && file.type.includes('spreadsheet')) text += await xlsxText(file.buf);
        if (file.status === 200 && file.type.includes('pdf')) expect(file.buf.subarray(0, 5).toString()).toBe('%PDF-');
      } else if (r.status === 200 && r.type.includes('pdf')) expect(r.buf.subarray(0, 5).toString()).toBe('%PDF-');
      else if (r.status === 200 && r.type.includes('spreadsheet')) text += await xlsxText(r.buf);
      text += JSON.stringify(rendered.map((x) => x.input));
    }
    return { statuses, text };
  }
  const basisQs = (b: Basis | undefined) => (b ? `?basis=${b}` : '');
  const BASES: (Basis | undefined)[] = [undefined, 'accepted', 'submitted', 'all'];

  const routes = (): Route[] => [
    // an item's progress: the year columns follow the basis; the list of past answers shows every answer the reader may read
    ...BASES.map<Route>((b) => ({
      name: `GET /plans/:p/nodes/:n/progress${basisQs(b)}`,
      read: (who) => many(nodeList().map((x) => `/plans/${planId}/nodes/${x.id}/progress${basisQs(b)}`), who),
      shows: (m) => m.field === 'narrative' || m.field === 'returnComment',
      refused: (who) => nodeList().filter((x) => !basisAllowed(who, b, x.dept)).length,
      itemAllowed: (who, m) => basisAllowed(who, b, m.dept),
    })),
    // the round's computed views carry codes and counts, never text
    ...(['submitted', 'all'] as const).map<Route>((b) => ({
      name: `GET /rounds/:r/views/*?basis=${b}`,
      read: (who) =>
        many(['scheduled', 'overdue', 'status-by-group', 'status-by-department', 'change', 'completion'].map((v) => `/rounds/${R2}/views/${v}?basis=${b}`), who),
      shows: () => false,
      refused: () => 0,
    })),
    // a department's inbox: a department reads its own items only (with their previous answers)
    {
      name: 'GET /rounds/:r/reports (inbox)',
      read: (who) => many([`/rounds/${R2}/reports`], who),
      shows: (m) => m.round === 'R2' || m.field === 'narrative',
      refused: () => 0,
      itemAllowed: (who, m) => ROLES[who].dept === null || ROLES[who].dept === m.dept,
    },
    // one report: 403 when it may not be read; its previous answer follows the same rule
    {
      name: 'GET /reports/:id',
      read: (who) => many(reportIds.map((r) => `/reports/${r.id}`), who),
      shows: () => true,
      refused: (who) => reportIds.filter((r) => !mayRead(who, r)).length,
      itemAllowed: (who, m) => mayRead(who, m) && (m.round === 'R2' || mayRead(who, { dept: m.dept, state: 'submitted' })),
    },
    ...BASES.map<Route>((b) => ({
      name: `GET /rounds/:r/exports/progress.xlsx${basisQs(b)}`,
      read: (who) => viaRenderer([`/rounds/${R2}/exports/progress.xlsx${basisQs(b)}`], who),
      shows: (m) => m.round === 'R2' && m.field === 'narrative' && counts(m.state, b ?? 'accepted'),
      refused: (who) => (basisAllowed(who, b, null) ? 0 : 1),
      itemAllowed: (who) => basisAllowed(who, b, null),
    })),
    ...BASES.map<Route>((b) => ({
      name: `GET /rounds/:r/exports/progress.pdf${basisQs(b)}`,
      read: (who) => viaRenderer([`/rounds/${R2}/exports/progress.pdf${basisQs(b)}`], who),
      shows: (m) => m.round === 'R2' && m.field === 'narrative' && counts(m.state, b ?? 'accepted'),
      refused: (who) => (basisAllowed(who, b, null) ? 0 : 1),
      itemAllowed: (who) => basisAllowed(who, b, null),
    })),
    ...BASES.map<Route>((b) => ({
      name: `GET /plans/:p/nodes/:n/sheet.pdf${basisQs(b)}`,
      read: (who) => viaRenderer(nodeList().map((x) => `/plans/${planId}/nodes/${x.id}/sheet.pdf${basisQs(b)}`), who),
      shows: (m) => m.field === 'narrative' && counts(m.state, b ?? 'accepted'),
      refused: (who) => nodeList().filter((x) => !basisAllowed(who, b, x.dept)).length,
      itemAllowed: (who, m) => basisAllowed(who, b, m.dept),
    })),
    // the department workbook: the department's own items (every state) and their previous answers
    {
      name: 'GET /rounds/:r/exports/workbooks/:dept.xlsx',
      read: (who) => viaRenderer(DEPTS.map((d) => `/rounds/${R2}/exports/workbooks/${deptId[d]}.xlsx`), who),
      shows: (m) => m.field === 'narrative',
      refused: (who) => (ROLES[who].dept === null ? (ROLES[who].role === 'viewer' || ROLES[who].role === 'council' ? 2 : 0) : 1),
      itemAllowed: (who, m) => (ROLES[who].dept === null ? ROLES[who].role !== 'viewer' && ROLES[who].role !== 'council' : ROLES[who].dept === m.dept),
    },
    // job files: the same outputs made by background jobs and downloaded from GET /jobs/:id/file
    {
      name: 'POST progress.xlsx → GET /jobs/:id/file',
      read: (who) => viaRenderer([`/rounds/${R2}/exports/progress.xlsx?basis=${ROLES[who].role === 'viewer' || ROLES[who].role === 'council' ? 'accepted' : 'all'}`], who, 'POST'),
      shows: (m) => m.round === 'R2' && m.field === 'narrative',
      refused: () => 0,
    },
    {
      name: 'POST progress.pdf → GET /jobs/:id/file',
      read: (who) => viaRenderer([`/rounds/${R2}/exports/progress.pdf?basis=${ROLES[who].role === 'viewer' || ROLES[who].role === 'council' ? 'accepted' : 'all'}`], who, 'POST'),
      shows: (m) => m.round === 'R2' && m.field === 'narrative',
      refused: () => 0,
    },
    {
      name: 'POST sheet.pdf → GET /jobs/:id/file',
      // two items (a few jobs per user: job limits apply), the publication basis by default
      read: (who) => viaRenderer(JOB_ITEMS.map((k) => `/plans/${planId}/nodes/${item.get(k)}/sheet.pdf`), who, 'POST'),
      shows: (m) => m.field === 'narrative' && m.state === 'accepted',
      refused: () => 0,
      itemAllowed: (_who, m) => JOB_ITEMS.includes(m.item),
    },
  ];

  it('shows each role exactly the answers it may read, on every route, export and job file', async () => {
    const failures: string[] = [];
    for (const route of routes())
      for (const who of WHO) {
        const got = await route.read(who);
        const refused = got.statuses.filter((s) => s === 403).length;
        const other = got.statuses.filter((s) => s !== 200 && s !== 403);
        if (refused !== route.refused(who) || other.length) failures.push(`${route.name} as ${who}: statuses ${got.statuses.join(',')} (expected ${route.refused(who)} × 403)`);
        for (const m of markers) {
          const want = route.shows(m) && mayRead(who, m) && (route.itemAllowed?.(who, m) ?? true);
          const has = got.text.includes(m.text);
          if (want !== has) failures.push(`${route.name} as ${who}: 「${m.text}」 ${want ? 'missing' : 'LEAKED'}`);
        }
      }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses a basis beyond the reader’s reach with a Japanese message', async () => {
    const node = item.get('企画課/accepted')!;
    for (const path of [`/plans/${planId}/nodes/${node}/progress?basis=all`, `/plans/${planId}/nodes/${node}/sheet.pdf?basis=submitted`, `/rounds/${R2}/exports/progress.pdf?basis=submitted`]) {
      const r = await get(path, 'council');
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.buf.toString('utf8')).error.message).toMatch(/審議会委員の方は、事務局が確認した回答/);
    }
    const r = await get(`/plans/${planId}/nodes/${node}/progress?basis=all`, 'reporterA');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.buf.toString('utf8')).error.message).toMatch(/担当課ではない/);
  });
});
