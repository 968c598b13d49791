/**
 * The preview of a publication: the citizens' page rendered from the candidate snapshot by the same
 * components as the public site, under a banner that says it is not public yet and what changes.
 */
import type { FC } from 'hono/jsx';
import type { PublicationPreviewDto } from '../../../shared/api-types-publish.js';
import type { TenantScope } from '../../../shared/context.js';
import type { Snapshot } from '../domain/publication.js';
import { RoundPage } from './publicProgress.js';
import type { PublicMunicipality } from './publicLayout.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { kpiPreviewNode, financePreviewNode } from './publicSitePreview.js';

export const PreviewBanner: FC<{ dto: PublicationPreviewDto }> = ({ dto }) => (
  <div class="preview-banner" role="note" aria-label="公表前のプレビュー">
    <strong>プレビュー（まだ公表していません）</strong>: {dto.title}。公表すると、市民向けのページにこのとおり載ります。
    {dto.current ? ` 公表中の第${dto.current.seq}版を置き換えます（正誤）。変更点 ${dto.changes.length}件。` : ''}
    {dto.unaccepted.count ? ` 事務局が確認していない回答 ${dto.unaccepted.count}件。` : ''}
  </div>
);

export async function previewPage(scope: TenantScope, m: PublicMunicipality, snapshot: Snapshot, dto: PublicationPreviewDto) {
  const today = todayInTokyo();
  if (snapshot.kind === 'round')
    return (
      <RoundPage m={m} table={snapshot.table} summary={snapshot.summary} publishedOn={today} corrections={[]} banner={<PreviewBanner dto={dto} />} />
    );
  if (snapshot.kind === 'kpi_values') return kpiPreviewNode(scope, m, snapshot, <PreviewBanner dto={dto} />);
  return financePreviewNode(scope, m, snapshot, <PreviewBanner dto={dto} />);
}
