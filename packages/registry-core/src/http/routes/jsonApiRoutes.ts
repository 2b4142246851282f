import { Request, Response, Router } from 'express';
import { NotFoundError } from '../../errors';
import { pypiJsonDocument } from '../../json/pypiJsonDocument';
import { normalizeProjectName } from '../../pep';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';
import { pageOptionsOf } from '../simple/PageCache';
import { sendCachedPage } from '../sendCachedPage';

/**
 * The PyPI JSON API (`/{repo}/pypi/{project}/json` and `/{repo}/pypi/{project}/{version}/json`), as read by
 * Renovate, Dependabot, pip-audit and poetry, for every kind of repository: it lists what the simple API lists there
 * (see json/pypiJsonDocument.ts).
 */
export function jsonApiRoutes(services: RouteServices): Router {
  const router = Router({ strict: true });

  const serve = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    await services.authorize(request, 'package.read', repository);
    const record = services.registry.repository(repository);
    if (!record) throw new NotFoundError(`Repository ${repository} not found`);
    const baseUrl = services.baseUrl(request);
    const version = request.params.version;
    const project = normalizeProjectName(request.params.project);
    const { pages } = services.registry;
    let warning: string | undefined;
    // Cached like the index pages (and compressed once with them): the document depends on the version asked for
    // and the base URL the links are made from, besides the project.
    const page = await pages.get(
      {
        repository,
        project,
        format: `pypi-json\u0001${version ?? ''}\u0001${baseUrl}`,
      },
      async () => {
        const document = await pypiJsonDocument(services.registry, {
          repository: record,
          project,
          version,
          baseUrl,
        });
        warning = document.warning;
        return document.body;
      },
      // A proxy's or virtual repository's document also shows what an upstream said.
      pageOptionsOf(record),
    );
    // A stale proxy page (its upstream failed) is not kept: the next request tries the upstream again.
    if (warning) {
      pages.invalidate(repository, project);
      response.setHeader('Warning', warning);
    }
    await sendCachedPage(request, response, page, {
      contentType: 'application/json; charset=utf-8',
      isPublic: services.isPublic(repository),
      vary: 'Authorization',
    });
  });

  router.get('/:repo/pypi/:project/json', serve);
  router.get('/:repo/pypi/:project/:version/json', serve);
  return router;
}
