import { IncomingMessage, ServerResponse } from 'node:http';
import { isSafeFilename, normalizeProjectName } from '../pep';
import { sendDistributionFile } from './files/sendDistributionFile';
import { closeUnfinishedBodies } from './requestBody';
import { setNoSniff } from './securityHeaders';
import { RouteServices } from './RouteServices';
import { sendSimplePage } from './simple/sendSimplePage';

/** A Node request handler that serves what it can and hands everything else to `fallback`. */
export type HotPathHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  fallback: () => void,
) => void;

/** `/{repo}/simple/` and `/{repo}/simple/{project}/`, plain segments only, no query. */
const SIMPLE_PAGE = /^\/([A-Za-z0-9._-]+)\/simple\/(?:([a-z0-9._-]+)\/)?$/;
/** `/{repo}/files/{sha256}/{filename}`, no query; the filename may be percent-encoded. */
const FILE = /^\/([A-Za-z0-9._-]+)\/files\/([0-9a-f]{64})\/([^/?#]+)$/;
const METADATA_SUFFIX = '.metadata';

/**
 * Index pages and file downloads without express: for a server that mounts the registry at its root (the standalone
 * server), or a router that hands it the path below its mount point (the Backstage plugin), the requests pip makes
 * are answered here, and everything else goes to the express router. Express's routing, its request/response
 * prototypes and query parsing cost as much CPU per request as sending a large cached page, and more than sending a
 * small wheel from memory does.
 *
 * Only the plain case is taken: GET or HEAD, a canonical URL (normalised project, no query), a distribution file
 * (not its `.metadata`). Whatever fails here (a 401, a 403 for a disabled version, a 404, a 406, a render error)
 * fails before anything is written, and the request is then handed to the router, which answers it from scratch with
 * its usual error responses.
 */
export function createHotPathHandler(services: RouteServices): HotPathHandler {
  return (request, response, fallback) => {
    const url = request.url;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !url) {
      fallback();
      return;
    }
    const failed = () => {
      if (response.headersSent) response.destroy();
      else fallback();
    };
    const file = url.includes('/files/') ? FILE.exec(url) : null;
    if (file) {
      const [, repository, sha256, encoded] = file;
      const filename = decoded(encoded);
      if (
        filename === undefined ||
        filename.endsWith(METADATA_SUFFIX) ||
        !isSafeFilename(filename) ||
        // A virtual repository's files are its members' (see proxyFiles); a proxy's stored ones are served here.
        services.registry.repository(repository)?.kind === 'virtual'
      ) {
        fallback();
        return;
      }
      setNoSniff(response);
      closeUnfinishedBodies(request, response, services.bodyTimeoutMs);
      services
        .authorize(request, 'package.read', repository)
        .then(() =>
          sendDistributionFile(services, request, response, {
            repository,
            sha256,
            filename,
          }),
        )
        .catch(failed);
      return;
    }
    const [, repository, project] = SIMPLE_PAGE.exec(url) ?? [];
    if (
      !repository ||
      (project !== undefined && normalizeProjectName(project) !== project) ||
      // Proxy and virtual pages may fail with an upstream's 502 / 504, which a second try through the router would
      // wait for again.
      (services.registry.repository(repository)?.kind ?? 'hosted') !== 'hosted'
    ) {
      fallback();
      return;
    }
    setNoSniff(response);
    closeUnfinishedBodies(request, response, services.bodyTimeoutMs);
    sendSimplePage(services, request, response, { repository, project }).catch(
      failed,
    );
  };
}

function decoded(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
