import crypto from 'node:crypto';
import { Knex } from 'knex';
import { BlobLedger } from './BlobLedger';
import { BlobStore } from './BlobStore';

const now = () => new Date().toISOString();
/** Keys per statement: well under SQLite's limit on variables. */
const BATCH = 400;

/** BlobLedger in wh_blobs and wh_blob_claims (migration 20261201_050). */
export class DatabaseBlobLedger implements BlobLedger {
  constructor(private readonly options: { database: Knex; blobs: BlobStore }) {}

  async claim(keys: string[]): Promise<string> {
    const claim = crypto.randomUUID();
    const at = now();
    await this.options.database.transaction(async trx => {
      // The upsert takes each blob's row lock (in key order: no deadlock), so a collector deleting one of them
      // finishes first, and then the caller finds the blob absent and stores it again.
      for (const sha256 of [...new Set(keys)].sort()) {
        await trx('wh_blobs')
          .insert({ sha256, touched_at: at })
          .onConflict('sha256')
          .merge(['touched_at']);
        await trx('wh_blob_claims').insert({ claim, sha256, created_at: at });
      }
    });
    return claim;
  }

  async release(claim: string): Promise<void> {
    await this.options.database.transaction(async trx => {
      const keys = await trx('wh_blob_claims').where({ claim }).pluck('sha256');
      await trx('wh_blob_claims').where({ claim }).delete();
      if (keys.length)
        await trx('wh_blobs')
          .whereIn('sha256', keys)
          .update({ touched_at: now() });
    });
  }

  async collect(
    key: string,
    options?: { claimsBefore?: string },
  ): Promise<boolean> {
    return this.options.database.transaction(async trx => {
      await trx('wh_blobs')
        .insert({ sha256: key, touched_at: now() })
        .onConflict('sha256')
        .ignore();
      await trx('wh_blobs').where({ sha256: key }).forUpdate().first('sha256');
      if (options?.claimsBefore)
        await trx('wh_blob_claims')
          .where({ sha256: key })
          .where('created_at', '<', options.claimsBefore)
          .delete();
      // One statement, one snapshot: a file row replaces its claim atomically, so one of the two is seen.
      const result = await trx.raw(
        `select (exists (select 1 from wh_files where sha256 = ?) or exists (select 1 from wh_files where metadata_sha256 = ?) or exists (select 1 from wh_blob_claims where sha256 = ?)) as used`,
        [key, key, key],
      );
      // better-sqlite3 answers the rows, pg a result with them.
      const { used } = Array.isArray(result) ? result[0] : result.rows[0];
      if (used === true || Number(used) === 1) return false;
      // Deleted while the row lock is held: a claim of the same bytes waits until the blob is gone.
      await this.options.blobs.delete(key);
      await trx('wh_blobs').where({ sha256: key }).delete();
      return true;
    });
  }

  /** Keys the collector may try: unreferenced, unclaimed since `before`, and untouched since then. */
  async candidates(before: string, limit: number): Promise<string[]> {
    const db = this.options.database;
    return db('wh_blobs as b')
      .where('b.touched_at', '<', before)
      .whereNotExists(
        db('wh_files as f').select(db.raw('1')).whereRaw('f.sha256 = b.sha256'),
      )
      .whereNotExists(
        db('wh_files as f')
          .select(db.raw('1'))
          .whereRaw('f.metadata_sha256 = b.sha256'),
      )
      .whereNotExists(
        db('wh_blob_claims as c')
          .select(db.raw('1'))
          .whereRaw('c.sha256 = b.sha256')
          .where('c.created_at', '>=', before),
      )
      .orderBy('b.sha256')
      .limit(limit)
      .pluck('b.sha256');
  }

  /** Records blobs found in the store that the database does not know (leftovers): their grace period starts now. */
  async discover(keys: string[]): Promise<number> {
    let added = 0;
    const at = now();
    for (let index = 0; index < keys.length; index += BATCH) {
      const chunk = keys.slice(index, index + BATCH);
      const known = new Set<string>(
        await this.options
          .database('wh_blobs')
          .whereIn('sha256', chunk)
          .pluck('sha256'),
      );
      const unknown = chunk.filter(key => !known.has(key));
      if (!unknown.length) continue;
      await this.options
        .database('wh_blobs')
        .insert(unknown.map(sha256 => ({ sha256, touched_at: at })))
        .onConflict('sha256')
        .ignore();
      added += unknown.length;
    }
    return added;
  }
}
