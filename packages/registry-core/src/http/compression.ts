import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CachedPage } from './simple/PageCache';

export type ContentCoding = 'br' | 'gzip';

/** Pages smaller than this go out as they are: a compressed copy would save less than the headers it adds. */
export const MIN_COMPRESSED_BYTES = 1024;
/** Brotli is kept only when it beats gzip by this share; otherwise gzip is sent to brotli clients too. */
const BROTLI_MIN_SAVING = 0.05;

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** One representation of a cached page: its bytes, its own ETag, and its Content-Encoding (none for identity). */
export interface Representation {
  body: Buffer;
  etag: string;
  coding?: ContentCoding;
}

type Encodings = Partial<
  Record<ContentCoding, Promise<Buffer | undefined> | Buffer | null>
>;

/** Compressed copies kept with the page they were made from (the page cache keeps the page, and with it these). */
const encodingsOf = new WeakMap<CachedPage, Encodings>();

/**
 * The representation of `page` to send for an Accept-Encoding header: brotli when the client takes it and it pays,
 * else gzip, else the page itself. A page is compressed once per encoding, the first time a client asks for it, and
 * the copy is reused for as long as the page is (a re-render to the same bytes keeps the same page object, see
 * PageCache). Brotli is made in the background: until it is ready, brotli clients get gzip.
 */
export async function representationOf(
  page: CachedPage,
  acceptEncoding: string | string[] | undefined,
): Promise<Representation> {
  if (!acceptEncoding || page.body.length < MIN_COMPRESSED_BYTES)
    return { body: page.body, etag: page.etag };
  const accepted = acceptedCodings(
    Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding,
  );
  if (!accepted.gzip && !accepted.br)
    return { body: page.body, etag: page.etag };
  let encodings = encodingsOf.get(page);
  if (!encodings) encodingsOf.set(page, (encodings = {}));
  if (accepted.br) {
    const ready = encodings.br;
    if (ready === undefined) encode(page, encodings, 'br');
    else if (ready instanceof Buffer) return variant(page, ready, 'br');
  }
  if (accepted.gzip) {
    if (encodings.gzip === undefined) encode(page, encodings, 'gzip');
    const body = await encodings.gzip;
    if (body) return variant(page, body, 'gzip');
  } else if (accepted.br) {
    // Brotli only: wait for it (gzip is still made, to decide whether brotli pays).
    if (encodings.gzip === undefined) encode(page, encodings, 'gzip');
    const body = await encodings.br;
    if (body) return variant(page, body, 'br');
  }
  return { body: page.body, etag: page.etag };
}

function variant(
  page: CachedPage,
  body: Buffer,
  coding: ContentCoding,
): Representation {
  return { body, coding, etag: `${page.etag.slice(0, -1)}-${coding}"` };
}

function encode(
  page: CachedPage,
  encodings: Encodings,
  coding: ContentCoding,
): void {
  const made =
    coding === 'gzip'
      ? gzip(page.body, { level: 6 })
      : brotli(page.body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.body.length,
          },
        });
  const kept = made.then(
    async body => {
      if (coding === 'br') {
        const gzipped = await encodings.gzip;
        if (gzipped && body.length > gzipped.length * (1 - BROTLI_MIN_SAVING))
          return undefined;
      }
      return body;
    },
    () => undefined,
  );
  encodings[coding] = kept;
  kept.then(body => {
    encodings[coding] = body ?? null;
  });
}

/** Which of gzip and brotli an Accept-Encoding header allows (q > 0; `*` stands for those not named). */
export function acceptedCodings(
  header: string,
): Record<ContentCoding, boolean> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.trim().split('=');
      if (key === 'q') weight = Number(value);
    }
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const allows = (coding: string) =>
    (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  return { gzip: allows('gzip') || allows('x-gzip'), br: allows('br') };
}
