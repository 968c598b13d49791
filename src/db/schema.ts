/**
 * One schema for PGlite and PostgreSQL (written to PostgreSQL 15's dialect).
 *
 * Every tenant table carries municipality_id and starts its primary key with it,
 * and every reference between tenant rows is a composite foreign key
 * (municipality_id, id). That makes a cross-municipality link impossible at the
 * database level, and it is what a distributed PostgreSQL (sharded by
 * municipality_id) requires of unique keys and foreign keys.
 */
import { sql } from 'drizzle-orm';
import type { LegendValue } from '../modules/pdca/domain/legend.js';
import {
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigserial,
  bigint,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** The tenant. Its id is the municipality_id of every other row. */
export const municipalities = pgTable(
  'municipalities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 全国地方公共団体コード (6 digits with check digit) */
    code: text('code').notNull(),
    name: text('name').notNull(),
    prefecture: text('prefecture').notNull(),
    /** 自己承認: may the last writer of a report approve it (one-person departments)? Off by default (職務の分離) */
    allowSelfApproval: boolean('allow_self_approval').notNull().default(false),
    /** from which state a department reads other departments' answers: 'accepted' (事務局確認後) or 'submitted' (提出後) */
    othersReadFrom: text('others_read_from').notNull().default('accepted'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('municipalities_code_uq').on(t.code)],
);

export const departments = pgTable(
  'departments',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    id: uuid('id').notNull().defaultRandom(),
    /** 組織コード: the stable key the organisation CSV matches rows by (unique per municipality; older rows may have none) */
    code: text('code'),
    name: text('name').notNull(),
    /** 部 / 課 / 室 / 局 / 係 / センター */
    kind: text('kind').notNull(),
    parentId: uuid('parent_id'),
    /** validity period: a renamed or merged 課 keeps its history */
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    successorId: uuid('successor_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** optimistic locking: an edit names the version it started from */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.parentId], foreignColumns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.successorId], foreignColumns: [t.municipalityId, t.id] }),
    uniqueIndex('departments_code_uq').on(t.municipalityId, t.code),
  ],
);

export const tags = pgTable(
  'tags',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** e.g. 全庁横断的な取組, 視点 */
    category: text('category').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** optimistic locking: an edit names the version it started from */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('tags_name_uq').on(t.municipalityId, t.category, t.name),
  ],
);

export const plans = pgTable(
  'plans',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    id: uuid('id').notNull().defaultRandom(),
    /** 行政改革大綱, 行財政改革プラン, DX推進計画, 実行計画 … (free text) */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    firstFiscalYear: integer('first_fiscal_year').notNull(),
    lastFiscalYear: integer('last_fiscal_year').notNull(),
    /** 素案 / 草案 / 決定 / 改訂 — the latest of plan_stages */
    stage: text('stage').notNull(),
    parentPlanId: uuid('parent_plan_id'),
    /** 経営理念 / 基本理念 */
    philosophy: text('philosophy').notNull().default(''),
    /** names of the tree levels, top first */
    levelNames: jsonb('level_names').$type<string[]>().notNull(),
    /** schedule phase vocabulary */
    phases: jsonb('phases').$type<{ code: string; label: string; symbol?: string }[]>().notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.parentPlanId], foreignColumns: [t.municipalityId, t.id] }),
  ],
);

export const planStages = pgTable(
  'plan_stages',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    stage: text('stage').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
    index('plan_stages_plan_idx').on(t.municipalityId, t.planId),
  ],
);

export const planLinks = pgTable(
  'plan_links',
  {
    municipalityId: uuid('municipality_id').notNull(),
    planId: uuid('plan_id').notNull(),
    relatedPlanId: uuid('related_plan_id').notNull(),
    /** e.g. 関連, 個別計画 */
    relation: text('relation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.planId, t.relatedPlanId] }),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
    foreignKey({ columns: [t.municipalityId, t.relatedPlanId], foreignColumns: [plans.municipalityId, plans.id] }),
  ],
);

/** A node of the plan tree (基本方針, 施策, 実施項目 …). Leaves marked isAction are scheduled and reported on. */
export const planNodes = pgTable(
  'plan_nodes',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    parentId: uuid('parent_id'),
    /** 0 = top level; names come from plans.level_names */
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull(),
    /** 整理番号, free string ("1", "R2-3", "①") */
    number: text('number').notNull().default(''),
    title: text('title').notNull(),
    /** 事業概要 / 取組内容 */
    description: text('description').notNull().default(''),
    priority: boolean('priority').notNull().default(false),
    isAction: boolean('is_action').notNull().default(false),
    /** active / stopped (中止・廃止) / merged (統合) */
    status: text('status').notNull().default('active'),
    mergedIntoId: uuid('merged_into_id'),
    /** date from which the node is part of the plan (as-of views) */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** date from which it no longer is (stopped or merged) */
    effectiveTo: date('effective_to', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
    foreignKey({ columns: [t.municipalityId, t.parentId], foreignColumns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.mergedIntoId], foreignColumns: [t.municipalityId, t.id] }),
    index('plan_nodes_plan_idx').on(t.municipalityId, t.planId, t.parentId, t.sortOrder),
  ],
);

