/**
 * Onboarding on both databases: the operators' commands (municipality, first administrator),
 * the organisation and staff CSV imports (dry run by row, all-or-nothing commit, update by code,
 * Shift_JIS), activation codes and account activation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openStore, type Store } from '../../src/db/client.js';
import { auditLog, departments, municipalities, users } from '../../src/db/schema.js';
import { createAdministrator } from '../../src/cli/admin.js';
import { createMunicipalityByCommand } from '../../src/cli/municipality.js';
import { CliError } from '../../src/cli/common.js';
import { operatorActor } from '../../src/cli/operator.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import type { ActivationReissueDto, ImportResultDto, UserImportResultDto } from '../../src/shared/api-types-onboarding.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/onboarding');
const fixture = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(new TextEncoder().encode(text));
const ADMIN_PASSWORD = 'kanri-no-pasuwado-2026';
const HEADERS = { 'x-requested-with': 'gyokaku', origin: 'http://localhost' };

async function freshCode(store: Store): Promise<string> {
  for (;;) {
    const code = withCheckDigit(String(10000 + Math.floor(Math.random() * 37000)).padStart(5, '0'));
    if (Number(code.slice(0, 2)) < 1 || Number(code.slice(0, 2)) > 47) continue;
    const rows = await store.db.select().from(municipalities).where(eq(municipalities.code, code));
    if (!rows.length) return code;
  }
}

describe.each(backends())('onboarding on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let m: { id: string; code: string };
  let cookie: string;

  const post = (url: string, body: unknown, extra: Record<string, string> = {}) =>
    app.request(url, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });
  const upload = (url: string, bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'text/csv' }), 'import.csv');
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return app.request(url, { method: 'POST', headers: { ...HEADERS, cookie }, body: form });
  };
  const login = (loginId: string, password: string) => post('/api/auth/login', { municipalityCode: m.code, loginId, password });
  const auditRows = () => store.db.select().from(auditLog).where(eq(auditLog.municipalityId, m.id));
  const deptRows = () => store.db.select().from(departments).where(eq(departments.municipalityId, m.id));

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '導入市');
    app = createApp({ store, auth: 'required' });
    await createAdministrator(store, { municipalityCode: m.code, loginId: 'admin', name: '情報政策課 管理者', password: ADMIN_PASSWORD });
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  }, 120_000);
  afterAll(() => store.close());

  describe('commands', () => {
    it('registers a municipality with an audit row naming the OS user, and refuses bad or taken codes', async () => {
      const code = await freshCode(store);
      const row = await createMunicipalityByCommand(store, { code, name: '試験市' }, operatorActor('opuser'));
      expect(row.code).toBe(code);
      const audit = await store.db.select().from(auditLog).where(eq(auditLog.municipalityId, row.id));
      expect(audit.map((a) => [a.action, a.actor])).toEqual([['municipality.create', 'system:OSユーザー opuser（コマンド）']]);
      await expect(createMunicipalityByCommand(store, { code, name: '二重市' })).rejects.toThrow(/既に登録されています/);
      const bad = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
      await expect(createMunicipalityByCommand(store, { code: bad, name: '誤り市' })).rejects.toThrow(/検査数字/);
      // no demo data, no account came with it
      expect(await store.db.select().from(users).where(eq(users.municipalityId, row.id))).toEqual([]);
      expect(await store.db.select().from(departments).where(eq(departments.municipalityId, row.id))).toEqual([]);
    });

    it('creates a system administrator with a generated password shown once; refuses unknown municipality and taken id', async () => {
      const created = await createAdministrator(store, { municipalityCode: m.code, loginId: 'admin2', name: '副管理者' }, operatorActor('opuser'));
      expect(created.generatedPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
      expect((await login('admin2', created.generatedPassword!)).status).toBe(200);
      const [u] = await store.db.select().from(users).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'admin2')));
      expect(u!.role).toBe('system_admin');
      const audit = (await auditRows()).find((a) => a.action === 'user.create' && a.entityId === u!.id)!;
      expect(audit.actor).toBe('system:OSユーザー opuser（コマンド）');
      expect(JSON.stringify(audit)).not.toMatch(/argon2|password/i);
      await expect(createAdministrator(store, { municipalityCode: m.code, loginId: 'admin2', name: 'x', password: ADMIN_PASSWORD })).rejects.toThrow(
        /ログインID「admin2」は既に使われています/,
      );
      const unknown = await freshCode(store);
      const err = await createAdministrator(store, { municipalityCode: unknown, loginId: 'a1', name: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as Error).message).toMatch(new RegExp(`団体コード ${unknown} の団体は登録されていません`));
      await expect(createAdministrator(store, { municipalityCode: m.code, loginId: 'admin3', name: 'x', password: 'short' })).rejects.toThrow(/12文字以上/);
    });
  });

  describe('organisation CSV', () => {
    it('dry run: every error kind, in Japanese, naming row and column; nothing written', async () => {
      const res = await upload(`/api/m/${m.code}/onboarding/departments/import?dryRun=1`, fixture('org-errors.csv'));
      expect(res.status).toBe(200);
      const r = (await res.json()) as ImportResultDto;
      expect(r.dryRun).toBe(true);
      const byLine = new Map(r.rows.map((row) => [row.line, row]));
      expect(byLine.get(2)!.action).toBe('create');
      const msg = (line: number) => byLine.get(line)!.errors.map((e) => `${e.column}|${e.message}`).join('\n');
      expect(msg(3)).toMatch(/上位組織コード\|3行目「上位組織コード」: 組織コード「999」は、このファイルにも登録済みの組織にもありません/);
      expect(msg(4)).toMatch(/組織コード\|4行目「組織コード」: 組織コード「110」は3行目と重複しています/);
      expect(msg(5)).toMatch(/5行目「上位組織コード」: 上位組織が循環しています（400 → 410 → 400）/);
      expect(msg(6)).toMatch(/6行目「上位組織コード」: 上位組織が循環しています/);
      expect(msg(7)).toMatch(/7行目「種別」: 種別「部会」は使えません/);
      expect(msg(8)).toMatch(/8行目「有効開始日」: 「2026-02-30」を日付として読み取れません/);
      expect(msg(9)).toMatch(/9行目「有効終了日」: 有効終了日（2025-03-31）は有効開始日（2026-04-01）より後の日付/);
      expect(r.summary).toMatchObject({ total: 8, create: 1, errors: 7 });
      expect(await deptRows()).toEqual([]);
    });

    it('commit with one bad row writes nothing (422 with the rows)', async () => {
      const good = fs.readFileSync(path.join(FIXTURES, 'org-arao.csv'), 'utf8');
      const oneBad = good.replace('320,市民課,課,300', '320,市民課,課,999');
      const res = await upload(`/api/m/${m.code}/onboarding/departments/import`, utf8(oneBad));
      expect(res.status).toBe(422);
      const body = (await res.json()) as ApiErrorBody;
      expect(body.error.code).toBe('import_invalid');
      expect(body.error.fields).toEqual([{ path: 'rows.11.上位組織コード', message: expect.stringContaining('11行目「上位組織コード」') }]);
      expect((body.error.current as ImportResultDto).summary.errors).toBe(1);
      expect(await deptRows()).toEqual([]);
    });

    it('commits a whole organisation, then updates by code from a Shift_JIS file', async () => {
      const dry = (await (await upload(`/api/m/${m.code}/onboarding/departments/import?dryRun=1`, fixture('org-arao.csv'))).json()) as ImportResultDto;
      expect(dry.encoding).toBe('UTF-8（BOM付き）');
      expect(dry.summary).toMatchObject({ total: 10, create: 10, errors: 0 });
      const res = await upload(`/api/m/${m.code}/onboarding/departments/import`, fixture('org-arao.csv'), { basis: dry.basis });
      expect(res.status).toBe(200);
      expect(((await res.json()) as ImportResultDto).committed).toBe(true);
      const rows = await deptRows();
      expect(rows).toHaveLength(10);
      const byCode = new Map(rows.map((d) => [d.code, d]));
      expect(byCode.get('211')!.parentId).toBe(byCode.get('210')!.id);
      expect(byCode.get('120')!.validFrom).toBe('2026-04-01'); // 令和8年4月1日
      expect(byCode.get('110')!.validFrom).toBe('2026-04-01'); // 2026/4/1

      const sjis = await upload(`/api/m/${m.code}/onboarding/departments/import?dryRun=1`, fixture('org-arao-sjis.csv'));
      const preview = (await sjis.json()) as ImportResultDto;
      expect(preview.encoding).toBe('Shift_JIS');
      expect(preview.summary).toMatchObject({ update: 1, unchanged: 9, create: 0 });
      expect(preview.rows.find((r) => r.action === 'update')!.changes).toEqual([{ column: '名称', before: '総務課', after: '総務課（改）' }]);
      // a stale basis (someone changed a department since the dry run) refuses the commit
      expect((await upload(`/api/m/${m.code}/onboarding/departments/import`, fixture('org-arao-sjis.csv'), { basis: dry.basis })).status).toBe(409);
      const commit = await upload(`/api/m/${m.code}/onboarding/departments/import`, fixture('org-arao-sjis.csv'), { basis: preview.basis });
      expect(commit.status).toBe(200);
      const after = (await deptRows()).find((d) => d.code === '110')!;
      expect(after.name).toBe('総務課（改）');
      expect(after.version).toBe(2);
      expect(after.id).toBe(byCode.get('110')!.id);
      const actions = (await auditRows()).map((a) => a.action);
      expect(actions.filter((a) => a === 'department.create')).toHaveLength(10);
      expect(actions.filter((a) => a === 'department.update')).toHaveLength(1);
      expect(actions.filter((a) => a === 'department.import')).toHaveLength(2);
    });
  });

  describe('staff CSV and activation', () => {
    let codes: UserImportResultDto['activationCodes'];

    it('refuses a file with a password column', async () => {
      const res = await upload(`/api/m/${m.code}/onboarding/users/import?dryRun=1`, fixture('staff-password.csv'));
      expect(res.status).toBe(422);
      const body = (await res.json()) as ApiErrorBody;
      expect(body.error.fields![0]!.path).toBe('file');
      expect(body.error.message).toMatch(/パスワードの列（「初期パスワード」）があるファイルは取り込めません/);
    });

    it('dry run then commit: codes returned once, as JSON and CSV; no hash anywhere', async () => {
      const dry = (await (await upload(`/api/m/${m.code}/onboarding/users/import?dryRun=1`, fixture('staff-arao.csv'))).json()) as UserImportResultDto;
      expect(dry.summary).toMatchObject({ total: 5, create: 5, errors: 0 });
      expect(dry.activationCodes).toEqual([]);
      const res = await upload(`/api/m/${m.code}/onboarding/users/import`, fixture('staff-arao.csv'), { basis: dry.basis });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toMatch(/argon2|passwordHash|activationCodeHash/);
      const r = JSON.parse(text) as UserImportResultDto;
      codes = r.activationCodes;
      expect(codes.map((c) => c.loginId)).toEqual(['gyokaku-jimu', 'soumu01', 'zaisei-kacho', 'kurashi01', 'honbu01']);
      expect(r.activationCsv.startsWith('\ufeff団体コード,ログインID,氏名,有効化コード,有効期限\r\n')).toBe(true);
      expect(r.activationCsv).toContain(`${m.code},soumu01,総務 太郎,${codes[1]!.code},`);
      const [kacho] = await store.db.select().from(users).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'zaisei-kacho')));
      expect(kacho!.role).toBe('dept_approver');
      expect(kacho!.passwordHash).toBeNull();
      expect(kacho!.activationCodeHash).toMatch(/^[0-9a-f]{64}$/);
      const audits = JSON.stringify(await auditRows());
      expect(audits).not.toMatch(/argon2/);
      for (const c of codes) expect(audits).not.toContain(c.code);
      expect(audits).not.toContain(kacho!.activationCodeHash!);
      // a second dry run: every row unchanged; codes are not shown again
      const again = (await (await upload(`/api/m/${m.code}/onboarding/users/import?dryRun=1`, fixture('staff-arao.csv'))).json()) as UserImportResultDto;
      expect(again.summary).toMatchObject({ unchanged: 5 });
    });

    it('login before activation says so; activation works once; wrong, reused and expired codes refused alike', async () => {
      const soumu = codes.find((c) => c.loginId === 'soumu01')!;
      const before = await login('soumu01', 'anything-at-all-123');
      expect(before.status).toBe(401);
      // the same answer as a wrong password (no hint that the ID exists), which reminds of the activation step
      expect(((await before.json()) as ApiErrorBody).error).toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('有効化コード') });
      const newPassword = 'soumu-no-atarashii-pw';
      // no session needed, but the CSRF header is, as for login
      const noHeader = await app.request('/api/activate', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ municipalityCode: m.code, loginId: 'soumu01', code: soumu.code, newPassword }) });
      expect(noHeader.status).toBe(403);
      const wrong = await post('/api/activate', { municipalityCode: m.code, loginId: 'soumu01', code: 'AAAA-BBBB-CCCC-DDDD', newPassword });
      expect(wrong.status).toBe(400);
      const generic = ((await wrong.json()) as ApiErrorBody).error.message;
      expect(generic).toMatch(/有効化コードが正しくないか、有効期限が切れています/);
      const weak = await post('/api/activate', { municipalityCode: m.code, loginId: 'soumu01', code: soumu.code, newPassword: 'short' });
      expect(weak.status).toBe(422);
      const ok = await post('/api/activate', { municipalityCode: m.code, loginId: 'soumu01', code: soumu.code.toLowerCase().replace(/-/g, ' '), newPassword });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, loginId: 'soumu01' });
      const reused = await post('/api/activate', { municipalityCode: m.code, loginId: 'soumu01', code: soumu.code, newPassword: 'mata-betsu-no-pw-123' });
      expect(reused.status).toBe(400);
      expect(((await reused.json()) as ApiErrorBody).error.message).toBe(generic);
      expect((await login('soumu01', newPassword)).status).toBe(200);

      const honbu = codes.find((c) => c.loginId === 'honbu01')!;
      await store.db.update(users).set({ activationExpiresAt: new Date(Date.now() - 1000) }).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'honbu01')));
      const expired = await post('/api/activate', { municipalityCode: m.code, loginId: 'honbu01', code: honbu.code, newPassword });
      expect(expired.status).toBe(400);
      expect(((await expired.json()) as ApiErrorBody).error.message).toBe(generic);
      const audit = (await auditRows()).filter((a) => a.action === 'auth.activation_failed').map((a) => (a.after as { reason: string }).reason);
      expect(audit).toEqual(expect.arrayContaining(['wrong_code', 'already_activated', 'expired_or_none']));
    });

    it('re-issue invalidates the old code; refused for an activated account', async () => {
      const kurashi = codes.find((c) => c.loginId === 'kurashi01')!;
      const res = await app.request(`/api/m/${m.code}/users/${kurashi.userId}/activation`, { method: 'POST', headers: { ...HEADERS, cookie } });
      expect(res.status).toBe(200);
      const fresh = (await res.json()) as ActivationReissueDto;
      expect(fresh.code).not.toBe(kurashi.code);
      expect(fresh.activationCsv).toContain(fresh.code);
      const newPassword = 'kurashi-no-pasuwado-1';
      expect((await post('/api/activate', { municipalityCode: m.code, loginId: 'kurashi01', code: kurashi.code, newPassword })).status).toBe(400);
      expect((await post('/api/activate', { municipalityCode: m.code, loginId: 'kurashi01', code: fresh.code, newPassword })).status).toBe(200);
      const again = await app.request(`/api/m/${m.code}/users/${kurashi.userId}/activation`, { method: 'POST', headers: { ...HEADERS, cookie } });
      expect(again.status).toBe(409);
      expect(((await again.json()) as ApiErrorBody).error.code).toBe('already_activated');
    });

    it('updates existing accounts by ログインID without touching their password', async () => {
      const [before] = await store.db.select().from(users).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'soumu01')));
      const csv = 'ログインID,氏名,役割,所属組織コード,無効\nsoumu01,総務 太郎（異動）,担当課 承認者,120,\nhonbu01,本部 幹夫,推進本部・幹部,,1\n';
      const res = await upload(`/api/m/${m.code}/onboarding/users/import`, utf8(csv));
      expect(res.status).toBe(200);
      const r = (await res.json()) as UserImportResultDto;
      expect(r.activationCodes).toEqual([]);
      expect(r.rows.map((x) => x.action)).toEqual(['update', 'update']);
      const [after] = await store.db.select().from(users).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'soumu01')));
      expect(after!.name).toBe('総務 太郎（異動）');
      expect(after!.role).toBe('dept_approver');
      expect(after!.passwordHash).toBe(before!.passwordHash);
      const [honbu] = await store.db.select().from(users).where(and(eq(users.municipalityId, m.id), eq(users.loginId, 'honbu01')));
      expect(honbu!.disabled).toBe(true);
    });

    it('is for the secretariat and system administrators only', async () => {
      const res = await login('soumu01', 'soumu-no-atarashii-pw');
      const reporter = res.headers.get('set-cookie')!.split(';')[0]!;
      const form = new FormData();
      form.append('file', new Blob([fixture('staff-arao.csv')]), 'x.csv');
      const refused = await app.request(`/api/m/${m.code}/onboarding/users/import?dryRun=1`, { method: 'POST', headers: { ...HEADERS, cookie: reporter }, body: form });
      expect(refused.status).toBe(403);
    });
  });
});

describe('the commands as an operator runs them', () => {
  it('creates a municipality and its administrator in an empty data directory, without demo data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-onboarding-'));
    try {
      const env = { ...process.env, GYOKAKU_DATA: dir, DATABASE_URL: '', GYOKAKU_DEMO: '' };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      const cli = (args: string[], input?: string) =>
        spawnSync('npx', ['tsx', 'src/cli.ts', ...args], { env, input, encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
      const a = cli(['municipality', 'create', '--code', '432041', '--name', '荒尾市', '--prefecture', '熊本県']);
      expect(a.stderr).toBe('');
      expect(a.status).toBe(0);
      expect(a.stdout).toContain('団体を登録しました: 荒尾市（熊本県、団体コード 432041）');
      const b = cli(['admin', 'create', '--municipality', '432041', '--user', 'admin', '--name', '情報政策課 管理者', '--password-stdin'], 'joho-seisaku-kanri-2026\n');
      expect(b.status).toBe(0);
      expect(b.stdout).not.toContain('初期パスワード');
      const c = cli(['admin', 'create', '--municipality', '432041', '--user', 'admin', '--name', 'x']);
      expect(c.status).toBe(1);
      expect(c.stderr).toContain('ログインID「admin」は既に使われています。');
      const store = await openStore({ dataDir: path.join(dir, 'pglite') });
      try {
        expect((await store.db.select().from(municipalities)).map((x) => x.code)).toEqual(['432041']);
        expect((await store.db.select().from(users)).map((u) => [u.loginId, u.role])).toEqual([['admin', 'system_admin']]);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
