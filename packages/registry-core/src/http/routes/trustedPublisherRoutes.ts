import { Request, Response, Router } from 'express';
import { Principal } from '../../auth/AccessPolicy';
import { ConflictError, NotFoundError } from '../../errors';
import { normalizeProjectName } from '../../pep';
import { parsePublisherInput } from '../../oidc/publisherInput';
import { TrustedPublisher } from '../../oidc/types';
import {
  TrustedPublisher as PublicTrustedPublisher,
  VersionProvenance,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';

/**
 * Trusted publishers and verified provenance in the management API. Reading needs `read`; adding or removing a
 * publisher hands out publishing rights, so it needs `admin`. Provenance is only read here: no route writes it.
 */
export function trustedPublisherRoutes(services: RouteServices): Router {
  const router = Router();
  const trusted = () => services.registry.trustedPublishing;
  const base = '/api/v1/repositories/:repo';

  const list = (projectOf?: (request: Request) => string) =>
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      await services.authorize(request, 'package.read', repository);
      const items = await trusted().publishers.list({
        repository,
        project: projectOf?.(request),
      });
      response.json({ items: items.map(publicPublisher) });
    });
  const add = (projectOf?: (request: Request) => string) =>
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      const { principal, body } = await services.authorizeWithBody(
        request,
        'publisher.manage',
        repository,
      );
      const input = parsePublisherInput(body, {
        repository,
        project: projectOf?.(request),
        createdBy: principal.actor,
      });
      if (projectOf) input.project = projectOf(request);
      const exists = await services.registry.projects.getProject(
        repository,
        input.project,
      );
      const publisher = await trusted().publishers.add(input, {
        pending: !exists,
      });
      await audit(services, principal, publisher, 'trusted-publisher.add');
      response.status(201).json(publicPublisher(publisher));
    });
  const projectParam = (request: Request) =>
    normalizeProjectName(request.params.name);

  router.get(`${base}/trusted-publishers`, list());
  router.post(`${base}/trusted-publishers`, add());
  router.get(`${base}/packages/:name/trusted-publishers`, list(projectParam));
  router.post(`${base}/packages/:name/trusted-publishers`, add(projectParam));
  router.delete(
    `${base}/trusted-publishers/:id`,
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      const principal = await services.authorize(
        request,
        'publisher.manage',
        repository,
      );
      const publisher = await trusted().publishers.get(request.params.id);
      if (!publisher || publisher.repository !== repository)
        throw new NotFoundError(
          `Trusted publisher ${request.params.id} not found`,
        );
      if (publisher.source === 'config')
        throw new ConflictError(
          'This trusted publisher comes from the configuration: remove it there',
        );
      await trusted().publishers.remove(publisher.id);
      await audit(services, principal, publisher, 'trusted-publisher.remove');
      response.json({ id: publisher.id, removed: true });
    }),
  );

  router.get(
    `${base}/packages/:name/versions/:version/provenance`,
    handle(async (request: Request, response: Response) => {
      const repository = request.params.repo;
      await services.authorize(request, 'package.read', repository);
      const version = await services.registry.management.getVersion(
        repository,
        request.params.name,
        request.params.version,
      );
      const provenance = await trusted().provenance.forFiles(
        repository,
        version.files.map(file => file.filename),
      );
      const body: VersionProvenance = {
        version: version.version,
        files: version.files.map(file => ({
          filename: file.filename,
          sha256: file.sha256,
          provenance: provenance.get(file.filename) ?? null,
        })),
      };
      response.json(body);
    }),
  );
  return router;
}

function publicPublisher(publisher: TrustedPublisher): PublicTrustedPublisher {
  return {
    ...publisher,
    githubRepository: `${publisher.repositoryOwner}/${publisher.repositoryName}`,
  };
}

async function audit(
  services: RouteServices,
  principal: Principal,
  publisher: TrustedPublisher,
  action: string,
) {
  await services.registry.audit.record({
    repository: publisher.repository,
    project: publisher.project,
    action,
    actor: principal.actor,
    details: {
      id: publisher.id,
      githubRepository: `${publisher.repositoryOwner}/${publisher.repositoryName}`,
      workflow: publisher.workflow,
      environment: publisher.environment,
      refPattern: publisher.refPattern,
    },
  });
}
