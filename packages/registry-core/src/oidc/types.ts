/**
 * Trusted publishing: a CI workflow proves who it is with an OpenID Connect token from its provider (GitHub
 * Actions) and gets a short-lived upload token for the projects whose publishers match, with no stored secret.
 */
import type {
  FileProvenance as PublicFileProvenance,
  NewTrustedPublisher as PublicNewTrustedPublisher,
  TrustedPublisher as PublicTrustedPublisher,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** A workflow allowed to publish one project of one repository: the API's shape, whose `githubRepository` is derived. */
export type TrustedPublisher = Omit<PublicTrustedPublisher, 'githubRepository'>;

/**
 * One entry of `trustedPublishers`, in the standalone configuration and under `pypi` in Backstage's (config.d.ts
 * declares it again, literally, for Backstage's schema; backstage-backend's `configSchema.test.ts` ties the two).
 */
export type ConfiguredTrustedPublisher = PublicNewTrustedPublisher & {
  repository: string;
};

/** What adds a publisher, through the API or the configuration (`source` defaults to `api`). */
export type NewTrustedPublisher = ConfiguredTrustedPublisher & {
  createdBy?: string;
  source?: TrustedPublisher['source'];
};

/** The claims of a GitHub Actions OIDC token this registry reads; every other claim is kept as it came. */
export interface GitHubClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  jti: string;
  exp: number;
  iat: number;
  nbf?: number;
  repository: string;
  repository_id?: string;
  repository_owner: string;
  repository_owner_id: string;
  workflow_ref?: string;
  job_workflow_ref: string;
  sha: string;
  ref?: string;
  event_name?: string;
  environment?: string;
  run_id?: string;
  run_attempt?: string;
  runner_environment?: string;
  actor?: string;
  [claim: string]: unknown;
}

/**
 * What the registry knows about a file uploaded with a minted token: the claims it was verified with (the shape the
 * management API answers, from the common package) and the rows it ties together.
 */
export interface FileProvenance extends PublicFileProvenance {
  fileId: number;
  publisherId: string;
  repositoryId?: string;
}

/** The trusted-publishing settings of a registry. */
export interface OidcSettings {
  /** The `aud` a token must carry, answered by `GET /_/oidc/audience` (default `wheelhouse`). */
  audience: string;
  /** The token issuer (default GitHub's; GitHub Enterprise Server: `https://HOST/_services/token`). */
  issuer: string;
  /** Where the issuer's keys are; default: from its `/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** Lifetime of a minted upload token (default 900 s). */
  tokenLifetimeSeconds: number;
  /** Leeway for `exp`, `nbf` and `iat` (default 30 s). */
  clockToleranceSeconds: number;
  /** The web server of the issuer's repositories, for links (default https://github.com). */
  serverUrl: string;
  /** The least time between two fetches of the issuer's keys, also for unknown key ids (default 10 s). */
  jwksRefetchIntervalSeconds: number;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export const DEFAULT_OIDC_SETTINGS: OidcSettings = {
  audience: 'wheelhouse',
  issuer: GITHUB_ISSUER,
  tokenLifetimeSeconds: 900,
  clockToleranceSeconds: 30,
  serverUrl: 'https://github.com',
  jwksRefetchIntervalSeconds: 10,
};
