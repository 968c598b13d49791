/**
 * TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits — what every authenticator app
 * reads from an otpauth:// URI) and its one-time recovery codes. node:crypto only: works offline.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** steps accepted either side of now: a phone clock 30 s off still works */
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'gyokaku';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Spaces, hyphens, padding and letter case are ignored; null when not Base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: the code for one counter value. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);

export const totpAt = (secret: Uint8Array, now: Date, digits = TOTP_DIGITS): string => hotp(secret, totpStep(now), digits);

/**
 * The step a code matches (now ± TOTP_WINDOW), or null. Steps at or before `lastUsedStep` are not
 * accepted: a code seen once (over a shoulder, in a proxy log) cannot sign in again.
 */
export function matchTotp(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): number | null {
  const secret = base32Decode(secretBase32);
  const given = code.replace(/[\s-]/g, '');
  if (!secret || !/^\d{6}$/.test(given)) return null;
  const step = totpStep(now);
  let matched: number | null = null;
  for (let s = step - TOTP_WINDOW; s <= step + TOTP_WINDOW; s++) {
    // every candidate is compared, so the time taken does not tell which step matched
    const ok = timingSafeEqual(Buffer.from(hotp(secret, s)), Buffer.from(given));
    if (ok && matched === null && (lastUsedStep === null || s > lastUsedStep)) matched = s;
  }
  return matched;
}

/** 20 random bytes (160 bits, RFC 4226's recommendation) in Base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** What authenticator apps read (typed in, or from a QR code made of it). */
export function otpauthUri(secretBase32: string, accountLabel: string, issuer = TOTP_ISSUER): string {
  const label = encodeURIComponent(`${issuer}:${accountLabel}`);
  const q = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${q.toString()}`;
}

/** The secret in groups of four, easier to type into an app by hand. */
export const groupSecret = (secretBase32: string): string => secretBase32.match(/.{1,4}/g)?.join(' ') ?? secretBase32;

const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODE_COUNT = 10;

/** e.g. 'K7QMX-PD9HR': 10 characters of 31, about 50 bits; each works once. */
export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** As typed: case, spaces and hyphens do not matter. */
export const normalizeRecoveryCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

export const looksLikeRecoveryCode = (code: string): boolean => /^[A-Z0-9]{10}$/.test(normalizeRecoveryCode(code)) && !/^\d+$/.test(normalizeRecoveryCode(code));

/** What is stored of a recovery code: SHA-256 of its normalized form (hex). */
export const recoveryCodeHash = (code: string): string => createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');
