/**
 * Demo accounts for 荒尾市 (or any municipality with the same 課). DEMO ONLY:
 * every account has the published password below. The demo loader calls this
 * after creating the municipality's departments; production never does.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { users } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import type { CommandContext } from '../../../shared/context.js';
import { hashPassword } from '../crypto/passwordHash.js';
import { findUserByLoginId } from '../queries/users.js';
import { createUser } from './users.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../domain/demoAccounts.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from '../domain/demoAccounts.js';

const demoSeeder: Actor = { id: 'system', name: '初期データ', role: 'system_admin', municipalityId: null, departmentIds: [] };

/**
 * Creates the demo accounts in the municipality; accounts whose login id already
 * exists are left as they are (safe to call twice). `departments` are the
 * municipality's departments (id and 課名); a named 課 that is missing is an error.
 * Pass the loader's open transaction as `db` to keep the municipality whole.
 * Returns the login ids created.
 */
export async function seedDemoUsers(db: Executor, municipalityId: string, departments: readonly { id: string; name: string }[]): Promise<string[]> {
  const ctx: CommandContext = { db, municipalityId, actor: demoSeeder, ip: '' };
  const byName = new Map(departments.map((d) => [d.name, d.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await findUserByLoginId(ctx, a.loginId)) continue;
    const departmentIds = a.departments.map((name) => {
      const id = byName.get(name);
      if (!id) throw new Error(`デモアカウント ${a.loginId}: 組織「${name}」が見つかりません。`);
      return id;
    });
    await createUser(ctx, { loginId: a.loginId, name: a.name, role: a.role, departmentIds, password: DEMO_PASSWORD }, { passwordHash });
    created.push(a.loginId);
  }
  return created;
}

/**
 * Removes every account of a municipality, with their sessions, departments and
 * notifications (those follow by ON DELETE CASCADE). For the demo reset, which
 * must call it before deleting the municipality's departments and the municipality.
 */
export async function deleteAccountsOf(db: Executor, municipalityId: string): Promise<void> {
  await db.delete(users).where(eq(users.municipalityId, municipalityId));
}
