import { Request, Response, Router } from 'express';
import { Action, Principal } from '../../auth/AccessPolicy';
import { isScope, Scope } from '../../auth/scopes';
import { NewToken } from '../../auth/TokenStore';
import { InputError, NotAllowedError, NotFoundError } from '../../errors';
import { hasControlCharacters } from '../../service/validation';
import { handle, RequestContext } from '../RequestContext';

/** The action a person must be allowed to do before they may mint a token with a scope. */
const SCOPE_ACTIONS: Record<Scope, Action> = {
  read: 'package.read',
  publish: 'package.publish',
  manage: 'version.disable',
  admin: 'token.manage',
};

/**
 * Registry API tokens. Admins manage every token under `/api/v1/tokens`; signed-in people (Backstage users)
 * create, list and revoke their own under `/api/v1/me/tokens`. A secret is returned once, at creation.
 */
export function tokenRoutes(context: RequestContext): Router {
  const router = Router();
  const tokens = () => context.registry.tokens;

  router.get(
    '/api/v1/whoami',
    handle(async (request: Request, response: Response) => {
      const principal = await context.authorize(
        request,
        'read',
        'package.read',
      );
      const { credentials: _hidden, ...visible } = principal as Principal & {
        credentials?: unknown;
      };
      response.json(visible);
    }),
  );

  router.get(
    '/api/v1/tokens',
    handle(async (request: Request, response: Response) => {
      await context.authorize(request, 'admin', 'token.manage');
      response.json({ items: await tokens().list() });
    }),
  );
  router.post(
    '/api/v1/tokens',
    handle(async (request: Request, response: Response) => {
      const principal = await context.authorize(
        request,
        'admin',
        'token.manage',
      );
      const input = parseNewToken(request.body, context);
      const created = await tokens().create({
        ...input,
        owner: input.owner ?? principal.actor,
      });
      response.status(201).json({ token: created.token, ...created.record });
    }),
  );
  router.delete(
    '/api/v1/tokens/:id',
    handle(async (request: Request, response: Response) => {
      await context.authorize(request, 'admin', 'token.manage');
      if (!(await tokens().revoke(request.params.id)))
        throw new NotFoundError(`Token ${request.params.id} not found`);
      response.json({ id: request.params.id, revoked: true });
    }),
  );

  const signedIn = async (request: Request) => {
    const principal = await context.authorize(request, 'read', 'package.read');
    if (principal.type !== 'user')
      throw new NotAllowedError('Personal tokens are for signed-in users');
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
      const input = parseNewToken(request.body, context);
      // A token may carry no more than its owner may do, in every repository it is valid for.
      const repositories =
        input.repositories ??
        context.registry.options.repositories.map(
          repository => repository.name,
        );
      for (const scope of input.scopes) {
        for (const repository of scope === 'admin'
          ? [undefined]
          : repositories) {
          await context.authorize(
            request,
            scope,
            SCOPE_ACTIONS[scope],
            repository,
          );
        }
      }
      const created = await tokens().create({
        ...input,
        owner: principal.actor,
      });
      response.status(201).json({ token: created.token, ...created.record });
    }),
  );
  router.delete(
    '/api/v1/me/tokens/:id',
    handle(async (request: Request, response: Response) => {
      const principal = await signedIn(request);
      const token = await tokens().get(request.params.id);
      if (!token || token.owner !== principal.actor)
        throw new NotFoundError(`Token ${request.params.id} not found`);
      await tokens().revoke(token.id);
      response.json({ id: token.id, revoked: true });
    }),
  );
  return router;
}

/** Validates a token request body: name, scopes, optional repositories, owner and lifetime in days. */
function parseNewToken(body: any, context: RequestContext): NewToken {
  body = body ?? {};
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name || name.length > 128 || hasControlCharacters(name)) {
    throw new InputError(
      'A token needs a name of 1 to 128 characters, without control characters',
    );
  }
  if (
    body.owner !== undefined &&
    (typeof body.owner !== 'string' ||
      hasControlCharacters(body.owner) ||
      body.owner.length > 256)
  ) {
    throw new InputError('owner must be text of up to 256 characters');
  }
  const scopes: unknown[] = Array.isArray(body.scopes) ? body.scopes : ['read'];
  if (
    !scopes.length ||
    !scopes.every(scope => typeof scope === 'string' && isScope(scope))
  ) {
    throw new InputError(
      'scopes must be a list of read, publish, manage, admin',
    );
  }
  const repositories: unknown = body.repositories;
  if (
    repositories !== undefined &&
    (!Array.isArray(repositories) ||
      !repositories.length ||
      repositories.some(repo => !context.registry.hasRepository(String(repo))))
  ) {
    throw new InputError(
      'repositories must be a non-empty list of existing repository names (leave it out for all)',
    );
  }
  let expiresAt: string | undefined;
  if (body.expiresInDays !== undefined) {
    const days = Number(body.expiresInDays);
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw new InputError(
        'expiresInDays must be a whole number from 1 to 3650',
      );
    expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  }
  return {
    name,
    scopes: scopes as Scope[],
    repositories: repositories as string[] | undefined,
    owner: body.owner,
    expiresAt,
  };
}
