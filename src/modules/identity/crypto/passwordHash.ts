/**
 * argon2id through @node-rs/argon2 with its defaults written out
 * (m=19456 KiB, t=2, p=1: the OWASP minimum for argon2id). A stored hash made
 * with other parameters is replaced on the next successful login.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${PARAMS.memoryCost},t=${PARAMS.timeCost},p=${PARAMS.parallelism}$`;

export async function hashPassword(password: string): Promise<string> {
  // algorithm defaults to Argon2id (the enum is a const enum, unusable under isolatedModules)
  const h = await hash(password, PARAMS);
  if (!h.startsWith(CURRENT_PREFIX)) throw new Error('argon2id のハッシュを作成できませんでした。');
  return h;
}

/** false for a wrong password and for a malformed stored hash alike */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

export const needsRehash = (storedHash: string): boolean => !storedHash.startsWith(CURRENT_PREFIX);

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for logins whose 団体コード
 * or ログインID does not exist: the answer's timing must not tell which ids exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummy, password);
  return false;
}
