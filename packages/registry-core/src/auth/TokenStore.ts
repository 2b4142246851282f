import { PypiScope } from '@wheelhouse/backstage-plugin-pypi-common';

export interface TokenRecord {
  id: string;
  name: string;
  scopes: PypiScope[];
  /** Repositories the token is limited to; undefined means every repository. */
  repositories?: string[];
  owner?: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface NewToken {
  name: string;
  scopes: PypiScope[];
  repositories?: string[];
  owner?: string;
  expiresAt?: string;
}

/** Registry API tokens. Only a hash of each secret is kept; the secret is shown once, at creation. */
export interface TokenStore {
  create(token: NewToken): Promise<{ token: string; record: TokenRecord }>;
  /** The live (not revoked, not expired) token with this secret, if any. */
  verify(secret: string): Promise<TokenRecord | undefined>;
  list(options?: { owner?: string }): Promise<TokenRecord[]>;
  get(id: string): Promise<TokenRecord | undefined>;
  revoke(id: string): Promise<boolean>;
}
