import crypto from 'node:crypto';
import { Knex } from 'knex';
import { isPypiScope } from '@wheelhouse/backstage-plugin-pypi-common';
import { NewToken, TokenRecord, TokenStore } from './TokenStore';

const TOKEN_PREFIX = 'whl_';
/** last_used_at is written at most this often per token, keeping auth off the write path. */
const TOUCH_INTERVAL_MS = 60_000;

const hash = (secret: string) =>
  crypto.createHash('sha256').update(secret).digest('hex');

/** TokenStore on a knex database. Tokens look like `whl_<id>_<secret>`; the id is public, the rest is hashed. */
export class DatabaseTokenStore implements TokenStore {
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Knex) {}

  async create(
    input: NewToken,
  ): Promise<{ token: string; record: TokenRecord }> {
    const id = crypto.randomBytes(6).toString('hex');
    const token = `${TOKEN_PREFIX}${id}_${crypto.randomBytes(24).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    await this.db('wh_tokens').insert({
      id,
      name: input.name,
      hash: hash(token),
      scopes: input.scopes.join(','),
      repositories: input.repositories?.length
        ? input.repositories.join(',')
        : null,
      owner: input.owner ?? null,
      created_at: createdAt,
      expires_at: input.expiresAt ?? null,
    });
    return { token, record: (await this.get(id))! };
  }

  async verify(secret: string): Promise<TokenRecord | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200)
      return undefined;
    const row = await this.db('wh_tokens')
      .where({ hash: hash(secret) })
      .first();
    if (!row) return undefined;
    const record = toRecord(row);
    const nowIso = new Date().toISOString();
    if (record.revokedAt || (record.expiresAt && record.expiresAt <= nowIso))
      return undefined;
    const last = this.touched.get(record.id) ?? 0;
    if (Date.now() - last > TOUCH_INTERVAL_MS) {
      this.touched.set(record.id, Date.now());
      await this.db('wh_tokens')
        .where({ id: record.id })
        .update({ last_used_at: nowIso });
    }
    return record;
  }

  async list(options?: { owner?: string }): Promise<TokenRecord[]> {
    const query = this.db('wh_tokens').orderBy('created_at', 'desc');
    if (options?.owner !== undefined) query.where({ owner: options.owner });
    return (await query).map(toRecord);
  }

  async get(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db('wh_tokens').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    const updated = await this.db('wh_tokens')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date().toISOString() });
    return updated > 0;
  }
}

function toRecord(row: Record<string, any>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: String(row.scopes).split(',').filter(isPypiScope),
    repositories: row.repositories
      ? String(row.repositories).split(',')
      : undefined,
    owner: row.owner ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    lastUsedAt: row.last_used_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}
