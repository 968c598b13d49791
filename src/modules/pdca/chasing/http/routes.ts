/**
 * Chasing: the missing list, reminders (督促), notifications and the deadline calendar.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../shared/http/types.js';
import { inTransaction, scopeOf } from '../../../../shared/http/tenant.js';
import { isoDate, parseInput, uuid } from '../../../../shared/http/validate.js';
import { describeRoute } from '../../../../shared/http/openapi.js';
import { AppError, forbidden, validationError } from '../../../../shared/errors.js';
import { fiscalYearOf, fiscalYearRange, parseIsoDate, todayInTokyo } from '../../../fiscal/domain/index.js';
import { authorizeViews, guardTenant } from '../../views/http/routes.js';
import { checkPdcaIds } from '../../views/http/schemas.js';
import { markAllRead, markNotificationRead } from '../commands/notifications.js';
import { sendReminders } from '../commands/sendReminders.js';
import { canSendReminders, notificationTarget } from '../domain/policy.js';
import { smtpConfigFromEnv, SmtpConfigError, type SmtpConfig } from '../mail/config.js';
import { kickDelivery } from '../mail/outbox.js';
import { deadlineCalendar } from '../queries/calendar.js';
import { missingView } from '../queries/missing.js';
import { listNotifications } from '../queries/notifications.js';

const BASE = '/api/m/:code';
const TAG = '進行管理（督促・通知）';

const boolParam = z
  .enum(['true', 'false', '1', '0'], { message: 'true か false を指定してください。' })
  .transform((v) => v === 'true' || v === '1');

export const reminderBody = z.object({
  departmentIds: z.array(uuid, { message: '担当課の指定が正しくありません。' }).max(200).optional(),
  message: z.string({ message: '添える文は文字列で入力してください。' }).max(1000, { message: '添える文は1000文字以内にしてください。' }).optional(),
});

export const notificationsQuery = z.object({
  userId: uuid.optional(),
  unread: boolParam.optional(),
  limit: z.coerce.number({ message: '件数（limit）は数値で指定してください。' }).int().min(1, { message: '件数（limit）は1以上にしてください。' }).max(200, { message: '件数（limit）は200以下にしてください。' }).default(50),
});

export const readAllBody = z.object({ userId: uuid.optional() });

export const calendarQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

const MAX_CALENDAR_DAYS = 366 * 5;

function smtpConfig(): SmtpConfig | null {
  try {
    return smtpConfigFromEnv(process.env);
  } catch (e) {
    if (e instanceof SmtpConfigError) throw new AppError('smtp_config', 500, `メール送信の設定に誤りがあります。管理者に連絡してください（${e.message}）`);
    throw e;
  }
}

export function chasingRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/rounds/:roundId/missing', checkPdcaIds);
  r.use('/rounds/:roundId/reminders', checkPdcaIds);
  r.use('/notifications/:notificationId/read', checkPdcaIds);

  describeRoute({ method: 'get', path: `${BASE}/rounds/:roundId/missing`, summary: '未提出の一覧（担当課別・職員別、提出期限までの日数）', tag: TAG, response: 'MissingDto' });
  r.get('/rounds/:roundId/missing', async (c) => {
    authorizeViews(c);
    return c.json(await missingView(scopeOf(c), c.req.param('roundId'), c.get('actor')));
  });

  describeRoute({ method: 'post', path: `${BASE}/rounds/:roundId/reminders`, summary: '督促（未提出の担当課の報告者・承認者に通知。SMTP設定時はメールも）', tag: TAG, body: reminderBody, response: 'ReminderResultDto', status: 201 });
  r.post('/rounds/:roundId/reminders', async (c) => {
    const raw = await c.req.text();
    const body = parseInput(reminderBody, raw.trim() ? JSON.parse(raw) : {});
    guardTenant(c);
    if (!canSendReminders(c.get('actor'), { municipalityId: c.get('municipality').id })) throw forbidden('督促を送れるのは事務局だけです。');
    const cfg = smtpConfig();
    const roundId = c.req.param('roundId');
    const link = `/m/${c.get('municipality').code}/rounds/${roundId}`;
    const result = await inTransaction(c, (ctx) => sendReminders(ctx, roundId, body, { emailEnabled: cfg !== null, link }));
    // after the commit: mail goes out in the background; failures stay on the outbox rows
    if (cfg && result.emailsQueued) void kickDelivery(c.get('store').db, c.get('municipality').id, cfg);
    return c.json(result, 201);
  });

  describeRoute({ method: 'get', path: `${BASE}/notifications`, summary: '通知の一覧（本人の通知。事務局は userId で職員を指定可）', tag: TAG, query: notificationsQuery, response: 'NotificationListDto' });
  r.get('/notifications', async (c) => {
    const q = parseInput(notificationsQuery, c.req.query());
    guardTenant(c);
    const t = notificationTarget(c.get('actor'), { municipalityId: c.get('municipality').id }, q.userId);
    if (!t.ok) throw t.status === 403 ? forbidden(t.message) : validationError([{ path: 'userId', message: t.message }], t.message);
    return c.json(await listNotifications(scopeOf(c), t.userId, { unreadOnly: q.unread, limit: q.limit }));
  });

  describeRoute({ method: 'post', path: `${BASE}/notifications/:notificationId/read`, summary: '通知を既読にする', tag: TAG, response: 'NotificationDto' });
  r.post('/notifications/:notificationId/read', async (c) => {
    guardTenant(c);
    return c.json(await inTransaction(c, (ctx) => markNotificationRead(ctx, c.req.param('notificationId'))));
  });

  describeRoute({ method: 'post', path: `${BASE}/notifications/read-all`, summary: '通知をすべて既読にする', tag: TAG, body: readAllBody });
  r.post('/notifications/read-all', async (c) => {
    const raw = await c.req.text();
    const body = parseInput(readAllBody, raw.trim() ? JSON.parse(raw) : {});
    guardTenant(c);
    const t = notificationTarget(c.get('actor'), { municipalityId: c.get('municipality').id }, body.userId);
    if (!t.ok) throw t.status === 403 ? forbidden(t.message) : validationError([{ path: 'userId', message: t.message }], t.message);
    const scope = scopeOf(c);
    // 404 for a user of another municipality, as for the list
    await listNotifications(scope, t.userId, { unreadOnly: true, limit: 1 });
    return c.json({ updated: await inTransaction(c, (ctx) => markAllRead(ctx, t.userId)) });
  });

  describeRoute({ method: 'get', path: `${BASE}/calendar`, summary: '締切カレンダー（期間内に提出期限がある照会と、その状態。省略時は今年度）', tag: TAG, query: calendarQuery, response: 'CalendarDto' });
  r.get('/calendar', async (c) => {
    const q = parseInput(calendarQuery, c.req.query());
    authorizeViews(c);
    const fy = fiscalYearRange(fiscalYearOf(todayInTokyo()));
    const from = q.from ?? fy.start;
    const to = q.to ?? fy.end;
    const errors: { path: string; message: string }[] = [];
    if (!parseIsoDate(from)) errors.push({ path: 'from', message: '存在しない日付です。' });
    if (!parseIsoDate(to)) errors.push({ path: 'to', message: '存在しない日付です。' });
    if (!errors.length && from > to) errors.push({ path: 'to', message: '終了日は開始日以降にしてください。' });
    if (!errors.length && (Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_CALENDAR_DAYS) errors.push({ path: 'to', message: '期間は5年以内にしてください。' });
    if (errors.length) throw validationError(errors);
    return c.json(await deadlineCalendar(scopeOf(c), from, to));
  });

  return r;
}
