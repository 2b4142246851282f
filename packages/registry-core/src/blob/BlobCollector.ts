import crypto from 'node:crypto';
import os from 'node:os';
import { Knex } from 'knex';
import { acquireLease, releaseLease } from '../db/leases';
import { sweepStagingDirectory } from '../upload/StagingFile';
import { BlobStore } from './BlobStore';
import { DatabaseBlobLedger } from './DatabaseBlobLedger';

/** How long an unreferenced blob, a claim or a staging file is left alone before it counts as garbage. */
export const DEFAULT_BLOB_GRACE_PERIOD_MS = 60 * 60 * 1000;
/** How often the collector runs (one replica at a time). */
export const DEFAULT_BLOB_COLLECTION_INTERVAL_MS = 60 * 60 * 1000;

const LEASE = 'blob-collector';
/** Blobs looked at per run; the next run goes on. */
const BATCH = 1000;

export interface BlobCollectorOptions {
  database: Knex;
  blobs: BlobStore;
  ledger: DatabaseBlobLedger;
  /** Staging files older than the grace period are leftovers of killed uploads. */
  stagingDirectory: string;
  gracePeriodMs?: number;
  log?: (message: string) => void;
}

/** What one run removed. */
export interface CollectionReport {
  /** Blobs removed from the store: leftovers of purges, rejected or killed uploads, and blobs nothing knew of. */
  removed: string[];
  /** Blobs found in the store that the database did not know; removed by a later run after the grace period. */
  discovered: number;
  /** Staging files removed. */
  staging: number;
  /** Whether this process held the lease (else another replica collects blobs this time). */
  leased: boolean;
}

/**
 * The global garbage collector of the blob store: removes blobs no file row references and no live claim holds,
 * once they have been left alone for the grace period, and stale staging files. One replica runs at a time (a
 * lease row in the database); every removal is logged.
 */
export class BlobCollector {
  private readonly holder = `${os.hostname()}/${process.pid}/${crypto.randomBytes(4).toString('hex')}`;

  constructor(private readonly options: BlobCollectorOptions) {}

  get gracePeriodMs(): number {
    return this.options.gracePeriodMs ?? DEFAULT_BLOB_GRACE_PERIOD_MS;
  }

  /** One run: the staging directory on every replica (it may be local to each), blobs under the lease. */
  async run(): Promise<CollectionReport> {
    const { database, blobs, ledger, log } = this.options;
    const report: CollectionReport = {
      removed: [],
      discovered: 0,
      staging: await sweepStagingDirectory(
        this.options.stagingDirectory,
        this.gracePeriodMs,
      ),
      leased: false,
    };
    if (report.staging)
      log?.(`Blob collector removed ${report.staging} stale staging file(s)`);
    const lease = { name: LEASE, holder: this.holder };
    if (!(await acquireLease(database, { ...lease, ttlMs: 15 * 60_000 })))
      return report;
    report.leased = true;
    try {
      const before = new Date(Date.now() - this.gracePeriodMs).toISOString();
      for (const key of await ledger.candidates(before, BATCH)) {
        if (await ledger.collect(key, { claimsBefore: before })) {
          report.removed.push(key);
          log?.(`Blob collector removed unreferenced blob ${key}`);
        }
      }
      if (blobs.list) {
        const keys: string[] = [];
        for await (const key of blobs.list()) keys.push(key);
        report.discovered = await ledger.discover(keys);
      }
      if (report.discovered)
        log?.(
          `Blob collector found ${report.discovered} blob(s) no row knew of; they go after the grace period`,
        );
      return report;
    } finally {
      await releaseLease(database, lease).catch(() => undefined);
    }
  }
}
