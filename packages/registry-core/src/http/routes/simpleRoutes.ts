import { Request, Response, Router } from 'express';
import { normalizeProjectName } from '../../pep';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';
import { sendSimplePage } from '../simple/sendSimplePage';

/**
 * The simple repository API: PEP 503 HTML and PEP 691 JSON, negotiated, with ETags for pip's HTTP cache. Pages are
 * rendered once and served from the registry's page cache until a change invalidates them (or its TTL passes); see
 * sendSimplePage.
 */
export function simpleRoutes(services: RouteServices): Router {
  const router = Router({ strict: true });

  router.get('/:repo/simple', (request, response) =>
    redirect(request, response, ''),
  );

  router.get(
    '/:repo/simple/',
    handle(async (request: Request, response: Response) => {
      await sendSimplePage(services, request, response, {
        repository: request.params.repo,
        formatParameter: formatParameter(request),
      });
    }),
  );

  router.get('/:repo/simple/:project', (request, response) =>
    redirect(
      request,
      response,
      `${encodeURIComponent(normalizeProjectName(request.params.project))}/`,
    ),
  );

  router.get(
    '/:repo/simple/:project/',
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      const normalized = normalizeProjectName(request.params.project);
      if (normalized !== request.params.project) {
        // Authorized first, so that the redirect tells nobody which repositories exist.
        await services.authorize(request, 'package.read', repository);
        redirect(request, response, `${encodeURIComponent(normalized)}/`);
        return;
      }
      await sendSimplePage(services, request, response, {
        repository,
        project: normalized,
        formatParameter: formatParameter(request),
      });
    }),
  );

  return router;
}

function formatParameter(request: Request): string | undefined {
  return typeof request.query.format === 'string'
    ? request.query.format
    : undefined;
}

/** Redirects to the canonical URL of a page, keeping the query string (e.g. `?format=`). */
function redirect(request: Request, response: Response, path: string): void {
  const index = request.originalUrl.indexOf('?');
  const query = index >= 0 ? request.originalUrl.slice(index) : '';
  response.redirect(
    301,
    `${request.baseUrl}/${encodeURIComponent(request.params.repo)}/simple/${path}${query}`,
  );
}
