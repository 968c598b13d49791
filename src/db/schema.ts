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
import {
  boolean,
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
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('municipalities_code_uq').on(t.code)],
);

export const departments = pgTable(
  'departments',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** 部 / 課 / 室 / 局 / 係 / センター */
    kind: text('kind').notNull(),
    parentId: uuid('parent_id'),
    /** validity period: a renamed or merged 課 keeps its history */
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    successorId: uuid('successor_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.parentId], foreignColumns: [t.municipalityId, t.id] }),
    foreignKey({ columns: [t.municipalityId, t.successorId], foreignColumns: [t.municipalityId, t.id] }),
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
} as const;

export { sql };
