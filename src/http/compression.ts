// Compression of small rendered responses (pages, JSON) in one synchronous call: for a few KB this
// costs a fraction of a streaming compressor's set-up, which dominated small pages' CPU time.
// Streams (static files, media, exports) are left to @fastify/compress (registered after this hook).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/html|application\/json|text\/plain|text\/csv|application\/problem\+json)/;

export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const offered = acceptEncoding.toLowerCase().split(',').map((p) => {
    const [name, ...params] = p.trim().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return { name: name!.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const ok = (n: string) => offered.some((o) => o.name === n && o.q > 0);
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

export function registerSmallResponseCompression(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (size < MIN_BYTES || reply.getHeader('content-encoding') || !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    reply.header('vary', 'accept-encoding');
    if (!encoding) return done(null, payload);
    const input = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const body =
      encoding === 'br'
        ? brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: input.length } })
        : gzipSync(input, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    done(null, body);
  });
}
