import { describe, expect, it } from 'vitest';
import { actorFor, maskLoginId } from '../../src/modules/identity/domain/actor.js';
import { AttemptLimiter } from '../../src/modules/identity/domain/attemptLimiter.js';
import { afterFailure, formatJst, isLocked, LOCK_DURATION_MS, lockedMessage } from '../../src/modules/identity/domain/lockout.js';
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

describe('lockout', () => {
  it('locks for 15 minutes on the fifth consecutive failure and restarts the count', () => {
    let failed = 0;
    for (let i = 1; i <= 4; i++) {
      const s = afterFailure(failed, T0);
      expect(s).toEqual({ failedLogins: i, lockedUntil: null, justLocked: false });
      failed = s.failedLogins;
    }
    const fifth = afterFailure(failed, T0);
    expect(fifth.justLocked).toBe(true);
    expect(fifth.failedLogins).toBe(0);
    expect(fifth.lockedUntil!.getTime() - T0.getTime()).toBe(LOCK_DURATION_MS);
    expect(isLocked(fifth, at(LOCK_DURATION_MS - 1))).toBe(true);
    expect(isLocked(fifth, at(LOCK_DURATION_MS))).toBe(false);
  });
  it('tells the unlock time on a clock in Japan', () => {
    expect(formatJst(new Date('2026-05-01T05:15:00Z'))).toBe('2026年5月1日 14:15');
    expect(formatJst(new Date('2026-12-31T15:05:00Z'))).toBe('2027年1月1日 00:05');
    expect(lockedMessage(new Date('2026-05-01T05:15:00Z'))).toContain('2026年5月1日 14:15（日本時間）以降');
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
