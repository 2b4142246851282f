/**
 * config.d.ts must stay a literal declaration (Backstage reads it as the plugin's config schema), so its
 * `pypi.trustedPublishers`, `pypi.oidc`, `pypi.repositories` and S3 `pypi.storage` repeat registry-core's types.
 * These checks fail when they drift: the type-level ones in `npm run typecheck` (a key, its type or whether it is
 * optional), the schema ones under jest.
 */
import path from 'node:path';
import { loadConfigSchema } from '@backstage/config-loader';
import {
  ConfiguredTrustedPublisher,
  OidcSettings,
  RepositoryRecord,
  S3StorageConfig,
  TRUSTED_PUBLISHER_KEYS,
  UpstreamSettings,
} from '@wheelhouse/registry-core';
import type { Config } from '../config';

/** Intersections flattened into one object type, at every depth, optional keys kept: two spellings compare equal. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Equal<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B>
    ? 1
    : 2
    ? true
    : false;
type RequiredKeys<T> = {
  [K in keyof T]-?: object extends Pick<T, K> ? never : K;
}[keyof T];

type Pypi = NonNullable<Config['pypi']>;
type DeclaredPublisher = NonNullable<Pypi['trustedPublishers']>[number];
type DeclaredOidc = NonNullable<Pypi['oidc']>;
type DeclaredRepository = NonNullable<Pypi['repositories']>[number];
type DeclaredS3 = Extract<NonNullable<Pypi['storage']>, { type: 's3' }>;

const publisherMatches: Equal<DeclaredPublisher, ConfiguredTrustedPublisher> =
  true;
const oidcMatches: Equal<DeclaredOidc, Partial<OidcSettings>> = true;
/** In the configuration `anonymousRead` and the upstream's `url` have defaults. */
const repositoryMatches: Equal<
  DeclaredRepository,
  Omit<RepositoryRecord, 'anonymousRead' | 'upstream'> & {
    anonymousRead?: boolean;
    upstream?: Omit<UpstreamSettings, 'url'> & { url?: string };
  }
> = true;
const s3Matches: Equal<
  DeclaredS3,
  S3StorageConfig & { stagingDirectory?: string }
> = true;

const REQUIRED_PUBLISHER_KEYS = [
  'repository',
  'project',
  'repositoryOwner',
  'repositoryOwnerId',
  'repositoryName',
  'workflow',
] as const;
const requiredListed: Equal<
  { [K in (typeof REQUIRED_PUBLISHER_KEYS)[number]]: true },
  { [K in RequiredKeys<ConfiguredTrustedPublisher>]: true }
> = true;

async function pypiSchema() {
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: [path.resolve(__dirname, '../package.json')],
    excludePackageDependencies: true,
  });
  const [{ value }] = (schema.serialize() as any).schemas;
  return value.properties.pypi;
}

describe('config.d.ts', () => {
  it('declares the types of registry-core (checked by the compiler)', () => {
    expect([
      publisherMatches,
      oidcMatches,
      requiredListed,
      repositoryMatches,
      s3Matches,
    ]).toEqual([true, true, true, true, true]);
  });

  it('declares a trusted publisher with the keys and required keys of ConfiguredTrustedPublisher', async () => {
    const publisher = (await pypiSchema()).properties.trustedPublishers.items;
    expect(Object.keys(publisher.properties).sort()).toEqual(
      Object.keys(TRUSTED_PUBLISHER_KEYS).sort(),
    );
    expect([...publisher.required].sort()).toEqual(
      [...REQUIRED_PUBLISHER_KEYS].sort(),
    );
  });
});
