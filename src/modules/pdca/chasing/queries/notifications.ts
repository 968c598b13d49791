/** A user's notifications, newest first. Tenant-scoped reads. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications, users } from '../../../../db/schema.js';
import type { NotificationDto, NotificationListDto } from '../../../../shared/api-types-views.js';
import type { TenantScope } from '../../../../shared/context.js';
import { notFound } from '../../../../shared/errors.js';

export type NotificationRow = typeof notifications.$inferSelect;

export function presentNotification(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    userId: n.userId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export async function userExists(scope: TenantScope, userId: string): Promise<boolean> {
  const rows = await scope.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.municipalityId, scope.municipalityId), eq(users.id, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function listNotifications(scope: TenantScope, userId: string, o: { unreadOnly?: boolean | undefined; limit: number }): Promise<NotificationListDto> {
  if (!(await userExists(scope, userId))) throw notFound('職員');
  const m = scope.municipalityId;
  const mine = and(eq(notifications.municipalityId, m), eq(notifications.userId, userId));
  const [rows, [unread]] = [
    await scope.db
      .select()
      .from(notifications)
      .where(o.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(o.limit),
    await scope.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ];
  return { userId, unread: unread?.n ?? 0, items: rows.map(presentNotification) };
}

export async function findNotification(scope: TenantScope, id: string): Promise<NotificationRow | null> {
  const rows = await scope.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.municipalityId, scope.municipalityId), eq(notifications.id, id)))
    .limit(1);
  return rows[0] ?? null;
}
