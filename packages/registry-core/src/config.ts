import fs from 'node:fs';
import { DEFAULT_SERVER_TIMEOUTS, ServerTimeouts } from './limits';
import { OidcSettings } from './oidc/types';
import { validateTrustedPublishingConfig } from './oidc/config';
import { validateRepositoryKinds } from './proxy/repositoryKinds';
import { DisabledVersions, RepositoryRecord } from './store/types';
import {
  checkKnownKeys,
  KeyShape,
  OIDC_KEYS,
  REPOSITORY_KEYS,
  TRUSTED_PUBLISHER_KEYS,
} from './configKeys';

/** The standalone server's configuration file (JSON). Every field is optional. */
export interface ServerConfig {
  repositories?: RepositoryRecord[];
  /** Largest accepted distribution file in bytes. */
  maxUploadBytes?: number;
  /** Days a deleted version stays in the recycle bin; null or absent keeps it until purged by hand. */
  retentionDays?: number | null;
  /** The external URL of the registry, when it runs behind a proxy. */
  baseUrl?: string;
  /**
   * How long rendered simple-index pages are served from memory, in milliseconds (default 2000; 0: no cache). With
   * several replicas on one database, a change made through one shows on the others within this time.
   */
  indexCacheTtlMs?: number;
  /** Trusted publishing: the audience, the issuer (GitHub Enterprise Server), the minted tokens' lifetime. */
  oidc?: Partial<OidcSettings>;
  /** Trusted publishers, each with the repository and project it may publish; see oidc/publisherInput.ts. */
  trustedPublishers?: Record<string, unknown>[];
  /** HTTP timeouts in milliseconds; each defaults to DEFAULT_SERVER_TIMEOUTS (see limits.ts). */
  server?: Partial<ServerTimeouts>;
  /** Where the files are: `blobs/` in the data directory (default), or an S3 bucket. */
  storage?: StorageConfig;
  /** Timeouts on the database, so that no request hangs when it is down or frozen (answered 503). */
  database?: { acquireTimeoutMs?: number; statementTimeoutMs?: number };
  /**
   * Blob collection: how long unreferenced blobs, dead upload claims and staging files are left (default 3600 s)
   * and how often the collector runs (default 3600 s; one replica at a time).
   */
  blobGracePeriodSeconds?: number;
  blobCollectionIntervalSeconds?: number;
}