/** 担当課: several per item, one lead. */
export const nodeDepartments = pgTable(
  'node_departments',
  {
    municipalityId: uuid('municipality_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    isLead: boolean('is_lead').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.nodeId, t.departmentId] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    index('node_departments_dept_idx').on(t.municipalityId, t.departmentId),
  ],
);

/** Schedule: one phase per fiscal year (検討, 実施, → …). */
export const nodeSchedules = pgTable(
  'node_schedules',
  {
    municipalityId: uuid('municipality_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    phase: text('phase').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.nodeId, t.fiscalYear] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }).onDelete('cascade'),
  ],
);

export const nodeTags = pgTable(
  'node_tags',
  {
    municipalityId: uuid('municipality_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    tagId: uuid('tag_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.nodeId, t.tagId] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.municipalityId, t.tagId], foreignColumns: [tags.municipalityId, tags.id] }),
  ],
);

/**
 * Every change to a node, with the node's full state after it (snapshot).
 * This is both the 変更調書 (added/revised/merged/stopped with reason) and the
 * source of as-of views: the state on date D is the latest snapshot whose
 * effective_date <= D.
 */
export const nodeChanges = pgTable(
  'node_changes',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    /** created / added / revised / edited / moved / merged / stopped */
    kind: text('kind').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    /** printed mark, e.g. 【R2年度改訂】 */
    mark: text('mark').notNull().default(''),
    reason: text('reason').notNull().default(''),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
    /** monotonic tie-breaker for several changes on the same date */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }),
    index('node_changes_node_idx').on(t.municipalityId, t.nodeId, t.effectiveDate),
    index('node_changes_plan_idx').on(t.municipalityId, t.planId, t.effectiveDate),
  ],
);

/** Audit log: who, when, from where, before → after. Written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    ip: text('ip').notNull().default(''),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('audit_log_entity_idx').on(t.municipalityId, t.entity, t.entityId),
    // the latest change of a municipality: the citizens' pages' cache stamp (publish/http/pageCache.ts)
    index('audit_log_at_idx').on(t.municipalityId, t.at),
  ],
);


// ───────────────────────── accounts and sessions ─────────────────────────

/** Staff accounts, per municipality (login with 団体コード + ログインID). */
export const users = pgTable(
  'users',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    id: uuid('id').notNull().defaultRandom(),
    loginId: text('login_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull().default(''),
    /** system_admin / secretariat / dept_reporter / dept_approver / viewer / council */
    role: text('role').notNull(),
    /** argon2id; null until the account is activated (imported accounts choose their own password) */
    passwordHash: text('password_hash'),
    /** SHA-256 of the one-time activation code (never the code itself); null once used or when none was issued */
    activationCodeHash: text('activation_code_hash'),
    activationExpiresAt: timestamp('activation_expires_at', { withTimezone: true }),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** address of the last successful login: the account-wide login limit does not slow it down */
    lastLoginIp: text('last_login_ip'),
    /** TOTP second factor (Base32 secret); never presented, logged or written to audit rows */
    totpSecret: text('totp_secret'),
    /** secret shown at enrolment, waiting for its first code */
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** last accepted 30-second step: a code is not accepted twice */
    totpLastStep: integer('totp_last_step'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.id] }), uniqueIndex('users_login_uq').on(t.municipalityId, t.loginId)],
);

