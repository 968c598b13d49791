/** @jsxImportSource react */
/**
 * Secretariat and review-body screens (照会の管理, 集計, 督促, 予定表, 会議, 意見,
 * 監査ログ, 利用者). App.tsx asks this matcher before answering 404.
 *
 *   /m/:code/rounds                      照会の一覧・作成
 *   /m/:code/rounds/:roundId             照会の状況（集計・未提出・督促）
 *   /m/:code/plans/:planId/legends       凡例の設定
 *   /m/:code/calendar                    締切予定表
 *   /m/:code/meetings[/:meetingId|/new]  会議
 *   /m/:code/opinions[/:opinionId]       意見と対応方針
 *   /m/:code/audit                       監査ログ
 *   /m/:code/users                       利用者の管理
 */
import type { ReactNode } from 'react';

export function matchSecretariatRoute(_pathname: string, _search: string): ReactNode | null {
  return null;
}
