import { Knex } from 'knex';
import { InputError } from '../errors';
import { now } from './clock';
import { CustomMetadataStore } from './ProjectStore';
import { toCustomMetadata } from './rows';
import { DbCustomMetadataRow, DbVersionsRow } from './tables';
import { CustomMetadataEntry } from './types';

/** CustomMetadataStore on a knex database. */
export class DatabaseCustomMetadataStore implements CustomMetadataStore {
  constructor(private readonly db: Knex) {}

  async getCustomMetadata(versionId: number): Promise<CustomMetadataEntry[]> {
    const rows = await this.db<DbCustomMetadataRow>('wh_custom_metadata')
      .where({ version_id: versionId })
      .orderBy('key');
    return rows.map(toCustomMetadata);
  }

  async updateCustomMetadata(
    versionId: number,
    change: {
      set: Record<string, string>;
      remove: string[];
      by?: string;
      maxEntries: number;
    },
  ): Promise<CustomMetadataEntry[]> {
    await this.db.transaction(async trx => {
      const timestamp = now();
      if (change.remove.length) {
        await trx<DbCustomMetadataRow>('wh_custom_metadata')
          .where({ version_id: versionId })
          .whereIn('key', change.remove)
          .delete();
      }
      for (const [key, value] of Object.entries(change.set)) {
        await trx<DbCustomMetadataRow>('wh_custom_metadata')
          .insert({
            version_id: versionId,
            key,
            value,
            updated_by: change.by ?? null,
            updated_at: timestamp,
          })
          .onConflict(['version_id', 'key'])
          .merge(['value', 'updated_by', 'updated_at']);
      }
      const [{ count }] = await trx<DbCustomMetadataRow>('wh_custom_metadata')
        .where({ version_id: versionId })
        .count({ count: '*' });
      if (Number(count) > change.maxEntries) {
        // Thrown inside the transaction so nothing of the change is kept.
        throw new InputError(
          `A version can hold at most ${change.maxEntries} custom metadata entries`,
        );
      }
      await trx<DbVersionsRow>('wh_versions')
        .where({ id: versionId })
        .update({ updated_at: timestamp });
    });
    return this.getCustomMetadata(versionId);
  }
}
