import { Knex } from 'knex';
import { DatabaseTokenStore } from '../auth/DatabaseTokenStore';
import { MintError } from './errors';
import { GitHubClaims } from './types';

/** What one minted token may upload: a project of a repository, through the publisher that matched. */
export interface Grant {
  repository: string;
  project: string;
  publisherId: string;
  /** Granted by a pending publisher: the project may not exist yet. */
  pending: boolean;
}

export interface MintedToken {
  tokenId: string;
  issuer: string;
  claims: GitHubClaims;
  grants: Grant[];
}

/**
 * Tokens minted by trusted publishing, with the claims they were minted for and the projects they may upload, and
 * the JWT ids already exchanged. A minted token is an ordinary registry token (publish scope, its repositories,
 * a short expiry) plus these rows, written in one transaction so that no token exists without its limits.
 */
export class MintedTokenStore {
  constructor(private readonly db: Knex) {}

  async mint(request: {
    name: string;
    owner: string;
    issuer: string;
    claims: GitHubClaims;
    grants: Grant[];
    expiresAt: Date;
  }): Promise<{ token: string; tokenId: string }> {
    const now = new Date().toISOString();
    return this.db.transaction(async trx => {
      // Forget ids whose tokens have expired anyway; an expired token is refused before its jti is looked at.
      await trx('wh_oidc_jtis').where('expires_at', '<', now).delete();
      try {
        await trx('wh_oidc_jtis').insert({
          jti: request.claims.jti,
          // Kept a day past the token's expiry: more than any clock leeway.
          expires_at: new Date(
            request.claims.exp * 1000 + 86_400_000,
          ).toISOString(),
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new MintError(
            'invalid-token',
            `This OIDC token (jti ${request.claims.jti}) was already exchanged; each token is accepted once: request a new one`,
          );
        throw error;
      }
      const { token, record } = await new DatabaseTokenStore(trx).create({
        name: request.name,
        owner: request.owner,
        scopes: ['publish'],
        repositories: [...new Set(request.grants.map(g => g.repository))],
        expiresAt: request.expiresAt.toISOString(),
      });
      await trx('wh_oidc_minted_tokens').insert({
        token_id: record.id,
        issuer: request.issuer,
        claims: JSON.stringify(request.claims),
        created_at: now,
      });
      await trx('wh_oidc_token_grants').insert(
        request.grants.map(grant => ({
          token_id: record.id,
          repository: grant.repository,
          project: grant.project,
          publisher_id: grant.publisherId,
          pending: grant.pending,
        })),
      );
      return { token, tokenId: record.id };
    });
  }

  /** The minted token with this id; undefined for tokens made any other way. */
  async get(tokenId: string): Promise<MintedToken | undefined> {
    const row = await this.db('wh_oidc_minted_tokens')
      .where({ token_id: tokenId })
      .first();
    if (!row) return undefined;
    const grants = await this.db('wh_oidc_token_grants').where({
      token_id: tokenId,
    });
    return {
      tokenId,
      issuer: row.issuer,
      claims: JSON.parse(row.claims),
      grants: grants.map(grant => ({
        repository: grant.repository,
        project: grant.project,
        publisherId: grant.publisher_id,
        pending: Boolean(grant.pending),
      })),
    };
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === '23505' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'))
  );
}