/** Files in an S3 bucket: the same settings in both hosts (Backstage's `pypi.storage` adds `stagingDirectory`). */
export interface S3StorageConfig {
  type: 's3';
  bucket: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  prefix?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type StorageConfig = { type: 'local' } | S3StorageConfig;

/**
 * The keys of ServerConfig: any other is an error (a misspelt setting must not fall back to its default). Where they
 * overlap with Backstage's `pypi.*` (PYPI_KEYS), backstage-backend's `configVocabulary.test.ts` holds the two together.
 */
export const SERVER_CONFIG_KEYS = {
  repositories: [REPOSITORY_KEYS],
  maxUploadBytes: true,
  retentionDays: true,
  baseUrl: true,
  indexCacheTtlMs: true,
  oidc: OIDC_KEYS,
  trustedPublishers: [TRUSTED_PUBLISHER_KEYS],
  server: {
    headersTimeoutMs: true,
    requestTimeoutMs: true,
    keepAliveTimeoutMs: true,
    idleTimeoutMs: true,
    bodyTimeoutMs: true,
  },
  storage: {
    type: true,
    bucket: true,
    region: true,
    endpoint: true,
    forcePathStyle: true,
    prefix: true,
    credentials: { accessKeyId: true, secretAccessKey: true },
  },
  database: { acquireTimeoutMs: true, statementTimeoutMs: true },
  blobGracePeriodSeconds: true,
  blobCollectionIntervalSeconds: true,
} as const satisfies Record<keyof ServerConfig, KeyShape>;

export const DEFAULT_REPOSITORIES: RepositoryRecord[] = [
  {
    name: 'default',
    description: 'The default repository',
    anonymousRead: true,
  },
];

const DISABLED_VERSIONS: readonly DisabledVersions[] = ['yanked', 'hidden'];
const REPOSITORY_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Names that would clash with the router's own paths. */
const RESERVED = new Set(['api', 'static', 'health']);

/** Reads and validates a configuration file, with errors that say which setting is wrong. */
export function loadServerConfig(file?: string): ServerConfig {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read configuration ${file}: ${(error as Error).message}`,
    );
  }
  return validateServerConfig(parsed);
}

export function validateServerConfig(value: unknown): ServerConfig {
  if (typeof value !== 'object' || value === null)
    throw new Error('Configuration must be a JSON object');
  checkKnownKeys(value, SERVER_CONFIG_KEYS, '');
  const config = value as ServerConfig;
  if (config.repositories !== undefined)
    validateRepositories(config.repositories);
  if (
    config.maxUploadBytes !== undefined &&
    !(Number.isInteger(config.maxUploadBytes) && config.maxUploadBytes > 0)
  ) {
    throw new Error('maxUploadBytes must be a positive whole number');
  }
  if (
    config.retentionDays !== undefined &&
    config.retentionDays !== null &&
    !(config.retentionDays >= 0)
  ) {
    throw new Error(
      'retentionDays must be a number of days, 0 or more, or null',
    );
  }
  if (
    config.indexCacheTtlMs !== undefined &&
    !(Number.isInteger(config.indexCacheTtlMs) && config.indexCacheTtlMs >= 0)
  ) {
    throw new Error(
      'indexCacheTtlMs must be a whole number of milliseconds, 0 or more',
    );
  }
  const storage = config.storage as
    { type?: unknown; bucket?: unknown } | undefined;
  if (
    storage !== undefined &&
    !(
      storage?.type === 'local' ||
      (storage?.type === 's3' && typeof storage.bucket === 'string')
    )
  )
    throw new Error(
      'storage must be {"type": "local"} or {"type": "s3", "bucket": ...}',
    );
  for (const [key, setting] of [
    ['database.acquireTimeoutMs', config.database?.acquireTimeoutMs],
    ['database.statementTimeoutMs', config.database?.statementTimeoutMs],
    ['blobGracePeriodSeconds', config.blobGracePeriodSeconds],
    ['blobCollectionIntervalSeconds', config.blobCollectionIntervalSeconds],
  ] as const) {
    if (setting !== undefined && !(typeof setting === 'number' && setting >= 0))
      throw new Error(`${key} must be a number, 0 or more`);
  }
  validateTrustedPublishingConfig(config);
  if (config.server !== undefined) serverTimeouts(config);
  return config;
}

/** The configured timeouts over the defaults, checked: whole milliseconds above 0, headers within the request. */
export function serverTimeouts(config: ServerConfig): ServerTimeouts {
  const given: unknown = config.server ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error('server must be an object of timeouts');
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in DEFAULT_SERVER_TIMEOUTS))
      throw new Error(
        `Unknown setting server.${key}; known: ${Object.keys(DEFAULT_SERVER_TIMEOUTS).join(', ')}`,
      );
    if (!(Number.isInteger(value) && value > 0 && value <= 2 ** 31 - 1))
      throw new Error(
        `server.${key} must be a whole number of milliseconds above 0`,
      );
    timeouts[key as keyof ServerTimeouts] = value;
  }
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs)
    throw new Error(
      'server.headersTimeoutMs must not be longer than server.requestTimeoutMs',
    );
  return timeouts;
}

export function validateRepositories(
  repositories: unknown,
): asserts repositories is RepositoryRecord[] {
  if (!Array.isArray(repositories) || !repositories.length)
    throw new Error('repositories must be a non-empty list');
  const seen = new Set<string>();
  for (const repository of repositories) {
    const name = repository?.name;
    if (
      typeof name !== 'string' ||
      !REPOSITORY_NAME.test(name) ||
      RESERVED.has(name)
    ) {
      throw new Error(
        `Invalid repository name ${JSON.stringify(name)}: lowercase letters, digits, ".", "_", "-" (not ${[...RESERVED].join(', ')})`,
      );
    }
    if (seen.has(name))
      throw new Error(`Repository ${name} is configured twice`);
    seen.add(name);
    if (typeof repository.anonymousRead !== 'boolean')
      repository.anonymousRead = false;
    if (
      repository.disabledVersions !== undefined &&
      !DISABLED_VERSIONS.includes(repository.disabledVersions)
    )
      throw new Error(
        `Repository ${name}: disabledVersions must be ${DISABLED_VERSIONS.map(mode => JSON.stringify(mode)).join(' or ')}`,
      );
  }
  validateRepositoryKinds(repositories);
}
