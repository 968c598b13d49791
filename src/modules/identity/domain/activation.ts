/**
 * One-time activation codes for imported accounts (pure). An imported account has no password
 * until its owner activates it with the code the administrator handed out; only the code's
 * SHA-256 is stored, with an expiry.
 */

export const ACTIVATION_VALID_DAYS = 14;
export const ACTIVATION_VALID_MS = ACTIVATION_VALID_DAYS * 24 * 60 * 60 * 1000;

/** Letters and digits people do not confuse when reading a printed code aloud: no 0/O, 1/I/L. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 16 characters of 31: about 79 bits */
export const CODE_LENGTH = 16;

/** 'K7QMXPD9HRTWB4CZ' → 'K7QM-XPD9-HRTW-B4CZ' */
export function formatActivationCode(raw: string): string {
  return raw.match(/.{1,4}/g)?.join('-') ?? raw;
}

/** As typed: full-width characters, spaces, hyphens and letter case do not matter. */
export function normalizeActivationCode(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ch;
  }
  return out.replace(/[\s\-‐－ー―]/g, '').toUpperCase();
}

export interface ActivationState {
  passwordHash: string | null;
  activationCodeHash: string | null;
  activationExpiresAt: Date | null;
  disabled: boolean;
}

/** Whether a code may still activate this account (the hash itself is compared by the caller). */
export function activationOpen(s: ActivationState, now: Date): boolean {
  return (
    s.passwordHash === null &&
    !s.disabled &&
    s.activationCodeHash !== null &&
    s.activationExpiresAt !== null &&
    s.activationExpiresAt.getTime() > now.getTime()
  );
}


/** One answer for every wrong, expired or used code, unknown account or 団体コード: it tells nothing about which. */
export const ACTIVATION_INVALID_MESSAGE =
  '団体コード、ログインID、または有効化コードが正しくないか、有効期限が切れています。入力を確かめてください。解決しない場合は、管理者に新しい有効化コードの発行を依頼してください。';

export const ALREADY_ACTIVATED_MESSAGE =
  'このアカウントは既に有効化されています（パスワード設定済み）。パスワードを忘れた場合は「パスワードの再設定」を使ってください。';
