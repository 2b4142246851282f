import { Router } from 'express';
import { AccessPolicy } from '../auth/AccessPolicy';
import { TokenAccessPolicy } from '../auth/TokenAccessPolicy';
import { Registry } from '../createRegistry';
import { createErrorHandler } from './errorHandler';
import { createHotPathHandler, HotPathHandler } from './hotPath';
import { rejectControlCharacters } from './inputGuard';
import { DEFAULT_SERVER_TIMEOUTS } from '../limits';
import { closeUnfinishedBodies } from './requestBody';
import { setNoSniff } from './securityHeaders';
import { RouteServices } from './RouteServices';
import { fileRoutes } from './routes/fileRoutes';
import { jsonApiRoutes } from './routes/jsonApiRoutes';
import { managementRoutes } from './routes/managementRoutes';
import { oidcRoutes } from './routes/oidcRoutes';
import { proxyRoutes } from './routes/proxyRoutes';
import { simpleRoutes } from './routes/simpleRoutes';
import { trustedPublisherRoutes } from './routes/trustedPublisherRoutes';
import { uploadRoutes } from './routes/uploadRoutes';

export type { HotPathHandler } from './hotPath';

export interface RegistryRouterOptions {
  registry: Registry;
  /** Defaults to the registry's own token policy. */
  policy?: AccessPolicy;
  /** The external URL of the router's mount point, when requests don't tell (behind a proxy). */
  baseUrl?: string;
  /** Where unexpected errors go. */
  logError?: (error: unknown) => void;
  /**
   * How long a small body may take to arrive, and a body still coming after the answer (default
   * DEFAULT_SERVER_TIMEOUTS.bodyTimeoutMs).
   */
  bodyTimeoutMs?: number;
}

/** The whole registry as one express router: simple API, files, uploads, JSON API and management API. */
export function createRegistryRouter(options: RegistryRouterOptions): Router {
  const services = createRouteServices(options);
  const router = Router({ strict: true });
  router.use((request, response, next) => {
    setNoSniff(response);
    closeUnfinishedBodies(request, response, services.bodyTimeoutMs);
    next();
  });
  router.use(rejectControlCharacters);
  router.use(oidcRoutes(services));
  router.use(trustedPublisherRoutes(services));
  router.use(proxyRoutes(services));
  router.use(managementRoutes(services));
  router.use(simpleRoutes(services));
  router.use(fileRoutes(services));
  router.use(jsonApiRoutes(services));
  router.use(uploadRoutes(services));
  router.use(createErrorHandler({ log: options.logError }));
  return router;
}

/**
 * The simple-API pages as a plain Node handler, for a server that mounts the registry router at its root: put it in
 * front of the router (`hotPath(request, response, () => app(request, response))`). The same routes stay in the router.
 */
export function createRegistryHotPath(
  options: RegistryRouterOptions,
): HotPathHandler {
  return createHotPathHandler(createRouteServices(options));
}

function createRouteServices(options: RegistryRouterOptions): RouteServices {
  const policy =
    options.policy ??
    new TokenAccessPolicy({
      tokens: options.registry.tokens,
      anonymousRead: name =>
        options.registry.repository(name)?.anonymousRead ?? false,
    });
  return new RouteServices(
    options.registry,
    policy,
    options.baseUrl,
    options.bodyTimeoutMs ?? DEFAULT_SERVER_TIMEOUTS.bodyTimeoutMs,
  );
}
