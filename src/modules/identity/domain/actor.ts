import { OTHERS_READ_FROM, type Actor, type OthersReadFrom, type Role } from '../../access/domain/policy.js';
import { isRole } from './roles.js';

export interface AccountLike {
  id: string;
  name: string;
  role: string;
  municipalityId: string;
}

/**
 * The actor an account acts as. システム管理者 act in every municipality
 * (municipalityId null), whatever municipality their account is kept in.
 * An unknown role in the database acts as nobody in particular: 'viewer' of its own municipality.
 */
export function actorFor(account: AccountLike, departmentIds: string[], municipality?: { othersReadFrom: string }): Actor {
  const role: Role = isRole(account.role) ? account.role : 'viewer';
  const actor: Actor = {
    id: account.id,
    name: account.name,
    role,
    municipalityId: role === 'system_admin' ? null : account.municipalityId,
    departmentIds: [...departmentIds],
  };
  // the municipality's reading rule travels with the actor, so every check of answers sees it
  const from = municipality?.othersReadFrom;
  if (from && from !== 'accepted' && (OTHERS_READ_FROM as readonly string[]).includes(from)) actor.othersReadFrom = from as OthersReadFrom;
  return actor;
}

/** Who an audit row names when nobody is logged in (failed logins with an unknown id). */
export const anonymousActor: Actor = { id: 'anonymous', name: '未認証', role: 'viewer', municipalityId: null, departmentIds: [] };

/** Masks an unknown login id in audit rows: people sometimes type their password into the id field. */
export function maskLoginId(loginId: string): string {
  const chars = [...loginId];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return chars.slice(0, 2).join('') + '*'.repeat(Math.min(chars.length - 2, 10));
}
