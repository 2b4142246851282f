import { IncomingMessage, ServerResponse } from 'node:http';
import { CachedPage } from '../../service/PageCache';
import {
  negotiateSimpleFormat,
  SIMPLE_CONTENT_TYPES,
  SimpleFormat,
} from '../negotiate';
import { RequestContext } from '../RequestContext';
import { setHtmlPageHeaders } from '../securityHeaders';
import { RepositoryRecord } from '../../store/types';
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
 * Authorizes, takes the page from the cache (rendering it on a miss) and sends it with its ETag, or a 304. Written
 * against Node's own request and response, so that the express routes and the standalone server's hot path (which
 * skips express) share it. Throws typed errors before anything is written.
 */
export async function sendSimplePage(
  context: RequestContext,
  request: IncomingMessage,
  response: ServerResponse,
  { repository, project, formatParameter }: SimplePageRequest,
): Promise<void> {
  await context.authorize(request, 'package.read', repository);
  const format = negotiateSimpleFormat(request.headers.accept, formatParameter);
  const { index, pages } = context.registry;
  const record = context.registry.repository(repository);
  if (record?.kind === 'proxy' || record?.kind === 'virtual') {
    const { page, warning } = await viewPage(context, record, project, format);
    if (warning) response.setHeader('Warning', warning);
    send(request, response, format, page, context.isPublic(repository));
    return;
  }
  const page =
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
  send(request, response, format, page, context.isPublic(repository));
}

/**
 * A proxy or virtual page, through the same page cache as hosted ones (a change to the proxy or a member drops it). A
 * stale page (the upstream failed) is not kept: the next request tries the upstream again.
 */
async function viewPage(
  context: RequestContext,
  repository: RepositoryRecord,
  project: string | undefined,
  format: SimpleFormat,
): Promise<{ page: CachedPage; warning?: string }> {
  const { views, pages } = context.registry;
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
  );
  if (warning) pages.invalidate(repository.name, project);
  return { page, warning };
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  format: SimpleFormat,
  page: CachedPage,
  isPublic: boolean,
): void {
  const { etag } = page;
  response.setHeader('Vary', 'Accept, Authorization');
  response.setHeader('ETag', etag);
  response.setHeader(
    'Cache-Control',
    `${isPublic ? 'public' : 'private'}, max-age=0, must-revalidate`,
  );
  const contentType = SIMPLE_CONTENT_TYPES[format];
  response.setHeader(
    'Content-Type',
    format === 'json' ? contentType : `${contentType}; charset=utf-8`,
  );
  if (format !== 'json') setHtmlPageHeaders(response);
  if (matches(request.headers['if-none-match'], etag)) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.statusCode = 200;
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