export const userDepartments = pgTable(
  'user_departments',
  {
    municipalityId: uuid('municipality_id').notNull(),
    userId: uuid('user_id').notNull(),
    departmentId: uuid('department_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.userId, t.departmentId] }),
    foreignKey({ columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    index('user_departments_dept_idx').on(t.municipalityId, t.departmentId),
  ],
);

/** Sessions: only the SHA-256 of the random token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('sessions_token_uq').on(t.municipalityId, t.tokenHash),
    foreignKey({ columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
  ],
);

/** One-time recovery codes of the TOTP second factor: only their SHA-256 is stored. */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    municipalityId: uuid('municipality_id').notNull(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.userId, t.codeHash] }),
    foreignKey({ columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
  ],
);

/**
 * Login attempt counters (per address, per account, per address and account), shared by every app
 * process. Not tenant data: an address is counted across municipalities. The key is a SHA-256 of
 * what it counts, never a raw login id or address; rows are updated by one atomic upsert per attempt.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** whether the last attempt was refused (read back by the upsert's RETURNING) */
    refused: boolean('refused').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_throttle_updated_idx').on(t.updatedAt)],
);

// ───────────────────────── PDCA: legends, rounds, reports ─────────────────────────


/** Status legend per plan; a plan may have two axes (着手状況 and 達成度). */
export const statusLegends = pgTable(
  'status_legends',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    /** 'status' (primary) or 'achievement' (second axis) */
    axis: text('axis').notNull(),
    name: text('name').notNull(),
    values: jsonb('values').$type<LegendValue[]>().notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('status_legends_axis_uq').on(t.municipalityId, t.planId, t.axis),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
  ],
);

/** A progress round (照会): the secretariat asks departments how their items stand. */
export const rounds = pgTable(
  'rounds',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    /** e.g. 令和4年度末見込み, 令和4年度実績, 第2四半期 */
    label: text('label').notNull(),
    asOfDate: date('as_of_date', { mode: 'string' }).notNull(),
    targetFiscalYear: integer('target_fiscal_year').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** draft / open / closed */
    state: text('state').notNull(),
    /** which answer fields are asked */
    fields: jsonb('fields').$type<string[]>().notNull(),
    /** which items it asks about ({ mode: all | scheduled | nodes, nodeIds }): chosen on the draft or when opening; null = all */
    scope: jsonb('scope').$type<{ mode: 'all' | 'scheduled' | 'nodes'; nodeIds?: string[] }>(),
    previousRoundId: uuid('previous_round_id'),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** when its progress table was last published for citizens (publications); null = never or withdrawn */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
    foreignKey({ columns: [t.municipalityId, t.previousRoundId], foreignColumns: [t.municipalityId, t.id] }),
    index('rounds_plan_idx').on(t.municipalityId, t.planId),
  ],
);

/** One answer per item per round, moving through the reporting workflow. */
export const reports = pgTable(
  'reports',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    roundId: uuid('round_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    /** not_started / draft / submitted / approved / accepted (returns go back to draft with a comment) */
    state: text('state').notNull().default('not_started'),
    statusCode: text('status_code'),
    achievementCode: text('achievement_code'),
    narrative: text('narrative').notNull().default(''),
    issues: text('issues').notNull().default(''),
    nextPlan: text('next_plan').notNull().default(''),
    /** 効果額 in integer yen */
    effectRevenueYen: bigint('effect_revenue_yen', { mode: 'number' }),
    effectExpenseYen: bigint('effect_expense_yen', { mode: 'number' }),
    /** one_off / recurring */
    effectKind: text('effect_kind'),
    /** hours saved per year, in tenths of an hour (integer, no floats) */
    hoursSavedTenths: integer('hours_saved_tenths'),
    numbers: jsonb('numbers').$type<Record<string, string>>().notNull().default({}),
    returnComment: text('return_comment').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').notNull().default(''),
    /** actor label of the last one to change the contents or submit them: the approver must be someone else (職務の分離) */
    lastWriter: text('last_writer').notNull().default(''),
    updatedAt: updatedAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('reports_round_node_uq').on(t.municipalityId, t.roundId, t.nodeId),
    foreignKey({ columns: [t.municipalityId, t.roundId], foreignColumns: [rounds.municipalityId, rounds.id] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }),
  ],
);

/** Workflow history of a report: every transition with who, when and the comment. */
export const reportEvents = pgTable(
  'report_events',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    reportId: uuid('report_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    comment: text('comment').notNull().default(''),
    /** order of events written in one transaction (they share `at`) */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.reportId], foreignColumns: [reports.municipalityId, reports.id] }),
    index('report_events_report_idx').on(t.municipalityId, t.reportId),
  ],
);

/** In-app notifications (reminders, returns, opinions assigned). */
export const notifications = pgTable(
  'notifications',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link').notNull().default(''),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    index('notifications_user_idx').on(t.municipalityId, t.userId, t.readAt),
  ],
);

