/** Page set-up and styles shared by the publishing PDFs: A4 landscape, Noto Sans JP, 「1 / 3」. */
import { formatWarekiDate, todayInTokyo } from '../../fiscal/domain/index.js';
import { FONT, pageFooter, type Content, type DocDefinition } from './render.js';

export const PAGE = { width: 841.89, height: 595.28 } as const;
export const MARGIN = 20;

export const COLORS = {
  line: '#7f7f7f',
  headerFill: '#e8edf3',
  labelFill: '#f3f5f8',
  muted: '#5a5a5a',
  scheduled: '#c00000',
  overdue: '#1f4e9e',
  priority: '#b3261e',
} as const;

/** 令和8年4月1日 for today in Japan. */
export const printedOn = (now?: Date): string => formatWarekiDate(todayInTokyo(now));

/** A4 landscape with the footer 「name … 1 / 3」 and the given top margin (room for a page header). */
export function landscapeDoc(opts: {
  title: string;
  municipality: string;
  content: Content;
  top?: number;
  header?: (page: number, pages: number) => Content;
}): DocDefinition {
  return {
    info: { title: opts.title, author: opts.municipality, creator: 'gyokaku', producer: 'gyokaku' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [MARGIN, opts.top ?? MARGIN, MARGIN, 28],
    defaultStyle: { font: FONT, fontSize: 8, lineHeight: 1.15 },
    ...(opts.header ? { header: opts.header } : {}),
    footer: pageFooter(`${opts.municipality}　${opts.title}`, MARGIN),
    content: opts.content,
  };
}

/** Thin grey grid with small padding, for dense tables. */
export const gridLayout = (padding = 2) => ({
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => COLORS.line,
  vLineColor: () => COLORS.line,
  paddingLeft: () => padding,
  paddingRight: () => padding,
  paddingTop: () => padding,
  paddingBottom: () => padding,
});

/** A label cell (grey background) for key/value tables and table headers. */
export const th = (text: string, extra: Record<string, unknown> = {}) => ({ text, bold: true, fillColor: COLORS.headerFill, alignment: 'center', ...extra });
