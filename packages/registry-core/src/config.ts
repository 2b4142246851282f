import fs from 'node:fs';
import { OidcSettings } from './oidc/types';
import { validateTrustedPublishingConfig } from './oidc/config';
import { DisabledVersions, RepositoryRecord } from './store/types';
import {
  checkKnownKeys,
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
}

/** The keys of ServerConfig: any other is an error (a misspelt setting must not fall back to its default). */
const SERVER_CONFIG_KEYS = {
  repositories: [REPOSITORY_KEYS],
  maxUploadBytes: true,
  retentionDays: true,
  baseUrl: true,
  indexCacheTtlMs: true,
  oidc: OIDC_KEYS,
  trustedPublishers: [TRUSTED_PUBLISHER_KEYS],
} as const;

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
  validateTrustedPublishingConfig(config);
  return config;
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
}
