import { describe, expect, it } from 'vitest';
import { actorFor, maskLoginId } from '../../src/modules/identity/domain/actor.js';
import { AttemptLimiter } from '../../src/modules/identity/domain/attemptLimiter.js';
import { formatJst } from '../../src/modules/identity/domain/lockout.js';
import { attempt, DEFAULT_LOGIN_LIMITS, progressiveDelayMs } from '../../src/modules/identity/domain/loginThrottle.js';
import { LOGIN_ID_PATTERN, normalizeLoginId, passwordProblems } from '../../src/modules/identity/domain/password.js';
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  formatSessionCookie,
  needsTouch,
  parseSessionCookie,
  sessionEndsAt,
  sessionState,
} from '../../src/modules/identity/domain/session.js';

const T0 = new Date('2026-05-01T05:00:00Z'); // 14:00 JST
const at = (ms: number) => new Date(T0.getTime() + ms);
const TOKEN = 'A'.repeat(42) + 'x';

describe('password rules', () => {
  it('needs 12 characters, counting 全角 characters as one', () => {
    expect(passwordProblems('short-pass1', 'taro')).toEqual(['パスワードは12文字以上にしてください。']);
    expect(passwordProblems('twelve-chars', 'taro')).toEqual([]);
    expect(passwordProblems('ぎょうかくパスワード一二', 'taro')).toEqual([]);
    expect(passwordProblems('ぎょうかくパスワード一', 'taro')).toHaveLength(1);
  });
  it('refuses the login id itself, in any case', () => {
    expect(passwordProblems('Yamada.Taro.1', 'yamada.taro.1')).toEqual(['ログインIDと同じパスワードは使えません。']);
  });
  it('normalises login ids to lower case and checks their form', () => {
    expect(normalizeLoginId('  Jimukyoku ')).toBe('jimukyoku');
    expect(LOGIN_ID_PATTERN.test('zaisei-hokoku')).toBe(true);
    expect(LOGIN_ID_PATTERN.test('山田')).toBe(false);
    expect(LOGIN_ID_PATTERN.test('-x')).toBe(false);
  });
});

describe('login limits', () => {
  it('per address and account: five failures free, then 2 s, 4 s, 8 s … up to 15 minutes', () => {
    const l = DEFAULT_LOGIN_LIMITS.pair;
    expect([4, 5, 6, 7, 8].map((n) => progressiveDelayMs(n, l))).toEqual([0, 2000, 4000, 8000, 16000]);
    expect(progressiveDelayMs(40, l)).toBe(15 * 60 * 1000);
    let row = null as ReturnType<typeof attempt> | null;
    for (let i = 1; i <= 5; i++) row = attempt(row, l, T0);
    expect(row).toMatchObject({ failures: 5, refused: false, blockedUntil: at(2000) });
    expect(attempt(row, l, at(1999))).toMatchObject({ failures: 5, refused: true });
    const sixth = attempt(row, l, at(2000));
    expect(sixth).toMatchObject({ failures: 6, refused: false, blockedUntil: at(6000) });
    // an hour of quiet and the count starts again
    expect(attempt(sixth, l, at(2000 + 60 * 60 * 1000 + 1))).toMatchObject({ failures: 1, blockedUntil: null });
  });
  it('per address over all accounts: a fixed window', () => {
    const l = { mode: 'window' as const, max: 3, windowMs: 60_000 };
    let row = attempt(null, l, T0);
    row = attempt(row, l, at(10));
    row = attempt(row, l, at(20));
    expect(row).toMatchObject({ failures: 3, blockedUntil: at(60_000) });
    expect(attempt(row, l, at(59_999)).refused).toBe(true);
    expect(attempt(row, l, at(60_000))).toMatchObject({ failures: 1, refused: false });
  });
  it('tells times on a clock in Japan', () => {
    expect(formatJst(new Date('2026-05-01T05:15:00Z'))).toBe('2026年5月1日 14:15');
    expect(formatJst(new Date('2026-12-31T15:05:00Z'))).toBe('2027年1月1日 00:05');
  });
});

