import os from 'node:os';
import path from 'node:path';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import {
  checkKnownKeys,
  configuredPublishers,
  NewTrustedPublisher,
  OIDC_KEYS,
  OidcSettings,
  REPOSITORY_KEYS,
  RepositoryRecord,
  S3StorageConfig,
  TRUSTED_PUBLISHER_KEYS,
  validateRepositories,
  validateTrustedPublishingConfig,
} from '@wheelhouse/registry-core';

export type StorageSettings =
  | { type: 'local'; directory: string }
  | (S3StorageConfig & { stagingDirectory: string });

/** The plugin's settings, read from `pypi.*` with defaults filled in. See config.d.ts. */
export interface PypiSettings {
  repositories: RepositoryRecord[];
  storage: StorageSettings;
  maxUploadBytes?: number;
  /** undefined: deleted versions stay in the recycle bin until purged by hand. */
  retentionDays?: number;
  purgeSchedule: SchedulerServiceTaskScheduleDefinition;
  downloadFlushFrequency: HumanDuration;
  /** Trusted publishing settings (`pypi.oidc`), each with a default. */
  oidc?: Partial<OidcSettings>;
  /** `pypi.trustedPublishers` */
  trustedPublishers?: NewTrustedPublisher[];
  /** `pypi.database`, in milliseconds. */
  databaseTimeouts: { acquireMs?: number; statementMs?: number };
  blobGracePeriodMs?: number;
  blobCollectionSchedule: SchedulerServiceTaskScheduleDefinition;
}

const DAY_MS = 86_400_000;

/** The keys of each storage type, as config.d.ts declares them. */
export const STORAGE_KEYS = {
  local: { type: true, directory: true },
  s3: {
    type: true,
    bucket: true,
    region: true,
    endpoint: true,
    forcePathStyle: true,
    prefix: true,
    stagingDirectory: true,
    credentials: { accessKeyId: true, secretAccessKey: true },
  },
} as const;

/**
 * The keys config.d.ts declares under `pypi`; any other is a start-up error (a typo must not fall back to a default).
 * `storage` may hold the keys of either type: Backstage merges config files, so a base file's local `directory`
 * stays beside a production file's s3 settings.
 */
export const PYPI_KEYS = {
  repositories: [REPOSITORY_KEYS],
  storage: { ...STORAGE_KEYS.local, ...STORAGE_KEYS.s3 },
  maxUploadBytes: true,
  recycleBin: { retention: true, schedule: true },
  downloadFlushFrequency: true,
  oidc: OIDC_KEYS,
  trustedPublishers: [TRUSTED_PUBLISHER_KEYS],
  database: { acquireTimeout: true, statementTimeout: true },
  blobCollection: { gracePeriod: true, schedule: true },
} as const;

export function readPypiConfig(root: Config): PypiSettings {
  checkKnownKeys(root.getOptional('pypi'), PYPI_KEYS, 'pypi');
  const config = root.getOptionalConfig('pypi');
  const repositories: RepositoryRecord[] = config
    ?.getOptionalConfigArray('repositories')
    ?.map(repository => ({
      name: repository.getString('name'),
      description: repository.getOptionalString('description'),
      anonymousRead: repository.getOptionalBoolean('anonymousRead') ?? false,
      disabledVersions: repository.getOptionalString(
        'disabledVersions',
      ) as RepositoryRecord['disabledVersions'],
      kind: repository.getOptionalString('kind') as RepositoryRecord['kind'],
      upstream: repository.has('upstream')
        ? (repository
            .getConfig('upstream')
            .get() as RepositoryRecord['upstream'])
        : undefined,
      members: repository.getOptionalStringArray('members'),
      uploadTo: repository.getOptionalString('uploadTo'),
    })) ?? [
    {
      name: 'default',
      description: 'The default repository',
      anonymousRead: true,
    },
  ];
  validateRepositories(repositories);

  const storageConfig = config?.getOptionalConfig('storage');
  const type = storageConfig?.getOptionalString('type') ?? 'local';
  let storage: StorageSettings;
  if (type === 's3') {
    storage = {
      type: 's3',
      bucket: storageConfig!.getString('bucket'),
      region: storageConfig!.getOptionalString('region'),
      endpoint: storageConfig!.getOptionalString('endpoint'),
      forcePathStyle: storageConfig!.getOptionalBoolean('forcePathStyle'),
      prefix: storageConfig!.getOptionalString('prefix'),
      stagingDirectory: path.resolve(
        storageConfig!.getOptionalString('stagingDirectory') ??
          path.join(os.tmpdir(), 'wheelhouse-staging'),
      ),
      credentials: storageConfig!.has('credentials')
        ? {
            accessKeyId: storageConfig!.getString('credentials.accessKeyId'),
            secretAccessKey: storageConfig!.getString(
              'credentials.secretAccessKey',
            ),
          }
        : undefined,
    };
  } else if (type === 'local') {
    storage = {
      type: 'local',
      directory: path.resolve(
        storageConfig?.getOptionalString('directory') ??
          '.wheelhouse/backstage/blobs',
      ),
    };
  } else {
    throw new Error(`pypi.storage.type must be local or s3, not ${type}`);
  }

  let retentionDays: number | undefined = 30;
  if (config?.has('recycleBin.retention')) {
    if (config.get('recycleBin.retention') === false) retentionDays = undefined;
    else
      retentionDays =
        toMs(readDurationFromConfig(config, { key: 'recycleBin.retention' })) /
        DAY_MS;
  }
  const purgeSchedule = config?.has('recycleBin.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('recycleBin.schedule'),
      )
    : {
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 1 },
      };
  const downloadFlushFrequency = config?.has('downloadFlushFrequency')
    ? readDurationFromConfig(config, { key: 'downloadFlushFrequency' })
    : { seconds: 10 };

  // The same checks and messages as the standalone server's configuration file.
  const oidc = config?.getOptional<Partial<OidcSettings>>('oidc');
  const publishers =
    config?.getOptional<Record<string, unknown>[]>('trustedPublishers');
  validateTrustedPublishingConfig({ oidc, trustedPublishers: publishers });

  const duration = (key: string) =>
    config?.has(key)
      ? toMs(readDurationFromConfig(config, { key }))
      : undefined;
  const blobCollectionSchedule = config?.has('blobCollection.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('blobCollection.schedule'),
      )
    : {
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 5 },
      };

  return {
    databaseTimeouts: {
      acquireMs: duration('database.acquireTimeout'),
      statementMs: duration('database.statementTimeout'),
    },
    blobGracePeriodMs: duration('blobCollection.gracePeriod'),
    blobCollectionSchedule,
    oidc,
    trustedPublishers: configuredPublishers(publishers),
    repositories,
    storage,
    maxUploadBytes: config?.getOptionalNumber('maxUploadBytes'),
    retentionDays,
    purgeSchedule,
    downloadFlushFrequency,
  };
}

function toMs(duration: HumanDuration): number {
  const units: Record<string, number> = {
    years: 365 * DAY_MS,
    months: 30 * DAY_MS,
    weeks: 7 * DAY_MS,
    days: DAY_MS,
    hours: 3_600_000,
    minutes: 60_000,
    seconds: 1000,
    milliseconds: 1,
  };
  return Object.entries(duration).reduce(
    (total, [unit, value]) => total + (units[unit] ?? 0) * Number(value),
    0,
  );
}
