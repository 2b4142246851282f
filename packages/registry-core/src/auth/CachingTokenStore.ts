import crypto from 'node:crypto';
import { ChangeFeed, RegistryChange } from '../events/ChangeFeed';
import { NewToken, TokenRecord, TokenStore } from './TokenStore';

export interface CachingTokenStoreOptions {
  tokens: TokenStore;
  /** Where revocations are published, and heard from other replicas. */
  changes: ChangeFeed;
  /** How long a verification is reused without a change event (default DEFAULT_TOKEN_CACHE_TTL_MS). */
  ttlMs?: number;
  /** Verifications kept at most (default 10,000); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_TOKEN_CACHE_TTL_MS = 30_000;

interface Entry {
  record: TokenRecord;
  expiresAt: number;
}

/**
 * Token verification from memory: a verified token is not looked up again for a while, so that authorizing a
 * download costs a hash rather than a database round trip. A revocation (through any TokenStore method here, or
 * reported by another replica on the change feed) drops the token's verifications before `revoke` returns; a token's
 * own expiry is checked on every use. Failed verifications are not kept (anything could be sent). `last_used_at` is
 * written when the inner store verifies, so it lags by up to the TTL more than before.
 */
export class CachingTokenStore implements TokenStore {
  private readonly verified = new Map<string, Entry>();
  /** Bumped by every token change; a verification stores its result only if none happened meanwhile. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: CachingTokenStoreOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TOKEN_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    options.changes.subscribe(change => this.apply(change));
  }

  async verify(secret: string): Promise<TokenRecord | undefined> {
    const key = crypto.createHash('sha256').update(secret).digest('base64');
    const kept = this.verified.get(key);
    const now = this.now();
    if (kept) {
      const { record } = kept;
      if (
        kept.expiresAt > now &&
        (!record.expiresAt || record.expiresAt > new Date(now).toISOString())
      )
        return record;
      this.verified.delete(key);
    }
    const generation = this.generation;
    const record = await this.options.tokens.verify(secret);
    if (record && generation === this.generation) {
      this.verified.set(key, { record, expiresAt: now + this.ttlMs });
      if (this.verified.size > this.maxEntries)
        this.verified.delete(this.verified.keys().next().value as string);
    }
    return record;
  }

  create(input: NewToken): Promise<{ token: string; record: TokenRecord }> {
    return this.options.tokens.create(input);
  }

  list(options?: { owner?: string }): Promise<TokenRecord[]> {
    return this.options.tokens.list(options);
  }

  get(id: string): Promise<TokenRecord | undefined> {
    return this.options.tokens.get(id);
  }

  async revoke(id: string): Promise<boolean> {
    const revoked = await this.options.tokens.revoke(id);
    this.options.changes.publish({ type: 'token', tokenId: id });
    return revoked;
  }

  private apply(change: RegistryChange): void {
    if (change.type !== 'token' && change.type !== 'all') return;
    this.generation += 1;
    for (const [key, entry] of this.verified)
      if (change.type === 'all' || entry.record.id === change.tokenId)
        this.verified.delete(key);
  }
}
