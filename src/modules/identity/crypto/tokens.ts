/** Session tokens: 32 random bytes (base64url, 43 characters); only their SHA-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_BYTES } from '../domain/session.js';

export const newSessionToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
