import { Request, Response, Router } from 'express';
import { Principal } from '../../auth/AccessPolicy';
import { NotAllowedError } from '../../errors';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';

/**
 * Registry API tokens. Admins manage every token under `/api/v1/tokens`; signed-in people (Backstage users)
 * create, list and revoke their own under `/api/v1/me/tokens`. A secret is returned once, at creation.
 */
export function tokenRoutes(services: RouteServices): Router {
  const router = Router();
  const tokens = () => services.registry.tokenService;

  router.get(
    '/api/v1/whoami',
    handle(async (request: Request, response: Response) => {
      const principal = await services.authenticate(request);
      const { credentials: _hidden, ...visible } = principal as Principal & {
        credentials?: unknown;
      };
      response.json(visible);
    }),
  );

  router.get(
    '/api/v1/tokens',
    handle(async (request: Request, response: Response) => {
      await services.authorize(request, 'token.manage');
      response.json({ items: await tokens().list() });
    }),
  );
  router.post(
    '/api/v1/tokens',
    handle(async (request: Request, response: Response) => {
      const { principal, body } = await services.authorizeWithBody(
        request,
        'token.manage',
      );
      response
        .status(201)
        .json(await tokens().create({ body, actor: principal.actor }));
    }),
  );
  router.delete(
    '/api/v1/tokens/:id',
    handle(async (request: Request, response: Response) => {
      await services.authorize(request, 'token.manage');
      const revoked = await tokens().revoke(request.params.id);
      response.json({ id: revoked.id, revoked: true });
    }),
  );

  const signedIn = async (request: Request) => {
    const principal = await services.authenticate(request);
    if (principal.type !== 'user') {
      throw new NotAllowedError('Personal tokens are for signed-in users');
    }
    return principal;
  };
  router.get(
    '/api/v1/me/tokens',
    handle(async (request: Request, response: Response) => {
      const principal = await signedIn(request);
      response.json({ items: await tokens().list({ owner: principal.actor }) });
    }),
  );
  router.post(
    '/api/v1/me/tokens',
    handle(async (request: Request, response: Response) => {
      const principal = await signedIn(request);
      const created = await tokens().createPersonal({
        body: await services.readBody(request),
        owner: principal.actor,
        allows: (operation, repository) =>
          services.allows(principal, operation, repository),
      });
      response.status(201).json(created);
    }),
  );
  router.delete(
    '/api/v1/me/tokens/:id',
    handle(async (request: Request, response: Response) => {
      const principal = await signedIn(request);
      const revoked = await tokens().revoke(request.params.id, {
        owner: principal.actor,
      });
      response.json({ id: revoked.id, revoked: true });
    }),
  );
  return router;
}
