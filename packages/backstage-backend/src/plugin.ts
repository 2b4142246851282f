import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  applyDatabaseTimeouts,
  BlobStore,
  createRegistry,
  createRegistryHotPath,
  createRegistryRouter,
  listedRepository,
  DatabaseAuditLog,
  LocalBlobStore,
  migrateDatabase,
  S3BlobStore,
  TokenAccessPolicy,
} from '@wheelhouse/registry-core';
import { BackstageAccessPolicy } from './BackstageAccessPolicy';
import { BackstageAuditLog } from './BackstageAuditLog';
import { publishRootFastPath } from './rootFastPath';
import { pypiPermissions } from '@wheelhouse/backstage-plugin-pypi-common';
import {
  pypiRepositoryResourceRef,
  pypiRepositoryRules,
} from './permissionRules';
import { readPypiConfig, StorageSettings } from './readPypiConfig';

/**
 * The Wheelhouse PyPI repository as a Backstage backend plugin: pip and twine talk to `/api/pypi/{repo}/…`,
 * the portal's UI and the GitHub actions to `/api/pypi/api/v1/…`.
 */
export const pypiPlugin = createBackendPlugin({
  pluginId: 'pypi',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        scheduler,
        auditor,
        discovery,
        lifecycle,
      }) {
        const settings = readPypiConfig(config);
        const knex = await database.getClient();
        applyDatabaseTimeouts(knex, settings.databaseTimeouts);
        if (!database.migrations?.skip) await migrateDatabase(knex);

        const { blobs, stagingDirectory } = createBlobStore(settings.storage);
        const registry = await createRegistry({
          database: knex,
          blobs,
          stagingDirectory,
          repositories: settings.repositories,
          maxUploadBytes: settings.maxUploadBytes,
          retentionDays: settings.retentionDays,
          oidc: settings.oidc,
          trustedPublishers: settings.trustedPublishers,
          migrate: false,
          // The scheduler flushes download counts, runs the blob collector and the recycle-bin purge below.
          downloadFlushIntervalMs: 0,
          blobCollectionIntervalMs: 0,
          recycleBinPurgeIntervalMs: 0,
          blobGracePeriodMs: settings.blobGracePeriodMs,
          log: message => logger.info(message),
          audit: new BackstageAuditLog({
            trail: new DatabaseAuditLog(knex),
            auditor,
          }),
        });
        lifecycle.addShutdownHook(() => registry.close());

        permissionsRegistry.addPermissions(pypiPermissions);
        // Repositories as a resource type, so that a policy may decide per repository (conditional decisions).
        permissionsRegistry.addResourceType({
          resourceRef: pypiRepositoryResourceRef,
          permissions: pypiPermissions,
          rules: Object.values(pypiRepositoryRules),
          getResources: async names =>
            names.map(name => {
              const repository = registry.repository(name);
              return repository && listedRepository(repository);
            }),
        });
        const policy = new BackstageAccessPolicy({
          httpAuth,
          permissions,
          tokens: new TokenAccessPolicy({
            tokens: registry.tokens,
            anonymousRead: name =>
              registry.repository(name)?.anonymousRead ?? false,
          }),
        });

        // pip and twine cannot sign in to Backstage: every path is open at the Backstage level, and the registry's
        // policy above checks registry tokens, Backstage users and anonymous reads itself. So is /_/oidc/*, the
        // trusted-publishing exchange, whose credential is the OIDC token in the body.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        const routerOptions = {
          registry,
          policy,
          baseUrl: await discovery.getExternalBaseUrl('pypi'),
          logError: (error: unknown) =>
            logger.error(
              'Unexpected error in the PyPI repository',
              error as Error,
            ),
        };
        const router = createRegistryRouter(routerOptions);
        // Index pages and downloads before the plugin's express router, with the same policy (registry tokens,
        // Backstage credentials, anonymous reads); what it does not take, or fails, the router answers as before.
        const hotPath = createRegistryHotPath(routerOptions);
        httpRouter.use((request, response, next) =>
          hotPath(request, response, () => router(request, response, next)),
        );
        // The same hot path for an app that installs installPypiRootFastPath in front of Backstage's app, once the
        // backend serves (Backstage answers 503 until then) and until it stops.
        const mountPath = new URL(await discovery.getBaseUrl('pypi')).pathname;
        lifecycle.addStartupHook(() =>
          publishRootFastPath({ mountPath, handler: hotPath }),
        );
        lifecycle.addShutdownHook(() => publishRootFastPath(undefined));

        const recycleBinCleaner = registry.recycleBinCleaner;
        if (recycleBinCleaner) {
          await scheduler.scheduleTask({
            id: 'pypi-recycle-bin-purge',
            // Global: with several replicas, one of them purges.
            scope: 'global',
            ...settings.purgeSchedule,
            fn: async () => {
              await recycleBinCleaner.run();
            },
          });
        }
        await scheduler.scheduleTask({
          id: 'pypi-blob-collector',
          // Local: each replica sweeps its own staging directory; the collector's lease row in the database keeps
          // the blob collection itself to one replica at a time.
          scope: 'local',
          ...settings.blobCollectionSchedule,
          fn: async () => {
            await registry.collector.run();
          },
        });
        await scheduler.scheduleTask({
          id: 'pypi-download-counter-flush',
          // Local, unlike the purge: each replica counts downloads in its own memory and must write its own counts.
          scope: 'local',
          frequency: settings.downloadFlushFrequency,
          timeout: { minutes: 1 },
          fn: () => registry.downloadCounter.flush(),
        });
        const { baseUrl } = routerOptions;
        for (const repository of settings.repositories) {
          logger.info(
            `PyPI repository ${repository.name} (${settings.storage.type} storage): pip install --index-url ${baseUrl}/${repository.name}/simple/ <package>`,
          );
        }
      },
    });
  },
});

function createBlobStore(storage: StorageSettings): {
  blobs: BlobStore;
  stagingDirectory: string;
} {
  if (storage.type === 's3') {
    fs.mkdirSync(storage.stagingDirectory, { recursive: true });
    return {
      blobs: new S3BlobStore({
        bucket: storage.bucket,
        region: storage.region,
        endpoint: storage.endpoint,
        forcePathStyle: storage.forcePathStyle,
        prefix: storage.prefix,
        credentials: storage.credentials,
      }),
      stagingDirectory: storage.stagingDirectory,
    };
  }
  const blobs = new LocalBlobStore({ directory: storage.directory });
  // Staged uploads live beside the blobs, so that storing one is a rename on the same file system.
  return { blobs, stagingDirectory: path.join(storage.directory, '.staging') };
}