/** Mail to send when SMTP is configured; written in the same transaction as its cause. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error').notNull().default(''),
    /** not tried before this (now at first; later after each failure, with back-off) */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** a sender's lease: until then no other sender (another app process) takes the row */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('email_outbox_pending_idx').on(t.municipalityId, t.sentAt),
    // the retry timer's one cross-tenant question: which municipalities have mail due
    index('email_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.sentAt} is null`),
  ],
);

// ───────────────────────── review bodies ─────────────────────────

/** Meetings of 推進本部, 幹事会, 専門部会, 審議会. */
export const meetings = pgTable(
  'meetings',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** 推進本部 / 幹事会 / 専門部会 / 審議会 */
    body: text('body').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    members: jsonb('members').$type<{ name: string; role: string }[]>().notNull().default([]),
    minutes: text('minutes').notNull().default(''),
    /** when the secretariat published the meeting's opinions and the municipality's responses (公表); null = not published */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.id] })],
);

export const meetingAgenda = pgTable(
  'meeting_agenda',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    sortOrder: integer('sort_order').notNull(),
    title: text('title').notNull(),
    roundId: uuid('round_id'),
    nodeId: uuid('node_id'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.meetingId], foreignColumns: [meetings.municipalityId, meetings.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.municipalityId, t.roundId], foreignColumns: [rounds.municipalityId, rounds.id] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }),
  ],
);

/** Opinions (意見) of a review body, each answered by a department (対応方針) and tracked to closure. */
export const opinions = pgTable(
  'opinions',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id'),
    nodeId: uuid('node_id'),
    body: text('body').notNull(),
    assignedDepartmentId: uuid('assigned_department_id'),
    response: text('response').notNull().default(''),
    /** why the secretariat sent the response back (shown to the department until it answers again) */
    returnComment: text('return_comment').notNull().default(''),
    /** open / answered / closed */
    state: text('state').notNull().default('open'),
    respondedBy: text('responded_by').notNull().default(''),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** 回答期限 set by the secretariat; null: the default (recorded date + 30 days) */
    dueOn: date('due_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.meetingId], foreignColumns: [meetings.municipalityId, meetings.id] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }),
    foreignKey({ columns: [t.municipalityId, t.assignedDepartmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    index('opinions_dept_idx').on(t.municipalityId, t.assignedDepartmentId, t.state),
  ],
);


// ───────────────────────── import and export ─────────────────────────

/**
 * An uploaded table waiting for its mapping, dry run and commit: the parsed cell texts (never the
 * file), kept in the database so that any app process can continue the import, and removed when
 * committed, cancelled or expired.
 */
export const importUploads = pgTable(
  'import_uploads',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    /** actor id */
    createdBy: text('created_by').notNull(),
    /** the parsed upload (sheets of cell texts, merges, file name, kind, encoding) */
    upload: jsonb('upload').$type<Record<string, unknown>>().notNull(),
    cells: integer('cells').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('import_uploads_expiry_idx').on(t.expiresAt),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }).onDelete('cascade'),
  ],
);

/** A column mapping saved for reuse next year (header → field, status words → legend codes). */
export const importMappings = pgTable(
  'import_mappings',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id'),
    name: text('name').notNull(),
    mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('import_mappings_name_uq').on(t.municipalityId, t.name),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
  ],
);

/** Long-running imports and exports, run off the request and polled for progress. */
export const jobs = pgTable(
  'jobs',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    /** queued / running / done / failed */
    state: text('state').notNull(),
    progress: integer('progress').notNull().default(0),
    total: integer('total').notNull().default(0),
    message: text('message').notNull().default(''),
    result: jsonb('result'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.id] })],
);

/** PostgreSQL bytea; PGlite returns Uint8Array and pg returns Buffer, both read as Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The file a job produced (an export's .xlsx / .zip / .pdf), kept in the database so that any
 * process can serve it. Removed with its job, and after JOB_FILE_RETENTION_DAYS (jobs/domain/files.ts)
 * when the municipality starts another file job.
 */
export const jobFiles = pgTable(
  'job_files',
  {
    municipalityId: uuid('municipality_id').notNull(),
    jobId: uuid('job_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.jobId] }),
    foreignKey({ columns: [t.municipalityId, t.jobId], foreignColumns: [jobs.municipalityId, jobs.id] }).onDelete('cascade'),
    index('job_files_created_idx').on(t.municipalityId, t.createdAt),
  ],
);

/** The published table's layout per plan: which columns, their titles, the legend text. */
export const exportLayouts = pgTable(
  'export_layouts',
  {
    municipalityId: uuid('municipality_id').notNull(),
    planId: uuid('plan_id').notNull(),
    layout: jsonb('layout').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.planId] }),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
  ],
);

