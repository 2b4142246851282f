import { IncomingMessage, ServerResponse } from 'node:http';
import { CachedPage } from './simple/PageCache';
import { representationOf } from './compression';

export interface SendCachedPageOptions {
  contentType: string;
  /** Whether shared caches may keep the page (anonymous-read repositories). */
  isPublic: boolean;
  /** Request headers the page depends on, besides Accept-Encoding. */
  vary: string;
  /** Extra headers (e.g. the HTML pages' security headers), set before the body. */
  headers?: (response: ServerResponse) => void;
}

/**
 * Sends a cached page, compressed when the client takes it (the copy kept with the page, never compressed per
 * request), with the ETag of the representation sent, or a 304 when the client has that representation already.
 */
export async function sendCachedPage(
  request: IncomingMessage,
  response: ServerResponse,
  page: CachedPage,
  options: SendCachedPageOptions,
): Promise<void> {
  const representation = await representationOf(
    page,
    request.headers['accept-encoding'],
  );
  const { etag } = representation;
  response.setHeader('Vary', `${options.vary}, Accept-Encoding`);
  response.setHeader('ETag', etag);
  response.setHeader(
    'Cache-Control',
    `${options.isPublic ? 'public' : 'private'}, max-age=0, must-revalidate`,
  );
  response.setHeader('Content-Type', options.contentType);
  if (representation.coding)
    response.setHeader('Content-Encoding', representation.coding);
  options.headers?.(response);
  if (matches(request.headers['if-none-match'], etag)) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.statusCode = 200;
  response.setHeader('Content-Length', representation.body.length);
  // HEAD: Node sends the headers only.
  response.end(representation.body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some(candidate => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}
