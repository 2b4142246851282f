import { Request, Response, Router } from 'express';
import {
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
  DOWNLOAD_DAYS_DEFAULT,
  DOWNLOAD_DAYS_MAX,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  PROJECT_SORTS,
  SEARCH_MAX_LENGTH,
  ProjectSort,
  PypiOperation,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { InputError, NotFoundError } from '../../errors';
import { DATABASE_INTEGER_MAX } from '../../limits';
import { hasControlCharacters } from '../../service/validation';
import { buildSetupGuide } from '../../service/guide';
import { listedRepository } from '../../proxy/repositoryKinds';
import { Principal } from '../../auth/AccessPolicy';
import { JsonBody } from '../requestBody';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';
import { tokenRoutes } from './tokenRoutes';

/** The management REST API under `/api/v1`: the contract of the Backstage UI and the GitHub actions. */
export function managementRoutes(services: RouteServices): Router {
  const router = Router();
  const management = () => services.registry.management;

  /**
   * Registers a repository-scoped route: authorize, then (for changes) read the body, then hand both to the handler.
   */
  const route = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    operation: PypiOperation,
    handler: (
      request: Request,
      principal: Principal,
      body: JsonBody,
    ) => Promise<unknown>,
  ) => {
    router[method](
      `/api/v1/repositories/:repo${path}`,
      handle(async (request: Request, response: Response) => {
        if (method === 'get') {
          const principal = await services.authorize(
            request,
            operation,
            request.params.repo,
          );
          response.json(await handler(request, principal, {}));
          return;
        }
        const { principal, body } = await services.authorizeWithBody(
          request,
          operation,
          request.params.repo,
        );
        response.json(await handler(request, principal, body));
      }),
    );
  };
  /** A proxy's projects are what it stored from its upstream: marked so in its lists and details. */
  const cachedFrom = (repository: string) => {
    const record = services.registry.repository(repository);
    return record?.kind === 'proxy'
      ? { cached: true, upstream: record.upstream?.url }
      : undefined;
  };
  const target = (request: Request) => ({
    repository: request.params.repo,
    name: request.params.name,
    version: request.params.version,
  });

  router.get(
    '/api/v1/repositories',
    handle(async (request: Request, response: Response) => {
      // Everyone may ask; each sees the repositories they may read.
      const principal = await services.authenticate(request);
      const repositories = await management().listRepositories();
      const readable = await Promise.all(
        repositories.map(repository =>
          services.allows(principal, 'package.read', repository.name),
        ),
      );
      response.json({
        items: repositories
          .filter((_, index) => readable[index])
          // The kind is configuration, not a database column.
          .map(repository =>
            listedRepository(
              services.registry.repository(repository.name) ?? repository,
            ),
          ),
      });
    }),
  );

  route('get', '/packages', 'package.read', async request => {
    const query = request.query;
    const sort = String(query.sort ?? 'name') as ProjectSort;
    if (!PROJECT_SORTS.includes(sort))
      throw new InputError(`sort must be one of ${PROJECT_SORTS.join(', ')}`);
    const order = query.order === undefined ? undefined : String(query.order);
    if (order !== undefined && order !== 'asc' && order !== 'desc')
      throw new InputError('order must be asc or desc');
    const listed = await management().listProjectPage({
      repository: request.params.repo,
      search:
        typeof query.search === 'string' ? searchText(query.search) : undefined,
      sort,
      order,
      offset: integer(query.offset, 0, 0, 1_000_000),
      limit: integer(query.limit, PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX),
    });
    const cached = cachedFrom(request.params.repo);
    if (!cached) return listed;
    return {
      ...listed,
      items: listed.items.map(item => ({ ...item, ...cached })),
    };
  });
  route('get', '/packages/:name', 'package.read', async request => ({
    ...(await management().getProjectDetails(
      request.params.repo,
      request.params.name,
    )),
    ...cachedFrom(request.params.repo),
  }));
  route(
    'get',
    '/packages/:name/versions/:version',
    'package.read',
    async request =>
      management().getVersion(
        request.params.repo,
        request.params.name,
        request.params.version,
      ),
  );
  route('get', '/packages/:name/downloads', 'package.read', async request =>
    management().downloadSeries({
      repository: request.params.repo,
      name: request.params.name,
      version:
        typeof request.query.version === 'string'
          ? request.query.version
          : undefined,
      days: integer(
        request.query.days,
        DOWNLOAD_DAYS_DEFAULT,
        1,
        DOWNLOAD_DAYS_MAX,
      ),
    }),
  );

  route(
    'post',
    '/packages/:name/versions/:version/disable',
    'version.disable',
    async (request, principal, body) =>
      management().versionStates.disable({
        ...target(request),
        reason: body.reason,
        principal,
      }),
  );
  route(
    'post',
    '/packages/:name/versions/:version/enable',
    'version.disable',
    async (request, principal, body) =>
      management().versionStates.enable({ ...target(request), principal }),
  );
  route(
    'post',
    '/packages/:name/versions/:version/yank',
    'version.yank',
    async (request, principal, body) =>
      management().versionStates.yank({
        ...target(request),
        reason: body.reason,
        principal,
      }),
  );
  route(
    'post',
    '/packages/:name/versions/:version/unyank',
    'version.yank',
    async (request, principal, body) =>
      management().versionStates.unyank({ ...target(request), principal }),
  );
  route(
    'delete',
    '/packages/:name/versions/:version',
    'version.delete',
    async (request, principal, body) =>
      management().versionStates.delete({
        ...target(request),
        reason: body.reason ?? request.query.reason,
        principal,
      }),
  );

  route(
    'get',
    '/packages/:name/versions/:version/metadata',
    'package.read',
    async request =>
      (
        await management().getVersion(
          request.params.repo,
          request.params.name,
          request.params.version,
        )
      ).customMetadata,
  );
  route(
    'patch',
    '/packages/:name/versions/:version/metadata',
    'metadata.update',
    async (request, principal, body) =>
      management().annotations.updateMetadata({
        ...target(request),
        set: body.set,
        remove: body.remove,
        principal,
      }),
  );
  route(
    'put',
    '/packages/:name/versions/:version/metadata/:key',
    'metadata.update',
    async (request, principal, body) =>
      management().annotations.updateMetadata({
        ...target(request),
        set: { [request.params.key]: body.value },
        principal,
      }),
  );
  route(
    'delete',
    '/packages/:name/versions/:version/metadata/:key',
    'metadata.update',
    async (request, principal, body) =>
      management().annotations.updateMetadata({
        ...target(request),
        remove: [request.params.key],
        principal,
      }),
  );

  route(
    'put',
    '/packages/:name/tags/:tag',
    'tag.update',
    async (request, principal, body) => {
      const version = body.version;
      if (typeof version !== 'string')
        throw new InputError(
          'Body must name the version: {"version": "1.2.3"}',
        );
      return management().annotations.setTag({
        repository: request.params.repo,
        name: request.params.name,
        tag: request.params.tag,
        version,
        principal,
      });
    },
  );
  route(
    'delete',
    '/packages/:name/tags/:tag',
    'tag.update',
    async (request, principal, body) =>
      management().annotations.removeTag({
        repository: request.params.repo,
        name: request.params.name,
        tag: request.params.tag,
        principal,
      }),
  );

  route('get', '/recycle-bin', 'package.read', async request =>
    management().recycleBin.list(request.params.repo),
  );
  route(
    'post',
    '/recycle-bin/purge',
    'version.purge',
    async (request, principal, body) => {
      // Only a number (or numeric text): null, "", [] or false would otherwise read as 0 and empty the whole bin.
      const given: unknown = body.olderThanDays;
      const days =
        typeof given === 'number' ||
        (typeof given === 'string' && given.trim() !== '')
          ? Number(given)
          : NaN;
      if (!Number.isFinite(days) || days < 0)
        throw new InputError(
          'olderThanDays must be a number of days, 0 or more',
        );
      return management().recycleBin.purgeExpired({
        repository: request.params.repo,
        olderThanDays: days,
        actor: principal.actor,
      });
    },
  );
  route(
    'post',
    '/recycle-bin/:name/:version/restore',
    'version.restore',
    async (request, principal, body) =>
      management().versionStates.restore({ ...target(request), principal }),
  );
  route(
    'delete',
    '/recycle-bin/:name/:version',
    'version.purge',
    async (request, principal, body) =>
      management().recycleBin.purge({ ...target(request), principal }),
  );

  route('get', '/audit', 'package.read', async request =>
    management().auditTrail({
      repository: request.params.repo,
      name:
        typeof request.query.package === 'string'
          ? request.query.package
          : undefined,
      limit: integer(
        request.query.limit,
        AUDIT_PAGE_DEFAULT,
        1,
        AUDIT_PAGE_MAX,
      ),
      before:
        request.query.before === undefined
          ? undefined
          : integer(request.query.before, 0, 0, DATABASE_INTEGER_MAX),
    }),
  );
  route('get', '/guide', 'package.read', async (request, principal, body) =>
    buildSetupGuide({
      baseUrl: services.baseUrl(request),
      repository: request.params.repo,
      username:
        typeof request.query.username === 'string'
          ? request.query.username
          : userName(principal),
    }),
  );

  router.use(tokenRoutes(services));
  router.use('/api/', (_request, _response, next) =>
    next(new NotFoundError('No such API endpoint')),
  );
  return router;
}

/** The setup guide's default username: the signed-in user's own. */
function userName(principal: Principal): string | undefined {
  return principal.type === 'user' ? principal.actor : undefined;
}

function searchText(value: string): string {
  if (hasControlCharacters(value))
    throw new InputError('search must not contain control characters');
  return value.slice(0, SEARCH_MAX_LENGTH);
}

function integer(
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new InputError(
      `Expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}
