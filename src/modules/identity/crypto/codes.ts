/** Random activation codes and generated passwords (node:crypto, uniform choice without modulo bias). */
import { randomInt } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH, formatActivationCode } from '../domain/activation.js';
import { tokenHash } from './tokens.js';

const pick = (alphabet: string, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
};

/** A new code as handed out, e.g. 'K7QM-XPD9-HRTW-B4CZ'. */
export const newActivationCode = (): string => formatActivationCode(pick(CODE_ALPHABET, CODE_LENGTH));

/** What is stored of a code: SHA-256 of its normalized form (hex). */
export const activationCodeHash = (normalizedCode: string): string => tokenHash(normalizedCode);

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A generated password people can copy by hand: 4 groups of 5 (about 115 bits), e.g. 'Kp7mx-3TqR9-wRzHa-4nbEe'. */
export const generatePassword = (): string => Array.from({ length: 4 }, () => pick(PASSWORD_ALPHABET, 5)).join('-');
