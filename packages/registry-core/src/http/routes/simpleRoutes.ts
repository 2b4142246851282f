import { Request, Response, Router } from 'express';
import { normalizeProjectName } from '../../pep';
import { CachedPage } from '../../service/PageCache';
import { negotiateSimpleFormat, SIMPLE_CONTENT_TYPES, SimpleFormat } from '../negotiate';
import { handle, RequestContext } from '../RequestContext';
import { renderProjectList, renderProjectPage } from '../simple/renderSimple';

/**
 * The simple repository API: PEP 503 HTML and PEP 691 JSON, negotiated, with ETags for pip's HTTP cache. Pages are
 * rendered once and served from the registry's page cache until a change invalidates them (or its TTL passes).
 */
export function simpleRoutes(context: RequestContext): Router {
  const router = Router({ strict: true });

  router.get('/:repo/simple', (request, response) => redirect(request, response, ''));

  router.get(
    '/:repo/simple/',
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      await context.authorize(request, 'read', 'package.read', repository);
      const format = negotiate(request);
      const page = await context.registry.pages.get({ repository, format }, async () =>
        renderProjectList(format, await context.registry.index.listProjects(repository)),
      );
      send(request, response, format, page, context.isPublic(repository));
    }),
  );

  router.get('/:repo/simple/:project', (request, response) =>
    redirect(request, response, `${encodeURIComponent(normalizeProjectName(request.params.project))}/`),
  );

  router.get(
    '/:repo/simple/:project/',
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      await context.authorize(request, 'read', 'package.read', repository);
      const normalized = normalizeProjectName(request.params.project);
      if (normalized !== request.params.project) {
        redirect(request, response, `${encodeURIComponent(normalized)}/`);
        return;
      }
      const format = negotiate(request);
      const page = await context.registry.pages.get({ repository, project: normalized, format }, async () =>
        renderProjectPage(format, await context.registry.index.getProject(repository, normalized)),
      );
      send(request, response, format, page, context.isPublic(repository));
    }),
  );

  return router;
}

function negotiate(request: Request): SimpleFormat {
  const format = typeof request.query.format === 'string' ? request.query.format : undefined;
  return negotiateSimpleFormat(request.headers.accept, format);
}

/** Redirects to the canonical URL of a page, keeping the query string (e.g. `?format=`). */
function redirect(request: Request, response: Response, path: string): void {
  const index = request.originalUrl.indexOf('?');
  const query = index >= 0 ? request.originalUrl.slice(index) : '';
  response.redirect(301, `${request.baseUrl}/${encodeURIComponent(request.params.repo)}/simple/${path}${query}`);
}

function send(request: Request, response: Response, format: SimpleFormat, page: CachedPage, isPublic: boolean): void {
  const { etag } = page;
  response.setHeader('Vary', 'Accept, Authorization');
  response.setHeader('ETag', etag);
  response.setHeader('Cache-Control', `${isPublic ? 'public' : 'private'}, max-age=0, must-revalidate`);
  const contentType = SIMPLE_CONTENT_TYPES[format];
  response.setHeader('Content-Type', format === 'json' ? contentType : `${contentType}; charset=utf-8`);
  if (matches(request.headers['if-none-match'], etag)) {
    response.status(304).end();
    return;
  }
  response.status(200);
  response.setHeader('Content-Length', page.body.length);
  // HEAD: Node sends the headers only.
  response.end(page.body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some(candidate => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}
