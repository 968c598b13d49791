/**
 * GET /m/:code/council: the review bodies' opinions and the municipality's responses, for the
 * meetings the secretariat has published (review/domain/publication.ts), newest meeting first.
 * Only closed opinions appear, each with the item it concerns and the department that answered.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { publishedMeetings, type PublishedMeeting } from '../../review/queries/published.js';
import { DateText, Layout, municipalityNotFound, page, publicMunicipality, type PublicMunicipality } from './publicLayout.js';

type Municipality = PublicMunicipality;

const MeetingSection: FC<{ meeting: PublishedMeeting }> = ({ meeting: mt }) => (
  <section aria-labelledby={`meeting-${mt.id}`}>
    <h2 id={`meeting-${mt.id}`}>
      {mt.title}
      <span class="desc">
        {mt.body}・<DateText iso={mt.heldOn} />
        開催（
        <DateText iso={toTokyoIsoDate(mt.publishedAt)} />
        公表）
      </span>
    </h2>
    {mt.opinions.length === 0 ? (
      <p>公表している意見はありません。</p>
    ) : (
      <ol class="opinions">
        {mt.opinions.map((o) => (
          <li>
            <article aria-labelledby={`opinion-${o.id}`}>
              <h3 id={`opinion-${o.id}`}>{o.node ? `意見（${[o.node.number, o.node.title].filter(Boolean).join(' ')}）` : '意見'}</h3>
              <p class="text">{o.body}</p>
              <h4>市の対応{o.departmentName ? <span class="desc">担当: {o.departmentName}</span> : null}</h4>
              <p class="text">{o.response || '（対応の記載はありません）'}</p>
            </article>
          </li>
        ))}
      </ol>
    )}
  </section>
);

const OpinionsPage: FC<{ m: Municipality; meetings: PublishedMeeting[] }> = ({ m, meetings }) => (
  <Layout title={`${m.name}の審議会等の意見と市の対応`} municipality={m} section="opinions">
    <header>
      <h1>審議会等の意見と市の対応</h1>
      <p>行政改革を審議する会議でいただいた意見と、それに対する{m.name}の対応です。事務局が対応をまとめ、公表した会議の分を載せています。</p>
    </header>
    <main>{meetings.length === 0 ? <p>公表している会議はまだありません。</p> : meetings.map((mt) => <MeetingSection meeting={mt} />)}</main>
  </Layout>
);

export function publicOpinionRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/council', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    return page(c, <OpinionsPage m={m} meetings={await publishedMeetings(scopeOf(c))} />, 200);
  });
  return r;
}