describe('session cookie and expiry', () => {
  it('carries the 団体コード and the token, and refuses anything else', () => {
    const v = formatSessionCookie({ municipalityCode: '432041', token: TOKEN });
    expect(v).toBe(`432041.${TOKEN}`);
    expect(parseSessionCookie(v)).toEqual({ municipalityCode: '432041', token: TOKEN });
    for (const bad of [undefined, '', TOKEN, `43204.${TOKEN}`, `432041.${TOKEN}x`, `432041.${TOKEN.slice(1)}!`, "432041.' or 1=1"])
      expect(parseSessionCookie(bad)).toBeNull();
  });
  it('ends after 8 idle hours, after 7 days whatever, and when revoked', () => {
    const s = { expiresAt: at(ABSOLUTE_TIMEOUT_MS), lastSeenAt: T0, revokedAt: null };
    expect(sessionState(s, at(IDLE_TIMEOUT_MS - 1))).toBe('active');
    expect(sessionState(s, at(IDLE_TIMEOUT_MS))).toBe('idle');
    expect(sessionState({ ...s, lastSeenAt: at(ABSOLUTE_TIMEOUT_MS - 1000) }, at(ABSOLUTE_TIMEOUT_MS))).toBe('expired');
    expect(sessionState({ ...s, revokedAt: T0 }, at(1))).toBe('revoked');
    expect(sessionEndsAt(s)).toEqual(at(IDLE_TIMEOUT_MS));
  });
  it('writes last_seen_at at most once a minute', () => {
    expect(needsTouch(T0, at(59_999))).toBe(false);
    expect(needsTouch(T0, at(60_000))).toBe(true);
  });
});

describe('per-IP attempt limiter', () => {
  it('refuses after max failures until the window ends; keys are independent', () => {
    const l = new AttemptLimiter({ max: 3, windowMs: 10_000 });
    expect(l.fail('1.1.1.1', T0)).toBe(false);
    expect(l.fail('1.1.1.1', at(1000))).toBe(false);
    expect(l.retryAfterMs('1.1.1.1', at(1000))).toBe(0);
    expect(l.fail('1.1.1.1', at(2000))).toBe(true);
    expect(l.retryAfterMs('1.1.1.1', at(2000))).toBe(8000);
    expect(l.retryAfterMs('2.2.2.2', at(2000))).toBe(0);
    expect(l.retryAfterMs('1.1.1.1', at(10_000))).toBe(0);
  });
  it('sweeps expired entries', () => {
    const l = new AttemptLimiter({ max: 2, windowMs: 1000, sweepAt: 2 });
    l.fail('a', T0);
    l.fail('b', T0);
    l.fail('c', at(5000));
    expect(l.retryAfterMs('a', at(5000))).toBe(0);
  });
});

describe('actor of an account', () => {
  it('a システム管理者 acts in every municipality; others in their own', () => {
    const base = { id: 'u1', name: '山田', municipalityId: 'm1' };
    expect(actorFor({ ...base, role: 'system_admin' }, []).municipalityId).toBeNull();
    expect(actorFor({ ...base, role: 'secretariat' }, ['d1'])).toEqual({ id: 'u1', name: '山田', role: 'secretariat', municipalityId: 'm1', departmentIds: ['d1'] });
    expect(actorFor({ ...base, role: 'superuser' }, []).role).toBe('viewer');
  });
  it('masks unknown login ids in the audit log', () => {
    expect(maskLoginId('my-secret-password')).toBe('my**********');
    expect(maskLoginId('ab')).toBe('**');
  });
});

describe('the actor carries the municipality’s rule for reading other departments’ answers', () => {
  it('only when it differs from the default, and only a known value', () => {
    const account = { id: 'u1', name: '財政 担当', role: 'dept_reporter', municipalityId: 'm1' };
    expect(actorFor(account, ['d1'])).not.toHaveProperty('othersReadFrom');
    expect(actorFor(account, ['d1'], { othersReadFrom: 'accepted' })).not.toHaveProperty('othersReadFrom');
    expect(actorFor(account, ['d1'], { othersReadFrom: 'submitted' }).othersReadFrom).toBe('submitted');
    expect(actorFor(account, ['d1'], { othersReadFrom: 'everything' })).not.toHaveProperty('othersReadFrom');
  });
});
