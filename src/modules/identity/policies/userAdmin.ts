/**
 * Who may administer accounts. Pure functions of (actor, record); no I/O.
 * - システム管理者: every municipality, every role.
 * - 事務局: only its own municipality's accounts, and never a システム管理者
 *   (it may neither create one, nor promote anyone to one, nor change, reset or
 *   revoke the sessions of an existing one).
 * - everyone else: nothing.
 */
import type { Actor, Role } from '../../access/domain/policy.js';

export interface UserRecord {
  municipalityId: string;
  role: Role;
}

/** May list and open the accounts of this municipality. */
export function canManageUsers(actor: Actor, municipalityId: string): boolean {
  if (actor.role === 'system_admin') return true;
  return actor.role === 'secretariat' && actor.municipalityId !== null && actor.municipalityId === municipalityId;
}

/** May give an account this role (on create or update). */
export function canAssignRole(actor: Actor, role: Role): boolean {
  if (actor.role === 'system_admin') return true;
  return actor.role === 'secretariat' && role !== 'system_admin';
}

/** May change, reset the password of, unlock or revoke the sessions of this existing account. */
export function canManageUser(actor: Actor, target: UserRecord): boolean {
  return canManageUsers(actor, target.municipalityId) && canAssignRole(actor, target.role);
}

/** May create an account with this role in this municipality. */
export function canCreateUser(actor: Actor, municipalityId: string, role: Role): boolean {
  return canManageUsers(actor, municipalityId) && canAssignRole(actor, role);
}
