import { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeProjectName } from '../pep';
import { setNoSniff } from './securityHeaders';
import { RequestContext } from './RequestContext';
import { sendSimplePage } from './simple/sendSimplePage';

/** A Node request handler that serves what it can and hands everything else to `fallback`. */
export type HotPathHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  fallback: () => void,
) => void;

/** `/{repo}/simple/` and `/{repo}/simple/{project}/`, plain segments only, no query. */
const SIMPLE_PAGE = /^\/([A-Za-z0-9._-]+)\/simple\/(?:([a-z0-9._-]+)\/)?$/;

/**
 * The simple-API pages without express: for a server that mounts the registry at its root (the standalone server),
 * the page requests pip makes are answered here, and everything else goes to the express router. Express's routing,
 * its request/response prototypes and query parsing cost as much CPU per request as sending a 250 KiB cached page.
 *
 * Only the plain case is taken: GET or HEAD, a canonical URL (normalised project, no query, no escapes). Whatever
 * fails here (a 401, a 404, a 406, a render error) fails before anything is written, and the request is then handed
 * to the router, which answers it from scratch with its usual error responses.
 */
export function createHotPathHandler(context: RequestContext): HotPathHandler {
  return (request, response, fallback) => {
    const match =
      (request.method === 'GET' || request.method === 'HEAD') && request.url
        ? SIMPLE_PAGE.exec(request.url)
        : null;
    const [, repository, project] = match ?? [];
    if (
      !repository ||
      (project !== undefined && normalizeProjectName(project) !== project) ||
      // Proxy and virtual pages may fail with an upstream's 502 / 504, which a second try through the router would
      // wait for again.
      (context.registry.repository(repository)?.kind ?? 'hosted') !== 'hosted'
    ) {
      fallback();
      return;
    }
    setNoSniff(response);
    sendSimplePage(context, request, response, { repository, project }).catch(
      () => {
        if (response.headersSent) response.destroy();
        else fallback();
      },
    );
  };
}
