import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { HotPathHandler } from '@wheelhouse/registry-core';

/** The plugin's hot path and where the plugin is mounted, once the backend has started. */
interface ServingPlugin {
  /** e.g. `/api/pypi` */
  mountPath: string;
  handler: HotPathHandler;
}

// One Backstage backend is one process with one pypi plugin: the plugin publishes its hot path here at start-up and
// withdraws it at shut-down, and the request listener installPypiRootFastPath puts in front of the backend's app, at
// the root HTTP router's creation (before any plugin starts), reads it per request.
let serving: ServingPlugin | undefined;

/** Called by the plugin: its hot path while it serves, `undefined` once it stops. */
export function publishRootFastPath(plugin: ServingPlugin | undefined): void {
  serving = plugin;
}

export interface PypiRootFastPathOptions {
  /** The backend's HTTP server, as the root HTTP router's `configure` receives it. */
  server: Pick<Server, 'listeners' | 'removeAllListeners' | 'on'>;
  /** The backend's root config: with global rate limiting configured (`backend.rateLimit`) nothing is taken here. */
  config?: Config;
  logger?: LoggerService;
}

type RequestListener = (
  request: IncomingMessage,
  response: ServerResponse,
) => void;

/**
 * Serves pip's index pages and file downloads before Backstage sees them, for an app that calls this in its root
 * HTTP router's `configure` (see the README). Backstage's express app (its request and response prototypes, query
 * parsing) and root middleware (helmet, CORS, compression, the request log, the rate limiter) cost several times
 * what the plugin's own hot path does for a small download, so this takes the request from the server before the
 * app does: an express middleware, even the first, would run after express's own set-up. The plugin's access policy
 * still decides every request (registry tokens, Backstage credentials, anonymous reads); what the hot path does not
 * take (anything but a plain page or file, any error) goes to Backstage's app unchanged, as before. Requests served
 * here are not in Backstage's request log, and carry the registry's own security headers only. With global rate
 * limiting configured nothing is taken, so that no request escapes the limiter.
 */
export function installPypiRootFastPath(
  options: PypiRootFastPathOptions,
): void {
  if (rateLimitsEveryRequest(options.config)) {
    options.logger?.warn(
      'PyPI root fast path not installed: backend.rateLimit applies to every request, and the fast path would bypass it',
    );
    return;
  }
  const { server } = options;
  const app = server.listeners('request') as RequestListener[];
  const take = rootFastPath();
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    take(request, response, () => {
      for (const listener of app) listener.call(server, request, response);
    }),
  );
}

/** The request handler in front of the app: the plugin's hot path for paths below its mount point. */
export function rootFastPath(): HotPathHandler {
  return (request, response, next) => {
    const plugin = serving;
    const url = request.url;
    if (!plugin || !url?.startsWith(`${plugin.mountPath}/`)) {
      next();
      return;
    }
    request.url = url.slice(plugin.mountPath.length);
    plugin.handler(request, response, () => {
      request.url = url;
      next();
    });
  };
}
/** As Backstage's own rate limiter reads `backend.rateLimit`: `true`, or settings whose `global` is not false. */
function rateLimitsEveryRequest(config: Config | undefined): boolean {
  if (!config?.has('backend.rateLimit')) return false;
  const value = config.getOptional('backend.rateLimit');
  if (typeof value !== 'object' || value === null) return value === true;
  return (
    config.getConfig('backend.rateLimit').getOptionalBoolean('global') !== false
  );
}
