/**
 * Exports as background jobs on both databases: POST on an export's URL starts a job, GET /jobs/:id
 * follows it, GET /jobs/:id/file downloads the file (stored in job_files) for whoever may see the
 * job. Failures leave a failed job with a Japanese message and no file; old files are removed; a
 * large PDF renders in a worker thread while the server keeps answering.
 * Fixture: tests/support/pdcaFixtures.ts (R1 closed, R2 open; 総務課・財政課・企画課 with items in R2).
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { jobFiles, jobs, planNodes, plans } from '../../src/db/schema.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { JOB_FILE_RETENTION_DAYS } from '../../src/modules/jobs/domain/files.js';
import { waitForJob } from '../../src/modules/jobs/runner.js';
import { renderer } from '../../src/modules/publish/pdf/offThread.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ExportJobStartDto } from '../../src/shared/api-types-exports.js';
import type { JobDto } from '../../src/shared/api-types-imports.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(backends())('export jobs on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let g: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new Map<string, Actor>();
  let as: Record<'secretariat' | 'somu' | 'viewer' | 'council' | 'foreign', string>;

  const actor = (id: string, role: Role, municipalityId: string, departmentIds: string[] = []): string => {
    actors.set(id, { id, name: `テスト ${role}`, role, municipalityId, departmentIds });
    return id;
  };
  const base = (fx: PdcaFixture = f) => `/api/m/${fx.municipality.code}`;

  async function call(method: 'GET' | 'POST', path: string, who?: string) {
    const headers: Record<string, string> = { 'x-requested-with': 'gyokaku' };
    if (who) headers['x-test-actor'] = who;
    const res = await app.request(path, { method, headers });
    const buf = Buffer.from(await res.arrayBuffer());
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, headers: res.headers, buf, json: (isJson ? JSON.parse(buf.toString('utf8')) : null) as unknown };
  }
  /** POST an export; 202 and the started job. */
  async function start(path: string, who = as.secretariat): Promise<JobDto> {
    const r = await call('POST', path, who);
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const job = (r.json as ExportJobStartDto).job;
    expect(r.headers.get('location')).toBe(`${base()}/jobs/${job.id}`);
    expect(['queued', 'running', 'done']).toContain(job.state);
    return job;
  }
  async function finished(job: JobDto, who = as.secretariat, fx: PdcaFixture = f): Promise<JobDto> {
    await waitForJob(job.id);
    const r = await call('GET', `${base(fx)}/jobs/${job.id}`, who);
    expect(r.status).toBe(200);
    return r.json as JobDto;
  }
  const fileRows = (jobId: string) => store.db.select().from(jobFiles).where(eq(jobFiles.jobId, jobId));
  const jobCount = async (municipalityId: string) =>
    (await store.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.municipalityId, municipalityId)))[0]!.n;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '出力ジョブ市');
    g = await buildPdcaFixture(store, '別の出力ジョブ市');
    as = {
      secretariat: actor('job-sec', 'secretariat', f.municipality.id),
      somu: actor('job-somu', 'dept_reporter', f.municipality.id, [f.departments.somu]),
      viewer: actor('job-viewer', 'viewer', f.municipality.id),
      council: actor('job-council', 'council', f.municipality.id),
      foreign: actor('job-foreign', 'secretariat', g.municipality.id),
    };
    app = createApp({ store, resolveActor: (req) => actors.get(req.headers.get('x-test-actor') ?? '') ?? demoAdministrator });
  });
  afterAll(async () => {
    await store.close();
  });

  it('makes the progress table (.xlsx) in a job; the file downloads with its Japanese name and exact bytes', async () => {
    const job = await start(`${base()}/rounds/${f.rounds.R1}/exports/progress.xlsx`);
    expect(job.kind).toBe('export.progress.xlsx');
    const done = await finished(job);
    expect(done).toMatchObject({ state: 'done', stateLabel: '完了', error: null });
    expect(done.progress).toBe(done.total);
    expect(done.total).toBeGreaterThan(0);
    expect(done.file).toMatchObject({ name: '令和6年度実績_実施状況.xlsx', contentType: XLSX, url: `${base()}/jobs/${job.id}/file` });
    expect(Date.parse(done.file!.expiresAt) - Date.parse(done.finishedAt!)).toBe(JOB_FILE_RETENTION_DAYS * 24 * 3600 * 1000);

    const r = await call('GET', done.file!.url, as.secretariat);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(XLSX);
    expect(r.headers.get('content-length')).toBe(String(done.file!.size));
    expect(r.headers.get('cache-control')).toContain('no-store');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="progress.xlsx"; filename*=UTF-8''${encodeURIComponent('令和6年度実績_実施状況.xlsx')}`,
    );
    const [row] = await fileRows(job.id);
    expect(row!.size).toBe(r.buf.length);
    expect(Buffer.compare(Buffer.from(row!.bytes), r.buf)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.buf as unknown as ArrayBuffer);
    expect(wb.getWorksheet('実施状況')).toBeDefined();

    const api = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(api.paths['/api/m/{code}/jobs/{jobId}/file']!)).toEqual(['get']);
    for (const p of ['/rounds/{roundId}/exports/progress.xlsx', '/rounds/{roundId}/exports/progress.pdf', '/rounds/{roundId}/exports/workbooks.zip', '/plans/{planId}/diagram.pdf'])
      expect(Object.keys(api.paths[`/api/m/{code}${p}`]!).sort()).toEqual(['get', 'post']);
  });

  it('makes the PDFs (table, 個票, 体系図) in jobs, served inline', async () => {
    for (const [path, name] of [
      [`/rounds/${f.rounds.R1}/exports/progress.pdf?basis=all`, `実施状況_出力ジョブ市_令和6年度実績.pdf`],
      [`/plans/${f.planId}/nodes/${f.nodes.A7}/sheet.pdf`, '個票_4_使用料・手数料の見直し.pdf'],
      [`/plans/${f.planId}/diagram.pdf?includeEnded=true`, '体系図_出力ジョブ市_第6次行政改革大綱.pdf'],
    ] as const) {
      const done = await finished(await start(`${base()}${path}`));
      expect(done.state, done.message).toBe('done');
      expect(done.file!.name).toBe(name);
      const r = await call('GET', done.file!.url, as.secretariat);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('content-disposition')).toMatch(/^inline; filename="[a-z]+\.pdf"; filename\*=UTF-8''%/);
      expect(r.buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    // the PDFs were laid out in the worker thread, not on the server's event loop
    expect(renderer.counts.worker).toBeGreaterThanOrEqual(3);
    expect(renderer.counts.inline).toBe(0);
  });

  it('makes the department workbooks: one per 課 with progress per 課, and a single 課', async () => {
    const before = { ...renderer.counts };
    const done = await finished(await start(`${base()}/rounds/${f.rounds.R2}/exports/workbooks.zip`));
    expect(done.state, done.message).toBe('done');
    const zip = await JSZip.loadAsync((await call('GET', done.file!.url, as.secretariat)).buf);
    const names = Object.keys(zip.files);
    expect(names.length).toBeGreaterThanOrEqual(2);
    // each 課's workbook was laid out in the worker thread
    expect(renderer.counts.worker - before.worker).toBe(names.length);
    expect(renderer.counts.inline).toBe(before.inline);
    // a step per department and one for the zip
    expect(done.total).toBe(names.length + 1);
    expect(done.file!.name).toBe('令和7年度実績_回答用ファイル.zip');

    const one = await finished(await start(`${base()}/rounds/${f.rounds.R2}/exports/workbooks/${f.departments.somu}.xlsx`, as.somu), as.somu);
    expect(one.file!.name).toBe('令和7年度実績_総務課.xlsx');
    expect((await call('GET', one.file!.url, as.somu)).status).toBe(200);
  });

  it('refuses at once what may not be exported, in Japanese, and starts no job', async () => {
    const before = await jobCount(f.municipality.id);
    const bad = await call('POST', `${base()}/rounds/${f.rounds.R1}/exports/progress.xlsx?basis=maybe`, as.secretariat);
    expect(bad.status).toBe(422);
    expect((bad.json as ApiErrorBody).error.fields![0]).toMatchObject({ path: 'basis' });
    expect((bad.json as ApiErrorBody).error.fields![0]!.message).toContain('accepted・submitted・all');
    const badDate = await call('POST', `${base()}/plans/${f.planId}/diagram.pdf?asOf=2025-02-30`, as.secretariat);
    expect(badDate.status).toBe(422);
    expect(JSON.stringify(badDate.json)).toContain('存在しない日付です');

    const council = await call('POST', `${base()}/rounds/${f.rounds.R1}/exports/progress.xlsx?basis=all`, as.council);
    expect(council.status).toBe(403);
    expect((council.json as ApiErrorBody).error.message).toContain('審議会委員');
    const zipByDept = await call('POST', `${base()}/rounds/${f.rounds.R2}/exports/workbooks.zip`, as.somu);
    expect(zipByDept.status).toBe(403);
    const otherDept = await call('POST', `${base()}/rounds/${f.rounds.R2}/exports/workbooks/${f.departments.zaisei}.xlsx`, as.somu);
    expect(otherDept.status).toBe(403);
    expect((otherDept.json as ApiErrorBody).error.message).toContain('他の課');
    const closed = await call('POST', `${base()}/rounds/${f.rounds.R1}/exports/workbooks.zip`, as.secretariat);
    expect(closed.status).toBeGreaterThanOrEqual(400);
    expect((closed.json as ApiErrorBody).error.message).toMatch(/照会/);
    expect((await call('POST', `${base()}/rounds/${randomUUID()}/exports/progress.pdf`, as.secretariat)).status).toBe(404);
    // another municipality's secretariat: the municipality does not exist for them
    expect((await call('POST', `${base()}/rounds/${f.rounds.R1}/exports/progress.xlsx`, as.foreign)).status).toBe(404);
    expect((await call('POST', `${base()}/plans/${f.planId}/diagram.pdf`, as.foreign)).status).toBe(404);
    expect(await jobCount(f.municipality.id)).toBe(before);
  });

  it('serves a job file only to whoever may see the job', async () => {
    const mine = await finished(await start(`${base()}/plans/${f.planId}/nodes/${f.nodes.A1}/sheet.pdf`, as.somu), as.somu);
    expect(mine.state).toBe('done');
    const url = mine.file!.url;
    expect((await call('GET', url, as.somu)).status).toBe(200);
    // the secretariat sees every job of its municipality
    expect((await call('GET', url, as.secretariat)).status).toBe(200);
    // another user of the same municipality without the office role: as if it did not exist
    for (const who of [as.viewer, as.council]) {
      const r = await call('GET', url, who);
      expect(r.status).toBe(404);
      expect((r.json as ApiErrorBody).error.message).toBe('処理が見つかりません。');
      expect(r.headers.get('content-disposition')).toBeNull();
    }
    // another municipality: through its own code or this one's, nothing
    const foreign = await call('GET', url, as.foreign);
    expect(foreign.status).toBe(404);
    expect((await call('GET', `${base(g)}/jobs/${mine.id}/file`, as.foreign)).status).toBe(404);
    expect((await call('GET', `${base(g)}/jobs/${mine.id}`, as.foreign)).status).toBe(404);
    expect((await call('GET', `${base()}/jobs/not-a-uuid/file`, as.secretariat)).status).toBe(404);
  });

  it('marks a failing export failed with a Japanese message, and stores no file', async () => {
    const job = await start(`${base()}/plans/${f.planId}/nodes/${randomUUID()}/sheet.pdf`);
    const failed = await finished(job);
    expect(failed).toMatchObject({ state: 'failed', stateLabel: '失敗', file: null, result: null });
    expect(failed.error!.message).toMatch(/見つかりません/);
    expect(failed.message).toBe(failed.error!.message);
    expect(await fileRows(job.id)).toHaveLength(0);
    const r = await call('GET', `${base()}/jobs/${job.id}/file`, as.secretariat);
    expect(r.status).toBe(409);
    expect((r.json as ApiErrorBody).error.message).toContain('この処理は失敗したため、ファイルはありません');
  });

  it('serves a file another process made (all state in the database), and not once it has expired', async () => {
    // as a second server process would have left it: no live state here, only rows
    const [row] = await store.db
      .insert(jobs)
      .values({
        municipalityId: f.municipality.id,
        kind: 'export.progress.pdf',
        state: 'done',
        progress: 3,
        total: 3,
        createdBy: 'job-sec',
        result: { file: { name: '別プロセス.pdf', contentType: 'application/pdf', size: 9 } },
        finishedAt: new Date(),
      })
      .returning();
    const bytes = new TextEncoder().encode('%PDF-1.7\n');
    await store.db.insert(jobFiles).values({ municipalityId: f.municipality.id, jobId: row!.id, fileName: '別プロセス.pdf', contentType: 'application/pdf', size: 9, bytes });
    const r = await call('GET', `${base()}/jobs/${row!.id}/file`, as.secretariat);
    expect(r.status).toBe(200);
    expect(r.buf.toString('latin1')).toBe('%PDF-1.7\n');

    const old = new Date(Date.now() - (JOB_FILE_RETENTION_DAYS + 1) * 24 * 3600 * 1000);
    await store.db.update(jobFiles).set({ createdAt: old }).where(and(eq(jobFiles.municipalityId, f.municipality.id), eq(jobFiles.jobId, row!.id)));
    const gone = await call('GET', `${base()}/jobs/${row!.id}/file`, as.secretariat);
    expect(gone.status).toBe(404);
    expect((gone.json as ApiErrorBody).error.message).toContain(`保存期間（${JOB_FILE_RETENTION_DAYS}日）を過ぎた`);
  });

  it('removes expired files of the municipality when it starts another file job, and only those', async () => {
    const make = async (fx: PdcaFixture, age: number) => {
      const [row] = await store.db
        .insert(jobs)
        .values({ municipalityId: fx.municipality.id, kind: 'export.sheet.pdf', state: 'done', createdBy: 'x', result: { file: { name: 'a.pdf', contentType: 'application/pdf', size: 1 } } })
        .returning();
      const createdAt = new Date(Date.now() - age * 24 * 3600 * 1000);
      await store.db.insert(jobFiles).values({ municipalityId: fx.municipality.id, jobId: row!.id, fileName: 'a.pdf', contentType: 'application/pdf', size: 1, bytes: new Uint8Array([1]), createdAt });
      return row!.id;
    };
    const expired = await make(f, JOB_FILE_RETENTION_DAYS + 1);
    const recent = await make(f, JOB_FILE_RETENTION_DAYS - 1);
    const othersExpired = await make(g, JOB_FILE_RETENTION_DAYS + 1);
    await finished(await start(`${base()}/plans/${f.planId}/diagram.pdf`));
    expect(await fileRows(expired)).toHaveLength(0);
    expect(await fileRows(recent)).toHaveLength(1);
    // tenant-scoped: another municipality's files wait for its own next job
    expect(await fileRows(othersExpired)).toHaveLength(1);
  });

  it('keeps answering other requests while a large PDF renders', async () => {
    // a plan of 12 × 6 × 8 items: its 体系図 takes pdfmake a second or more of CPU
    const mid = f.municipality.id;
    const planId = randomUUID();
    await store.db.insert(plans).values({
      municipalityId: mid,
      id: planId,
      kind: '行政改革大綱',
      title: '大きな計画',
      firstFiscalYear: 2024,
      lastFiscalYear: 2027,
      stage: '決定',
      levelNames: ['重点項目', '施策', '実施項目'],
      phases: DEFAULT_PHASES,
    });
    const node = (id: string, parentId: string | null, depth: number, sortOrder: number, title: string) => ({
      municipalityId: mid,
      id,
      planId,
      parentId,
      depth,
      sortOrder,
      number: String(sortOrder),
      title,
      isAction: depth === 2,
      effectiveFrom: '2024-04-01',
    });
    const tops = Array.from({ length: 12 }, (_, a) => node(randomUUID(), null, 0, a + 1, `重点項目${a + 1} 持続可能な行財政運営の推進`));
    const mids = tops.flatMap((t, a) => Array.from({ length: 6 }, (_, b) => node(randomUUID(), t.id, 1, b + 1, `施策${a + 1}-${b + 1} 事務事業の見直しと業務改善`)));
    const leaves = mids.flatMap((m, i) => Array.from({ length: 8 }, (_, c) => node(randomUUID(), m.id, 2, c + 1, `実施項目${i}-${c + 1} 窓口業務のデジタル化と書かない窓口の導入`)));
    await store.db.insert(planNodes).values(tops);
    await store.db.insert(planNodes).values(mids);
    for (let i = 0; i < leaves.length; i += 200) await store.db.insert(planNodes).values(leaves.slice(i, i + 200));

    const job = await start(`${base()}/plans/${planId}/diagram.pdf`);
    const done = waitForJob(job.id)!;
    let finishedAt = 0;
    void done.then(() => (finishedAt = Date.now()));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let answeredWhileRendering = 0;
    let firstTick = -1;
    let lastTick = -1;
    try {
      // cheap requests, one after another, until the job is over; the pause stands for the network
      // (PGlite answers within microtasks, so back-to-back calls would never let timers or the worker's answer in)
      while (!finishedAt) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const r = await call('GET', `${base()}/jobs/${job.id}`, as.secretariat);
        expect(r.status).toBe(200);
        const state = r.json as JobDto;
        if (state.state === 'running' && state.message === 'PDFを作成しています') {
          answeredWhileRendering++;
          if (firstTick < 0) firstTick = ticks;
          lastTick = ticks;
        }
      }
    } finally {
      clearInterval(timer);
    }
    const final = await finished(job);
    expect(final.state, final.message).toBe('done');
    expect(final.file!.size).toBeGreaterThan(10_000);
    // rendered on this thread, no request would be answered while pdfmake runs (the job moves on to
    // saving the moment it returns); off the thread, requests and timers keep going
    expect(answeredWhileRendering).toBeGreaterThanOrEqual(5);
    expect(lastTick - firstTick).toBeGreaterThan(0);
  });
});
