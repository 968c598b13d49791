/** Japanese names of audit actions and entities. Unknown codes are shown as they are. Pure. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'municipality.create': '団体の登録',
  'department.create': '組織の登録',
  'department.update': '組織の更新',
  'tag.create': 'タグの登録',
  'tag.update': 'タグの更新',
  'plan.create': '計画の登録',
  'plan.update': '計画の更新',
  'plan.stage': '計画の段階の記録',
  'node.create': '項目の追加',
  'node.update': '項目の編集',
  'node.move': '項目の移動',
  'node.stop': '項目の中止',
  'node.merge': '項目の統合',
  'meeting.create': '会議の登録',
  'meeting.update': '会議の更新',
  'meeting.delete': '会議の削除',
  'opinion.create': '意見の登録',
  'opinion.update': '意見の修正',
  'opinion.assign': '担当課の割当て',
  'opinion.respond': '対応方針の回答',
  'opinion.return': '対応方針の差戻し',
  'opinion.close': '意見の完了',
  'audit.export': '監査ログの出力',
  // PDCA and accounts (labels only; those modules own the actions — unknown codes are shown as they are)
  'legend.update': '凡例の更新',
  'round.create': '照会の作成',
  'round.update': '照会の更新',
  'round.open': '照会の開始',
  'round.close': '照会の締切',
  'round.reopen': '照会の再開',
  'round.import': '照会への取込み',
  'workbook.import': '担当課ワークブックの取込み',
  'export_layout.update': '公表用の表の様式の変更',
  'round.remind': '督促',
  'report.save': '報告の保存',
  'report.submit': '報告の提出',
  'report.approve': '報告の承認',
  'report.return_by_approver': '報告の差戻し（課長）',
  'report.accept': '報告の確認',
  'report.return_by_secretariat': '報告の差戻し（事務局）',
  'report.reopen': '報告の確認の取消し',
  'user.create': '利用者の登録',
  'user.update': '利用者の更新',
  'user.password_reset': 'パスワードの再設定',
  'user.sessions_revoke': 'ログイン中の端末の切断',
  'user.unlock': 'ロックの解除',
  'auth.login': 'ログイン',
  'auth.logout': 'ログアウト',
  'auth.login_failed': 'ログイン失敗',
  'auth.login_refused_locked': 'ログイン拒否（ロック中）',
  'auth.lock': 'アカウントのロック',
  'auth.password_change': 'パスワードの変更',
  'auth.password_change_failed': 'パスワード変更の失敗',
  'auth.rate_limited': 'ログイン試行の制限',
  'auth.activate': 'アカウントの有効化',
  'auth.activation_failed': '有効化の失敗',
  'user.import': '職員のCSV取込み',
  'user.activation_issue': '有効化コードの発行',
  'department.import': '組織のCSV取込み',
  'fiscal_table.create': '財政計画・定員管理の表の登録',
  'fiscal_table.replace': '財政計画・定員管理の表の更新',
  'fiscal_table.delete': '財政計画・定員管理の表の削除',
  'kpi.create': '数値目標・KPIの登録',
  'kpi.update': '数値目標・KPIの変更',
  'kpi.delete': '数値目標・KPIの削除',
  'kpi.value.set': '実績値・年度目標の入力',
  'kpi.value.clear': '実績値・年度目標の消去',
  'kpi.reorder': '数値目標・KPIの並び替え',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  municipality: '団体',
  department: '組織',
  tag: 'タグ',
  plan: '計画',
  plan_node: '計画の項目',
  meeting: '会議',
  opinion: '意見',
  audit_log: '監査ログ',
  round: '照会',
  report: '報告',
  plan_legends: '凡例',
  user: '利用者',
  session: 'セッション',
  fiscal_table: '財政計画・定員管理の表',
  kpi: '数値目標・KPI',
};

export const auditActionLabel = (code: string) => AUDIT_ACTION_LABELS[code] ?? code;
export const auditEntityLabel = (code: string) => AUDIT_ENTITY_LABELS[code] ?? code;

export { splitActor } from '../../access/domain/actorLabel.js';

/**
 * 'YYYY-MM-DD HH:mm:ss' in Asia/Tokyo. Japan has had no daylight saving time since 1951,
 * so the fixed +09:00 offset is exact for every timestamp this system stores.
 */
export function formatJst(at: Date): string {
  const t = new Date(at.getTime() + 9 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** Start (inclusive) and end (exclusive) instants of a range of JST calendar dates, both ends inclusive as dates. */
export function jstDateRange(from?: string, to?: string): { start?: Date; end?: Date } {
  const out: { start?: Date; end?: Date } = {};
  if (from) out.start = new Date(`${from}T00:00:00+09:00`);
  if (to) {
    const d = new Date(`${to}T00:00:00+09:00`);
    d.setUTCDate(d.getUTCDate() + 1);
    out.end = d;
  }
  return out;
}
