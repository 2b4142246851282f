import { IncomingMessage, ServerResponse } from 'node:http';
import { CachedPage, pageOptionsOf } from './PageCache';
import { RepositoryRecord } from '../../store/types';
import {
  negotiateSimpleFormat,
  SIMPLE_CONTENT_TYPES,
  SimpleFormat,
} from '../negotiate';
import { RouteServices } from '../RouteServices';
import { setHtmlPageHeaders } from '../securityHeaders';
import { sendCachedPage } from '../sendCachedPage';
import { renderPageModel } from './renderPageModel';
import { renderProjectList, renderProjectPage } from './renderSimple';

/** Which simple-API page: a repository's project list, or one (normalised) project's page. */
export interface SimplePageRequest {
  repository: string;
  project?: string;
  /** `?format=`, which wins over the Accept header (PEP 691). */
  formatParameter?: string;
}

/**
 * Authorizes, takes the page from the cache (rendering it on a miss) and sends it with its ETag, or a 304,
 * compressed when the client takes it (see sendCachedPage). Written
 * against Node's own request and response, so that the express routes and the standalone server's hot path (which
 * skips express) share it. Throws typed errors before anything is written.
 */
export async function sendSimplePage(
  services: RouteServices,
  request: IncomingMessage,
  response: ServerResponse,
  { repository, project, formatParameter }: SimplePageRequest,
): Promise<void> {
  await services.authorize(request, 'package.read', repository);
  const format = negotiateSimpleFormat(request.headers.accept, formatParameter);
  const { index, pages } = services.registry;
  const record = services.registry.repository(repository);
  let page: CachedPage;
  if (record?.kind === 'proxy' || record?.kind === 'virtual') {
    const viewed = await viewPage(services, record, project, format);
    if (viewed.warning) response.setHeader('Warning', viewed.warning);
    page = viewed.page;
  } else
    page =
      project === undefined
        ? await pages.get({ repository, format }, async () =>
            renderProjectList(format, await index.listProjects(repository)),
          )
        : await pages.get({ repository, project, format }, async () =>
            renderProjectPage(
              format,
              await index.getProject(repository, project),
            ),
          );
  const contentType = SIMPLE_CONTENT_TYPES[format];
  await sendCachedPage(request, response, page, {
    contentType:
      format === 'json' ? contentType : `${contentType}; charset=utf-8`,
    isPublic: services.isPublic(repository),
    vary: 'Accept, Authorization',
    headers: format === 'json' ? undefined : setHtmlPageHeaders,
  });
}

/**
 * A proxy or virtual page, through the same page cache as hosted ones (a change to the proxy or a member drops it). A
 * stale page (the upstream failed) is not kept: the next request tries the upstream again.
 */
async function viewPage(
  services: RouteServices,
  repository: RepositoryRecord,
  project: string | undefined,
  format: SimpleFormat,
): Promise<{ page: CachedPage; warning?: string }> {
  const { views, pages } = services.registry;
  let warning: string | undefined;
  const page = await pages.get(
    { repository: repository.name, project, format },
    async () => {
      if (project === undefined)
        return renderProjectList(
          format,
          repository.kind === 'proxy'
            ? await views.proxyProjects(repository)
            : await views.virtualProjects(repository),
        );
      const viewed =
        repository.kind === 'proxy'
          ? await views.proxyPage(repository, project)
          : await views.virtualPage(repository, project);
      warning = viewed.warning;
      return renderPageModel(format, viewed.model);
    },
    pageOptionsOf(repository),
  );
  if (warning) pages.invalidate(repository.name, project);
  return { page, warning };
}
