/** Marking notifications as read. Reading is not a change of record: no audit row. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../../../db/schema.js';
import type { NotificationDto } from '../../../../shared/api-types-views.js';
import type { CommandContext } from '../../../../shared/context.js';
import { forbidden, notFound } from '../../../../shared/errors.js';
import { canMarkNotification } from '../domain/policy.js';
import { findNotification, presentNotification } from '../queries/notifications.js';

export async function markNotificationRead(ctx: CommandContext, id: string): Promise<NotificationDto> {
  const n = await findNotification(ctx, id);
  if (!n) throw notFound('通知');
  if (!canMarkNotification(ctx.actor, { municipalityId: ctx.municipalityId }, n.userId)) throw forbidden('他の職員の通知は既読にできません。');
  // the first reading time is kept
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.municipalityId, ctx.municipalityId), eq(notifications.id, id)))
    .returning();
  return presentNotification(row!);
}

export async function markAllRead(ctx: CommandContext, userId: string): Promise<number> {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.municipalityId, ctx.municipalityId), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
