import { RecycleBinService } from './RecycleBinService';

/** Who the audit trail names for versions purged by the retention period. */
export const RETENTION_ACTOR = 'retention';

/** How often the standalone server empties the recycle bins of expired versions (Backstage uses its scheduler). */
export const DEFAULT_RECYCLE_BIN_PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface RecycleBinCleanerOptions {
  /** The purge it runs. */
  recycleBin: Pick<RecycleBinService, 'purgeExpired'>;
  /** The repositories whose recycle bins are emptied, read at every run. */
  repositories: () => string[];
  /** Days a deleted version stays in the recycle bin. */
  retentionDays: number;
  log?: (message: string) => void;
}

/**
 * Retention of the recycle bin as its own task: purges, in every repository, the versions deleted longer ago than
 * the retention period. Both hosts run this one class (the standalone server on a timer, Backstage on its
 * scheduler); each purge is conditional on the version's state, so replicas running it together purge each version
 * once.
 */
export class RecycleBinCleaner {
  constructor(private readonly options: RecycleBinCleanerOptions) {}

  /** Purges what has expired; answers how many versions were purged. */
  async run(): Promise<number> {
    const { recycleBin, retentionDays, log } = this.options;
    let total = 0;
    for (const repository of this.options.repositories()) {
      const { purged } = await recycleBin.purgeExpired({
        repository,
        olderThanDays: retentionDays,
        actor: RETENTION_ACTOR,
      });
      total += purged.length;
      if (purged.length)
        log?.(
          `Purged ${purged.length} version(s) older than ${retentionDays} days from the recycle bin of ${repository}`,
        );
    }
    return total;
  }
}
