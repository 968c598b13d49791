/**
 * Finishing ECharts' server-side SVG for pages and PDFs — pure string work, no ECharts.
 *
 * ECharts' SSR output carries things a static image must not: hover CSS in a <style> block and
 * class names numbered by a process-wide counter, `ecmeta_*` attributes for client hydration, and
 * ids prefixed with the renderer instance's number (zr3-c0), which change from one render to the
 * next. They are removed or renamed here so that the same chart gives the same bytes (ETags,
 * snapshots), and two different charts inlined in one page never share an id.
 */

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** FNV-1a, 32 bits: a short stable tag of the content (not a security hash). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

const ID_PLACEHOLDER = '\u0000id\u0000';

/**
 * ECharts SSR SVG → the chart as served: accessible (role="img", aria-label and <title> with the
 * alt text), static (no CSS, no metadata attributes) and deterministic (ids derived from the content).
 */
export function finishSvg(raw: string, alt: string): string {
  let svg = raw
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(/<defs\s*>\s*<\/defs>\s*/g, '');
  // only where ids are defined or referenced: a label that happens to read "zr1-" stays as written
  svg = svg
    .replace(/ id="zr\d+-/g, ` id="${ID_PLACEHOLDER}`)
    .replace(/url\(#zr\d+-/g, `url(#${ID_PLACEHOLDER}`)
    .replace(/href="#zr\d+-/g, `href="#${ID_PLACEHOLDER}`);
  const prefix = `gk${fnv1a(svg + alt)}-`;
  svg = svg.split(ID_PLACEHOLDER).join(prefix);
  if (!/xlink:/.test(svg.replace(/xmlns:xlink="[^"]*"/, ''))) svg = svg.replace(/ xmlns:xlink="[^"]*"/, '');

  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('グラフのSVGを生成できませんでした（<svg> がありません）');
  const label = escapeXml(alt);
  const root = open[0].replace(/^<svg/, `<svg role="img" aria-label="${label}"`);
  return `${root}\n<title>${label}</title>${svg.slice(open[0].length)}`;
}

/** The font name pdfmake knows the embedded Noto Sans JP by (publish/pdf/render.ts FONT). */
export const PDF_CHART_FONT = 'NotoSansJP';

/**
 * A chart's SVG for a pdfmake 0.3 `svg` node. pdfmake looks the SVG's font-family up among the
 * document's fonts by exact name, so the system font stack of the web is replaced by the PDF's
 * embedded font; everything else is drawn as is.
 *
 * Use: `{ svg: svgForPdf(chart.svg), width: 480 }` (width in points; the height follows the viewBox).
 */
export function svgForPdf(svg: string, font: string = PDF_CHART_FONT): string {
  const name = font.replace(/[^A-Za-z0-9 _-]/g, '');
  return svg.replace(/font-family:[^;"]*/g, `font-family:${name}`).replace(/font-family="[^"]*"/g, `font-family="${name}"`);
}
