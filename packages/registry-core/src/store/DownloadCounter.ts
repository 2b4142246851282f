import { PackageStore } from './PackageStore';

/**
 * Counts downloads in memory and writes them in one batch, so serving a file never waits on a database write.
 * A crash loses at most one flush interval of counts, which is acceptable for statistics.
 */
export class DownloadCounter {
  private pending = new Map<string, { fileId: number; day: string; count: number }>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Pick<PackageStore, 'addDownloads'>) {}

  count(fileId: number, at = new Date()): void {
    const day = at.toISOString().slice(0, 10);
    const key = `${fileId}/${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { fileId, day, count: 1 });
  }

  get pendingCount(): number {
    let total = 0;
    for (const entry of this.pending.values()) total += entry.count;
    return total;
  }

  /** Writes what has been counted so far. Flushes run one after another; a failed batch is kept for the next. */
  flush(): Promise<void> {
    // A failed earlier flush must not stop this one: its counts were put back into `pending`.
    this.flushing = this.flushing.catch(() => undefined).then(async () => {
      if (!this.pending.size) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.store.addDownloads([...batch.values()]);
      } catch (error) {
        for (const [key, entry] of batch) {
          const current = this.pending.get(key);
          if (current) current.count += entry.count;
          else this.pending.set(key, entry);
        }
        throw error;
      }
    });
    return this.flushing;
  }
}
