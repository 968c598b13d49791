/**
 * SMTP authentication: PLAIN and LOGIN (庁内 Exchange relays offer LOGIN only), chosen from the
 * server's EHLO or forced with SMTP_AUTH, against the capture server over STARTTLS; a refused
 * password keeps the mail in the outbox for the next attempt (both databases).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { emailOutbox } from '../../src/db/schema.js';
import { smtpConfigFromEnv, SmtpConfigError, type SmtpConfig } from '../../src/modules/pdca/chasing/mail/config.js';
import { parseMailbox } from '../../src/modules/pdca/chasing/mail/message.js';
import { deliverPending } from '../../src/modules/pdca/chasing/mail/outbox.js';
import { chooseAuthMethod, sendMessages } from '../../src/modules/pdca/chasing/mail/smtp.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';
import { parseCapturedMail, selfSignedCert, startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

const USER = 'gyokaku@city.example.jp';
const PASS = 'パス word:1';
const tlsMaterial = selfSignedCert();

describe('SMTP_AUTH in the settings', () => {
  const base = { SMTP_HOST: 'relay.city.example.jp', SMTP_FROM: 'gyokaku@city.example.jp', SMTP_USER: USER, SMTP_PASS: PASS };

  it('is chosen automatically when absent, and plain / login (any case) force one', () => {
    expect(smtpConfigFromEnv(base)!.authMethod).toBeUndefined();
    expect(smtpConfigFromEnv({ ...base, SMTP_AUTH: 'login' })!.authMethod).toBe('login');
    expect(smtpConfigFromEnv({ ...base, SMTP_AUTH: ' PLAIN ' })!.authMethod).toBe('plain');
  });

  it('refuses other values and SMTP_AUTH without an account, in Japanese', () => {
    expect(() => smtpConfigFromEnv({ ...base, SMTP_AUTH: 'cram-md5' })).toThrow(SmtpConfigError);
    expect(() => smtpConfigFromEnv({ ...base, SMTP_AUTH: 'cram-md5' })).toThrow('SMTP_AUTH は plain または login を指定してください（「cram-md5」）');
    const { SMTP_USER: _u, ...noUser } = base;
    expect(() => smtpConfigFromEnv({ ...noUser, SMTP_AUTH: 'login' })).toThrow('SMTP_AUTH を指定する場合は SMTP_USER と SMTP_PASS');
  });
});

describe('choosing the AUTH mechanism from EHLO', () => {
  const ext = (auth?: string) => new Map(auth === undefined ? [] : [['AUTH', auth]]);
  it('prefers PLAIN, takes LOGIN when it is the only one, and honours a forced choice', () => {
    expect(chooseAuthMethod(ext('LOGIN PLAIN'), undefined)).toBe('plain');
    expect(chooseAuthMethod(ext('NTLM login'), undefined)).toBe('login');
    expect(chooseAuthMethod(ext('PLAIN LOGIN'), 'login')).toBe('login');
  });
  it('says what the server offers when nothing fits', () => {
    expect(() => chooseAuthMethod(ext('LOGIN'), 'plain')).toThrow('認証方式 PLAIN（SMTP_AUTH=plain）に対応していません。サーバーが対応する方式: LOGIN');
    expect(() => chooseAuthMethod(ext('CRAM-MD5 NTLM'), undefined)).toThrow('（CRAM-MD5 NTLM）に PLAIN も LOGIN もありません');
    expect(() => chooseAuthMethod(ext(), undefined)).toThrow('認証（AUTH）を提供していません');
  });
});

describe.skipIf(!tlsMaterial)('SMTP client: AUTH PLAIN and LOGIN over STARTTLS', () => {
  const servers: SmtpCapture[] = [];
  const serve = async (mechanisms: string[]) => {
    const s = await startSmtpCapture({ tls: tlsMaterial!, auth: { user: USER, pass: PASS, mechanisms } });
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const cfg = (port: number, extra: Partial<SmtpConfig> = {}): SmtpConfig => ({
    host: '127.0.0.1',
    port,
    from: parseMailbox('gyokaku@city.example.jp')!,
    tls: 'starttls',
    user: USER,
    pass: PASS,
    clientName: 'gyokaku.test',
    timeoutMs: 5000,
    tlsOptions: { ca: tlsMaterial!.cert },
    ...extra,
  });
  const mail = (id: string) => [{ id, to: 'a@city.example.jp', data: `Subject: ${id}\r\n\r\nbody\r\n` }];
  const authLines = (s: SmtpCapture) => s.commands.filter((c) => /^AUTH /i.test(c));

  it('uses PLAIN when the server offers both', async () => {
    const s = await serve(['LOGIN', 'PLAIN']);
    expect(await sendMessages(cfg(s.port), mail('p'))).toEqual([{ id: 'p', ok: true }]);
    expect(s.messages[0]).toMatchObject({ auth: { user: USER, pass: PASS }, authMechanism: 'PLAIN', secure: true });
    expect(authLines(s)).toHaveLength(1);
    expect(authLines(s)[0]).toMatch(/^AUTH PLAIN \S+$/);
  });

  it('uses LOGIN (user name and password on the 334 prompts) when the server offers only LOGIN, as Exchange does', async () => {
    const s = await serve(['LOGIN']);
    expect(await sendMessages(cfg(s.port), mail('l'))).toEqual([{ id: 'l', ok: true }]);
    expect(s.messages[0]).toMatchObject({ auth: { user: USER, pass: PASS }, authMechanism: 'LOGIN' });
    const i = s.commands.indexOf('AUTH LOGIN');
    expect(i).toBeGreaterThan(0);
    expect(Buffer.from(s.commands[i + 1]!, 'base64').toString('utf8')).toBe(USER);
    expect(Buffer.from(s.commands[i + 2]!, 'base64').toString('utf8')).toBe(PASS);
    expect(s.commands[i + 3]).toBe(`MAIL FROM:<gyokaku@city.example.jp>`);
  });

  it('uses LOGIN when forced although PLAIN is offered', async () => {
    const s = await serve(['PLAIN', 'LOGIN']);
    expect(await sendMessages(cfg(s.port, { authMethod: 'login' }), mail('f'))).toEqual([{ id: 'f', ok: true }]);
    expect(s.messages[0]!.authMechanism).toBe('LOGIN');
    expect(authLines(s)).toEqual(['AUTH LOGIN']);
  });

  it('fails with a Japanese message that never contains the password when it is refused, with either mechanism', async () => {
    for (const mech of ['PLAIN', 'LOGIN']) {
      const s = await serve([mech]);
      const [r] = await sendMessages(cfg(s.port, { pass: 'wrong-パスワード' }), mail('w'));
      expect(r).toMatchObject({ id: 'w', ok: false, permanent: false });
      const error = (r as { error: string }).error;
      expect(error).toContain('認証（AUTH）がSMTPサーバーに拒否されました（535');
      expect(error).toContain(`方式: ${mech}`);
      expect(error).toContain('SMTP_USER と SMTP_PASS を確認してください');
      expect(error).not.toContain('wrong');
      expect(error).not.toContain(Buffer.from('wrong-パスワード').toString('base64'));
      expect(s.messages).toHaveLength(0);
    }
  });

  it('refuses, sending nothing, when the server offers neither PLAIN nor LOGIN, or not the forced one', async () => {
    const s = await serve(['CRAM-MD5']);
    const [r] = await sendMessages(cfg(s.port), mail('n'));
    expect(r).toMatchObject({ id: 'n', ok: false, permanent: false });
    expect((r as { error: string }).error).toContain('（CRAM-MD5）に PLAIN も LOGIN もありません');
    const only = await serve(['LOGIN']);
    const [r2] = await sendMessages(cfg(only.port, { authMethod: 'plain' }), mail('o'));
    expect((r2 as { error: string }).error).toContain('SMTP_AUTH=plain');
    expect(authLines(s)).toEqual([]);
    expect(authLines(only)).toEqual([]);
    expect(s.messages.length + only.messages.length).toBe(0);
  });
});

describe.each(backends())('mail refused for a wrong password on %s', (kind) => {
  let store: Store;
  let capture: SmtpCapture;
  beforeAll(async () => {
    store = await openTestStore(kind);
    capture = await startSmtpCapture({ ...(tlsMaterial ? { tls: tlsMaterial } : {}), auth: { user: USER, pass: PASS, mechanisms: ['LOGIN'] } });
  });
  afterAll(async () => {
    await capture?.close();
    await store?.close();
  });

  it('stays in the outbox with the Japanese error, and goes out after the back-off once the password is right', async () => {
    const m = await createTestMunicipality(store.db, '認証市');
    await store.db.insert(emailOutbox).values({ municipalityId: m.id, to: 'aoki@city.example.jp', subject: '認証のテスト', body: '本文です。' });
    const good: SmtpConfig = {
      host: '127.0.0.1',
      port: capture.port,
      from: parseMailbox('gyokaku@city.example.jp')!,
      tls: tlsMaterial ? 'starttls' : 'off',
      user: USER,
      pass: PASS,
      clientName: 'gyokaku.test',
      timeoutMs: 5000,
      ...(tlsMaterial ? { tlsOptions: { ca: tlsMaterial.cert } } : {}),
    };
    const scope = { db: store.db, municipalityId: m.id };
    const rows = () => store.db.select().from(emailOutbox).where(and(eq(emailOutbox.municipalityId, m.id)));
    const t0 = new Date();
    expect(await deliverPending(scope, { ...good, pass: 'wrong' }, () => t0)).toEqual({ sent: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ sentAt: null, attempts: 1, claimedUntil: null });
    expect(row!.lastError).toContain('認証（AUTH）がSMTPサーバーに拒否されました（535');
    expect(row!.lastError).toContain('SMTP_USER と SMTP_PASS を確認してください');
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());
    expect(capture.messages).toHaveLength(0);

    const later = new Date(row!.nextAttemptAt.getTime());
    expect(await deliverPending(scope, good, () => later)).toEqual({ sent: 1, failed: 0 });
    expect((await rows())[0]).toMatchObject({ attempts: 2, lastError: '' });
    expect(capture.messages[0]!.authMechanism).toBe('LOGIN');
    expect(parseCapturedMail(capture.messages[0]!.data).subject).toBe('認証のテスト');
  });
});