// ───────────── numeric targets (数値目標・KPI) ─────────────

/**
 * A numeric target of a plan (数値目標・重要業績評価指標): 基準値 → 目標値 with a bound
 * (「以下」 at_most / 「以上」 at_least). Values are integers scaled by 10^scale in the
 * indicator's own unit (99.6 % with scale 1 is 996; 17.5 億円 with scale 1 is 175), so no
 * value is ever a float.
 */
export const kpis = pgTable(
  'kpis',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    /** the item or group of the plan the indicator measures; null: the plan as a whole */
    nodeId: uuid('node_id'),
    /** 数値目標 / 歳出削減 / 歳入確保 / 業務改革 … (the heading it is printed under) */
    category: text('category').notNull().default(''),
    /** number printed beside it (1, 2, ①) */
    number: text('number').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    name: text('name').notNull(),
    /** %, 億円, 分, 時間, 点, 人 … */
    unit: text('unit').notNull().default(''),
    /** decimal places of every value of this indicator */
    scale: integer('scale').notNull().default(0),
    /** at_most (以下・以内) / at_least (以上): which side of the target counts as achieved */
    bound: text('bound').notNull(),
    baselineFiscalYear: integer('baseline_fiscal_year'),
    baselineValue: bigint('baseline_value', { mode: 'number' }),
    /** e.g. 令和6年度決算, 実質単年度収支 */
    baselineNote: text('baseline_note').notNull().default(''),
    targetFiscalYear: integer('target_fiscal_year'),
    targetValue: bigint('target_value', { mode: 'number' }),
    /** printed instead of the number when the plan words it so (収支均衡) */
    targetLabel: text('target_label').notNull().default(''),
    /** how it is measured, why this target */
    description: text('description').notNull().default(''),
    /** the department that supplies the figures */
    departmentId: uuid('department_id'),
    /** a row of the plan's financial / staffing tables the values are taken from (実績 → actual, 計画 → 年度目標); null: entered by hand */
    sourceRowId: uuid('source_row_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('kpis_plan_idx').on(t.municipalityId, t.planId, t.sortOrder),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
    foreignKey({ columns: [t.municipalityId, t.nodeId], foreignColumns: [planNodes.municipalityId, planNodes.id] }),
    foreignKey({ columns: [t.municipalityId, t.departmentId], foreignColumns: [departments.municipalityId, departments.id] }),
    // a linked row cannot disappear under a KPI: the table commands refuse first, with a message
    foreignKey({ columns: [t.municipalityId, t.sourceRowId], foreignColumns: [fiscalTableRows.municipalityId, fiscalTableRows.id] }),
  ],
);

/** A KPI's value for one fiscal year: the actual (実績) or an interim target (年度目標). Scaled like the KPI. */
export const kpiValues = pgTable(
  'kpi_values',
  {
    municipalityId: uuid('municipality_id').notNull(),
    kpiId: uuid('kpi_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** actual / milestone */
    kind: text('kind').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.kpiId, t.fiscalYear, t.kind] }),
    foreignKey({ columns: [t.municipalityId, t.kpiId], foreignColumns: [kpis.municipalityId, kpis.id] }).onDelete('cascade'),
  ],
);

// ───────────── financial and staffing tables (中期財政計画・定員管理計画) ─────────────

/**
 * A table of figures by fiscal year attached to a plan: 歳入歳出見込み, 基金残高, 地方債残高,
 * 財政指標 (経常収支比率 …), 職員数. Money is stored in yen (value_kind 'yen'; `unit` 百万円 / 千円
 * only says how it is printed); other figures are integers scaled by 10^scale (value_kind 'number').
 */
export const fiscalTables = pgTable(
  'fiscal_tables',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    /** budget (歳入歳出) / funds (基金残高) / debt (地方債残高) / ratios (財政指標) / headcount (職員数) / other */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** yen / number */
    valueKind: text('value_kind').notNull(),
    /** printed unit: 円 / 千円 / 百万円 / 億円 for yen; %, 人, 時間 … for numbers */
    unit: text('unit').notNull().default(''),
    /** decimal places of 'number' values */
    scale: integer('scale').notNull().default(0),
    firstFiscalYear: integer('first_fiscal_year').notNull(),
    lastFiscalYear: integer('last_fiscal_year').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** where it is printed in the plan (図表 10) */
    source: text('source').notNull().default(''),
    /** 推計の考え方 and other notes */
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('fiscal_tables_plan_idx').on(t.municipalityId, t.planId, t.sortOrder),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }),
  ],
);

