/**
 * Response compression (brotli or gzip, node:zlib), chosen by Accept-Encoding.
 * Only text-like types are compressed (JSON, HTML, CSS, JS, SVG, CSV, text); xlsx, PDF, zip and
 * fonts are compressed already and are left alone. Bodies below the threshold are sent as they are:
 * the framing would cost more than it saves. A streamed body stays streamed: only its first
 * kilobyte is read ahead to decide, the rest is compressed as it flows.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

export const COMPRESS_THRESHOLD = 1024;

const COMPRESSIBLE =
  /^\s*(?:text\/[^;\s]+|application\/(?:json|javascript|ecmascript|x-javascript|xml|[^;\s]+\+(?:json|xml))|image\/svg\+xml)\s*(?:;|$)/i;

export const isCompressible = (contentType: string | null): boolean => !!contentType && COMPRESSIBLE.test(contentType);

export type Encoding = 'br' | 'gzip';

/** The coding to use for this Accept-Encoding: br when accepted at least as well as gzip, else gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const qParam = params.find((p) => /^q=/i.test(p));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.toLowerCase(), Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gzip = Math.max(weight('gzip'), q.get('x-gzip') ?? 0);
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

function encoder(encoding: Encoding, sizeHint: number | undefined): zlib.BrotliCompress | zlib.Gzip {
  if (encoding === 'gzip') return zlib.createGzip({ level: 6 });
  return zlib.createBrotliCompress({
    params: {
      // quality 11 (the default) is for files compressed once; 4 is fast enough per request and still beats gzip
      [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      ...(sizeHint ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint } : {}),
    },
  });
}

const concat = (chunks: Uint8Array[], size: number) => {
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
};

/** Reads at most `limit` bytes ahead: whether the body ended, and what was read. */
async function readAhead(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const r = await reader.read();
    if (r.done) return { chunks, size, ended: true };
    chunks.push(r.value);
    size += r.value.byteLength;
  }
  return { chunks, size, ended: false };
}

/** The chunks already read, then the rest of the reader, as one Node stream. */
function rejoin(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): Readable {
  return Readable.from(
    (async function* () {
      for (const ch of chunks) yield ch;
      try {
        for (;;) {
          const r = await reader.read();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        reader.releaseLock();
      }
    })(),
    { objectMode: false },
  );
}

function addVary(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

export function compress(opts: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = opts.threshold ?? COMPRESS_THRESHOLD;
  return async (c, next) => {
    await next();
    let res = c.res;
    // a 304 carries no type but must name the same Vary as the full answer it stands for
    if (!isCompressible(res.headers.get('content-type')) && !(res.status === 304 && res.headers.has('etag'))) return;
    // the answer depends on Accept-Encoding whenever it could be compressed: caches must keep the variants apart
    try {
      addVary(res.headers);
    } catch {
      c.res = new Response(res.body, res);
      res = c.res;
      addVary(res.headers);
    }
    if (c.req.method === 'HEAD' || !res.body) return;
    if (res.status === 204 || res.status === 206 || res.status === 304) return;
    if (res.headers.has('content-encoding') || res.headers.has('content-range')) return;
    if (/(^|,)\s*no-transform\s*(,|$)/i.test(res.headers.get('cache-control') ?? '')) return;
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const declared = res.headers.get('content-length');
    const length = declared === null ? undefined : Number(declared);
    if (length !== undefined && length < threshold) return;

    const reader = res.body.getReader();
    let chunks: Uint8Array[] = [];
    if (length === undefined) {
      const ahead = await readAhead(reader, threshold);
      if (ahead.ended && ahead.size < threshold) {
        // small after all: send the bytes read as they are
        c.res = new Response(concat(ahead.chunks, ahead.size), res);
        c.res.headers.set('content-length', String(ahead.size));
        return;
      }
      chunks = ahead.chunks;
    }
    const source = rejoin(chunks, reader);
    const zipper = encoder(encoding, length);
    // an error on either side ends the body (the client sees a cut response, never a wrong one)
    source.on('error', (err) => zipper.destroy(err));
    source.pipe(zipper);
    const body = Readable.toWeb(zipper) as unknown as ReadableStream<Uint8Array>;
    c.res = new Response(body, res);
    const h = c.res.headers;
    h.delete('content-length');
    h.set('content-encoding', encoding);
    // the bytes differ from the identity representation: a strong validator would claim otherwise
    const etag = h.get('etag');
    if (etag && !etag.startsWith('W/')) h.set('etag', `W/${etag}`);
  };
}
