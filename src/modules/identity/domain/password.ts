/** Password rules (pure). Lengths count characters (code points), so 全角 letters count as one each. */

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 accepts any length; the cap only keeps request bodies and hashing time bounded */
export const PASSWORD_MAX_LENGTH = 256;

/** Japanese messages for every rule the password breaks; empty when it is acceptable. */
export function passwordProblems(password: string, loginId: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください。`);
  if (loginId && password.trim().toLowerCase() === loginId.trim().toLowerCase())
    problems.push('ログインIDと同じパスワードは使えません。');
  return problems;
}

/** Login ids are case-insensitive: stored and looked up in lower case. */
export const LOGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
export const normalizeLoginId = (loginId: string): string => loginId.trim().toLowerCase();
