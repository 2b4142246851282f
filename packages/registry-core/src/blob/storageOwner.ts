import { Knex } from 'knex';
import { BlobStore } from './BlobStore';

/** Thrown at start when the storage belongs to another database: its purges would delete this one's files. */
export class StorageOwnedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageOwnedError';
  }
}

/** This database's id (wh_settings, created by migration 20261201_050). */
export async function databaseId(database: Knex): Promise<string> {
  const row = await database('wh_settings')
    .where({ key: 'database_id' })
    .first('value');
  if (!row)
    throw new Error('wh_settings has no database_id: run the migrations');
  return row.value;
}

/**
 * One storage location, one database: the store's marker names the database that owns it. A store without one is
 * taken (the marker written); a store marked by another database is refused with a message that says what to do.
 */
export async function ensureStorageOwner(options: {
  database: Knex;
  blobs: BlobStore;
}): Promise<void> {
  const id = await databaseId(options.database);
  let marker = await options.blobs.readMarker();
  if (marker === undefined) {
    await options.blobs.createMarker(
      `${JSON.stringify({ databaseId: id, createdAt: new Date().toISOString() })}\n`,
    );
    marker = await options.blobs.readMarker();
  }
  let owner: unknown;
  try {
    owner = JSON.parse(marker ?? '')?.databaseId;
  } catch {
    owner = undefined;
  }
  if (owner !== id) {
    throw new StorageOwnedError(
      `The storage ${options.blobs.location} belongs to another Wheelhouse database (${String(owner)}; this database is ${id}). ` +
        "Two databases on one storage delete each other's files: give this registry a storage location of its own, or " +
        `connect it to the database that owns this one (the owner is recorded in ${options.blobs.location.startsWith('s3://') ? '' : 'the file '}wheelhouse-owner.json there).`,
    );
  }
}
