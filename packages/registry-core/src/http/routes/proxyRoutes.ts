import { Request, Response, Router } from 'express';
import {
  CachePurgeResult,
  ProjectTracks,
  ProxyCache,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { InputError } from '../../errors';
import { isValidProjectName, normalizeProjectName } from '../../pep';
import { hasControlCharacters } from '../../service/validation';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';

/** PEP 708 allows several; more than a handful is a mistake, not a use. */
export const MAX_TRACKS = 16;

/**
 * The management API of proxy and virtual repositories: a proxy's cache figures and per-project purge, and the PEP 708
 * `tracks` of hosted projects (which let virtual repositories merge the upstream project of the same name).
 */
export function proxyRoutes(services: RouteServices): Router {
  const router = Router();
  const { registry } = services;
  const base = '/api/v1/repositories/:repo';

  router.get(
    `${base}/cache`,
    handle(async (request: Request, response: Response) => {
      const name = request.params.repo;
      await services.authorize(request, 'package.read', name);
      const repository = registry.repository(name)!;
      if (repository.kind !== 'proxy')
        throw new InputError(
          `Repository ${name} is not a proxy: it has no cache`,
        );
      const stored = await registry.proxyStore.storedFiles(name);
      const cache: ProxyCache = {
        repository: name,
        upstream: repository.upstream?.url,
        projects: await registry.proxyStore.countProjects(name),
        files: stored.files,
        bytes: stored.bytes,
        // Counted by this replica since it started.
        counters: registry.proxy.countersOf(name),
      };
      response.json(cache);
    }),
  );

  router.post(
    `${base}/packages/:name/cache/purge`,
    handle(async (request: Request, response: Response) => {
      const name = request.params.repo;
      const principal = await services.authorize(request, 'cache.purge', name);
      const repository = registry.repository(name)!;
      if (repository.kind !== 'proxy')
        throw new InputError(
          `Repository ${name} is not a proxy: it has no cache to purge`,
        );
      const project = projectName(request.params.name);
      const result = await registry.proxy.purgeProject(name, project);
      await registry.audit.record({
        repository: name,
        project,
        action: 'cache.purge',
        actor: principal.actor,
        details: result,
      });
      const purged: CachePurgeResult = { repository: name, project, ...result };
      response.json(purged);
    }),
  );

  router.get(
    `${base}/packages/:name/tracks`,
    handle(async (request: Request, response: Response) => {
      const name = request.params.repo;
      await services.authorize(request, 'package.read', name);
      const project = projectName(request.params.name);
      const declared: ProjectTracks = {
        project,
        tracks: await registry.proxyStore.getTracks(name, project),
      };
      response.json(declared);
    }),
  );

  router.put(
    `${base}/packages/:name/tracks`,
    handle(async (request: Request, response: Response) => {
      const name = request.params.repo;
      const { principal, body } = await services.authorizeWithBody(
        request,
        'project.tracks',
        name,
      );
      if ((registry.repository(name)!.kind ?? 'hosted') !== 'hosted')
        throw new InputError(
          `Repository ${name} is not hosted: only hosted projects declare tracks`,
        );
      const project = projectName(request.params.name);
      const tracks = trackList(body.tracks);
      await registry.proxyStore.setTracks(
        name,
        project,
        tracks,
        principal.actor,
      );
      await registry.audit.record({
        repository: name,
        project,
        action: 'tracks',
        actor: principal.actor,
        details: { tracks },
      });
      registry.changed(name, project);
      const declared: ProjectTracks = { project, tracks };
      response.json(declared);
    }),
  );
  return router;
}

function projectName(name: string): string {
  if (!isValidProjectName(name))
    throw new InputError(`Invalid project name ${JSON.stringify(name)}`);
  return normalizeProjectName(name);
}

/** `tracks`: a list of absolute http(s) URLs of the same project on other indexes (PEP 708). */
function trackList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_TRACKS)
    throw new InputError(`tracks must be a list of at most ${MAX_TRACKS} URLs`);
  return [
    ...new Set(
      value.map(entry => {
        if (
          typeof entry !== 'string' ||
          entry.length > 2000 ||
          hasControlCharacters(entry)
        )
          throw new InputError('Each entry of tracks must be a URL');
        let url: URL;
        try {
          url = new URL(entry);
        } catch {
          throw new InputError(
            `${JSON.stringify(entry)} in tracks is not a URL`,
          );
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw new InputError(
            `${entry} in tracks is not an http or https URL`,
          );
        return url.toString();
      }),
    ),
  ];
}
