import { NotAcceptableError } from '../errors';

/** The representations of the simple API (PEP 691). */
export type SimpleFormat = 'json' | 'html' | 'text-html';

export const SIMPLE_CONTENT_TYPES: Record<SimpleFormat, string> = {
  json: 'application/vnd.pypi.simple.v1+json',
  html: 'application/vnd.pypi.simple.v1+html',
  'text-html': 'text/html',
};

const KNOWN: Record<string, SimpleFormat> = {
  'application/vnd.pypi.simple.v1+json': 'json',
  'application/vnd.pypi.simple.latest+json': 'json',
  'application/vnd.pypi.simple.v1+html': 'html',
  'application/vnd.pypi.simple.latest+html': 'html',
  'text/html': 'text-html',
};

/** Server preference among types the client rates equally: JSON is cheaper to produce and to parse. */
const PREFERENCE: SimpleFormat[] = ['json', 'html', 'text-html'];

/**
 * Picks the representation for a request: `?format=` wins (PEP 691 suggests it for clients that cannot set
 * headers), then the Accept header with its q-values. No Accept header means HTML, as PEP 503 clients expect.
 */
export function negotiateSimpleFormat(
  accept: string | undefined,
  format?: string,
): SimpleFormat {
  if (format) {
    // A literal `+` in a query string decodes to a space (`?format=application/vnd.pypi.simple.v1+json`): both mean +.
    const chosen = KNOWN[format.trim().toLowerCase().replace(/ /g, '+')];
    if (!chosen)
      throw new NotAcceptableError(
        `Unsupported format ${format}; use one of ${Object.keys(KNOWN).join(', ')}`,
      );
    return chosen;
  }
  if (!accept || !accept.trim()) return 'text-html';
  let best: { format: SimpleFormat; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [rawType, ...params] = part.trim().split(';');
    const type = rawType.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number.parseFloat(value);
    }
    if (!Number.isFinite(q) || q <= 0) continue;
    let candidates: SimpleFormat[] = [];
    if (type === '*/*' || type === 'text/*') candidates = ['text-html'];
    else if (KNOWN[type]) candidates = [KNOWN[type]];
    for (const candidate of candidates) {
      if (
        !best ||
        q > best.q ||
        (q === best.q &&
          PREFERENCE.indexOf(candidate) < PREFERENCE.indexOf(best.format))
      ) {
        best = { format: candidate, q };
      }
    }
  }
  if (!best) {
    throw new NotAcceptableError(
      `None of the requested types is available; use one of ${Object.keys(KNOWN).join(', ')}`,
    );
  }
  return best.format;
}
