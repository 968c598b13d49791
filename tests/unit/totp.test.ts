/** TOTP against RFC 6238's SHA-1 test vectors; Base32 (RFC 4648); replay and window rules; recovery codes. */
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  recoveryCodeHash,
  totpAt,
  totpStep,
} from '../../src/modules/identity/crypto/totp.js';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T=%i → %s', (seconds, code) => {
    expect(totpAt(RFC_SECRET, new Date(seconds * 1000), 8)).toBe(code);
    expect(totpAt(RFC_SECRET, new Date(seconds * 1000))).toBe(code.slice(2));
  });

  it('HOTP of RFC 4226 appendix D', () => {
    expect([0, 1, 2, 9].map((c) => hotp(RFC_SECRET, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('Base32 round trip (RFC 4648 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi======')!.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeNull();
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)!.length).toBe(20);
  });

  it('accepts ±1 step, refuses further and refuses a step already used', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    const codeAt = (s: number) => hotp(RFC_SECRET, s);
    expect(matchTotp(secret, codeAt(step), now, null)).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(step - 2), now, null)).toBeNull();
    expect(matchTotp(secret, codeAt(step), now, step)).toBeNull();
    expect(matchTotp(secret, codeAt(step + 1), now, step)).toBe(step + 1);
    expect(matchTotp(secret, '12345', now, null)).toBeNull();
  });

  it('otpauth URI names the issuer and account, and the parameters apps expect', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', '432041/sec');
    expect(uri).toBe('otpauth://totp/gyokaku%3A432041%2Fsec?secret=JBSWY3DPEHPK3PXP&issuer=gyokaku&algorithm=SHA1&digits=6&period=30');
  });

  it('recovery codes: ten, distinct, typed loosely, hashed by their normal form', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(looksLikeRecoveryCode(c)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(normalizeRecoveryCode(' k7qmx-pd9hr ')).toBe('K7QMXPD9HR');
    expect(recoveryCodeHash('k7qmx pd9hr')).toBe(recoveryCodeHash('K7QMX-PD9HR'));
  });
});
