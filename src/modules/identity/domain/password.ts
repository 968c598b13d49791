/**
 * Password rules (pure). Lengths count characters (code points), so 全角 letters count as one each.
 * Besides the length: not one character or one short piece repeated, not a run such as 123456… or
 * abcdef… or a keyboard row, enough different characters, not containing the login id or the
 * 団体コード, and not a common password (commonPasswords.ts, shipped with the app) give or take
 * digits and symbols at either end, letter case and look-alike digits (p@ssw0rd).
 */
import { COMMON_PASSWORDS_TEXT } from './commonPasswords.js';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 accepts any length; the cap only keeps request bodies and hashing time bounded */
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_MIN_DISTINCT = 5;

let common: Set<string> | undefined;
const commonPasswords = (): Set<string> => (common ??= new Set(COMMON_PASSWORDS_TEXT.split(/\s+/).filter(Boolean)));

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't', '8': 'b', '9': 'g', '+': 't' };

/** The forms compared with the list: case, width, end digits/symbols and separators removed; with and without look-alikes undone. */
export function commonForms(password: string): string[] {
  const base = password.normalize('NFKC').toLowerCase();
  const strip = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').replace(/[\s._\-]+/g, '');
  const plain = strip(base);
  // look-alikes are undone only inside: 'p@ssw0rd!2024' → 'p@ssw0rd' → 'password'
  const unleet = strip([...plain].map((ch) => LEET[ch] ?? ch).join(''));
  return [...new Set([plain, unleet])].filter(Boolean);
}

/** The shortest piece the text is a repetition of ('abcabcabc' → 'abc'), or the text itself. */
function repeatedUnit(s: string): string {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n) continue;
    const unit = s.slice(0, n);
    if (unit.repeat(s.length / n) === s) return unit;
  }
  return s;
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  return commonForms(password).some((f) => list.has(f) || list.has(repeatedUnit(f)) || list.has([...f].reverse().join('')));
}

const KEYBOARD_RUNS = ['1234567890', 'qwertyuiopasdfghjklzxcvbnm', 'abcdefghijklmnopqrstuvwxyz', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** 123456789012, abcdefghijkl, 987654321098, qwertyuiopas: each character next to the one before on some row. */
export function isRun(password: string): boolean {
  const s = password.normalize('NFKC').toLowerCase();
  if ([...s].length < 4) return false;
  const runs = KEYBOARD_RUNS.flatMap((r) => [r, [...r].reverse().join('')]);
  const chars = [...s];
  for (let i = 1; i < chars.length; i++) {
    const pair = chars[i - 1]! + chars[i]!;
    // a row read on and wrapping round (…890 → 123…) still counts as one run
    if (!runs.some((r) => (r + r[0]).includes(pair))) return false;
  }
  return true;
}

export interface PasswordContext {
  loginId: string;
  /** the municipality's 団体コード, when known */
  municipalityCode?: string;
}

/** Japanese messages for every rule the password breaks; empty when it is acceptable. */
export function passwordProblems(password: string, who: string | PasswordContext): string[] {
  const { loginId, municipalityCode } = typeof who === 'string' ? { loginId: who, municipalityCode: undefined } : who;
  const problems: string[] = [];
  const chars = [...password];
  const length = chars.length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください。`);
  const lower = password.normalize('NFKC').toLowerCase();
  const id = loginId.trim().toLowerCase();
  if (id && lower.trim() === id) problems.push('ログインIDと同じパスワードは使えません。');
  else if (id.length >= 3 && lower.includes(id)) problems.push('ログインIDを含むパスワードは使えません。');
  if (municipalityCode && lower.includes(municipalityCode)) problems.push('団体コードを含むパスワードは使えません。');
  if (length >= PASSWORD_MIN_LENGTH) {
    if (new Set(chars).size < PASSWORD_MIN_DISTINCT) problems.push(`同じ文字ばかりのパスワードは使えません（${PASSWORD_MIN_DISTINCT}種類以上の文字を使ってください）。`);
    else if (repeatedUnit(lower) !== lower) problems.push('同じ文字列を繰り返しただけのパスワードは使えません。');
    else if (isRun(password)) problems.push('「123456…」「abcdef…」「qwerty…」のような連続した並びは使えません。');
    else if (isCommonPassword(password)) problems.push('よく使われていて推測されやすいパスワードです（前後に数字や記号を付けたものも含みます）。別のパスワードにしてください。');
    else if (!/\p{L}/u.test(lower)) problems.push('数字や記号だけのパスワードは推測されやすいため使えません。文字も入れてください。');
  }
  return problems;
}

/** Login ids are case-insensitive: stored and looked up in lower case. */
export const LOGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
export const normalizeLoginId = (loginId: string): string => loginId.trim().toLowerCase();