export const fiscalTableRows = pgTable(
  'fiscal_table_rows',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    tableId: uuid('table_id').notNull(),
    sortOrder: integer('sort_order').notNull(),
    /** 歳入 / 歳出 / '' */
    section: text('section').notNull().default(''),
    label: text('label').notNull(),
    /** item / breakdown (うち…, not added into totals) / total (計) / balance (歳入－歳出) */
    rowKind: text('row_kind').notNull().default('item'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('fiscal_table_rows_table_idx').on(t.municipalityId, t.tableId, t.sortOrder),
    foreignKey({ columns: [t.municipalityId, t.tableId], foreignColumns: [fiscalTables.municipalityId, fiscalTables.id] }).onDelete('cascade'),
  ],
);

/** One figure of a row for one fiscal year: the plan's estimate (plan) or the settled figure (actual). */
export const fiscalTableValues = pgTable(
  'fiscal_table_values',
  {
    municipalityId: uuid('municipality_id').notNull(),
    rowId: uuid('row_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** plan / actual */
    kind: text('kind').notNull().default('plan'),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.rowId, t.fiscalYear, t.kind] }),
    foreignKey({ columns: [t.municipalityId, t.rowId], foreignColumns: [fiscalTableRows.municipalityId, fiscalTableRows.id] }).onDelete('cascade'),
  ],
);

/**
 * What citizens see, published on purpose by the secretariat (公表): a snapshot of a round's progress
 * table, of a plan's KPI values for a fiscal year, or of a financial table as of a fiscal year. The
 * public site and open data read these snapshots only, so later edits change nothing until the next
 * publication; a publication after a current one is a correction (正誤) and says what was corrected.
 */
export const publications = pgTable(
  'publications',
  {
    municipalityId: uuid('municipality_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** round / kpi_values / fiscal_table */
    subjectKind: text('subject_kind').notNull(),
    /** the round, the plan (KPI values) or the financial table */
    subjectId: uuid('subject_id').notNull(),
    /** the fiscal year published (KPI values, financial table); 0 for a round */
    fiscalYear: integer('fiscal_year').notNull(),
    planId: uuid('plan_id').notNull(),
    /** 1, 2 … per subject and year: the version check of publishing */
    seq: integer('seq').notNull(),
    /** published / superseded / withdrawn */
    state: text('state').notNull(),
    title: text('title').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    /** what changed against the publication before it, as shown in the preview */
    changes: jsonb('changes').$type<{ where: string; before: string; after: string }[]>().notNull().default([]),
    /** 正誤: what this publication corrects ('' for a first publication) */
    correction: text('correction').notNull().default(''),
    reason: text('reason').notNull().default(''),
    /** reports not accepted at publication: exclude / no_answer (null: there were none) */
    unaccepted: text('unaccepted'),
    unacceptedCount: integer('unaccepted_count').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedBy: text('published_by').notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by').notNull().default(''),
    withdrawReason: text('withdraw_reason').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    uniqueIndex('publications_subject_seq').on(t.municipalityId, t.subjectKind, t.subjectId, t.fiscalYear, t.seq),
    index('publications_state_idx').on(t.municipalityId, t.state, t.subjectKind),
    foreignKey({ columns: [t.municipalityId, t.planId], foreignColumns: [plans.municipalityId, plans.id] }).onDelete('cascade'),
  ],
);

export const tenantTables = {
  departments,
  tags,
  plans,
  planStages,
  planLinks,
  planNodes,
  nodeDepartments,
  nodeSchedules,
  nodeTags,
  nodeChanges,
  auditLog,
  users,
  userDepartments,
  sessions,
  userRecoveryCodes,
  statusLegends,
  rounds,
  reports,
  reportEvents,
  notifications,
  emailOutbox,
  meetings,
  meetingAgenda,
  opinions,
  importMappings,
  importUploads,
  jobs,
  jobFiles,
  exportLayouts,
  kpis,
  kpiValues,
  fiscalTables,
  fiscalTableRows,
  fiscalTableValues,
  publications,
} as const;

export { sql };
