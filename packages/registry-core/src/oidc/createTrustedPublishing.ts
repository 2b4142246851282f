import { Knex } from 'knex';
import { AuditLog } from '../store/AuditLog';
import { ListingStore, RepositoryStore } from '../store/ProjectStore';
import { DatabasePublisherStore } from './DatabasePublisherStore';
import { MintedTokenStore } from './MintedTokenStore';
import { MintService } from './MintService';
import { ProvenanceStore } from './ProvenanceStore';
import { PublisherStore } from './PublisherStore';
import { RemoteKeySet } from './RemoteKeySet';
import { TrustedUploadGuard } from './TrustedUploadGuard';
import {
  DEFAULT_OIDC_SETTINGS,
  NewTrustedPublisher,
  OidcSettings,
} from './types';

/** Trusted publishing, assembled: settings, stores, the exchange, and the guard the upload path calls. */
export interface TrustedPublishing {
  settings: OidcSettings;
  keys: RemoteKeySet;
  publishers: PublisherStore;
  provenance: ProvenanceStore;
  mint: MintService;
  guard: TrustedUploadGuard;
}

export async function createTrustedPublishing(options: {
  database: Knex;
  projects: ListingStore & RepositoryStore;
  audit: AuditLog;
  settings?: Partial<OidcSettings>;
  /** Publishers from the configuration; they replace the configured ones of an earlier start. */
  configured?: NewTrustedPublisher[];
}): Promise<TrustedPublishing> {
  const settings: OidcSettings = {
    ...DEFAULT_OIDC_SETTINGS,
    ...Object.fromEntries(
      Object.entries(options.settings ?? {}).filter(([, v]) => v !== undefined),
    ),
  };
  const publishers = new DatabasePublisherStore(options.database);
  for (const publisher of options.configured ?? []) {
    if (
      !(await options.projects.listRepositories()).some(
        r => r.name === publisher.repository,
      )
    )
      throw new Error(
        `A trusted publisher names repository ${publisher.repository}, which is not configured`,
      );
  }
  if (options.configured)
    await publishers.syncConfigured(
      options.configured,
      async publisher =>
        !(await options.projects.getProject(
          publisher.repository,
          publisher.project,
        )),
    );
  const keys = new RemoteKeySet({
    issuer: settings.issuer,
    jwksUrl: settings.jwksUrl,
    minRefetchIntervalMs: settings.jwksRefetchIntervalSeconds * 1000,
  });
  const minted = new MintedTokenStore(options.database);
  const provenance = new ProvenanceStore(options.database, settings);
  return {
    settings,
    keys,
    publishers,
    provenance,
    mint: new MintService({
      settings,
      keys,
      publishers,
      minted,
      projects: options.projects,
      audit: options.audit,
    }),
    guard: new TrustedUploadGuard({
      minted,
      publishers,
      provenance,
      projects: options.projects,
    }),
  };
}
