/**
 * Who may do what. Pure functions of (actor, record); no I/O.
 * Accounts arrive with the PDCA capability; until then the staff UI runs as a
 * demo administrator, but every route already asks these policies.
 */
export type Role =
  | 'system_admin' // システム管理者
  | 'secretariat' // 事務局（行革・DX担当課）
  | 'dept_reporter' // 担当課 報告者
  | 'dept_approver' // 担当課 承認者（課長）
  | 'viewer' // 推進本部・幹部
  | 'council'; // 審議会委員

/** From which state a department reads the answers of items other departments carry (a municipality's setting). */
export type OthersReadFrom = 'accepted' | 'submitted';
export const OTHERS_READ_FROM: readonly OthersReadFrom[] = ['accepted', 'submitted'];

export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** null for system administrators, who may act in every municipality */
  municipalityId: string | null;
  departmentIds: string[];
  /** the municipality's setting, carried with the signed-in actor; absent means 'accepted' (the default) */
  othersReadFrom?: OthersReadFrom;
}

export type PlanAction = 'plan.read' | 'plan.create' | 'plan.update' | 'node.create' | 'node.update' | 'node.restructure';
export type MasterAction = 'department.read' | 'department.write' | 'tag.read' | 'tag.write' | 'audit.read';
/** 数値目標・KPI and the financial / staffing tables of a plan: everyone reads, the secretariat keeps them. */
export type IndicatorAction = 'kpi.read' | 'kpi.write' | 'finance.read' | 'finance.write';
/** Loading the organisation and the staff accounts from CSV files (onboarding): the secretariat and system administrators. */
export type OnboardingAction = 'onboarding.import';
/** Publishing to citizens (公表) and withdrawing: the secretariat decides what the public sees. */
export type PublicationAction = 'publication.manage';
export type Action = PlanAction | MasterAction | IndicatorAction | OnboardingAction | PublicationAction;

/** Anything owned by a municipality. */
export interface TenantRecord {
  municipalityId: string;
}

const sameTenant = (actor: Actor, record: TenantRecord) =>
  actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);

const READERS: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const PLAN_EDITORS: readonly Role[] = ['system_admin', 'secretariat'];

export function can(actor: Actor, action: Action, record: TenantRecord): boolean {
  if (!sameTenant(actor, record)) return false;
  switch (action) {
    case 'plan.read':
    case 'department.read':
    case 'tag.read':
    case 'kpi.read':
    case 'finance.read':
      return READERS.includes(actor.role);
    case 'plan.create':
    case 'plan.update':
    case 'node.create':
    case 'node.update':
    case 'node.restructure':
    case 'department.write':
    case 'tag.write':
    case 'audit.read':
    case 'kpi.write':
    case 'finance.write':
    case 'onboarding.import':
    case 'publication.manage':
      return PLAN_EDITORS.includes(actor.role);
  }
}

/** Registering a new municipality (tenant) is for system administrators only. */
export function canCreateMunicipality(actor: Actor): boolean {
  return actor.role === 'system_admin';
}

/**
 * A municipality's settings (自己承認 …): read by everyone of the municipality, changed by system
 * administrators only — a setting that relaxes 職務の分離 is not the secretariat's to grant itself.
 */
export function canChangeMunicipalitySettings(actor: Actor): boolean {
  return actor.role === 'system_admin';
}

/** The demo administrator the staff UI runs as until accounts exist. */
export const demoAdministrator: Actor = {
  id: 'demo-admin',
  name: 'デモ管理者',
  role: 'system_admin',
  municipalityId: null,
  departmentIds: [],
};
