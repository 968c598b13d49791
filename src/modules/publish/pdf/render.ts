/**
 * pdfmake with Noto Sans JP embedded. The two weights used are read once into pdfmake's virtual file
 * system: from dist/fonts in a production build (scripts/build.mjs copies just these two there), or
 * from the npm package (@expo-google-fonts/noto-sans-jp ships the full TTFs) in development; every
 * URL and every local file is refused, so a document can never fetch anything (closed networks).
 * Fonts are subset into each PDF.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const FONT = 'NotoSansJP';

const FONT_FILES = {
  normal: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;

/** A pdfmake document definition (loosely typed: pdfmake ships no types). */
export type DocDefinition = Record<string, unknown>;
export type Content = Record<string, unknown> | string | Content[];

export interface NodeInfo {
  id?: string;
  pageNumbers: number[];
}

interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: DocDefinition): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMake | null = null;

/** dist/fonts/<file> beside the compiled server (dist/modules/publish/pdf → dist/fonts), else the package. */
function fontPath(file: string): string {
  const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fonts', path.basename(file));
  return fs.existsSync(built) ? built : require.resolve(file);
}

function pdfmake(): PdfMake {
  if (engine) return engine;
  const pm = require('pdfmake') as PdfMake;
  // registered by their files' paths, not virtual names: pdfmake hands the font name to PDFKit for the
  // text inside SVG charts, and PDFKit opens it from disk — so exactly these two files may be read
  const paths = { normal: fontPath(FONT_FILES.normal), bold: fontPath(FONT_FILES.bold) };
  for (const file of Object.values(paths)) pm.virtualfs.writeFileSync(file, fs.readFileSync(file));
  pm.addFonts({
    [FONT]: { normal: paths.normal, bold: paths.bold, italics: paths.normal, bolditalics: paths.bold },
  });
  const allowed = new Set(Object.values(paths));
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((p) => allowed.has(p));
  engine = pm;
  return pm;
}

export async function renderPdf(doc: DocDefinition): Promise<Buffer> {
  return pdfmake().createPdf(doc).getBuffer();
}

/**
 * Renders a document whose content depends on where pages break: `build(pageStarts)` receives the
 * ids (see `rowId`) of the rows that begin a page, e.g. to print a merged group label again at the
 * top of each page. Lays out until the page starts stop changing (at most `maxPasses` times).
 */
export async function renderWithPageStarts(build: (pageStarts: ReadonlySet<string>) => DocDefinition, maxPasses = 3): Promise<Buffer> {
  let starts = new Set<string>();
  for (let pass = 1; ; pass++) {
    const seen = new Map<number, string>();
    const doc = build(starts);
    const probe: DocDefinition = {
      ...doc,
      pageBreakBefore: (node: NodeInfo) => {
        const page = node.pageNumbers[0];
        if (node.id && page !== undefined && !seen.has(page)) seen.set(page, node.id);
        return false;
      },
    };
    const pdf = await renderPdf(probe);
    const found = new Set(seen.values());
    if (pass >= maxPasses || sameSet(found, starts)) return pdf;
    starts = found;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Footer 「1 / 3」 with the document's name on the left. */
export function pageFooter(left: string, margin: number) {
  return (current: number, total: number): Content => ({
    margin: [margin, 6, margin, 0],
    columns: [
      { text: left, fontSize: 7, color: '#555555', width: '*' },
      { text: `${current} / ${total}`, fontSize: 8, alignment: 'center', width: 'auto' },
      { text: '', width: '*' },
    ],
  });
}
