/**
 * Who may read and keep a plan's 数値目標・KPI. Pure. Everyone of the municipality reads them
 * (they are published); the secretariat and system administrators keep them (kpi.write).
 * Another municipality's user is told nothing exists (404), as on the other tenant routes.
 */
import { can, type Actor, type TenantRecord } from '../../access/domain/policy.js';

export type KpiAction = 'kpi.read' | 'kpi.write';
export type KpiDecision = 'allow' | 'not_found' | 'forbidden';

const sameTenant = (actor: Actor, record: TenantRecord) =>
  actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);

export function kpiAccess(actor: Actor, action: KpiAction, record: TenantRecord): KpiDecision {
  if (!sameTenant(actor, record)) return 'not_found';
  return can(actor, action, record) ? 'allow' : 'forbidden';
}

const ROLE_LABELS: Readonly<Record<Actor['role'], string>> = {
  system_admin: 'システム管理者',
  secretariat: '事務局',
  dept_reporter: '担当課（報告者）',
  dept_approver: '担当課（承認者）',
  viewer: '推進本部・幹部',
  council: '審議会委員',
};

/** A refusal that says what was refused and who may do it. */
export function explainKpiRefusal(actor: Actor, action: KpiAction): string {
  return action === 'kpi.write'
    ? `${ROLE_LABELS[actor.role]}の権限では数値目標・KPIの登録・変更・実績値の入力はできません。事務局のみが行えます。`
    : `${ROLE_LABELS[actor.role]}の権限では数値目標・KPIを閲覧できません。`;
}
