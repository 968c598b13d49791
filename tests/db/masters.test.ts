import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import type { ApiErrorBody, DepartmentDto, MunicipalityDto, PlanDto, TagDto } from '../../src/shared/api-types.js';
import { createTestMunicipality, backends, openTestStore } from '../support/stores.js';

describe.each(backends())('municipalities, departments, tags and plans over HTTP on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let code: string;
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = createApp({ store });
    code = (await createTestMunicipality(store.db, 'マスタ市')).code;
  });
  afterAll(() => store.close());

  it('registers a municipality only with a correct check digit and prefecture', async () => {
    const bad = await call<ApiErrorBody>('POST', '/api/municipalities', { code: '432042', name: '誤り市', prefecture: '熊本県' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields![0]).toMatchObject({ path: 'code', message: expect.stringContaining('検査数字') });
    // a random free code in 北海道 (01)
    let created: { status: number; body: MunicipalityDto } | undefined;
    for (let i = 0; i < 20 && created?.status !== 201; i++) {
      const c = withCheckDigit('01' + String(100 + Math.floor(Math.random() * 900)));
      created = await call<MunicipalityDto>('POST', '/api/municipalities', { code: c, name: '新規町', prefecture: '' });
    }
    expect(created!.status).toBe(201);
    expect(created!.body.prefecture).toBe('北海道');
    const dup = await call<ApiErrorBody>('POST', '/api/municipalities', { code: created!.body.code, name: '重複', prefecture: '' });
    expect(dup.status).toBe(409);
    const wrongPref = await call<ApiErrorBody>('POST', '/api/municipalities', { code: withCheckDigit('13999'), name: 'x', prefecture: '大阪府' });
    expect(wrongPref.body.error.fields![0]!.message).toContain('東京都');
  });

  it('keeps a renamed 課 with its validity period and successor', async () => {
    const bu = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '総務部', kind: '部' });
    const old = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '行政改革推進室', kind: '室', parentId: bu.body.id, validTo: '2025-04-01' });
    const renamed = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: 'DX推進課', kind: '課', parentId: bu.body.id, validFrom: '2025-04-01' });
    const upd = await call<DepartmentDto>('PATCH', `/api/m/${code}/departments/${old.body.id}`, {
      name: '行政改革推進室',
      kind: '室',
      parentId: bu.body.id,
      validTo: '2025-04-01',
      successorId: renamed.body.id,
    });
    expect(upd.status).toBe(200);
    const list = await call<{ items: DepartmentDto[] }>('GET', `/api/m/${code}/departments`);
    const byName = Object.fromEntries(list.body.items.map((d) => [d.name, d]));
    expect(byName['行政改革推進室']).toMatchObject({ active: false, successorId: renamed.body.id, parentId: bu.body.id });
    expect(byName['DX推進課']!.active).toBe(true);
    const badRange = await call<ApiErrorBody>('POST', `/api/m/${code}/departments`, { name: 'x', kind: '課', validFrom: '2026-04-01', validTo: '2026-04-01' });
    expect(badRange.body.error.fields).toEqual([{ path: 'validTo', message: '廃止日は設置日より後の日付にしてください。' }]);
  });

  it('creates and renames tags, refusing duplicates', async () => {
    const t = await call<TagDto>('POST', `/api/m/${code}/tags`, { name: '官民連携', category: '全庁横断的な取組' });
    expect(t.status).toBe(201);
    expect((await call('POST', `/api/m/${code}/tags`, { name: '官民連携', category: '全庁横断的な取組' })).status).toBe(409);
    const r = await call<TagDto>('PATCH', `/api/m/${code}/tags/${t.body.id}`, { name: '官民連携の推進', category: '全庁横断的な取組' });
    expect(r.body.name).toBe('官民連携の推進');
  });

  it('registers a plan with stages, a parent and a phase vocabulary; validates the period', async () => {
    const bad = await call<ApiErrorBody>('POST', `/api/m/${code}/plans`, { kind: '行政改革大綱', title: '大綱', firstFiscalYear: 2030, lastFiscalYear: 2026, levelNames: ['基本方針'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([{ path: 'lastFiscalYear', message: '終了年度は開始年度以降にしてください。' }]);
    const taiko = await call<PlanDto>('POST', `/api/m/${code}/plans`, {
      kind: '行政改革大綱',
      title: '第七次行政改革大綱',
      firstFiscalYear: 2026,
      lastFiscalYear: 2030,
      philosophy: '市民とともに',
      levelNames: ['基本方針', '重点項目', '施策', '実施項目'],
      stages: [
        { stage: '素案', date: '2025-10-01' },
        { stage: '決定', date: '2026-03-25' },
      ],
    });
    expect(taiko.status).toBe(201);
    expect(taiko.body.stage).toBe('決定');
    const dx = await call<PlanDto>('POST', `/api/m/${code}/plans`, {
      kind: 'DX推進計画',
      title: 'DX推進計画',
      firstFiscalYear: 2026,
      lastFiscalYear: 2029,
      parentPlanId: taiko.body.id,
      levelNames: ['施策', '取組事項'],
      phases: [
        { code: 'kento', label: '検討' },
        { code: 'donyu', label: '導入' },
        { code: 'unyo', label: '運用', symbol: '→' },
      ],
      links: [{ planId: taiko.body.id, relation: '関連' }],
    });
    expect(dx.status).toBe(201);
    expect(dx.body.parentPlanId).toBe(taiko.body.id);
    expect(dx.body.links).toEqual([{ planId: taiko.body.id, title: '第七次行政改革大綱', relation: '関連' }]);
    const stage = await call<PlanDto>('POST', `/api/m/${code}/plans/${taiko.body.id}/stages`, { stage: '改訂', date: '2028-03-20', note: '中間見直し' });
    expect(stage.body.stage).toBe('改訂');
    expect(stage.body.stages.map((s) => s.stage)).toEqual(['素案', '決定', '改訂']);
    const patched = await call<PlanDto>('PATCH', `/api/m/${code}/plans/${taiko.body.id}`, { version: stage.body.version, title: '第七次行政改革大綱（改訂版）' });
    expect(patched.body.title).toBe('第七次行政改革大綱（改訂版）');
    const stale = await call<ApiErrorBody>('PATCH', `/api/m/${code}/plans/${taiko.body.id}`, { version: stage.body.version, title: '古い版から' });
    expect(stale.status).toBe(409);
  });
});
