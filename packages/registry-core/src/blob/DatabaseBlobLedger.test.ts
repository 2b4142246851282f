import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  TEST_DATABASES,
  TestDatabase,
} from '../__testutils__/databases';
import { acquireLease, releaseLease } from '../db/leases';
import { migrateDatabase } from '../db/createDatabase';
import { ServiceUnavailableError } from '../errors';
import { DatabaseProjectStore } from '../store/DatabaseProjectStore';
import { BlobCollector } from './BlobCollector';
import { DatabaseBlobLedger } from './DatabaseBlobLedger';
import { LocalBlobStore } from './LocalBlobStore';
import { ensureStorageOwner, StorageOwnedError } from './storageOwner';

describe.each(TEST_DATABASES)('blob lifetime on %s', kind => {
  let database: TestDatabase;
  let directory: string;
  let blobs: LocalBlobStore;
  let ledger: DatabaseBlobLedger;
  let projects: DatabaseProjectStore;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await migrateDatabase(database.knex);
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-ledger-'));
    blobs = new LocalBlobStore({ directory });
    ledger = new DatabaseBlobLedger({ database: database.knex, blobs });
    projects = new DatabaseProjectStore(database.knex);
    await projects.syncRepositories([{ name: 'default', anonymousRead: true }]);
  });
  afterEach(async () => {
    await database.cleanup();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function storeBlob(text: string): Promise<string> {
    const key = crypto.createHash('sha256').update(text).digest('hex');
    const staged = path.join(directory, `staged-${key}`);
    fs.writeFileSync(staged, text);
    await blobs.putFile({ key, path: staged, size: text.length });
    return key;
  }

  function addFile(key: string, claim: string) {
    return projects.addFile({
      repository: 'default',
      project: 'demo',
      displayName: 'demo',
      version: '1.0.0',
      canonical: '1.0.0',
      claim,
      file: {
        filename: 'demo-1.0.0-py3-none-any.whl',
        filetype: 'bdist_wheel',
        size: 1,
        sha256: key,
        blake2_256: 'b'.repeat(64),
        md5: 'c'.repeat(32),
        uploadedAt: new Date().toISOString(),
      },
    });
  }

  it('keeps a claimed or referenced blob and removes it once nothing uses it', async () => {
    const key = await storeBlob('bytes');
    const claim = await ledger.claim([key]);
    expect(await ledger.collect(key)).toBe(false);
    await addFile(key, claim);
    // The row released the claim and references the blob now.
    expect(await database.knex('wh_blob_claims').count({ n: '*' })).toEqual([
      { n: kind === 'postgres' ? '0' : 0 },
    ]);
    expect(await ledger.collect(key)).toBe(false);
    expect(await blobs.stat(key)).toBeDefined();

    const unused = await storeBlob('unused');
    const other = await ledger.claim([unused]);
    await ledger.release(other);
    expect(await ledger.collect(unused)).toBe(true);
    expect(await blobs.stat(unused)).toBeUndefined();
  });

  it('drops dead claims, and an upload whose claim was dropped gets no row (503)', async () => {
    const key = await storeBlob('killed upload');
    const claim = await ledger.claim([key]);
    expect(await ledger.collect(key, { claimsBefore: '2000-01-01' })).toBe(
      false,
    );
    const later = new Date(Date.now() + 1000).toISOString();
    expect(await ledger.collect(key, { claimsBefore: later })).toBe(true);
    await expect(addFile(key, claim)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(await database.knex('wh_files').count({ n: '*' })).toEqual([
      { n: kind === 'postgres' ? '0' : 0 },
    ]);
  });

  it('the collector removes unknown and unreferenced blobs after the grace period, and logs them', async () => {
    const kept = await storeBlob('kept');
    await addFile(kept, await ledger.claim([kept]));
    const orphan = await storeBlob('orphan');
    const log: string[] = [];
    const collector = new BlobCollector({
      database: database.knex,
      blobs,
      ledger,
      stagingDirectory: blobs.stagingDirectory,
      gracePeriodMs: 0,
      log: message => log.push(message),
    });
    // First run: finds the orphan, starts its grace period; second: removes it.
    expect(await collector.run()).toMatchObject({ removed: [], discovered: 1 });
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(await collector.run()).toMatchObject({ removed: [orphan] });
    expect(await blobs.stat(orphan)).toBeUndefined();
    expect(await blobs.stat(kept)).toBeDefined();
    expect(log.join('\n')).toContain(orphan);
  });

  it('a lease is held by one holder at a time', async () => {
    const db = database.knex;
    const lease = { name: 'job', ttlMs: 60_000 };
    expect(await acquireLease(db, { ...lease, holder: 'a' })).toBe(true);
    expect(await acquireLease(db, { ...lease, holder: 'b' })).toBe(false);
    expect(await acquireLease(db, { ...lease, holder: 'a' })).toBe(true);
    await releaseLease(db, { name: 'job', holder: 'a' });
    expect(await acquireLease(db, { ...lease, holder: 'b' })).toBe(true);
  });

  it('a storage location belongs to the first database; another is refused', async () => {
    await ensureStorageOwner({ database: database.knex, blobs });
    await ensureStorageOwner({ database: database.knex, blobs });
    const other = await createTestDatabase(kind);
    try {
      await migrateDatabase(other.knex);
      await expect(
        ensureStorageOwner({ database: other.knex, blobs }),
      ).rejects.toBeInstanceOf(StorageOwnedError);
    } finally {
      await other.cleanup();
    }
  });
});
