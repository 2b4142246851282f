import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { Knex } from 'knex';
import { BlobStore } from './blob/BlobStore';
import { LocalBlobStore } from './blob/LocalBlobStore';
import { S3BlobStore } from './blob/S3BlobStore';
import { DEFAULT_REPOSITORIES, ServerConfig, serverTimeouts } from './config';
import { configuredPublishers } from './oidc/config';
import { createRegistry, Registry } from './createRegistry';
import { createDatabase, DatabaseOptions } from './db/createDatabase';
import {
  createRegistryHotPath,
  createRegistryRouter,
} from './http/createRegistryRouter';
import { closeUnfinishedBodies } from './http/requestBody';
import { setNoSniff } from './http/securityHeaders';

export interface StandaloneServerOptions {
  dataDirectory: string;
  /** Defaults to a SQLite file in the data directory. */
  database?: DatabaseOptions;
  config?: ServerConfig;
  host?: string;
  port?: number;
  log?: (message: string) => void;
  /** See RegistryOptions.countDownloads. */
  countDownloads?: boolean;
}

export interface StandaloneServer {
  url: string;
  registry: Registry;
  database: Knex;
  close(): Promise<void>;
}

/** Opens the database and local storage under a data directory and serves the registry router over HTTP. */
export async function startStandaloneServer(
  options: StandaloneServerOptions,
): Promise<StandaloneServer> {
  const dataDirectory = path.resolve(options.dataDirectory);
  const config = options.config ?? {};
  const database = createDatabase({
    ...(options.database ?? {
      client: 'sqlite',
      filename: path.join(dataDirectory, 'wheelhouse.sqlite'),
    }),
    timeouts: {
      acquireMs: config.database?.acquireTimeoutMs,
      statementMs: config.database?.statementTimeoutMs,
      ...options.database?.timeouts,
    },
  });
  const local = new LocalBlobStore({
    directory: path.join(dataDirectory, 'blobs'),
  });
  const timeouts = serverTimeouts(config);
  const storage = config.storage;
  const blobs: BlobStore =
    storage?.type === 's3'
      ? new S3BlobStore({
          bucket: storage.bucket,
          region: storage.region,
          endpoint: storage.endpoint,
          forcePathStyle: storage.forcePathStyle,
          prefix: storage.prefix,
          credentials: storage.credentials,
        })
      : local;
  const seconds = (value: number | undefined) =>
    value === undefined ? undefined : value * 1000;
  const registry = await createRegistry({
    database,
    blobs,
    // With S3 too: uploads in flight stay in the data directory.
    stagingDirectory: local.stagingDirectory,
    blobGracePeriodMs: seconds(config.blobGracePeriodSeconds),
    blobCollectionIntervalMs: seconds(config.blobCollectionIntervalSeconds),
    log: options.log,
    countDownloads: options.countDownloads,
    repositories: config.repositories ?? DEFAULT_REPOSITORIES,
    maxUploadBytes: config.maxUploadBytes,
    retentionDays: config.retentionDays ?? undefined,
    indexCacheTtlMs: config.indexCacheTtlMs,
    oidc: config.oidc,
    trustedPublishers: configuredPublishers(config.trustedPublishers),
  }).catch(async error => {
    await database.destroy();
    throw error;
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  const routerOptions = {
    registry,
    baseUrl: config.baseUrl,
    bodyTimeoutMs: timeouts.bodyTimeoutMs,
    logError: (error: unknown) =>
      options.log?.(`error: ${(error as Error)?.stack ?? error}`),
  };
  app.use(createRegistryRouter(routerOptions));
  app.use((_request, response) => {
    response.statusMessage = 'Not Found';
    response.status(404).type('text/plain').send('404 Not Found\n');
  });

  // Index pages skip express when they can (see createRegistryHotPath); everything else is the express app.
  const hotPath = createRegistryHotPath(routerOptions);
  const server = http.createServer(
    {
      // How often Node looks for requests past their headers or request timeout (its default is 30 s).
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(30_000, Math.floor(timeouts.headersTimeoutMs / 4)),
      ),
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
    },
    (request, response) => {
      // Every response, /health and the 404 below included.
      setNoSniff(response);
      closeUnfinishedBodies(request, response, timeouts.bodyTimeoutMs);
      hotPath(request, response, () => app(request, response));
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  // A connection on which nothing moves (a stalled upload, a silent client) is closed.
  server.setTimeout(timeouts.idleTimeoutMs, socket => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as import('node:net').AddressInfo;
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    registry,
    database,
    async close() {
      const closed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      server.closeIdleConnections();
      // Give requests in flight a moment, then cut what is left (e.g. a stalled keep-alive client).
      const timer = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(timer);
      await registry.close();
      await database.destroy();
    },
  };
}
