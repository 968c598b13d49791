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
    expect(old.body.version).toBe(1);
    // Only the successor is sent: the other fields keep their stored values.
    const upd = await call<DepartmentDto>('PATCH', `/api/m/${code}/departments/${old.body.id}`, { version: old.body.version, successorId: renamed.body.id });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: '行政改革推進室', kind: '室', parentId: bu.body.id, validTo: '2025-04-01', successorId: renamed.body.id, version: 2 });
    const list = await call<{ items: DepartmentDto[] }>('GET', `/api/m/${code}/departments`);
    const byName = Object.fromEntries(list.body.items.map((d) => [d.name, d]));
    expect(byName['行政改革推進室']).toMatchObject({ active: false, successorId: renamed.body.id, parentId: bu.body.id });
    expect(byName['DX推進課']!.active).toBe(true);
    const badRange = await call<ApiErrorBody>('POST', `/api/m/${code}/departments`, { name: 'x', kind: '課', validFrom: '2026-04-01', validTo: '2026-04-01' });
    expect(badRange.body.error.fields).toEqual([{ path: 'validTo', message: '廃止日は設置日より後の日付にしてください。' }]);
  });

  it('keeps a 組織コード per department: set, changed, cleared, and refused when another department has it', async () => {
    const a = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '財政課', kind: '課', code: ' B0102 ' });
    expect(a.status).toBe(201);
    expect(a.body.code).toBe('B0102');
    const b = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '税務課', kind: '課' });
    expect(b.body.code).toBeNull();
    // a code already in use: refused beside the field, naming the department that has it; nothing saved
    const taken = await call<ApiErrorBody>('PATCH', `/api/m/${code}/departments/${b.body.id}`, { version: b.body.version, code: 'B0102' });
    expect(taken.status).toBe(422);
    expect(taken.body.error.fields).toEqual([{ path: 'code', message: '組織コード「B0102」は「財政課」に使われています。別のコードにしてください。' }]);
    const set = await call<DepartmentDto>('PATCH', `/api/m/${code}/departments/${b.body.id}`, { version: b.body.version, code: 'B0103' });
    expect(set.body).toMatchObject({ code: 'B0103', version: 2 });
    // saving a department with its own code again is no conflict with itself; an empty code clears it
    expect((await call<DepartmentDto>('PATCH', `/api/m/${code}/departments/${a.body.id}`, { version: 1, code: 'B0102', name: '財政課' })).status).toBe(200);
    const cleared = await call<DepartmentDto>('PATCH', `/api/m/${code}/departments/${b.body.id}`, { version: 2, code: '' });
    expect(cleared.body.code).toBeNull();
    const other = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '資産税課', kind: '課', code: '' });
    expect(other.body.code).toBeNull();
  });

  it('creates and renames tags, refusing duplicates', async () => {
    const t = await call<TagDto>('POST', `/api/m/${code}/tags`, { name: '官民連携', category: '全庁横断的な取組' });
    expect(t.status).toBe(201);
    expect((await call('POST', `/api/m/${code}/tags`, { name: '官民連携', category: '全庁横断的な取組' })).status).toBe(409);
    const r = await call<TagDto>('PATCH', `/api/m/${code}/tags/${t.body.id}`, { version: t.body.version, name: '官民連携の推進', category: '全庁横断的な取組' });
    expect(r.body).toMatchObject({ name: '官民連携の推進', version: t.body.version + 1 });
  });

  it('refuses a department edit made from an older version and keeps the first editor\'s change', async () => {
    const d = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '企画課', kind: '課', validFrom: '2020-04-01' });
    const path = `/api/m/${code}/departments/${d.body.id}`;
    expect(d.body.version).toBe(1);

    // Both editors opened version 1; the first saves.
    const first = await call<DepartmentDto>('PATCH', path, { version: 1, name: '企画政策課' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: '企画政策課', kind: '課', validFrom: '2020-04-01', version: 2 });

    const second = await call<ApiErrorBody>('PATCH', path, { version: 1, name: '企画調整課', kind: '室' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    expect(second.body.error.message).toContain('この組織は他の人が先に変更しました（あなたが編集を始めた版: 1、保存されている版: 2）。');
    expect(second.body.error.current).toEqual(first.body);

    const stored = (await call<{ items: DepartmentDto[] }>('GET', `/api/m/${code}/departments`)).body.items.find((x) => x.id === d.body.id);
    expect(stored).toEqual(first.body);

    // Re-saving on the stored version is a deliberate overwrite.
    const again = await call<DepartmentDto>('PATCH', path, { version: 2, name: '企画調整課', kind: '室' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ name: '企画調整課', kind: '室', validFrom: '2020-04-01', version: 3 });

    // Sent at the same moment from the same version: exactly one wins.
    const racing = await Promise.all([
      call<DepartmentDto>('PATCH', path, { version: 3, validTo: '2030-04-01' }),
      call<DepartmentDto>('PATCH', path, { version: 3, validTo: '2031-04-01' }),
    ]);
    expect(racing.map((x) => x.status).sort()).toEqual([200, 409]);
    const winner = racing.find((x) => x.status === 200)!.body;
    const after = (await call<{ items: DepartmentDto[] }>('GET', `/api/m/${code}/departments`)).body.items.find((x) => x.id === d.body.id);
    expect(after).toMatchObject({ validTo: winner.validTo, version: 4 });
  });

  it('requires the version on a department or tag edit, in Japanese', async () => {
    const d = await call<DepartmentDto>('POST', `/api/m/${code}/departments`, { name: '版数確認課', kind: '課' });
    const noVersion = await call<ApiErrorBody>('PATCH', `/api/m/${code}/departments/${d.body.id}`, { name: '版数なし課', kind: '課' });
    expect(noVersion.status).toBe(422);
    expect(noVersion.body.error.fields).toEqual([{ path: 'version', message: expect.stringContaining('版数(version)を指定してください。') }]);
    const zero = await call<ApiErrorBody>('PATCH', `/api/m/${code}/departments/${d.body.id}`, { version: 0, name: '版数なし課' });
    expect(zero.status).toBe(422);
    expect(zero.body.error.fields).toEqual([{ path: 'version', message: '版数(version)は正の整数で指定してください。' }]);
    const emptyName = await call<ApiErrorBody>('PATCH', `/api/m/${code}/departments/${d.body.id}`, { version: 1, name: '  ' });
    expect(emptyName.status).toBe(422);
    expect(emptyName.body.error.fields).toEqual([{ path: 'name', message: '課名を入力してください。' }]);

    const t = await call<TagDto>('POST', `/api/m/${code}/tags`, { name: '版数確認', category: '視点' });
    const tagNoVersion = await call<ApiErrorBody>('PATCH', `/api/m/${code}/tags/${t.body.id}`, { name: '版数なし', category: '視点' });
    expect(tagNoVersion.status).toBe(422);
    expect(tagNoVersion.body.error.fields).toEqual([{ path: 'version', message: expect.stringContaining('版数(version)を指定してください。') }]);
    // Nothing was written by the refused edits.
    const list = (await call<{ items: DepartmentDto[] }>('GET', `/api/m/${code}/departments`)).body.items;
    expect(list.find((x) => x.id === d.body.id)).toMatchObject({ name: '版数確認課', version: 1 });
  });

  it('tells a stale tag edit (conflict, with the stored tag) apart from a duplicate name (duplicate)', async () => {
    const t = await call<TagDto>('POST', `/api/m/${code}/tags`, { name: '業務改善', category: '視点' });
    await call<TagDto>('POST', `/api/m/${code}/tags`, { name: '人材育成', category: '視点' });
    const path = `/api/m/${code}/tags/${t.body.id}`;
    expect(t.body.version).toBe(1);

    const first = await call<TagDto>('PATCH', path, { version: 1, name: '業務改革', category: '視点' });
    expect(first.body).toMatchObject({ name: '業務改革', version: 2 });
    const second = await call<ApiErrorBody>('PATCH', path, { version: 1, name: '業務の見直し', category: '視点' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    expect(second.body.error.message).toContain('このタグは他の人が先に変更しました（あなたが編集を始めた版: 1、保存されている版: 2）。');
    expect(second.body.error.current).toEqual(first.body);
    const stored = (await call<{ items: TagDto[] }>('GET', `/api/m/${code}/tags`)).body.items.find((x) => x.id === t.body.id);
    expect(stored).toEqual(first.body);

    const dup = await call<ApiErrorBody>('PATCH', path, { version: 2, name: '人材育成', category: '視点' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate');
    expect(dup.body.error.current).toBeUndefined();
    expect(dup.body.error.fields).toEqual([{ path: 'name', message: expect.stringContaining('同じ名前のタグが既にあります') }]);
    const dupNew = await call<ApiErrorBody>('POST', `/api/m/${code}/tags`, { name: '人材育成', category: '視点' });
    expect(dupNew.body.error.code).toBe('duplicate');

    const again = await call<TagDto>('PATCH', path, { version: 2, name: '業務の見直し', category: '視点' });
    expect(again.body).toMatchObject({ name: '業務の見直し', version: 3 });
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
